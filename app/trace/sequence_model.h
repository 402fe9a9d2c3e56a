#pragma once
// What the sequence view draws: lanes (one lifeline per component, containerd folded into
// its node's kubelet) and a window of rows, each one message of API traffic read from the
// trace. A record is one processed message: actor A handled what peer B sent, so its arrow
// runs B -> A. The sender is the record's target where the engine names the peer there
// (etcd's records, watch-cache updates, responses and watch events at a client), the
// detail's "client" for a request at the API server, and the API server for informer
// events. Records that are no message between lanes (timers, reconciles, the API server
// continuing its own work on an etcd reply) draw nothing; a row the learner picks in the
// event log that is not a message shows as a note on its actor's lane.
//
// The window follows the newest rows, or stays around a chosen record. It is built
// lazily (only the window's records are read, and only what is new after an advance), so
// the view costs the same at 50 nodes as at 4.
#include <QString>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/core/trace_follower.h"
#include "engine/sim/time.h"

namespace kubelab::sim {
class Trace;
struct TraceRecord;
} // namespace kubelab::sim

namespace kubelab::app {

// How an arrow is drawn.
enum class MessageKind {
    Request,  // a client to the API server
    Response, // the API server's answer
    Storage,  // the API server to etcd
    Watch,    // a watch notification: etcd to the API server, the API server to a watcher
    Runtime,  // a kubelet's CRI call to its container runtime (within the lane)
    Note,     // not a message: a picked record, on its actor's lane
};

struct SequenceLane
{
    std::string actor; // "kube-apiserver-control-plane"
    QString title;     // "API server"
    QString host;      // "control-plane"
};

struct SequenceRow
{
    size_t record = 0;     // index in the trace
    std::uint64_t seq = 0; // the record's event number
    sim::Time time = 0;
    int from = -1; // lanes (indices into lanes()); equal for Runtime and Note
    int to = -1;
    MessageKind kind = MessageKind::Note;
    QString label;   // "POST pods", "201", "txn put /registry/pods/default/web"
    QString summary; // the record's summary, for the tooltip
};

class SequenceModel
{
public:
    // Rows in the window.
    static constexpr size_t kWindow = 200;

    // The lanes for the cluster's actors (Simulation::actorNames()); false if unchanged.
    // After a change the rows name old lanes: rebuild() them.
    bool setActors(const std::vector<std::string>& actors);
    const std::vector<SequenceLane>& lanes() const { return m_lanes; }
    int laneOf(const std::string& actor) const;
    // Lanes worth a column: all of them in a small cluster; in a big one the control
    // plane's and those the window's rows touch. Ascending lane indices.
    const std::vector<int>& shownLanes() const { return m_shown; }

    // Periodic housekeeping (lease renewals and the like) draws nothing when hidden.
    void setHideHousekeeping(bool hide) { m_hideHousekeeping = hide; }
    bool hideHousekeeping() const { return m_hideHousekeeping; }

    // The row `record` draws as (at trace index `index`), or nullopt.
    std::optional<SequenceRow> rowFor(const sim::TraceRecord& record, size_t index) const;

    // Follow the newest rows: picks up what changed in the trace since the last call.
    void follow(const sim::Trace& trace);
    // Stay around trace record `record`: up to half a window before it and the rest after.
    void centerOn(const sim::Trace& trace, size_t record);
    // Stops following and keeps the rows there are, centred on `record` from now on.
    void hold(size_t record);
    // After an advance: following, takes the new rows; centred, keeps the window unless a
    // rewind cut into it (then it centres on the same record, or the last one).
    void sync(const sim::Trace& trace);
    // Rebuilds the window from scratch (after the housekeeping switch).
    void rebuild(const sim::Trace& trace);

    bool following() const { return m_following; }
    const std::deque<SequenceRow>& rows() const { return m_rows; }
    // The row index of trace record `record` in the window, or -1.
    int rowOf(size_t record) const;

private:
    void updateShownLanes();
    void fillFromEnd(const sim::Trace& trace);
    std::optional<SequenceRow> noteFor(const sim::TraceRecord& record, size_t index) const;

    std::vector<SequenceLane> m_lanes;
    std::unordered_map<std::string, int> m_laneIds;
    int m_apiServer = -1;
    std::vector<int> m_shown;
    bool m_hideHousekeeping = true;
    bool m_following = true;
    size_t m_anchor = 0;
    TraceFollower m_follower;
    std::deque<SequenceRow> m_rows;
};

} // namespace kubelab::app
