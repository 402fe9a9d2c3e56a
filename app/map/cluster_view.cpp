// ClusterView, the view: zoom, pan, fit, the grid layout, the legend bar, tooltips.
// Reading the cluster into items is in cluster_view_sync.cpp.
#include "app/map/cluster_view.h"

#include <QAction>
#include <QFontMetricsF>
#include <QGraphicsItem>
#include <QHBoxLayout>
#include <QVBoxLayout>
#include <QHelpEvent>
#include <QMenu>
#include <QPainter>
#include <QResizeEvent>
#include <QScrollBar>
#include <QStyleOptionGraphicsItem>
#include <QToolButton>
#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <map>

#include "app/map/map_layout.h"
#include "app/map/map_legend.h"
#include "app/map/pod_phase.h"

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

// A group's heading above its nodes: "Control plane", "zone-a · 20 nodes". Drawn only
// where it can be read.
class GroupHeading : public QGraphicsItem
{
public:
    GroupHeading(const MapLook* look, const QString& text) : m_look(look), m_text(text) {}
    QRectF boundingRect() const override { return {0, 0, m_width, kGroupHeadingHeight}; }
    void setWidth(qreal w)
    {
        prepareGeometryChange();
        m_width = w;
    }
    const QString& text() const { return m_text; }
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) override
    {
        const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
        if (!m_look->legible(lod, kSmallPixels))
            return;
        m_look->noteText(lod, kSmallPixels);
        painter->setFont(m_look->smallBoldFont);
        painter->setPen(m_look->mutedText);
        painter->drawText(boundingRect().adjusted(2, 0, 0, -4), Qt::AlignLeft | Qt::AlignBottom,
                          m_text);
    }

private:
    const MapLook* m_look;
    QString m_text;
    qreal m_width = kNodeWidth;
};

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
    // A cluster too large to show at a legible size scrolls.
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
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
    m_barColumn = new QVBoxLayout(m_bar);
    m_barColumn->setContentsMargins(0, 0, 0, 0);
    m_barColumn->setSpacing(0);
    auto* row = new QHBoxLayout;
    m_barColumn->addLayout(row);
    row->setContentsMargins(2, 0, 2, 0);
    row->setSpacing(0);
    m_legend = new MapLegend(m_bar);
    row->addWidget(m_legend, 1);
    m_problemsButton = new QToolButton(m_bar);
    m_problemsButton->setAutoRaise(true);
    m_problemsButton->setPopupMode(QToolButton::InstantPopup);
    m_problemsButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_problemsButton->setAccessibleName(tr("Problems"));
    m_problemsButton->setToolTip(tr("NotReady nodes, stopped components, Pending and failing "
                                    "pods: pick one to show it"));
    m_problemsMenu = new QMenu(m_problemsButton);
    m_problemsButton->setMenu(m_problemsMenu);
    connect(m_problemsMenu, &QMenu::aboutToShow, this, &ClusterView::fillProblemsMenu);
    row->addWidget(m_problemsButton, 0, Qt::AlignTop);
    updateProblems();
    for (QAction* a : {m_zoomOutAction, m_zoomInAction, m_fitAction}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
        auto* button = new QToolButton(m_bar);
        button->setDefaultAction(a);
        button->setAutoRaise(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        row->addWidget(button, 0, Qt::AlignTop);
    }

    // The scroll bar comes and goes with the layout, not with a resize of the view.
    connect(verticalScrollBar(), &QScrollBar::rangeChanged, this,
            [this] { QTimer::singleShot(0, this, &ClusterView::placeLegend); });

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
    // The pod palette's green and red (pod_phase.h) mark Ready and NotReady too.
    const QColor blue(0x3b, 0x6e, 0xa8), green = phaseColor(PodPhase::Running);
    m_look.border = over(m_look.text, 0.45f);
    m_look.notReady = notReadyColor();
    m_look.controlPlaneFill = over(blue, 0.22f);
    m_look.workerFill = over(green, 0.14f);
    m_look.notReadyFill = over(m_look.notReady, 0.24f);
    m_look.controlPlaneTile = over(blue, 0.55f);
    m_look.workerTile = over(green, 0.35f);
    m_look.requestFill = over(blue, 0.35f);
    m_look.serviceFill = over(QColor(0x7b, 0x4f, 0xa8), 0.16f);
    m_look.running = green;
    m_look.stopped = m_look.notReady;
    m_look.nameFont = font();
    m_look.nameFont.setPixelSize(kNamePixels);
    m_look.nameFont.setBold(true);
    m_look.smallFont = font();
    m_look.smallFont.setPixelSize(kSmallPixels);
    m_look.smallBoldFont = m_look.smallFont;
    m_look.smallBoldFont.setBold(true);
    m_look.chipFont = font();
    m_look.chipFont.setPixelSize(kChipPixels);
    m_look.minTextPixels = 9.0 * logicalDpiY() / 72.0;
    m_look.nameLineHeight = QFontMetricsF(m_look.nameFont).height();
    m_look.smallLineHeight = QFontMetricsF(m_look.smallFont).height();
}

