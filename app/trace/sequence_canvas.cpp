#include "app/trace/sequence_canvas.h"

#include "app/core/virtual_time.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QToolTip>

namespace kubelab::app {

namespace {

constexpr int kArrowHead = 7;
constexpr int kLabelGap = 8;

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QString timeText(sim::Time t)
{
    return formatVirtualTime(t);
}

} // namespace

SequenceCanvas::SequenceCanvas(const SequenceModel* model, QWidget* parent)
    : QAbstractScrollArea(parent), m_model(model)
{
    setAccessibleName(tr("Sequence diagram"));
    viewport()->setMouseTracking(true);
    updateMetrics();
}

QColor SequenceCanvas::colorOf(MessageKind kind) const
{
    const bool dark = isDark(palette());
    switch (kind) {
    case MessageKind::Request: return dark ? QColor(0x7f, 0xb0, 0xff) : QColor(0x1f, 0x5f, 0xbf);
    case MessageKind::Response: return dark ? QColor(0xb8, 0xc0, 0xc8) : QColor(0x4a, 0x52, 0x5a);
    case MessageKind::Storage: return dark ? QColor(0xf0, 0xa3, 0x5e) : QColor(0xb3, 0x59, 0x00);
    case MessageKind::Watch: return dark ? QColor(0x6f, 0xd4, 0x9a) : QColor(0x1e, 0x7a, 0x46);
    case MessageKind::Runtime: return dark ? QColor(0xc9, 0xa0, 0xdc) : QColor(0x7d, 0x3c, 0x98);
    case MessageKind::Note: break;
    }
    return palette().color(QPalette::Text);
}

void SequenceCanvas::updateMetrics()
{
    const QFontMetrics fm(font());
    m_rowHeight = fm.height() + 11;
    m_headerHeight = 2 * fm.height() + 12;
    m_gutterWidth = fm.horizontalAdvance(QStringLiteral("00000.000000s")) + 16;
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics bfm(bold);
    int widest = fm.horizontalAdvance(QStringLiteral("POST deployments")) + 2 * kLabelGap;
    for (const SequenceLane& lane : m_model->lanes())
        widest = std::max(
            {widest, bfm.horizontalAdvance(lane.title) + 10, fm.horizontalAdvance(lane.host) + 10});
    m_minLaneWidth = widest;
}

void SequenceCanvas::modelChanged()
{
    m_column.assign(m_model->lanes().size(), -1);
    const auto& shown = m_model->shownLanes();
    for (size_t c = 0; c < shown.size(); ++c)
        m_column[size_t(shown[c])] = int(c);
    updateMetrics();
    updateScrollBars();
    viewport()->update();
}

void SequenceCanvas::updateScrollBars()
{
    const int lanes = int(m_model->shownLanes().size());
    const int bodyWidth = std::max(0, viewport()->width() - m_gutterWidth);
    const int bodyHeight = std::max(0, viewport()->height() - m_headerHeight);
    // Lanes share the width there is, down to what their headers need.
    m_laneWidth = lanes ? std::max(m_minLaneWidth, bodyWidth / lanes) : m_minLaneWidth;
    const int contentWidth = lanes * m_laneWidth;
    const int contentHeight = int(m_model->rows().size()) * m_rowHeight;
    horizontalScrollBar()->setRange(0, std::max(0, contentWidth - bodyWidth));
    horizontalScrollBar()->setPageStep(bodyWidth);
    horizontalScrollBar()->setSingleStep(m_laneWidth / 4);
    verticalScrollBar()->setRange(0, std::max(0, contentHeight - bodyHeight));
    verticalScrollBar()->setPageStep(bodyHeight);
    verticalScrollBar()->setSingleStep(m_rowHeight);
}

int SequenceCanvas::laneX(int lane) const
{
    if (lane < 0 || size_t(lane) >= m_column.size() || m_column[size_t(lane)] < 0)
        return -1;
    return m_gutterWidth + m_column[size_t(lane)] * m_laneWidth + m_laneWidth / 2 -
           horizontalScrollBar()->value();
}

QRect SequenceCanvas::rowRect(int row) const
{
    return {0, m_headerHeight + row * m_rowHeight - verticalScrollBar()->value(),
            viewport()->width(), m_rowHeight};
}

QLine SequenceCanvas::arrowLine(int row) const
{
    const SequenceRow& r = m_model->rows()[size_t(row)];
    const int y = rowRect(row).top() + fontMetrics().height() + 6;
    return {laneX(r.from), y, laneX(r.to), y};
}

int SequenceCanvas::rowAt(int y) const
{
    if (y < m_headerHeight)
        return -1;
    const int row = (y - m_headerHeight + verticalScrollBar()->value()) / m_rowHeight;
    return row < int(m_model->rows().size()) ? row : -1;
}

void SequenceCanvas::setHighlighted(std::optional<size_t> record)
{
    if (record == m_highlighted)
        return;
    m_highlighted = record;
    viewport()->update();
}

void SequenceCanvas::ensureRowVisible(int row)
{
    if (row < 0 || row >= int(m_model->rows().size()))
        return;
    const int bodyHeight = viewport()->height() - m_headerHeight;
    const QRect rect = rowRect(row);
    if (rect.top() < m_headerHeight || rect.bottom() > viewport()->height())
        verticalScrollBar()->setValue(row * m_rowHeight - (bodyHeight - m_rowHeight) / 2);
    // Bring the arrow's left end into view if it is not.
    const SequenceRow& r = m_model->rows()[size_t(row)];
    const int left = std::min(laneX(r.from), laneX(r.to));
    if (left < m_gutterWidth || left > viewport()->width() - m_laneWidth / 2)
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() + left - m_gutterWidth -
                                        m_laneWidth / 2);
}

