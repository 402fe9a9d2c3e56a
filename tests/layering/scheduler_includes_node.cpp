// Probe for the layering test: the scheduler includes its sibling the node layer, which
// must fail to build (siblings above the client layer do not see each other).
#include "engine/node/kubelet.h"
