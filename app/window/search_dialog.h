#pragma once
// Ctrl+K: search the chapters and labs as you type. Each result shows its title and the
// matched words in context; Enter or a click opens it at the match (the main window does
// the opening, from openRequested).
#include <QDialog>

#include "app/progress/search_index.h"

class QLineEdit;
class QListWidget;
class QLabel;

namespace kubelab::app {

class SearchDialog : public QDialog
{
    Q_OBJECT
public:
    // `index` outlives the dialog (the main window owns both).
    explicit SearchDialog(const SearchIndex* index, QWidget* parent = nullptr);

    // Clears the last query's results and focuses the field; used each time Ctrl+K opens it.
    void start();
    QLineEdit* field() const { return m_field; }
    QListWidget* results() const { return m_results; }
    const QList<SearchHit>& hits() const { return m_hits; }

Q_SIGNALS:
    void openRequested(const QString& kind, const QString& id, const QString& matchedText);

private:
    void search(const QString& text);
    void openRow(int row);
    bool eventFilter(QObject* watched, QEvent* event) override;

    const SearchIndex* m_index;
    QLineEdit* m_field;
    QListWidget* m_results;
    QLabel* m_status;
    QList<SearchHit> m_hits;
};

} // namespace kubelab::app
