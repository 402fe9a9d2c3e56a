#include "app/map/service_box.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include "app/map/map_item.h"
#include "app/map/map_look.h"
#include "app/map/pod_phase.h"

namespace kubelab::app {

using namespace mapgeom;

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("kubelab::app::ServiceBox", text);
}

bool sameEndpoints(const std::vector<ServiceEndpoint>& a, const std::vector<ServiceEndpoint>& b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const ServiceEndpoint& x, const ServiceEndpoint& y) {
                          return x.address == y.address && x.pod == y.pod && x.node == y.node &&
                                 x.ready == y.ready && x.serving == y.serving &&
                                 x.terminating == y.terminating;
                      });
}
} // namespace

ServiceBox::ServiceBox(const MapLook* look, ServiceInfo info) : m_look(look)
{
    setData(mapitem::ObjectResource, QStringLiteral("services"));
    setInfo(std::move(info));
}

qreal ServiceBox::height()
{
    return kHeaderHeight + 2 * kComponentRowHeight + kPadding / 2;
}

QRectF ServiceBox::boundingRect() const
{
    return {0, 0, kNodeWidth, height()};
}

bool ServiceBox::setInfo(ServiceInfo info)
{
    const bool same = info.ns == m_info.ns && info.name == m_info.name &&
                      info.type == m_info.type && info.clusterIp == m_info.clusterIp &&
                      info.externalName == m_info.externalName && info.ports == m_info.ports &&
                      info.targetPorts == m_info.targetPorts &&
                      sameEndpoints(info.endpoints, m_info.endpoints);
    m_info = std::move(info);
    setData(mapitem::ObjectNamespace, m_info.ns);
    setData(mapitem::ObjectName, m_info.name);
    if (!same)
        update();
    return !same;
}

QString ServiceBox::title() const
{
    return m_info.ns == QLatin1String("default") ? m_info.name
                                                 : m_info.ns + QLatin1Char('/') + m_info.name;
}

QString ServiceBox::toolTipText() const
{
    QString text = tr("Service %1/%2 · %3").arg(m_info.ns, m_info.name, m_info.type);
    if (!m_info.clusterIp.isEmpty())
        text += QLatin1Char('\n') + tr("ClusterIP %1").arg(m_info.clusterIp);
    if (!m_info.ports.isEmpty())
        text += QLatin1Char('\n') + tr("Ports %1 → target %2")
                                        .arg(m_info.ports.join(QStringLiteral(", ")),
                                             m_info.targetPorts.join(QStringLiteral(", ")));
    for (const ServiceEndpoint& e : m_info.endpoints)
        text += QLatin1Char('\n') +
                tr("%1 %2 on %3: %4")
                    .arg(e.address, e.pod.isEmpty() ? QStringLiteral("-") : e.pod,
                         e.node.isEmpty() ? QStringLiteral("?") : e.node,
                         e.terminating ? tr("terminating")
                         : e.ready     ? tr("ready")
                                       : tr("not ready"));
    text += QLatin1Char('\n') + tr("Click to see its endpoints on the map and kube-proxy's "
                                   "rules in the inspector");
    return text;
}

void ServiceBox::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF r = boundingRect();
    const qreal pixel = 1 / std::max<qreal>(lod, 1e-3);
    painter->fillRect(r, m_look->border);
    painter->fillRect(r.adjusted(pixel, pixel, -pixel, -pixel), m_look->serviceFill);
    const int ready = m_info.readyCount(), total = int(m_info.endpoints.size());
    const bool external = m_info.type == QLatin1String("ExternalName");
    const QColor dot = external || (total > 0 && ready == total) ? phaseColor(PodPhase::Running)
                       : ready > 0                               ? phaseColor(PodPhase::Pending)
                                                                 : m_look->notReady;
    if (!m_look->legible(lod, kNamePixels)) {
        painter->fillRect(QRectF(r.left(), r.top(), 6, r.height()), dot);
        return;
    }
    const qreal inner = r.width() - 2 * kPadding;
    // The header: name, type at the right.
    painter->setFont(m_look->smallFont);
    const QFontMetricsF small(m_look->smallFont);
    const qreal typeWidth = small.horizontalAdvance(m_info.type);
    painter->setPen(m_look->mutedText);
    const QRectF header(r.left() + kPadding, r.top(), inner, kHeaderHeight);
    painter->drawText(header, Qt::AlignRight | Qt::AlignVCenter, m_info.type);
    painter->setFont(m_look->nameFont);
    painter->setPen(m_look->text);
    const QFontMetricsF name(m_look->nameFont);
    painter->drawText(header.adjusted(0, 0, -typeWidth - kPadding, 0),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      name.elidedText(title(), Qt::ElideMiddle, inner - typeWidth - kPadding));
    m_look->noteText(lod, kNamePixels);
    if (!m_look->legible(lod, kSmallPixels))
        return;
    painter->setFont(m_look->smallFont);
    const QString address = external ? QString()
                            : m_info.headless() ? tr("headless")
                                                : m_info.clusterIp;
    QString line = address;
    if (!m_info.ports.isEmpty())
        line += (line.isEmpty() ? QString() : QStringLiteral(" · ")) +
                m_info.ports.join(QStringLiteral(", "));
    QRectF row(r.left() + kPadding, r.top() + kHeaderHeight, inner, kComponentRowHeight);
    painter->drawText(row, Qt::AlignLeft | Qt::AlignVCenter,
                      small.elidedText(line, Qt::ElideRight, inner));
    row.translate(0, kComponentRowHeight);
    const qreal d = 7;
    painter->fillRect(QRectF(row.left(), row.center().y() - d / 2, d, d), dot);
    painter->drawText(row.adjusted(d + 5, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                      small.elidedText(m_info.endpointSummary(), Qt::ElideRight, inner - d - 5));
    m_look->noteText(lod, kSmallPixels);
}

} // namespace kubelab::app
