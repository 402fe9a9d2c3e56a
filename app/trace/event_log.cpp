#include "app/trace/event_log.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWidgetAction>

#include "app/trace/trace_model.h"

namespace kubelab::app {

namespace {
// The summary elides at its end: its start says what happened.
class ElideRightDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        option->textElideMode = Qt::ElideRight;
    }
};
} // namespace

EventLog::EventLog(QWidget* parent) : QWidget(parent), m_model(new TraceModel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(2, 2, 2, 0);
    m_component = new QComboBox(this);
    m_component->setAccessibleName(tr("Component"));
    m_component->setToolTip(tr("Show only what this component did"));
    m_component->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_component->setMinimumContentsLength(12);
    m_component->addItem(tr("All components"), QString());
    bar->addWidget(m_component);

    m_object = new QLineEdit(this);
    m_object->setPlaceholderText(tr("Object"));
    m_object->setAccessibleName(tr("Object"));
    m_object->setToolTip(tr("Show only events whose target contains this text"));
    m_object->setClearButtonEnabled(true);
    m_object->setMinimumWidth(
        m_object->fontMetrics().horizontalAdvance(QStringLiteral("pods/web")));
    bar->addWidget(m_object, 1);

    // The kinds, as a checkable list in a menu that stays open while boxes are ticked.
    m_kindButton = new QToolButton(this);
    m_kindButton->setPopupMode(QToolButton::InstantPopup);
    m_kindButton->setAccessibleName(tr("Kinds"));
    m_kindButton->setToolTip(tr("Show only events of the ticked kinds"));
    auto* menu = new QMenu(m_kindButton);
    auto* panel = new QWidget(menu);
    auto* panelLayout = new QVBoxLayout(panel);
    panelLayout->setContentsMargins(4, 4, 4, 4);
    auto* allNone = new QHBoxLayout;
    auto* all = new QPushButton(tr("All"), panel);
    auto* none = new QPushButton(tr("None"), panel);
    allNone->addWidget(all);
    allNone->addWidget(none);
    panelLayout->addLayout(allNone);
    m_kindList = new QListWidget(panel);
    m_kindList->setMinimumSize(220, 320);
    panelLayout->addWidget(m_kindList);
    auto* action = new QWidgetAction(menu);
    action->setDefaultWidget(panel);
    menu->addAction(action);
    m_kindButton->setMenu(menu);
    m_kindButton->setText(tr("Kinds: all"));
    bar->addWidget(m_kindButton);
    connect(menu, &QMenu::aboutToShow, this, &EventLog::fillKindList);
    connect(all, &QPushButton::clicked, this, [this] {
        setKinds(std::nullopt);
        fillKindList();
    });
    connect(none, &QPushButton::clicked, this, [this] {
        setKinds(std::set<std::string>{});
        fillKindList();
    });
    connect(m_kindList, &QListWidget::itemChanged, this, [this] {
        if (m_fillingKinds)
            return;
        std::set<std::string> kinds;
        for (int i = 0; i < m_kindList->count(); ++i)
            if (m_kindList->item(i)->checkState() == Qt::Checked)
                kinds.insert(m_kindList->item(i)->text().toStdString());
        if (int(kinds.size()) == m_kindList->count())
            setKinds(std::nullopt);
        else
            setKinds(kinds);
    });

    m_periodic = new QCheckBox(tr("Hide periodic"), this);
    m_periodic->setToolTip(tr("Hide periodic timers and what they do: lease renewals, node "
                              "status checks, etcd compaction"));
    m_periodic->setChecked(true);
    bar->addWidget(m_periodic);
    m_status = new QLabel(this);
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_status->setToolTip(tr("Events shown / events in the trace"));
    bar->addWidget(m_status);
    layout->addLayout(bar);

    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setAccessibleName(tr("Event log"));
    m_table->verticalHeader()->hide();
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if (!m_scrolling)
            m_following = value >= m_table->verticalScrollBar()->maximum();
    });
    // A following log stays at the bottom when the range moves under it (the window is
    // laid out or resized, rows arrive before a layout).
    connect(m_table->verticalScrollBar(), &QScrollBar::rangeChanged, this, [this](int, int max) {
        if (!m_following)
            return;
        m_scrolling = true;
        m_table->verticalScrollBar()->setValue(max);
        m_scrolling = false;
    });
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    // The summary, what a learner reads, fills the width (fitSummary); the rest keep narrow
    // widths. Names
    // elide in the middle, where kubelet-worker-1 and kubelet-worker-2 differ at the end.
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->setItemDelegateForColumn(TraceModel::Summary, new ElideRightDelegate(m_table));
    QHeaderView* header = m_table->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    const QFontMetrics fm = m_table->fontMetrics();
    const int pad = 2 * m_table->style()->pixelMetric(QStyle::PM_HeaderMargin) + 8;
    header->setMinimumSectionSize(fm.horizontalAdvance(QStringLiteral("00")) + pad);
    header->resizeSection(TraceModel::Seq, fm.horizontalAdvance(QStringLiteral("00000")) + pad);
    header->resizeSection(TraceModel::Time,
                          fm.horizontalAdvance(QStringLiteral("00m00.000s")) + pad);
    for (int column : {TraceModel::Actor, TraceModel::Target})
        header->resizeSection(column, fm.horizontalAdvance(QStringLiteral("kubelet-worker-12")) +
                                          pad);
    header->resizeSection(TraceModel::Kind, fm.horizontalAdvance(QStringLiteral("api.request")) +
                                                pad);
    m_table->viewport()->installEventFilter(this);
    connect(header, &QHeaderView::sectionResized, this, [this](int column) {
        if (column != TraceModel::Summary)
            fitSummary();
    });
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    layout->addWidget(m_table);

    connect(m_component, &QComboBox::currentIndexChanged, this, &EventLog::applyFilter);
    connect(m_object, &QLineEdit::textChanged, this, &EventLog::applyFilter);
    connect(m_periodic, &QCheckBox::toggled, this, &EventLog::applyFilter);
    connect(m_model, &TraceModel::vocabularyChanged, this, &EventLog::updateComponents);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    Q_EMIT recordSelected(m_model->recordAt(current.row()));
            });
    updateStatus();
}

