#pragma once
// A Service on the cluster map, in the row of Services below the nodes: its name and
// type, its ClusterIP and ports as `kubectl get svc` prints them, and how many of its
// endpoints are ready, with a dot (green: all, amber: some, red: none). Selecting it draws
// a line to each endpoint's pod (map_overlay.h). ClusterView owns the boxes.
#include <QGraphicsItem>

#include "app/map/service_info.h"

namespace kubelab::app {

struct MapLook;

class ServiceBox : public QGraphicsItem
{
public:
    enum { Type = UserType + 4 };

    ServiceBox(const MapLook* look, ServiceInfo info);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    const ServiceInfo& info() const { return m_info; }
    // True if anything drawn changed.
    bool setInfo(ServiceInfo info);
    QString toolTipText() const;
    // "web", or "kube-system/kube-dns" outside the default namespace.
    QString title() const;

    static qreal height();

private:
    const MapLook* m_look;
    ServiceInfo m_info;
};

} // namespace kubelab::app
