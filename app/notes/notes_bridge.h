#pragma once
// The notes page's handle on the cluster, published to the page through QWebChannel as
// `bridge`. A YAML block's "Apply" button calls apply(), a shell block's "Run" button calls
// run(); both go through SimulationController::runScript (so the console shows the output
// too) and return the result for the page to show under the block.
#include <QObject>
#include <QVariantMap>

namespace kubelab::app {

class SimulationController;

class NotesBridge : public QObject
{
    Q_OBJECT
public:
    explicit NotesBridge(SimulationController* controller, QObject* parent = nullptr);

    // The shell script that applies `yaml` (a here-document whose end marker does not
    // occur in the text).
    static QString applyScript(const QString& yaml);
    // The shell script for a shell block: if any line starts with a `$ ` prompt, only the
    // prompted lines are commands (the rest is sample output); otherwise every line is.
    static QString runScript(const QString& block);

public Q_SLOTS:
    // Both return {"ok": bool, "output": what the commands printed, errors included}.
    QVariantMap apply(const QString& yaml);
    QVariantMap run(const QString& block);

private:
    QVariantMap execute(const QString& script);

    SimulationController* m_controller;
};

} // namespace kubelab::app
