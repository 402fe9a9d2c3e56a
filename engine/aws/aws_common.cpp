#include "engine/aws/aws_common.h"

#include <cstdio>

namespace kubelab::aws {

using nlohmann::json;

namespace {
// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
std::int64_t daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = unsigned((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + std::int64_t(doe) - 719468;
}
} // namespace

bool isAwsActor(const std::string& name)
{
    for (const char* a : {kAcm, kEvents, kSns, kCloudWatch, kConfig, kElb, kMailbox, kCli, kCurl})
        if (name == a)
            return true;
    return false;
}

std::string isoTimestamp(sim::Time t)
{
    return sim::formatTimestamp(t);
}

std::string cliTimestamp(sim::Time t)
{
    std::string s = sim::formatTimestamp(t);
    s.pop_back(); // the Z
    return s + "+00:00";
}

sim::Time timeOfDate(int year, int month, int day)
{
    return (daysFromCivil(year, month, day) * 86400 - sim::kEpochUnixSeconds) * sim::kSecond;
}

bool parseTimestamp(const std::string& text, sim::Time* t)
{
    if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos &&
        text.size() < 12) {
        *t = (std::stoll(text) - sim::kEpochUnixSeconds) * sim::kSecond;
        return true;
    }
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, n = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
        return false;
    std::string rest = text.substr(10);
    if (!rest.empty()) {
        int m = 0;
        if (std::sscanf(rest.c_str(), "T%2d:%2d:%2d%n", &h, &mi, &s, &m) != 3 || m != 9)
            return false;
        rest = rest.substr(9);
        if (rest != "Z" && rest != "+00:00" && !rest.empty())
            return false;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59)
        return false;
    *t = timeOfDate(y, mo, d) + (h * 3600 + mi * 60 + s) * sim::kSecond;
    return true;
}

json responseBody(std::uint64_t id, const std::string& operation,
                  const nlohmann::ordered_json& result)
{
    return {{"id", id}, {"operation", operation}, {"result", result.dump()}};
}

json errorBody(std::uint64_t id, const std::string& operation, const ServiceError& e)
{
    return {{"id", id},
            {"operation", operation},
            {"error", {{"code", e.code}, {"message", e.what()}}}};
}

void Service::receive(sim::Context& ctx, const sim::Message& message)
{
    if (message.kind != "aws.request") {
        onMessage(ctx, message);
        return;
    }
    const std::uint64_t id = message.body.value("id", std::uint64_t(0));
    const std::string op = message.body.value("operation", "");
    ctx.describe("aws.request", name(), op);
    json reply;
    try {
        reply = responseBody(id, op, call(ctx, op, message.body.value("params", json::object())));
    } catch (const ServiceError& e) {
        reply = errorBody(id, op, e);
        ctx.describe("aws.request", name(), op + " -> " + e.code + ": " + e.what());
    }
    ctx.send(message.from, "aws.response", std::move(reply));
}

std::string requiredString(const json& params, const char* name)
{
    auto it = params.find(name);
    if (it == params.end() || !it->is_string())
        throw ServiceError("ValidationException",
                           std::string("1 validation error detected: Value null at '") + name +
                               "' failed to satisfy constraint: Member must not be null");
    return it->get<std::string>();
}

std::string optionalString(const json& params, const char* name, const std::string& fallback)
{
    auto it = params.find(name);
    return it != params.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::string hexDigits(sim::Rng& rng, int n)
{
    static const char* digits = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < n; ++i)
        s += digits[rng.below(16)];
    return s;
}

} // namespace kubelab::aws
