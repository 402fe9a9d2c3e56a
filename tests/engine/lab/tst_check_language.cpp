// The lab check language: each row a check over a fixed set of API objects, and whether
// it holds (rows in pairs, one true and one false, so a check that always held or never
// did would fail a row); then parse errors with the line:column they name.
#include <QtTest>

#include <map>

#include "engine/lab/check.h"

using kubelab::lab::Check;
using kubelab::lab::CheckError;
using kubelab::lab::TextPlace;
using nlohmann::json;

namespace {

// Objects as the API server would list them, and a virtual clock at 5 minutes.
class FakeReader : public kubelab::lab::StateReader
{
public:
    FakeReader()
    {
        add("pods", pod("web-1", "Running", "worker-1", "web"));
        add("pods", pod("web-2", "Running", "worker-2", "web"));
        add("pods", pod("web-3", "Pending", "", "web"));
        add("pods", pod("db-0", "Running", "worker-1", "db"));
        json sys = pod("coredns-1", "Running", "control-plane", "kube-dns");
        sys["metadata"]["namespace"] = "kube-system";
        add("pods", sys);
        json crash = pod("crash-1", "Running", "worker-3", "crash");
        crash["status"]["containerStatuses"] =
            json::array({{{"name", "app"},
                          {"restartCount", 4},
                          {"state", {{"waiting", {{"reason", "CrashLoopBackOff"}}}}}}});
        add("pods", crash);
        add("nodes", node("worker-1", "True", false));
        add("nodes", node("worker-2", "Unknown", true));
        add("deployments", {{"metadata", {{"name", "web"}, {"namespace", "default"}}},
                            {"spec", {{"replicas", 3}}},
                            {"status", {{"readyReplicas", 2}}}});
        add("events", event("web-3.1", "FailedScheduling", "Pod", "web-3", "Warning",
                            "2026-01-05T09:00:10Z"));
        add("events", event("web-3.2", "FailedScheduling", "Pod", "web-3", "Warning",
                            "2026-01-05T09:01:10Z"));
        add("events", event("worker-2.1", "NodeNotReady", "Node", "worker-2", "Normal",
                            "2026-01-05T09:02:00Z"));
    }

