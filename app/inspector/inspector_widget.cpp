#include "app/inspector/inspector_widget.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QStandardItemModel>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "app/core/simulation_controller.h"
#include "app/core/virtual_time.h"
#include "app/editor/code_editor.h"
#include "app/editor/yaml_highlighter.h"
#include "app/inspector/explanation_model.h"
#include "app/inspector/object_picker.h"
#include "app/inspector/scheduling_headline.h"
#include "app/inspector/service_traffic.h"
#include "app/map/service_info.h"
#include "engine/cluster/cluster.h"
#include "engine/kubectl/object_printer.h"
#include "engine/kubectl/object_util.h"
#include "engine/model/json_view.h"

namespace kubelab::app {

namespace {

using nlohmann::json;

constexpr int kMaxColumnWidth = 240;
constexpr int kMeasuredRows = 30;
constexpr int kTitleMargin = 8;
constexpr int kRefRole = Qt::UserRole + 1;

// The object as `kubectl get -o yaml|json` prints it (the API server stores apiVersion and
// kind with every object).
std::string printed(const json& object, const std::string& format)
{
    std::string out, error;
    return kubectl::printObjects(format, {object}, false, &out, &error) ? out : error;
}

QTableView* makeTable(QWidget* parent)
{
    auto* t = new QTableView(parent);
    t->verticalHeader()->hide();
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 6);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setWordWrap(false);
    t->setTextElideMode(Qt::ElideRight);
    t->horizontalHeader()->setStretchLastSection(true);
    t->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return t;
}

// Columns as wide as their text, but none so wide the rest scroll out of sight (the
// tooltip has the whole text); a stretching last column takes what is left. The first
// rows are enough to judge widths by, and measuring every cell of a 50-node table costs
// more than a frame on a slow machine.
void fitColumns(QTableView* t)
{
    t->horizontalHeader()->setResizeContentsPrecision(kMeasuredRows);
    const int columns = t->model()->columnCount();
    const bool stretch = t->horizontalHeader()->stretchLastSection();
    for (int c = 0; c < columns - (stretch ? 1 : 0); ++c) {
        t->resizeColumnToContents(c);
        t->setColumnWidth(c, std::min(t->columnWidth(c), kMaxColumnWidth));
    }
}

} // namespace

