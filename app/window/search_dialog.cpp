#include "app/window/search_dialog.h"

#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

namespace kubelab::app {

SearchDialog::SearchDialog(const SearchIndex* index, QWidget* parent)
    : QDialog(parent), m_index(index), m_field(new QLineEdit(this)),
      m_results(new QListWidget(this)), m_status(new QLabel(this))
{
    setWindowTitle(tr("Search the Chapters and Labs"));
    m_field->setPlaceholderText(tr("Words to find, for example: taint toleration"));
    m_field->setClearButtonEnabled(true);
    m_field->installEventFilter(this);
    m_results->setWordWrap(true);
    m_results->setUniformItemSizes(false);
    m_results->setAlternatingRowColors(true);
    m_status->setForegroundRole(QPalette::PlaceholderText);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_field);
    layout->addWidget(m_results, 1);
    layout->addWidget(m_status);
    resize(640, 460);

    connect(m_field, &QLineEdit::textChanged, this, &SearchDialog::search);
    connect(m_field, &QLineEdit::returnPressed, this,
            [this] { openRow(std::max(0, m_results->currentRow())); });
    connect(m_results, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { openRow(m_results->row(item)); });
    connect(m_results, &QListWidget::itemClicked, this,
            [this](QListWidgetItem* item) { openRow(m_results->row(item)); });
}

void SearchDialog::start()
{
    m_field->selectAll();
    m_field->setFocus();
    search(m_field->text());
}

void SearchDialog::search(const QString& text)
{
    m_results->clear();
    m_hits = m_index->search(text, 30);
    for (const SearchHit& hit : std::as_const(m_hits)) {
        auto* item = new QListWidgetItem(m_results);
        auto* label = new QLabel(m_results);
        label->setTextFormat(Qt::RichText);
        label->setWordWrap(true);
        label->setContentsMargins(6, 4, 6, 4);
        label->setAttribute(Qt::WA_TransparentForMouseEvents);
        const QString kind = hit.kind == QLatin1String("lab") ? tr("Lab") : tr("Chapter");
        label->setText(QStringLiteral("<b>%1</b> <span style='opacity:0.7'>— %2</span><br>%3")
                           .arg(hit.title.toHtmlEscaped(), kind, hit.snippetHtml));
        item->setSizeHint(QSize(0, label->heightForWidth(m_results->viewport()->width()) + 4));
        m_results->setItemWidget(item, label);
    }
    if (!m_hits.isEmpty())
        m_results->setCurrentRow(0);
    if (text.trimmed().isEmpty())
        m_status->setText(tr("Type a word; every word must match, and the start of a word is enough."));
    else if (m_hits.isEmpty())
        m_status->setText(tr("Nothing matches “%1”.").arg(text.trimmed()));
    else
        m_status->setText(tr("%n result(s) — Enter opens the selected one at the match.", nullptr,
                             int(m_hits.size())));
}

void SearchDialog::openRow(int row)
{
    // A click can report both clicked and activated (single-click styles): open once.
    if (!isVisible() || row < 0 || row >= m_hits.size())
        return;
    const SearchHit hit = m_hits[row];
    accept();
    Q_EMIT openRequested(hit.kind, hit.id, hit.matchedText);
}

// Up and Down in the field move through the results, as in every quick-open box.
bool SearchDialog::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_field && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if ((key == Qt::Key_Down || key == Qt::Key_Up) && m_results->count() > 0) {
            const int step = key == Qt::Key_Down ? 1 : -1;
            m_results->setCurrentRow(
                std::clamp(m_results->currentRow() + step, 0, m_results->count() - 1));
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace kubelab::app
