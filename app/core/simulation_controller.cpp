#include "app/core/simulation_controller.h"

#include <QCoreApplication>

#include <algorithm>
#include <optional>
#include <sstream>

#include "app/core/event_words.h"
#include "app/core/virtual_time.h"
#include "engine/cluster/cluster.h"
#include "engine/cluster/event_match.h"
#include "engine/shell/shell.h"

namespace kubelab::app {

namespace {
// A slice of events must leave room in a 16 ms frame for the refresh and the paint that
// follow it (a whole-window paint takes ~8 ms at 50 nodes / 500 pods).
constexpr qint64 kSliceBudgetNs = 5'000'000;
// Play advances ~30 times a second, refreshing every time.
constexpr int kTickMs = 33;
// Seeks, runs and settles slice back to back and refresh ~20 times a second, each
// refresh a tick of its own, so no event-loop turn holds both a slice and a paint.
constexpr qint64 kJobRefreshMs = 50;
// `rewind` in the app speaks the app's event numbers and time format.
kubelab::shell::Shell::Moments appMoments()
{
    return {true,
            [](kubelab::sim::Time t) { return kubelab::app::formatVirtualTime(t).toStdString(); }};
}
kubelab::cluster::ClusterOptions optionsFor(const kubelab::cluster::Topology& topology)
{
    return kubelab::cluster::ClusterOptions::forTopology(topology);
}
} // namespace

SimulationController::SimulationController(std::uint64_t seed, QObject* parent)
    : SimulationController(cluster::Topology::defaults(), seed, parent)
{}

SimulationController::SimulationController(const cluster::Topology& topology, std::uint64_t seed,
                                           QObject* parent)
    : QObject(parent),
      m_cluster(std::make_unique<cluster::Cluster>(seed, topology, optionsFor(topology)))
{
    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &SimulationController::tick);
    m_disposal.setMaxThreadCount(1);
    installDisposer();
}

void SimulationController::installDisposer()
{
    m_cluster->setDisposer([this](std::unique_ptr<sim::Simulation> doomed) {
        // Moved all the way into the pool's task, so the last reference dies there.
        auto held = std::shared_ptr<sim::Simulation>(std::move(doomed));
        m_disposal.start([held = std::move(held)]() mutable { held.reset(); });
    });
}

SimulationController::~SimulationController() = default;

bool SimulationController::changesInputs(const QString& text)
{
    // kubectl writes through the API server and fault stops or starts a component: both
    // are inputs. The rest (step, run, settle, rewind, time, trace, ...) replay or read.
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        const QString cmd = line.trimmed().section(QLatin1Char(' '), 0, 0);
        if (cmd == QStringLiteral("kubectl") || cmd == QStringLiteral("fault"))
            return true;
    }
    return false;
}

bool SimulationController::runShell(
    const QString& text, const std::function<bool(std::ostream& out, std::ostream& err)>& shellWork)
{
    if (m_inCommand) { // a notes button pressed while a command steps the cluster
        Q_EMIT commandOutput(tr("busy: another command is still running; try again when it "
                                "has finished\n"),
                             true);
        return false;
    }
    if (refuseHeld())
        return false;
    if (m_replaceGuard && position() < horizon() && changesInputs(text) &&
        !m_replaceGuard(horizon() - position())) {
        Q_EMIT commandOutput(tr("not run: the later events were kept (the cluster is in the "
                                "past; play or drag the timeline to the end to catch up)\n"),
                             true);
        return false;
    }
    m_inCommand = true;
    // A kubectl call steps the cluster until its reply comes, which on a busy cluster can
    // be thousands of events: every slice the event loop turns (paint, timers; user input
    // waits), and about every kJobRefreshMs the views refresh first. The slice before a
    // refresh is short, so the refresh and its paint fit in the same frame.
    // (Views may paint between refreshes: what they hold survives a `rewind` in the
    // script, the trace object included; see Simulation::releaseTrace.)
    QElapsedTimer sinceYield, sinceRefresh;
    sinceYield.start();
    sinceRefresh.start();
    m_cluster->setStepObserver([&] {
        const bool refresh = sinceRefresh.elapsed() >= kJobRefreshMs;
        if (sinceYield.nsecsElapsed() < (refresh ? kSliceBudgetNs / 4 : kSliceBudgetNs))
            return;
        if (refresh) {
            Q_EMIT advanced();
            sinceRefresh.restart();
        }
        QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
        sinceYield.restart();
    });
    std::ostringstream out, err;
    const bool ok = shellWork(out, err);
    m_cluster->setStepObserver(nullptr);
    m_inCommand = false;
    // The last slice, the output and the final refresh would otherwise share one turn.
    if (sinceYield.nsecsElapsed() >= kSliceBudgetNs / 4)
        QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
    if (!out.str().empty())
        Q_EMIT commandOutput(QString::fromStdString(out.str()), false);
    if (!err.str().empty())
        Q_EMIT commandOutput(QString::fromStdString(err.str()), true);
    Q_EMIT advanced();
    return ok;
}

