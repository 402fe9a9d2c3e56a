#pragma once
// core/v1 NodeSelector matching as component-helpers' MatchNodeSelectorTerms: a node
// matches when any term matches, a term when all its requirements hold (matchExpressions on
// labels, matchFields on metadata.name). Used for a PersistentVolume's required node
// affinity by the binder (controllers) and VolumeBinding (scheduler).
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace kubelab::model {

// `nodeSelector` is a NodeSelector ({nodeSelectorTerms: [...]}); null or no terms match
// every node. An empty term matches none.
bool nodeSelectorMatches(const nlohmann::json& nodeSelector,
                         const std::map<std::string, std::string>& labels,
                         const std::string& nodeName);

} // namespace kubelab::model
