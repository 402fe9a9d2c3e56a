#pragma once
// The sequence diagram itself: lane headers along the top, the time of each row down the
// left, a dashed lifeline per lane and one arrow per row, time going down. It paints only
// the rows and lanes in view, so a window of any size costs the same per frame. Colours
// follow the palette (light or dark).
#include <QAbstractScrollArea>
#include <optional>

#include "app/trace/sequence_model.h"

namespace kubelab::app {

class SequenceCanvas : public QAbstractScrollArea
{
    Q_OBJECT
public:
    explicit SequenceCanvas(const SequenceModel* model, QWidget* parent = nullptr);

    // The model's lanes or rows changed: lay out again and repaint.
    void modelChanged();
    // The record whose row is marked (the event log's current row), or none.
    void setHighlighted(std::optional<size_t> record);
    std::optional<size_t> highlighted() const { return m_highlighted; }
    // Scrolls row `row` into the middle of the view if it is not in view (and its arrow's
    // start into view).
    void ensureRowVisible(int row);
    void scrollToEnd();
    // The part of the viewport row `row` occupies (tests click there).
    QRect rowRect(int row) const;
    // The x coordinate, in the viewport, of lane `lane`'s lifeline (-1 if not shown).
    int laneX(int lane) const;
    // Where row `row`'s arrow runs, from the sender's lifeline to the receiver's, in the
    // viewport (a point on the lifeline for a call within a lane or a note).
    QLine arrowLine(int row) const;
    // The colour arrows of this kind are drawn in, for the current palette.
    QColor colorOf(MessageKind kind) const;

Q_SIGNALS:
    // The learner clicked the row of trace record `record`.
    void recordClicked(size_t record);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void updateMetrics();
    void updateScrollBars();
    int rowAt(int y) const;
    void paintRow(QPainter& p, int row, bool marked) const;

    const SequenceModel* m_model;
    std::vector<int> m_column; // lane index -> column, -1 when the lane is not shown
    std::optional<size_t> m_highlighted;
    int m_rowHeight = 20;
    int m_headerHeight = 36;
    int m_gutterWidth = 90;
    int m_laneWidth = 120;
    int m_minLaneWidth = 120;
};

} // namespace kubelab::app
