// ClusterView, the view: zoom, pan, fit, the grid layout, the legend bar, tooltips.
// Reading the cluster into items is in cluster_view_sync.cpp.
#include "app/map/cluster_view.h"

#include <QAction>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QResizeEvent>
#include <QToolButton>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "app/map/map_layout.h"
#include "app/map/map_legend.h"

namespace kubelab::app {

using namespace mapgeom;

namespace {

// Chips are drawn one by one from this many pixels high; below, as mosaics.
constexpr qreal kDetailChipPixels = 4;
constexpr qreal kMaxFitZoom = 1.5;
// Past 4x the map's text is drawn from outlines rather than cached glyphs: slow and no
// easier to read.
constexpr qreal kMaxZoom = 4;
constexpr qreal kSceneMargin = 16;

} // namespace

ClusterView::ClusterView(QWidget* parent) : QGraphicsView(parent)
{
    auto* s = new QGraphicsScene(this);
    // Pods are children of their node's box, so the scene's top level holds one item per
    // node: a linear walk over those culls as well as a BSP tree would, and moving or
    // hiding thousands of chips costs no index updates.
    s->setItemIndexMethod(QGraphicsScene::NoIndex);
    setScene(s);
    setAccessibleName(tr("Cluster map"));
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setOptimizationFlags(QGraphicsView::DontSavePainterState |
                         QGraphicsView::DontAdjustForAntialiasing);
    updateLook();

    m_unscheduled = new NodeBox(&m_look, NodeBox::Role::Unscheduled, QString());
    m_unscheduled->setVisible(false);
    s->addItem(m_unscheduled);

    m_fitAction = new QAction(tr("&Fit Cluster Map"), this);
    m_fitAction->setIconText(tr("Fit"));
    m_fitAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_0), QKeySequence(Qt::Key_F)});
    m_fitAction->setToolTip(tr("Show the whole cluster (Ctrl+0 or F)"));
    connect(m_fitAction, &QAction::triggered, this, &ClusterView::fitToCluster);
    m_zoomInAction = new QAction(tr("Zoom Map &In"), this);
    m_zoomInAction->setIconText(QStringLiteral("+"));
    m_zoomInAction->setShortcuts(
        {QKeySequence::ZoomIn, QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal)});
    m_zoomInAction->setToolTip(tr("Zoom in (+ or Ctrl+wheel)"));
    connect(m_zoomInAction, &QAction::triggered, this, [this] { zoomBy(1.25); });
    m_zoomOutAction = new QAction(tr("Zoom Map &Out"), this);
    m_zoomOutAction->setIconText(QStringLiteral("−"));
    m_zoomOutAction->setShortcuts({QKeySequence::ZoomOut, QKeySequence(Qt::Key_Minus)});
    m_zoomOutAction->setToolTip(tr("Zoom out (- or Ctrl+wheel)"));
    connect(m_zoomOutAction, &QAction::triggered, this, [this] { zoomBy(0.8); });

    // The legend and the zoom buttons sit in a bar below the viewport, not over it, so
    // panning scrolls the viewport's pixels instead of repainting it.
    m_bar = new QWidget(this);
    m_bar->setAutoFillBackground(true);
    auto* row = new QHBoxLayout(m_bar);
    row->setContentsMargins(2, 0, 2, 0);
    row->setSpacing(0);
    m_legend = new MapLegend(m_bar);
    row->addWidget(m_legend, 1);
    for (QAction* a : {m_zoomOutAction, m_zoomInAction, m_fitAction}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
        auto* button = new QToolButton(m_bar);
        button->setDefaultAction(a);
        button->setAutoRaise(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        row->addWidget(button, 0, Qt::AlignTop);
    }

    m_fadeTimer.setInterval(16);
    connect(&m_fadeTimer, &QTimer::timeout, this, &ClusterView::animate);
    m_clock.start();
}

ClusterView::~ClusterView() = default;

void ClusterView::updateLook()
{
    const QPalette pal = palette();
    m_look.text = pal.color(QPalette::WindowText);
    m_look.mutedText = pal.color(QPalette::PlaceholderText);
    m_look.base = pal.color(QPalette::Base);
    // `c` laid over the background at `alpha`.
    auto over = [b = m_look.base](const QColor& c, float alpha) {
        return QColor::fromRgbF(c.redF() * alpha + b.redF() * (1 - alpha),
                                c.greenF() * alpha + b.greenF() * (1 - alpha),
                                c.blueF() * alpha + b.blueF() * (1 - alpha));
    };
    const QColor blue(0x3b, 0x6e, 0xa8), green(0x4c, 0x9a, 0x5c);
    m_look.border = over(m_look.text, 0.45f);
    m_look.notReady = QColor(0xd6, 0x30, 0x31);
    m_look.controlPlaneFill = over(blue, 0.22f);
    m_look.workerFill = over(green, 0.16f);
    m_look.notReadyFill = over(m_look.notReady, 0.24f);
    m_look.controlPlaneTile = over(blue, 0.55f);
    m_look.workerTile = over(m_look.text, 0.2f);
    m_look.running = QColor(0x27, 0xae, 0x60);
    m_look.stopped = m_look.notReady;
    m_look.nameFont = font();
    m_look.nameFont.setPixelSize(12);
    m_look.nameFont.setBold(true);
    m_look.smallFont = font();
    m_look.smallFont.setPixelSize(10);
    m_look.smallBoldFont = m_look.smallFont;
    m_look.smallBoldFont.setBold(true);
    m_look.nameLineHeight = QFontMetricsF(m_look.nameFont).height();
    m_look.smallLineHeight = QFontMetricsF(m_look.smallFont).height();
}

