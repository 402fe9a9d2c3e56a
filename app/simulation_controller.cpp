#include "app/simulation_controller.h"

#include <sstream>

#include "engine/shell/cluster.h"
#include "engine/shell/shell.h"

namespace kubelab::app {

namespace {
// A play tick must leave the GUI thread within a frame.
constexpr qint64 kSliceBudgetMs = 12;
constexpr int kTickMs = 33;
// Rewind keeps up to 64 checkpoints, each a copy of the whole simulation, and a copy
// grows with nodes and pods: 91 MB for an idle 1,000-node cluster; at 50 nodes and 500
// pods the checkpoints passed 6 GB (3 nodes and 300 pods: 1.5 GB after 28 of them). Past
// this many nodes only the start is kept, and a rewind replays from there.
constexpr int kCheckpointedNodes = 20;

kubelab::shell::ClusterOptions optionsFor(const kubelab::shell::Topology& topology)
{
    int nodes = topology.controlPlanes;
    for (const auto& group : topology.workers)
        nodes += group.count;
    kubelab::shell::ClusterOptions options;
    if (nodes > kCheckpointedNodes)
        options.checkpointInterval = 0;
    return options;
}
} // namespace

SimulationController::SimulationController(std::uint64_t seed, QObject* parent)
    : SimulationController(shell::Topology::defaults(), seed, parent)
{
}

SimulationController::SimulationController(const shell::Topology& topology, std::uint64_t seed,
                                           QObject* parent)
    : QObject(parent),
      m_cluster(std::make_unique<shell::Cluster>(seed, topology, optionsFor(topology)))
{
    m_timer.setInterval(kTickMs);
    connect(&m_timer, &QTimer::timeout, this, &SimulationController::tick);
}

SimulationController::~SimulationController() = default;

bool SimulationController::runCommand(const QString& line)
{
    std::ostringstream out, err;
    shell::Shell sh(*m_cluster, out, err);
    const bool ok = sh.execute(line.toStdString());
    if (!out.str().empty())
        Q_EMIT commandOutput(QString::fromStdString(out.str()), false);
    if (!err.str().empty())
        Q_EMIT commandOutput(QString::fromStdString(err.str()), true);
    Q_EMIT advanced();
    return ok;
}

bool SimulationController::runScript(const QString& text)
{
    std::ostringstream out, err;
    shell::Shell sh(*m_cluster, out, err);
    std::istringstream in(text.toStdString());
    const int status = sh.runScript(in);
    if (!out.str().empty())
        Q_EMIT commandOutput(QString::fromStdString(out.str()), false);
    if (!err.str().empty())
        Q_EMIT commandOutput(QString::fromStdString(err.str()), true);
    Q_EMIT advanced();
    return status == 0;
}

bool SimulationController::step()
{
    const bool ok = m_cluster->step();
    Q_EMIT advanced();
    return ok;
}

QString SimulationController::nextEventSummary() const
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

void SimulationController::play()
{
    if (m_timer.isActive())
        return;
    m_wall.start();
    m_timer.start();
    Q_EMIT playingChanged(true);
}

void SimulationController::pause()
{
    if (!m_timer.isActive())
        return;
    m_timer.stop();
    Q_EMIT playingChanged(false);
}

void SimulationController::tick()
{
    // Virtual time follows the wall clock at the chosen speed; if a slice runs out of
    // budget the simulation falls behind rather than freezing the window.
    const sim::Duration wanted = sim::Duration(double(kTickMs) * m_speed * sim::kMillisecond);
    const sim::Time target = m_cluster->sim().now() + wanted;
    QElapsedTimer budget;
    budget.start();
    bool reached = true;
    while (const sim::QueuedEvent* next = m_cluster->sim().peek()) {
        if (next->time > target)
            break;
        m_cluster->step();
        if (budget.elapsed() > kSliceBudgetMs) {
            reached = false;
            break;
        }
    }
    if (reached)
        m_cluster->runUntil(target);
    Q_EMIT advanced();
}

} // namespace kubelab::app
