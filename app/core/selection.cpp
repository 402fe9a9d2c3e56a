#include "app/core/selection.h"

#include "engine/model/kinds.h"

namespace kubelab::app {

QString ObjectRef::path() const
{
    return ns.isEmpty() ? resource + '/' + name : resource + '/' + ns + '/' + name;
}

std::optional<ObjectRef> ObjectRef::parse(const QString& text)
{
    QString t = text.trimmed();
    if (t.startsWith(QLatin1String("/registry/")))
        t = t.mid(10);
    const QStringList parts = t.split('/', Qt::SkipEmptyParts);
    if (parts.size() < 2)
        return std::nullopt;
    const model::KindInfo* kind = model::resolveResource(parts[0].toStdString());
    if (!kind)
        return std::nullopt;
    ObjectRef ref;
    ref.resource = QString::fromStdString(kind->resource);
    if (!kind->namespaced) {
        if (parts.size() != 2)
            return std::nullopt;
        ref.name = parts[1];
    } else if (parts.size() == 2) {
        ref.ns = QStringLiteral("default");
        ref.name = parts[1];
    } else {
        // A third segment and beyond name something inside the object (a container).
        ref.ns = parts[1];
        ref.name = parts[2];
    }
    return ref;
}

Selection::Selection(QObject* parent) : QObject(parent) {}

void Selection::select(const ObjectRef& ref)
{
    if (ref == m_current)
        return;
    m_current = ref;
    Q_EMIT changed(m_current);
}

} // namespace kubelab::app
