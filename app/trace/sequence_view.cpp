#include "app/trace/sequence_view.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>

#include "app/core/simulation_controller.h"
#include "app/trace/sequence_canvas.h"
#include "engine/cluster/cluster.h"

namespace kubelab::app {

SequenceView::SequenceView(SimulationController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(2, 2, 2, 0);
    m_follow = new QToolButton(this);
    m_follow->setText(tr("Follow"));
    m_follow->setCheckable(true);
    m_follow->setChecked(true);
    m_follow->setToolTip(
        tr("Keep to the newest messages (the last %1)").arg(SequenceModel::kWindow));
    bar->addWidget(m_follow);
    m_housekeeping = new QCheckBox(tr("Hide periodic"), this);
    m_housekeeping->setChecked(m_model.hideHousekeeping());
    m_housekeeping->setToolTip(tr("Hide the traffic of periodic timers: lease renewals, node "
                                  "status, etcd compaction"));
    bar->addWidget(m_housekeeping);
    m_status = new QLabel(this);
    m_status->setForegroundRole(QPalette::PlaceholderText);
    bar->addWidget(m_status, 1);
    m_legend = new QLabel(this);
    bar->addWidget(m_legend);
    layout->addLayout(bar);
    m_canvas = new SequenceCanvas(&m_model, this);
    layout->addWidget(m_canvas, 1);

    connect(m_follow, &QToolButton::toggled, this, &SequenceView::setFollowing);
    connect(m_housekeeping, &QCheckBox::toggled, this, [this](bool hide) {
        m_model.setHideHousekeeping(hide);
        m_dirty = true;
        refresh();
    });
    connect(m_canvas, &SequenceCanvas::recordClicked, this, [this](size_t record) {
        showRecord(record);
        Q_EMIT recordActivated(record);
    });
    // Scrolling up by hand means the learner wants to read: stop following.
    connect(m_canvas->verticalScrollBar(), &QScrollBar::actionTriggered, this, [this] {
        const QScrollBar* sb = m_canvas->verticalScrollBar();
        if (following() && sb->sliderPosition() < sb->maximum())
            setFollowing(false);
    });
    connect(m_controller, &SimulationController::advanced, this, &SequenceView::refresh);
    updateLegend();
    updateStatus();
}

void SequenceView::setActive(bool active)
{
    m_active = active;
    if (shown() && m_dirty)
        refresh();
}

void SequenceView::refresh()
{
    if (!shown()) {
        m_dirty = true;
        return;
    }
    const sim::Simulation& sim = m_controller->cluster().sim();
    if (m_model.setActors(sim.actorNames()) || m_dirty)
        m_model.rebuild(sim.trace());
    else
        m_model.sync(sim.trace());
    m_dirty = false;
    m_canvas->modelChanged();
    if (m_pendingShow) {
        const size_t record = *m_pendingShow;
        m_pendingShow.reset();
        showRecord(record);
    } else if (following()) {
        m_canvas->scrollToEnd();
    }
    updateStatus();
}

void SequenceView::setFollowing(bool on)
{
    if (on == following() && m_follow->isChecked() == on)
        return;
    {
        const QSignalBlocker block(m_follow);
        m_follow->setChecked(on);
    }
    if (on) {
        m_model.follow(m_controller->cluster().sim().trace());
        m_canvas->modelChanged();
        m_canvas->scrollToEnd();
    } else {
        // Hold still around what is on screen.
        const auto& rows = m_model.rows();
        m_model.hold(m_canvas->highlighted().value_or(rows.empty() ? 0 : rows.back().record));
    }
    updateStatus();
}

void SequenceView::showRecord(size_t record)
{
    m_canvas->setHighlighted(record);
    if (!shown() || m_dirty) {
        m_pendingShow = record;
        m_dirty = true;
        if (shown())
            refresh();
        return;
    }
    setFollowing(false);
    int row = m_model.rowOf(record);
    if (row < 0) {
        m_model.centerOn(m_controller->cluster().sim().trace(), record);
        m_canvas->modelChanged();
        row = m_model.rowOf(record);
    } else {
        m_model.hold(record);
    }
    m_canvas->ensureRowVisible(row);
    updateStatus();
}

void SequenceView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (shown() && m_dirty)
        refresh();
}

void SequenceView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateLegend();
}

void SequenceView::updateLegend()
{
    auto key = [this](MessageKind kind, const QString& what) {
        return QStringLiteral("<span style='color:%1'>━ %2</span>")
            .arg(m_canvas->colorOf(kind).name(), what.toHtmlEscaped());
    };
    m_legend->setText(QStringList{
        key(MessageKind::Request, tr("request")), key(MessageKind::Response, tr("response")),
        key(MessageKind::Storage, tr("etcd")), key(MessageKind::Watch, tr("watch")),
        key(MessageKind::Runtime, tr("CRI"))}
                          .join(QStringLiteral("&nbsp;&nbsp;")));
}

void SequenceView::updateStatus()
{
    const auto& rows = m_model.rows();
    if (rows.empty())
        m_status->setText(tr("No API traffic yet"));
    else if (following())
        m_status->setText(tr("The last %1 messages").arg(rows.size()));
    else
        m_status->setText(tr("%1 messages from %2 s to %3 s")
                              .arg(rows.size())
                              .arg(double(rows.front().time) / sim::kSecond, 0, 'f', 6)
                              .arg(double(rows.back().time) / sim::kSecond, 0, 'f', 6));
}

} // namespace kubelab::app
