#pragma once
// What the cluster map's items share: their sizes in scene units, the palette they paint
// with and whether pod chips are drawn one by one or as each node's mosaic. ClusterView owns
// one MapLook; NodeBox and PodChip read it while painting. Text is drawn as QStaticText,
// laid out once rather than on every paint.
#include <QColor>
#include <QFont>
#include <QStaticText>
#include <QtGlobal>
#include <algorithm>

namespace kubelab::app {

namespace mapgeom {
inline constexpr qreal kChipWidth = 24;
inline constexpr qreal kChipHeight = 14;
inline constexpr qreal kChipGap = 3;
inline constexpr qreal kCellWidth = kChipWidth + kChipGap;
inline constexpr qreal kCellHeight = kChipHeight + kChipGap;
inline constexpr qreal kNodeWidth = 280;
inline constexpr qreal kPadding = 8;
inline constexpr qreal kHeaderHeight = 26;
inline constexpr qreal kComponentRowHeight = 17;
// The row of requested / allocatable CPU and memory bars.
inline constexpr qreal kResourceRowHeight = 18;
// Gap between nodes in the grid, and the height of a group's heading above its nodes.
inline constexpr qreal kGridGap = 14;
inline constexpr qreal kGroupHeadingHeight = 24;
// Font sizes in scene units: at 100% zoom, pixels.
inline constexpr int kNamePixels = 13;
inline constexpr int kSmallPixels = 12;
inline constexpr int kChipPixels = 9;
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
    QColor workerTile;       // a Ready worker: Ready's green, lighter than a Running chip
    QColor notReady;
    QColor requestFill; // the part of a resource bar that pods request
    QColor serviceFill; // a Service's box, in the row below the nodes
    QColor running;
    QColor stopped;
    QFont nameFont;
    QFont smallFont;
    QFont smallBoldFont;
    QFont chipFont;
    // Line heights of the fonts, to centre a line of text in a row.
    qreal nameLineHeight = 0;
    qreal smallLineHeight = 0;
    // No text is drawn smaller than this many device pixels (9 pt at the screen's DPI);
    // the map's own zoom never goes so far out that node names and status fall below it.
    qreal minTextPixels = 12;
    // Whether text of `pixels` scene units is legible at level of detail `lod`; if so, the
    // caller draws it and it is counted (tests read what was drawn at what size).
    bool legible(qreal lod, int pixels) const { return lod * pixels >= minTextPixels - 1e-6; }
    void noteText(qreal lod, int pixels) const
    {
        smallestTextDrawn = std::min(smallestTextDrawn, lod * pixels);
        ++textsDrawn;
    }
    mutable qreal smallestTextDrawn = 1e9;
    mutable int textsDrawn = 0;
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