bool SimulationController::runCommand(const QString& line)
{
    return runShell(line, [&](std::ostream& out, std::ostream& err) {
        shell::Shell sh(*m_cluster, out, err);
        sh.setMoments(appMoments());
        sh.setExitAvailable(false); // one line at a time: nothing to leave
        return sh.execute(line.toStdString());
    });
}

void SimulationController::runInteractive(const QString& line)
{
    if (m_inCommand) {
        runCommand(line); // refused as busy, with the message
        return;
    }
    const QStringList words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const QString cmd = words.value(0);
    std::optional<sim::Duration> d;
    if (cmd == QStringLiteral("run") && words.size() == 2)
        d = sim::parseDuration(words[1].toStdString());
    else if (cmd == QStringLiteral("settle") && words.size() <= 2)
        d = words.size() == 2 ? sim::parseDuration(words[1].toStdString())
                              : std::optional<sim::Duration>(10 * sim::kMinute);
    if (!d) { // anything else, or a bad duration (the shell explains it)
        runCommand(line);
        return;
    }
    if (refuseHeld())
        return;
    const sim::Time now = m_cluster->sim().now();
    m_jobStartEvents = position();
    if (cmd == QStringLiteral("run")) {
        m_runTarget = now + *d;
        startJob(Job::RunFor);
    } else {
        m_settleLastActivity = now;
        m_settleEnd = now + *d;
        startJob(Job::Settle);
    }
}

bool SimulationController::runScript(const QString& text, const QString& baseDirectory)
{
    return runShell(text, [&](std::ostream& out, std::ostream& err) {
        shell::Shell sh(*m_cluster, out, err);
        sh.setMoments(appMoments());
        if (!baseDirectory.isEmpty())
            sh.setBaseDirectory(baseDirectory.toStdString());
        std::istringstream in(text.toStdString());
        return sh.runScript(in) == 0;
    });
}

bool SimulationController::step()
{
    if (m_inCommand) // the running command owns the stepping
        return false;
    if (refuseHeld())
        return false;
    const bool ok = m_cluster->step();
    Q_EMIT advanced();
    return ok;
}

quint64 SimulationController::horizon() const
{
    return m_cluster->timeline().horizon();
}

quint64 SimulationController::position() const
{
    return m_cluster->sim().processed();
}

quint64 SimulationController::start() const
{
    return m_cluster->timeline().start();
}

bool SimulationController::stepBack()
{
    if (position() <= start())
        return false;
    seek(position() - 1);
    return true;
}

void SimulationController::seek(quint64 target)
{
    if (m_inCommand || refuseHeld())
        return;
    target = std::clamp<quint64>(target, start(), horizon());
    if (target < position()) {
        // Back to the nearest checkpoint at once; the replay from there to the target
        // runs in slices below, so a long one animates instead of freezing the window.
        if (busy())
            finishJob();
        m_cluster->restoreCheckpointBefore(target);
    }
    if (target == position()) {
        Q_EMIT advanced();
        return;
    }
    m_seekTarget = target;
    startJob(Job::Seek);
}

