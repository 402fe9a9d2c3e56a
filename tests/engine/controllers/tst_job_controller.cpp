// The Job controller on a whole simulated cluster, watched event by event: parallelism
// caps the active pods, completions counts successes, and backoffLimit ends a failing
// Job. Reasons and messages from pkg/controller/job/job_controller.go (v1.31):
// "CompletionsReached" / "Reached expected number of succeeded pods", the "Completed"
// event "Job completed", and "BackoffLimitExceeded" / "Job has reached the specified
// backoff limit"; the pod failure back-off (10 s doubling, DefaultJobPodFailureBackOff)
// from the same package.
#include <QtTest>

#include "engine/controllers/controller_util.h"
#include "tests/engine/cluster_lab.h"

using namespace kubelab;
using kubelab::testing::ClusterLab;
using nlohmann::json;

namespace {

json job(const std::string& name, const std::string& script, int completions, int parallelism,
         int backoffLimit)
{
    return {{"apiVersion", "batch/v1"},
            {"kind", "Job"},
            {"metadata", {{"name", name}}},
            {"spec",
             {{"completions", completions},
              {"parallelism", parallelism},
              {"backoffLimit", backoffLimit},
              {"template",
               {{"spec",
                 {{"restartPolicy", "Never"},
                  {"containers",
                   {{{"name", "work"},
                     {"image", "busybox:1.37"},
                     {"command", {"sh", "-c", script}}}}}}}}}}}};
}

bool hasTrueCondition(const json& obj, const std::string& type, const std::string& reason = "")
{
    const json c = ClusterLab::condition(obj, type);
    return !c.is_null() && c.value("status", "") == "True" &&
           (reason.empty() || c.value("reason", "") == reason);
}

// Pods of the Job that are neither finished nor being deleted (the Job's "active").
int activePods(const ClusterLab& lab, const std::string& jobName)
{
    int n = 0;
    for (const json& p : lab.podsOf(jobName)) {
        const std::string phase = ClusterLab::phaseOf(p);
        if (phase != "Succeeded" && phase != "Failed" &&
            !p["metadata"].contains("deletionTimestamp"))
            ++n;
    }
    return n;
}

} // namespace

class tst_JobController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parallelismCapsActivePods();
    void backoffLimitFailsTheJob();
};

void tst_JobController::parallelismCapsActivePods()
{
    ClusterLab lab;
    lab.sh("kubectl apply -f -", job("batch", "sleep 5; exit 0", 3, 2, 6).dump());
    QVERIFY2(lab.ok(), lab.lastError().c_str());

    int maxActive = 0, maxStatusActive = 0;
    bool sawTwoAtOnce = false;
    const bool complete = lab.stepUntil(
        [&] {
            const int active = activePods(lab, "batch");
            maxActive = std::max(maxActive, active);
            sawTwoAtOnce |= active == 2;
            const json j = lab.get("jobs", "default", "batch");
            maxStatusActive =
                std::max(maxStatusActive, j.value(json::json_pointer("/status/active"), 0));
            return hasTrueCondition(j, "Complete");
        },
        5 * sim::kMinute);
    QVERIFY(complete);
    QCOMPARE(maxActive, 2); // never more than parallelism ...
    QVERIFY(sawTwoAtOnce);  // ... but it did use it
    QCOMPARE(maxStatusActive, 2);

    const json j = lab.get("jobs", "default", "batch");
    QCOMPARE(j["status"].value("succeeded", 0), 3);
    QVERIFY(!j["status"].contains("failed"));
    QVERIFY(hasTrueCondition(j, "Complete", "CompletionsReached"));
    QCOMPARE(ClusterLab::condition(j, "Complete").value("message", ""),
             std::string("Reached expected number of succeeded pods"));
    QVERIFY(!hasTrueCondition(j, "Failed"));
    QVERIFY(ClusterLab::stamp(j, "/status/completionTime") >=
            ClusterLab::stamp(j, "/status/startTime") + 10 * sim::kSecond); // two rounds of 5 s
    // Exactly three pods: the third starts when one of the first two finishes; no fourth.
    const auto pods = lab.podsOf("batch");
    QCOMPARE(pods.size(), std::size_t(3));
    for (const json& p : pods)
        QCOMPARE(ClusterLab::phaseOf(p), std::string("Succeeded"));
    lab.runFor(30 * sim::kSecond);
    QCOMPARE(lab.podsOf("batch").size(), std::size_t(3));
    QCOMPARE(lab.eventMessages("Completed", "batch"), (std::vector<std::string>{"Job completed"}));
    QCOMPARE(lab.events("Completed", "batch").at(0).value("type", ""), std::string("Normal"));
    QCOMPARE(lab.eventMessages("SuccessfulCreate", "batch").size(), std::size_t(3));
    const std::string table = lab.sh("kubectl get job batch");
    QVERIFY2(table.find("Complete") != std::string::npos && table.find("3/3") != std::string::npos,
             table.c_str());
}

