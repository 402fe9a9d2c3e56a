#include "app/map/node_box.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <algorithm>
#include <map>

#include "app/core/quantity_text.h"
#include "app/map/map_item.h"
#include "app/map/map_look.h"
#include "app/map/pod_chip.h"
#include "engine/model/quantity.h"

namespace kubelab::app {

using namespace mapgeom;

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("ClusterView", text);
}

// Holds a box's chips; draws nothing itself.
class ChipLayer : public QGraphicsItem
{
public:
    explicit ChipLayer(QGraphicsItem* parent) : QGraphicsItem(parent)
    {
        setFlag(ItemHasNoContents);
    }
    QRectF boundingRect() const override { return {}; }
    void paint(QPainter*, const QStyleOptionGraphicsItem*, QWidget*) override {}
};

// A NotReady node or one with a stopped component: a thick red frame and red hatching
// over its pods, drawn above the chips (and the mosaic) so it shows at every zoom.
class UnwellMark : public QGraphicsItem
{
public:
    UnwellMark(NodeBox* box, const QColor* red) : QGraphicsItem(box), m_box(box), m_red(red)
    {
        setZValue(1);
        setAcceptedMouseButtons(Qt::NoButton);
    }
    void resized() { prepareGeometryChange(); }
    QRectF boundingRect() const override { return m_box->boundingRect(); }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) override
    {
        if (!m_box->unwell())
            return;
        const qreal pixel = 1 / option->levelOfDetailFromTransform(painter->worldTransform());
        const QRectF r = boundingRect();
        // At least 3 device pixels however far out, and never thinner than 4 scene units.
        const qreal rim = std::max<qreal>(4, 3 * pixel);
        QColor hatch = *m_red;
        hatch.setAlpha(170);
        painter->save();
        painter->setClipRect(r.adjusted(0, std::min(r.height() / 3, m_box->podAreaTop()), 0, 0));
        painter->setPen(QPen(hatch, std::max<qreal>(1.5, 1.5 * pixel)));
        const qreal step = std::max<qreal>(10, 7 * pixel);
        for (qreal x = r.left() - r.height(); x < r.right(); x += step)
            painter->drawLine(QPointF(x, r.bottom()), QPointF(x + r.height(), r.top()));
        painter->restore();
        painter->fillRect(QRectF(r.left(), r.top(), r.width(), rim), *m_red);
        painter->fillRect(QRectF(r.left(), r.bottom() - rim, r.width(), rim), *m_red);
        painter->fillRect(QRectF(r.left(), r.top(), rim, r.height()), *m_red);
        painter->fillRect(QRectF(r.right() - rim, r.top(), rim, r.height()), *m_red);
    }

private:
    NodeBox* m_box;
    const QColor* m_red;
};
} // namespace

NodeBox::NodeBox(const MapLook* look, Role role, const QString& name,
                 std::vector<Component> components)
    : m_look(look), m_role(role), m_name(name), m_components(std::move(components)),
      m_width(kNodeWidth), m_layer(new ChipLayer(this)),
      m_mark(new UnwellMark(this, &look->notReady))
{
    setFlag(ItemContainsChildrenInShape);
    if (role != Role::Unscheduled) {
        setData(mapitem::ObjectName, name);
        setData(mapitem::ObjectResource, QStringLiteral("nodes"));
    }
    layOutText();
}

void NodeBox::lookChanged()
{
    layOutText();
    update();
}

void NodeBox::layOutText()
{
    if (m_role == Role::Unscheduled) {
        m_headerCount = m_chips.size();
        m_nameText = staticText(tr("Not scheduled (%1)").arg(m_headerCount));
        return;
    }
    // kubectl get nodes' STATUS: "Ready", "NotReady", "Ready,SchedulingDisabled".
    QString status = m_ready ? tr("Ready") : tr("NotReady");
    if (m_unschedulable)
        status += tr(",SchedulingDisabled");
    m_statusText = staticText(status);
    m_statusWidth = QFontMetricsF(m_ready ? m_look->smallFont : m_look->smallBoldFont)
                        .horizontalAdvance(status);
    const qreal room = m_width - 2 * kPadding - m_statusWidth - 6;
    m_nameText =
        staticText(QFontMetricsF(m_look->nameFont).elidedText(m_name, Qt::ElideMiddle, room));
    m_labelTexts.clear();
    for (const Component& c : m_components)
        m_labelTexts.push_back(staticText(
            c.state == ComponentState::Stopped ? tr("%1 stopped").arg(c.label) : c.label));
}

