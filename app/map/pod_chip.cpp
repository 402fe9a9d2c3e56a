#include "app/map/pod_chip.h"

#include <QCoreApplication>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <algorithm>

#include "app/map/map_item.h"
#include "app/map/map_look.h"

namespace kubelab::app {

using namespace mapgeom;

PodChip::PodChip(const MapLook* look, std::string key, std::string uid, const QString& ns,
                 const QString& name)
    : m_look(look), m_key(std::move(key)), m_uid(std::move(uid)), m_ns(ns), m_name(name)
{
    setData(mapitem::ObjectName, name);
    setData(mapitem::ObjectNamespace, ns);
    setData(mapitem::ObjectResource, QStringLiteral("pods"));
}

QRectF PodChip::boundingRect() const
{
    return {0, 0, kChipWidth, kChipHeight};
}

bool PodChip::setState(PodPhase phase, const QString& kubectlStatus)
{
    m_status = kubectlStatus;
    if (phase == m_phase)
        return false;
    m_phase = phase;
    update();
    return true;
}

QColor PodChip::color() const
{
    return phaseColor(m_phase);
}

void PodChip::setFade(Fade fade, qreal progress)
{
    m_fade = fade;
    m_progress = std::clamp<qreal>(progress, 0, 1);
    update();
}

void PodChip::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    QRectF r = boundingRect();
    const qreal opacity = painter->opacity();
    if (m_fade != Fade::None) {
        // Grows from 40% and fades in; leaves the same way backwards.
        const qreal t = m_fade == Fade::In ? m_progress : 1 - m_progress;
        const qreal s = 0.4 + 0.6 * t;
        r = QRectF(r.center() - QPointF(r.width() * s, r.height() * s) / 2, r.size() * s);
        painter->setOpacity(opacity * t);
    }
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod * kChipHeight >= 10) {
        // A one-pixel darker rim, drawn as two fills (cheaper than stroking).
        const qreal pixel = 1 / lod;
        painter->fillRect(r, color().darker(140));
        painter->fillRect(r.adjusted(pixel, pixel, -pixel, -pixel), color());
    } else {
        painter->fillRect(r, color());
    }
    // Readable only from about 30 px high: the name's last part ("x7k2p", "web-0" -> "0").
    if (m_fade == Fade::None && lod * kChipHeight >= 30) {
        QFont f = m_look->smallFont;
        f.setPixelSize(5);
        painter->setFont(f);
        painter->setPen(Qt::white);
        const QString shortName = m_name.section('-', -1);
        painter->drawText(r, Qt::AlignCenter, shortName.left(6));
    }
    painter->setOpacity(opacity);
}

QString PodChip::toolTipText() const
{
    return QCoreApplication::translate("ClusterView", "pod %1/%2: %3%4")
        .arg(m_ns, m_name, m_status,
             m_nodeName.empty() ? QCoreApplication::translate("ClusterView", ", not scheduled")
                                : QCoreApplication::translate("ClusterView", " on %1")
                                      .arg(QString::fromStdString(m_nodeName)));
}

} // namespace kubelab::app
