#include "app/map/map_layout.h"

#include <algorithm>
#include <cmath>

namespace kubelab::app {

namespace {
// Height of the grid with `columns` columns.
double gridHeight(const std::vector<double>& heights, int columns, double gap)
{
    double total = 0;
    for (std::size_t row = 0; row * std::size_t(columns) < heights.size(); ++row) {
        const auto first = heights.begin() + std::ptrdiff_t(row * std::size_t(columns));
        const auto last =
            heights.begin() +
            std::ptrdiff_t(std::min(heights.size(), (row + 1) * std::size_t(columns)));
        total += *std::max_element(first, last) + (row ? gap : 0);
    }
    return total;
}
} // namespace

GridLayout layoutGrid(const std::vector<double>& heights, double width, double gap, double aspect,
                      int columns)
{
    GridLayout g;
    const int n = int(heights.size());
    if (n == 0)
        return g;
    if (columns <= 0) {
        // Try column counts around the estimate for equal boxes; each try is O(n).
        double mean = 0;
        for (double h : heights)
            mean += h;
        mean /= n;
        const double estimate = std::sqrt(n * aspect * (mean + gap) / (width + gap));
        const int lo = std::max(1, int(estimate / 2));
        const int hi = std::min(n, int(estimate * 2) + 1);
        double best = 1e300;
        for (int c = lo; c <= hi; ++c) {
            const double w = c * width + (c - 1) * gap;
            const double score = std::abs(std::log(w / gridHeight(heights, c, gap) / aspect));
            if (score < best - 1e-9) {
                best = score;
                columns = c;
            }
        }
    }
    g.columns = std::min(columns, n);
    g.positions.reserve(heights.size());
    double y = 0;
    for (int rowStart = 0; rowStart < n; rowStart += g.columns) {
        const int rowEnd = std::min(n, rowStart + g.columns);
        double rowHeight = 0;
        for (int i = rowStart; i < rowEnd; ++i) {
            g.positions.emplace_back((i - rowStart) * (width + gap), y);
            rowHeight = std::max(rowHeight, heights[std::size_t(i)]);
        }
        y += rowHeight + gap;
    }
    g.size = QSizeF(g.columns * width + (g.columns - 1) * gap, y - gap);
    return g;
}

} // namespace kubelab::app

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
