#pragma once
// A traced packet (engine/net/packet_trace.h, from a `net.trace` record) as the map draws
// it: the client (a pod, a node, or the world outside), the node it enters by for a
// NodePort from outside, the Service whose rules it matched, and the endpoint's pod, each
// with what happened there. Pure, tested without a scene.
#include "app/map/map_overlay.h"
#include "engine/net/packet_trace.h"

namespace kubelab::app {

MapOverlay::Packet packetPath(const net::PacketTrace& trace);

} // namespace kubelab::app
