#pragma once
// The catalogue's entries, in order: image_catalog_data.cpp.
#include <vector>

#include "engine/node/image_catalog.h"

namespace kubelab::node {
std::vector<ImageInfo> catalogEntries();
}
