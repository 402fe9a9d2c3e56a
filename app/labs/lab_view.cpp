#include "app/labs/lab_view.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

#include "app/core/simulation_controller.h"
#include "app/labs/step_card.h"
#include "app/progress/progress_store.h"
#include "engine/cluster/cluster.h"

namespace kubelab::app {

namespace {
// A check reads the watch cache: cheap, but play refreshes the views many times a second.
constexpr int kEvaluateMs = 150;
} // namespace

LabView::LabView(SimulationController* controller, ProgressStore* progress, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_progress(progress)
{
    setAccessibleName(tr("Lab"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    // The page takes the pane's width; long code lines wrap rather than widen it.
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    outer->addWidget(m_scroll);
    m_page = new QWidget(m_scroll);
    m_page->setObjectName(QStringLiteral("labPage"));
    m_layout = new QVBoxLayout(m_page);
    m_layout->setContentsMargins(24, 18, 24, 24);
    m_layout->setSpacing(12);
    m_scroll->setWidget(m_page);

    m_title = new QLabel(m_page);
    m_title->setWordWrap(true);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_title->setFont(big);
    m_about = new QLabel(m_page);
    m_about->setWordWrap(true);
    m_status = new QLabel(m_page);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("labStatus"));
    auto* buttons = new QHBoxLayout;
    m_reset = new QPushButton(tr("Reset"), m_page);
    m_chapter = new QPushButton(tr("Read the chapter"), m_page);
    buttons->addWidget(m_reset);
    buttons->addWidget(m_chapter);
    buttons->addStretch(1);
    m_layout->addWidget(m_title);
    m_layout->addWidget(m_about);
    m_layout->addLayout(buttons);
    m_layout->addWidget(m_status);
    m_layout->addStretch(1);

    // Light tints with dark text read the same on the light and the dark palette.
    m_page->setStyleSheet(QStringLiteral(
        "QFrame#stepCard { border: 1px solid palette(mid); border-radius: 6px; }"
        "QFrame#stepCard[state=\"current\"] { border: 2px solid palette(highlight); }"
        "QFrame#codeBlock { background: palette(alternate-base); border-radius: 4px; }"
        "QFrame#predictionBox { background: #fdeeca; border-radius: 4px; }"
        "QFrame#predictionBox QLabel, QFrame#predictionBox QRadioButton { color: #1d2024; }"
        "QFrame#confirmBox { background: #e4d9f7; border-radius: 4px; }"
        "QFrame#confirmBox QLabel { color: #1d2024; }"
        "QLabel#labStatus { background: palette(alternate-base); border-radius: 4px;"
        " padding: 6px; }"));

    connect(m_reset, &QPushButton::clicked, this, [this] {
        if (!m_lab)
            return;
        if (m_session && !m_passed && m_current > 0 &&
            QMessageBox::question(this, tr("Reset the lab"),
                                  tr("Build the lab's cluster again and start a new attempt? "
                                     "This attempt stays in your progress, unfinished.")) !=
                QMessageBox::Yes)
            return;
        m_startAgain = m_review;
        flushTime();
        Q_EMIT resetRequested(labId());
    });
    connect(m_chapter, &QPushButton::clicked, this, [this] {
        if (m_lab)
            Q_EMIT chapterRequested(QString::fromStdString(m_lab->chapter));
    });
    m_evaluate.setSingleShot(true);
    m_evaluate.setInterval(kEvaluateMs);
    connect(&m_evaluate, &QTimer::timeout, this, &LabView::evaluate);
    connect(m_controller, &SimulationController::advanced, this, [this] {
        if (m_session && !m_passed && !m_evaluate.isActive())
            m_evaluate.start();
    });
    m_reset->setEnabled(false);
    m_chapter->setEnabled(false);
}

// No progress is written here: the window's progress store may already be gone.
LabView::~LabView() = default;

QString LabView::labId() const
{
    return m_lab ? QString::fromStdString(m_lab->id) : QString();
}

void LabView::clear()
{
    if (m_session && m_controller->held())
        m_controller->setHold({});
    m_session.reset();
    m_evaluate.stop();
    qDeleteAll(m_cards);
    m_cards.clear();
    delete m_debriefHeading;
    delete m_debrief;
    m_debriefHeading = nullptr;
    m_debrief = nullptr;
    m_review = m_passed = false;
    m_current = 0;
    m_attempt = 0;
    m_answers.clear();
}

void LabView::showBuilding(std::shared_ptr<const lab::Lab> lab)
{
    flushTime();
    clear();
    m_lab = std::move(lab);
    build();
    m_status->setText(tr("Building the lab's cluster and running its setup…"));
    m_reset->setEnabled(false);
}

void LabView::build()
{
    const lab::Lab& l = *m_lab;
    m_title->setText(QString::fromStdString(l.title));
    const int workers = [&] {
        int n = 0;
        for (const auto& pool : l.topology.workers)
            n += pool.count;
        return n;
    }();
    const int steps = int(l.steps.size());
    m_about->setText(tr("%1, about %2 minutes. Its cluster (%3, seed %4) runs beside it: the "
                        "map, the event log and the console are the lab's now.")
                         .arg(steps == 1 ? tr("One step") : tr("%1 steps").arg(steps))
                         .arg(l.minutes)
                         .arg(workers == 1 ? tr("one worker") : tr("%1 workers").arg(workers))
                         .arg(l.seed));
    m_chapter->setEnabled(!l.chapter.empty());
    const int at = m_layout->count() - 1; // before the stretch
    for (size_t i = 0; i < l.steps.size(); ++i) {
        auto* card = new StepCard(l.steps[i], int(i), int(l.steps.size()), m_page);
        m_layout->insertWidget(at + int(i), card);
        m_cards.append(card);
        const int step = int(i);
        connect(card, &StepCard::answerLocked, this, [this, step](int choice) {
            if (!m_session || step != m_current || m_answers.value(step, 0) >= 0)
                return;
            m_answers[step] = choice;
            m_progress->predictionAnswered(m_attempt, step, choice);
            m_cards[step]->setAnswer(choice);
            m_controller->setHold({});
            evaluate();
        });
        connect(card, &StepCard::hintRequested, this, [this, card] {
            if (!m_session)
                return;
            card->setHintsShown(card->hintsShown() + 1);
            m_progress->hintUsed(m_attempt);
        });
        connect(card, &StepCard::scriptRequested, this, &LabView::runScript);
    }
}

void LabView::attach()
{
    if (!m_lab)
        return;
    const QString id = labId();
    m_reset->setEnabled(true);
    auto source = [c = m_controller]() -> cluster::Cluster& { return c->cluster(); };
    // Solutions run through the controller, like the console: the views follow them.
    auto runner = [c = m_controller](cluster::Cluster&, const std::string& script, std::string*,
                                     std::string*) {
        return c->runScript(QString::fromStdString(script));
    };
    const auto latest = m_progress->latestAttempt(id);
    if (!m_startAgain && latest && m_progress->labState(id) == LabState::Passed) {
        // Review: what the learner did when they passed it.
        std::optional<LabAttempt> passed;
        for (const LabAttempt& a : m_progress->attempts(id))
            if (a.passed && (!passed || a.finishedAt >= passed->finishedAt))
                passed = a;
        m_review = true;
        for (StepCard* card : m_cards)
            card->setState(StepCard::State::Done);
        int right = 0, predictions = 0;
        for (const PredictionAnswer& p : passed->predictions) {
            if (p.step < 0 || p.step >= m_cards.size())
                continue;
            ++predictions;
            right += p.correct.value_or(false);
            m_cards[p.step]->setRememberedGrade(p.choice, p.correct.value_or(false));
        }
        m_status->setText(
            tr("<b>Passed</b> on %1 · predictions right: %2 of %3 · hints used: %4. "
               "The cluster beside is the lab's starting point; <b>Start again</b> to do the "
               "lab once more.")
                .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(passed->finishedAt),
                                        QLocale::ShortFormat))
                .arg(right)
                .arg(predictions)
                .arg(passed->hintsUsed));
        m_reset->setText(tr("Start again"));
        showDebrief(false);
        return;
    }
    m_startAgain = false;
    m_session = std::make_unique<lab::LabSession>(*m_lab, runner, source);
    m_reset->setText(tr("Reset"));
    m_attempt = m_progress->startLab(id);
    m_answers = QList<int>(m_cards.size(), -1);
    m_spent.start();
    m_carryMs = 0;
    Q_EMIT labStateChanged(id);
    openStep(0);
    evaluate();
}

void LabView::detach(const QString& why)
{
    flushTime();
    if (m_session && m_controller->held())
        m_controller->setHold({});
    m_session.reset();
    m_evaluate.stop();
    for (StepCard* card : m_cards)
        if (card->state() == StepCard::State::Current)
            card->setState(StepCard::State::Locked);
    m_status->setText(why);
    m_reset->setText(tr("Build the lab again"));
    m_reset->setEnabled(m_lab != nullptr);
}

void LabView::openStep(int step)
{
    m_current = step;
    if (step >= m_cards.size())
        return;
    StepCard* card = m_cards[step];
    card->setState(StepCard::State::Current);
    if (m_lab->steps[size_t(step)].prediction && m_answers[step] < 0)
        m_controller->setHold(tr("Answer the prediction in the lab first (step %1): the cluster "
                                 "waits for it.")
                                  .arg(step + 1));
    m_status->setText(tr("Step %1 of %2. The check under each step is re-evaluated whenever "
                         "the cluster moves.")
                          .arg(step + 1)
                          .arg(m_cards.size()));
    // Once the new card has its size, bring it into view (the first under the lab's title).
    if (step > 0)
        QTimer::singleShot(0, this, [this, card] { m_scroll->ensureWidgetVisible(card, 0, 40); });
}

void LabView::evaluateNow()
{
    m_evaluate.stop();
    evaluate();
}

void LabView::evaluate()
{
    // A command in flight is judged when it has finished (its last advanced()).
    if (!m_session || m_passed || m_controller->inCommand())
        return;
    while (m_current < m_cards.size()) {
        const int i = m_current;
        const lab::Step& step = m_lab->steps[size_t(i)];
        if (step.prediction && m_answers[i] < 0)
            return; // held until answered
        const lab::Verdict verdict = m_session->check(size_t(i));
        m_cards[i]->setVerdict(verdict);
        if (!verdict.holds)
            return;
        if (step.prediction) {
            const auto grade = m_session->grade(size_t(i));
            m_cards[i]->setGrade(*grade, m_answers[i]);
            if (grade->answer >= 0)
                m_progress->predictionGraded(m_attempt, i, grade->answer == m_answers[i]);
        }
        m_progress->stepPassed(m_attempt, i);
        m_cards[i]->setState(StepCard::State::Done);
        flushTime();
        openStep(i + 1);
    }
    finish();
}

void LabView::finish()
{
    m_passed = true;
    m_controller->setHold({});
    flushTime();
    m_progress->finishLab(m_attempt, true);
    const auto attempt = m_progress->latestAttempt(labId());
    int right = 0, predictions = 0;
    if (attempt)
        for (const PredictionAnswer& p : attempt->predictions) {
            ++predictions;
            right += p.correct.value_or(false);
        }
    m_status->setText(tr("<b>Lab passed.</b> Predictions right: %1 of %2. Read the debrief "
                         "below; its event numbers open the event log there.")
                          .arg(right)
                          .arg(predictions));
    showDebrief(true);
    Q_EMIT labStateChanged(labId());
    QTimer::singleShot(0, this, [this] {
        if (m_debriefHeading)
            m_scroll->ensureWidgetVisible(m_debriefHeading, 0, 40);
    });
}

QString LabView::debriefMarkdown(bool live) const
{
    const lab::Lab& l = *m_lab;
    std::vector<lab::ResolvedReference> refs;
    if (live && m_session)
        refs = m_session->references();
    QString out;
    size_t from = 0;
    for (size_t i = 0; i < l.debriefReferences.size(); ++i) {
        const lab::EventReference& ref = l.debriefReferences[i];
        out += QString::fromStdString(l.debrief.substr(from, ref.offset - from));
        // Numbered as the event log numbers its rows (the record's place in the trace).
        const std::uint64_t place = i < refs.size() ? refs[i].place : 0;
        if (place)
            out += QStringLiteral("[event #%1](kubelab-trace:%1)").arg(place);
        else
            out += live ? tr("an event not in this run") : tr("an event of the run");
        from = ref.offset + ref.length;
    }
    return out + QString::fromStdString(l.debrief.substr(from));
}

void LabView::showDebrief(bool live)
{
    delete m_debriefHeading;
    delete m_debrief;
    m_debriefHeading = new QLabel(tr("What happened"), m_page);
    QFont bold = m_debriefHeading->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    m_debriefHeading->setFont(bold);
    m_debrief = new QLabel(m_page);
    m_debrief->setTextFormat(Qt::MarkdownText);
    m_debrief->setWordWrap(true);
    m_debrief->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_debrief->setOpenExternalLinks(false);
    m_debrief->setText(debriefMarkdown(live));
    connect(m_debrief, &QLabel::linkActivated, this, [this](const QString& link) {
        const QString prefix = QStringLiteral("kubelab-trace:");
        if (link.startsWith(prefix))
            Q_EMIT traceRecordRequested(link.mid(prefix.size()).toULongLong() - 1);
    });
    const int at = m_layout->count() - 1;
    m_layout->insertWidget(at, m_debriefHeading);
    m_layout->insertWidget(at + 1, m_debrief);
}

void LabView::runScript(const QString& script)
{
    if (!m_session)
        return;
    m_controller->runScript(script);
}

void LabView::flushTime()
{
    if (!m_attempt || !m_spent.isValid() || m_passed)
        return;
    const qint64 ms = m_spent.restart() + m_carryMs;
    m_carryMs = ms % 1000;
    if (ms >= 1000)
        m_progress->addLabTime(m_attempt, ms / 1000);
}

void LabView::saveTime()
{
    flushTime();
}

int LabView::revealText(const QString& text)
{
    if (text.isEmpty() || !m_lab)
        return -1;
    // A whole word, as the search matched it ("set" is not in "settle").
    const QRegularExpression word(QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(text)),
                                  QRegularExpression::CaseInsensitiveOption);
    for (int i = 0; i < m_cards.size(); ++i) {
        const lab::Step& s = m_lab->steps[size_t(i)];
        QString all = QString::fromStdString(s.instruction);
        for (const std::string& h : s.hints)
            all += QString::fromStdString(h);
        if (s.prediction)
            all += QString::fromStdString(s.prediction->question);
        if (all.contains(word)) {
            QTimer::singleShot(0, this,
                               [this, card = m_cards[i]] { m_scroll->ensureWidgetVisible(card); });
            return i;
        }
    }
    if (m_debrief)
        QTimer::singleShot(0, this, [this] { m_scroll->ensureWidgetVisible(m_debrief); });
    return -1;
}

} // namespace kubelab::app