void ClusterView::relayout(bool rechoose)
{
    std::vector<double> heights;
    heights.reserve(m_order.size());
    for (const NodeBox* box : m_order)
        heights.push_back(box->height());
    const QSize vp = viewport()->size();
    const double aspect =
        vp.width() > 0 && vp.height() > 0 ? double(vp.width()) / vp.height() : 1.6;
    const GridLayout grid =
        layoutGrid(heights, kNodeWidth, kGridGap, aspect, rechoose ? 0 : m_columns);
    m_columns = grid.columns;
    for (std::size_t i = 0; i < m_order.size(); ++i)
        m_order[i]->setPos(grid.positions[i]);
    QRectF bounds(QPointF(0, 0), grid.size);
    const bool pending = !m_unscheduled->chips().empty();
    m_unscheduled->setVisible(pending);
    if (pending) {
        m_unscheduled->setWidth(std::max<qreal>(kNodeWidth, grid.size.width()));
        m_unscheduled->setPos(0, m_order.empty() ? 0 : grid.size.height() + kGridGap * 2);
        bounds |= m_unscheduled->sceneBoundingRect();
    }
    scene()->setSceneRect(
        bounds.adjusted(-kSceneMargin, -kSceneMargin, kSceneMargin, kSceneMargin));
    if (m_autoFit && m_shown)
        fitToCluster();
}

qreal ClusterView::fitScale() const
{
    const QRectF r = sceneRect();
    const QSize vp = viewport()->size();
    if (r.isEmpty() || vp.isEmpty())
        return 1;
    return std::min(vp.width() / r.width(), vp.height() / r.height());
}

void ClusterView::fitToCluster()
{
    m_autoFit = true;
    const qreal s = std::min(fitScale(), kMaxFitZoom);
    setTransform(QTransform::fromScale(s, s));
    centerOn(sceneRect().center());
    updateDetail();
}

void ClusterView::zoomBy(qreal factor)
{
    const qreal current = zoom();
    const qreal target = std::clamp(current * factor, std::min(fitScale() * 0.5, 0.5), kMaxZoom);
    if (qFuzzyCompare(target, current))
        return;
    m_autoFit = false;
    scale(target / current, target / current);
    updateDetail();
}

void ClusterView::updateDetail()
{
    const bool detailed = zoom() * kChipHeight >= kDetailChipPixels;
    if (detailed == m_look.detailed)
        return;
    if (!detailed)
        finishFades();
    m_look.detailed = detailed;
    for (NodeBox* box : m_order)
        box->setChipsShown(detailed);
    m_unscheduled->setChipsShown(detailed);
    viewport()->update();
}

void ClusterView::placeLegend()
{
    const QRect cr = contentsRect();
    const int h = m_bar->heightForWidth(cr.width());
    if (viewportMargins().bottom() != h)
        setViewportMargins(0, 0, 0, h);
    m_bar->setGeometry(cr.left(), cr.bottom() + 1 - h, cr.width(), h);
}

void ClusterView::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    placeLegend();
    if (m_autoFit && m_shown)
        relayout(true);
}

void ClusterView::showEvent(QShowEvent* event)
{
    QGraphicsView::showEvent(event);
    placeLegend();
    if (!m_shown) {
        m_shown = true;
        relayout(true);
        fitToCluster();
    }
}

void ClusterView::wheelEvent(QWheelEvent* event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        zoomBy(std::pow(1.0015, event->angleDelta().y()));
        event->accept();
        return;
    }
    m_autoFit = false;
    QGraphicsView::wheelEvent(event);
}

void ClusterView::mouseMoveEvent(QMouseEvent* event)
{
    if (event->buttons() & Qt::LeftButton)
        m_autoFit = false;
    QGraphicsView::mouseMoveEvent(event);
}

bool ClusterView::viewportEvent(QEvent* event)
{
    if (event->type() != QEvent::ToolTip)
        return QGraphicsView::viewportEvent(event);
    // Tooltips are written when asked for, not stored on thousands of items.
    auto* help = static_cast<QHelpEvent*>(event);
    QString text;
    for (QGraphicsItem* item : items(help->pos())) {
        if (item->type() == PodChip::Type)
            text = static_cast<PodChip*>(item)->toolTipText();
        else if (item->type() == NodeBox::Type)
            text = static_cast<NodeBox*>(item)->toolTipText();
        if (!text.isEmpty())
            break;
    }
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(help->globalPos(), text, viewport());
    return true;
}

void ClusterView::changeEvent(QEvent* event)
{
    QGraphicsView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        updateLook();
        for (NodeBox* box : m_order)
            box->lookChanged();
        if (m_unscheduled)
            m_unscheduled->lookChanged();
        viewport()->update();
    }
}

} // namespace kubelab::app
