#include "engine/node/one_liners.h"

#include <algorithm>
#include <cstdlib>

namespace kubelab::node {

namespace {

// Start-up of an interpreter that runs a short program and exits.
constexpr sim::Duration kInterpreterStart = 50 * sim::kMillisecond;
// Math::BigFloat's bpi(N) is quadratic in N: about 8 s for the documentation's 2,000.
constexpr sim::Duration kBpiCostPerDigitSquared = 2 * sim::kMicrosecond;
constexpr int kMaxPiDigits = 20000;

std::string basename(const std::string& path)
{
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// perl, perl5.34.0, python3.12, node, nodejs, ruby, ruby3.3 -> the language's name.
std::string language(const std::string& program)
{
    const std::string name = basename(program);
    for (const char* lang : {"perl", "python", "node", "ruby"})
        if (name.rfind(lang, 0) == 0 &&
            name.find_first_not_of("0123456789.", std::string(lang).size()) == std::string::npos)
            return lang;
    if (name == "nodejs")
        return "node";
    return {};
}

std::string trim(const std::string& s)
{
    const auto a = s.find_first_not_of(" \t\r\n");
    if (a == std::string::npos)
        return {};
    return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

// Statements of a one-line program: split on `;` and newlines outside quotes.
std::vector<std::string> statements(const std::string& program)
{
    std::vector<std::string> out;
    std::string cur;
    char quote = 0;
    for (char c : program) {
        if (quote) {
            quote = c == quote ? 0 : quote;
            cur += c;
        } else if (c == '"' || c == '\'') {
            quote = c;
            cur += c;
        } else if (c == ';' || c == '\n') {
            if (!trim(cur).empty())
                out.push_back(trim(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!trim(cur).empty())
        out.push_back(trim(cur));
    return out;
}

// A quoted literal ("..." or '...'), possibly in parentheses, with \n and \t decoded in
// double quotes; nullopt for anything else (an expression we do not evaluate).
std::optional<std::string> literal(std::string text)
{
    text = trim(text);
    while (text.size() >= 2 && text.front() == '(' && text.back() == ')')
        text = trim(text.substr(1, text.size() - 2));
    if (text.size() < 2 || (text.front() != '"' && text.front() != '\'') ||
        text.back() != text.front())
        return std::nullopt;
    const bool decode = text.front() == '"';
    std::string out;
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
        if (decode && text[i] == '\\' && i + 2 < text.size()) {
            const char e = text[++i];
            out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
        } else {
            out += text[i];
        }
    }
    return out;
}

// Appends printed text to the output lines; `newline` ends the last line.
void print(OneLinerRun& run, const std::string& text, bool newline, bool& open)
{
    std::size_t start = 0;
    while (true) {
        const auto nl = text.find('\n', start);
        const std::string piece = text.substr(start, nl - start);
        if (open && !run.output.empty())
            run.output.back() += piece;
        else
            run.output.push_back(piece);
        open = true;
        if (nl == std::string::npos)
            break;
        open = false;
        start = nl + 1;
    }
    if (newline)
        open = false;
}

std::optional<double> seconds(const std::string& text)
{
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || v < 0 || v > 1e9)
        return std::nullopt;
    return v;
}

// One statement of the program. Returns false when the program never ends.
bool statement(const std::string& lang, const std::string& s, bool perlNewline, OneLinerRun& run,
               bool& open)
{
    auto after = [&](const char* prefix) -> std::optional<std::string> {
        const std::string p = prefix;
        if (s.rfind(p, 0) != 0)
            return std::nullopt;
        return trim(s.substr(p.size()));
    };
    if (s.rfind("while", 0) == 0 || s.rfind("for(;;)", 0) == 0 || s.rfind("for (;;)", 0) == 0 ||
        s.rfind("loop", 0) == 0 || s.rfind("setInterval", 0) == 0) {
        run.endless = true;
        return false;
    }
    if (lang == "perl") {
        if (auto rest = after("print")) {
            std::string arg = *rest;
            if (arg.rfind("bpi(", 0) == 0 && arg.back() == ')') {
                const int digits = std::atoi(arg.substr(4).c_str());
                if (digits > 0 && digits <= kMaxPiDigits) {
                    print(run, piToDigits(digits), perlNewline, open);
                    run.runFor += kBpiCostPerDigitSquared * digits * digits;
                }
                return true;
            }
            if (auto text = literal(arg))
                print(run, *text, perlNewline, open);
            return true;
        }
        if (auto rest = after("sleep"))
            if (auto v = seconds(*rest))
                run.runFor += static_cast<sim::Duration>(*v) * sim::kSecond;
        return true;
    }
    if (lang == "python") {
        if (auto rest = after("print"))
            if (auto text = literal(*rest))
                print(run, *text, true, open);
        if (auto rest = after("time.sleep(")) {
            if (auto v = seconds(*rest))
                run.runFor += static_cast<sim::Duration>(*v * sim::kSecond);
        }
        return true;
    }
    if (lang == "node") {
        if (auto rest = after("console.log"))
            if (auto text = literal(*rest))
                print(run, *text, true, open);
        return true;
    }
    if (lang == "ruby") {
        if (auto rest = after("puts"))
            if (auto text = literal(*rest))
                print(run, *text, true, open);
        if (auto rest = after("sleep"))
            if (auto v = seconds(*rest))
                run.runFor += static_cast<sim::Duration>(*v * sim::kSecond);
        return true;
    }
    return true;
}

} // namespace

std::optional<OneLinerRun> runOneLiner(const std::vector<std::string>& tokens)
{
    if (tokens.empty())
        return std::nullopt;
    const std::string lang = language(tokens[0]);
    if (lang.empty())
        return std::nullopt;
    // The flag that takes the program: -e/-E (perl, node, ruby; perl's bundles such as
    // -wle end in it), -c (python). Perl's -l prints a newline after each print.
    const char flag = lang == "python" ? 'c' : 'e';
    std::optional<std::string> program;
    bool perlNewline = false;
    for (std::size_t i = 1; i < tokens.size(); ++i) {
        const std::string& t = tokens[i];
        if (t.size() < 2 || t[0] != '-' || t[1] == '-' || t[1] == 'M')
            continue; // -Mbignum=bpi loads a module; long options are ignored
        if (lang == "perl" && t.find('l') != std::string::npos)
            perlNewline = true;
        const char last = t.back();
        if ((last == flag || (lang == "perl" && last == 'E')) && i + 1 < tokens.size()) {
            program = tokens[i + 1];
            break;
        }
    }
    if (!program)
        return std::nullopt;
    OneLinerRun run;
    run.runFor = kInterpreterStart;
    bool open = false;
    for (const std::string& s : statements(*program))
        if (!statement(lang, s, perlNewline, run, open))
            break;
    return run;
}

std::string piToDigits(int digits)
{
    digits = std::clamp(digits, 1, kMaxPiDigits);
    // Rabinowitz and Wagon's spigot, with guard digits for the rounding and for the
    // spigot's own uncertain tail.
    const int n = digits + 10;
    const int len = n * 10 / 3 + 1;
    std::vector<long long> a(static_cast<std::size_t>(len), 2);
    std::string out;
    int nines = 0;
    int predigit = 0;
    for (int j = 1; j <= n; ++j) {
        long long q = 0;
        for (int i = len; i > 0; --i) {
            const long long x = 10 * a[i - 1] + q * i;
            a[i - 1] = x % (2 * i - 1);
            q = x / (2 * i - 1);
        }
        a[0] = q % 10;
        q /= 10;
        if (q == 9) {
            ++nines;
        } else if (q == 10) {
            out += static_cast<char>('0' + predigit + 1);
            out.append(static_cast<std::size_t>(nines), '0');
            predigit = 0;
            nines = 0;
        } else {
            out += static_cast<char>('0' + predigit);
            predigit = static_cast<int>(q);
            out.append(static_cast<std::size_t>(nines), '9');
            nines = 0;
        }
    }
    out.erase(0, 1); // the spigot's first predigit is a leading 0
    // Round half up to `digits` significant digits.
    std::string kept = out.substr(0, static_cast<std::size_t>(digits));
    if (out[static_cast<std::size_t>(digits)] >= '5') {
        int i = digits - 1;
        while (i >= 0 && kept[i] == '9')
            kept[i--] = '0';
        if (i >= 0)
            ++kept[i];
    }
    return digits == 1 ? kept : kept.substr(0, 1) + "." + kept.substr(1);
}

} // namespace kubelab::node
