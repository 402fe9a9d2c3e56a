#pragma once
// The charts: pods by phase over virtual time (with those still waiting for a node as a
// dashed line) and each pod's scheduling latency with a moving average (and the pods still
// waiting, as far as they have waited), from PodStats, which reads them from the trace.
// Samples are taken on every advance, shown or not; the charts redraw only while they can
// be seen (see setActive).
// Side by side when the panel is wide, one above the other when it is tall.
#include <QWidget>

#include "app/charts/pod_stats.h"

class QBoxLayout;
class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace kubelab::app {

class SimulationController;

class ChartsView : public QWidget
{
    Q_OBJECT
public:
    enum Series { Pending, Running, Succeeded, Failed, Unscheduled, SeriesCount };

    explicit ChartsView(SimulationController* controller, QWidget* parent = nullptr);

    // Whether the charts can be seen. A dock tabbed behind others stays "visible" to Qt,
    // so MainWindow passes on the dock's visibilityChanged; a view on its own is active.
    void setActive(bool active);

    const PodStats& stats() const { return m_stats; }
    QLineSeries* series(Series s) const { return m_series[s]; }
    QScatterSeries* latencySeries() const { return m_latency; }
    QLineSeries* latencyAverage() const { return m_average; }
    // Pods not bound yet, at now and as high as they have waited.
    QScatterSeries* waitingSeries() const { return m_waiting; }
    QLabel* summary() const { return m_summary; }

protected:
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void refresh();
    bool shown() const { return m_active && isVisible(); }
    void updateCharts();
    void updateSummary();
    void applyPalette();
    QChart* makeChart(const QString& title, QValueAxis* x, QValueAxis* y);

    SimulationController* m_controller;
    PodStats m_stats;
    QBoxLayout* m_charts;
    QLabel* m_summary;
    QChartView* m_podsView;
    QChartView* m_latencyView;
    QLineSeries* m_series[SeriesCount];
    QScatterSeries* m_latency;
    QScatterSeries* m_waiting;
    QLineSeries* m_average;
    QValueAxis* m_podsX;
    QValueAxis* m_podsY;
    QValueAxis* m_latencyX;
    QValueAxis* m_latencyY;
    bool m_active = true;
    bool m_dirty = true;
};

} // namespace kubelab::app