void SequenceCanvas::scrollToEnd()
{
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

void SequenceCanvas::paintRow(QPainter& p, int index, bool marked) const
{
    const SequenceRow& row = m_model->rows()[size_t(index)];
    const QFontMetrics fm(font());
    const QLine line = arrowLine(index);
    const int top = rowRect(index).top(), lineY = line.y1(), x1 = line.x1(), x2 = line.x2();
    if (x1 < 0 || x2 < 0)
        return;
    const QColor color = colorOf(row.kind);
    QPen pen(color, marked ? 3 : 2); // whole pixels either side: crisp lines
    if (row.kind == MessageKind::Response)
        pen.setStyle(Qt::DashLine);
    p.setPen(pen);
    QColor labelBack = palette().color(QPalette::Base);
    labelBack.setAlpha(225);

    if (row.kind == MessageKind::Note) {
        const QString text = fm.elidedText(row.label, Qt::ElideRight, 3 * m_laneWidth);
        const QRect box(x1 - 6, top + 3, fm.horizontalAdvance(text) + 12, m_rowHeight - 6);
        p.setPen(QPen(palette().color(QPalette::Mid), marked ? 2 : 1));
        p.setBrush(palette().alternateBase());
        p.drawRoundedRect(box, 4, 4);
        p.setPen(palette().color(QPalette::Text));
        p.drawText(box, Qt::AlignCenter, text);
        p.setBrush(Qt::NoBrush);
        return;
    }

    int labelLeft;
    if (row.kind == MessageKind::Runtime) {
        // A call within the lane: out to the right and back.
        const int loop = m_laneWidth / 5;
        QPainterPath path;
        path.moveTo(x1, lineY - 7);
        path.lineTo(x1 + loop, lineY - 7);
        path.lineTo(x1 + loop, lineY);
        path.lineTo(x1 + kArrowHead, lineY);
        p.drawPath(path);
        p.setBrush(color);
        p.setPen(Qt::NoPen);
        p.drawPolygon(QPolygon({QPoint(x1, lineY), QPoint(x1 + kArrowHead, lineY - 4),
                                QPoint(x1 + kArrowHead, lineY + 4)}));
        p.setBrush(Qt::NoBrush);
        labelLeft = x1 + loop + kLabelGap;
    } else {
        const int dir = x2 > x1 ? 1 : -1;
        p.drawLine(x1, lineY, x2 - dir * kArrowHead, lineY);
        p.setBrush(color);
        p.setPen(Qt::NoPen);
        p.drawPolygon(QPolygon({QPoint(x2, lineY), QPoint(x2 - dir * kArrowHead, lineY - 4),
                                QPoint(x2 - dir * kArrowHead, lineY + 4)}));
        p.setBrush(Qt::NoBrush);
        labelLeft = std::min(x1, x2) + kLabelGap;
    }
    // One arrow per row, so a label may run past its arrow's end; it goes to the arrow's
    // left instead when it would leave the view.
    QFont labelFont = font();
    labelFont.setBold(marked);
    p.setFont(labelFont);
    const QFontMetrics lfm(labelFont);
    const int available = viewport()->width() - m_gutterWidth - 4;
    const QString text = lfm.elidedText(row.label, Qt::ElideMiddle, available);
    const int width = lfm.horizontalAdvance(text);
    if (labelLeft + width > viewport()->width() - 2)
        labelLeft = std::max(m_gutterWidth + 2, std::max(x1, x2) - kLabelGap - width);
    const QRect textRect(labelLeft, top + 2, width, fm.height());
    p.fillRect(textRect.adjusted(-3, 0, 3, 0), labelBack);
    p.setPen(row.kind == MessageKind::Response ? palette().color(QPalette::Text) : color);
    p.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter, text);
    p.setFont(font());
}

