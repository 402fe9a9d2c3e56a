#include "app/map/map_overlay.h"

#include <QGraphicsScene>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QTimer>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

#include "app/map/cluster_view.h"
#include "app/map/pod_phase.h"

namespace kubelab::app {

namespace {

// Holds the overlay's items: one delete takes them all away.
class Root : public QGraphicsItem
{
public:
    QRectF boundingRect() const override { return {}; }
    void paint(QPainter*, const QStyleOptionGraphicsItem*, QWidget*) override {}
};

// A line or curve with an arrowhead at its end, drawn with a cosmetic pen (the same width
// at any zoom).
class Arrow : public QGraphicsItem
{
public:
    Arrow(QPainterPath path, QPen pen, bool head) : m_path(std::move(path)), m_pen(std::move(pen))
    {
        m_pen.setCosmetic(true);
        m_head = head;
        setAcceptedMouseButtons(Qt::NoButton);
    }
    QRectF boundingRect() const override { return m_path.boundingRect().adjusted(-12, -12, 12, 12); }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) override
    {
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(m_pen);
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(m_path);
        if (!m_head)
            return;
        // The head: 10 device pixels long whatever the zoom.
        const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
        const qreal len = 10 / std::max<qreal>(lod, 1e-3);
        const QPointF tip = m_path.pointAtPercent(1);
        const qreal angle = qDegreesToRadians(-m_path.angleAtPercent(0.98));
        const QPointF back(std::cos(angle) * len, std::sin(angle) * len);
        const QPointF side(-back.y() * 0.45, back.x() * 0.45);
        QPen solid = m_pen;
        solid.setStyle(Qt::SolidLine);
        painter->setPen(solid);
        painter->setBrush(m_pen.color());
        painter->drawPolygon(QPolygonF({tip, tip - back + side, tip - back - side}));
    }

private:
    QPainterPath m_path;
    QPen m_pen;
    bool m_head = true;
};

// A numbered badge and its text, the same size at any zoom.
class Badge : public QGraphicsItem
{
public:
    Badge(QString text, QColor fill, QColor ink, QFont font)
        : m_text(std::move(text)), m_fill(std::move(fill)), m_ink(std::move(ink)),
          m_font(std::move(font))
    {
        setFlag(ItemIgnoresTransformations);
        setAcceptedMouseButtons(Qt::NoButton);
        const QFontMetricsF fm(m_font);
        m_rect = QRectF(0, 0, fm.horizontalAdvance(m_text) + 10, fm.height() + 4);
        m_rect.moveCenter(QPointF(0, 0));
    }
    QRectF boundingRect() const override { return m_rect; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override
    {
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(m_fill);
        painter->drawRoundedRect(m_rect, 4, 4);
        painter->setFont(m_font);
        painter->setPen(m_ink);
        painter->drawText(m_rect, Qt::AlignCenter, m_text);
    }

private:
    QString m_text;
    QColor m_fill, m_ink;
    QFont m_font;
    QRectF m_rect;
};

QPointF centreOf(const QGraphicsItem* item)
{
    return item->sceneBoundingRect().center();
}

// A gentle curve from a to b, so arrows between boxes in one row do not run along their
// edges.
QPainterPath curve(QPointF a, QPointF b)
{
    QPainterPath path(a);
    const QPointF mid = (a + b) / 2;
    const QPointF d = b - a;
    const QPointF normal(-d.y() * 0.15, d.x() * 0.15);
    path.quadTo(mid + normal, b);
    return path;
}

} // namespace

MapOverlay::MapOverlay(ClusterView* view, Selection* selection, QObject* parent)
    : QObject(parent), m_view(view), m_selection(selection)
{
    m_caption = new QLabel;
    m_caption->setObjectName(QStringLiteral("packetCaption"));
    m_caption->setTextFormat(Qt::RichText);
    m_caption->setWordWrap(true);
    m_caption->setMargin(4);
    m_caption->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_caption->hide();
    view->addNotice(m_caption); // above the legend, so it covers nothing
    connect(m_caption, &QLabel::linkActivated, this, [this](const QString& link) {
        if (link == QLatin1String("clear")) {
            clearPacket();
            return;
        }
        m_details = link == QLatin1String("more");
        drawPacket(m_root); // the caption only: the arrows are drawn already
        m_view->noticeChanged();
    });
    connect(view, &ClusterView::redrawn, this, &MapOverlay::redraw);
    connect(selection, &Selection::changed, this, &MapOverlay::redraw);
}

void MapOverlay::showPacket(const Packet& packet)
{
    m_packet = packet;
    m_newPacket = true;
    // Each stop's line when the map has room for them.
    m_details = m_view->viewport()->height() >= 420;
    redraw();
}

void MapOverlay::clearPacket()
{
    m_packet = {};
    redraw();
}

void MapOverlay::redraw()
{
    delete m_root;
    m_root = new Root;
    m_root->setZValue(9); // over boxes and chips, under the selection's outline
    m_view->scene()->addItem(m_root);
    m_endpointLines = m_packetArrows = 0;
    drawEndpoints(m_root);
    drawPacket(m_root);
}

void MapOverlay::drawEndpoints(QGraphicsItem* root)
{
    const ObjectRef& ref = m_selection->current();
    if (ref.resource != QLatin1String("services"))
        return;
    const ServiceBox* box = m_view->serviceBox(ref.ns, ref.name);
    if (!box)
        return;
    const QRectF from = box->sceneBoundingRect();
    for (const ServiceEndpoint& e : box->info().endpoints) {
        const PodChip* chip = e.pod.isEmpty() ? nullptr : m_view->podChip(ref.ns, e.pod);
        if (!chip || !chip->isVisible())
            continue;
        const QPointF to = centreOf(chip);
        const QPointF start(std::clamp(to.x(), from.left() + 8, from.right() - 8), from.top());
        QPen pen(e.terminating ? m_view->palette().color(QPalette::PlaceholderText)
                 : e.ready     ? phaseColor(PodPhase::Running)
                               : notReadyColor(),
                 2);
        if (!e.ready)
            pen.setStyle(Qt::DashLine);
        auto* arrow = new Arrow(curve(start, to), pen, true);
        arrow->setParentItem(root);
        ++m_endpointLines;
    }
}

void MapOverlay::drawPacket(QGraphicsItem* root)
{
    if (m_packet.stops.empty()) {
        if (!m_caption->isHidden()) {
            m_caption->hide();
            m_view->noticeChanged();
        }
        return;
    }
    // Where each stop is drawn: its object's centre, or for the outside world a point at
    // the map's left edge level with the next stop.
    std::vector<std::optional<QPointF>> points;
    for (std::size_t i = 0; i < m_packet.stops.size(); ++i) {
        const Stop& s = m_packet.stops[i];
        if (s.ref.isNull()) {
            points.push_back(QPointF(m_view->sceneRect().left() + 4, m_view->sceneRect().top() + 40));
            continue;
        }
        const QGraphicsItem* item = m_view->itemFor(s.ref);
        if (item && !item->isVisible() && item->parentItem())
            item = item->parentItem()->parentItem(); // a hidden chip: its node's box
        points.push_back(item ? std::optional<QPointF>(centreOf(item)) : std::nullopt);
    }
    for (std::size_t i = 0; i < points.size(); ++i)
        if (!points[i] && i > 0 && points[i - 1])
            points[i] = *points[i - 1] + QPointF(40, 0); // not on the map (a pod gone)
    const QPalette pal = m_view->palette();
    const QColor ok = pal.color(QPalette::Highlight);
    const QColor bad = notReadyColor();
    QFont font = m_view->font();
    font.setBold(true);
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
        if (!points[i] || !points[i + 1])
            continue;
        const bool last = i + 2 == points.size();
        QPen pen(last && !m_packet.delivered ? bad : ok, 3);
        if (last && !m_packet.delivered)
            pen.setStyle(Qt::DashLine);
        auto* arrow = new Arrow(curve(*points[i], *points[i + 1]), pen, true);
        arrow->setParentItem(root);
        ++m_packetArrows;
    }
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!points[i])
            continue;
        const bool failed = i + 1 == points.size() && !m_packet.delivered;
        auto* badge = new Badge(QString::number(i + 1), failed ? bad : ok,
                                pal.color(QPalette::HighlightedText), font);
        badge->setParentItem(root);
        badge->setPos(*points[i]);
    }
    // One line, with each stop's story a click away (a short map has no room for them).
    QString text = QStringLiteral("<b>%1</b>").arg(m_packet.caption.toHtmlEscaped());
    if (m_details) {
        for (std::size_t i = 0; i < m_packet.stops.size(); ++i)
            if (!m_packet.stops[i].label.isEmpty())
                text += QStringLiteral("<br>%1. %2").arg(i + 1).arg(
                    m_packet.stops[i].label.toHtmlEscaped());
        text += QStringLiteral(" &nbsp; <a href=\"less\">%1</a>").arg(tr("Fewer details"));
    } else {
        text += QStringLiteral(" &nbsp; <a href=\"more\">%1</a>").arg(tr("Each stop"));
    }
    text += QStringLiteral(" &nbsp; <a href=\"clear\">%1</a>").arg(tr("Hide"));
    QString tip;
    for (std::size_t i = 0; i < m_packet.stops.size(); ++i)
        tip += QStringLiteral("%1%2. %3").arg(i ? QStringLiteral("\n") : QString()).arg(i + 1).arg(
            m_packet.stops[i].label);
    m_caption->setToolTip(tip);
    m_caption->setText(text);
    if (m_caption->isHidden()) {
        m_caption->show();
        m_view->noticeChanged();
    }
    // Bring the path into view (as much of it as the map's legible zoom lets show).
    QRectF path;
    for (const auto& p : points)
        if (p)
            path |= QRectF(*p, QSizeF(1, 1));
    if (m_newPacket && !path.isEmpty()) {
        // After the bar has grown (noticeChanged's relayout runs first): all of the path
        // if it fits, else its middle.
        QTimer::singleShot(0, this, [this, path] {
            m_view->bringIntoView(path.adjusted(-20, -20, 20, 20));
        });
        m_newPacket = false;
    }
}

} // namespace kubelab::app
