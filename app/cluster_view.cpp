#include "app/cluster_view.h"

#include <algorithm>
#include <cmath>
#include <map>

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

namespace {
QColor phaseColor(const nlohmann::json& pod)
{
    if (pod["metadata"].contains("deletionTimestamp"))
        return QColor(0xd3, 0x54, 0x00); // Terminating
    const std::string phase = pod.value("status", nlohmann::json::object()).value("phase", "");
    if (phase == "Running")
        return QColor(0x27, 0xae, 0x60);
    if (phase == "Succeeded")
        return QColor(0x7f, 0x8c, 0x8d);
    if (phase == "Failed")
        return QColor(0xc0, 0x39, 0x2b);
    return QColor(0xf3, 0x9c, 0x12); // Pending
}
} // namespace

void ClusterView::showCluster(const shell::Cluster& cluster)
{
    QGraphicsScene* s = scene();
    s->clear();
    m_pods.clear();
    const auto* api = cluster.sim().actorAs<api::ApiServer>(cluster.apiServer());
    if (!api)
        return;
    const QColor text = palette().color(QPalette::WindowText);
    // Pods by node; unscheduled ones in their own row.
    std::map<std::string, std::vector<const nlohmann::json*>> podsByNode;
    std::vector<std::pair<bool, const nlohmann::json*>> nodes;
    for (const auto& [key, obj] : api->cache()) {
        if (key.rfind("/registry/pods/", 0) == 0)
            podsByNode[obj["spec"].value("nodeName", "")].push_back(&obj);
        else if (key.rfind("/registry/minions/", 0) == 0)
            nodes.emplace_back(!obj["metadata"]
                                    .value("labels", nlohmann::json::object())
                                    .contains("node-role.kubernetes.io/control-plane"),
                               &obj);
    }
    std::stable_sort(nodes.begin(), nodes.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    constexpr qreal kWidth = 230, kChip = 22, kPerRow = 9;
    auto drawPods = [&](const std::vector<const nlohmann::json*>& pods, qreal x, qreal y) {
        int i = 0;
        for (const auto* pod : pods) {
            const qreal px = x + 10 + (i % int(kPerRow)) * kChip;
            const qreal py = y + (i / int(kPerRow)) * kChip;
            auto* chip = s->addRect(px, py, kChip - 4, kChip - 4, QPen(text, 0.5),
                                    QBrush(phaseColor(*pod)));
            const QString name = QString::fromStdString(pod->at("metadata").value("name", ""));
            const QString phase = QString::fromStdString(
                pod->value("status", nlohmann::json::object()).value("phase", "Pending"));
            chip->setToolTip(name + " (" + phase + ")");
            chip->setData(ObjectName, name);
            chip->setData(ObjectNamespace,
                          QString::fromStdString(pod->at("metadata").value("namespace", "")));
            chip->setData(ObjectResource, QStringLiteral("pods"));
            m_pods.push_back(name);
            ++i;
        }
        return std::ceil(double(pods.size()) / kPerRow) * kChip;
    };
    qreal y = 0;
    int col = 0;
    qreal rowHeight = 0;
    bool lastWasCp = true;
    m_nodeCount = 0;
    for (const auto& [worker, node] : nodes) {
        const bool cp = !worker;
        if ((!cp && lastWasCp && col != 0) || col == 2) {
            col = 0;
            y += rowHeight + 20;
            rowHeight = 0;
        }
        lastWasCp = cp;
        const std::string nodeName = (*node)["metadata"].value("name", "");
        const qreal x = col * (kWidth + 20);
        const auto& pods = podsByNode[nodeName];
        const qreal podsHeight = std::max<qreal>(kChip, std::ceil(pods.size() / kPerRow) * kChip);
        const qreal height = 100 + podsHeight;
        bool ready = false;
        for (const auto& c : (*node)["status"].value("conditions", nlohmann::json::array()))
            if (c.value("type", "") == "Ready")
                ready = c.value("status", "") == "True";
        auto* box = s->addRect(x, y, kWidth, height, QPen(ready ? text : QColor(0xc0, 0x39, 0x2b), 1.5),
                               QBrush(cp ? QColor(0x3b, 0x6e, 0xa8, 60)
                                         : QColor(0x4c, 0x9a, 0x5c, 50)));
        box->setToolTip(QString::fromStdString(nodeName));
        box->setData(ObjectName, QString::fromStdString(nodeName));
        box->setData(ObjectResource, QStringLiteral("nodes"));
        auto* label = s->addSimpleText(QString::fromStdString(nodeName) +
                                       (ready ? "" : tr("  (NotReady)")));
        label->setBrush(text);
        QFont f = label->font();
        f.setBold(true);
        label->setFont(f);
        label->setPos(x + 10, y + 8);
        const QString components = cp ? tr("kube-apiserver · etcd\ncontroller-manager · scheduler")
                                       : tr("kubelet · kube-proxy\ncontainer runtime");
        auto* comp = s->addSimpleText(components);
        comp->setBrush(text);
        comp->setPos(x + 10, y + 32);
        drawPods(pods, x, y + 74);
        rowHeight = std::max(rowHeight, height);
        ++col;
        ++m_nodeCount;
    }
    const auto& unscheduled = podsByNode[""];
    if (!unscheduled.empty()) {
        y += rowHeight + 30;
        auto* label = s->addSimpleText(tr("Pending, not yet scheduled"));
        label->setBrush(text);
        label->setPos(0, y);
        drawPods(unscheduled, -10, y + 24);
    }
    s->setSceneRect(s->itemsBoundingRect().adjusted(-20, -20, 20, 20));
    fitInView(sceneRect(), Qt::KeepAspectRatio);
    Q_EMIT redrawn();
}

void ClusterView::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    if (scene() && !scene()->items().isEmpty())
        fitInView(sceneRect(), Qt::KeepAspectRatio);
}

} // namespace kubelab::app