    kubelab::sim::Time now() const override { return 5 * kubelab::sim::kMinute; }
    // The AWS account's records and worker-1's nat rules, as ClusterReader gives them.
    std::vector<std::shared_ptr<const json>> records(const std::string& set,
                                                     const std::string& arg) const override
    {
        std::vector<std::shared_ptr<const json>> out;
        auto add = [&](json j) { out.push_back(std::make_shared<const json>(std::move(j))); };
        if (set == "certificates") {
            add({{"DomainName", "shop.example.com"},
                 {"Status", "ISSUED"},
                 {"Type", "IMPORTED"},
                 {"NotAfter", "2026-02-24T09:00:00+00:00"},
                 {"InUseBy", json::array({"arn:aws:elasticloadbalancing:lb/app/shop/1"})},
                 {"DaysToExpiry", 49}});
            add({{"DomainName", "api.example.com"},
                 {"Status", "PENDING_VALIDATION"},
                 {"Type", "AMAZON_ISSUED"}});
        } else if (set == "subscriptions") {
            add({{"Endpoint", "ops@example.com"}, {"Protocol", "email"},
                 {"PendingConfirmation", "false"}});
            add({{"Endpoint", "dev@example.com"}, {"Protocol", "email"},
                 {"PendingConfirmation", "true"}});
        } else if (set == "inbox") {
            add({{"Subject", "AWS Notification - Subscription Confirmation"}, {"Body", "confirm"}});
            add({{"Subject", "AWS Notification Message"},
                 {"Body", "{\"detail-type\": \"ACM Certificate Approaching Expiration\"}"}});
        } else if (set == "listeners") {
            add({{"Port", 443}, {"Protocol", "HTTPS"}, {"tls", "certificate has expired"}});
            add({{"Port", 80}, {"Protocol", "HTTP"}});
        } else if (set == "loadbalancers") {
            add({{"LoadBalancerName", "shop"}, {"State", {{"Code", "active"}}}});
        } else if (set == "nat" && arg == "worker-1") {
            for (const char* p : {"0.33333333349", "0.50000000000"})
                add({{"chain", "KUBE-SVC-ABC"}, {"target", "KUBE-SEP-X"}, {"probability", p}});
            add({{"chain", "KUBE-SVC-ABC"}, {"target", "KUBE-SEP-Z"}});
            add({{"chain", "KUBE-SERVICES"}, {"target", "KUBE-SVC-ABC"}});
        }
        return out;
    }
    std::vector<std::shared_ptr<const json>> list(const kubelab::model::KindInfo& kind,
                                                  const std::string& ns) const override
    {
        std::vector<std::shared_ptr<const json>> out;
        auto it = m_objects.find(kind.resource);
        if (it == m_objects.end())
            return out;
        for (const auto& o : it->second) {
            const std::string objectNs =
                o->value("metadata", json::object()).value("namespace", "");
            if (ns.empty() || objectNs == ns)
                out.push_back(o);
        }
        return out;
    }

private:
    void add(const std::string& resource, json o)
    {
        m_objects[resource].push_back(std::make_shared<const json>(std::move(o)));
    }
    static json pod(const std::string& name, const std::string& phase, const std::string& node,
                    const std::string& app)
    {
        json p = {
            {"metadata", {{"name", name}, {"namespace", "default"}, {"labels", {{"app", app}}}}},
            {"spec", {{"containers", json::array({{{"name", "app"}, {"image", "nginx:1.27"}}})}}},
            {"status", {{"phase", phase}}}};
        if (!node.empty())
            p["spec"]["nodeName"] = node;
        return p;
    }
    static json node(const std::string& name, const std::string& ready, bool unreachable)
    {
        json n = {
            {"metadata", {{"name", name}, {"labels", {{"kubernetes.io/hostname", name}}}}},
            {"spec", json::object()},
            {"status",
             {{"conditions", json::array({{{"type", "MemoryPressure"}, {"status", "False"}},
                                          {{"type", "Ready"},
                                           {"status", ready},
                                           {"lastHeartbeatTime", "2026-01-05T09:01:10Z"},
                                           {"lastTransitionTime", "2026-01-05T09:02:00Z"}}})}}}};
        if (unreachable)
            n["spec"]["taints"] = json::array({{{"key", "node.kubernetes.io/unreachable"},
                                                {"effect", "NoExecute"},
                                                {"timeAdded", "2026-01-05T09:02:05Z"}}});
        return n;
    }
    static json event(const std::string& name, const std::string& reason, const std::string& kind,
                      const std::string& object, const std::string& type, const std::string& at)
    {
        return {{"metadata", {{"name", name}, {"namespace", "default"}}},
                {"reason", reason},
                {"type", type},
                {"involvedObject", {{"kind", kind}, {"name", object}}},
                {"firstTimestamp", at},
                {"count", 1}};
    }
    std::map<std::string, std::vector<std::shared_ptr<const json>>> m_objects;
};

TextPlace place()
{
    TextPlace p;
    p.file = "lab.yaml";
    p.lineStarts = {{7, 12}, {8, 7}};
    return p;
}

} // namespace

class tst_CheckLanguage : public QObject
{
    Q_OBJECT

private slots:
    void evaluate_data();
    void evaluate();
    void observed();
    void runtimeError();
    void parseError_data();
    void parseError();
};