bool SimulationController::stepTo(const QString& who, QString* error)
{
    if (held()) {
        *error = m_hold;
        return false;
    }
    std::string why;
    auto match = cluster::eventMatcher(*m_cluster, who.trimmed().toStdString(), {}, &why);
    if (!match) {
        *error = QString::fromStdString(why);
        return false;
    }
    m_stepToMatch = *match;
    m_stepToWho = who.trimmed();
    m_stepToLimit = m_cluster->sim().now() + 10 * sim::kMinute;
    startJob(Job::StepTo);
    return true;
}

std::unique_ptr<cluster::Cluster> SimulationController::buildCluster(
    const cluster::Topology& topology, std::uint64_t seed)
{
    return std::make_unique<cluster::Cluster>(seed, topology, optionsFor(topology));
}

void SimulationController::newCluster(const cluster::Topology& topology, std::uint64_t seed)
{
    replaceCluster(buildCluster(topology, seed));
}

void SimulationController::replaceCluster(std::unique_ptr<cluster::Cluster> cluster)
{
    if (m_inCommand) { // the running command holds the current cluster
        Q_EMIT commandOutput(tr("busy: a command is still running; the cluster was not "
                                "replaced\n"),
                             true);
        return;
    }
    finishJob();
    std::unique_ptr<cluster::Cluster> old = std::exchange(m_cluster, std::move(cluster));
    installDisposer();
    Q_EMIT advanced(); // the views move to the new cluster
    // Freeing a cluster of hundreds of pods takes tens of milliseconds: not on this thread.
    old->setDisposer(nullptr);
    auto held = std::shared_ptr<cluster::Cluster>(std::move(old));
    m_disposal.start([held = std::move(held)]() mutable { held.reset(); });
}

QString SimulationController::nextEventSummary() const
{
    const sim::QueuedEvent* next = m_cluster->sim().peek();
    if (!next)
        return {};
    const auto& m = next->message;
    return eventWords(m.from, m.to, m.kind);
}

QString SimulationController::nextEventMessage() const
{
    const sim::QueuedEvent* next = m_cluster->sim().peek();
    if (!next)
        return {};
    const auto& m = next->message;
    return QStringLiteral("%1 → %2: %3")
        .arg(QString::fromStdString(m.from), QString::fromStdString(m.to),
             QString::fromStdString(m.kind));
}

void SimulationController::setSpeed(double factor)
{
    m_speed = std::clamp(factor, 0.25, 100.0);
}

void SimulationController::startJob(Job job)
{
    const bool wasPlaying = m_job == Job::Play;
    m_job = job;
    m_sinceRefresh.start();
    m_timer.setInterval(job == Job::Play ? kTickMs : 0);
    if (!m_timer.isActive())
        m_timer.start();
    if (wasPlaying != (job == Job::Play))
        Q_EMIT playingChanged(job == Job::Play);
    if (job != Job::Play)
        tick(); // the first slice at once: short seeks finish without waiting a frame
}

void SimulationController::finishJob()
{
    const bool wasPlaying = m_job == Job::Play;
    m_job = Job::None;
    m_timer.stop();
    if (wasPlaying)
        Q_EMIT playingChanged(false);
}

void SimulationController::play()
{
    if (m_job != Job::Play && !refuseHeld())
        startJob(Job::Play);
}

void SimulationController::setHold(const QString& why)
{
    if (why == m_hold)
        return;
    const bool was = held();
    m_hold = why;
    if (held() && m_job != Job::None)
        finishJob();
    if (was != held())
        Q_EMIT holdChanged(held());
}

bool SimulationController::refuseHeld()
{
    if (!held())
        return false;
    Q_EMIT commandOutput(m_hold + QLatin1Char('\n'), true);
    return true;
}

