#include "app/map/map_layout.h"

#include <algorithm>
#include <cmath>

namespace kubelab::app {

GroupedLayout layoutGroups(const std::vector<int>& groupSizes, double width, double height,
                           double gap, double headingHeight, int columns)
{
    GroupedLayout g;
    int widest = 0;
    for (int n : groupSizes)
        widest = std::max(widest, n);
    g.columns = std::max(1, std::min(columns, widest));
    double y = 0;
    for (int n : groupSizes) {
        if (n <= 0)
            continue;
        g.headings.emplace_back(0, y);
        y += headingHeight;
        for (int i = 0; i < n; ++i)
            g.positions.emplace_back((i % g.columns) * (width + gap),
                                     y + (i / g.columns) * (height + gap));
        y += ((n + g.columns - 1) / g.columns) * (height + gap);
    }
    g.size = QSizeF(g.columns * width + (g.columns - 1) * gap, std::max(0.0, y - gap));
    return g;
}

int columnsForAspect(const std::vector<int>& groupSizes, double width, double height, double gap,
                     double headingHeight, double aspect)
{
    int widest = 1;
    for (int n : groupSizes)
        widest = std::max(widest, n);
    int best = 1;
    double bestScore = 1e300;
    for (int c = 1; c <= widest; ++c) {
        // The size layoutGroups() would give, without placing every box.
        double h = -gap;
        for (int n : groupSizes)
            if (n > 0)
                h += headingHeight + ((n + c - 1) / c) * (height + gap);
        if (h <= 0)
            continue;
        const double w = c * width + (c - 1) * gap;
        const double score = std::abs(std::log(w / h / aspect));
        if (score < bestScore - 1e-9) {
            bestScore = score;
            best = c;
        }
    }
    return best;
}

} // namespace kubelab::app
