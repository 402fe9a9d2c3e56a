#include "engine/kubectl/tabwriter.h"

#include <vector>

namespace kubelab::kubectl {

namespace {

using Line = std::vector<std::string>; // cells; the last one is the unterminated tail

// Recursive column-block layout of Go's tabwriter.(*Writer).format: a column's width is
// fixed per block of consecutive lines that have a tab-terminated cell in that column.
class Layout
{
public:
    Layout(const std::vector<Line>& lines, int minWidth, int padding)
        : m_lines(lines), m_minWidth(minWidth), m_padding(padding)
    {}

    std::string run()
    {
        format(0, int(m_lines.size()));
        return m_out;
    }

private:
    void format(int line0, int line1)
    {
        const size_t column = m_widths.size();
        for (int current = line0; current < line1; ++current) {
            if (column + 1 >= m_lines[current].size())
                continue;
            writeLines(line0, current);
            line0 = current;
            int width = m_minWidth;
            for (; current < line1; ++current) {
                const Line& line = m_lines[current];
                if (column + 1 >= line.size())
                    break;
                width = std::max(width, displayWidth(line[column]) + m_padding);
            }
            m_widths.push_back(width);
            format(line0, current);
            m_widths.pop_back();
            line0 = current;
            --current; // the loop's ++ revisits the line that ended the block
        }
        writeLines(line0, line1);
    }

    void writeLines(int line0, int line1)
    {
        for (int i = line0; i < line1; ++i) {
            const Line& line = m_lines[i];
            for (size_t j = 0; j < line.size(); ++j) {
                m_out += line[j];
                if (j < m_widths.size() && j + 1 < line.size()) {
                    const int pad = m_widths[j] - displayWidth(line[j]);
                    if (pad > 0)
                        m_out.append(size_t(pad), ' ');
                }
            }
            m_out += '\n';
        }
    }

    const std::vector<Line>& m_lines;
    int m_minWidth;
    int m_padding;
    std::vector<int> m_widths;
    std::string m_out;
};

} // namespace

int displayWidth(std::string_view s)
{
    int n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80)
            ++n;
    return n;
}

std::string TabWriter::format(std::string_view text) const
{
    std::vector<Line> lines;
    bool trailingNewline = !text.empty() && text.back() == '\n';
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view row = text.substr(start, end - start);
        Line line;
        size_t cellStart = 0;
        while (true) {
            size_t tab = row.find('\t', cellStart);
            if (tab == std::string_view::npos) {
                line.emplace_back(row.substr(cellStart));
                break;
            }
            line.emplace_back(row.substr(cellStart, tab - cellStart));
            cellStart = tab + 1;
        }
        lines.push_back(std::move(line));
        start = end + 1;
    }
    std::string out = Layout(lines, m_minWidth, m_padding).run();
    if (!trailingNewline && !out.empty())
        out.pop_back();
    return out;
}

} // namespace kubelab::kubectl
