#pragma once
// kubectl describe's PrefixWriter: levels of two-space indent, cells separated by tabs,
// aligned at the end by a tabwriter with padding 2.
#include <string>

#include <nlohmann/json.hpp>

#include "engine/sim/time.h"

namespace kubelab::kubectl {

class PrefixWriter
{
public:
    void write(int level, const std::string& text) { m_text += std::string(2 * level, ' ') + text; }
    void line(const std::string& text) { m_text += text + "\n"; }
    std::string finish() const;
    // The text before alignment: `rollout history --revision` prints it raw, as kubectl's
    // printTemplate does (its PrefixWriter has no tabwriter behind it).
    const std::string& raw() const { return m_text; }

    // printLabelsMultiline / printAnnotationsMultiline / tolerations / events.
    void labels(const std::string& title, const nlohmann::json& labels, int level = 0);
    void annotations(const std::string& title, const nlohmann::json& annotations, int level = 0);
    void tolerations(const std::string& title, const nlohmann::json& tolerations, int level = 0);
    void events(std::vector<nlohmann::json> events, sim::Time now);
    // Containers: block of a pod spec and, when given, their statuses.
    void containers(const std::string& title, const nlohmann::json& specs,
                    const nlohmann::json& statuses, int level);
    void volumes(const nlohmann::json& volumes, int level);

private:
    std::string m_text;
};

} // namespace kubelab::kubectl
