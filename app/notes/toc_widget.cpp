#include "app/notes/toc_widget.h"

#include <QSignalBlocker>

namespace kubelab::app {

namespace {
constexpr int kIdRole = Qt::UserRole;

QTreeWidgetItem* branch(QTreeWidget* tree, const QString& title)
{
    auto* item = new QTreeWidgetItem(tree, {title});
    item->setFlags(Qt::ItemIsEnabled);
    QFont bold = item->font(0);
    bold.setBold(true);
    item->setFont(0, bold);
    item->setExpanded(true);
    return item;
}
} // namespace

TocWidget::TocWidget(QWidget* parent) : QTreeWidget(parent)
{
    setAccessibleName(tr("Contents"));
    setHeaderHidden(true);
    setRootIsDecorated(false);
    setIndentation(14);
    setUniformRowHeights(true);
    m_chapters = branch(this, tr("Chapters"));
    m_labs = branch(this, tr("Labs"));
    // The labs run headless in the shell until the app's lab view exists; say so rather
    // than "none".
    auto* none = new QTreeWidgetItem(m_labs, {tr("In the shell for now")});
    none->setToolTip(0, tr("Twelve labs are in lessons/. Run one in a terminal:\n"
                           "  kubelab-sim lab list\n  kubelab-sim lab run sched-requests"));
    none->setFlags(Qt::NoItemFlags);
    connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        const QString id = item ? item->data(0, kIdRole).toString() : QString();
        if (!id.isEmpty())
            Q_EMIT chapterActivated(id);
    });
}

void TocWidget::setChapters(const QList<ChapterInfo>& chapters)
{
    const QSignalBlocker block(this);
    qDeleteAll(m_chapters->takeChildren());
    int n = 0;
    for (const ChapterInfo& c : chapters) {
        const QString label = QStringLiteral("%1. %2").arg(++n).arg(c.title);
        auto* item = new QTreeWidgetItem(m_chapters, {label});
        item->setData(0, kIdRole, c.id);
        item->setToolTip(0, c.title);
    }
}

QString TocWidget::currentChapter() const
{
    return currentItem() ? currentItem()->data(0, kIdRole).toString() : QString();
}

void TocWidget::selectChapter(const QString& id)
{
    for (int i = 0; i < m_chapters->childCount(); ++i) {
        QTreeWidgetItem* item = m_chapters->child(i);
        if (item->data(0, kIdRole).toString() == id) {
            const QSignalBlocker block(this);
            setCurrentItem(item);
            return;
        }
    }
}

} // namespace kubelab::app
