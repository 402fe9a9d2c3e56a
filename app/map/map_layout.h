#pragma once
// Where the cluster map puts its node boxes: groups of boxes of one size, each group under
// a heading, filled row by row, with as many columns as make the grid's shape closest to
// the viewport's (or as fit across, when the map scrolls). Pure functions, tested without
// a scene.
#include <QPointF>
#include <QSizeF>
#include <vector>

namespace kubelab::app {

// Boxes of one size in groups (control plane, then each zone or worker group): each group
// starts a new row under a heading `headingHeight` tall.
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
