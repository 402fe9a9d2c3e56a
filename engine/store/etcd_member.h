#pragma once
// One etcd member as an actor: serves Range, Txn, Compact and Watch messages over the
// simulated network against its MvccStore. Today a single member applies requests
// directly; issue 5/7 puts a Raft log between receive() and the store, which is why
// every request is plain data.
//
// Messages in (body fields):
//   etcd.range   {id, key, range_end, revision, limit, count_only}
//   etcd.txn     {id, compare[], success[], failure[]}      (Compare/Op JSON), or {id}
//                with the same as a TxnRequest payload (the API server's writes)
//   etcd.compact {id, revision}
//   etcd.watch   {id, watch_id, key, range_end, start_revision}
//   etcd.watch.cancel {watch_id}
// Messages out: etcd.range.result / etcd.txn.result / etcd.compact.result {id, ok, error,
// result}, etcd.watch.events {watch_id, events[], compact_revision, canceled}.
#include <map>
#include <string>
#include <vector>

#include "engine/sim/actor.h"
#include "engine/store/mvcc_store.h"

namespace kubelab::store {

// An etcd.txn request as typed data beside the message's {id} body (sim::Payload): the
// API server builds it and etcd reads it, so a stored value is not written into JSON and
// parsed back on the way. toJson() is the body form above, which etcd also accepts.
struct TxnRequest : sim::Payload
{
    std::vector<Compare> compare;
    std::vector<Op> success, failure;
    nlohmann::json toJson() const override;
    static TxnRequest fromJson(const nlohmann::json& body);
    // A write guarded by one compare on `key` (`target` EQUAL `number`) whose failure
    // reads the key's current value: the caller adds the write to `success`.
    static TxnRequest guarded(const std::string& key, Compare::Target target, std::int64_t number);
};

class EtcdMember : public sim::ActorBase<EtcdMember>
{
public:
    explicit EtcdMember(std::string name) : ActorBase(std::move(name)) {}

    void receive(sim::Context& ctx, const sim::Message& message) override;

    // Read-only view for inspectors and tests.
    const MvccStore& store() const { return m_store; }

private:
    struct Watcher
    {
        std::string client;
        std::string key;
        std::string rangeEnd;
    };
    void handleTxn(sim::Context& ctx, const sim::Message& m);
    void handleWatch(sim::Context& ctx, const sim::Message& m);
    void notifyWatchers(sim::Context& ctx, std::int64_t fromRevision);

    MvccStore m_store;
    std::map<std::string, Watcher> m_watchers; // "client/watch_id" -> watcher
};

} // namespace kubelab::store
