#include "app/inspector/object_picker.h"

#include <QCompleter>
#include <QStringListModel>

#include "app/core/selection.h"
#include "app/core/simulation_controller.h"
#include "engine/cluster/cluster.h"
#include "engine/model/kinds.h"

namespace kubelab::app {

ObjectPicker::ObjectPicker(const SimulationController* controller, Selection* selection,
                           QWidget* parent)
    : QLineEdit(parent), m_controller(controller), m_selection(selection),
      m_model(new QStringListModel(this)), m_completer(new QCompleter(m_model, this))
{
    setPlaceholderText(tr("Object: type a kind or a name (pods/default/web, node/worker-1)"));
    setAccessibleName(tr("Object"));
    setClearButtonEnabled(true);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setMaxVisibleItems(15);
    setCompleter(m_completer);
    connect(this, &QLineEdit::textEdited, this, [this] {
        if (m_model->rowCount() == 0)
            reload();
    });
    connect(m_completer, qOverload<const QString&>(&QCompleter::activated), this,
            &ObjectPicker::choose);
    connect(this, &QLineEdit::returnPressed, this, [this] { choose(text()); });
    connect(selection, &Selection::changed, this,
            [this](const ObjectRef& ref) { setText(ref.isNull() ? QString() : ref.path()); });
}

QStringList ObjectPicker::candidates() const
{
    QStringList out;
    const cluster::Cluster& cluster = m_controller->cluster();
    for (const model::KindInfo& kind : model::allKinds()) {
        if (kind.resource == "events")
            continue;
        const std::string resource =
            kind.group.empty() ? kind.resource : kind.resource + "." + kind.group;
        for (const nlohmann::json* o : cluster.objects(resource)) {
            const nlohmann::json& meta = o->at("metadata");
            out << ObjectRef{QString::fromStdString(kind.resource),
                             QString::fromStdString(meta.value("namespace", "")),
                             QString::fromStdString(meta.value("name", ""))}
                       .path();
        }
    }
    return out;
}

void ObjectPicker::reload()
{
    m_model->setStringList(candidates());
}

void ObjectPicker::focusInEvent(QFocusEvent* event)
{
    reload();
    QLineEdit::focusInEvent(event);
}

void ObjectPicker::choose(const QString& text)
{
    if (auto ref = ObjectRef::parse(text))
        m_selection->select(*ref);
}

} // namespace kubelab::app
