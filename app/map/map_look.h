#pragma once
// What the cluster map's items share: their sizes in scene units, the palette they paint
// with and whether pod chips are drawn one by one or as each node's mosaic. ClusterView owns
// one MapLook; NodeBox and PodChip read it while painting. Text is drawn as QStaticText,
// laid out once rather than on every paint.
#include <QColor>
#include <QFont>
#include <QStaticText>
#include <QtGlobal>

namespace kubelab::app {

namespace mapgeom {
inline constexpr qreal kChipWidth = 18;
inline constexpr qreal kChipHeight = 12;
inline constexpr qreal kChipGap = 3;
inline constexpr qreal kCellWidth = kChipWidth + kChipGap;
inline constexpr qreal kCellHeight = kChipHeight + kChipGap;
inline constexpr qreal kNodeWidth = 256;
inline constexpr qreal kPadding = 8;
inline constexpr qreal kHeaderHeight = 24;
inline constexpr qreal kComponentRowHeight = 15;
// Gap between nodes in the grid.
inline constexpr qreal kGridGap = 14;
} // namespace mapgeom

struct MapLook
{
    QColor text;
    QColor mutedText;
    QColor base;
    QColor border;
    // Fills are opaque (blended with the background once): filling a thousand boxes with
    // a translucent brush cost most of a frame.
    QColor controlPlaneFill;
    QColor workerFill;
    QColor notReadyFill;
    QColor controlPlaneTile; // far out, where a node is a plain tile
    QColor workerTile;
    QColor notReady;
    QColor running;
    QColor stopped;
    QFont nameFont;
    QFont smallFont;
    QFont smallBoldFont;
    // Line heights of the fonts, to centre a line of text in a row.
    qreal nameLineHeight = 0;
    qreal smallLineHeight = 0;
    // Chips paint themselves when true; otherwise each box paints its pods as a mosaic and
    // the chips are hidden (far out, thousands of 2-pixel chips cost more than one image).
    bool detailed = true;
};

// Plain text laid out once for drawing with QPainter::drawStaticText.
inline QStaticText staticText(const QString& text)
{
    QStaticText t(text);
    t.setTextFormat(Qt::PlainText);
    t.setPerformanceHint(QStaticText::AggressiveCaching);
    return t;
}

} // namespace kubelab::app
