#pragma once
// The cluster map: control-plane and worker nodes with their components and health, and
// every pod as a chip coloured by its state, drawn from the API server's watch cache.
// Reads the cluster; never changes it.
//
// It scales to thousands of nodes and tens of thousands of pods: each refresh walks the
// cache beside the items it has (nodes by name, pods by key and uid, skipping objects
// whose resourceVersion did not change, and everything when the cache's revision did
// not), so an unchanged pod keeps its chip. Far out, chips are hidden and each node paints
// its pods as one small image. Ctrl+wheel or +/- zoom, dragging pans, Fit (Ctrl+0 or F)
// shows everything; the map fits itself until the learner zooms or pans, but never so far
// out that its text falls below 9 pt: a cluster that would need more scrolls instead.
// Nodes are grouped (control plane first, then by zone or worker group), every box the
// same size. The Problems button lists NotReady nodes, stopped components, Pending and
// failing pods, and jumps to each.
#include <QElapsedTimer>
#include <QGraphicsView>
#include <QTimer>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/map/map_look.h"
#include "app/map/node_box.h"
#include "app/map/pod_chip.h"
#include "app/map/service_box.h"

class QAction;
class QLabel;
class QVBoxLayout;
class QMenu;
class QToolButton;

namespace kubelab::cluster {
class Cluster;
}

namespace kubelab::app {

class MapLegend;
struct ObjectRef;

class ClusterView : public QGraphicsView
{
    Q_OBJECT
public:
    // What the map draws from. showCluster() reads it from the engine; benchmarks feed a
    // synthetic cache of the same shape.
    struct Input
    {
        // The API server's watch cache: etcd key -> object ("/registry/pods/NS/NAME",
        // "/registry/minions/NAME").
        const std::map<std::string, std::shared_ptr<const nlohmann::json>>* cache = nullptr;
        std::int64_t revision = 0;
        // Events processed so far: fewer than last time means the cluster was rewound.
        std::uint64_t processed = 0;
        std::int64_t now = 0; // virtual time, for kubectl's STATUS column
        // Whether the actor named so runs: Running, Stopped, or NotSimulated when there is
        // no such actor.
        std::function<ComponentState(const std::string& actor)> component;
        // Whether it can be stopped at all: only those are asked again on each update.
        std::function<bool(const std::string& actor)> stoppable;
    };

    explicit ClusterView(QWidget* parent = nullptr);
    ~ClusterView() override;

    // Brings the map up to date with the cluster's current state.
    void showCluster(const cluster::Cluster& cluster);
    void updateMap(const Input& input);
    // What showCluster() reads: valid until the cluster moves. Empty (no cache) if the
    // cluster has no API server.
    static Input inputOf(const cluster::Cluster& cluster);

    int nodeCount() const { return int(m_nodes.size()); }
    int podCount() const { return int(m_pods.size()); }
    // Names of the pods drawn, node by node in layout order, then the unscheduled ones.
    QStringList podNames() const;
    // The chip of pod ns/name or the box of node `name` (nullptr if not on the map). A
    // chip that is fading out after its pod was deleted is no longer found.
    PodChip* podChip(const QString& ns, const QString& name) const;
    NodeBox* nodeBox(const QString& name) const;
    // The box of Service ns/name in the row of Services (nullptr if there is none).
    ServiceBox* serviceBox(const QString& ns, const QString& name) const;
    // The Services' boxes in map order.
    const std::vector<ServiceBox*>& serviceBoxes() const { return m_serviceOrder; }
    QGraphicsItem* itemFor(const ObjectRef& ref) const;
    // The area of pods that are not scheduled yet (hidden while there are none).
    NodeBox* unscheduledBox() const { return m_unscheduled; }
    MapLegend* legend() const { return m_legend; }
    // Chips are shown one by one (else as each node's mosaic).
    bool detailed() const { return m_look.detailed; }
    // Chips appearing or leaving right now.
    int fadingCount() const { return int(m_fading.size()); }
    // Pixels per scene unit at the current zoom (1 = 100%).
    qreal zoom() const { return transform().m11(); }

    // The zoom fitToCluster() never goes below: the smallest map text at 9 pt.
    qreal legibleZoom() const;
    // What the map's text was last drawn at: the smallest size in device pixels (1e9 if
    // none) and how many pieces; resetTextStats() starts counting afresh.
    qreal smallestTextDrawn() const { return m_look.smallestTextDrawn; }
    int textsDrawn() const { return m_look.textsDrawn; }
    void resetTextStats() const;
    const MapLook& look() const { return m_look; }

