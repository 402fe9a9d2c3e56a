#include "app/charts/charts_view.h"

#include <QBoxLayout>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <cmath>

#include "app/core/simulation_controller.h"
#include "app/core/virtual_time.h"
#include "app/map/pod_phase.h"
#include "engine/cluster/cluster.h"

namespace kubelab::app {

namespace {

// The moving average runs over this many pods.
constexpr int kAverageOf = 10;

double seconds(sim::Time t)
{
    return double(t) / sim::kSecond;
}

double millis(sim::Duration d)
{
    return double(d) / sim::kMillisecond;
}

int valueOf(const PodCounts& c, ChartsView::Series s)
{
    switch (s) {
    case ChartsView::Pending: return c.pending;
    case ChartsView::Running: return c.running;
    case ChartsView::Succeeded: return c.succeeded;
    case ChartsView::Failed: return c.failed;
    case ChartsView::Unscheduled: return c.unscheduled;
    case ChartsView::SeriesCount: break;
    }
    return 0;
}

// A tick interval of 1, 2 or 5 × 10^k giving about `ticks` ticks over `span`, at least
// `least`.
double niceStep(double span, int ticks, double least)
{
    const double raw = std::max(span / ticks, least);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0})
        if (m * magnitude >= raw)
            return m * magnitude;
    return 10 * magnitude;
}

// Axis from 0 to `max` with ticks at nice steps; a value axis ends on a tick, so the
// highest value sits below the top, while the time axis ends now.
void fitAxis(QValueAxis* axis, double max, int ticks, double least, bool endOnTick)
{
    const double step = niceStep(max, ticks, least);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setRange(0, endOnTick ? std::max(step, std::ceil(max / step) * step) : max);
}

} // namespace

ChartsView::ChartsView(SimulationController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 0);
    layout->setSpacing(2);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_charts = new QBoxLayout(QBoxLayout::LeftToRight);
    m_charts->setSpacing(0);
    layout->addLayout(m_charts, 1);

    m_podsX = new QValueAxis; // the charts own their axes and series
    m_podsY = new QValueAxis;
    m_podsY->setLabelFormat(QStringLiteral("%d"));
    QChart* pods = makeChart(tr("Pods by phase"), m_podsX, m_podsY);
    const char* names[] = {"Pending", "Running", "Succeeded", "Failed", "Waiting for a node"};
    for (int s = 0; s < SeriesCount; ++s) {
        m_series[s] = new QLineSeries;
        m_series[s]->setName(tr(names[s]));
        pods->addSeries(m_series[s]);
        m_series[s]->attachAxis(m_podsX);
        m_series[s]->attachAxis(m_podsY);
    }
    m_podsView = new QChartView(pods, this);
    m_podsView->setRenderHint(QPainter::Antialiasing);
    m_podsView->setAccessibleName(tr("Pods by phase"));

    m_latencyX = new QValueAxis;
    m_latencyY = new QValueAxis;
    m_latencyY->setLabelFormat(QStringLiteral("%g"));
    m_latencyY->setTitleText(tr("ms"));
    QChart* latency = makeChart(tr("Scheduling latency (create → bind)"), m_latencyX, m_latencyY);
    m_latency = new QScatterSeries;
    m_latency->setName(tr("a pod"));
    m_latency->setMarkerSize(7);
    m_waiting = new QScatterSeries;
    m_waiting->setName(tr("still waiting"));
    m_waiting->setMarkerSize(9);
    m_average = new QLineSeries;
    m_average->setName(tr("mean of the last %1").arg(kAverageOf));
    for (QXYSeries* s : {static_cast<QXYSeries*>(m_latency), static_cast<QXYSeries*>(m_waiting),
                         static_cast<QXYSeries*>(m_average)}) {
        latency->addSeries(s);
        s->attachAxis(m_latencyX);
        s->attachAxis(m_latencyY);
    }
    m_latencyView = new QChartView(latency, this);
    m_latencyView->setRenderHint(QPainter::Antialiasing);
    m_latencyView->setAccessibleName(tr("Scheduling latency"));

    m_charts->addWidget(m_podsView, 3);
    m_charts->addWidget(m_latencyView, 2);
    applyPalette();
    connect(m_controller, &SimulationController::advanced, this, &ChartsView::refresh);
    m_stats.update(m_controller->cluster());
}

QChart* ChartsView::makeChart(const QString& title, QValueAxis* x, QValueAxis* y)
{
    auto* chart = new QChart;
    chart->setTitle(title);
    QFont titleFont = font();
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setFont(font());
    x->setTitleText(tr("virtual time (s)"));
    x->setLabelFormat(QStringLiteral("%g"));
    for (QValueAxis* axis : {x, y}) {
        axis->setLabelsFont(font());
        QFont small = font();
        small.setPointSizeF(font().pointSizeF() * 0.9);
        axis->setTitleFont(small);
    }
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    return chart;
}

