#pragma once
// The object the learner is looking at, shared by the cluster map, the event log and the
// inspector: one (resource, namespace, name) and a signal when it changes. Selecting never
// touches the engine.
#include <QObject>
#include <QString>
#include <optional>

namespace kubelab::app {

// An API object by its plural resource ("pods", "nodes", "deployments"), namespace ("" for
// cluster-scoped kinds) and name.
struct ObjectRef
{
    QString resource;
    QString ns;
    QString name;

    bool isNull() const { return name.isEmpty(); }
    bool operator==(const ObjectRef&) const = default;
    // "pods/default/web" or "nodes/worker-1": the form parse() reads back.
    QString path() const;

    // Reads what a learner types or the trace prints: "pods/default/web", "pod/web" (in
    // namespace default), "deploy/shop/api", "nodes/worker-1", "/registry/pods/default/web",
    // "pods/default/web/app" (a container: the pod). Kinds go through the engine's registry,
    // so short names and singulars work. nullopt when the kind is unknown or a part is
    // missing.
    static std::optional<ObjectRef> parse(const QString& text);
};

class Selection : public QObject
{
    Q_OBJECT
public:
    explicit Selection(QObject* parent = nullptr);

    const ObjectRef& current() const { return m_current; }
    // Emits changed() only when the object differs from the current one.
    void select(const ObjectRef& ref);
    void clear() { select({}); }

Q_SIGNALS:
    void changed(const kubelab::app::ObjectRef& ref);

private:
    ObjectRef m_current;
};

} // namespace kubelab::app