void ClusterView::relayout(bool rechoose)
{
    // The biggest group of workers first (the cluster's main fleet), small special ones
    // (a few gpu nodes) after it; the control plane always leads.
    std::map<QString, int> groupSize;
    for (const NodeBox* box : m_order)
        ++groupSize[box->group()];
    std::stable_sort(m_order.begin(), m_order.end(), [&](const NodeBox* a, const NodeBox* b) {
        if (a->role() != b->role())
            return a->role() == NodeBox::Role::ControlPlane;
        const int sa = groupSize[a->group()], sb = groupSize[b->group()];
        return sa != sb ? sa > sb : a->group() < b->group();
    });
    // Groups in layout order (m_order is sorted by role, group, then name); every box as
    // tall as the tallest.
    std::vector<int> sizes;
    std::vector<QString> names;
    qreal height = 0;
    for (std::size_t i = 0; i < m_order.size(); ++i) {
        const NodeBox* box = m_order[i];
        const bool first = i == 0 || box->role() != m_order[i - 1]->role() ||
                           box->group() != m_order[i - 1]->group();
        if (first) {
            sizes.push_back(0);
            names.push_back(box->role() == NodeBox::Role::ControlPlane ? tr("Control plane")
                            : box->group().isEmpty()                   ? tr("Workers")
                                                                       : box->group());
        }
        ++sizes.back();
        height = std::max(height, box->height());
    }
    const QSize vp = viewport()->size();
    const double aspect =
        vp.width() > 0 && vp.height() > 0 ? double(vp.width()) / vp.height() : 1.6;
    int columns = rechoose || m_columns <= 0 ? columnsForAspect(sizes, kNodeWidth, height, kGridGap,
                                                                kGroupHeadingHeight, aspect)
                                             : m_columns;
    GroupedLayout grid =
        layoutGroups(sizes, kNodeWidth, height, kGridGap, kGroupHeadingHeight, columns);
    if (m_autoFit && rechoose && !vp.isEmpty() && !grid.positions.empty()) {
        // Too large to show legibly: as many columns as fit across at the legible zoom
        // (leaving room for the scroll bar it will need), and scroll down.
        const qreal floor = legibleZoom();
        const QSizeF total = grid.size + QSizeF(2 * kSceneMargin, 2 * kSceneMargin);
        if (std::min(vp.width() / total.width(), vp.height() / total.height()) < floor) {
            const qreal across =
                (vp.width() - (verticalScrollBar()->isVisible()
                                   ? 0
                                   : style()->pixelMetric(QStyle::PM_ScrollBarExtent))) /
                    floor -
                2 * kSceneMargin;
            columns = std::max(1, int((across + kGridGap) / (kNodeWidth + kGridGap)));
            grid = layoutGroups(sizes, kNodeWidth, height, kGridGap, kGroupHeadingHeight, columns);
        }
    }
    m_columns = grid.columns;
    for (std::size_t i = 0; i < m_order.size(); ++i) {
        m_order[i]->setCellHeight(height);
        m_order[i]->setPos(grid.positions[i]);
    }
    for (QGraphicsItem* h : m_headings)
        delete h;
    m_headings.clear();
    for (std::size_t g = 0; g < names.size(); ++g) {
        auto* h = new GroupHeading(
            &m_look, sizes[g] == 1 ? names[g] : tr("%1 · %2 nodes").arg(names[g]).arg(sizes[g]));
        h->setWidth(grid.size.width());
        h->setPos(grid.headings[g]);
        scene()->addItem(h);
        m_headings.push_back(h);
    }
    QRectF bounds(QPointF(0, 0), grid.size);
    const bool pending = !m_unscheduled->chips().empty();
    m_unscheduled->setVisible(pending);
    if (pending) {
        m_unscheduled->setWidth(std::max<qreal>(kNodeWidth, grid.size.width()));
        m_unscheduled->setPos(0, m_order.empty() ? 0 : grid.size.height() + kGridGap * 2);
        bounds |= m_unscheduled->sceneBoundingRect();
    }
    if (!m_serviceOrder.empty()) {
        // The Services, below the nodes in the same columns: what traffic is sent to.
        const std::vector<int> one{int(m_serviceOrder.size())};
        const GroupedLayout rows = layoutGroups(one, kNodeWidth, ServiceBox::height(), kGridGap,
                                                kGroupHeadingHeight, std::max(1, grid.columns));
        const QPointF origin(0, bounds.bottom() + kGridGap);
        auto* h = new GroupHeading(&m_look, m_serviceOrder.size() == 1
                                                ? tr("Services · 1 Service")
                                                : tr("Services · %1 Services")
                                                      .arg(m_serviceOrder.size()));
        h->setWidth(rows.size.width());
        h->setPos(origin + rows.headings.front());
        scene()->addItem(h);
        m_headings.push_back(h);
        for (std::size_t i = 0; i < m_serviceOrder.size(); ++i)
            m_serviceOrder[i]->setPos(origin + rows.positions[i]);
        bounds |= QRectF(origin, rows.size);
    }
    scene()->setSceneRect(
        bounds.adjusted(-kSceneMargin, -kSceneMargin, kSceneMargin, kSceneMargin));
    if (m_autoFit && m_shown)
        fitToCluster();
}

