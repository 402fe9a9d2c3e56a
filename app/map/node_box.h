#pragma once
// One node on the cluster map, or the area of pods not scheduled yet: a box with the node's
// name and health (Ready, NotReady, SchedulingDisabled), the components that run on it with
// a dot each (running, stopped, or not simulated), bars of the CPU and memory its pods
// request against what it can allocate, and its pods' chips below in rows.
// Zoomed out (only where the learner zooms: the map's own zoom keeps text legible) a box is
// a plain tile tinted by its health; further out, where chips would be a pixel or two, the
// tile paints its pods itself as a mosaic stretched over it, one cell per chip. A NotReady
// node, or one with a stopped component, is framed in thick red and hatched over its pods
// at every zoom. ClusterView owns the boxes and lays them out; a box lays out its own chips.
#include <QGraphicsItem>
#include <QImage>
#include <QStaticText>
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace kubelab::app {

class PodChip;
struct MapLook;

enum class ComponentState { Running, Stopped, NotSimulated };

class NodeBox : public QGraphicsItem
{
public:
    enum { Type = UserType + 2 };
    enum class Role { ControlPlane, Worker, Unscheduled };

    struct Component
    {
        QString label; // "kube-apiserver", "kubelet"
        // The engine actor whose state is asked on each update ("kubelet-worker-1"); ""
        // when its state cannot change (not simulated, or an actor faults cannot stop).
        std::string actor;
        ComponentState state = ComponentState::Running;
    };

    NodeBox(const MapLook* look, Role role, const QString& name,
            std::vector<Component> components = {});

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    Role role() const { return m_role; }
    const QString& name() const { return m_name; }
    const std::string& resourceVersion() const { return m_resourceVersion; }
    void setResourceVersion(std::string rv) { m_resourceVersion = std::move(rv); }

    // From the Node object: its Ready condition and spec.unschedulable. True if changed.
    bool setNodeState(bool ready, bool unschedulable);
    bool ready() const { return m_ready; }
    const std::vector<Component>& components() const { return m_components; }
    // True if the state changed (the box repaints).
    bool setComponentState(std::size_t index, ComponentState state);
    bool anyStopped() const;
    // NotReady or a component stopped: what the red frame and hatching mark.
    bool unwell() const { return (m_role != Role::Unscheduled && !m_ready) || anyStopped(); }

    // The group the map puts the node in: its zone, else its worker group (the name's
    // prefix); "" for control-plane nodes and the unscheduled area.
    const QString& group() const { return m_group; }
    void setGroup(const QString& group) { m_group = group; }
    // The node's status.allocatable CPU (millicores) and memory (bytes).
    bool setAllocatable(std::int64_t milliCpu, std::int64_t memory);
    // Requested by the pods on the node that hold resources.
    std::int64_t requestedCpu() const;
    std::int64_t requestedMemory() const;

    // The unscheduled area spans the grid; nodes keep mapgeom::kNodeWidth.
    void setWidth(qreal width);
    qreal width() const { return m_width; }
    // The height its content needs; the box is drawn as tall as the grid's cell when that is
    // taller (every node the same size).
    qreal height() const;
    void setCellHeight(qreal height);
    qreal drawnHeight() const { return std::max(height(), m_cellHeight); }
    // Height with `chips` chips, for layout before they arrive.
    qreal heightFor(int chips) const;

    // Chips in slot order; a chip keeps its slot until it is taken out, then the ones after
    // it move up. Adding and taking return true when the box's height changed (the caller
    // lays the grid out again); chips move to their slots in placeChips(), once per batch.
    const std::vector<PodChip*>& chips() const { return m_chips; }
    bool addChip(PodChip* chip);
    bool takeChip(PodChip* chip);
    void placeChips();
    // A chip changed colour: the mosaic is redrawn on the next paint.
    void chipChanged();
    // Chips drawn one by one (else hidden, and the box paints the mosaic): switches the
    // layer that holds them, not each chip.
    void setChipsShown(bool shown);

    QString toolTipText() const;
    // Where the pods' rows begin (the hatching of an unwell node covers them).
    qreal podAreaTop() const;
    // The fonts changed: lays its text out again.
    void lookChanged();
    // "cpu 700m / 2 · memory 384Mi / 4Gi", for the tooltip and the bars.
    QString resourceText() const;

private:
    int perRow() const;
    int podRows(int chips) const;
    qreal podTop() const;
    void placeChip(PodChip* chip, int slot);
    void paintText(QPainter* painter, const QRectF& r, qreal lod);
    void paintResources(QPainter* painter, const QRectF& r, qreal lod);
    void sumRequests() const;
    // Lays out the header (name, status) and component labels.
    void layOutText();
    // One pixel per chip slot, empty slots in `background`, scaled into `target`.
    void paintMosaic(QPainter* painter, const QRectF& target, const QColor& background);

    const MapLook* m_look;
    Role m_role;
    QString m_name;
    std::vector<Component> m_components;
    QStaticText m_nameText;
    QStaticText m_statusText;
    qreal m_statusWidth = 0;
    std::vector<QStaticText> m_labelTexts; // per component, with "stopped" when it is
    std::size_t m_headerCount = 0;         // the unscheduled area's count in m_nameText
    std::string m_resourceVersion;
    bool m_ready = true;
    bool m_unschedulable = false;
    qreal m_width;
    // The chips' parent. Fully transparent when chips are not shown, so the scene skips
    // their whole subtree; and the box tells the scene its children stay inside it
    // (ItemContainsChildrenInShape), so an off-screen box's chips are skipped too.
    QGraphicsItem* m_layer;
    std::vector<PodChip*> m_chips;
    std::size_t m_firstUnplaced = 0; // chips from here on are not in their slots yet
    QGraphicsItem* m_mark;           // the red frame and hatching, drawn over the chips
    QString m_group;
    qreal m_cellHeight = 0;
    std::int64_t m_allocCpu = 0;
    std::int64_t m_allocMemory = 0;
    mutable std::int64_t m_requestedCpu = 0;
    mutable std::int64_t m_requestedMemory = 0;
    mutable bool m_requestsDirty = true;
    QImage m_mosaic;
    QColor m_mosaicBackground;
    bool m_mosaicDirty = true;
};

} // namespace kubelab::app
