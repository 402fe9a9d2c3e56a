#include "app/map/pod_chip.h"

#include <QCoreApplication>
#include <QFontMetricsF>
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
    // The owner's (or pod's) name when it can be read and a few letters of it fit.
    if (m_fade == Fade::None && m_look->legible(lod, kChipPixels)) {
        const QFontMetricsF fm(m_look->chipFont);
        const QString text =
            fm.elidedText(m_label.isEmpty() ? m_name : m_label, Qt::ElideRight, kChipWidth - 3);
        if (text.size() >= 3) {
            m_look->noteText(lod, kChipPixels);
            painter->setFont(m_look->chipFont);
            painter->setPen(m_phase == PodPhase::Pending || m_phase == PodPhase::Succeeded
                                ? Qt::black
                                : Qt::white);
            painter->drawText(r, Qt::AlignCenter, text);
        }
    }
    painter->setOpacity(opacity);
}

QString PodChip::toolTipText() const
{
    QString text =
        QCoreApplication::translate("ClusterView", "pod %1/%2: %3%4")
            .arg(m_ns, m_name, m_status,
                 m_nodeName.empty() ? QCoreApplication::translate("ClusterView", ", not scheduled")
                                    : QCoreApplication::translate("ClusterView", " on %1")
                                          .arg(QString::fromStdString(m_nodeName)));
    if (!m_reason.isEmpty())
        text += QLatin1Char('\n') + m_reason;
    return text;
}

} // namespace kubelab::app
