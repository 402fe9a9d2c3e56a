#include "app/trace/sequence_model.h"

#include <algorithm>
#include <string_view>

#include "app/trace/components.h"
#include "engine/aws/aws_common.h"
#include "engine/sim/trace.h"

namespace kubelab::app {

namespace {

// Up to this many lanes, every lane gets a column.
constexpr size_t kAllLanes = 12;
// How far a window is looked for in each direction, in records: a bound on the work when
// most records draw nothing (a long stretch of housekeeping).
constexpr size_t kScanLimit = 20000;

QString q(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

bool startsWith(std::string_view s, std::string_view prefix)
{
    return s.substr(0, prefix.size()) == prefix;
}

// The text before `marker`, or all of it.
std::string_view before(std::string_view s, std::string_view marker)
{
    const size_t at = s.find(marker);
    return at == std::string_view::npos ? s : s.substr(0, at);
}

// The text after the first `marker`, or "" when there is none.
std::string_view after(std::string_view s, std::string_view marker)
{
    const size_t at = s.find(marker);
    return at == std::string_view::npos ? std::string_view() : s.substr(at + marker.size());
}

bool isPeriodic(const sim::TraceRecord& r)
{
    return r.detail.find("\"periodic\":true") != std::string::npos;
}

// "201" from "kube-scheduler-control-plane got 201 for bind ..." or "got 201: Deployment web".
QString responseCode(std::string_view summary)
{
    std::string_view rest = after(summary, "got ");
    size_t n = 0;
    while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9')
        ++n;
    return n ? q(rest.substr(0, n)) : QStringLiteral("response");
}

// "MODIFIED Pod web-x" from "... sees MODIFIED Pod default/web-x": the default namespace
// goes without saying.
QString watchEventLabel(std::string_view text)
{
    QString label = q(text);
    label.replace(QLatin1String(" default/"), QLatin1String(" "));
    return label;
}

// The API server's watch-cache record: "watch cache: MODIFIED /registry/pods/default/web
// (rev 27)", "watch cache: 3 events up to rev 41", "watch cache started at rev 0; ...".
QString watchCacheLabel(std::string_view summary)
{
    if (startsWith(summary, "watch cache started"))
        return QStringLiteral("watch created");
    if (startsWith(summary, "etcd canceled"))
        return QStringLiteral("watch canceled");
    std::string_view rest = after(summary, "watch cache: ");
    if (rest.find(" events up to rev ") != std::string_view::npos)
        return q(before(rest, " up to rev "));
    return q(before(rest, " (rev "));
}

} // namespace

bool SequenceModel::setActors(const std::vector<std::string>& actors)
{
    std::vector<std::string> names;
    for (const std::string& a : actors) {
        if (aws::isAwsActor(a)) // the AWS account is not part of the cluster's API traffic
            continue;
        const std::string lane = laneActor(a);
        // A runtime without its kubelet keeps a lane of its own.
        const bool folded =
            lane != a && std::find(actors.begin(), actors.end(), lane) != actors.end();
        if (!folded)
            names.push_back(a);
    }
    sortComponents(names);
    if (names.size() == m_lanes.size() &&
        std::equal(names.begin(), names.end(), m_lanes.begin(),
                   [](const std::string& n, const SequenceLane& l) { return n == l.actor; }))
        return false;
    m_lanes.clear();
    m_laneIds.clear();
    m_apiServer = -1;
    for (const std::string& n : names) {
        const int id = int(m_lanes.size());
        m_lanes.push_back({n, componentTitle(n), componentHost(n)});
        m_laneIds[n] = id;
        if (m_apiServer < 0 && startsWith(n, "kube-apiserver-"))
            m_apiServer = id;
    }
    return true;
}

int SequenceModel::laneOf(const std::string& actor) const
{
    auto it = m_laneIds.find(laneActor(actor));
    return it == m_laneIds.end() ? -1 : it->second;
}

std::optional<SequenceRow> SequenceModel::rowFor(const sim::TraceRecord& r, size_t index) const
{
    const int to = laneOf(r.actor);
    if (to < 0)
        return std::nullopt;
    const std::string_view kind = r.kind, summary = r.summary;
    const bool atApiServer = to == m_apiServer;
    int from = -1;
    MessageKind mk = MessageKind::Request;
    QString label;
    if (kind == "api.request" && atApiServer) {
        const nlohmann::json d = r.detailJson();
        const nlohmann::json& req = d.contains("request") ? d["request"] : nlohmann::json();
        from = laneOf(d.value("client", ""));
        const std::string sub = req.is_object() ? req.value("subresource", "") : "";
        label = q(before(summary, " ")) + ' ' +
                q(req.is_object() ? req.value("resource", "") : "") +
                (sub.empty() ? QString() : '/' + q(sub));
    } else if (kind == "api.watch" && atApiServer) {
        from = laneOf(r.target);
        if (startsWith(summary, "WATCH ")) {
            const nlohmann::json d = r.detailJson();
            label = QStringLiteral("WATCH ") +
                    q(d.contains("request") ? d["request"].value("resource", "") : "");
        } else {
            label = QStringLiteral("stop watch");
        }
    } else if (kind == "api.watch") {
        from = laneOf(r.target);
        mk = MessageKind::Response;
        label = summary.find(" failed: ") != std::string_view::npos
                    ? QStringLiteral("watch failed")
                    : QStringLiteral("200 watching ") + q(after(summary, " watching "));
    } else if (kind == "api.response" && !atApiServer) {
        from = laneOf(r.target);
        mk = MessageKind::Response;
        label = summary.find("stale response") != std::string_view::npos
                    ? QStringLiteral("stale response")
                    : responseCode(summary);
    } else if (kind == "event.recorded") {
        from = laneOf(r.target);
        mk = MessageKind::Response;
        // "... recorded Event Scheduled (201)"
        label = q(before(after(summary, " ("), ")")) + QStringLiteral(" Event ") +
                q(before(after(summary, " recorded Event "), " ("));
    } else if (kind == "informer.event") {
        from = m_apiServer;
        mk = MessageKind::Watch;
        label = watchEventLabel(after(summary, " sees "));
    } else if (kind == "informer.synced") {
        from = m_apiServer;
        mk = MessageKind::Watch;
        label = QStringLiteral("BOOKMARK ") + q(r.target);
    } else if (kind == "api.watch.event") {
        from = laneOf(r.target);
        mk = MessageKind::Watch;
        label = startsWith(summary, "watch event ") ? watchEventLabel(summary.substr(12))
                                                    : QStringLiteral("stale watch event");
    } else if (kind == "watch.cache") {
        from = laneOf(r.target);
        mk = MessageKind::Watch;
        label = watchCacheLabel(summary);
    } else if (startsWith(kind, "etcd.") && startsWith(r.actor, "etcd-")) {
        from = laneOf(r.target);
        mk = MessageKind::Storage;
        label = q(before(summary, " -> "));
    } else if (kind == "kubelet.logs" && startsWith(r.target, "pods/")) {
        from = m_apiServer;
        label = QStringLiteral("GET logs");
    } else if (startsWith(kind, "cri.") && startsWith(r.detail, "{\"call\":")) {
        // containerd's record of a call: the kubelet on the same lane made it.
        from = to;
        mk = MessageKind::Runtime;
        label = QStringLiteral("CRI ") + q(kind.substr(4));
    } else {
        return std::nullopt;
    }
    if (from < 0 || (from == to && mk != MessageKind::Runtime))
        return std::nullopt;
    if (m_hideHousekeeping && isPeriodic(r))
        return std::nullopt;
    return SequenceRow{index, r.seq, r.time, from, to, mk, label, q(summary)};
}

std::optional<SequenceRow> SequenceModel::noteFor(const sim::TraceRecord& r, size_t index) const
{
    const int lane = laneOf(r.actor);
    if (lane < 0)
        return std::nullopt;
    return SequenceRow{index,
                       r.seq,
                       r.time,
                       lane,
                       lane,
                       MessageKind::Note,
                       q(r.kind) + QStringLiteral(": ") + q(r.summary),
                       q(r.summary)};
}

void SequenceModel::fillFromEnd(const sim::Trace& trace)
{
    const auto& records = trace;
    m_rows.clear();
    const size_t stop = records.size() > kScanLimit ? records.size() - kScanLimit : 0;
    for (size_t i = records.size(); i > stop && m_rows.size() < kWindow; --i)
        if (auto row = rowFor(records[i - 1], i - 1))
            m_rows.push_front(std::move(*row));
}

void SequenceModel::follow(const sim::Trace& trace)
{
    m_following = true;
    m_follower.sync(trace);
    fillFromEnd(trace);
    updateShownLanes();
}

void SequenceModel::centerOn(const sim::Trace& trace, size_t record)
{
    m_following = false;
    m_follower.sync(trace);
    const auto& records = trace;
    m_rows.clear();
    if (records.empty()) {
        m_anchor = 0;
        updateShownLanes();
        return;
    }
    m_anchor = std::min(record, records.size() - 1);
    const size_t stop = m_anchor > kScanLimit ? m_anchor - kScanLimit : 0;
    for (size_t i = m_anchor; i > stop && m_rows.size() < kWindow / 2; --i)
        if (auto row = rowFor(records[i - 1], i - 1))
            m_rows.push_front(std::move(*row));
    if (auto row = rowFor(records[m_anchor], m_anchor))
        m_rows.push_back(std::move(*row));
    else if (auto note = noteFor(records[m_anchor], m_anchor))
        m_rows.push_back(std::move(*note));
    const size_t end = std::min(records.size(), m_anchor + 1 + kScanLimit);
    for (auto it = trace.from(m_anchor + 1); it.index() < end && m_rows.size() < kWindow; ++it)
        if (auto row = rowFor(*it, it.index()))
            m_rows.push_back(std::move(*row));
    updateShownLanes();
}

void SequenceModel::hold(size_t record)
{
    m_following = false;
    m_anchor = record;
}

void SequenceModel::sync(const sim::Trace& trace)
{
    const size_t kept = m_follower.sync(trace);
    const auto& records = trace;
    const bool cut = !m_rows.empty() && m_rows.back().record >= kept;
    if (!m_following) {
        if (cut || m_anchor >= records.size())
            centerOn(trace, m_anchor);
        return;
    }
    if (cut || records.size() - kept > kScanLimit) {
        fillFromEnd(trace);
    } else {
        for (auto it = trace.from(kept); it != trace.end(); ++it)
            if (auto row = rowFor(*it, it.index()))
                m_rows.push_back(std::move(*row));
        while (m_rows.size() > kWindow)
            m_rows.pop_front();
    }
    updateShownLanes();
}

void SequenceModel::rebuild(const sim::Trace& trace)
{
    if (m_following)
        follow(trace);
    else
        centerOn(trace, m_anchor);
}

int SequenceModel::rowOf(size_t record) const
{
    const auto it =
        std::lower_bound(m_rows.begin(), m_rows.end(), record,
                         [](const SequenceRow& row, size_t r) { return row.record < r; });
    return it != m_rows.end() && it->record == record ? int(it - m_rows.begin()) : -1;
}

void SequenceModel::updateShownLanes()
{
    m_shown.clear();
    if (m_lanes.size() <= kAllLanes) {
        for (int i = 0; i < int(m_lanes.size()); ++i)
            m_shown.push_back(i);
        return;
    }
    std::vector<bool> used(m_lanes.size(), false);
    for (int i = 0; i < int(m_lanes.size()); ++i)
        used[size_t(i)] = !startsWith(m_lanes[size_t(i)].actor, "kubelet-");
    for (const SequenceRow& row : m_rows)
        used[size_t(row.from)] = used[size_t(row.to)] = true;
    for (int i = 0; i < int(m_lanes.size()); ++i)
        if (used[size_t(i)])
            m_shown.push_back(i);
}

} // namespace kubelab::app
