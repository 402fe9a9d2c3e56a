#include "app/map/node_box.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <algorithm>
#include <map>

#include "app/map/map_item.h"
#include "app/map/map_look.h"
#include "app/map/pod_chip.h"

namespace kubelab::app {

using namespace mapgeom;

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("ClusterView", text);
}
// Text smaller than this many pixels is not drawn (at a thousand nodes, text of 6 pixels
// cost two thirds of a frame and was not readable anyway); a box whose name is not drawn
// is a plain tile.
constexpr qreal kLegiblePixels = 7;

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
} // namespace

NodeBox::NodeBox(const MapLook* look, Role role, const QString& name,
                 std::vector<Component> components)
    : m_look(look), m_role(role), m_name(name), m_components(std::move(components)),
      m_width(kNodeWidth), m_layer(new ChipLayer(this))
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
    return {0, 0, m_width, height()};
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
    return kHeaderHeight + componentRows * kComponentRowHeight + (componentRows ? 4 : 0);
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
    if (grows)
        prepareGeometryChange();
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
    if (shrinks)
        prepareGeometryChange();
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

    if (lod * m_look->nameFont.pixelSize() < kLegiblePixels) {
        // Far out, a node is a tile: red when unwell, and (when chips are hidden) its pods
        // stretched over it. Workers are grey rather than green, so Running pods stand out.
        const QColor tile = unscheduled                    ? m_look->base
                            : !m_ready || anyStopped()     ? m_look->notReady
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
        const qreal rim = m_ready ? pixel : std::max(2.5, 2 * pixel);
        painter->fillRect(r, m_ready ? m_look->border : m_look->notReady);
        painter->fillRect(r.adjusted(rim, rim, -rim, -rim), !m_ready ? m_look->notReadyFill
                                                            : m_role == Role::ControlPlane
                                                                ? m_look->controlPlaneFill
                                                                : m_look->workerFill);
    }

    // A legible name means chips of 7 pixels or more: they draw themselves.
    paintText(painter, r, lod);
}

void NodeBox::paintText(QPainter* painter, const QRectF& r, qreal lod)
{
    const qreal nameY = r.top() + (kHeaderHeight - m_look->nameLineHeight) / 2;
    painter->setFont(m_look->nameFont);
    painter->setPen(m_look->text);
    if (m_role == Role::Unscheduled) {
        if (m_headerCount != m_chips.size())
            layOutText();
        painter->drawStaticText(QPointF(r.left() + kPadding, nameY), m_nameText);
        return;
    }
    painter->drawStaticText(QPointF(r.left() + kPadding, nameY), m_nameText);
    // The smaller text (status, component names) waits until it can be read; the lights
    // show from the start.
    const bool smallLegible = lod * m_look->smallFont.pixelSize() >= kLegiblePixels;
    painter->setFont(m_ready ? m_look->smallFont : m_look->smallBoldFont);
    painter->setPen(m_ready ? m_look->mutedText : m_look->notReady);
    if (smallLegible)
        painter->drawStaticText(QPointF(r.right() - kPadding - m_statusWidth,
                                        r.top() + (kHeaderHeight - m_look->smallLineHeight) / 2),
                                m_statusText);

    // A square light per component, then its name: filled when running (green) or
    // stopped (red), hollow when not simulated.
    painter->setFont(m_look->smallFont);
    const qreal column = (r.width() - 2 * kPadding) / 2;
    const qreal textDy = (kComponentRowHeight - m_look->smallLineHeight) / 2;
    for (std::size_t i = 0; i < m_components.size(); ++i) {
        const Component& c = m_components[i];
        const QPointF at(r.left() + kPadding + qreal(i % 2) * column,
                         r.top() + kHeaderHeight + qreal(i / 2) * kComponentRowHeight);
        const QRectF light(at.x(), at.y() + 4, 7, 7);
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
        if (smallLegible)
            painter->drawStaticText(QPointF(at.x() + 12, at.y() + textDy), m_labelTexts[i]);
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
