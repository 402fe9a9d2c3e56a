// Golden scenario tests, in the manner of etcd raft's testdata: every
// tests/scenarios/*.sh is run through the shell (seed 1 unless a `# seed: N` line says
// otherwise) and its combined output must equal the .expected file beside it. After
// reading a diff and agreeing with it, rewrite the files on purpose with
//   KUBELAB_REWRITE=1 ./tst_scenarios
// A `# cluster: FILE` line builds the cluster from that topology file instead of the default.
#include <QtTest>

#include <fstream>
#include <sstream>

#include "engine/cluster/cluster.h"
#include "engine/shell/shell.h"

using namespace kubelab;

namespace {
const QString kScenarioDir = QStringLiteral(KUBELAB_SOURCE_DIR "/tests/scenarios");

struct Outcome
{
    std::string output;
    int status = 0;
    std::string traceHash;
};

Outcome runScenario(const QString& path, std::uint64_t seedOverride = 0)
{
    std::ifstream in(path.toStdString());
    std::stringstream script;
    script << in.rdbuf();
    std::uint64_t seed = 1;
    cluster::Topology topology;
    std::string line;
    std::istringstream scan(script.str());
    while (std::getline(scan, line)) {
        if (line.rfind("# seed: ", 0) == 0)
            seed = std::stoull(line.substr(8));
        if (line.rfind("# cluster: ", 0) == 0) { // a topology file beside the script
            std::ifstream f((kScenarioDir + "/").toStdString() + line.substr(11));
            std::stringstream text;
            text << f.rdbuf();
            topology = cluster::Topology::fromYaml(text.str(), line.substr(11));
        }
    }
    if (seedOverride)
        seed = seedOverride;
    cluster::Cluster cluster(seed, topology);
    std::ostringstream out;
    shell::Shell sh(cluster, out, out);
    sh.setBaseDirectory(kScenarioDir.toStdString());
    std::istringstream body(script.str());
    Outcome o;
    o.status = sh.runScript(body);
    o.output = out.str() + "[exit status " + std::to_string(o.status) + "]\n";
    o.traceHash = cluster.sim().trace().sha256();
    return o;
}

std::string firstDifference(const std::string& a, const std::string& b)
{
    std::istringstream sa(a), sb(b);
    std::string la, lb;
    for (int n = 1;; ++n) {
        bool ha = bool(std::getline(sa, la)), hb = bool(std::getline(sb, lb));
        if (!ha && !hb)
            return "identical";
        if (la != lb || ha != hb)
            return "line " + std::to_string(n) + ":\n  expected: " + (hb ? lb : "<end>") +
                   "\n  actual:   " + (ha ? la : "<end>");
    }
}
} // namespace

class tst_Scenarios : public QObject
{
    Q_OBJECT
private slots:
    void golden_data()
    {
        QTest::addColumn<QString>("script");
        const auto files = QDir(kScenarioDir).entryList({"*.sh"}, QDir::Files, QDir::Name);
        QVERIFY2(!files.isEmpty(), "no scenarios found");
        for (const QString& f : files)
            QTest::newRow(f.toUtf8().constData()) << kScenarioDir + "/" + f;
    }
    void golden()
    {
        QFETCH(QString, script);
        const Outcome o = runScenario(script);
        QString expectedPath = script;
        expectedPath.replace(QRegularExpression("\\.sh$"), ".expected");
        if (qEnvironmentVariableIsSet("KUBELAB_REWRITE")) {
            std::ofstream(expectedPath.toStdString()) << o.output;
            QSKIP("rewrote the expected output");
        }
        std::ifstream in(expectedPath.toStdString());
        QVERIFY2(in.good(), qPrintable("missing " + expectedPath +
                                       " (run once with KUBELAB_REWRITE=1, then read it)"));
        std::stringstream expected;
        expected << in.rdbuf();
        QVERIFY2(o.output == expected.str(), firstDifference(o.output, expected.str()).c_str());
    }

