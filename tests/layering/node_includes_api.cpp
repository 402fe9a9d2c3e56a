// Probe for the layering test: the node layer includes a layer below it, which builds.
#include "engine/api/request.h"
