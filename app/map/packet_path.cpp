#include "app/map/packet_path.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace kubelab::app {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("kubelab::app::PacketPath", text);
}

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

// "shop/web-1" -> pods/shop/web-1; "pod/web-1" and "web-1" in default.
ObjectRef podRef(const std::string& text)
{
    QString t = qs(text);
    if (t.startsWith(QLatin1String("pod/")) || t.startsWith(QLatin1String("pods/")))
        t = t.section(QLatin1Char('/'), 1);
    const int slash = int(t.indexOf(QLatin1Char('/')));
    if (slash < 0)
        return {QStringLiteral("pods"), QStringLiteral("default"), t};
    return {QStringLiteral("pods"), t.left(slash), t.mid(slash + 1)};
}

// The Service a KUBE-SERVICES or KUBE-NODEPORTS rule names in its comment.
std::optional<ObjectRef> serviceOf(const net::PacketHop& hop)
{
    if (hop.step != "chain" || (hop.rule.find("-A KUBE-SERVICES ") != 0 &&
                                hop.rule.find("-A KUBE-NODEPORTS ") != 0))
        return std::nullopt;
    static const QRegularExpression comment(
        QStringLiteral("--comment \"([a-z0-9.-]+)/([a-z0-9.-]+)[ :\"]"));
    const auto m = comment.match(qs(hop.rule));
    if (!m.hasMatch())
        return std::nullopt;
    return ObjectRef{QStringLiteral("services"), m.captured(1), m.captured(2)};
}

} // namespace

MapOverlay::Packet packetPath(const net::PacketTrace& trace)
{
    MapOverlay::Packet p;
    p.delivered = trace.delivered;
    const QString target = qs(trace.to) + QLatin1Char(':') + QString::number(trace.port);
    QString where;
    if (!trace.endpointPod.empty())
        where = tr(" (%1 on %2)").arg(qs(trace.endpointPod), qs(trace.endpointNode));
    else if (!trace.endpointIp.empty())
        where = tr(" (%1)").arg(qs(trace.endpointIp));
    p.caption = tr("Packet %1 → %2: %3%4").arg(qs(trace.from), target, qs(trace.outcome), where);

    // The client.
    int queries = 0;
    for (const auto& h : trace.hops)
        queries += h.step == "dns";
    QString first = trace.fromNode.empty() ? tr("from outside the cluster (%1)").arg(qs(trace.fromIp))
                                           : tr("from %1 (%2)").arg(qs(trace.from), qs(trace.fromIp));
    if (queries)
        first += queries == 1 ? tr(", 1 DNS query") : tr(", %1 DNS queries").arg(queries);
    ObjectRef client;
    if (trace.fromNode.empty())
        client = {};
    else if (trace.from == trace.fromNode)
        client = {QStringLiteral("nodes"), {}, qs(trace.fromNode)};
    else
        client = podRef(trace.from);
    p.stops.push_back({client, first});

    // From outside, the node whose address it was sent to.
    if (trace.fromNode.empty()) {
        for (const auto& h : trace.hops)
            if (!h.node.empty()) {
                p.stops.push_back({{QStringLiteral("nodes"), {}, qs(h.node)},
                                   tr("arrives at %1 %2").arg(qs(h.node), target)});
                break;
            }
    }
    // The Service whose rules it matched, labelled with the DNAT (or the last rule seen).
    for (const auto& h : trace.hops)
        if (const auto svc = serviceOf(h)) {
            QString label = tr("%1/%2's rules").arg(svc->ns, svc->name);
            for (const auto& d : trace.hops)
                if (d.step == "dnat")
                    label = qs(d.text);
            p.stops.push_back({*svc, label});
            break;
        }
    // Where it ended.
    QString last;
    for (const auto& h : trace.hops)
        if (h.step == "deliver" || h.step == "drop")
            last = qs(h.text);
    if (last.isEmpty() && !trace.hops.empty())
        last = qs(trace.hops.back().text);
    if (!trace.endpointPod.empty())
        p.stops.push_back({podRef(trace.endpointPod), last});
    else if (!trace.endpointNode.empty())
        p.stops.push_back({{QStringLiteral("nodes"), {}, qs(trace.endpointNode)}, last});
    else if (!last.isEmpty())
        p.stops.back().label += QStringLiteral("; ") + last;
    return p;
}

} // namespace kubelab::app
