// A component's Event recording: repeats of one event are aggregated into a count (a
// PATCH), and the correlation keys are an LRU cache of client-go's size, so a long run
// does not remember every event it ever wrote.
#include <QtTest>

#include "engine/client/component.h"
#include "engine/cluster/cluster.h"

using namespace kubelab;
using nlohmann::json;

namespace {
// Records the events a "timer.record" message lists: {"events": [[reason, message], ...]}.
class Recorder : public sim::ActorBase<Recorder, client::Component>
{
public:
    Recorder(std::string name, std::string apiServer)
        : ActorBase(std::move(name), std::move(apiServer), "recorder")
    {}

protected:
    void onTimer(sim::Context& ctx, const sim::Message& m) override
    {
        // [reason, message] for pod p; [reason, message, name] for another pod.
        for (const json& e : m.body["events"]) {
            const std::string name = e.size() > 2 ? e[2].get<std::string>() : "p";
            const json pod = {
                {"apiVersion", "v1"},
                {"kind", "Pod"},
                {"metadata", {{"name", name}, {"namespace", "default"}, {"uid", "u-" + name}}}};
            recordEvent(ctx, pod, "Normal", e[0].get<std::string>(), e[1].get<std::string>());
        }
    }
};

const cluster::ClusterOptions kApiOnly{false, false};
} // namespace

class tst_ComponentEvents : public QObject
{
    Q_OBJECT
private slots:
    void repeatsAreCountedAndOldKeysForgotten()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        c.sim().addActor(std::make_unique<Recorder>("recorder", c.apiServer()), "control-plane");
        auto record = [&c](const json& events) {
            c.sim().post({"recorder", "recorder", "timer.record", {{"events", events}}});
            c.sim().runUntil(c.sim().now() + 5 * sim::kSecond);
        };
        auto withMessage = [&c](const std::string& message) {
            std::vector<std::int64_t> counts;
            for (const auto& e : c.events("default", "p."))
                if ((*e)["message"] == message)
                    counts.push_back((*e)["count"].get<std::int64_t>());
            return counts;
        };

        record(json::array({{"Pulled", "first"}, {"Pulled", "first"}}));
        QCOMPARE(withMessage("first"), std::vector<std::int64_t>{2}); // one Event, count 2

        // 4,096 other events push "first" out of the cache: it is written anew.
        json others = json::array();
        for (int i = 0; i < 4096; ++i)
            others.push_back({"Started", "other " + std::to_string(i)});
        record(others);
        QCOMPARE(c.events("default", "p.").size(), size_t(4097));
        record(json::array({{"Pulled", "first"}, {"Started", "other 4095"}}));
        QCOMPARE(withMessage("first"), (std::vector<std::int64_t>{2, 1}));
        // A recent one is still remembered: its Event is patched.
        QCOMPARE(withMessage("other 4095"), std::vector<std::int64_t>{2});
        // Every Event got a name of its own.
        QCOMPARE(c.events("default", "p.").size(), size_t(4098));
    }

    // The cache forgets the least recently used key, not the oldest one: an Event patched
    // lately stays, one written once and left alone goes.
    void theLeastRecentlyUsedIsForgotten()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        c.sim().addActor(std::make_unique<Recorder>("recorder", c.apiServer()), "control-plane");
        json events = json::array(
            {{"Pulled", "old but used"}, {"Pulled", "left alone"}, {"Pulled", "old but used"}});
        for (int i = 0; i < 4094; ++i) // 4,096 keys: the cache is full
            events.push_back({"Started", "other " + std::to_string(i)});
        events.push_back({"Started", "one more"}); // forgets one key
        events.push_back({"Pulled", "old but used"});
        events.push_back({"Pulled", "left alone"});
        c.sim().post({"recorder", "recorder", "timer.record", {{"events", events}}});
        c.sim().runUntil(c.sim().now() + 5 * sim::kSecond);
        std::map<std::string, std::vector<std::int64_t>> counts;
        for (const auto& e : c.events("default", "p."))
            counts[(*e)["message"].get<std::string>()].push_back((*e)["count"].get<std::int64_t>());
        QCOMPARE(counts["old but used"], std::vector<std::int64_t>{3});
        QCOMPARE(counts["left alone"], (std::vector<std::int64_t>{1, 1}));
    }

    // The correlation key is the whole of client-go's: the same reason and message about
    // another object is another Event, and the parts do not run into each other.
    void eachObjectAndReasonHasItsOwnEvent()
    {
        cluster::Cluster c(1, cluster::Topology::defaults(), kApiOnly);
        c.sim().addActor(std::make_unique<Recorder>("recorder", c.apiServer()), "control-plane");
        c.sim().post({"recorder",
                      "recorder",
                      "timer.record",
                      {{"events", json::array({{"Pulled", "first"},
                                               {"Pulled", "first", "q"},
                                               {"Pull", "edfirst"},
                                               {"Pulled", "first", "q"}})}}});
        c.sim().runUntil(c.sim().now() + 5 * sim::kSecond);
        std::vector<std::string> seen;
        for (const auto& e : c.events("default"))
            seen.push_back((*e)["involvedObject"]["name"].get<std::string>() + " " +
                           (*e)["reason"].get<std::string>() + " " +
                           std::to_string((*e)["count"].get<std::int64_t>()));
        std::sort(seen.begin(), seen.end());
        QCOMPARE(seen, (std::vector<std::string>{"p Pull 1", "p Pulled 1", "q Pulled 2"}));
    }
};

QTEST_GUILESS_MAIN(tst_ComponentEvents)
#include "tst_component_events.moc"