void tst_CheckLanguage::evaluate_data()
{
    QTest::addColumn<QString>("check");
    QTest::addColumn<bool>("holds");
    auto row = [](const char* name, const char* check, bool holds) {
        QTest::newRow(name) << QString::fromUtf8(check) << holds;
    };
    row("count labels and phase", "count(pods{app=web, phase=Running}) == 2", true);
    row("count labels and phase, wrong", "count(pods{app=web, phase=Running}) == 3", false);
    row("count default namespace only", "count(pods) == 5", true);
    row("count all namespaces", "count(pods{namespace=*}) == 6", true);
    row("count other namespace", "count(pods{namespace=kube-system}) == 1", true);
    row("count other namespace, wrong", "count(pods{namespace=kube-system}) == 0", false);
    row("label not equal", "count(pods{app!=web}) == 2", true);
    row("label absent", "count(pods{!app}) == 0", true);
    row("label present", "count(pods{app}) == 5", true);
    row("name prefix", "count(pods{name=web-*}) == 3", true);
    row("name prefix, wrong", "count(pods{name=db*}) == 0", false);
    row("node shorthand", "count(pods{node=worker-1}) == 2", true);
    row("field path", "count(pods{.spec.nodeName=worker-2}) == 1", true);
    row("field path with index", "count(pods{.spec.containers[0].image=\"nginx:1.27\"}) == 5",
        true);
    row("field path deep",
        "count(pods{.status.containerStatuses[0].state.waiting.reason="
        "CrashLoopBackOff}) == 1",
        true);
    row("field path missing is not equal", "count(pods{.spec.nodeName!=worker-1}) == 3", true);
    row("exists set", "exists(pods{app=db})", true);
    row("exists set, wrong", "exists(pods{app=cache})", false);
    row("object exists", "pod(web-1)", true);
    row("object missing", "pod(web-9)", false);
    row("object field", "pod(web-3).status.phase == \"Pending\"", true);
    row("object field, wrong", "pod(web-3).status.phase == \"Running\"", false);
    row("object other namespace", "pod(kube-system/coredns-1).spec.nodeName == \"control-plane\"",
        true);
    row("node condition", "node(worker-2).condition(Ready) == \"Unknown\"", true);
    row("node condition, wrong", "node(worker-1).condition(Ready) == \"False\"", false);
    row("condition field",
        "node(worker-2).condition(Ready).lastHeartbeatTime == "
        "\"2026-01-05T09:01:10Z\"",
        true);
    row("list match", "node(worker-1).status.conditions[type=MemoryPressure].status == \"False\"",
        true);
    row("taint", "node(worker-2).taint(node.kubernetes.io/unreachable).effect == \"NoExecute\"",
        true);
    row("taint missing", "exists(node(worker-1).taint(node.kubernetes.io/unreachable))", false);
    row("label accessor", "node(worker-1).label(kubernetes.io/hostname) == \"worker-1\"", true);
    row("missing field equals null", "pod(web-3).spec.nodeName == null", true);
    row("missing field is not a string", "pod(web-3).spec.nodeName == \"worker-1\"", false);
    row("missing field not ordered", "pod(web-9).spec.replicas >= 0", false);
    row("number field", "deployment(web).spec.replicas == 3", true);
    row("number field arithmetic",
        "deployment(web).spec.replicas - 1 == "
        "deployment(web).status.readyReplicas",
        true);
    row("number field compare", "deployment(web).status.readyReplicas < 2", false);
    row("event exists", "event(reason=FailedScheduling, object=pod/web-3)", true);
    row("event by prefix", "event(reason=FailedScheduling, object=pod/web-*)", true);
    row("event wrong object", "event(reason=FailedScheduling, object=pod/db-0)", false);
    row("event wrong kind", "event(reason=NodeNotReady, object=pod/worker-2)", false);
    row("event type", "event(reason=NodeNotReady, type=Warning)", false);
    row("event first time",
        "event(reason=FailedScheduling).firstTimestamp == "
        "\"2026-01-05T09:00:10Z\"",
        true);
    row("event last time",
        "event(reason=FailedScheduling, which=last).firstTimestamp == "
        "\"2026-01-05T09:01:10Z\"",
        true);
    row("timestamps subtract to a duration",
        "node(worker-2).condition(Ready).lastTransitionTime - "
        "node(worker-2).condition(Ready).lastHeartbeatTime == 50s",
        true);
    row("timestamps subtract, wrong",
        "node(worker-2).condition(Ready).lastTransitionTime - "
        "node(worker-2).condition(Ready).lastHeartbeatTime > 1m",
        false);
    row("taint time after transition",
        "node(worker-2).taint(node.kubernetes.io/unreachable).timeAdded - "
        "node(worker-2).condition(Ready).lastTransitionTime <= 5s",
        true);
    row("now", "now == @5m", true);
    row("now, wrong", "now < @4m", false);
    row("now against a timestamp", "now - event(reason=NodeNotReady).firstTimestamp == 3m", true);
    row("time plus duration", "@2m + 3m == now", true);
    row("and", "count(pods{app=db}) == 1 and pod(db-0)", true);
    row("and, one false", "count(pods{app=db}) == 1 and pod(db-9)", false);
    row("or", "pod(db-9) or pod(db-0)", true);
    row("or, both false", "pod(db-9) || pod(db-8)", false);
    row("not", "not pod(db-9)", true);
    row("not, wrong", "!pod(db-0)", false);
    row("parentheses", "not (pod(db-9) or pod(db-8)) && true", true);
    row("one of a set", "one(pods{app=crash}).status.containerStatuses[0].restartCount >= 3", true);
    row("one of a set, wrong", "one(pods{app=crash}).status.containerStatuses[0].restartCount > 4",
        false);
    row("one of several is nothing", "one(pods{app=web}).status.phase == null", true);
    row("one alone is a condition", "one(pods{app=db})", true);
    row("one alone, several", "one(pods{app=web})", false);
    row("string order", "\"a\" < \"b\"", true);
    // Records beyond the API: the AWS account, the inbox, a node's nat table.
    row("records count", "count(certificates{Status=ISSUED}) == 1", true);
    row("records count, wrong", "count(certificates{Status=EXPIRED}) == 1", false);
    row("records all", "count(certificates) == 2", true);
    row("record by key", "certificate(shop.example.com).DaysToExpiry > 45", true);
    row("record by key, wrong", "certificate(shop.example.com).DaysToExpiry > 50", false);
    row("record exists", "certificate(api.example.com)", true);
    row("record missing", "certificate(www.example.com)", false);
    row("record time field", "certificate(shop.example.com).NotAfter > now + 30d", true);
    row("record time field, wrong", "certificate(shop.example.com).NotAfter < @50d", false);
    row("record field path", "count(loadbalancers{.State.Code=active}) == 1", true);
    row("record field path, wrong", "exists(loadbalancers{.State.Code=provisioning})", false);
    row("record list index", "certificate(shop.example.com).InUseBy[0] != null", true);
    row("subscription confirmed",
        "count(subscriptions{Endpoint=ops@example.com, PendingConfirmation=false}) == 1", true);
    row("subscription confirmed, wrong",
        "subscription(dev@example.com).PendingConfirmation == \"false\"", false);
    row("contains", "count(inbox{Body~\"Approaching Expiration\"}) >= 1", true);
    row("contains, wrong", "count(inbox{Subject~\"Expired\"}) >= 1", false);
    row("number field as text", "count(listeners{Port=443, tls=ok}) == 0", true);
    row("number field as text, wrong", "count(listeners{Port=443, tls=ok}) == 1", false);
    row("one record", "one(listeners{Protocol=HTTPS}).tls == \"certificate has expired\"", true);
    row("field absent", "count(listeners{!tls}) == 1", true);
    row("nat probability",
        "count(nat(worker-1){chain~\"KUBE-SVC-\", probability=0.33333333349}) == 1", true);
    row("nat probability, wrong",
        "count(nat(worker-1){chain~\"KUBE-SVC-\", probability=0.25000000000}) == 1", false);
    row("nat last rule has none",
        "count(nat(worker-1){chain=KUBE-SVC-ABC, !probability}) == 1", true);
    row("nat of another node", "exists(nat(worker-2))", false);
    row("label contains", "count(pods{app~we}) == 3", true);
    row("label contains, wrong", "count(pods{app~cache}) >= 1", false);
}

