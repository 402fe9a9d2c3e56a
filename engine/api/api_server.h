#pragma once
// The API server as an actor: the only door to the cluster store. It takes api.request
// messages (from kubectl, controllers, kubelets, later the HTTPS front), runs admission
// (defaulting, validation, namespace lifecycle), reads and writes etcd through messages,
// keeps a watch cache fed by one etcd watch, and streams watch events to clients.
//
// Messages in:  api.request {id, request}      api.watch.cancel {watch_id}
//               etcd.*.result, etcd.watch.events (from its etcd member)
//               kubelet.logs.result {id, code, text|message}
// Messages out: api.response {id, response}    api.watch.event {watch_id, request_id,
//               type, object}                  kubelet.logs {id, namespace, name,
//               container, previous, tailLines} to "kubelet-<node>"
// Subresources: pods/binding and pods/eviction (POST), pods/log (GET, proxied to the
// kubelet), */status (PUT/PATCH).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/api/cache_watcher.h"
#include "engine/api/request.h"
#include "engine/api/watch_cache.h"
#include "engine/model/kinds.h"
#include "engine/sim/actor.h"

namespace kubelab::api {

class ApiServer : public sim::ActorBase<ApiServer>
{
public:
    // `advertiseAddress` (--advertise-address): the control-plane node's IP, which the
    // `kubernetes` Service's EndpointSlice points at (port 6443).
    ApiServer(std::string name, std::string etcdMember, std::string advertiseAddress = {});

    // With CoreDNS (Topology's `dns: coredns`), bootstrap also creates kubeadm's CoreDNS
    // addon in kube-system (coredns_addon.h), as `kubeadm init` does. Set before start.
    void setCoreDns(bool on) { m_coreDns = on; }

    void start(sim::Context& ctx) override;
    void receive(sim::Context& ctx, const sim::Message& message) override;

    // Read-only views for inspectors and tests: the watch cache (etcd key -> object with
    // resourceVersion set; no events, see watchCached) and the revision it has caught up
    // to. Objects are immutable and shared with watch events, informers and rewind
    // checkpoints.
    using CachedObject = WatchCache::CachedObject;
    const std::map<std::string, CachedObject>& cache() const { return m_watchCache.objects(); }
    std::int64_t cacheRevision() const { return m_watchCache.revision(); }

    // Objects the API server creates for itself when it starts, as kube-apiserver's
    // bootstrap controllers do: the system namespaces and the `kubernetes` Service.
    static constexpr const char* kSystemNamespaces[] = {"default", "kube-node-lease", "kube-public",
                                                        "kube-system"};

private:
    // Where an operation is, between the messages that carry it on.
    enum class Stage {
        Get,          // reading one object from etcd
        List,         // reading a list from etcd
        ListCache,    // asking etcd its revision, to answer a list from the watch cache
        WatchList,    // reading the initial state of an uncached watch from etcd
        Logs,         // waiting for the kubelet's logs
        CreateWrite,  // the create's transaction
        UpdateRead,   // update, patch, status: reading the current object
        UpdateWrite,  // update, patch, status: the compare-and-swap
        DeleteRead,   // delete, eviction: reading the current object
        DeleteWrite,  // delete, eviction: the delete, or the deletionTimestamp put
        BindingRead,  // pods/binding: reading the pod
        BindingWrite, // pods/binding: the compare-and-swap that sets spec.nodeName
    };
    // Whether the stage waits for a read of the object a write starts from.
    static bool readsCurrent(Stage s)
    {
        return s == Stage::UpdateRead || s == Stage::DeleteRead || s == Stage::BindingRead;
    }
    struct Pending
    {
        std::string client;
        nlohmann::json clientId;
        // Shared with the message it came in (a component's typed request): not copied.
        std::shared_ptr<const Request> request;
        Stage stage = Stage::Get;
        nlohmann::json object; // the object being written
        // The stored object read before a write (the watch cache's, shared, or etcd's).
        std::shared_ptr<const nlohmann::json> current;
        std::int64_t modRevision = 0;
        int attempts = 0;
        // GuaranteedUpdate's cached existing object: the first try starts from the watch
        // cache's copy (no etcd read); if that copy turns out stale (the write's compare
        // fails) or the try ends without a write, etcd is read and the try made again.
        bool cacheTried = false;
        bool fromCache = false;
        std::string watchId; // WatchList: the uncached watch whose initial list this is
    };
    // Sends the watch events of the watch cache and of uncached watches as messages.
    class EventSender final : public WatchSink
    {
    public:
        explicit EventSender(sim::Context& ctx) : m_ctx(ctx) {}
        void send(const std::string& client, nlohmann::json body,
                  std::shared_ptr<const nlohmann::json> object) override
        {
            m_ctx.send(client, "api.watch.event", std::move(body), std::move(object));
        }

