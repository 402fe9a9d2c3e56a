// A longest-common-subsequence line diff, printed as GNU diff's unified format. The common
// head and tail are trimmed first, so the table covers only the changed middle.
#include "engine/kubectl/unified_diff.h"

#include <vector>

namespace kubelab::kubectl {

namespace {

constexpr size_t kContext = 3;

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> out;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

struct Edit
{
    char op;     // ' ', '-', '+'
    size_t a, b; // line index in each text (the one the op reads)
};

std::vector<Edit> editScript(const std::vector<std::string>& a, const std::vector<std::string>& b)
{
    size_t head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head])
        ++head;
    size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head &&
           a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
        ++tail;
    const size_t n = a.size() - head - tail, m = b.size() - head - tail;
    // lcs[i][j]: LCS length of a[head+i..] and b[head+j..] within the middle.
    std::vector<std::vector<unsigned>> lcs(n + 1, std::vector<unsigned>(m + 1, 0));
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            lcs[i][j] = a[head + i] == b[head + j] ? lcs[i + 1][j + 1] + 1
                                                   : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::vector<Edit> script;
    for (size_t k = 0; k < head; ++k)
        script.push_back({' ', k, k});
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[head + i] == b[head + j]) {
            script.push_back({' ', head + i, head + j});
            ++i, ++j;
        } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
            script.push_back({'-', head + i, head + j});
            ++i;
        } else {
            script.push_back({'+', head + i, head + j});
            ++j;
        }
    }
    for (size_t k = 0; k < tail; ++k)
        script.push_back({' ', head + n + k, head + m + k});
    return script;
}

// diff's range: "start,count", "start" when count is 1, "start-1,0" when empty.
std::string range(size_t first, size_t count)
{
    if (count == 0)
        return std::to_string(first) + ",0";
    if (count == 1)
        return std::to_string(first + 1);
    return std::to_string(first + 1) + "," + std::to_string(count);
}

} // namespace

std::string unifiedDiff(const std::string& from, const std::string& to)
{
    const std::vector<std::string> a = lines(from), b = lines(to);
    const std::vector<Edit> script = editScript(a, b);
    std::string out;
    size_t k = 0;
    while (k < script.size()) {
        while (k < script.size() && script[k].op == ' ')
            ++k;
        if (k == script.size())
            break;
        // A hunk: from kContext lines before this change to kContext after the last change
        // that is no more than 2*kContext unchanged lines from the next.
        const size_t begin = k >= kContext ? k - kContext : 0;
        size_t end = k;
        while (true) {
            while (end < script.size() && script[end].op != ' ')
                ++end;
            size_t same = end;
            while (same < script.size() && script[same].op == ' ')
                ++same;
            if (same < script.size() && same - end <= 2 * kContext)
                end = same;
            else {
                end = std::min(script.size(), end + kContext);
                break;
            }
        }
        size_t countA = 0, countB = 0;
        for (size_t e = begin; e < end; ++e) {
            countA += script[e].op != '+';
            countB += script[e].op != '-';
        }
        out += "@@ -" + range(script[begin].a, countA) + " +" + range(script[begin].b, countB) +
               " @@\n";
        for (size_t e = begin; e < end; ++e)
            out += script[e].op + (script[e].op == '+' ? b[script[e].b] : a[script[e].a]) + "\n";
        k = end;
    }
    return out;
}

} // namespace kubelab::kubectl
