#pragma once
// Kubernetes resource quantities ("500m", "1.5", "128Mi", "1G", "2e3") with exact
// arithmetic, as k8s.io/apimachinery/pkg/api/resource.Quantity.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kubelab::model {

class Quantity
{
public:
    enum class Format { DecimalSI, BinarySI, DecimalExponent };

    Quantity() = default;
    // Parses; nullopt when the text is not a quantity (message from parseError()).
    static std::optional<Quantity> parse(std::string_view text);
    // Why `text` is not a quantity, in apimachinery's words ("" when it is one).
    static std::string parseError(std::string_view text);
    static Quantity fromMilli(std::int64_t milli, Format f = Format::DecimalSI);
    static Quantity fromValue(std::int64_t value, Format f = Format::DecimalSI);

    // Value in thousandths, rounded up (as Quantity.MilliValue()).
    std::int64_t milliValue() const;
    // Whole value, rounded up (as Quantity.Value()).
    std::int64_t value() const;
    Format format() const { return m_format; }

    Quantity operator+(const Quantity& o) const;
    Quantity operator-(const Quantity& o) const;
    int compare(const Quantity& o) const;
    bool operator==(const Quantity& o) const { return compare(o) == 0; }
    bool operator<(const Quantity& o) const { return compare(o) < 0; }
    bool isZero() const;

    // Canonical form, as Quantity.String(): "500m", "1", "128Mi", "1G", "1500m".
    std::string toString() const;

private:
    // Exact value = m_nano / 1e9 (covers every suffix down to "n"; binary suffixes are
    // integers). __int128 keeps Ei values exact.
    __int128 m_nano = 0;
    Format m_format = Format::DecimalSI;
};

} // namespace kubelab::model
