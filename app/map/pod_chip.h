#pragma once
// One pod on the cluster map: a small chip coloured by the pod's state (pod_phase.h), in
// the box of the node it runs on. ClusterView creates, updates and retires chips
// as the API server's pods change; a chip fades and grows in when its pod appears and
// shrinks out when it goes. It paints without text unless zoomed in far enough to read it.
#include <QGraphicsItem>
#include <cstdint>
#include <string>

#include "app/map/pod_phase.h"

namespace kubelab::app {

class NodeBox;
struct MapLook;

class PodChip : public QGraphicsItem
{
public:
    enum { Type = UserType + 1 };
    enum class Fade { None, In, Out };

    // `key` is the pod's watch-cache key (/registry/pods/NS/NAME), `uid` its metadata.uid.
    PodChip(const MapLook* look, std::string key, std::string uid, const QString& ns,
            const QString& name);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    const std::string& key() const { return m_key; }
    const std::string& uid() const { return m_uid; }
    const QString& ns() const { return m_ns; }
    const QString& name() const { return m_name; }

    // The pod's state as last read. Returns true when the colour changed.
    bool setState(PodPhase phase, const QString& kubectlStatus);
    PodPhase phase() const { return m_phase; }
    QColor color() const;
    const QString& status() const { return m_status; }
    // What the diff compares to skip unchanged pods.
    const std::string& resourceVersion() const { return m_resourceVersion; }
    void setResourceVersion(std::string rv) { m_resourceVersion = std::move(rv); }
    // What the pod requests of its node (scheduler::podRequests), for the node's bars.
    void setRequests(std::int64_t milliCpu, std::int64_t memory)
    {
        m_milliCpu = milliCpu;
        m_memory = memory;
    }
    std::int64_t milliCpu() const { return m_milliCpu; }
    std::int64_t memory() const { return m_memory; }
    // Whether the pod holds its requests on the node (not once it has finished).
    bool holdsResources() const
    {
        return m_phase != PodPhase::Succeeded && m_phase != PodPhase::Failed;
    }
    // The scheduler's one-line reason while the pod waits for a node (its PodScheduled
    // condition's message), "" otherwise.
    void setReason(const QString& reason) { m_reason = reason; }
    const QString& reason() const { return m_reason; }
    // The word drawn on the chip when zoomed in: the owning workload's name for a
    // ReplicaSet's pod ("web" for web-6dc5cd68db-zvltx), the pod's name otherwise.
    void setLabel(const QString& label) { m_label = label; }
    const QString& label() const { return m_label; }
    const std::string& nodeName() const { return m_nodeName; }
    void setNodeName(std::string node) { m_nodeName = std::move(node); }

    // The box the chip sits in and its slot there (NodeBox keeps these).
    NodeBox* box() const { return m_box; }
    int slot() const { return m_slot; }
    void placeIn(NodeBox* box, int slot)
    {
        m_box = box;
        m_slot = slot;
    }

    // Appearing or leaving: `progress` runs from 0 to 1.
    Fade fade() const { return m_fade; }
    qreal fadeProgress() const { return m_progress; }
    void setFade(Fade fade, qreal progress);

    QString toolTipText() const;

private:
    const MapLook* m_look;
    std::string m_key;
    std::string m_uid;
    std::string m_resourceVersion;
    std::string m_nodeName;
    QString m_ns;
    QString m_name;
    QString m_status;
    QString m_reason;
    QString m_label;
    std::int64_t m_milliCpu = 0;
    std::int64_t m_memory = 0;
    PodPhase m_phase = PodPhase::Pending;
    NodeBox* m_box = nullptr;
    int m_slot = 0;
    Fade m_fade = Fade::None;
    qreal m_progress = 1;
};

} // namespace kubelab::app
