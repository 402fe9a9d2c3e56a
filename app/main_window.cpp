#include "app/main_window.h"

#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTextBrowser>

#include "app/cluster_view.h"
#include "engine/shell/cluster.h"

namespace kubelab::app {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_cluster(std::make_unique<shell::Cluster>(1))
{
    setWindowTitle(tr("KubeLab %1").arg(QStringLiteral(KUBELAB_VERSION)));
    auto* splitter = new QSplitter(this);
    auto* notes = new QTextBrowser(splitter);
    notes->setAccessibleName(tr("Notes"));
    notes->setHtml(tr("<h1>KubeLab</h1><p>An interactive Kubernetes textbook. The chapters "
                      "arrive with the notes view; on the right is the live mini-cluster: "
                      "one control-plane node and three workers, simulated step by step.</p>"
                      "<p>Drive it today from the command line with "
                      "<code>kubelab-sim shell</code>.</p>"));
    m_view = new ClusterView(splitter);
    splitter->addWidget(notes);
    splitter->addWidget(m_view);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({520, 760});
    setCentralWidget(splitter);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About KubeLab"), this, &MainWindow::showAbout);

    m_view->showCluster(*m_cluster);
    statusBar()->addPermanentWidget(
        new QLabel(tr("KubeLab %1 · simulated Kubernetes %2 · %3 nodes")
                       .arg(QStringLiteral(KUBELAB_VERSION),
                            QString::fromLatin1(shell::kKubernetesVersion))
                       .arg(m_view->nodeCount())));
    resize(1280, 800);
}

MainWindow::~MainWindow() = default;

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About KubeLab"),
                       tr("<h3>KubeLab %1</h3><p>An interactive Kubernetes textbook with a "
                          "live, deterministic mini-cluster.</p><p>Simulated Kubernetes %2"
                          "<br>Qt %3</p>")
                           .arg(QStringLiteral(KUBELAB_VERSION),
                                QString::fromLatin1(shell::kKubernetesVersion),
                                QString::fromLatin1(qVersion())));
}

} // namespace kubelab::app
