#include "app/notes/toc_widget.h"

#include <QPainter>
#include <QPainterPath>
#include <QSignalBlocker>

namespace kubelab::app {

namespace {
constexpr int kIdRole = Qt::UserRole;
constexpr int kKindRole = Qt::UserRole + 1; // "chapter" or "lab"
constexpr int kMinutesRole = Qt::UserRole + 2;

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

// A ring (not started), a half-filled ring (started) or a green disc with a tick (passed):
// told apart by shape as well as colour.
QIcon stateIcon(LabState state)
{
    QPixmap pm(32, 32);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r(4, 4, 24, 24);
    switch (state) {
    case LabState::NotStarted:
        p.setPen(QPen(QColor(0x8a, 0x8f, 0x98), 2.5));
        p.drawEllipse(r);
        break;
    case LabState::InProgress: {
        p.setPen(QPen(QColor(0xd9, 0x8e, 0x04), 2.5));
        p.drawEllipse(r);
        QPainterPath half;
        half.moveTo(r.center());
        half.arcTo(r, 90, 180);
        half.closeSubpath();
        p.fillPath(half, QColor(0xd9, 0x8e, 0x04));
        break;
    }
    case LabState::Passed:
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x2e, 0x7d, 0x32));
        p.drawEllipse(r);
        p.setPen(QPen(Qt::white, 3, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawPolyline(QPolygonF({QPointF(10, 16.5), QPointF(14.5, 21), QPointF(22, 11.5)}));
        break;
    }
    return QIcon(pm);
}

QString stateText(LabState state)
{
    switch (state) {
    case LabState::NotStarted:
        return TocWidget::tr("not started");
    case LabState::InProgress:
        return TocWidget::tr("started");
    case LabState::Passed:
        return TocWidget::tr("passed");
    }
    return {};
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
    connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        const QString id = item ? item->data(0, kIdRole).toString() : QString();
        if (id.isEmpty())
            return;
        if (item->data(0, kKindRole).toString() == QLatin1String("lab"))
            Q_EMIT labActivated(id);
        else
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
        item->setData(0, kKindRole, QStringLiteral("chapter"));
        item->setToolTip(0, c.title);
    }
}

void TocWidget::setLabs(const QList<LabRow>& labs)
{
    const QSignalBlocker block(this);
    qDeleteAll(m_labs->takeChildren());
    for (const LabRow& l : labs) {
        auto* item = new QTreeWidgetItem(m_labs, {l.title});
        item->setData(0, kIdRole, l.id);
        item->setData(0, kKindRole, QStringLiteral("lab"));
        item->setData(0, kMinutesRole, l.minutes);
        item->setToolTip(0, tr("%1\nabout %2 minutes").arg(l.title).arg(l.minutes));
        setLabState(l.id, l.state);
    }
    if (labs.isEmpty()) {
        auto* none = new QTreeWidgetItem(m_labs, {tr("No labs could be read")});
        none->setFlags(Qt::NoItemFlags);
    }
}

void TocWidget::setLabState(const QString& id, LabState state)
{
    QTreeWidgetItem* item = labItem(id);
    if (!item)
        return;
    item->setIcon(0, stateIcon(state));
    const QString title = item->text(0);
    item->setToolTip(0, tr("%1\nabout %2 minutes · %3")
                            .arg(title)
                            .arg(item->data(0, kMinutesRole).toInt())
                            .arg(stateText(state)));
    item->setData(0, Qt::AccessibleDescriptionRole, stateText(state));
}

QString TocWidget::currentChapter() const
{
    const QTreeWidgetItem* item = currentItem();
    return item && item->data(0, kKindRole).toString() == QLatin1String("chapter")
               ? item->data(0, kIdRole).toString()
               : QString();
}

QString TocWidget::currentLab() const
{
    const QTreeWidgetItem* item = currentItem();
    return item && item->data(0, kKindRole).toString() == QLatin1String("lab")
               ? item->data(0, kIdRole).toString()
               : QString();
}

QTreeWidgetItem* TocWidget::labItem(const QString& id) const
{
    for (int i = 0; i < m_labs->childCount(); ++i)
        if (m_labs->child(i)->data(0, kIdRole).toString() == id)
            return m_labs->child(i);
    return nullptr;
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

void TocWidget::selectLab(const QString& id)
{
    if (QTreeWidgetItem* item = labItem(id)) {
        const QSignalBlocker block(this);
        setCurrentItem(item);
    }
}

} // namespace kubelab::app
