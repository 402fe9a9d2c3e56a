// Decoding lab files: a well-formed lab decodes to what it says, and each kind of
// mistake is refused with the file:line:column a learner's editor can jump to.
#include <QtTest>

#include "engine/lab/lab.h"
#include "engine/model/decode.h"

using kubelab::lab::decodeLab;
using kubelab::lab::decodeLabIndex;

namespace {

// A small valid lab; each error row replaces one line of it.
const char* kGood = R"(id: tiny
title: A tiny lab
chapter: scheduler/overview
minutes: 5
cluster:
  seed: 42
  workers: [{count: 2}]
setup:
  commands: |
    kubectl create deployment web --image=nginx
  faults:
    - {after: 30s, stop: scheduler}
steps:
  - instruction: Scale it.
    check: count(pods{app=web}) == 2
    hints: [Use kubectl scale.]
    solution: |
      kubectl scale deployment web --replicas=2
      settle
    prediction:
      question: How many?
      choices:
        - {text: One, check: "count(pods{app=web}) == 1"}
        - {text: Two, check: "count(pods{app=web}) == 2"}
debrief: |
  See {{event:reason=ScalingReplicaSet, object=deployment/web}}.
)";

std::string replaceLine(const std::string& text, int line, const std::string& with)
{
    std::istringstream in(text);
    std::string out, l;
    for (int n = 1; std::getline(in, l); ++n)
        out += (n == line ? with : l) + "\n";
    return out;
}

} // namespace

class tst_LabDecoder : public QObject
{
    Q_OBJECT

private slots:
    void good();
    void errors_data();
    void errors();
    void blockScalarCheckPlace();
    void index();
};

void tst_LabDecoder::good()
{
    const auto lab = decodeLab(kGood, "tiny.yaml");
    QCOMPARE(lab.id, std::string("tiny"));
    QCOMPARE(lab.chapter, std::string("scheduler/overview"));
    QCOMPARE(lab.minutes, 5);
    QCOMPARE(lab.seed, std::uint64_t(42));
    QCOMPARE(lab.topology.workers.size(), size_t(1));
    QCOMPARE(lab.topology.workers[0].count, 2);
    QCOMPARE(lab.faults.size(), size_t(1));
    QCOMPARE(lab.faults[0].after, 30 * kubelab::sim::kSecond);
    QCOMPARE(lab.faults[0].component, std::string("scheduler"));
    QCOMPARE(lab.steps.size(), size_t(1));
    QCOMPARE(lab.steps[0].hints.size(), size_t(1));
    QVERIFY(lab.steps[0].prediction);
    QCOMPARE(lab.steps[0].prediction->choices.size(), size_t(2));
    QCOMPARE(lab.steps[0].prediction->choices[1].check.text(),
             std::string("count(pods{app=web}) == 2"));
    QCOMPARE(lab.debriefReferences.size(), size_t(1));
    QCOMPARE(lab.debriefReferences[0].selector.reason, std::string("ScalingReplicaSet"));
    QCOMPARE(lab.debriefReferences[0].selector.objectKind, std::string("Deployment"));
}

