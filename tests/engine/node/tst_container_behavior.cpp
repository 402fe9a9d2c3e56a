// A container's behaviour is a pure function of its BehaviorInput, so the runtime decides
// it once per distinct input and shares it: the key must tell apart every input that can
// change the behaviour (each field, and lists whose items run into each other), and
// containers that differ only in identity (their pod's name) must share one.
#include <QtTest>

#include "engine/node/container_behavior.h"
#include "engine/node/container_runtime.h"
#include "engine/node/image_catalog.h"
#include "tests/engine/cluster_lab.h"

using namespace kubelab;
using kubelab::testing::ClusterLab;
using nlohmann::json;

namespace {

node::BehaviorInput base()
{
    node::BehaviorInput in;
    in.image = *node::ImageCatalog::find("busybox");
    in.containerName = "app";
    in.command = {"sh", "-c"};
    in.args = {"echo hi"};
    in.env = {{"MODE", "fast"}};
    in.annotations = {{"kubelab.io/run-for", "5s"}};
    in.memoryLimitBytes = 64 << 20;
    return in;
}

json pod(const std::string& name, json annotations = json::object())
{
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", {{"name", name}, {"annotations", annotations}}},
            {"spec",
             {{"nodeName", "worker-1"},
              {"containers",
               {{{"name", "app"}, {"image", "busybox"}, {"command", {"sleep", "3600"}}}}}}}};
}

} // namespace

class tst_ContainerBehavior : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keysTellInputsApart()
    {
        const std::string k = base().key();
        QCOMPARE(base().key(), k);
        std::vector<std::pair<const char*, node::BehaviorInput>> changed;
        auto with = [&changed](const char* what, auto change) {
            node::BehaviorInput in = base();
            change(in);
            changed.emplace_back(what, in);
        };
        with("image", [](auto& in) { in.image = *node::ImageCatalog::find("nginx"); });
        with("container name", [](auto& in) { in.containerName = "side"; });
        with("init", [](auto& in) { in.init = true; });
        with("command", [](auto& in) { in.command = {"sh"}; });
        with("args", [](auto& in) { in.args = {"echo bye"}; });
        with("env", [](auto& in) { in.env["MODE"] = "slow"; });
        with("annotation", [](auto& in) { in.annotations["kubelab.io/exit-code"] = "3"; });
        with("memory limit", [](auto& in) { in.memoryLimitBytes = 0; });
        // Framing: the same characters split differently, or moved from one list to the next.
        with("split command", [](auto& in) { in.command = {"sh-", "c"}; });
        with("command into args", [](auto& in) {
            in.command = {"sh"};
            in.args = {"-c", "echo hi"};
        });
        for (const auto& [what, in] : changed)
            QVERIFY2(in.key() != k, what);
    }

    void alikeContainersShareTheirBehavior()
    {
        ClusterLab lab;
        lab.sh("kubectl apply -f -", pod("one").dump());
        lab.sh("kubectl apply -f -", pod("two").dump());
        lab.sh("kubectl apply -f -", pod("other", {{"kubelab.io/log", "hello"}}).dump());
        lab.settle();
        const auto& runtime =
            *lab.cluster().sim().actorAs<node::ContainerRuntime>("containerd-worker-1");
        std::map<std::string, const node::ContainerBehavior*> byPod;
        for (const auto& [id, c] : runtime.containers())
            byPod[runtime.sandboxes().at(c.sandboxId).name] = c.behavior.get();
        QCOMPARE(byPod.size(), size_t(3));
        QVERIFY(byPod["one"]);
        QCOMPARE(byPod["one"], byPod["two"]);
        QVERIFY(byPod["other"] != byPod["one"]);
        QCOMPARE(byPod["other"]->logs.size(), byPod["one"]->logs.size() + 1);
    }
};

QTEST_GUILESS_MAIN(tst_ContainerBehavior)
#include "tst_container_behavior.moc"
