#include "engine/controllers/local_path_provisioner.h"

#include "engine/controllers/controller_util.h"
#include "engine/controllers/volume_binding.h"
#include "engine/model/json_view.h"

namespace kubelab::controllers {

namespace {

const char kClaims[] = "persistentvolumeclaims";
const char kVolumes[] = "persistentvolumes";

bool ours(const Json& claim)
{
    return model::textAt(model::memberAtPath(claim, "metadata.annotations"),
                         kAnnStorageProvisioner) == LocalPathProvisioner::kProvisioner;
}

bool releasedOurs(const Json& volume)
{
    return model::textAtPath(volume, "status.phase") == "Released" &&
           model::textAtPath(volume, "spec.persistentVolumeReclaimPolicy") == "Delete" &&
           model::textAt(model::memberAtPath(volume, "metadata.annotations"),
                         kAnnProvisionedBy) == LocalPathProvisioner::kProvisioner;
}

} // namespace

Json LocalPathProvisioner::volumeFor(const Json& claim, const std::string& node,
                                     const std::string& reclaimPolicy)
{
    const std::string name = "pvc-" + uidOf(claim);
    const Json& meta = model::memberAt(claim, "metadata");
    return {{"apiVersion", "v1"},
            {"kind", "PersistentVolume"},
            {"metadata",
             {{"name", name},
              {"annotations",
               {{"local.path.provisioner/selected-node", node},
                {kAnnProvisionedBy, kProvisioner}}}}},
            {"spec",
             {{"accessModes", model::memberAtPath(claim, "spec.accessModes")},
              {"capacity",
               {{"storage", model::memberAtPath(claim, "spec.resources.requests.storage")}}},
              {"claimRef",
               {{"apiVersion", "v1"},
                {"kind", "PersistentVolumeClaim"},
                {"name", model::textAt(meta, "name")},
                {"namespace", model::textAt(meta, "namespace")},
                {"resourceVersion", model::textAt(meta, "resourceVersion")},
                {"uid", model::textAt(meta, "uid")}}},
              {"hostPath",
               {{"path", std::string(kBasePath) + "/" + name + "_" + model::textAt(meta, "namespace") +
                             "_" + model::textAt(meta, "name")},
                {"type", "DirectoryOrCreate"}}},
              {"nodeAffinity",
               {{"required",
                 {{"nodeSelectorTerms",
                   {{{"matchExpressions",
                      {{{"key", "kubernetes.io/hostname"},
                        {"operator", "In"},
                        {"values", {node}}}}}}}}}}}},
              {"persistentVolumeReclaimPolicy", reclaimPolicy},
              {"storageClassName", claimClass(claim)},
              {"volumeMode", model::memberAtPath(claim, "spec.volumeMode")}}}};
}

void LocalPathProvisioner::onWatchEvent(const ControllerHost&, const std::string& informer,
                                        const std::string& type, const Json& object, const Json&)
{
    if (type == "DELETED")
        return;
    if (informer == kClaims && ours(object) &&
        model::textAtPath(object, "spec.volumeName").empty())
        m_queue.add("claim/" + keyOf(object));
    else if (informer == kVolumes && releasedOurs(object))
        m_queue.add("volume/" + nameOf(object));
}

void LocalPathProvisioner::onSynced(const ControllerHost& host)
{
    for (const auto& [key, claim] : host.cache(kClaims).objects())
        onWatchEvent(host, kClaims, "ADDED", claim, nullptr);
    for (const auto& [key, volume] : host.cache(kVolumes).objects())
        onWatchEvent(host, kVolumes, "ADDED", volume, nullptr);
}

void LocalPathProvisioner::reconcile(ControllerHost& host, sim::Context& ctx,
                                     const std::string& key)
{
    if (key.rfind("claim/", 0) == 0)
        provision(host, ctx, key);
    else if (key.rfind("volume/", 0) == 0)
        reclaim(host, ctx, key);
}

void LocalPathProvisioner::provision(ControllerHost& host, sim::Context& ctx,
                                     const std::string& key)
{
    const std::string claimKey = key.substr(6);
    const Json* claim = host.cache(kClaims).get(claimKey);
    const std::string target = "persistentvolumeclaims/" + claimKey;
    if (!claim || isDeleting(*claim) || !ours(*claim) ||
        !model::textAtPath(*claim, "spec.volumeName").empty() ||
        host.cache(kVolumes).get("pvc-" + uidOf(*claim))) {
        m_helpers.erase(key);
        ctx.describe("controller.reconcile", target,
                     std::string(kName) + ": nothing to provision for " + claimKey);
        return;
    }
    const Json* storageClass = host.cache("storageclasses").get(claimClass(*claim));
    const std::string node = model::textAt(model::memberAtPath(*claim, "metadata.annotations"),
                                           kAnnSelectedNode);
    if (!storageClass || node.empty()) {
        // local-path needs a node: a claim of an Immediate class has none.
        host.event(ctx, kComponent, *claim, "Warning", "ProvisioningFailed",
                   storageClass ? "configuration error, no node was specified"
                                : "storageclass.storage.k8s.io \"" + claimClass(*claim) +
                                      "\" not found");
        return;
    }
    auto helper = m_helpers.find(key);
    if (helper == m_helpers.end()) {
        host.event(ctx, kComponent, *claim, "Normal", "Provisioning",
                   "External provisioner is provisioning volume for claim \"" + claimKey + "\"");
        m_helpers[key] = ctx.now() + kHelperTime;
        host.requeueAfter(ctx, kName, key, kHelperTime);
        return;
    }
    if (ctx.now() < helper->second) {
        host.requeueAfter(ctx, kName, key, helper->second - ctx.now());
        return;
    }
    m_helpers.erase(helper);
    std::string reclaimPolicy = model::textAt(*storageClass, "reclaimPolicy");
    if (reclaimPolicy.empty())
        reclaimPolicy = "Delete";
    api::Request r;
    r.verb = "create";
    r.resource = kVolumes;
    r.body = volumeFor(*claim, node, reclaimPolicy);
    const std::string volume = "pvc-" + uidOf(*claim);
    host.call(ctx, kName, std::move(r),
              {{"op", "create"}, {"key", key}, {"claim", claimKey}, {"volume", volume}});
}

void LocalPathProvisioner::reclaim(ControllerHost& host, sim::Context& ctx, const std::string& key)
{
    const std::string name = key.substr(7);
    const Json* volume = host.cache(kVolumes).get(name);
    if (!volume || isDeleting(*volume) || !releasedOurs(*volume)) {
        m_helpers.erase(key);
        ctx.describe("controller.reconcile", "persistentvolumes/" + name,
                     std::string(kName) + ": nothing to delete for " + name);
        return;
    }
    // The helper pod removes the directory first, then the volume object goes.
    auto helper = m_helpers.find(key);
    if (helper == m_helpers.end() || ctx.now() < helper->second) {
        if (helper == m_helpers.end())
            helper = m_helpers.emplace(key, ctx.now() + kHelperTime).first;
        host.requeueAfter(ctx, kName, key, helper->second - ctx.now());
        return;
    }
    m_helpers.erase(helper);
    api::Request r;
    r.verb = "delete";
    r.resource = kVolumes;
    r.name = name;
    host.call(ctx, kName, std::move(r), {{"op", "delete"}, {"key", key}, {"volume", name}});
}

void LocalPathProvisioner::onResponse(ControllerHost& host, sim::Context& ctx, const Json& tag,
                                      const api::Response& response)
{
    const std::string op = tag.value("op", "");
    const std::string volume = tag.value("volume", "");
    if (op == "create") {
        const Json* claim = host.cache(kClaims).get(tag.value("claim", ""));
        if (response.ok() || response.code == 409) {
            if (claim)
                host.event(ctx, kComponent, *claim, "Normal", "ProvisioningSucceeded",
                           "Successfully provisioned volume " + volume);
            return;
        }
        if (claim)
            host.event(ctx, kComponent, *claim, "Warning", "ProvisioningFailed",
                       "failed to provision volume with StorageClass \"" + claimClass(*claim) +
                           "\": " + response.body.value("message", ""));
        retry(host, ctx, tag.value("key", ""));
        return;
    }
    if (!response.ok() && response.code != 404)
        retry(host, ctx, tag.value("key", ""));
    ctx.describe("controller.response", "persistentvolumes/" + volume,
                 std::string(kName) + ": delete volume " + volume + ": " +
                     std::to_string(response.code));
}

} // namespace kubelab::controllers