void tst_CheckLanguage::evaluate()
{
    QFETCH(QString, check);
    QFETCH(bool, holds);
    const Check c = Check::parse(check.toStdString(), place());
    const auto v = c.evaluate(FakeReader());
    QVERIFY2(v.error.empty(), v.error.c_str());
    QCOMPARE(v.holds, holds);
}

void tst_CheckLanguage::observed()
{
    const Check c = Check::parse("count(pods{app=web}) == 2 and now >= @1m", place());
    const auto v = c.evaluate(FakeReader());
    QVERIFY(!v.holds);
    QCOMPARE(v.observed, std::string("count(pods{app=web}) is 3"));
    const auto w =
        Check::parse("deployment(web).spec.replicas > 4", place()).evaluate(FakeReader());
    QCOMPARE(w.observed, std::string("deployment(web).spec.replicas is 3"));
}

void tst_CheckLanguage::runtimeError()
{
    // The field is a string, the literal a number: known only once the object is read.
    const auto v = Check::parse("pod(web-1).status.phase == 3", place()).evaluate(FakeReader());
    QVERIFY(!v.holds);
    QCOMPARE(v.error, std::string("lab.yaml:7:12: cannot compare a string (\"Running\") with a "
                                  "number (3)"));
    const auto w = Check::parse("pod(web-1).status.phase", place()).evaluate(FakeReader());
    QCOMPARE(w.error, std::string("lab.yaml:7:12: expected true or false, found a string "
                                  "(\"Running\"): compare it with =="));
    const auto ok =
        Check::parse("pod(web-1).status.phase == \"Running\"", place()).evaluate(FakeReader());
    QVERIFY(ok.error.empty());
}

