#include "engine/printers/object_util.h"

#include <algorithm>
#include <cctype>

namespace kubelab::printers {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm):
// avoids timegm(), which depends on the process environment.
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + std::int64_t(doe) - 719468;
}

bool digits(const std::string& s, size_t pos, size_t n, int* out)
{
    if (pos + n > s.size())
        return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(s[i])))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

} // namespace

std::optional<sim::Time> parseTimestamp(const std::string& s)
{
    int year, month, day, hour, minute, second;
    if (!digits(s, 0, 4, &year) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, &month) ||
        s[7] != '-' || !digits(s, 8, 2, &day) || (s[10] != 'T' && s[10] != 't') ||
        !digits(s, 11, 2, &hour) || s[13] != ':' || !digits(s, 14, 2, &minute) || s[16] != ':' ||
        !digits(s, 17, 2, &second))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    size_t pos = 19;
    std::int64_t nanos = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        std::int64_t scale = 100'000'000;
        size_t start = pos;
        while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
            nanos += (s[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == start)
            return std::nullopt;
    }
    std::int64_t offset = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh, om;
        if (!digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
            !digits(s, pos + 4, 2, &om))
            return std::nullopt;
        offset = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size())
        return std::nullopt;
    const std::int64_t unix = daysFromCivil(year, unsigned(month), unsigned(day)) * 86400 +
                              hour * 3600 + minute * 60 + second - offset;
    return (unix - sim::kEpochUnixSeconds) * sim::kSecond + nanos;
}

std::string since(const Json& timestamp, sim::Time now)
{
    if (!timestamp.is_string())
        return "<unknown>";
    auto t = parseTimestamp(timestamp.get<std::string>());
    if (!t)
        return "<unknown>";
    return sim::humanDuration(now - *t);
}

std::string age(const Json& object, sim::Time now)
{
    return since(at(object, "metadata.creationTimestamp"), now);
}

std::string formatLabels(const Json& labels)
{
    if (!labels.is_object() || labels.empty())
        return "<none>";
    std::vector<std::string> parts;
    for (auto it = labels.begin(); it != labels.end(); ++it) // nlohmann keeps keys sorted
        parts.push_back(it.key() + "=" + (it->is_string() ? it->get<std::string>() : it->dump()));
    return join(parts, ",");
}

std::string formatLabelSelector(const Json& selector)
{
    // metav1.LabelSelectorAsSelector(...).String(): requirements sorted by key; a null
    // selector selects nothing and an empty one everything, and both print "<none>".
    if (!selector.is_object())
        return "<none>";
    std::vector<std::pair<std::string, std::string>> reqs; // (key, text)
    const Json& matchLabels = at(selector, "matchLabels");
    if (matchLabels.is_object())
        for (auto it = matchLabels.begin(); it != matchLabels.end(); ++it)
            reqs.push_back({it.key(), it.key() + "=" +
                                          (it->is_string() ? it->get<std::string>() : it->dump())});
    const Json& exprs = at(selector, "matchExpressions");
    if (exprs.is_array())
        for (const Json& e : exprs) {
            const std::string key = str(e, "key");
            const std::string op = str(e, "operator");
            std::vector<std::string> values;
            if (at(e, "values").is_array())
                for (const Json& v : e["values"])
                    values.push_back(v.is_string() ? v.get<std::string>() : v.dump());
            std::sort(values.begin(), values.end());
            if (op == "In")
                reqs.push_back({key, key + " in (" + join(values, ",") + ")"});
            else if (op == "NotIn")
                reqs.push_back({key, key + " notin (" + join(values, ",") + ")"});
            else if (op == "Exists")
                reqs.push_back({key, key});
            else if (op == "DoesNotExist")
                reqs.push_back({key, "!" + key});
            else
                return "<error>";
        }
    std::stable_sort(reqs.begin(), reqs.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> parts;
    for (const auto& r : reqs)
        parts.push_back(r.second);
    return parts.empty() ? "<none>" : join(parts, ",");
}

std::pair<std::string, std::string> containerCells(const Json& podSpec)
{
    std::vector<std::string> names, images;
    const Json& containers = at(podSpec, "containers");
    if (containers.is_array())
        for (const Json& c : containers) {
            names.push_back(str(c, "name"));
            images.push_back(str(c, "image"));
        }
    return {join(names, ","), join(images, ",")};
}

std::string controllerOf(const Json& object)
{
    const Json& owners = at(object, "metadata.ownerReferences");
    if (owners.is_array())
        for (const Json& r : owners)
            if (flag(r, "controller"))
                return str(r, "kind") + "/" + str(r, "name");
    return {};
}

std::string join(const std::vector<std::string>& parts, const std::string& sep)
{
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i)
            out += sep;
        out += parts[i];
    }
    return out;
}

std::vector<std::string> split(const std::string& text, char sep)
{
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        size_t pos = text.find(sep, start);
        out.push_back(text.substr(start, pos == std::string::npos ? pos : pos - start));
        if (pos == std::string::npos)
            break;
        start = pos + 1;
    }
    return out;
}

std::string toLower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

std::string toUpper(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return char(std::toupper(c)); });
    return s;
}

} // namespace kubelab::printers
