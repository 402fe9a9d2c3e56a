#include "app/labs/step_card.h"

#include <algorithm>

#include <QButtonGroup>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QStyle>
#include <QVBoxLayout>

#include "app/notes/notes_bridge.h"

namespace kubelab::app {

namespace {
QLabel* prose(const QString& markdown, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setTextFormat(Qt::MarkdownText);
    label->setText(markdown);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    label->setOpenExternalLinks(true);
    label->setMinimumWidth(1);
    return label;
}

QFrame* panel(QWidget* parent, const char* name)
{
    auto* frame = new QFrame(parent);
    frame->setObjectName(QLatin1String(name));
    return frame;
}

QString escaped(const QString& text)
{
    return text.toHtmlEscaped();
}
} // namespace

QList<MarkdownPart> splitCodeBlocks(const QString& markdown)
{
    QList<MarkdownPart> parts;
    static const QRegularExpression fence(QStringLiteral("^(\\s*)(```+|~~~+)\\s*([^\\s`]*)"));
    QStringList prose, code;
    QString language, closing;
    bool inCode = false;
    auto flushProse = [&] {
        const QString text = prose.join(QLatin1Char('\n')).trimmed();
        if (!text.isEmpty())
            parts.append({text, {}, false});
        prose.clear();
    };
    for (const QString& line : markdown.split(QLatin1Char('\n'))) {
        const auto m = fence.match(line);
        if (!inCode && m.hasMatch()) {
            flushProse();
            inCode = true;
            closing = m.captured(2);
            language = m.captured(3).toLower();
            continue;
        }
        if (inCode && line.trimmed().startsWith(closing)) {
            parts.append({code.join(QLatin1Char('\n')), language, true});
            code.clear();
            inCode = false;
            continue;
        }
        (inCode ? code : prose).append(line);
    }
    if (inCode) // an unclosed fence runs to the end, as CommonMark reads it
        parts.append({code.join(QLatin1Char('\n')), language, true});
    flushProse();
    return parts;
}

StepCard::StepCard(const lab::Step& step, int index, int count, QWidget* parent)
    : QFrame(parent), m_step(step), m_index(index)
{
    setObjectName(QStringLiteral("stepCard"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(14, 10, 14, 12);
    auto* head = new QHBoxLayout;
    m_title = new QLabel(tr("Step %1 of %2").arg(index + 1).arg(count), this);
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.1);
    m_title->setFont(bold);
    m_stateLabel = new QLabel(this);
    head->addWidget(m_title);
    head->addStretch(1);
    head->addWidget(m_stateLabel);
    outer->addLayout(head);

    m_body = new QWidget(this);
    auto* body = new QVBoxLayout(m_body);
    body->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_body);
    buildInstruction(QString::fromStdString(step.instruction), body);
    if (step.prediction)
        buildPrediction(*step.prediction, body);
    m_check = new QLabel(m_body);
    m_check->setWordWrap(true);
    m_check->setTextFormat(Qt::RichText);
    m_check->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_check->setMinimumWidth(1); // a long check wraps where it can, and is cut where not
    body->addWidget(m_check);
    buildHelp(body);
    setVerdict({});
    updateLook();
}

void StepCard::buildInstruction(const QString& markdown, QVBoxLayout* into)
{
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (const MarkdownPart& part : splitCodeBlocks(markdown)) {
        if (!part.code) {
            into->addWidget(prose(part.text, m_body));
            continue;
        }
        QFrame* box = panel(m_body, "codeBlock");
        auto* row = new QHBoxLayout(box);
        row->setContentsMargins(8, 6, 6, 6);
        auto* code = new QLabel(part.text, box);
        code->setFont(mono);
        code->setTextFormat(Qt::PlainText);
        code->setWordWrap(true);
        code->setMinimumWidth(1);
        code->setTextInteractionFlags(Qt::TextSelectableByMouse);
        row->addWidget(code, 1);
        const bool yaml = part.language == QLatin1String("yaml");
        const bool shell = part.language.isEmpty() || part.language == QLatin1String("sh") ||
                           part.language == QLatin1String("shell") ||
                           part.language == QLatin1String("bash");
        if (yaml || shell) {
            auto* button = new QPushButton(yaml ? tr("Apply") : tr("Run"), box);
            button->setToolTip(yaml ? tr("kubectl apply this manifest to the lab's cluster")
                                    : tr("Run these commands in the lab's cluster"));
            const QString script =
                yaml ? NotesBridge::applyScript(part.text) : NotesBridge::runScript(part.text);
            connect(button, &QPushButton::clicked, this,
                    [this, script] { Q_EMIT scriptRequested(script); });
            row->addWidget(button, 0, Qt::AlignTop);
            m_blockButtons.append(button);
        }
        into->addWidget(box);
    }
}

void StepCard::buildPrediction(const lab::Prediction& prediction, QVBoxLayout* into)
{
    m_predictionBox = panel(m_body, "predictionBox");
    auto* box = new QVBoxLayout(m_predictionBox);
    box->setContentsMargins(10, 8, 10, 8);
    auto* heading = new QLabel(
        tr("<b>Predict first.</b> %1").arg(escaped(QString::fromStdString(prediction.question))),
        m_predictionBox);
    heading->setWordWrap(true);
    box->addWidget(heading);
    m_choiceGroup = new QButtonGroup(this);
    for (size_t i = 0; i < prediction.choices.size(); ++i) {
        auto* choice =
            new QRadioButton(QString::fromStdString(prediction.choices[i].text), m_predictionBox);
        m_choiceGroup->addButton(choice, int(i));
        m_choices.append(choice);
        box->addWidget(choice);
    }
    auto* row = new QHBoxLayout;
    m_lock = new QPushButton(tr("Lock in my answer"), m_predictionBox);
    m_lock->setEnabled(false);
    row->addWidget(m_lock);
    row->addStretch(1);
    box->addLayout(row);
    m_result = new QLabel(m_predictionBox);
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_result->hide();
    box->addWidget(m_result);
    connect(m_choiceGroup, &QButtonGroup::idToggled, this,
            [this] { m_lock->setEnabled(m_answer < 0 && m_choiceGroup->checkedId() >= 0); });
    connect(m_lock, &QPushButton::clicked, this, [this] {
        const int choice = m_choiceGroup->checkedId();
        if (choice >= 0 && m_answer < 0)
            Q_EMIT answerLocked(choice);
    });
    into->addWidget(m_predictionBox);
}

void StepCard::buildHelp(QVBoxLayout* into)
{
    for (const std::string& hint : m_step.hints) {
        QLabel* label = prose(tr("**Hint.** ") + QString::fromStdString(hint), m_body);
        label->setObjectName(QStringLiteral("hint"));
        label->hide();
        m_hints.append(label);
        into->addWidget(label);
    }
    auto* row = new QHBoxLayout;
    if (!m_step.hints.empty()) {
        m_hintButton = new QPushButton(m_body);
        connect(m_hintButton, &QPushButton::clicked, this, &StepCard::hintRequested);
        row->addWidget(m_hintButton);
    }
    m_solutionButton = new QPushButton(tr("Show the solution…"), m_body);
    row->addWidget(m_solutionButton);
    row->addStretch(1);
    into->addLayout(row);

    // The confirmation sits in the card rather than in a modal dialog: the learner can
    // still read the step (and the cluster) while deciding.
    m_confirmBox = panel(m_body, "confirmBox");
    auto* confirm = new QHBoxLayout(m_confirmBox);
    confirm->setContentsMargins(10, 6, 10, 6);
    auto* ask = new QLabel(tr("The solution gives the step away. Try a hint first?"), m_confirmBox);
    ask->setWordWrap(true);
    m_confirmSolution = new QPushButton(tr("Show it"), m_confirmBox);
    auto* cancel = new QPushButton(tr("Not yet"), m_confirmBox);
    confirm->addWidget(ask, 1);
    confirm->addWidget(m_confirmSolution);
    confirm->addWidget(cancel);
    m_confirmBox->hide();
    into->addWidget(m_confirmBox);

    m_solutionBox = panel(m_body, "codeBlock");
    auto* solution = new QHBoxLayout(m_solutionBox);
    solution->setContentsMargins(8, 6, 6, 6);
    auto* code = new QLabel(QString::fromStdString(m_step.solution).trimmed(), m_solutionBox);
    code->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    code->setTextFormat(Qt::PlainText);
    code->setWordWrap(true);
    code->setMinimumWidth(1);
    code->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_runSolution = new QPushButton(tr("Run"), m_solutionBox);
    m_runSolution->setToolTip(tr("Run the reference solution in the lab's cluster"));
    solution->addWidget(code, 1);
    solution->addWidget(m_runSolution, 0, Qt::AlignTop);
    m_solutionBox->hide();
    into->addWidget(m_solutionBox);

    connect(m_solutionButton, &QPushButton::clicked, this, [this] {
        m_confirmBox->show();
        m_solutionButton->setEnabled(false);
    });
    connect(cancel, &QPushButton::clicked, this, [this] {
        m_confirmBox->hide();
        m_solutionButton->setEnabled(true);
    });
    connect(m_confirmSolution, &QPushButton::clicked, this, [this] {
        setSolutionShown(true);
        Q_EMIT solutionRevealed();
    });
    connect(m_runSolution, &QPushButton::clicked, this,
            [this] { Q_EMIT scriptRequested(QString::fromStdString(m_step.solution)); });
    setHintsShown(0);
}

void StepCard::setState(State state)
{
    m_state = state;
    updateLook();
}

void StepCard::updateLook()
{
    setProperty("state", m_state == State::Current ? "current"
                         : m_state == State::Done  ? "done"
                                                   : "locked");
    // Later steps stay folded until the learner gets there: their instructions would give
    // the earlier ones away.
    m_body->setVisible(m_state != State::Locked);
    switch (m_state) {
    case State::Locked: m_stateLabel->setText(tr("after step %1").arg(m_index)); break;
    case State::Current: m_stateLabel->setText(tr("now")); break;
    case State::Done: m_stateLabel->setText(tr("✓ done")); break;
    }
    const bool open = m_state == State::Current;
    for (QPushButton* b : m_blockButtons)
        b->setEnabled(open);
    m_runSolution->setEnabled(open);
    if (m_hintButton)
        m_hintButton->setEnabled(open && m_hintsShown < m_hints.size());
    m_solutionButton->setEnabled(open && m_solutionBox->isHidden() && m_confirmBox->isHidden());
    if (m_state == State::Done) {
        m_confirmBox->hide();
        if (m_lock)
            m_lock->hide();
    }
    style()->unpolish(this);
    style()->polish(this);
}

void StepCard::setVerdict(const lab::Verdict& verdict)
{
    const QString check = escaped(QString::fromStdString(m_step.check.text()).simplified());
    QString state;
    if (!verdict.error.empty())
        state = tr("<span style='color:#c62828'>cannot be checked: %1</span>")
                    .arg(escaped(QString::fromStdString(verdict.error)));
    else if (verdict.holds)
        state = tr("<span style='color:#2e7d32'><b>✓ holds</b></span>");
    else if (!verdict.observed.empty())
        state = tr("not yet: %1").arg(escaped(QString::fromStdString(verdict.observed)));
    else
        state = tr("not yet");
    m_check->setText(tr("<b>Check</b> <code>%1</code><br>%2").arg(check, state));
    m_check->setToolTip(tr("Re-checked against the cluster whenever it moves"));
}

void StepCard::setAnswer(int choice)
{
    m_answer = choice;
    if (!m_predictionBox)
        return;
    if (choice >= 0 && choice < m_choices.size())
        m_choices[choice]->setChecked(true);
    for (QRadioButton* c : m_choices)
        c->setEnabled(choice < 0);
    m_lock->setVisible(choice < 0);
    m_lock->setEnabled(false);
    if (choice >= 0) {
        m_result->setText(tr("Your prediction is locked in. Now do the step and watch: it is "
                             "graded when the check holds."));
        m_result->show();
    }
}

void StepCard::setGrade(const lab::PredictionGrade& grade, int answer)
{
    if (!m_result)
        return;
    if (grade.answer < 0) {
        m_result->setText(tr("<span style='color:#c62828'>This prediction cannot be graded: "
                             "%1</span>")
                              .arg(escaped(QString::fromStdString(grade.problem))));
    } else if (grade.answer == answer) {
        m_result->setText(tr("<b style='color:#2e7d32'>✓ Right.</b> The cluster did just that."));
    } else {
        m_result->setText(
            tr("<b style='color:#c62828'>✗ Not this time.</b> What happened: <i>%1</i>")
                .arg(escaped(QString::fromStdString(grade.choices[size_t(grade.answer)].text))));
    }
    m_result->show();
}

void StepCard::setRememberedGrade(int answer, bool correct)
{
    setAnswer(answer);
    if (!m_result)
        return;
    m_result->setText(correct ? tr("<b style='color:#2e7d32'>✓ You predicted this right.</b>")
                              : tr("<b style='color:#c62828'>✗ Your prediction did not "
                                   "happen.</b>"));
    m_result->show();
}

void StepCard::setHintsShown(int count)
{
    m_hintsShown = std::clamp(count, 0, int(m_hints.size()));
    for (int i = 0; i < m_hints.size(); ++i)
        m_hints[i]->setVisible(i < m_hintsShown);
    if (m_hintButton) {
        m_hintButton->setText(
            m_hintsShown == 0 ? tr("Hint")
            : m_hintsShown < m_hints.size()
                ? tr("Next hint (%1 of %2)").arg(m_hintsShown + 1).arg(m_hints.size())
                : tr("No more hints"));
        m_hintButton->setEnabled(m_state == State::Current && m_hintsShown < m_hints.size());
    }
}

void StepCard::setSolutionShown(bool shown)
{
    m_confirmBox->hide();
    m_solutionBox->setVisible(shown);
    m_solutionButton->setEnabled(!shown && m_state == State::Current);
}

} // namespace kubelab::app
