#include "app/map/map_legend.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include "app/map/pod_phase.h"

namespace kubelab::app {

namespace {
constexpr int kSwatch = 10;
constexpr int kSpacing = 9;
constexpr int kMargin = 4;
} // namespace

MapLegend::MapLegend(QWidget* parent) : QWidget(parent)
{
    setAccessibleName(tr("Cluster map legend"));
    for (PodPhase p : kPodPhases)
        m_entries.push_back({Mark::Chip, phaseColor(p), phaseLabel(p), phaseDescription(p)});
    const QColor red(0xd6, 0x30, 0x31);
    m_entries.push_back({Mark::NotReadyNode, red, tr("NotReady node"),
                         tr("A node whose kubelet stopped posting status (red border)")});
    m_entries.push_back({Mark::Running, QColor(0x27, 0xae, 0x60), tr("running"),
                         tr("A component that is running")});
    m_entries.push_back(
        {Mark::Stopped, red, tr("stopped"), tr("A component stopped by a fault (fault stop ...)")});
    m_entries.push_back({Mark::NotSimulated, QColor(), tr("not simulated"),
                         tr("A component KubeLab does not simulate yet")});
    setAccessibleDescription(labels().join(", "));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

QStringList MapLegend::labels() const
{
    QStringList out;
    for (const Entry& e : m_entries)
        out << e.label;
    return out;
}

int MapLegend::entryWidth(const Entry& e) const
{
    return kSwatch + 4 + fontMetrics().horizontalAdvance(e.label);
}

std::vector<QRect> MapLegend::layout(int width) const
{
    std::vector<QRect> rects;
    const int line = std::max(fontMetrics().height(), kSwatch) + 2;
    int x = kMargin, y = kMargin;
    for (const Entry& e : m_entries) {
        const int w = entryWidth(e);
        if (x > kMargin && x + w > width - kMargin) {
            x = kMargin;
            y += line;
        }
        rects.emplace_back(x, y, w, line);
        x += w + kSpacing;
    }
    return rects;
}

int MapLegend::heightForWidth(int width) const
{
    const auto rects = layout(width);
    return rects.empty() ? 0 : rects.back().bottom() + 1 + kMargin;
}

QSize MapLegend::sizeHint() const
{
    int w = kMargin;
    for (const Entry& e : m_entries)
        w += entryWidth(e) + kSpacing;
    return {w, heightForWidth(w)};
}

QSize MapLegend::minimumSizeHint() const
{
    int widest = 0;
    for (const Entry& e : m_entries)
        widest = std::max(widest, entryWidth(e));
    return {widest + 2 * kMargin, heightForWidth(widest + 2 * kMargin)};
}

void MapLegend::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const auto rects = layout(width());
    const QColor text = palette().color(QPalette::WindowText);
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        const Entry& e = m_entries[i];
        const QRect& r = rects[i];
        const QRectF swatch(r.left() + 0.5, r.center().y() - kSwatch / 2.0 + 0.5, kSwatch - 1,
                            kSwatch - 1);
        switch (e.mark) {
        case Mark::Chip: p.fillRect(swatch, e.color); break;
        case Mark::NotReadyNode:
            p.setPen(QPen(e.color, 2));
            p.setBrush(e.color.lighter(170));
            p.drawRect(swatch.adjusted(0.5, 0.5, -0.5, -0.5));
            break;
        case Mark::Running:
        case Mark::Stopped: // the components' square lights, as on the map
            p.fillRect(swatch.adjusted(1.5, 1.5, -1.5, -1.5), e.color);
            break;
        case Mark::NotSimulated:
            p.setPen(QPen(palette().color(QPalette::PlaceholderText), 1));
            p.setBrush(Qt::NoBrush);
            p.drawRect(swatch.adjusted(2, 2, -2, -2));
            break;
        }
        p.setPen(text);
        p.drawText(r.adjusted(kSwatch + 4, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, e.label);
    }
}

bool MapLegend::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const auto rects = layout(width());
        for (std::size_t i = 0; i < rects.size(); ++i)
            if (rects[i].contains(help->pos())) {
                QToolTip::showText(help->globalPos(), m_entries[i].description, this, rects[i]);
                return true;
            }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    return QWidget::event(event);
}

} // namespace kubelab::app