void tst_JobController::backoffLimitFailsTheJob()
{
    ClusterLab lab;
    lab.sh("kubectl apply -f -", job("flaky", "exit 1", 1, 1, 2).dump());
    QVERIFY2(lab.ok(), lab.lastError().c_str());

    // backoffLimit 2: the third failed pod ends it. Before that it keeps trying.
    bool failedTooEarly = false;
    const bool failed = lab.stepUntil(
        [&] {
            const json j = lab.get("jobs", "default", "flaky");
            const bool done = hasTrueCondition(j, "Failed");
            if (done && j.value(json::json_pointer("/status/failed"), 0) <= 2)
                failedTooEarly = true;
            return done;
        },
        5 * sim::kMinute);
    QVERIFY(failed);
    QVERIFY(!failedTooEarly);
    const json j = lab.get("jobs", "default", "flaky");
    QCOMPARE(j["status"].value("failed", 0), 3);
    QVERIFY(!j["status"].contains("succeeded"));
    QVERIFY(hasTrueCondition(j, "Failed", "BackoffLimitExceeded"));
    QCOMPARE(ClusterLab::condition(j, "Failed").value("message", ""),
             std::string("Job has reached the specified backoff limit"));
    QVERIFY(!hasTrueCondition(j, "Complete"));
    QVERIFY(!j["status"].contains("completionTime"));
    // The Event is written beside the status update; give it its round trip to land.
    lab.runFor(sim::kSecond);
    const auto warnings = lab.events("BackoffLimitExceeded", "flaky");
    QCOMPARE(warnings.size(), std::size_t(1));
    QCOMPARE(warnings[0].value("type", ""), std::string("Warning"));

    // Replacements waited out the back-off: about 10 s after the first failure, 20 s
    // after the second.
    auto pods = lab.podsOf("flaky");
    QCOMPARE(pods.size(), std::size_t(3));
    std::sort(pods.begin(), pods.end(), [](const json& a, const json& b) {
        return ClusterLab::stamp(a, "/metadata/creationTimestamp") <
               ClusterLab::stamp(b, "/metadata/creationTimestamp");
    });
    std::vector<sim::Time> created;
    for (const json& p : pods) {
        QCOMPARE(ClusterLab::phaseOf(p), std::string("Failed"));
        created.push_back(ClusterLab::stamp(p, "/metadata/creationTimestamp"));
    }
    QVERIFY(created[1] - created[0] >= 10 * sim::kSecond);
    QVERIFY(created[2] - created[1] >= 20 * sim::kSecond);
    QVERIFY(created[2] - created[1] > created[1] - created[0]);
    // No pod after the end.
    lab.runFor(2 * sim::kMinute);
    QCOMPARE(lab.podsOf("flaky").size(), std::size_t(3));
}

QTEST_GUILESS_MAIN(tst_JobController)
#include "tst_job_controller.moc"
