#pragma once
// The app's handle on the engine: owns the cluster, runs shell commands, steps, and plays
// virtual time in slices on the GUI thread so no slice blocks longer than a frame. Views
// read the cluster through it and refresh on its signals; they never change the engine
// themselves.
#include <QElapsedTimer>
#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <functional>
#include <memory>

#include "engine/sim/time.h"
#include "engine/sim/trace.h"

namespace kubelab::cluster {
class Cluster;
struct Topology;
} // namespace kubelab::cluster

namespace kubelab::app {

class SimulationController : public QObject
{
    Q_OBJECT
public:
    explicit SimulationController(std::uint64_t seed = 1, QObject* parent = nullptr);
    // A cluster of another shape than the default four nodes (--cluster, tests at scale).
    // Big clusters keep fewer rewind checkpoints (cluster::ClusterOptions::forTopology).
    SimulationController(const cluster::Topology& topology, std::uint64_t seed,
                         QObject* parent = nullptr);
    ~SimulationController() override;

    cluster::Cluster& cluster() { return *m_cluster; }
    const cluster::Cluster& cluster() const { return *m_cluster; }

    // Runs one shell line (kubectl ..., step, run, settle, ...). Output goes to the
    // commandOutput signal; returns false if the command failed. While it runs, the
    // event loop keeps turning (painting, timers; user input waits) every few
    // milliseconds; a command started meanwhile (a notes button) is refused as busy.
    bool runCommand(const QString& line);
    // The console's way: like runCommand, but `run DURATION` and `settle [MAX]` advance in
    // slices (the window stays responsive however long they take) and report when done.
    void runInteractive(const QString& line);
    // Runs a whole shell script (here-documents allowed); false if any command failed.
    // Relative file names in it (kubectl apply -f, aws ... fileb://) are read from
    // `baseDirectory` when given (the script file's folder), else the working directory.
    bool runScript(const QString& text, const QString& baseDirectory = {});
    // Processes the next event; false if there is none.
    bool step();

    // The timeline. Positions count processed events; the cluster can be rewound to any
    // position from start() (the cluster ready) and replayed up to horizon() (as far as
    // this future has gone: a new command after a rewind starts a new one).
    quint64 position() const;
    quint64 start() const;
    quint64 horizon() const;
    // Undoes the last event; false at the start.
    bool stepBack();
    // Goes to `target` events: back by restoring the nearest checkpoint at once, then
    // (as forward) by replaying in slices like play. Clamped to [start, horizon].
    void seek(quint64 target);
    // Steps in slices until an event of `who` (a component such as "scheduler" or
    // "kubelet/worker-1", or an object "pod/web") or 10 virtual minutes pass. False with
    // *error if `who` names nothing; stepToFinished reports the outcome.
    bool stepTo(const QString& who, QString* error);
    // A seek or step-to is running.
    bool busy() const { return m_job != Job::None && m_job != Job::Play; }
    // A console command or notes button is stepping the cluster (its slices turn the
    // event loop); the cluster cannot be replaced until it ends.
    bool inCommand() const { return m_inCommand; }
    // Replaces the cluster (File → New, Open); views refresh from advanced(), and the old
    // cluster is freed on a worker thread after they have let go of it. Refused, with a
    // "busy" message, while a command runs on the current one (see inCommand()).
    void replaceCluster(std::unique_ptr<cluster::Cluster> cluster);
    // A fresh cluster of this shape with the checkpoint policy the app uses
    // (cluster::ClusterOptions::forTopology: fewer checkpoints for big clusters). Touches
    // nothing else, so it may run on any thread.
    static std::unique_ptr<cluster::Cluster> buildCluster(const cluster::Topology& topology,
                                                          std::uint64_t seed);
    // Blocks until every cluster let go of (by replaceCluster or a rewind) has been freed:
    // for tests that must know the old cluster is gone.
    void waitForDisposal() { m_disposal.waitForDone(); }
    // buildCluster here and now, then replaceCluster.
    void newCluster(const cluster::Topology& topology, std::uint64_t seed);
    // The event that will be processed next in a learner's words ("the controller manager
    // checks node health"; "" when the queue is empty), and as the engine names it
    // ("kube-controller-manager-… → …: timer.monitor").
    QString nextEventSummary() const;
    QString nextEventMessage() const;

    // Asked (by the window, with a dialog) before a command that would replace the later
    // history: the learner rewound and a kubectl or fault command would start a new future
    // there, dropping `later` events. False keeps the history and refuses the command.
    // Without a guard such commands run at once, as in the shell.
    void setReplaceGuard(std::function<bool(quint64 later)> guard)
    {
        m_replaceGuard = std::move(guard);
    }
    // Whether running `text` (a line or a script) changes the cluster's inputs, and so
    // replaces the later history when the cluster has been rewound.
    static bool changesInputs(const QString& text);

    // A lab's open prediction holds the cluster: until it is answered nothing moves it
    // (step, play, step-to, run and settle, commands, notes buttons, the timeline). Each
    // refused request puts `why` in the console. An empty `why` lets go. Setting a hold
    // pauses a running play or replay; a running command finishes first (see inCommand()).
    void setHold(const QString& why);
    const QString& hold() const { return m_hold; }
    bool held() const { return !m_hold.isEmpty(); }

    bool playing() const { return m_job == Job::Play; }
    double speed() const { return m_speed; }
    void setSpeed(double factor); // 0.25x .. 100x of virtual time
    void play();
    void pause();

Q_SIGNALS:
    // The simulation moved: views refresh.
    void advanced();
    void commandOutput(const QString& text, bool isError);
    void playingChanged(bool playing);
    void holdChanged(bool held);
    // A stepTo() ended: found an event of `who`, or gave up after 10 virtual minutes.
    void stepToFinished(bool found, const QString& who);

private:
    enum class Job { None, Play, Seek, StepTo, RunFor, Settle };
    void tick();
    void startJob(Job job);
    void finishJob();
    // Runs `one` (which processes one event and says whether to go on) until it stops
    // or the slice budget is spent; true if it stopped.
    bool runSlice(const std::function<bool()>& one);

    Job m_job = Job::None;
    quint64 m_seekTarget = 0;
    std::function<bool(const sim::TraceRecord&)> m_stepToMatch;
    QString m_stepToWho;
    sim::Time m_stepToLimit = 0;
    // RunFor and Settle: the virtual-time bounds, as the shell's `run` and `settle` use.
    sim::Time m_runTarget = 0;
    sim::Time m_settleLastActivity = 0;
    sim::Time m_settleEnd = 0;
    quint64 m_jobStartEvents = 0;

    // Runs `shellWork` with the cluster yielding to the event loop between steps; false
    // (with a message) if another command is already running.
    bool runShell(const QString& text,
                  const std::function<bool(std::ostream& out, std::ostream& err)>& shellWork);
    std::function<bool(quint64)> m_replaceGuard;
    bool m_inCommand = false;
    QString m_hold;
    // True (after saying why) when a hold refuses the request.
    bool refuseHeld();
    // Simulations a rewind lets go are freed here, off the GUI thread (tens of ms each).
    void installDisposer();
    QThreadPool m_disposal;

    std::unique_ptr<cluster::Cluster> m_cluster;
    QTimer m_timer;
    QElapsedTimer m_sinceRefresh; // a long job refreshes the views every kJobRefreshMs
    double m_speed = 1.0;
};

} // namespace kubelab::app
