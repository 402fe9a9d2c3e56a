#include "app/map/map_selection.h"

#include <QGraphicsRectItem>
#include <QMouseEvent>

#include "app/core/selection.h"
#include "app/map/cluster_view.h"
#include "app/map/map_item.h"

namespace kubelab::app {

namespace {
ObjectRef refOf(const QGraphicsItem* item)
{
    return {item->data(mapitem::ObjectResource).toString(),
            item->data(mapitem::ObjectNamespace).toString(),
            item->data(mapitem::ObjectName).toString()};
}
} // namespace

MapSelection::MapSelection(ClusterView* view, Selection* selection, QObject* parent)
    : QObject(parent), m_view(view), m_selection(selection)
{
    view->viewport()->installEventFilter(this);
    connect(view, &ClusterView::redrawn, this, &MapSelection::drawOutline);
    connect(view, &ClusterView::problemChosen, this,
            [this](const QString& resource, const QString& ns, const QString& name) {
                m_selection->select(ObjectRef{resource, ns, name});
            });
    connect(selection, &Selection::changed, this, [this] {
        drawOutline();
        // Chosen elsewhere (the inspector, the event log): bring it into view.
        if (QGraphicsItem* target = itemFor(m_selection->current()))
            m_view->ensureVisible(target, 8, 8);
    });
}

QGraphicsItem* MapSelection::itemFor(const ObjectRef& ref) const
{
    return ref.isNull() ? nullptr : m_view->itemFor(ref);
}

QGraphicsItem* MapSelection::outline() const
{
    return m_outline && m_outline->isVisible() ? m_outline : nullptr;
}

void MapSelection::drawOutline()
{
    const QGraphicsItem* target = itemFor(m_selection->current());
    if (!target) {
        if (m_outline)
            m_outline->hide();
        return;
    }
    if (!m_outline) {
        // A cosmetic pen: three pixels wide at any zoom.
        QPen pen(m_view->palette().color(QPalette::Highlight), 3);
        pen.setCosmetic(true);
        m_outline = m_view->scene()->addRect(QRectF(), pen, Qt::NoBrush);
        m_outline->setZValue(10);
        m_outline->setAcceptedMouseButtons(Qt::NoButton);
    }
    m_outline->setRect(target->sceneBoundingRect().adjusted(-3, -3, 3, 3));
    m_outline->show();
}

bool MapSelection::eventFilter(QObject* watched, QEvent* event)
{
    // The map pans on drag; only a click that did not move selects.
    if (event->type() == QEvent::MouseButtonPress) {
        m_pressPos = static_cast<QMouseEvent*>(event)->position().toPoint();
    } else if (event->type() == QEvent::MouseButtonRelease) {
        auto* mouse = static_cast<QMouseEvent*>(event);
        const QPoint pos = mouse->position().toPoint();
        if (mouse->button() == Qt::LeftButton && (pos - m_pressPos).manhattanLength() < 4) {
            // Chips lie on top of node boxes: take the topmost item that stands for an
            // object.
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