InspectorWidget::InspectorWidget(SimulationController* controller, Selection* selection,
                                 QWidget* parent)
    : QWidget(parent), m_controller(controller), m_selection(selection)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* top = new QHBoxLayout;
    m_picker = new ObjectPicker(controller, selection, this);
    m_edit = new QPushButton(tr("Edit"), this);
    m_edit->setToolTip(tr("Open this object in the YAML editor, ready to change and apply"));
    top->addWidget(m_picker, 1);
    top->addWidget(m_edit);
    layout->addLayout(top);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    // What is selected, beside the tabs rather than on a line of its own: the dock shares
    // its height with the event log and the map.
    m_title = new QLabel(this);
    m_title->setTextFormat(Qt::RichText);
    m_title->setContentsMargins(kTitleMargin, 0, kTitleMargin, 0);
    m_tabs->setCornerWidget(m_title, Qt::TopRightCorner);
    m_yaml = new CodeEditor(this);
    m_yaml->setReadOnly(true);
    m_yaml->setAccessibleName(tr("Object YAML"));
    new YamlHighlighter(m_yaml->document());
    const QString hint = tr("Click a pod or a node on the map, double-click a row of the event "
                            "log, or type an object's name above.");
    m_yaml->setPlaceholderText(hint);
    m_json = new CodeEditor(this);
    m_json->setReadOnly(true);
    m_json->setAccessibleName(tr("Object JSON"));
    m_json->setPlaceholderText(hint);
    m_eventsModel = new QStandardItemModel(0, 4, this);
    m_eventsModel->setHorizontalHeaderLabels(
        {tr("LAST SEEN"), tr("TYPE"), tr("REASON"), tr("MESSAGE")});
    m_eventsView = makeTable(this);
    m_eventsView->setModel(m_eventsModel);
    m_eventsView->setAccessibleName(tr("Object events"));
    m_owners = new QTreeWidget(this);
    // Kind first, so the indentation reads Deployment > ReplicaSet > Pod.
    m_owners->setHeaderLabels({tr("Kind"), tr("Name")});
    m_owners->setAccessibleName(tr("Owners and children"));
    m_owners->setRootIsDecorated(true);
    m_owners->header()->setStretchLastSection(false);
    m_owners->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_owners->header()->setSectionResizeMode(1, QHeaderView::Stretch);

    auto* sched = new QWidget(this);
    auto* schedLayout = new QVBoxLayout(sched);
    schedLayout->setContentsMargins(0, 2, 0, 0);
    schedLayout->setSpacing(2);
    m_schedResult = new QLabel(sched);
    m_schedResult->setTextFormat(Qt::RichText);
    m_decidingOnly = new QCheckBox(tr("Deciding plugins only"), sched);
    m_decidingOnly->setChecked(true);
    m_decidingOnly->setToolTip(tr("Hide the filter columns where every node passed and the "
                                  "score columns where no node has a score"));
    auto* headline = new QHBoxLayout;
    headline->addWidget(m_schedResult, 1);
    headline->addWidget(m_decidingOnly);
    m_schedSummary = new QLabel(sched);
    m_schedSummary->setWordWrap(true);
    m_schedSummary->setTextFormat(Qt::RichText);
    m_schedSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_schedModel = new ExplanationModel(this);
    m_schedView = makeTable(sched);
    m_schedView->setModel(m_schedModel);
    m_schedView->setAccessibleName(tr("Scheduling explanation"));
    m_schedView->horizontalHeader()->setStretchLastSection(false);
    schedLayout->addLayout(headline);
    schedLayout->addWidget(m_schedSummary);
    schedLayout->addWidget(m_schedView, 1);

    m_tabs->addTab(m_yaml, tr("YAML"));
    m_tabs->addTab(m_json, tr("JSON"));
    m_tabs->addTab(m_eventsView, tr("Events"));
    m_tabs->addTab(m_owners, tr("Owners"));
    m_tabs->addTab(sched, tr("Scheduling"));

    auto* traffic = new QWidget(this);
    auto* trafficLayout = new QVBoxLayout(traffic);
    trafficLayout->setContentsMargins(0, 2, 0, 0);
    trafficLayout->setSpacing(2);
    m_trafficSummary = new QLabel(traffic);
    m_trafficSummary->setWordWrap(true);
    m_trafficSummary->setTextFormat(Qt::RichText);
    m_endpointsModel = new QStandardItemModel(0, 6, this);
    m_endpointsModel->setHorizontalHeaderLabels({tr("ADDRESS"), tr("POD"), tr("NODE"),
                                                 tr("READY"), tr("SERVING"), tr("TERMINATING")});
    m_endpointsView = makeTable(traffic);
    m_endpointsView->setModel(m_endpointsModel);
    m_endpointsView->setAccessibleName(tr("Service endpoints"));
    m_rules = new CodeEditor(traffic);
    m_rules->setReadOnly(true);
    m_rules->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_rules->setAccessibleName(tr("kube-proxy rules for this Service on each node"));
    trafficLayout->addWidget(m_trafficSummary);
    trafficLayout->addWidget(m_endpointsView, 2);
    trafficLayout->addWidget(m_rules, 3);
    m_tabs->addTab(traffic, tr("Traffic"));
    layout->addWidget(m_tabs, 1);

    connect(controller, &SimulationController::advanced, this, &InspectorWidget::refresh);
    connect(selection, &Selection::changed, this, &InspectorWidget::selectionChanged);
    connect(m_tabs, &QTabWidget::currentChanged, this, &InspectorWidget::refresh);
    connect(m_owners, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
        if (auto ref = ObjectRef::parse(item->data(0, kRefRole).toString()))
            m_selection->select(*ref);
    });
    connect(m_decidingOnly, &QCheckBox::toggled, this, &InspectorWidget::showDecidingColumns);
    connect(m_edit, &QPushButton::clicked, this, [this] {
        const QString yaml = editableYaml();
        if (!yaml.isEmpty())
            Q_EMIT editRequested(yaml);
    });
    selectionChanged();
}

