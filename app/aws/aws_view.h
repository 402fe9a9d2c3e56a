#pragma once
// The AWS dock: the learner's AWS account beside the cluster. Its certificates as ACM
// describes them (domain, type, status, NotAfter, days to expiry, what uses it, managed
// renewal), and the e-mail inbox that SNS delivers to (list and message), so the notices
// a lab asks for can be read where they arrive. Reads the engine's actors; never changes
// them (the `aws` and `inbox` commands in the console do the same from text).
#include <QWidget>
#include <cstdint>
#include <tuple>

class QLabel;
class QStandardItemModel;
class QTableView;
class QPlainTextEdit;

namespace kubelab::app {

class SimulationController;

class AwsView : public QWidget
{
    Q_OBJECT
public:
    explicit AwsView(SimulationController* controller, QWidget* parent = nullptr);

    QTableView* certificatesView() const { return m_certView; }
    QTableView* inboxView() const { return m_inboxView; }
    QPlainTextEdit* messageView() const { return m_message; }
    QLabel* inboxTitle() const { return m_inboxTitle; }
    // Reads the account again if anything it shows may have changed.
    void refresh();
    // Only while its dock is on screen.
    void setActive(bool active);

Q_SIGNALS:
    // A new message arrived since the learner last looked (the dock's tab can say so).
    void unread(int count);

private:
    void showMessage(int row);

    SimulationController* m_controller;
    QStandardItemModel* m_certs;
    QTableView* m_certView;
    QLabel* m_inboxTitle;
    QStandardItemModel* m_inbox;
    QTableView* m_inboxView;
    QPlainTextEdit* m_message;
    bool m_active = false;
    // (processed events, virtual day) last shown: nothing can change between.
    std::tuple<std::uint64_t, std::int64_t> m_stamp{~0ull, -1};
    int m_seen = 0; // messages the learner has had on screen
};

} // namespace kubelab::app
