// A controller whose every write fails backs off as kube-controller-manager's work queues
// do (client-go's default controller rate limiter: 5 ms doubling to 1,000 s per key), so a
// broken object costs a bounded number of requests instead of a retry loop. The failure is
// a real one: a StatefulSet named with 63 characters is valid, but its pods' names (and so
// their hostname and pod-name label) are 65 characters, which the API server refuses.
#include <QtTest>

#include <vector>

#include "tests/engine/cluster_lab.h"

using namespace kubelab;
using kubelab::testing::ClusterLab;
using nlohmann::json;

namespace {

json statefulSet(const std::string& name)
{
    json set = json::parse(R"({
      "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {},
      "spec": {
        "serviceName": "web", "replicas": 1,
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
          "metadata": {"labels": {"app": "web"}},
          "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}})");
    set["metadata"]["name"] = name;
    return set;
}

// When the controller manager heard back about each `create pod` it sent after `since`
// (CoreDNS's two pods are created while the cluster boots).
std::vector<sim::Time> createAnswers(ClusterLab& lab, sim::Time since)
{
    std::vector<sim::Time> out;
    for (const sim::TraceRecord& r : lab.cluster().sim().trace())
        if (r.time > since && r.kind == "api.response" &&
            r.actor.rfind("kube-controller-manager", 0) == 0 &&
            r.summary.find(" for create pod ") != std::string::npos)
            out.push_back(r.time);
    return out;
}

} // namespace

class tst_ControllerRetry : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void failingCreatesBackOff();
    void aValidSetIsNotSlowed();
};

void tst_ControllerRetry::failingCreatesBackOff()
{
    ClusterLab lab;
    lab.sh("kubectl apply -f -", statefulSet(std::string(63, 's')).dump());
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    const sim::Time start = lab.now();
    lab.runFor(10 * sim::kMinute);

    const std::vector<sim::Time> answers = createAnswers(lab, start);
    // The first try, then retries after 5 ms, 10 ms, ... 163.84 s, 327.68 s: 17 in ten
    // minutes (the next would wait 655 s). Without back-off it is hundreds of thousands.
    QVERIFY2(answers.size() >= 15 && answers.size() <= 20,
             qPrintable(QString::number(answers.size())));
    // The waits double: the last gap is minutes, the first a few milliseconds.
    const sim::Duration first = answers[1] - answers[0];
    const sim::Duration last = answers.back() - answers[answers.size() - 2];
    QVERIFY2(first < 100 * sim::kMillisecond, qPrintable(QString::number(first)));
    QVERIFY2(last > 100 * sim::kSecond, qPrintable(QString::number(last)));
    QVERIFY(answers.front() - start < sim::kSecond);
    // The learner sees why, as on a real cluster.
    const std::vector<std::string> failed = lab.eventMessages("FailedCreate");
    QVERIFY(!failed.empty());
    QVERIFY(failed.front().find("must be no more than 63 characters") != std::string::npos);
}

void tst_ControllerRetry::aValidSetIsNotSlowed()
{
    // The sibling: the same set with a short name creates its pod once and runs it.
    ClusterLab lab;
    const sim::Time start = lab.now();
    lab.sh("kubectl apply -f -", statefulSet("web").dump());
    QVERIFY2(lab.ok(), lab.lastError().c_str());
    lab.runFor(30 * sim::kSecond);
    QCOMPARE(createAnswers(lab, start).size(), std::size_t(1));
    QCOMPARE(ClusterLab::phaseOf(lab.get("pods", "default", "web-0")), std::string("Running"));
}

QTEST_GUILESS_MAIN(tst_ControllerRetry)
#include "tst_controller_retry.moc"
