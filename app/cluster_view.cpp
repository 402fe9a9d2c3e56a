#include "app/cluster_view.h"

#include <algorithm>

#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QResizeEvent>

#include "engine/api/api_server.h"
#include "engine/shell/cluster.h"

namespace kubelab::app {

ClusterView::ClusterView(QWidget* parent) : QGraphicsView(parent)
{
    setScene(new QGraphicsScene(this));
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setAccessibleName(tr("Cluster map"));
}

void ClusterView::showCluster(const shell::Cluster& cluster)
{
    QGraphicsScene* s = scene();
    s->clear();
    const auto* api = cluster.sim().actorAs<api::ApiServer>(cluster.apiServer());
    if (!api)
        return;
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::WindowText);
    // Control-plane nodes on the first row(s), workers below, two to a row.
    std::vector<std::pair<bool, nlohmann::json>> nodes;
    for (const auto& [key, node] : api->cache()) {
        if (key.rfind("/registry/minions/", 0) != 0)
            continue;
        const bool cp = node["metadata"].value("labels", nlohmann::json::object())
                            .contains("node-role.kubernetes.io/control-plane");
        nodes.emplace_back(!cp, node);
    }
    std::stable_sort(nodes.begin(), nodes.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    int col = 0, row = 0;
    bool lastWasCp = true;
    m_nodeCount = 0;
    for (const auto& [worker, node] : nodes) {
        const bool cp = !worker;
        if (!cp && lastWasCp && col != 0) {
            col = 0;
            ++row;
        }
        lastWasCp = cp;
        const QString name = QString::fromStdString(node["metadata"].value("name", ""));
        const qreal x = col * 230, y = row * 150;
        auto* box = s->addRect(x, y, 210, 130, QPen(text, 1.5),
                               QBrush(cp ? QColor(0x3b, 0x6e, 0xa8, 60)
                                         : QColor(0x4c, 0x9a, 0x5c, 50)));
        box->setToolTip(name);
        auto* label = s->addSimpleText(name);
        label->setBrush(text);
        QFont f = label->font();
        f.setBold(true);
        label->setFont(f);
        label->setPos(x + 10, y + 8);
        const QString components =
            cp ? tr("kube-apiserver\netcd\ncontroller-manager\nscheduler")
               : tr("kubelet\nkube-proxy\ncontainer runtime");
        auto* comp = s->addSimpleText(components);
        comp->setBrush(text);
        comp->setPos(x + 10, y + 32);
        ++m_nodeCount;
        if (++col == 2) {
            col = 0;
            ++row;
        }
    }
    s->setSceneRect(s->itemsBoundingRect().adjusted(-20, -20, 20, 20));
    fitInView(sceneRect(), Qt::KeepAspectRatio);
}

void ClusterView::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    if (scene() && !scene()->items().isEmpty())
        fitInView(sceneRect(), Qt::KeepAspectRatio);
}

} // namespace kubelab::app
