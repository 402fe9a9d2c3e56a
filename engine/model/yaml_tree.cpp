#include "engine/model/yaml_tree.h"

#include "engine/model/decode.h"

namespace kubelab::model {

YAML::Node loadYamlTree(std::string_view text, const std::string& source)
{
    decodeDocuments(text, source);
    try {
        return YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
        throw DecodeError(source, e.mark.line + 1, e.mark.column + 1, e.msg);
    }
}

} // namespace kubelab::model