void SimulationController::pause()
{
    if (m_job == Job::Play)
        finishJob();
}

bool SimulationController::runSlice(const std::function<bool()>& one)
{
    QElapsedTimer budget;
    budget.start();
    while (budget.nsecsElapsed() < kSliceBudgetNs)
        if (!one())
            return true;
    return false;
}

void SimulationController::tick()
{
    if (m_inCommand) // a command is stepping the cluster; its slices turn the loop
        return;
    QElapsedTimer turn;
    turn.start();
    if (m_job != Job::None && m_job != Job::Play && m_sinceRefresh.elapsed() >= kJobRefreshMs) {
        m_sinceRefresh.restart();
        Q_EMIT advanced(); // this turn refreshes and paints; the next one steps
        return;
    }
    switch (m_job) {
    case Job::None: m_timer.stop(); return;
    case Job::Play: {
        // Virtual time follows the wall clock at the chosen speed; if a slice runs out of
        // budget the simulation falls behind rather than freezing the window.
        const sim::Duration wanted = sim::Duration(double(kTickMs) * m_speed * sim::kMillisecond);
        const sim::Time target = m_cluster->sim().now() + wanted;
        const bool reached = runSlice([&] {
            const sim::QueuedEvent* next = m_cluster->sim().peek();
            return next && next->time <= target && m_cluster->step();
        });
        if (reached)
            m_cluster->runUntil(target);
        break;
    }
    case Job::Seek:
        if (runSlice([&] { return position() < m_seekTarget && m_cluster->step(); }))
            finishJob();
        break;
    case Job::RunFor:
        if (runSlice([&] {
                const sim::QueuedEvent* next = m_cluster->sim().peek();
                return next && next->time <= m_runTarget && m_cluster->step();
            })) {
            m_cluster->runUntil(m_runTarget);
            finishJob();
            Q_EMIT commandOutput(QStringLiteral("advanced to %1 (%2 events)\n")
                                     .arg(formatVirtualTime(m_cluster->sim().now()))
                                     .arg(position() - m_jobStartEvents),
                                 false);
        }
        break;
    case Job::Settle: {
        // As Cluster::settle: until only periodic timers fire for 10 s, or the limit.
        sim::Time limit = 0;
        if (runSlice([&] {
                const sim::QueuedEvent* next = m_cluster->sim().peek();
                limit = std::min(m_settleEnd, m_settleLastActivity + 10 * sim::kSecond);
                if (!next || next->time > limit)
                    return false;
                const bool periodic = next->message.periodic;
                const sim::Time t = next->time;
                m_cluster->step();
                if (!periodic)
                    m_settleLastActivity = t;
                return true;
            })) {
            m_cluster->runUntil(limit);
            finishJob();
            Q_EMIT commandOutput(
                QStringLiteral("settled at %1\n").arg(formatVirtualTime(m_cluster->sim().now())),
                false);
        }
        break;
    }
    case Job::StepTo: {
        bool found = false;
        const bool done = runSlice([&] {
            const sim::QueuedEvent* next = m_cluster->sim().peek();
            if (!next || next->time > m_stepToLimit || !m_cluster->step())
                return false;
            found = m_stepToMatch(m_cluster->sim().trace().back());
            return !found;
        });
        if (done) {
            finishJob();
            Q_EMIT stepToFinished(found, m_stepToWho);
        }
        break;
    }
    }
    if (m_job == Job::None || m_job == Job::Play) { // finished, or a play frame
        m_sinceRefresh.restart();
        // A job that ended after a long slice refreshes in a turn of its own (a short one,
        // such as a seek of a few events, at once).
        if (m_job == Job::None && turn.nsecsElapsed() >= kSliceBudgetNs / 4)
            QMetaObject::invokeMethod(this, &SimulationController::advanced, Qt::QueuedConnection);
        else
            Q_EMIT advanced();
    }
}

} // namespace kubelab::app