void InspectorWidget::selectionChanged()
{
    for (QString& v : m_shownVersion)
        v.clear();
    m_shownEvents.clear();
    m_eventsStamp = {-1, -1};
    m_ownersRevision = -1;
    m_eventsModel->setRowCount(0);
    m_shownChain.clear();
    m_shownChildren.clear();
    m_owners->clear();
    m_shownExplanation = nullptr;
    m_schedulingShown = false;
    const ObjectRef& ref = m_selection->current();
    m_tabs->setTabEnabled(SchedulingTab, ref.resource == "pods");
    m_tabs->setTabEnabled(TrafficTab, ref.resource == "services");
    m_trafficStamp = {-1, -1};
    if (ref.resource == "services")
        m_tabs->setCurrentIndex(TrafficTab);
    else if (m_tabs->currentIndex() == TrafficTab)
        m_tabs->setCurrentIndex(YamlTab);
    // A pod the scheduler could not place: why is the first question, so answer it. (A pod
    // with a node needs no look at the explanation, which is large at 50 nodes.)
    const json* pod =
        ref.resource == "pods"
            ? m_controller->cluster().object("pods", ref.ns.toStdString(), ref.name.toStdString())
            : nullptr;
    if (pod && kubectl::str(*pod, "spec.nodeName").empty()) {
        const auto e = m_controller->cluster().schedulingExplanation(ref.ns.toStdString(),
                                                                     ref.name.toStdString());
        if (e && e->value("result", "") != "Scheduled")
            m_tabs->setCurrentIndex(SchedulingTab);
    } else if (ref.resource != "pods" && m_tabs->currentIndex() == SchedulingTab) {
        m_tabs->setCurrentIndex(YamlTab);
    }
    refresh();
}

void InspectorWidget::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refresh();
}

void InspectorWidget::refresh()
{
    if (!isVisible())
        return;
    const json* object = currentObject();
    showTitle(object);
    m_edit->setEnabled(object != nullptr);
    switch (m_tabs->currentIndex()) {
    case YamlTab: showText(object, YamlTab); break;
    case JsonTab: showText(object, JsonTab); break;
    case EventsTab: showEvents(); break;
    case OwnersTab: showOwners(); break;
    case SchedulingTab: showScheduling(); break;
    case TrafficTab: showTraffic(); break;
    }
}

void InspectorWidget::showTitle(const json* object)
{
    const ObjectRef& ref = m_selection->current();
    QString lead, name, tail; // <b>Pod</b> big · Pending
    if (ref.isNull()) {
        lead = tr("Nothing selected");
    } else if (!object) {
        lead = tr("Not in the cluster:");
        name = ref.path();
    } else {
        lead = QString::fromStdString(object->value("kind", ""));
        name = ref.name;
        const std::string phase = kubectl::str(*object, "status.phase");
        if (!phase.empty())
            tail = QStringLiteral(" · ") + QString::fromStdString(phase);
    }
    // The title sits beside the tabs: a long name gives way before the tabs do.
    QFont bold = m_title->font();
    bold.setBold(true);
    const QFontMetrics plain(m_title->font());
    const int budget = m_tabs->width() - m_tabs->tabBar()->sizeHint().width() - 2 * kTitleMargin;
    const int fixed =
        QFontMetrics(bold).horizontalAdvance(lead + ' ') + plain.horizontalAdvance(tail);
    const QString shown = plain.elidedText(name, Qt::ElideMiddle, std::max(0, budget - fixed));
    const QString text =
        "<b>" + lead.toHtmlEscaped() + "</b> " + shown.toHtmlEscaped() + tail.toHtmlEscaped();
    if (m_title->text() != text) {
        m_title->setText(text);
        m_title->setToolTip(lead + ' ' + name + tail);
    }
}