qreal ClusterView::legibleZoom() const
{
    return m_look.minTextPixels / std::min({kNamePixels, kSmallPixels});
}

void ClusterView::resetTextStats() const
{
    m_look.smallestTextDrawn = 1e9;
    m_look.textsDrawn = 0;
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
    const qreal fit = std::min(fitScale(), kMaxFitZoom);
    const qreal s = std::max(fit, legibleZoom());
    setTransform(QTransform::fromScale(s, s));
    const QRectF r = sceneRect();
    if (s > fit) // it scrolls: start at the top (the control plane)
        centerOn(QPointF(r.center().x(), r.top() + viewport()->height() / (2 * s)));
    else
        centerOn(r.center());
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

void ClusterView::addNotice(QWidget* notice)
{
    notice->setParent(m_bar);
    m_barColumn->insertWidget(0, notice);
}

void ClusterView::noticeChanged()
{
    QTimer::singleShot(0, this, &ClusterView::placeLegend);
}

void ClusterView::placeLegend()
{
    const QRect cr = contentsRect();
    m_bar->layout()->activate();
    const int h = m_bar->heightForWidth(cr.width());
    if (viewportMargins().bottom() != h)
        setViewportMargins(0, 0, 0, h);
    // The vertical scroll bar runs down beside the bar too: keep the buttons clear of it.
    const int bar = verticalScrollBar()->isVisible() ? verticalScrollBar()->width() : 0;
    m_bar->setGeometry(cr.left(), cr.bottom() + 1 - h, cr.width() - bar, h);
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
        else if (item->type() == ServiceBox::Type)
            text = static_cast<ServiceBox*>(item)->toolTipText();
        if (!text.isEmpty())
            break;
    }
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(help->globalPos(), text, viewport());
    return true;
}

