// A component's Event recording: repeats of one event are aggregated into a count (a
// PATCH), and the correlation keys are an LRU cache of client-go's size, so a long run
// does not remember every event it ever wrote.
#include <QtTest>

#include "engine/client/component.h"
#include "engine/shell/cluster.h"

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
        const json pod = {{"apiVersion", "v1"},
                          {"kind", "Pod"},
                          {"metadata", {{"name", "p"}, {"namespace", "default"}, {"uid", "u-1"}}}};
        for (const json& e : m.body["events"])
            recordEvent(ctx, pod, "Normal", e[0].get<std::string>(), e[1].get<std::string>());
    }
};

const shell::ClusterOptions kApiOnly{false, false};
} // namespace

class tst_ComponentEvents : public QObject
{
    Q_OBJECT
private slots:
    void repeatsAreCountedAndOldKeysForgotten()
    {
        shell::Cluster c(1, shell::Topology::defaults(), kApiOnly);
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
};

QTEST_GUILESS_MAIN(tst_ComponentEvents)
#include "tst_component_events.moc"
