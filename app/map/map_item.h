#pragma once
// What the cluster map's items tell about themselves: each pod chip and node box carries
// the API object it stands for in QGraphicsItem::data(), so selection (map_selection.h) can
// tell which object was clicked. A header of its own so the items and the selection share
// the keys without including the map, which includes the items.

namespace kubelab::app::mapitem {

// Keys of QGraphicsItem::data(): the object's name, namespace ("" for a node) and plural
// resource ("pods", "nodes").
enum DataKey { ObjectName = 0, ObjectNamespace = 1, ObjectResource = 2 };

} // namespace kubelab::app::mapitem
