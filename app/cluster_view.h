#pragma once
// The cluster map: control-plane and worker nodes drawn from the engine's watch cache.
// Reads the cluster; never changes it.
#include <QGraphicsView>
#include <QStringList>

namespace kubelab::shell {
class Cluster;
}

namespace kubelab::app {

class ClusterView : public QGraphicsView
{
    Q_OBJECT
public:
    // What each pod chip and node box carries in QGraphicsItem::data(), so selection
    // (map_selection.h) can tell which object was clicked.
    enum ItemData { ObjectName = 0, ObjectNamespace = 1, ObjectResource = 2 };

    explicit ClusterView(QWidget* parent = nullptr);

    // Redraws from the cluster's current state.
    void showCluster(const shell::Cluster& cluster);
    int nodeCount() const { return m_nodeCount; }
    // Names of the pods drawn, in drawing order (for tests and selection).
    const QStringList& podNames() const { return m_pods; }

Q_SIGNALS:
    // The scene was rebuilt: anything drawn over it (the selection outline) is gone.
    void redrawn();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    int m_nodeCount = 0;
    QStringList m_pods;
};

} // namespace kubelab::app
