#include "app/trace/timeline_bar.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSlider>
#include <QToolButton>

#include "app/core/simulation_controller.h"
#include "app/core/virtual_time.h"
#include "engine/cluster/cluster.h"

namespace kubelab::app {

namespace {
QToolButton* buttonFor(QAction* action, QWidget* parent)
{
    auto* b = new QToolButton(parent);
    b->setDefaultAction(action);
    b->setAutoRaise(true);
    return b;
}
} // namespace

TimelineBar::TimelineBar(SimulationController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller)
{
    m_toStart = new QAction(tr("To start"), this);
    m_toStart->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Home));
    m_toStart->setToolTip(tr("Rewind to the moment the cluster was ready (Shift+Home)"));
    connect(m_toStart, &QAction::triggered, this,
            [this] { m_controller->seek(m_controller->start()); });

    m_stepBack = new QAction(tr("Step back"), this);
    m_stepBack->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F10));
    m_stepBack->setToolTip(tr("Undo the last event (Shift+F10)"));
    connect(m_stepBack, &QAction::triggered, this, [this] { m_controller->stepBack(); });

    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setAccessibleName(tr("Timeline"));
    m_slider->setToolTip(tr("Drag back to rewind; forward to replay as far as this run went"));
    m_slider->setMinimumWidth(220);
    connect(m_slider, &QSlider::sliderPressed, this, [this] { m_dragging = true; });
    connect(m_slider, &QSlider::sliderReleased, this, [this] {
        m_dragging = false;
        m_controller->seek(quint64(m_slider->value()));
    });
    connect(m_slider, &QSlider::actionTriggered, this, [this](int action) {
        // Keyboard and page clicks (not drags) seek at once.
        if (action != QAbstractSlider::SliderMove && !m_dragging)
            m_controller->seek(quint64(m_slider->sliderPosition()));
    });

    m_position = new QLabel(this);
    m_position->setMinimumWidth(m_position->fontMetrics().horizontalAdvance(
        QStringLiteral("event 000,000 / 000,000 · 00h00m00.000s")));

    m_target = new QComboBox(this);
    m_target->setEditable(true);
    m_target->setAccessibleName(tr("Step to the next event of"));
    m_target->setToolTip(tr("A component (scheduler, kubelet/worker-1, etcd, ...) or an object "
                            "(pod/NAME, deploy/NAME)"));
    m_target->setMinimumContentsLength(16);
    m_target->lineEdit()->setPlaceholderText(tr("scheduler, pod/web, ..."));
    connect(m_target->lineEdit(), &QLineEdit::returnPressed, this, &TimelineBar::stepToChosen);

    m_stepTo = new QAction(tr("Step to"), this);
    m_stepTo->setShortcut(Qt::Key_F11);
    m_stepTo->setToolTip(tr("Run until the next event of the chosen component or object (F11)"));
    connect(m_stepTo, &QAction::triggered, this, &TimelineBar::stepToChosen);

    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(4, 0, 4, 0);
    row->addWidget(buttonFor(m_toStart, this));
    row->addWidget(buttonFor(m_stepBack, this));
    row->addWidget(m_slider, 1);
    row->addWidget(m_position);
    row->addSpacing(12);
    row->addWidget(buttonFor(m_stepTo, this));
    row->addWidget(m_target);

    connect(m_controller, &SimulationController::advanced, this, &TimelineBar::refresh);
    connect(m_controller, &SimulationController::stepToFinished, this,
            [this](bool found, const QString& who) {
                m_target->setToolTip(found ? tr("Stopped at the next event of %1").arg(who)
                                           : tr("No event of %1 in 10 virtual minutes").arg(who));
            });
    refresh();
}

void TimelineBar::refillTargets()
{
    const QString current = m_target->currentText();
    m_target->clear();
    QStringList items = {QStringLiteral("scheduler"), QStringLiteral("controller-manager"),
                         QStringLiteral("apiserver"), QStringLiteral("etcd"),
                         QStringLiteral("kubectl")};
    for (const auto* node : m_controller->cluster().objects("nodes"))
        items << QStringLiteral("kubelet/%1")
                     .arg(QString::fromStdString((*node)["metadata"].value("name", "")));
    m_target->addItems(items);
    m_target->setCurrentText(current);
}

void TimelineBar::stepToChosen()
{
    QString error;
    if (!m_controller->stepTo(m_target->currentText(), &error))
        m_target->setToolTip(error.isEmpty() ? tr("Name a component or an object") : error);
}

void TimelineBar::refresh()
{
    const quint64 start = m_controller->start();
    const quint64 pos = m_controller->position();
    const quint64 horizon = m_controller->horizon();
    if (!m_dragging) {
        const QSignalBlocker block(m_slider);
        m_slider->setRange(int(start), int(horizon));
        m_slider->setValue(int(pos));
        m_slider->setPageStep(std::max(1, int(horizon - start) / 20));
    }
    m_position->setText(
        tr("event %L1 / %L2 · %3")
            .arg(pos)
            .arg(horizon)
            .arg(formatVirtualTime(m_controller->cluster().sim().now())));
    m_stepBack->setEnabled(pos > start);
    m_toStart->setEnabled(pos > start);
    const size_t nodes = m_controller->cluster().objects("nodes").size();
    if (nodes != m_nodes) { // a new cluster, or nodes joined
        m_nodes = nodes;
        refillTargets();
    }
}

} // namespace kubelab::app
