#pragma once
// A YAML document as yaml-cpp's tree, for decoders that walk it by hand (a cluster file,
// a lab) and need each node's mark for file:line:column errors.
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace kubelab::model {

// Checks `text` with decodeDocuments (its limits stop alias bombs, huge or deep input and
// control characters) and then loads it with yaml-cpp. Throws DecodeError.
YAML::Node loadYamlTree(std::string_view text, const std::string& source);

} // namespace kubelab::model
