#pragma once
// The main window: notes on one side, the live cluster on the other. For now the
// cluster map of a freshly bootstrapped default cluster and the version.
#include <QMainWindow>
#include <memory>

namespace kubelab::shell {
class Cluster;
}

namespace kubelab::app {

class ClusterView;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    ClusterView* clusterView() const { return m_view; }
    shell::Cluster& cluster() { return *m_cluster; }

private:
    void showAbout();

    std::unique_ptr<shell::Cluster> m_cluster;
    ClusterView* m_view = nullptr;
};

} // namespace kubelab::app
