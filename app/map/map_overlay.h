#pragma once
// What the cluster map draws over its boxes to show traffic:
// - the selected Service's endpoints: a line from the Service's box to each endpoint's pod
//   (solid green when ready, dashed red when not, dashed grey while terminating);
// - a traced packet (`trace packet` in the console, or a trace record picked in the event
//   log): numbered arrows from the client (a pod, a node, or the world outside at the
//   map's left edge) through the Service to the endpoint's pod, red where it failed, with
//   a caption in the map's bar.
// Redrawn whenever the map's items move. Kept beside ClusterView like MapSelection, so the
// map's own code stays about boxes and chips.
#include <QObject>
#include <QString>
#include <vector>

#include "app/core/selection.h"

class QGraphicsItem;
class QLabel;

namespace kubelab::app {

class ClusterView;

class MapOverlay : public QObject
{
    Q_OBJECT
public:
    // One place the packet passes: an object on the map ("pods", "nodes", "services"), or
    // a null ref for the world outside the cluster.
    struct Stop
    {
        ObjectRef ref;
        QString label; // what happens there: "DNAT to 10.244.2.3:80"
    };
    struct Packet
    {
        std::vector<Stop> stops;
        bool delivered = false;
        QString caption; // one line for the bar: "client → web:80: delivered to web-… on worker-2"
    };

    MapOverlay(ClusterView* view, Selection* selection, QObject* parent = nullptr);

    void showPacket(const Packet& packet);
    void clearPacket();
    bool packetShown() const { return !m_packet.stops.empty(); }
    const Packet& packet() const { return m_packet; }
    // Lines drawn for the selected Service's endpoints, and arrows for the packet.
    int endpointLineCount() const { return m_endpointLines; }
    int packetArrowCount() const { return m_packetArrows; }
    QLabel* caption() const { return m_caption; }
    // Whether the caption lists each stop (its "Each stop" and "Fewer details" links
    // toggle it; on by default when the map is tall enough).
    bool detailsShown() const { return m_details; }
    void setDetailsShown(bool shown)
    {
        m_details = shown;
        redraw();
    }

private:
    void redraw();
    void drawEndpoints(QGraphicsItem* root);
    void drawPacket(QGraphicsItem* root);

    ClusterView* m_view;
    Selection* m_selection;
    QGraphicsItem* m_root = nullptr; // everything drawn, replaced on each redraw
    QLabel* m_caption = nullptr;
    Packet m_packet;
    int m_endpointLines = 0;
    int m_packetArrows = 0;
    bool m_newPacket = false; // scroll the map to it once, when it arrives
    bool m_details = false;   // the caption lists each stop

};

} // namespace kubelab::app