std::vector<ClusterView::Problem> ClusterView::problems() const
{
    std::vector<Problem> out;
    for (const NodeBox* box : m_order) {
        if (!box->ready())
            out.push_back({tr("NotReady node %1").arg(box->name()),
                           QStringLiteral("nodes"),
                           {},
                           box->name()});
        for (const NodeBox::Component& c : box->components())
            if (c.state == ComponentState::Stopped)
                out.push_back({tr("%1 stopped on %2").arg(c.label, box->name()),
                               QStringLiteral("nodes"),
                               {},
                               box->name()});
    }
    auto podProblems = [&](const NodeBox* box) {
        for (const PodChip* chip : box->chips()) {
            if (chip->fade() == PodChip::Fade::Out)
                continue;
            QString text;
            if (chip->phase() == PodPhase::Failed)
                text = tr("%1 pod %2/%3").arg(chip->status(), chip->ns(), chip->name());
            else if (chip->phase() == PodPhase::Pending && chip->nodeName().empty())
                text = tr("Pending pod %1/%2%3")
                           .arg(chip->ns(), chip->name(),
                                chip->reason().isEmpty() ? QString() : ": " + chip->reason());
            if (!text.isEmpty())
                out.push_back({text, QStringLiteral("pods"), chip->ns(), chip->name()});
        }
    };
    for (const NodeBox* box : m_order)
        podProblems(box);
    podProblems(m_unscheduled);
    return out;
}

void ClusterView::updateProblems()
{
    // Counted without building the texts: this runs on every update.
    int n = 0;
    for (const NodeBox* box : m_order) {
        n += box->ready() ? 0 : 1;
        for (const NodeBox::Component& c : box->components())
            n += c.state == ComponentState::Stopped ? 1 : 0;
        for (const PodChip* chip : box->chips())
            n += chip->phase() == PodPhase::Failed && chip->fade() != PodChip::Fade::Out;
    }
    for (const PodChip* chip : m_unscheduled->chips())
        n += chip->fade() != PodChip::Fade::Out &&
             (chip->phase() == PodPhase::Failed || chip->phase() == PodPhase::Pending);
    // Shown only while there is something to look at.
    m_problemsButton->setText(n == 1 ? tr("⚠ 1 problem") : tr("⚠ %1 problems").arg(n));
    if (m_problemsButton->isHidden() == (n > 0)) {
        m_problemsButton->setVisible(n > 0);
        // The legend wraps differently beside the button: measure once the bar's layout
        // has taken the change.
        QTimer::singleShot(0, this, &ClusterView::placeLegend);
    }
}

void ClusterView::fillProblemsMenu()
{
    m_problemsMenu->clear();
    for (const Problem& p : problems()) {
        QString text = p.text;
        if (text.size() > 110)
            text = text.left(107) + QStringLiteral("...");
        m_problemsMenu->addAction(text, this, [this, p] { jumpTo(p); });
    }
}

void ClusterView::jumpTo(const Problem& problem)
{
    QGraphicsItem* item = problem.resource == QLatin1String("nodes")
                              ? static_cast<QGraphicsItem*>(nodeBox(problem.name))
                              : podChip(problem.ns, problem.name);
    if (item) {
        m_autoFit = false;
        if (zoom() < legibleZoom())
            setTransform(QTransform::fromScale(legibleZoom(), legibleZoom()));
        centerOn(item);
        updateDetail();
    }
    Q_EMIT problemChosen(problem.resource, problem.ns, problem.name);
}

void ClusterView::bringIntoView(const QRectF& area)
{
    m_autoFit = false;
    const QRectF shown = mapToScene(viewport()->rect()).boundingRect();
    if (area.width() <= shown.width() && area.height() <= shown.height())
        ensureVisible(area, 0, 0);
    else
        centerOn(area.center());
    updateDetail();
}

void ClusterView::changeEvent(QEvent* event)
{
    QGraphicsView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        updateLook();
        m_legend->update();
        for (NodeBox* box : m_order)
            box->lookChanged();
        if (m_unscheduled)
            m_unscheduled->lookChanged();
        for (ServiceBox* box : m_serviceOrder)
            box->update();
        viewport()->update();
    }
}

} // namespace kubelab::app