QRectF NodeBox::boundingRect() const
{
    return {0, 0, m_width, drawnHeight()};
}

void NodeBox::setCellHeight(qreal height)
{
    if (height == m_cellHeight)
        return;
    prepareGeometryChange();
    static_cast<UnwellMark*>(m_mark)->resized();
    m_cellHeight = height;
    m_mosaicDirty = true;
}

bool NodeBox::setAllocatable(std::int64_t milliCpu, std::int64_t memory)
{
    if (milliCpu == m_allocCpu && memory == m_allocMemory)
        return false;
    m_allocCpu = milliCpu;
    m_allocMemory = memory;
    update();
    return true;
}

void NodeBox::sumRequests() const
{
    if (!m_requestsDirty)
        return;
    m_requestedCpu = m_requestedMemory = 0;
    for (const PodChip* chip : m_chips)
        if (chip->holdsResources()) {
            m_requestedCpu += chip->milliCpu();
            m_requestedMemory += chip->memory();
        }
    m_requestsDirty = false;
}

std::int64_t NodeBox::requestedCpu() const
{
    sumRequests();
    return m_requestedCpu;
}

std::int64_t NodeBox::requestedMemory() const
{
    sumRequests();
    return m_requestedMemory;
}

QString NodeBox::resourceText() const
{
    return tr("cpu %1 / %2 · memory %3 / %4 requested")
        .arg(cpuText(requestedCpu()), cpuText(m_allocCpu), memoryText(requestedMemory()),
             memoryText(m_allocMemory));
}

bool NodeBox::setNodeState(bool ready, bool unschedulable)
{
    if (ready == m_ready && unschedulable == m_unschedulable)
        return false;
    m_ready = ready;
    m_unschedulable = unschedulable;
    layOutText();
    update();
    return true;
}

bool NodeBox::setComponentState(std::size_t index, ComponentState state)
{
    if (m_components[index].state == state)
        return false;
    m_components[index].state = state;
    layOutText();
    update();
    return true;
}

bool NodeBox::anyStopped() const
{
    return std::any_of(m_components.begin(), m_components.end(),
                       [](const Component& c) { return c.state == ComponentState::Stopped; });
}

void NodeBox::setWidth(qreal width)
{
    if (width == m_width)
        return;
    prepareGeometryChange();
    static_cast<UnwellMark*>(m_mark)->resized();
    m_width = width;
    m_firstUnplaced = 0;
    placeChips();
    m_mosaicDirty = true;
}

int NodeBox::perRow() const
{
    return std::max(1, int((m_width - 2 * kPadding + kChipGap) / kCellWidth));
}

int NodeBox::podRows(int chips) const
{
    return std::max(1, (chips + perRow() - 1) / perRow());
}

qreal NodeBox::podTop() const
{
    const int componentRows = int(m_components.size() + 1) / 2;
    return kHeaderHeight + componentRows * kComponentRowHeight +
           (m_role == Role::Unscheduled ? 0 : kResourceRowHeight) + (componentRows ? 4 : 0);
}

qreal NodeBox::heightFor(int chips) const
{
    return podTop() + podRows(chips) * kCellHeight - kChipGap + kPadding;
}

qreal NodeBox::height() const
{
    return heightFor(int(m_chips.size()));
}

void NodeBox::placeChip(PodChip* chip, int slot)
{
    chip->placeIn(this, slot);
    chip->setPos(kPadding + (slot % perRow()) * kCellWidth,
                 podTop() + (slot / perRow()) * kCellHeight);
}

bool NodeBox::addChip(PodChip* chip)
{
    const int n = int(m_chips.size());
    const bool grows = podRows(n + 1) != podRows(n);
    if (grows) {
        prepareGeometryChange();
        static_cast<UnwellMark*>(m_mark)->resized();
    }
    chip->setParentItem(m_layer);
    m_chips.push_back(chip);
    m_firstUnplaced = std::min(m_firstUnplaced, m_chips.size() - 1);
    chipChanged();
    return grows;
}

bool NodeBox::takeChip(PodChip* chip)
{
    const auto it = std::find(m_chips.begin(), m_chips.end(), chip);
    if (it == m_chips.end())
        return false;
    const int n = int(m_chips.size());
    const bool shrinks = podRows(n - 1) != podRows(n);
    if (shrinks) {
        prepareGeometryChange();
        static_cast<UnwellMark*>(m_mark)->resized();
    }
    m_firstUnplaced = std::min(m_firstUnplaced, std::size_t(it - m_chips.begin()));
    m_chips.erase(it);
    chip->placeIn(nullptr, 0);
    chipChanged();
    return shrinks;
}

