#include "engine/store/etcd_member.h"

#include "engine/model/json_view.h"

namespace kubelab::store {

using nlohmann::json;

namespace {
std::string describeOps(const std::vector<Op>& ops)
{
    std::string out;
    for (const auto& op : ops) {
        if (!out.empty())
            out += ", ";
        switch (op.type) {
        case Op::Type::Range: out += "get " + op.key; break;
        case Op::Type::Put: out += "put " + op.key; break;
        case Op::Type::DeleteRange: out += "delete " + op.key; break;
        }
        if (!op.rangeEnd.empty())
            out += "*";
    }
    return out.empty() ? "no-op" : out;
}
} // namespace

void EtcdMember::receive(sim::Context& ctx, const sim::Message& m)
{
    const json& b = m.body;
    const json& id = model::memberAt(b, "id");
    if (m.kind == "etcd.range") {
        json reply = {{"id", id}};
        const std::string key = b.value("key", "");
        const std::string end = b.value("range_end", "");
        try {
            RangeResult r =
                m_store.range(key, end, b.value("revision", std::int64_t(0)),
                              b.value("limit", std::int64_t(0)), b.value("count_only", false));
            reply["ok"] = true;
            reply["result"] = r.toJson();
            const bool countOnly = b.value("count_only", false);
            ctx.describe("etcd.range", m.from,
                         (countOnly ? "count " : "range ") + key + (end.empty() ? "" : "*") +
                             " -> " +
                             std::to_string(countOnly ? r.count : std::int64_t(r.kvs.size())) +
                             " key(s) at rev " + std::to_string(r.revision),
                         {{"key", key}, {"count", r.count}, {"revision", r.revision}});
        } catch (const StoreError& e) {
            reply["ok"] = false;
            reply["error"] = e.what();
            ctx.describe("etcd.range", m.from,
                         std::string("range ") + key + " failed: " + e.what());
        }
        ctx.send(m.from, "etcd.range.result", reply);
    } else if (m.kind == "etcd.txn") {
        handleTxn(ctx, m);
    } else if (m.kind == "etcd.compact") {
        json reply = {{"id", id}};
        try {
            m_store.compact(b.value("revision", std::int64_t(0)));
            reply["ok"] = true;
            ctx.describe("etcd.compact", m.from,
                         "compact history before rev " +
                             std::to_string(b.value("revision", std::int64_t(0))));
        } catch (const StoreError& e) {
            reply["ok"] = false;
            reply["error"] = e.what();
            ctx.describe("etcd.compact", m.from, std::string("compact failed: ") + e.what());
        }
        ctx.send(m.from, "etcd.compact.result", reply);
    } else if (m.kind == "etcd.watch") {
        handleWatch(ctx, m);
    } else if (m.kind == "etcd.watch.cancel") {
        m_watchers.erase(m.from + "/" + b.value("watch_id", ""));
        ctx.describe("etcd.watch", m.from, "cancel watch " + b.value("watch_id", ""));
    }
}

json TxnRequest::toJson() const
{
    json j = {{"compare", json::array()}, {"success", json::array()}, {"failure", json::array()}};
    for (const Compare& c : compare)
        j["compare"].push_back(c.toJson());
    for (const Op& o : success)
        j["success"].push_back(o.toJson());
    for (const Op& o : failure)
        j["failure"].push_back(o.toJson());
    return j;
}

TxnRequest TxnRequest::fromJson(const json& b)
{
    TxnRequest t;
    for (const auto& c : model::memberAt(b, "compare"))
        t.compare.push_back(Compare::fromJson(c));
    for (const auto& o : model::memberAt(b, "success"))
        t.success.push_back(Op::fromJson(o));
    for (const auto& o : model::memberAt(b, "failure"))
        t.failure.push_back(Op::fromJson(o));
    return t;
}

TxnRequest TxnRequest::guarded(const std::string& key, Compare::Target target, std::int64_t number)
{
    TxnRequest t;
    Compare& c = t.compare.emplace_back();
    c.key = key;
    c.target = target;
    c.number = number;
    Op& read = t.failure.emplace_back();
    read.key = key; // Op::Type::Range
    return t;
}

void EtcdMember::handleTxn(sim::Context& ctx, const sim::Message& m)
{
    const json& b = m.body;
    TxnRequest parsed;
    const auto* typed = dynamic_cast<const TxnRequest*>(m.payload.get());
    if (!typed)
        parsed = TxnRequest::fromJson(b);
    const TxnRequest& t = typed ? *typed : parsed;
    json reply = {{"id", model::memberAt(b, "id")}};
    const std::int64_t before = m_store.revision();
    try {
        TxnResult r = m_store.txn(t.compare, t.success, t.failure);
        reply["ok"] = true;
        reply["result"] = r.toJson();
        std::string summary = "txn " + std::string(r.succeeded ? "" : "compare failed, ") +
                              describeOps(r.succeeded ? t.success : t.failure);
        if (r.revision != before)
            summary += " -> rev " + std::to_string(r.revision);
        // The written values go into the trace so a learner can inspect exactly what
        // etcd stored at each revision: shared with the store, not copied.
        json ops = json::array();
        std::vector<sim::TraceRecord::Attachment> values;
        for (const auto& op : r.succeeded ? t.success : t.failure) {
            std::shared_ptr<const std::string> stored;
            if (op.type == Op::Type::Put && r.succeeded)
                stored = m_store.sharedValue(op.key);
            if (stored && *stored == op.value)
                values.push_back({"/ops/" + std::to_string(ops.size()) + "/value", stored});
            else
                stored.reset();
            ops.push_back(op.toJson(!stored));
        }
        ctx.describe(
            "etcd.txn", m.from, summary,
            {{"succeeded", r.succeeded}, {"revision", r.revision}, {"ops", std::move(ops)}},
            std::move(values));
    } catch (const StoreError& e) {
        reply["ok"] = false;
        reply["error"] = e.what();
        ctx.describe("etcd.txn", m.from, std::string("txn failed: ") + e.what());
    }
    ctx.send(m.from, "etcd.txn.result", reply);
    if (m_store.revision() != before)
        notifyWatchers(ctx, before + 1);
}

void EtcdMember::handleWatch(sim::Context& ctx, const sim::Message& m)
{
    const json& b = m.body;
    const std::string watchId = b.value("watch_id", "");
    Watcher w{m.from, b.value("key", ""), b.value("range_end", "")};
    std::int64_t start = b.value("start_revision", std::int64_t(0));
    json out = {{"watch_id", watchId}, {"events", json::array()}};
    try {
        if (start > 0 && start <= m_store.revision())
            for (const auto& e : m_store.eventsSince(start, w.key, w.rangeEnd))
                out["events"].push_back(e.toJson());
        m_watchers[m.from + "/" + watchId] = w;
        out["created"] = true;
        ctx.describe("etcd.watch", m.from,
                     "watch " + w.key + (w.rangeEnd.empty() ? "" : "*") + " from rev " +
                         std::to_string(start));
    } catch (const StoreError& e) {
        out["canceled"] = true;
        out["compact_revision"] = m_store.compactRevision();
        out["error"] = e.what();
        ctx.describe("etcd.watch", m.from, std::string("watch refused: ") + e.what());
    }
    ctx.send(m.from, "etcd.watch.events", out);
}

void EtcdMember::notifyWatchers(sim::Context& ctx, std::int64_t fromRevision)
{
    for (const auto& [id, w] : m_watchers) {
        auto events = m_store.eventsSince(fromRevision, w.key, w.rangeEnd);
        if (events.empty())
            continue;
        json out = {{"watch_id", id.substr(w.client.size() + 1)}, {"events", json::array()}};
        for (const auto& e : events)
            out["events"].push_back(e.toJson());
        ctx.send(w.client, "etcd.watch.events", out);
    }
}

} // namespace kubelab::store