    // One line per problem ("NotReady node worker-2", "Pending pod default/big: 0/4 nodes
    // are available: ..."), with the object each jumps to, in map order.
    struct Problem
    {
        QString text;
        QString resource; // "nodes" or "pods"
        QString ns;
        QString name;
    };
    std::vector<Problem> problems() const;
    // Selects the problem's object (problemChosen) and scrolls the map to it.
    void jumpTo(const Problem& problem);
    QToolButton* problemsButton() const { return m_problemsButton; }

    // Shows `area` (all of it if it fits at the current zoom, else its middle) and stops
    // fitting the cluster on its own, as a jump to a problem does.
    void bringIntoView(const QRectF& area);
    // A line above the legend (the traced packet's caption): the bar grows to hold it.
    // Call noticeChanged() after showing, hiding or changing it.
    void addNotice(QWidget* notice);
    void noticeChanged();

    QAction* fitAction() const { return m_fitAction; }
    QAction* zoomInAction() const { return m_zoomInAction; }
    QAction* zoomOutAction() const { return m_zoomOutAction; }

    // Zooms so the whole cluster shows (never past 150%), and keeps doing so as it grows
    // until the learner zooms or pans.
    void fitToCluster();
    // Multiplies the zoom by `factor`, within limits; the point under the mouse (or, with
    // the mouse elsewhere, the centre) stays put.
    void zoomBy(qreal factor);

Q_SIGNALS:
    // Items appeared, went or moved: anything drawn over them (the selection outline)
    // should be placed again.
    void redrawn();
    // The learner picked a problem from the list: its object should be selected.
    void problemChosen(const QString& resource, const QString& ns, const QString& name);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Fading
    {
        PodChip* chip;
        qint64 start;
    };

    void updateLook();
    void syncNodes(const Input& input);
    void syncPods(const Input& input);
    void syncComponents(const Input& input);
    void syncServices(const Input& input);
    // Adds a box for a new Node, placed in m_nodes before `before`.
    NodeBox* createNode(std::map<std::string, NodeBox*>::iterator before, const std::string& name,
                        const nlohmann::json& node, const Input& input);
    std::map<std::string, NodeBox*>::iterator removeNode(
        std::map<std::string, NodeBox*>::iterator it);
    NodeBox* boxFor(const std::string& nodeName) const;
    // Notes that `box` gained or lost chips (they are placed in finishBatch()).
    void touch(NodeBox* box, bool heightChanged);
    // Places touched boxes' chips, lays the grid out again if needed, emits redrawn().
    void finishBatch();
    // Takes a deleted pod's chip off the map, fading it out when chips are shown.
    void retire(PodChip* chip);
    void removeChip(PodChip* chip);
    void startFade(PodChip* chip, PodChip::Fade fade);
    void animate();
    void finishFades();
    // Places the boxes; chooses the column count again when `rechoose`.
    void relayout(bool rechoose);
    void updateDetail();
    void placeLegend();
    qreal fitScale() const;
    void updateProblems();
    void fillProblemsMenu();

    MapLook m_look;
    std::map<std::string, NodeBox*> m_nodes; // by node name
    std::vector<NodeBox*> m_order;           // layout order: control planes, then workers
    NodeBox* m_unscheduled = nullptr;
    std::map<std::string, PodChip*> m_pods; // by watch-cache key
    std::vector<Fading> m_fading;
    std::map<std::string, ServiceBox*> m_services; // by "ns/name"
    std::vector<ServiceBox*> m_serviceOrder;       // map order (servicesIn's)
    QLabel* m_emptyNote = nullptr; // shown when there is no cluster to draw
    std::string m_servicesStamp; // the Services' and slices' keys and versions last read
    std::vector<NodeBox*> m_touched;
    bool m_layoutDirty = false;
    bool m_itemsChanged = false;
    bool m_nodesChanged = false;
    QTimer m_fadeTimer;
    QElapsedTimer m_clock;

    std::int64_t m_revision = -1;
    std::uint64_t m_processed = 0;
    int m_columns = 0;
    bool m_autoFit = true;
    bool m_shown = false;

    std::vector<QGraphicsItem*> m_headings; // one per group of nodes
    QWidget* m_bar = nullptr;
    QVBoxLayout* m_barColumn = nullptr; // notices, then the legend's row
    QToolButton* m_problemsButton = nullptr;
    QMenu* m_problemsMenu = nullptr;
    MapLegend* m_legend = nullptr;
    QAction* m_fitAction = nullptr;
    QAction* m_zoomInAction = nullptr;
    QAction* m_zoomOutAction = nullptr;
};

} // namespace kubelab::app
