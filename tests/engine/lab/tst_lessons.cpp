// Every lab in lessons/, run headless as `kubelab-sim lab run --solution` does: each
// step's check fails when the step opens and holds after its reference solution, every
// prediction grades exactly one choice true, every debrief reference resolves, and a
// second run gives the same verdicts and the same trace. Synthetic broken labs show each
// of these complaints can be raised.
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/lab/lab.h"
#include "engine/lab/runner.h"
#include "engine/shell/shell.h"

namespace fs = std::filesystem;
using namespace kubelab;

namespace {

std::string readFile(const fs::path& path)
{
    std::ifstream f(path, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

const fs::path kLessons = fs::path(KUBELAB_SOURCE_DIR) / "lessons";

// What is wrong with a lab's headless run with its solutions; empty when nothing.
std::vector<std::string> problems(const lab::Lab& l, const lab::RunReport& r)
{
    std::vector<std::string> out;
    if (!r.setupOk)
        out.push_back("setup failed: " + r.setupError);
    for (size_t i = 0; i < r.steps.size(); ++i) {
        const auto& s = r.steps[i];
        const std::string step = "step " + std::to_string(i + 1) + ": ";
        if (s.before.holds)
            out.push_back(step + "the check already holds before the solution");
        if (!s.before.error.empty() || !s.after.error.empty())
            out.push_back(step + "the check cannot be evaluated: " + s.before.error +
                          s.after.error);
        if (!s.solutionOk)
            out.push_back(step + "the solution failed: " + s.solutionError);
        if (!s.after.holds)
            out.push_back(step + "the check does not hold after the solution (" + s.after.observed +
                          ")");
        if (l.steps[i].prediction) {
            if (!s.prediction)
                out.push_back(step + "the prediction was not graded");
            else if (s.prediction->answer < 0)
                out.push_back(s.prediction->problem);
        }
    }
    for (const auto& ref : r.references)
        if (!ref.seq)
            out.push_back("debrief: " + ref.text + " matches no Event");
    return out;
}

std::string joined(const std::vector<std::string>& v)
{
    std::string out;
    for (const auto& s : v)
        out += s + "\n";
    return out;
}

// A one-step lab around `check`, `choices` and a debrief reference.
std::string syntheticLab(const std::string& check, const std::string& choiceA,
                         const std::string& choiceB, const std::string& debriefRef)
{
    return "id: synthetic\ntitle: Synthetic\nchapter: scheduler/overview\nminutes: 1\n"
           "steps:\n"
           "  - instruction: Create web.\n"
           "    check: '" +
           check +
           "'\n"
           "    hints: [kubectl create deployment]\n"
           "    solution: |\n"
           "      kubectl create deployment web --image=nginx --replicas=2\n"
           "      settle\n"
           "    prediction:\n"
           "      question: How many?\n"
           "      choices:\n"
           "        - {text: A, check: '" +
           choiceA +
           "'}\n"
           "        - {text: B, check: '" +
           choiceB +
           "'}\n"
           "debrief: 'See " +
           debriefRef + "'\n";
}

} // namespace

class tst_Lessons : public QObject
{
    Q_OBJECT

private slots:
    void index();
    void labs_data();
    void labs();
    void withoutSolutionFails();
    void brokenLabs_data();
    void brokenLabs();
};

void tst_Lessons::index()
{
    const auto ids = lab::decodeLabIndex(readFile(kLessons / "index.yaml"), "lessons/index.yaml");
    QVERIFY(ids.size() >= 12);
    std::set<std::string> files;
    for (const auto& e : fs::directory_iterator(kLessons))
        if (e.path().extension() == ".yaml" && e.path().filename() != "index.yaml")
            files.insert(e.path().stem().string());
    QCOMPARE(files, std::set<std::string>(ids.begin(), ids.end()));
    for (const std::string& id : ids) {
        const auto l = lab::decodeLab(readFile(kLessons / (id + ".yaml")), id + ".yaml");
        QCOMPARE(l.id, id);
    }
}

void tst_Lessons::labs_data()
{
    QTest::addColumn<QString>("id");
    for (const std::string& id :
         lab::decodeLabIndex(readFile(kLessons / "index.yaml"), "lessons/index.yaml"))
        QTest::newRow(id.c_str()) << QString::fromStdString(id);
}

void tst_Lessons::labs()
{
    QFETCH(QString, id);
    const std::string file = "lessons/" + id.toStdString() + ".yaml";
    const lab::Lab l = lab::decodeLab(readFile(fs::path(KUBELAB_SOURCE_DIR) / file), file);
    const lab::RunReport r = lab::runLab(l, true, shell::runScriptText);
    const auto found = problems(l, r);
    QVERIFY2(found.empty(), joined(found).c_str());
    QVERIFY(r.passed);
    // Determinism: the same verdicts, answers and trace on a second run.
    const lab::RunReport again = lab::runLab(l, true, shell::runScriptText);
    QCOMPARE(again.traceSha256, r.traceSha256);
    QCOMPARE(again.toJson(l).dump(), r.toJson(l).dump());
}

void tst_Lessons::withoutSolutionFails()
{
    // Without the solutions nothing moves: no step passes and the run does not.
    const std::string file = "lessons/sched-requests.yaml";
    const lab::Lab l = lab::decodeLab(readFile(fs::path(KUBELAB_SOURCE_DIR) / file), file);
    const lab::RunReport r = lab::runLab(l, false, shell::runScriptText);
    QVERIFY(!r.passed);
    for (const auto& s : r.steps) {
        QVERIFY(!s.before.holds);
        QVERIFY(!s.solutionRan);
        QVERIFY(!s.prediction);
    }
}

void tst_Lessons::brokenLabs_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("problems");
    const std::string ref = "{{event:reason=ScalingReplicaSet,object=deployment/web}}";
    QTest::newRow("sound") << QString::fromStdString(syntheticLab("count(pods{app=web}) == 2",
                                                                  "count(pods{app=web}) == 1",
                                                                  "count(pods{app=web}) == 2", ref))
                           << "";
    QTest::newRow("two true choices")
        << QString::fromStdString(syntheticLab("count(pods{app=web}) == 2",
                                               "count(pods{app=web}) >= 1",
                                               "count(pods{app=web}) == 2", ref))
        << "step 1's prediction has 2 true choices once its check holds; a prediction needs "
           "exactly one\n";
    QTest::newRow("no true choice")
        << QString::fromStdString(syntheticLab("count(pods{app=web}) == 2",
                                               "count(pods{app=web}) == 1",
                                               "count(pods{app=web}) == 3", ref))
        << "step 1's prediction has 0 true choices once its check holds; a prediction needs "
           "exactly one\n";
    QTest::newRow("check holds before")
        << QString::fromStdString(syntheticLab("count(pods{app=web}) <= 2",
                                               "count(pods{app=web}) == 1",
                                               "count(pods{app=web}) == 2", ref))
        << "step 1: the check already holds before the solution\n";
    QTest::newRow("check never holds")
        << QString::fromStdString(syntheticLab("count(pods{app=web}) == 3",
                                               "count(pods{app=web}) == 1",
                                               "count(pods{app=web}) == 2", ref))
        << "step 1: the check does not hold after the solution (count(pods{app=web}) is 2)\n"
           "step 1: the prediction was not graded\n";
    QTest::newRow("unresolved reference")
        << QString::fromStdString(
               syntheticLab("count(pods{app=web}) == 2", "count(pods{app=web}) == 1",
                            "count(pods{app=web}) == 2", "{{event:reason=FailedScheduling}}"))
        << "debrief: {{event:reason=FailedScheduling}} matches no Event\n";
}

void tst_Lessons::brokenLabs()
{
    QFETCH(QString, text);
    QFETCH(QString, problems);
    const lab::Lab l = lab::decodeLab(text.toStdString(), "synthetic.yaml");
    const lab::RunReport r = lab::runLab(l, true, shell::runScriptText);
    QCOMPARE(QString::fromStdString(joined(::problems(l, r))), problems);
    // A check that held from the start still holds at the end: the run passes, and only
    // this test's "fails before its solution" rule catches the lab.
    QCOMPARE(r.passed, problems.isEmpty() || problems.startsWith("step 1: the check already"));
}

QTEST_GUILESS_MAIN(tst_Lessons)
#include "tst_lessons.moc"
