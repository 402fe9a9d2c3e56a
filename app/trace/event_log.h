#pragma once
// The event log: the trace as a table under a filter bar (component, object, kinds, and
// whether to show periodic housekeeping). It keeps to the newest row while the learner is
// at the bottom, and leaves the view alone once they scroll up or pick a row.
#include <QWidget>
#include <optional>
#include <set>
#include <string>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QTableView;
class QToolButton;

namespace kubelab::sim {
class Trace;
}

namespace kubelab::app {

class TraceModel;
struct TraceFilter;

class EventLog : public QWidget
{
    Q_OBJECT
public:
    explicit EventLog(QWidget* parent = nullptr);
    // Lets go of the table's scroll bar first: it signals while QWidget tears the
    // children down, after this object's members are gone.
    ~EventLog() override;

    QTableView* table() const { return m_table; }
    TraceModel* model() const { return m_model; }
    QComboBox* componentBox() const { return m_component; }
    QLineEdit* objectEdit() const { return m_object; }
    QCheckBox* periodicBox() const { return m_periodic; }

    // Follows the trace after an advance (MainWindow::refresh calls it).
    void sync(const sim::Trace& trace);
    // Shows only these kinds (nullopt: every kind), as the Kinds menu does.
    void setKinds(const std::optional<std::set<std::string>>& kinds);
    // Makes trace record `record` the current row and scrolls to it, if the filter shows
    // it (false when it does not).
    bool selectRecord(size_t record);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

Q_SIGNALS:
    // The current row changed to trace record `record`.
    void recordSelected(size_t record);

private:
    void applyFilter();
    void setFilter(const TraceFilter& filter);
    void fillKindList();
    void updateComponents();
    void updateStatus();
    void fitSummary();

    TraceModel* m_model;
    QTableView* m_table;
    QComboBox* m_component;
    QLineEdit* m_object;
    QToolButton* m_kindButton;
    QListWidget* m_kindList;
    QCheckBox* m_periodic;
    QLabel* m_status;
    bool m_fillingKinds = false;
    // The log follows new events while the learner has not scrolled up from the bottom.
    // Kept as a state rather than read from the scroll bar at each sync: the bar's range
    // also moves by itself (rows land between layouts, a horizontal bar appears).
    bool m_following = true;
    bool m_scrolling = false; // our own scrollToBottom, not the learner
    void followToBottom();
};

} // namespace kubelab::app