void InspectorWidget::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    showTitle(currentObject());
}

const json* InspectorWidget::currentObject() const
{
    const ObjectRef& ref = m_selection->current();
    return ref.isNull()
               ? nullptr
               : m_controller->cluster().object(ref.resource.toStdString(), ref.ns.toStdString(),
                                                ref.name.toStdString());
}

void InspectorWidget::showText(const json* object, Tab tab)
{
    const QString version =
        object ? QString::fromStdString(
                     object->at("metadata").value("resourceVersion", std::string("?")))
               : QStringLiteral("-");
    if (m_shownVersion[tab] == version)
        return;
    m_shownVersion[tab] = version;
    CodeEditor* view = tab == YamlTab ? m_yaml : m_json;
    const int scroll = view->verticalScrollBar()->value();
    view->setPlainText(
        object ? QString::fromStdString(printed(*object, tab == YamlTab ? "yaml" : "json"))
               : QString());
    view->verticalScrollBar()->setValue(scroll);
}

std::int64_t InspectorWidget::cacheRevision() const
{
    return m_controller->cluster().cacheRevision();
}

void InspectorWidget::showEvents()
{
    const std::pair stamp{cacheRevision(),
                          std::int64_t(m_controller->cluster().sim().now() / sim::kSecond)};
    if (stamp == m_eventsStamp)
        return;
    m_eventsStamp = stamp;
    std::vector<ObjectEvent> events = eventsFor(m_controller->cluster(), m_selection->current());
    if (events == m_shownEvents && m_eventsModel->rowCount() == int(events.size()))
        return;
    const bool sameRows = events.size() == m_shownEvents.size();
    m_eventsModel->setRowCount(int(events.size()));
    for (int r = 0; r < int(events.size()); ++r) {
        const ObjectEvent& e = events[size_t(r)];
        const QString cells[] = {e.lastSeen, e.type, e.reason, e.message};
        for (int c = 0; c < 4; ++c) {
            QStandardItem* item = m_eventsModel->item(r, c);
            if (!item) {
                item = new QStandardItem;
                item->setEditable(false);
                m_eventsModel->setItem(r, c, item);
            }
            if (item->text() != cells[c])
                item->setText(cells[c]);
            if (c == 3)
                item->setToolTip(cells[c]);
        }
        m_eventsModel->item(r, 1)->setForeground(
            e.type == "Warning" ? QBrush(QColor(0xc0, 0x39, 0x2b)) : QBrush());
    }
    m_shownEvents = std::move(events);
    // Ages change every second; the columns are refitted only when rows come or go.
    if (!sameRows)
        fitColumns(m_eventsView);
}

void InspectorWidget::showOwners()
{
    const std::int64_t revision = cacheRevision();
    if (revision == m_ownersRevision)
        return;
    m_ownersRevision = revision;
    const cluster::Cluster& cluster = m_controller->cluster();
    const ObjectRef& ref = m_selection->current();
    std::vector<OwnedObject> chain = ownerChain(cluster, ref);
    std::vector<OwnedObject> children = ownedBy(cluster, ref);
    if (chain == m_shownChain && children == m_shownChildren && m_owners->topLevelItemCount())
        return;
    m_shownChain = std::move(chain);
    m_shownChildren = std::move(children);
    m_owners->clear();
    auto makeItem = [](const OwnedObject& o) {
        auto* item = new QTreeWidgetItem(
            {o.kind, o.ref.ns.isEmpty() ? o.ref.name : o.ref.ns + '/' + o.ref.name});
        item->setData(0, kRefRole, o.ref.path());
        if (!o.exists) {
            item->setText(1, item->text(1) + tr("  (not found)"));
            item->setForeground(1, QColor(0x90, 0x90, 0x90));
        }
        return item;
    };
    if (m_shownChain.empty()) {
        auto* item = new QTreeWidgetItem({QString(), tr("(the object is not in the cluster)")});
        m_owners->addTopLevelItem(item);
        return;
    }
    // Root owner at the top, each owned object nested under its owner, the selected
    // object in bold with its own children under it.
    QTreeWidgetItem* parent = nullptr;
    for (const OwnedObject& o : m_shownChain) {
        QTreeWidgetItem* item = makeItem(o);
        if (parent)
            parent->addChild(item);
        else
            m_owners->addTopLevelItem(item);
        parent = item;
    }
    QFont bold = parent->font(0);
    bold.setBold(true);
    parent->setFont(0, bold);
    parent->setFont(1, bold);
    QList<QTreeWidgetItem*> items; // added at once: a ReplicaSet may have hundreds
    items.reserve(qsizetype(m_shownChildren.size()));
    for (const OwnedObject& o : m_shownChildren)
        items << makeItem(o);
    parent->addChildren(items);
    m_owners->expandAll();
}

