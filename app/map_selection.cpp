#include "app/map_selection.h"

#include <QGraphicsRectItem>
#include <QMouseEvent>

#include "app/cluster_view.h"
#include "app/selection.h"

namespace kubelab::app {

namespace {
// Marks the outline item. The map clears its scene on every redraw, deleting the outline
// with it, so the outline is found by this mark rather than kept by pointer.
constexpr int kOutlineKey = 100;

ObjectRef refOf(const QGraphicsItem* item)
{
    return {item->data(ClusterView::ObjectResource).toString(),
            item->data(ClusterView::ObjectNamespace).toString(),
            item->data(ClusterView::ObjectName).toString()};
}
} // namespace

MapSelection::MapSelection(ClusterView* view, Selection* selection, QObject* parent)
    : QObject(parent), m_view(view), m_selection(selection)
{
    view->viewport()->installEventFilter(this);
    connect(view, &ClusterView::redrawn, this, &MapSelection::drawOutline);
    connect(selection, &Selection::changed, this, &MapSelection::drawOutline);
}

QGraphicsItem* MapSelection::itemFor(const ObjectRef& ref) const
{
    if (ref.isNull() || !m_view->scene())
        return nullptr;
    for (QGraphicsItem* item : m_view->scene()->items())
        if (refOf(item) == ref)
            return item;
    return nullptr;
}

QGraphicsItem* MapSelection::outline() const
{
    if (m_view->scene())
        for (QGraphicsItem* item : m_view->scene()->items())
            if (item->data(kOutlineKey).toBool())
                return item;
    return nullptr;
}

void MapSelection::drawOutline()
{
    QGraphicsScene* scene = m_view->scene();
    delete outline();
    const QGraphicsItem* target = itemFor(m_selection->current());
    if (!target)
        return;
    const QColor accent = m_view->palette().color(QPalette::Highlight);
    auto* rect = scene->addRect(target->sceneBoundingRect().adjusted(-3, -3, 3, 3),
                                QPen(accent, 3), Qt::NoBrush);
    rect->setZValue(10);
    rect->setAcceptedMouseButtons(Qt::NoButton);
    rect->setData(kOutlineKey, true);
}

bool MapSelection::eventFilter(QObject* watched, QEvent* event)
{
    // The map pans on drag; only a click that did not move selects.
    if (event->type() == QEvent::MouseButtonPress) {
        m_pressPos = static_cast<QMouseEvent*>(event)->position().toPoint();
    } else if (event->type() == QEvent::MouseButtonRelease) {
        auto* mouse = static_cast<QMouseEvent*>(event);
        const QPoint pos = mouse->position().toPoint();
        if (mouse->button() == Qt::LeftButton &&
            (pos - m_pressPos).manhattanLength() < 4) {
            // Chips lie on top of node boxes and labels on top of both: take the topmost
            // item that stands for an object.
            for (QGraphicsItem* item : m_view->items(pos))
                if (!refOf(item).isNull()) {
                    m_selection->select(refOf(item));
                    break;
                }
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace kubelab::app
