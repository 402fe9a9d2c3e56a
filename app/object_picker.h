#pragma once
// The inspector's object box: type part of a kind or a name and pick from what the cluster
// holds ("pods/default/web-6dc5…", "nodes/worker-1"), or type a kubectl-style reference
// ("pod/web", "deploy/shop/api") and press Enter. The list is read from the watch cache
// when the box gets focus or is typed in, never on every simulation step.
#include <QLineEdit>

class QCompleter;
class QStringListModel;

namespace kubelab::shell {
class Cluster;
}

namespace kubelab::app {

class Selection;

class ObjectPicker : public QLineEdit
{
    Q_OBJECT
public:
    ObjectPicker(const shell::Cluster& cluster, Selection* selection, QWidget* parent = nullptr);

    // Every object the box offers, as "resource/namespace/name" (Events left out).
    QStringList candidates() const;

protected:
    void focusInEvent(QFocusEvent* event) override;

private:
    void reload();
    void choose(const QString& text);

    const shell::Cluster& m_cluster;
    Selection* m_selection;
    QStringListModel* m_model;
    QCompleter* m_completer;
};

} // namespace kubelab::app