void InspectorWidget::showScheduling()
{
    const ObjectRef& ref = m_selection->current();
    if (ref.resource != "pods")
        return;
    std::optional<json> e =
        m_controller->cluster().schedulingExplanation(ref.ns.toStdString(), ref.name.toStdString());
    const json current = e ? std::move(*e) : json();
    if (m_schedulingShown && current == m_shownExplanation)
        return;
    m_schedulingShown = true;
    m_shownExplanation = current;
    m_schedModel->setExplanation(current);
    if (current.is_null()) {
        m_schedResult->setText(tr("<b>Not tried yet</b>"));
        m_schedSummary->setText(tr("The scheduler has not tried this pod: it is waiting in "
                                   "the queue, or its spec.nodeName was set by hand."));
        m_schedSummary->show();
        return;
    }
    auto s = [&](const char* key) {
        const json v = current.value(key, json());
        return (v.is_string() ? QString::fromStdString(v.get<std::string>())
                              : QString::fromStdString(v.dump()))
            .toHtmlEscaped();
    };
    const bool scheduled = current.value("result", "") == "Scheduled";
    QString headline = QStringLiteral("<b style='color:%1'>%2</b>")
                           .arg(scheduled ? "#1e8449" : "#c0392b",
                                scheduled ? tr("Scheduled on %1").arg(s("node")) : s("result"));
    headline +=
        tr(" · attempt %1 at %2 · %3 of %4 nodes evaluated")
            .arg(s("attempt"), virtualTimeOfStamp(s("time")),
                 current.contains("evaluatedNodes") ? s("evaluatedNodes") : "0", s("nodes"));
    m_schedResult->setText(headline);
    QStringList details;
    if (!scheduled) {
        const json* pod =
            m_controller->cluster().object("pods", ref.ns.toStdString(), ref.name.toStdString());
        const QStringList numbers =
            pod ? schedulingHeadline(current, *pod, m_controller->cluster()) : QStringList();
        for (const QString& line : numbers)
            details << QStringLiteral("<b>%1</b>").arg(line.toHtmlEscaped());
    }
    if (current.contains("score"))
        details << tr("Highest total score %1%2")
                       .arg(s("score"), current.contains("tie")
                                            ? tr(", a %1-way tie broken at random").arg(s("tie"))
                                            : QString());
    if (current.contains("scoring"))
        details << tr("Scoring %1").arg(s("scoring"));
    if (current.contains("preFilter"))
        details << tr("PreFilter %1 rejected the pod: %2")
                       .arg(QString::fromStdString(current["preFilter"].value("plugin", "")),
                            QString::fromStdString(current["preFilter"].value("reason", ""))
                                .toHtmlEscaped());
    // The message already ends with what preemption concluded; the numbers above say the
    // same in short, so it stays in the tooltip once they are there.
    QString message = current.contains("message") ? s("message") : QString();
    if (!message.isEmpty() && details.isEmpty())
        details << message;
    if (current.contains("preemption") && current["preemption"].contains("nominatedNode"))
        details << tr("Preemption nominated node %1 for the pod")
                       .arg(QString::fromStdString(
                           current["preemption"].value("nominatedNode", "")));
    const QString text = details.join("<br>");
    m_schedSummary->setText(text);
    m_schedSummary->setToolTip(message);
    m_schedSummary->setVisible(!text.isEmpty());
    showDecidingColumns();
}