void tst_LabDecoder::errors_data()
{
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("replacement");
    QTest::addColumn<QString>("error");
    auto row = [](const char* name, int line, const char* with, const char* error) {
        QTest::newRow(name) << line << QString::fromUtf8(with) << QString::fromUtf8(error);
    };
    row("unknown key", 4, "minuts: 5",
        "tiny.yaml:4:1: unknown field \"minuts\" (expected id, title, chapter, minutes, steps, "
        "debrief, cluster, setup)");
    row("missing key", 2, "# no title", "tiny.yaml:1:1: missing required field \"title\"");
    row("wrong type", 4, "minutes: five",
        "tiny.yaml:4:10: minutes: expected a whole number between 1 and 240");
    row("quoted number", 4, "minutes: \"5\"",
        "tiny.yaml:4:10: minutes: expected a whole number between 1 and 240");
    row("bad id", 1, "id: Tiny_Lab",
        "tiny.yaml:1:5: id: Invalid value: \"Tiny_Lab\": lower-case letters, digits and '-', at "
        "most 63");
    row("bad chapter", 3, "chapter: scheduler",
        "tiny.yaml:3:10: chapter: Invalid value: \"scheduler\": a chapter ID such as "
        "scheduler/overview");
    row("topology key", 7, "  workers: [{count: 2, cpu: 4}]",
        "tiny.yaml:7:24: workers[0]: unknown field \"cpu\" (expected count, prefix, capacity, "
        "labels, taints)");
    row("cluster key", 6, "  sed: 42",
        "tiny.yaml:6:3: unknown field \"sed\" (expected controlPlanes, controlPlane, workers, "
        "registry, dns, seed)");
    row("bad seed", 6, "  seed: -1", "tiny.yaml:6:9: cluster.seed: expected a whole number");
    row("fault both", 12, "    - {after: 30s, stop: scheduler, start: scheduler}",
        "tiny.yaml:12:7: setup.faults[0]: give exactly one of stop: or start: COMPONENT");
    row("fault duration", 12, "    - {after: soon, stop: scheduler}",
        "tiny.yaml:12:15: setup.faults[0].after: invalid duration \"soon\" (e.g. 0s, 30s, 2m)");
    row("fault component", 12, "    - {after: 1s, stop: etcd}",
        "tiny.yaml:12:25: setup.faults[0]: unknown component \"etcd\" (kubelet/NODE, scheduler, "
        "controller-manager)");
    row("bad check", 15, "    check: count(pods{app=web}) = 2",
        "tiny.yaml:15:33: use == to compare");
    row("bad check in quotes", 24, "        - {text: One, check: \"count(pods{app=web) == 1\"}",
        "tiny.yaml:24:49: expected \",\" or \"}\" in the selector, found \")\"");
    row("missing check", 15, "    chek: count(pods{app=web}) == 2",
        "tiny.yaml:15:5: steps[0]: unknown field \"chek\" (expected instruction, check, hints, "
        "solution, prediction)");
    row("hints not a list", 16, "    hints: Use kubectl scale.",
        "tiny.yaml:16:12: steps[0].hints: expected a list of strings");
    row("one choice", 24, "",
        "tiny.yaml:23:9: steps[0].prediction.choices: expected a list of at least two choices");
    row("choice key", 24, "        - {text: One, check: \"count(pods) == 1\", right: true}",
        "tiny.yaml:24:50: steps[0].prediction.choices[1]: unknown field \"right\" (expected "
        "text, check)");
    row("debrief reference", 26, "  See {{event:reason=X, objet=pod/web}}.",
        "tiny.yaml:26:25: unknown event field \"objet\" (reason, object, namespace, type, which)");
    row("debrief unknown reference", 26, "  See {{trace:12}}.",
        "tiny.yaml:26:7: debrief: unknown reference \"{{trace:12}}\" (write "
        "{{event:reason=REASON,object=KIND/NAME}})");
    row("yaml syntax", 14, "  - instruction: [Scale it.",
        "tiny.yaml:15:10: did not find expected ',' or ']'");
}

void tst_LabDecoder::errors()
{
    QFETCH(int, line);
    QFETCH(QString, replacement);
    QFETCH(QString, error);
    const std::string text = replaceLine(kGood, line, replacement.toStdString());
    try {
        decodeLab(text, "tiny.yaml");
        QFAIL("decoded");
    } catch (const kubelab::model::DecodeError& e) {
        QCOMPARE(QString::fromStdString(e.what()), error);
    }
}

void tst_LabDecoder::blockScalarCheckPlace()
{
    // A check in a block scalar: the error is on the file's line of the check's line.
    const std::string text = replaceLine(
        kGood, 15, "    check: |\n      count(pods{app=web}) == 2\n      and now >> @1m");
    try {
        decodeLab(text, "tiny.yaml");
        QFAIL("decoded");
    } catch (const kubelab::model::DecodeError& e) {
        QCOMPARE(QString::fromStdString(e.what()),
                 QString("tiny.yaml:17:16: expected a value, found \">\""));
    }
}

void tst_LabDecoder::index()
{
    QCOMPARE(decodeLabIndex("labs:\n  - a-lab\n  - b-lab\n", "index.yaml"),
             (std::vector<std::string>{"a-lab", "b-lab"}));
    try {
        decodeLabIndex("labs:\n  - a-lab\n  - a-lab\n", "index.yaml");
        QFAIL("decoded");
    } catch (const kubelab::model::DecodeError& e) {
        QCOMPARE(std::string(e.what()),
                 std::string("index.yaml:3:5: labs[1]: Duplicate value: \"a-lab\""));
    }
    try {
        decodeLabIndex("lab:\n  - a-lab\n", "index.yaml");
        QFAIL("decoded");
    } catch (const kubelab::model::DecodeError& e) {
        QCOMPARE(std::string(e.what()),
                 std::string("index.yaml:1:1: unknown field \"lab\" (expected labs)"));
    }
}

QTEST_GUILESS_MAIN(tst_LabDecoder)
#include "tst_lab_decoder.moc"
