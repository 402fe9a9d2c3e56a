#pragma once
// Column alignment as Go's text/tabwriter does it, so tables and describe output line up
// byte for byte with kubectl's. Cells are separated by '\t'; the text after a line's last
// tab is not part of a column and is never padded.
#include <string>
#include <string_view>

namespace kubelab::kubectl {

class TabWriter
{
public:
    // kubectl get uses (minWidth 6, padding 3), printers.GetNewTabWriter; describe (0, 2).
    TabWriter(int minWidth, int padding) : m_minWidth(minWidth), m_padding(padding) {}

    // Aligns `text` (lines ending in '\n'); returns the padded text.
    std::string format(std::string_view text) const;

private:
    int m_minWidth;
    int m_padding;
};

// Display width of a UTF-8 string in runes, as tabwriter counts it.
int displayWidth(std::string_view s);

} // namespace kubelab::kubectl
