#pragma once
// Where the cluster map puts its node boxes: a grid, filled row by row, each row as tall as
// its tallest box, with as many columns as make the grid's shape closest to the viewport's.
// A pure function so it is tested without a scene.
#include <QPointF>
#include <QSizeF>
#include <vector>

namespace kubelab::app {

struct GridLayout
{
    int columns = 1;
    std::vector<QPointF> positions; // top-left of each box, in input order
    QSizeF size;                    // the whole grid
};

// Boxes of one `width` and the given heights. `columns` > 0 keeps that many columns;
// 0 chooses the count whose grid aspect (width / height) is closest to `aspect`.
GridLayout layoutGrid(const std::vector<double>& heights, double width, double gap, double aspect,
                      int columns = 0);

} // namespace kubelab::app

namespace kubelab::app {

// Boxes of one size in groups (control plane, then each zone or worker group): each group
// starts a new row under a heading `headingHeight` tall. Pure, as layoutGrid.
struct GroupedLayout
{
    int columns = 1;
    std::vector<QPointF> positions; // top-left of each box, group after group
    std::vector<QPointF> headings;  // top-left of each group's heading
    QSizeF size;
};

GroupedLayout layoutGroups(const std::vector<int>& groupSizes, double width, double height,
                           double gap, double headingHeight, int columns);
// The column count whose grid's aspect (width / height) is closest to `aspect`.
int columnsForAspect(const std::vector<int>& groupSizes, double width, double height, double gap,
                     double headingHeight, double aspect);

} // namespace kubelab::app
