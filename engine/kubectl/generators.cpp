#include "engine/kubectl/generators.h"

#include <map>

#include "engine/kubectl/object_util.h"

namespace kubelab::kubectl {

namespace {

// The container name kubectl derives from an image: last path part, tag/digest cut.
std::string containerNameFor(const std::string& image)
{
    std::string name = split(image, '/').back();
    name = split(name, ':').front();
    name = split(name, '@').front();
    for (char& c : name)
        if (c == '_')
            c = '-';
    return name;
}

} // namespace

Json makeDeployment(const std::string& name, const std::vector<std::string>& images,
                    std::int64_t replicas, std::int64_t port,
                    const std::vector<std::string>& command)
{
    Json labels = {{"app", name}};
    Json containers = Json::array();
    std::map<std::string, int> used;
    for (const std::string& image : images) {
        std::string cname = containerNameFor(image);
        if (int n = used[cname]++; n > 0)
            cname += "-" + std::to_string(n + 1);
        Json c = {{"image", image}, {"name", cname}, {"resources", Json::object()}};
        if (port >= 0)
            c["ports"] = Json::array({{{"containerPort", port}}});
        if (!command.empty())
            c["command"] = command;
        containers.push_back(c);
    }
    return {{"apiVersion", "apps/v1"},
            {"kind", "Deployment"},
            {"metadata", {{"creationTimestamp", nullptr}, {"labels", labels}, {"name", name}}},
            {"spec",
             {{"replicas", replicas},
              {"selector", {{"matchLabels", labels}}},
              {"strategy", Json::object()},
              {"template",
               {{"metadata", {{"creationTimestamp", nullptr}, {"labels", labels}}},
                {"spec", {{"containers", containers}}}}}}},
            {"status", Json::object()}};
}

Json makeNamespace(const std::string& name)
{
    return {{"apiVersion", "v1"},
            {"kind", "Namespace"},
            {"metadata", {{"creationTimestamp", nullptr}, {"name", name}}},
            {"spec", Json::object()},
            {"status", Json::object()}};
}

Json makePod(const std::string& name, const std::string& image, const Json& labels,
             std::int64_t port, const std::vector<std::string>& env,
             const std::string& restartPolicy)
{
    Json c = {{"image", image}, {"name", name}, {"resources", Json::object()}};
    if (!env.empty()) {
        Json e = Json::array();
        for (const std::string& kv : env) {
            auto eq = kv.find('=');
            e.push_back({{"name", kv.substr(0, eq)},
                         {"value", eq == std::string::npos ? "" : kv.substr(eq + 1)}});
        }
        c["env"] = e;
    }
    if (port >= 0)
        c["ports"] = Json::array({{{"containerPort", port}}});
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", {{"creationTimestamp", nullptr}, {"labels", labels}, {"name", name}}},
            {"spec",
             {{"containers", Json::array({c})},
              {"dnsPolicy", "ClusterFirst"},
              {"restartPolicy", restartPolicy}}},
            {"status", Json::object()}};
}

} // namespace kubelab::kubectl
