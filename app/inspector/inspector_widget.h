#pragma once
// The inspector dock: the selected object as YAML and JSON (as kubectl prints them), its
// Events, its owner chain and children, and for pods the scheduler's last attempt as a
// node × plugin table. Refreshes only the tab on screen, and only what changed, so it
// stays cheap while the simulation plays.
#include <QWidget>
#include <nlohmann/json.hpp>
#include <vector>

#include "app/core/selection.h"
#include "app/inspector/object_events.h"
#include "app/inspector/owner_chain.h"

class QCheckBox;
class QLabel;
class QPushButton;
class QStandardItemModel;
class QTabWidget;
class QTableView;
class QTreeWidget;

namespace kubelab::app {

class CodeEditor;
class ExplanationModel;
class ObjectPicker;
class SimulationController;

class InspectorWidget : public QWidget
{
    Q_OBJECT
public:
    enum Tab { YamlTab, JsonTab, EventsTab, OwnersTab, SchedulingTab, TrafficTab };

    InspectorWidget(SimulationController* controller, Selection* selection,
                    QWidget* parent = nullptr);

    QTabWidget* tabs() const { return m_tabs; }
    ObjectPicker* picker() const { return m_picker; }
    QLabel* title() const { return m_title; }
    CodeEditor* yamlView() const { return m_yaml; }
    CodeEditor* jsonView() const { return m_json; }
    QTableView* eventsView() const { return m_eventsView; }
    QTreeWidget* ownersTree() const { return m_owners; }
    QLabel* schedulingResult() const { return m_schedResult; }
    QLabel* schedulingSummary() const { return m_schedSummary; }
    QTableView* schedulingView() const { return m_schedView; }
    ExplanationModel* schedulingModel() const { return m_schedModel; }
    QCheckBox* decidingOnly() const { return m_decidingOnly; }
    QPushButton* editButton() const { return m_edit; }
    // The Traffic tab (Services): endpoints and each node's kube-proxy rules.
    QTableView* endpointsView() const { return m_endpointsView; }
    QLabel* trafficSummary() const { return m_trafficSummary; }
    CodeEditor* rulesView() const { return m_rules; }

    // Re-reads the selected object for the tab on screen; does nothing while hidden.
    void refresh();
    // The object as a manifest to edit and apply again: YAML without status, server-set
    // metadata and managed fields. "" when nothing is selected or it is gone.
    QString editableYaml() const;

Q_SIGNALS:
    // The Edit button: open `yaml` in the YAML editor.
    void editRequested(const QString& yaml);

protected:
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void selectionChanged();
    // The selected object in the API server's cache, nullptr when none or gone.
    const nlohmann::json* currentObject() const;
    void showTitle(const nlohmann::json* object);
    void showText(const nlohmann::json* object, Tab tab);
    void showEvents();
    void showOwners();
    void showScheduling();
    void showDecidingColumns();
    void showTraffic();
    std::int64_t cacheRevision() const;

    SimulationController* m_controller;
    Selection* m_selection;
    ObjectPicker* m_picker;
    QPushButton* m_edit;
    QLabel* m_title;
    QTabWidget* m_tabs;
    CodeEditor* m_yaml;
    CodeEditor* m_json;
    QTableView* m_eventsView;
    QStandardItemModel* m_eventsModel;
    QTreeWidget* m_owners;
    QLabel* m_schedResult;
    QLabel* m_schedSummary;
    QTableView* m_schedView;
    ExplanationModel* m_schedModel;
    QCheckBox* m_decidingOnly;
    QLabel* m_trafficSummary;
    QStandardItemModel* m_endpointsModel;
    QTableView* m_endpointsView;
    CodeEditor* m_rules;
    std::pair<std::int64_t, std::int64_t> m_trafficStamp{-1, -1};

    // What each tab last showed, to skip work when nothing changed.
    // resourceVersion rendered in the YAML and JSON tabs: "" for not yet, "-" for no object.
    QString m_shownVersion[2];
    std::vector<ObjectEvent> m_shownEvents;
    std::vector<OwnedObject> m_shownChain, m_shownChildren;
    // The API server's cache revision (and, for ages, the virtual second) the Events and
    // Owners tabs were read at: nothing they show can change until one of these moves.
    std::pair<std::int64_t, std::int64_t> m_eventsStamp{-1, -1};
    std::int64_t m_ownersRevision = -1;
    nlohmann::json m_shownExplanation;
    bool m_schedulingShown = false;
};

} // namespace kubelab::app
