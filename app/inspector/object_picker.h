#pragma once
// The inspector's object box: type part of a kind or a name and pick from what the cluster
// holds ("pods/default/web-6dc5…", "nodes/worker-1"), or type a kubectl-style reference
// ("pod/web", "deploy/shop/api") and press Enter. The list is read from the watch cache
// when the box gets focus or is typed in, never on every simulation step.
#include <QLineEdit>

class QCompleter;
class QStringListModel;

namespace kubelab::app {

class Selection;
class SimulationController;

class ObjectPicker : public QLineEdit
{
    Q_OBJECT
public:
    // Reads the cluster through `controller` each time, so File -> New and Open, which
    // replace it, leave nothing dangling here.
    ObjectPicker(const SimulationController* controller, Selection* selection,
                 QWidget* parent = nullptr);

    // Every object the box offers, as "resource/namespace/name" (Events left out).
    QStringList candidates() const;

protected:
    void focusInEvent(QFocusEvent* event) override;

private:
    void reload();
    void choose(const QString& text);

    const SimulationController* m_controller;
    Selection* m_selection;
    QStringListModel* m_model;
    QCompleter* m_completer;
};

} // namespace kubelab::app