    // The comparison itself must be able to fail: a changed line is reported.
    void goldenComparisonDetectsChange()
    {
        QCOMPARE(QString::fromStdString(firstDifference("a\nb\n", "a\nb\n")), QString("identical"));
        QVERIFY(firstDifference("a\nb\n", "a\nc\n").find("line 2") != std::string::npos);
        QVERIFY(firstDifference("a\n", "a\nb\n") != "identical");
    }

    void sameSeedSameTrace()
    {
        const QString nginx = kScenarioDir + "/nginx-deployment.sh";
        const Outcome a = runScenario(nginx, 7);
        const Outcome b = runScenario(nginx, 7);
        QCOMPARE(a.traceHash, b.traceHash);
        QCOMPARE(a.output, b.output);
        const Outcome c = runScenario(nginx, 8);
        QVERIFY(a.traceHash != c.traceHash);
    }

    void traceHashCommandMatchesTrace()
    {
        cluster::Cluster cluster(1);
        std::ostringstream out;
        shell::Shell sh(cluster, out, out);
        sh.execute("trace --hash");
        QCOMPARE(out.str(), cluster.sim().trace().sha256() + "\n");
        QCOMPARE(out.str().size(), size_t(65));
    }

    void failingCommandSetsExitStatus()
    {
        cluster::Cluster cluster(1);
        std::ostringstream out, err;
        shell::Shell sh(cluster, out, err);
        std::istringstream ok("kubectl get nodes\ntime\n");
        QCOMPARE(sh.runScript(ok), 0);
        std::istringstream bad("kubectl get pods nope\nkubectl get nodes\n");
        QCOMPARE(sh.runScript(bad), 1);
        // The shell went on after the failure.
        QVERIFY(out.str().find("worker-3") != out.str().rfind("worker-3"));
        QVERIFY(err.str().find("pods \"nope\" not found") != std::string::npos);
    }

    void settleStopsAfterQuiet()
    {
        cluster::Cluster cluster(1);
        const sim::Time start = cluster.sim().now();
        const sim::Time t = cluster.settle(10 * sim::kMinute);
        QCOMPARE(t - start, 10 * sim::kSecond); // nothing but periodic timers
        QVERIFY(cluster.settle(2 * sim::kSecond) - t == 2 * sim::kSecond); // MAX wins
    }

    void wordSplitting_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QStringList>("words");
        QTest::addColumn<bool>("ok");
        QTest::newRow("plain") << "kubectl get pods" << QStringList{"kubectl", "get", "pods"}
                               << true;
        QTest::newRow("single quotes")
            << "kubectl patch deploy web -p '{\"spec\": {\"replicas\": 2}}'"
            << QStringList{"kubectl", "patch", "deploy",
                           "web",     "-p",    "{\"spec\": {\"replicas\": 2}}"}
            << true;
        QTest::newRow("double quotes")
            << "echo \"a b\\\" c\"" << QStringList{"echo", "a b\" c"} << true;
        QTest::newRow("comment") << "time # now" << QStringList{"time"} << true;
        QTest::newRow("hash inside word") << "a#b" << QStringList{"a#b"} << true;
        QTest::newRow("unterminated") << "echo 'oops" << QStringList{} << false;
    }
    void wordSplitting()
    {
        QFETCH(QString, line);
        QFETCH(QStringList, words);
        QFETCH(bool, ok);
        std::vector<std::string> got;
        std::string error;
        QCOMPARE(shell::splitWords(line.toStdString(), got, &error), ok);
        if (!ok) {
            QVERIFY(error.find("unterminated") != std::string::npos);
            return;
        }
        QStringList gotList;
        for (const auto& w : got)
            gotList << QString::fromStdString(w);
        QCOMPARE(gotList, words);
    }
};

QTEST_GUILESS_MAIN(tst_Scenarios)
#include "tst_scenarios.moc"
