#pragma once
// Selecting on the cluster map: a click on a pod chip or a node box selects that object,
// and the selected one is outlined, the outline placed again whenever the map's items
// change. Kept beside ClusterView rather than in it so the map's drawing code stays about
// drawing.
#include <QObject>
#include <QPoint>

class QGraphicsItem;
class QGraphicsRectItem;

namespace kubelab::app {

class ClusterView;
class Selection;
struct ObjectRef;

class MapSelection : public QObject
{
    Q_OBJECT
public:
    MapSelection(ClusterView* view, Selection* selection, QObject* parent = nullptr);

    // The chip or box drawn for `ref`, or nullptr when the map does not show it.
    QGraphicsItem* itemFor(const ObjectRef& ref) const;
    // The outline drawn around the selected object (nullptr when nothing is outlined).
    QGraphicsItem* outline() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void drawOutline();

    ClusterView* m_view;
    Selection* m_selection;
    // Owned by the map's scene, which is never cleared; hidden when nothing is outlined.
    QGraphicsRectItem* m_outline = nullptr;
    QPoint m_pressPos;
};

} // namespace kubelab::app