void InspectorWidget::showDecidingColumns()
{
    for (int c = 0; c < m_schedModel->columnCount(); ++c)
        m_schedView->setColumnHidden(c, m_decidingOnly->isChecked() && !m_schedModel->decides(c));
    fitColumns(m_schedView);
}

QString InspectorWidget::editableYaml() const
{
    const json* object = currentObject();
    if (!object)
        return {};
    json o = *object;
    o.erase("status");
    json& meta = o["metadata"];
    for (const char* key :
         {"uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "selfLink",
          "deletionTimestamp", "deletionGracePeriodSeconds"})
        meta.erase(key);
    if (meta.contains("annotations")) {
        meta["annotations"].erase("kubectl.kubernetes.io/last-applied-configuration");
        meta["annotations"].erase("deployment.kubernetes.io/revision");
        if (meta["annotations"].empty())
            meta.erase("annotations");
    }
    return QString::fromStdString(printed(o, "yaml"));
}

void InspectorWidget::showTraffic()
{
    // kube-proxy syncs without the cache moving (its periodic resync): read again each
    // virtual tenth of a second at most.
    const cluster::Cluster& cluster = m_controller->cluster();
    const std::pair stamp{cacheRevision(), std::int64_t(cluster.sim().now() / (sim::kSecond / 10))};
    if (stamp == m_trafficStamp)
        return;
    m_trafficStamp = stamp;
    const ObjectRef& ref = m_selection->current();
    const json* service = currentObject();
    if (ref.resource != "services" || !service) {
        m_trafficSummary->clear();
        m_endpointsModel->setRowCount(0);
        m_rules->clear();
        return;
    }
    std::vector<const json*> slices;
    for (const json* slice : cluster.objects("endpointslices", ref.ns.toStdString())) {
        const json& labels = model::objectAtPath(*slice, "metadata.labels");
        if (model::stringAt(labels, "kubernetes.io/service-name") == ref.name.toStdString())
            slices.push_back(slice);
    }
    const ServiceInfo info = serviceInfo(*service, slices);
    m_trafficSummary->setText(
        tr("<b>%1</b> %2 · %3 · %4")
            .arg(info.type.toHtmlEscaped(),
                 (info.headless() ? tr("headless") : info.clusterIp).toHtmlEscaped(),
                 info.ports.join(QStringLiteral(", ")).toHtmlEscaped(),
                 info.endpointSummary().toHtmlEscaped()));
    const bool sameRows = m_endpointsModel->rowCount() == int(info.endpoints.size());
    m_endpointsModel->setRowCount(int(info.endpoints.size()));
    auto yesNo = [this](bool b) { return b ? tr("yes") : tr("no"); };
    for (int r = 0; r < int(info.endpoints.size()); ++r) {
        const ServiceEndpoint& e = info.endpoints[size_t(r)];
        const QString cells[] = {e.address, e.pod, e.node, yesNo(e.ready), yesNo(e.serving),
                                 yesNo(e.terminating)};
        for (int c = 0; c < 6; ++c) {
            QStandardItem* item = m_endpointsModel->item(r, c);
            if (!item) {
                item = new QStandardItem;
                item->setEditable(false);
                m_endpointsModel->setItem(r, c, item);
            }
            if (item->text() != cells[c])
                item->setText(cells[c]);
        }
    }
    if (!sameRows)
        fitColumns(m_endpointsView);
    const QString rules = serviceRulesByNode(cluster, ref.ns, ref.name);
    if (m_rules->toPlainText() != rules) {
        const int scroll = m_rules->verticalScrollBar()->value();
        m_rules->setPlainText(rules);
        m_rules->verticalScrollBar()->setValue(scroll);
    }
}

} // namespace kubelab::app