void tst_CheckLanguage::parseError_data()
{
    QTest::addColumn<QString>("check");
    QTest::addColumn<QString>("error");
    auto row = [](const char* name, const char* check, const char* error) {
        QTest::newRow(name) << QString::fromUtf8(check) << QString::fromUtf8(error);
    };
    // The place's first line starts at 7:12, its second at 8:7.
    row("not a condition", "count(pods)",
        "lab.yaml:7:12: a check must be true or false: compare a value, e.g. count(pods) == 3");
    row("single equals", "count(pods) = 3", "lab.yaml:7:24: use == to compare");
    row("unknown kind", "count(pots) == 1",
        "lab.yaml:7:18: count takes a kind and a selector, e.g. count(pods{app=web})");
    row("unknown name", "pots(web) == 1",
        "lab.yaml:7:12: unknown name \"pots\": a check starts from count(...), exists(...), "
        "one(...), event(...), now, or an object such as pod(NAME) or node(NAME)");
    row("number against string", "count(pods) == \"3\"",
        "lab.yaml:7:27: cannot compare a number with a string");
    row("unclosed selector", "count(pods{app=web) == 1",
        "lab.yaml:7:30: expected \",\" or \"}\" in the selector, found \")\"");
    row("second line", "count(pods) == 1\nand pod(x).a == 3 ==",
        "lab.yaml:8:25: unexpected text after the check, found \"==\" (join conditions with "
        "and, or)");
    row("bad duration", "now > @5x",
        "lab.yaml:7:19: invalid duration \"5x\" (e.g. 500ms, 50s, "
        "5m, 1m30s)");
    row("event field", "event(reson=X)",
        "lab.yaml:7:18: unknown event field \"reson\" (reason, object, namespace, type, which)");
    row("event object", "event(object=web)",
        "lab.yaml:7:25: object= takes KIND/NAME, e.g. object=pod/web or object=pod/web-*");
    row("set without count", "pods{app=web}",
        "lab.yaml:7:16: a set of objects is counted: count(pods{...}) or exists(pods{...})");
    row("and of a number", "count(pods) and true",
        "lab.yaml:7:12: \"and\" joins conditions; this is not one");
    row("namespace of a node", "node(default/worker-1)",
        "lab.yaml:7:17: nodes have no namespace: write node(NAME)");
    row("unknown accessor", "node(w).conditon(Ready) == \"True\"",
        "lab.yaml:7:20: unknown accessor \"conditon(...)\" (condition, taint, label, annotation)");
    row("subtract number from time", "now - 3 > 1m",
        "lab.yaml:7:18: cannot subtract a number from a time");
    row("empty", "  ", "lab.yaml:7:12: the check is empty");
    row("unterminated string", "pod(x).status.phase == \"Run",
        "lab.yaml:7:35: unterminated string");
    row("record set without count", "certificates{Status=ISSUED}",
        "lab.yaml:7:12: a set of records is counted: count(certificates{...}) or "
        "exists(certificates{...})");
    row("nat without a node", "count(nat{chain=X}) == 1",
        "lab.yaml:7:21: expected \"(\" and a node name after nat, found \"{\"");
    row("nat set without count", "nat(worker-1)",
        "lab.yaml:7:12: a set of records is counted: count(nat(NODE){...}) or "
        "exists(nat(NODE){...})");
    row("record without key", "certificate().Status == \"ISSUED\"",
        "lab.yaml:7:24: expected DomainName, found \")\"");
    row("contains without value", "count(inbox{Body~}) == 1",
        "lab.yaml:7:29: expected a value, found \"}\"");
}

void tst_CheckLanguage::parseError()
{
    QFETCH(QString, check);
    QFETCH(QString, error);
    try {
        Check::parse(check.toStdString(), place());
        QFAIL("parsed");
    } catch (const CheckError& e) {
        QCOMPARE(QString::fromStdString(e.what()), error);
    }
}

QTEST_GUILESS_MAIN(tst_CheckLanguage)
#include "tst_check_language.moc"
