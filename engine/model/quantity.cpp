#include "engine/model/quantity.h"

#include <limits>

// Parsing, rounding and the canonical String() follow
// k8s.io/apimachinery/pkg/api/resource/quantity.go (parseQuantityString, ParseQuantity,
// CanonicalizeBytes). The value is held exactly in nano units; amounts finer than 1n
// round up (away from zero), as Kubernetes does so that "some" never becomes "none".

namespace kubelab::model {

namespace {

using i128 = __int128;
using u128 = unsigned __int128;

// Far beyond any real quantity (Kubernetes caps binary amounts at 2^63-1 anyway) and far
// enough below the __int128 limit that one more step of arithmetic cannot overflow.
const u128 kMaxMagnitude = u128(1) << 120;

const char* const kErrFormatWrong = "quantities must match the regular expression "
                                    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const char* const kErrNumeric = "unable to parse quantity's numeric part";
const char* const kErrSuffix = "unable to parse quantity's suffix";

constexpr i128 kNano = 1'000'000'000;

struct DecSuffix
{
    const char* text;
    int exponent;
};
constexpr DecSuffix kDecSuffixes[] = {{"n", -9}, {"u", -6}, {"m", -3}, {"", 0},   {"k", 3},
                                      {"M", 6},  {"G", 9},  {"T", 12}, {"P", 15}, {"E", 18}};
constexpr DecSuffix kBinSuffixes[] = {{"Ki", 10}, {"Mi", 20}, {"Gi", 30},
                                      {"Ti", 40}, {"Pi", 50}, {"Ei", 60}};

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

struct Parts
{
    bool positive = true;
    std::string_view num, denom, suffix;
};

// parseQuantityString: returns "" or the error text.
std::string split(std::string_view s, Parts* p)
{
    size_t pos = 0;
    const size_t end = s.size();
    if (pos < end && (s[0] == '-' || s[0] == '+')) {
        p->positive = s[0] != '-';
        ++pos;
    }
    while (pos < end && s[pos] == '0')
        ++pos;
    if (pos >= end) {
        p->num = "0";
        return {};
    }
    size_t i = pos;
    while (i < end && isDigit(s[i]))
        ++i;
    p->num = s.substr(pos, i - pos);
    if (p->num.empty())
        p->num = "0";
    pos = i;
    if (pos < end && s[pos] == '.') {
        ++pos;
        i = pos;
        while (i < end && isDigit(s[i]))
            ++i;
        p->denom = s.substr(pos, i - pos);
        pos = i;
    }
    const size_t suffixStart = pos;
    while (pos < end && std::string_view("eEinumkKMGTP").find(s[pos]) != std::string_view::npos)
        ++pos;
    if (pos < end && (s[pos] == '-' || s[pos] == '+'))
        ++pos;
    while (pos < end && isDigit(s[pos]))
        ++pos;
    if (pos < end)
        return kErrFormatWrong;
    p->suffix = s.substr(suffixStart);
    return {};
}

struct Suffix
{
    int base = 10;
    int exponent = 0;
    Quantity::Format format = Quantity::Format::DecimalSI;
};

bool interpret(std::string_view s, Suffix* out)
{
    for (const auto& d : kDecSuffixes)
        if (s == d.text) {
            *out = {10, d.exponent, Quantity::Format::DecimalSI};
            return true;
        }
    for (const auto& b : kBinSuffixes)
        if (s == b.text) {
            *out = {2, b.exponent, Quantity::Format::BinarySI};
            return true;
        }
    if (s.size() > 1 && (s[0] == 'e' || s[0] == 'E')) {
        size_t i = 1;
        bool neg = false;
        if (s[i] == '-' || s[i] == '+')
            neg = s[i++] == '-';
        if (i >= s.size())
            return false;
        long long v = 0;
        for (; i < s.size(); ++i) {
            if (!isDigit(s[i]))
                return false;
            v = v * 10 + (s[i] - '0');
            if (v > std::numeric_limits<std::int32_t>::max())
                return false;
        }
        *out = {10, int(neg ? -v : v), Quantity::Format::DecimalExponent};
        return true;
    }
    return false;
}

// removeInt64Factors, on the magnitude.
int removeFactors(i128& v, i128 base)
{
    const bool neg = v < 0;
    u128 m = neg ? u128(-v) : u128(v);
    int times = 0;
    while (m >= u128(base) && m % u128(base) == 0) {
        m /= u128(base);
        ++times;
    }
    v = neg ? -i128(m) : i128(m);
    return times;
}

std::string toDecimal(i128 v)
{
    if (v == 0)
        return "0";
    const bool neg = v < 0;
    u128 m = neg ? u128(-v) : u128(v);
    std::string out;
    while (m) {
        out.insert(out.begin(), char('0' + int(m % 10)));
        m /= 10;
    }
    return neg ? "-" + out : out;
}

// Division rounding the magnitude up, as Kubernetes' scaled conversions do.
i128 divRoundAway(i128 v, i128 d)
{
    const i128 q = v / d;
    if (v % d == 0)
        return q;
    return v > 0 ? q + 1 : q - 1;
}

std::int64_t clamp64(i128 v)
{
    if (v > std::numeric_limits<std::int64_t>::max())
        return std::numeric_limits<std::int64_t>::max();
    if (v < std::numeric_limits<std::int64_t>::min())
        return std::numeric_limits<std::int64_t>::min();
    return std::int64_t(v);
}

std::string parseImpl(std::string_view text, i128* nano, Quantity::Format* format)
{
    if (text.empty())
        return kErrFormatWrong;
    Parts p;
    if (std::string err = split(text, &p); !err.empty())
        return err;
    Suffix suf;
    if (!interpret(p.suffix, &suf))
        return kErrSuffix;

    // mantissa = num.denom as an integer; value = mantissa * 2^binExp * 10^decExp.
    u128 m = 0;
    for (std::string_view digits : {p.num, p.denom})
        for (char c : digits) {
            m = m * 10 + u128(c - '0');
            if (m > kMaxMagnitude)
                return kErrNumeric;
        }
    long long decExp = 9 - static_cast<long long>(p.denom.size()); // to nano units
    if (suf.base == 10)
        decExp += suf.exponent;
    else
        for (int i = 0; i < suf.exponent && m != 0; ++i)
            if ((m <<= 1) > kMaxMagnitude)
                return kErrNumeric;
    if (decExp >= 0) {
        for (long long i = 0; i < decExp && m != 0; ++i)
            if ((m *= 10) > kMaxMagnitude)
                return kErrNumeric;
    } else {
        u128 div = 1;
        bool tiny = false;
        for (long long i = 0; i < -decExp; ++i) {
            if (div > kMaxMagnitude) {
                tiny = true;
                break;
            }
            div *= 10;
        }
        if (tiny)
            m = m != 0 ? 1 : 0; // below 1n: rounds up to 1n
        else
            m = m / div + (m % div != 0 ? 1 : 0);
    }
    i128 v = i128(m);
    Quantity::Format f = suf.format;
    if (f == Quantity::Format::BinarySI) {
        const i128 cap = i128(std::numeric_limits<std::int64_t>::max()) * kNano;
        if (v > cap)
            v = cap;
        if (v > 0 && v < kNano)
            f = Quantity::Format::DecimalSI; // below 1 a binary suffix only confuses
    }
    *nano = p.positive ? v : -v;
    *format = f;
    return {};
}

} // namespace

std::optional<Quantity> Quantity::parse(std::string_view text)
{
    Quantity q;
    if (!parseImpl(text, &q.m_nano, &q.m_format).empty())
        return std::nullopt;
    return q;
}

std::string Quantity::parseError(std::string_view text)
{
    i128 nano;
    Format f;
    return parseImpl(text, &nano, &f);
}

Quantity Quantity::fromMilli(std::int64_t milli, Format f)
{
    Quantity q;
    q.m_nano = i128(milli) * 1'000'000;
    q.m_format = f;
    return q;
}

Quantity Quantity::fromValue(std::int64_t value, Format f)
{
    Quantity q;
    q.m_nano = i128(value) * kNano;
    q.m_format = f;
    return q;
}

std::int64_t Quantity::milliValue() const
{
    return clamp64(divRoundAway(m_nano, 1'000'000));
}

std::int64_t Quantity::value() const
{
    return clamp64(divRoundAway(m_nano, kNano));
}

Quantity Quantity::operator+(const Quantity& o) const
{
    Quantity q;
    q.m_nano = m_nano + o.m_nano;
    q.m_format = isZero() ? o.m_format : m_format; // as Quantity.Add
    return q;
}

Quantity Quantity::operator-(const Quantity& o) const
{
    Quantity q;
    q.m_nano = m_nano - o.m_nano;
    q.m_format = isZero() ? o.m_format : m_format;
    return q;
}

int Quantity::compare(const Quantity& o) const
{
    return m_nano < o.m_nano ? -1 : m_nano > o.m_nano ? 1 : 0;
}

bool Quantity::isZero() const
{
    return m_nano == 0;
}

std::string Quantity::toString() const
{
    if (m_nano == 0)
        return "0";
    Format f = m_format;
    if (f == Format::BinarySI) {
        const i128 limit = 1024 * kNano;
        if ((m_nano > -limit && m_nano < limit) || m_nano % kNano != 0)
            f = Format::DecimalSI; // small or fractional: binary would round
    }
    if (f == Format::BinarySI) {
        i128 v = m_nano / kNano;
        const int times = removeFactors(v, 1024);
        return toDecimal(v) + (times == 0 ? "" : kBinSuffixes[times - 1].text);
    }
    // AsCanonicalBytes: strip powers of ten, then lower the exponent to a multiple of 3.
    i128 v = m_nano;
    int exponent = -9 + removeFactors(v, 10);
    const int mod = ((exponent % 3) + 3) % 3;
    for (int i = 0; i < mod; ++i)
        v *= 10;
    exponent -= mod;
    if (f == Format::DecimalSI)
        for (const auto& d : kDecSuffixes)
            if (d.exponent == exponent)
                return toDecimal(v) + d.text;
    return toDecimal(v) + (exponent == 0 ? "" : "e" + std::to_string(exponent));
}

} // namespace kubelab::model