void EventLog::fitSummary()
{
    // The summary takes the width the other columns leave, and never less than 45% of the
    // view: in a narrow log the last columns scroll instead of the summary shrinking.
    QHeaderView* header = m_table->horizontalHeader();
    int others = 0;
    for (int c = 0; c < TraceModel::ColumnCount; ++c)
        if (c != TraceModel::Summary && !header->isSectionHidden(c))
            others += header->sectionSize(c);
    const int width = m_table->viewport()->width();
    header->resizeSection(TraceModel::Summary, std::max(width - others, width * 45 / 100));
}

bool EventLog::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        fitSummary();
    return QWidget::eventFilter(watched, event);
}

void EventLog::sync(const sim::Trace& trace)
{
    m_model->sync(trace);
    if (m_following)
        followToBottom();
    updateStatus();
}

void EventLog::followToBottom()
{
    m_scrolling = true;
    m_table->scrollToBottom();
    m_scrolling = false;
    m_following = true;
}

void EventLog::setKinds(const std::optional<std::set<std::string>>& kinds)
{
    TraceFilter f = m_model->filter();
    f.kinds = kinds;
    setFilter(f);
}

void EventLog::applyFilter()
{
    TraceFilter f = m_model->filter();
    f.actor = m_component->currentData().toString().toStdString();
    f.object = m_object->text();
    f.hidePeriodic = m_periodic->isChecked();
    setFilter(f);
}

void EventLog::setFilter(const TraceFilter& filter)
{
    const QModelIndex currentIndex = m_table->currentIndex();
    const std::optional<size_t> current = currentIndex.isValid()
                                              ? std::optional(m_model->recordAt(currentIndex.row()))
                                              : std::nullopt;
    m_model->setFilter(filter);
    m_kindButton->setText(filter.kinds ? tr("Kinds: %1").arg(filter.kinds->size())
                                       : tr("Kinds: all"));
    // The row the learner picked stays picked if it still shows.
    if (current && m_model->rowOf(*current) >= 0)
        selectRecord(*current);
    else
        followToBottom();
    updateStatus();
}

EventLog::~EventLog()
{
    m_table->verticalScrollBar()->disconnect(this);
}

void EventLog::fillKindList()
{
    m_fillingKinds = true;
    m_kindList->clear();
    const auto& chosen = m_model->filter().kinds;
    for (const std::string& kind : m_model->kinds()) {
        auto* item = new QListWidgetItem(QString::fromStdString(kind), m_kindList);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(!chosen || chosen->count(kind) ? Qt::Checked : Qt::Unchecked);
    }
    m_fillingKinds = false;
}

void EventLog::updateComponents()
{
    // Only new actors add items; the current choice stays.
    const std::vector<std::string> actors = m_model->actors();
    if (size_t(m_component->count()) == actors.size() + 1)
        return;
    const QString current = m_component->currentData().toString();
    const QSignalBlocker block(m_component);
    while (m_component->count() > 1)
        m_component->removeItem(1);
    for (const std::string& a : actors)
        m_component->addItem(QString::fromStdString(a), QString::fromStdString(a));
    m_component->setCurrentIndex(std::max(0, m_component->findData(current)));
}

bool EventLog::selectRecord(size_t record)
{
    const int row = m_model->rowOf(record);
    if (row < 0)
        return false;
    const QModelIndex index = m_model->index(row, 0);
    if (m_table->currentIndex().row() != row)
        m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                              QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

void EventLog::updateStatus()
{
    const size_t total = m_model->recordCount();
    const int shown = m_model->rowCount();
    m_status->setText(size_t(shown) == total ? tr("%L1 events").arg(total)
                                             : tr("%L1 / %L2").arg(shown).arg(total));
}

} // namespace kubelab::app