void NodeBox::placeChips()
{
    for (std::size_t i = m_firstUnplaced; i < m_chips.size(); ++i)
        placeChip(m_chips[i], int(i));
    m_firstUnplaced = m_chips.size();
}

void NodeBox::chipChanged()
{
    m_mosaicDirty = true;
    m_requestsDirty = true;
    if (m_role != Role::Unscheduled)
        update(QRectF(0, kHeaderHeight, m_width, podTop() - kHeaderHeight));
    if (!m_look->detailed)
        update();
}

void NodeBox::setChipsShown(bool shown)
{
    m_layer->setOpacity(shown ? 1 : 0);
    chipChanged();
}

void NodeBox::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF r = boundingRect();
    const bool unscheduled = m_role == Role::Unscheduled;

    if (!m_look->legible(lod, kNamePixels)) {
        // Far out (only where the learner zoomed), a node is a tile tinted by its health,
        // with (when chips are hidden) its pods stretched over it; the red frame of an
        // unwell node is drawn over it by its mark.
        const QColor tile = unscheduled                    ? m_look->base
                            : !m_ready || anyStopped()     ? m_look->notReadyFill
                            : m_role == Role::ControlPlane ? m_look->controlPlaneTile
                                                           : m_look->workerTile;
        if (!m_look->detailed && !m_chips.empty())
            paintMosaic(painter, r, tile);
        else if (!unscheduled)
            painter->fillRect(r, tile);
        return;
    }
    if (unscheduled) {
        painter->setPen(QPen(m_look->border, 0, Qt::DashLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(r);
    } else {
        // The border is the rim left by a second fill: stroking a thousand rectangles
        // under a scaling transform cost ten times as much.
        const qreal pixel = 1 / lod;
        painter->fillRect(r, m_look->border);
        painter->fillRect(r.adjusted(pixel, pixel, -pixel, -pixel), !m_ready ? m_look->notReadyFill
                                                                    : m_role == Role::ControlPlane
                                                                        ? m_look->controlPlaneFill
                                                                        : m_look->workerFill);
        paintResources(painter, r, lod);
    }

    // A legible name means chips large enough to draw themselves.
    paintText(painter, r, lod);
}

qreal NodeBox::podAreaTop() const
{
    return podTop() - 2;
}

void NodeBox::paintResources(QPainter* painter, const QRectF& r, qreal lod)
{
    // Two bars side by side, each filled as far as the pods request of what the node can
    // allocate, red past all of it; the numbers on them once they can be read.
    const int componentRows = int(m_components.size() + 1) / 2;
    const qreal top = r.top() + kHeaderHeight + componentRows * kComponentRowHeight + 2;
    const qreal half = (r.width() - 2 * kPadding - 6) / 2;
    const bool legible = m_look->legible(lod, kSmallPixels);
    const struct
    {
        std::int64_t used, total;
        QString text;
    } bars[] = {
        {requestedCpu(), m_allocCpu,
         tr("cpu %1/%2").arg(cpuText(requestedCpu()), cpuText(m_allocCpu))},
        {requestedMemory(), m_allocMemory,
         tr("mem %1/%2").arg(memoryText(requestedMemory()), memoryText(m_allocMemory))},
    };
    painter->setFont(m_look->smallFont);
    for (int i = 0; i < 2; ++i) {
        const QRectF bar(r.left() + kPadding + i * (half + 6), top, half, kResourceRowHeight - 4);
        painter->fillRect(bar, m_look->base);
        const double share =
            bars[i].total > 0 ? std::min(1.0, double(bars[i].used) / double(bars[i].total)) : 0;
        painter->fillRect(QRectF(bar.left(), bar.top(), bar.width() * share, bar.height()),
                          bars[i].used > bars[i].total ? m_look->notReady : m_look->requestFill);
        if (legible) {
            m_look->noteText(lod, kSmallPixels);
            painter->setPen(m_look->text);
            painter->drawText(bar.adjusted(3, 0, -2, 0), Qt::AlignVCenter | Qt::AlignLeft,
                              QFontMetricsF(m_look->smallFont)
                                  .elidedText(bars[i].text, Qt::ElideRight, bar.width() - 5));
        }
    }
}

void NodeBox::paintText(QPainter* painter, const QRectF& r, qreal lod)
{
    const qreal nameY = r.top() + (kHeaderHeight - m_look->nameLineHeight) / 2;
    painter->setFont(m_look->nameFont);
    painter->setPen(m_look->text);
    m_look->noteText(lod, kNamePixels);
    if (m_role == Role::Unscheduled) {
        if (m_headerCount != m_chips.size())
            layOutText();
        painter->drawStaticText(QPointF(r.left() + kPadding, nameY), m_nameText);
        return;
    }
    painter->drawStaticText(QPointF(r.left() + kPadding, nameY), m_nameText);
    // The smaller text (status, component names) waits until it can be read; the lights
    // show from the start.
    const bool smallLegible = m_look->legible(lod, kSmallPixels);
    painter->setFont(m_ready ? m_look->smallFont : m_look->smallBoldFont);
    painter->setPen(m_ready ? m_look->mutedText : m_look->notReady);
    if (smallLegible) {
        m_look->noteText(lod, kSmallPixels);
        painter->drawStaticText(QPointF(r.right() - kPadding - m_statusWidth,
                                        r.top() + (kHeaderHeight - m_look->smallLineHeight) / 2),
                                m_statusText);
    }

    // A square light per component, then its name: filled when running (green) or
    // stopped (red), hollow when not simulated.
    painter->setFont(m_look->smallFont);
    const qreal column = (r.width() - 2 * kPadding) / 2;
    const qreal textDy = (kComponentRowHeight - m_look->smallLineHeight) / 2;
    for (std::size_t i = 0; i < m_components.size(); ++i) {
        const Component& c = m_components[i];
        const QPointF at(r.left() + kPadding + qreal(i % 2) * column,
                         r.top() + kHeaderHeight + qreal(i / 2) * kComponentRowHeight);
        const QRectF light(at.x(), at.y() + (kComponentRowHeight - 8) / 2, 8, 8);
        switch (c.state) {
        case ComponentState::Running:
            painter->fillRect(light, m_look->running);
            painter->setPen(m_look->text);
            break;
        case ComponentState::Stopped:
            painter->fillRect(light, m_look->stopped);
            painter->setPen(m_look->stopped);
            break;
        case ComponentState::NotSimulated:
            painter->fillRect(light, m_look->mutedText);
            painter->fillRect(light.adjusted(1.2, 1.2, -1.2, -1.2), m_look->workerFill);
            painter->setPen(m_look->mutedText);
            break;
        }
        if (smallLegible) {
            m_look->noteText(lod, kSmallPixels);
            painter->drawStaticText(QPointF(at.x() + 12, at.y() + textDy), m_labelTexts[i]);
        }
    }
}

void NodeBox::paintMosaic(QPainter* painter, const QRectF& target, const QColor& background)
{
    // Opaque, so drawing it scaled is a copy rather than a blend (a third of the cost).
    const int columns = perRow();
    const int rows = podRows(int(m_chips.size()));
    if (m_mosaicDirty || background != m_mosaicBackground) {
        m_mosaic = QImage(columns, rows, QImage::Format_RGB32);
        m_mosaic.fill(background);
        for (const PodChip* chip : m_chips)
            m_mosaic.setPixelColor(chip->slot() % columns, chip->slot() / columns, chip->color());
        m_mosaicBackground = background;
        m_mosaicDirty = false;
    }
    painter->drawImage(target, m_mosaic);
}

QString NodeBox::toolTipText() const
{
    QStringList lines;
    if (m_role == Role::Unscheduled) {
        lines << tr("Pods the scheduler has not placed yet");
    } else {
        lines << tr("node %1: %2").arg(m_name, m_ready ? tr("Ready") : tr("NotReady"));
        if (!m_group.isEmpty())
            lines << tr("group %1").arg(m_group);
        lines << resourceText();
        if (m_unschedulable)
            lines << tr("cordoned (SchedulingDisabled)");
        for (const Component& c : m_components)
            lines << QStringLiteral("%1: %2").arg(
                c.label, c.state == ComponentState::Running   ? tr("running")
                         : c.state == ComponentState::Stopped ? tr("stopped")
                                                              : tr("not simulated in KubeLab"));
    }
    std::map<PodPhase, int> counts;
    for (const PodChip* chip : m_chips)
        ++counts[chip->phase()];
    QStringList parts;
    for (const auto& [phase, n] : counts)
        parts << QStringLiteral("%1 %2").arg(n).arg(phaseLabel(phase));
    lines << (m_chips.size() == 1 ? tr("1 pod") : tr("%1 pods").arg(m_chips.size())) +
                 (parts.isEmpty() ? QString() : QStringLiteral(": ") + parts.join(", "));
    return lines.join('\n');
}

} // namespace kubelab::app
