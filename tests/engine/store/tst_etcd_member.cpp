// An etcd member answers a transaction the same whether it comes as the documented JSON
// body or as a typed TxnRequest payload (the API server's writes), and the payload's JSON
// form is that body.
#include <QtTest>

#include "engine/sim/simulation.h"
#include "engine/store/etcd_member.h"

using namespace kubelab;
using nlohmann::json;

namespace {
class Client : public sim::ActorBase<Client>
{
public:
    using ActorBase::ActorBase;
    void receive(sim::Context&, const sim::Message& m) override
    {
        if (m.kind == "etcd.txn.result")
            replies.push_back(m.body);
    }
    std::vector<json> replies;
};

// Create `key` with `value` unless it exists; on a failed compare, read it.
store::TxnRequest createIfAbsent(const std::string& key, const std::string& value)
{
    store::TxnRequest t =
        store::TxnRequest::guarded(key, store::Compare::Target::CreateRevision, 0);
    store::Op& put = t.success.emplace_back();
    put.type = store::Op::Type::Put;
    put.key = key;
    put.value = value;
    return t;
}
} // namespace

class tst_EtcdMember : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void jsonBodyAndTypedPayloadAgree()
    {
        sim::Simulation s(1);
        s.addActor(std::make_unique<store::EtcdMember>("etcd-0"), "cp");
        s.addActor(std::make_unique<Client>("client"), "cp");
        const store::TxnRequest a = createIfAbsent("/k/a", "{\"v\":1}");
        json body = a.toJson();
        body["id"] = 1;
        s.post({"client", "etcd-0", "etcd.txn", body});
        s.runUntil(sim::kSecond);
        sim::Message typed{"client", "etcd-0", "etcd.txn", {{"id", 2}}};
        typed.payload = std::make_shared<store::TxnRequest>(createIfAbsent("/k/b", "{\"v\":2}"));
        s.post(typed);
        s.runUntil(2 * sim::kSecond);
        // The same create again, typed: the compare fails and the failure read answers.
        sim::Message again{"client", "etcd-0", "etcd.txn", {{"id", 3}}};
        again.payload = std::make_shared<store::TxnRequest>(createIfAbsent("/k/b", "{\"v\":3}"));
        s.post(again);
        s.runUntil(3 * sim::kSecond);

        const auto* etcd = s.actorAs<store::EtcdMember>("etcd-0");
        QVERIFY(etcd->store().sharedValue("/k/a") && etcd->store().sharedValue("/k/b"));
        QCOMPARE(*etcd->store().sharedValue("/k/a"), std::string("{\"v\":1}"));
        QCOMPARE(*etcd->store().sharedValue("/k/b"), std::string("{\"v\":2}"));
        const auto& replies = s.actorAs<Client>("client")->replies;
        QCOMPARE(replies.size(), size_t(3));
        QCOMPARE(replies[0]["result"]["succeeded"], json(true));
        QCOMPARE(replies[1]["result"]["succeeded"], json(true));
        QCOMPARE(replies[1]["id"], json(2));
        QCOMPARE(replies[2]["result"]["succeeded"], json(false));
        QVERIFY(replies[2].dump().find("{\\\"v\\\":2}") != std::string::npos);
        QVERIFY(replies[2].dump().find("{\\\"v\\\":3}") == std::string::npos);
    }

    void payloadJsonIsTheBodyForm()
    {
        const store::TxnRequest t = createIfAbsent("/k/a", "x");
        const json j = t.toJson();
        QCOMPARE(j["compare"][0]["target"], json("CREATE"));
        QCOMPARE(j["success"][0]["op"], json("put"));
        QCOMPARE(j["success"][0]["value"], json("x"));
        QCOMPARE(j["failure"][0]["op"], json("range"));
        QCOMPARE(store::TxnRequest::fromJson(j).toJson(), j);
        QVERIFY(store::TxnRequest::fromJson(j).toJson() != createIfAbsent("/k/a", "y").toJson());
    }
};

QTEST_GUILESS_MAIN(tst_EtcdMember)
#include "tst_etcd_member.moc"