void SequenceCanvas::paintEvent(QPaintEvent*)
{
    QPainter p(viewport());
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    const int w = viewport()->width(), h = viewport()->height();
    p.fillRect(viewport()->rect(), pal.base());
    const auto& rows = m_model->rows();
    const auto& shown = m_model->shownLanes();
    const int scrollY = verticalScrollBar()->value();
    const int first = std::max(0, scrollY / m_rowHeight);
    const int last = std::min(int(rows.size()) - 1, (scrollY + h - m_headerHeight) / m_rowHeight);

    // The body: lifelines, then the rows in view.
    p.setClipRect(m_gutterWidth, m_headerHeight, w - m_gutterWidth, h - m_headerHeight);
    QColor lifeline = pal.color(QPalette::Text);
    lifeline.setAlpha(70);
    p.setPen(QPen(lifeline, 1, Qt::DashLine));
    for (int lane : shown) {
        const int x = laneX(lane);
        if (x >= m_gutterWidth && x <= w)
            p.drawLine(x, m_headerHeight, x, h);
    }
    QColor mark = pal.color(QPalette::Highlight);
    mark.setAlpha(60);
    for (int i = first; i <= last; ++i) {
        const SequenceRow& row = rows[size_t(i)];
        const QRect r = rowRect(i);
        const bool marked = m_highlighted && *m_highlighted == row.record;
        if (marked)
            p.fillRect(r, mark);
        paintRow(p, i, marked);
    }

    // The time gutter.
    p.setClipRect(0, m_headerHeight, m_gutterWidth, h - m_headerHeight);
    p.fillRect(0, m_headerHeight, m_gutterWidth, h - m_headerHeight, pal.window());
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    p.setFont(small);
    for (int i = first; i <= last; ++i) {
        const QRect r = rowRect(i);
        const SequenceRow& row = rows[size_t(i)];
        if (m_highlighted && *m_highlighted == row.record)
            p.fillRect(QRect(0, r.top(), m_gutterWidth, r.height()), mark);
        // Rows at the same instant as the one above are dimmed, so new instants stand out.
        const bool same = i > 0 && rows[size_t(i - 1)].time == row.time;
        p.setPen(pal.color(same ? QPalette::PlaceholderText : QPalette::WindowText));
        p.drawText(QRect(4, r.top(), m_gutterWidth - 10, r.height()),
                   Qt::AlignRight | Qt::AlignVCenter, timeText(row.time));
    }

    // Lane headers.
    p.setClipRect(0, 0, w, m_headerHeight);
    p.fillRect(0, 0, w, m_headerHeight, pal.window());
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics fm(font());
    for (int lane : shown) {
        const int x = laneX(lane);
        if (x + m_laneWidth / 2 < m_gutterWidth || x - m_laneWidth / 2 > w)
            continue;
        const SequenceLane& l = m_model->lanes()[size_t(lane)];
        const QRect cell(x - m_laneWidth / 2, 4, m_laneWidth, fm.height());
        p.setFont(bold);
        p.setPen(pal.color(QPalette::WindowText));
        p.drawText(cell, Qt::AlignCenter, l.title);
        p.setFont(font());
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(cell.translated(0, fm.height() + 2), Qt::AlignCenter, l.host);
    }
    p.fillRect(0, 0, m_gutterWidth, m_headerHeight, pal.window());
    p.setPen(pal.color(QPalette::PlaceholderText));
    p.drawText(QRect(4, 4, m_gutterWidth - 10, m_headerHeight - 8),
               Qt::AlignRight | Qt::AlignBottom, tr("time"));
    p.setPen(pal.color(QPalette::Mid));
    p.drawLine(0, m_headerHeight - 1, w, m_headerHeight - 1);
    p.drawLine(m_gutterWidth - 1, 0, m_gutterWidth - 1, h);
}

void SequenceCanvas::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void SequenceCanvas::mousePressEvent(QMouseEvent* event)
{
    const int row = rowAt(event->position().toPoint().y());
    if (row >= 0 && event->button() == Qt::LeftButton)
        Q_EMIT recordClicked(m_model->rows()[size_t(row)].record);
    QAbstractScrollArea::mousePressEvent(event);
}

bool SequenceCanvas::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        const int row = rowAt(help->pos().y());
        if (row < 0) {
            QToolTip::hideText();
            return true;
        }
        const SequenceRow& r = m_model->rows()[size_t(row)];
        const auto& lanes = m_model->lanes();
        QToolTip::showText(help->globalPos(),
                           tr("#%1 at %2\n%3 → %4\n%5")
                               .arg(r.record + 1) // the event number the log and timeline show
                               .arg(timeText(r.time))
                               .arg(QString::fromStdString(lanes[size_t(r.from)].actor),
                                    QString::fromStdString(lanes[size_t(r.to)].actor), r.summary),
                           viewport(), rowRect(row));
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void SequenceCanvas::changeEvent(QEvent* event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) {
        updateMetrics();
        updateScrollBars();
        viewport()->update();
    }
}

} // namespace kubelab::app