    private:
        sim::Context& m_ctx;
    };

    // api_server.cpp: the actor's dispatch, request routing, bootstrap, the registry watch
    void handleRequest(sim::Context& ctx, const std::string& client, const nlohmann::json& id,
                       std::shared_ptr<const Request> request);
    void handleEtcdReply(sim::Context& ctx, const sim::Message& m);
    void handleEtcdWatch(sim::Context& ctx, const sim::Message& m);
    void reply(sim::Context& ctx, const std::string& client, const nlohmann::json& id, int code,
               nlohmann::json body, const Request& req);
    void reply(sim::Context& ctx, const std::string& client, const nlohmann::json& id, int code,
               std::shared_ptr<const nlohmann::json> body, const Request& req);
    void bootstrap(sim::Context& ctx);

    // api_server_read.cpp: get, list, watch, logs
    // A list's etcd read (or, for a consistent list, its revision); false if the request
    // was answered instead (a selector or continue token that does not parse).
    bool beginList(sim::Context& ctx, std::uint64_t op, Pending& p, const model::KindInfo& kind);
    void finishGet(sim::Context& ctx, std::uint64_t op, Pending& p, const nlohmann::json& res);
    void finishList(sim::Context& ctx, std::uint64_t op, Pending& p, const nlohmann::json& res);
    void finishListFromCache(sim::Context& ctx, std::uint64_t op, Pending& p,
                             const nlohmann::json& res);
    void startWatch(sim::Context& ctx, const std::string& client, const nlohmann::json& id,
                    const Request& req);
    // Watches of kinds the watch cache leaves out (events) are served from etcd, each
    // through its own etcd watch, as kube-apiserver does without a cacher.
    void startUncachedWatch(sim::Context& ctx, const std::string& wid, CacheWatcher& w);
    void finishUncachedWatchList(sim::Context& ctx, std::uint64_t op, Pending& p,
                                 const nlohmann::json& res);
    void handleUncachedWatch(sim::Context& ctx, const std::string& wid, const sim::Message& m);
    // The current object an update, delete or binding starts from: the watch cache's copy
    // on the first try, etcd's after (then it continues in afterRead).
    void sendRead(sim::Context& ctx, std::uint64_t op, Pending& p);
    void proxyLogs(sim::Context& ctx, const std::string& client, const nlohmann::json& id,
                   std::shared_ptr<const Request> request);
    void finishLogs(sim::Context& ctx, const sim::Message& m);

    // api_server_write.cpp: create, update, patch, delete
    void beginCreate(sim::Context& ctx, const std::string& client, const nlohmann::json& id,
                     std::shared_ptr<const Request> request, const model::KindInfo& kind);
    void continueWrite(sim::Context& ctx, std::uint64_t op, Pending& p, const nlohmann::json& res);
    void afterRead(sim::Context& ctx, std::uint64_t op, Pending& p, const nlohmann::json& res);
    // The body of afterRead once the current object is known (from etcd or the cache).
    void afterReadObject(sim::Context& ctx, std::uint64_t op, Pending& p,
                         std::shared_ptr<const nlohmann::json> current, std::int64_t modRevision);
    void afterTxn(sim::Context& ctx, std::uint64_t op, Pending& p, const nlohmann::json& res);
    void sendPut(sim::Context& ctx, std::uint64_t op, Pending& p, bool create);
    void sendDelete(sim::Context& ctx, std::uint64_t op, Pending& p);
    std::optional<nlohmann::json> admitCreate(sim::Context& ctx, const Request& req,
                                              const model::KindInfo& kind, nlohmann::json& object);

    std::uint64_t newOp() { return m_nextOp++; }
    std::string keyFor(const model::KindInfo& kind, const std::string& ns,
                       const std::string& name) const;

    std::string m_etcd;
    std::string m_advertiseAddress;
    bool m_coreDns = false;
    std::uint64_t m_nextOp = 1;
    std::map<std::uint64_t, Pending> m_pending;
    WatchCache m_watchCache;
    std::uint64_t m_nextWatch = 1;
    std::int64_t m_compactCandidate = 0;
    bool m_bootstrapped = false;
};

} // namespace kubelab::api
