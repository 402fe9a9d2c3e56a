// Probe for the layering test: the node layer includes the cluster layer above it, which
// must fail to build.
#include "engine/cluster/cluster.h"