void ChartsView::applyPalette()
{
    const QPalette& pal = palette();
    const QColor text = pal.color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(40);
    for (QChartView* view : {m_podsView, m_latencyView}) {
        QChart* chart = view->chart();
        chart->setBackgroundBrush(pal.base());
        chart->setTitleBrush(text);
        chart->legend()->setLabelColor(text);
        view->setBackgroundBrush(pal.base());
        for (QAbstractAxis* axis : chart->axes()) {
            axis->setLabelsColor(text);
            axis->setTitleBrush(text);
            axis->setGridLineColor(grid);
            axis->setLinePenColor(grid);
        }
    }
    // The map's palette (pod_phase.h): waiting for a node is a kind of Pending, dashed.
    const QColor colors[SeriesCount] = {
        phaseColor(PodPhase::Pending),   phaseColor(PodPhase::Running),
        phaseColor(PodPhase::Succeeded), phaseColor(PodPhase::Failed),
        phaseColor(PodPhase::Pending),
    };
    for (int s = 0; s < SeriesCount; ++s) {
        QPen pen(colors[s], s == Unscheduled ? 1.5 : 2);
        if (s == Unscheduled)
            pen.setStyle(Qt::DashLine);
        m_series[s]->setPen(pen);
    }
    // A bound pod is a neutral dot (no pod state's colour); one still waiting is Pending's
    // orange, hollow.
    QColor dot = text;
    dot.setAlpha(150);
    m_latency->setColor(dot);
    m_latency->setBorderColor(Qt::transparent);
    m_waiting->setColor(Qt::transparent);
    m_waiting->setBorderColor(phaseColor(PodPhase::Pending));
    m_average->setPen(QPen(text, 1.5));
}

void ChartsView::setActive(bool active)
{
    m_active = active;
    if (shown() && m_dirty)
        updateCharts();
}

void ChartsView::refresh()
{
    m_stats.update(m_controller->cluster());
    if (shown())
        updateCharts();
    else
        m_dirty = true;
}

void ChartsView::updateCharts()
{
    m_dirty = false;
    const auto& changes = m_stats.changes();
    const double now = seconds(m_stats.now());
    // Steps: a count holds until the next change, and the last one until now.
    QList<QPointF> points[SeriesCount];
    int most = 0;
    for (size_t i = 0; i < changes.size(); ++i) {
        const double t = seconds(changes[i].time);
        for (int s = 0; s < SeriesCount; ++s) {
            const auto series = Series(s);
            if (i > 0)
                points[s].append({t, double(valueOf(changes[i - 1].counts, series))});
            points[s].append({t, double(valueOf(changes[i].counts, series))});
            most = std::max(most, valueOf(changes[i].counts, series));
        }
    }
    if (!changes.empty())
        for (int s = 0; s < SeriesCount; ++s)
            points[s].append({now, double(valueOf(changes.back().counts, Series(s)))});
    for (int s = 0; s < SeriesCount; ++s)
        m_series[s]->replace(points[s]);

    const auto& latencies = m_stats.latencies();
    QList<QPointF> each, mean;
    each.reserve(qsizetype(latencies.size()));
    mean.reserve(qsizetype(latencies.size()));
    double window = 0, slowest = 0;
    for (size_t i = 0; i < latencies.size(); ++i) {
        const double ms = millis(latencies[i].latency);
        each.append({seconds(latencies[i].boundAt), ms});
        window += ms;
        if (i >= kAverageOf)
            window -= millis(latencies[i - kAverageOf].latency);
        mean.append({each.back().x(), window / double(std::min<size_t>(i + 1, kAverageOf))});
        slowest = std::max(slowest, ms);
    }
    m_latency->replace(each);
    m_average->replace(mean);
    // Every pod shows: one the scheduler has not bound yet sits at now, as high as it has
    // waited so far.
    QList<QPointF> waiting;
    for (const WaitingPod& w : m_stats.waiting()) {
        const double ms = millis(m_stats.now() - w.createdAt);
        waiting.append({now, ms});
        slowest = std::max(slowest, ms);
    }
    m_waiting->replace(waiting);

    for (QValueAxis* x : {m_podsX, m_latencyX})
        fitAxis(x, std::max(now, 1.0), 6, 0.001, false);
    fitAxis(m_podsY, std::max(most, 1), 4, 1, true);
    fitAxis(m_latencyY, std::max(slowest * 1.1, 1.0), 4, 0.001, true);
    updateSummary();
}

void ChartsView::updateSummary()
{
    const auto& changes = m_stats.changes();
    const PodCounts c = changes.empty() ? PodCounts{} : changes.back().counts;
    QString text = tr("At %1: <b>%2</b> Running · <b>%3</b> Pending (%4 waiting for a node) "
                      "· %5 Succeeded · %6 Failed")
                       .arg(formatVirtualTime(m_stats.now()))
                       .arg(c.running)
                       .arg(c.pending)
                       .arg(c.unscheduled)
                       .arg(c.succeeded)
                       .arg(c.failed);
    const auto& latencies = m_stats.latencies();
    if (!latencies.empty()) {
        double sum = 0;
        for (const LatencyPoint& p : latencies)
            sum += millis(p.latency);
        text += tr(" · scheduling took %1 ms for the last pod, %2 ms on average over %3")
                    .arg(millis(latencies.back().latency), 0, 'f', 1)
                    .arg(sum / double(latencies.size()), 0, 'f', 1)
                    .arg(latencies.size());
    }
    if (const size_t waiting = m_stats.waiting().size())
        text += waiting == 1 ? tr(" · <b>1</b> pod still waiting for a node")
                             : tr(" · <b>%1</b> pods still waiting for a node").arg(waiting);
    m_summary->setText(text);
}

void ChartsView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (shown() && m_dirty)
        updateCharts();
}

void ChartsView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    m_charts->setDirection(width() > height() * 3 / 2 ? QBoxLayout::LeftToRight
                                                      : QBoxLayout::TopToBottom);
}

void ChartsView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

} // namespace kubelab::app
