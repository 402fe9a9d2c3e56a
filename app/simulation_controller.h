#pragma once
// The app's handle on the engine: owns the cluster, runs shell commands, steps, and plays
// virtual time in slices on the GUI thread so no slice blocks longer than a frame. Views
// read the cluster through it and refresh on its signals; they never change the engine
// themselves.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <memory>

namespace kubelab::shell {
class Cluster;
struct Topology;
}

namespace kubelab::app {

class SimulationController : public QObject
{
    Q_OBJECT
public:
    explicit SimulationController(std::uint64_t seed = 1, QObject* parent = nullptr);
    // A cluster of another shape than the default four nodes (--cluster, tests at scale).
    // Past 20 nodes rewinding replays from the start instead of keeping checkpoints.
    SimulationController(const shell::Topology& topology, std::uint64_t seed,
                         QObject* parent = nullptr);
    ~SimulationController() override;

    shell::Cluster& cluster() { return *m_cluster; }
    const shell::Cluster& cluster() const { return *m_cluster; }

    // Runs one shell line (kubectl ..., step, run, settle, ...). Output goes to the
    // commandOutput signal; returns false if the command failed.
    bool runCommand(const QString& line);
    // Runs a whole shell script (here-documents allowed); false if any command failed.
    bool runScript(const QString& text);
    // Processes the next event; false if there is none.
    bool step();
    // Summary of the event that will be processed next ("" when the queue is empty).
    QString nextEventSummary() const;

    bool playing() const { return m_timer.isActive(); }
    double speed() const { return m_speed; }
    void setSpeed(double factor); // 0.25x .. 100x of virtual time
    void play();
    void pause();

Q_SIGNALS:
    // The simulation moved: views refresh.
    void advanced();
    void commandOutput(const QString& text, bool isError);
    void playingChanged(bool playing);

private:
    void tick();

    std::unique_ptr<shell::Cluster> m_cluster;
    QTimer m_timer;
    QElapsedTimer m_wall;
    double m_speed = 1.0;
};

} // namespace kubelab::app
