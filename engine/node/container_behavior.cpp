#include "engine/node/container_behavior.h"

#include <algorithm>
#include <sstream>

#include "engine/model/json_view.h"
#include "engine/model/quantity.h"
#include "engine/node/one_liners.h"
#include "engine/node/sh.h"

namespace kubelab::node {

using nlohmann::json;

namespace {

constexpr sim::Duration kDefaultCrashAfter = 2 * sim::kSecond;
constexpr sim::Duration kDefaultExitAfter = 1 * sim::kSecond;

std::optional<sim::Duration> durationOf(const std::string& text)
{
    std::string t = text;
    while (!t.empty() && t.back() == ' ')
        t.pop_back();
    if (!t.empty() && t.find_first_not_of("0123456789") == std::string::npos)
        t += "s"; // `sleep 30` means seconds
    return sim::parseDuration(t);
}

std::string unquote(std::string s)
{
    if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
        return s.substr(1, s.size() - 2);
    return s;
}

// Splits a shell statement into words, keeping quoted strings whole.
std::vector<std::string> words(const std::string& text)
{
    std::vector<std::string> out;
    std::string cur;
    char quote = 0;
    bool any = false;
    for (char c : text) {
        if (quote) {
            if (c == quote)
                quote = 0;
            else
                cur += c;
        } else if (c == '"' || c == '\'') {
            quote = c;
            any = true;
        } else if (c == ' ' || c == '\t') {
            if (any || !cur.empty())
                out.push_back(cur);
            cur.clear();
            any = false;
        } else {
            cur += c;
        }
    }
    if (any || !cur.empty())
        out.push_back(cur);
    return out;
}

// Statements of a tiny shell script: split on `;`, `&&`, `||` and newlines.
std::vector<std::string> statements(const std::string& script)
{
    std::vector<std::string> out;
    std::string cur;
    char quote = 0;
    for (size_t i = 0; i < script.size(); ++i) {
        const char c = script[i];
        if (quote) {
            quote = c == quote ? 0 : quote;
            cur += c;
            continue;
        }
        if (c == '"' || c == '\'') {
            quote = c;
            cur += c;
        } else if (c == ';' || c == '\n' ||
                   ((c == '&' || c == '|') && i + 1 < script.size() && script[i + 1] == c)) {
            if (c == '&' || c == '|')
                ++i;
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

bool isShell(const std::string& w)
{
    return w == "sh" || w == "/bin/sh" || w == "bash" || w == "/bin/bash" || w == "ash";
}

// What an unknown program means: the shell's "not found" (exit 127), exec's start
// error, or the image's own daemon (a server image run with its binary as command).
enum class Unknown { ShellNotFound, StartError, Daemon };

// Runs `tokens` as busybox would, filling `b`. Returns false once the process has ended
// (exit), will never end (a loop, a daemon) or cannot start.
bool interpret(const std::vector<std::string>& tokens, Unknown unknown, ContainerBehavior& b)
{
    if (tokens.empty())
        return true;
    auto forever = [&] {
        b.exits = false;
        return false;
    };
    if (isShell(tokens[0])) {
        if (tokens.size() >= 3 && tokens[1] == "-c")
            for (const std::string& stmt : statements(tokens[2]))
                if (!interpret(words(stmt), Unknown::ShellNotFound, b))
                    return false;
        b.exits = true; // the script ended (`sh` alone: no TTY, exits 0 at once)
        return false;
    }
    const std::string& cmd = tokens[0];
    auto arg = [&](size_t i) { return i < tokens.size() ? tokens[i] : std::string(); };
    b.exitCode = 0;
    if (auto run = runOneLiner(tokens)) {
        for (std::string& line : run->output)
            b.logs.push_back(logText(std::move(line)));
        if (run->endless)
            return forever();
        b.runFor += run->runFor;
        b.exits = true;
        return true;
    }
    if (cmd == "echo") {
        std::string line;
        for (size_t i = 1; i < tokens.size(); ++i)
            line += (i > 1 ? " " : "") + unquote(tokens[i]);
        b.logs.push_back(logText(std::move(line)));
    } else if (cmd == "sleep") {
        b.ignoresSigterm = true; // sleep as PID 1 has no SIGTERM handler, even `infinity`
        if (arg(1) == "infinity")
            return forever();
        if (auto d = durationOf(arg(1)))
            b.runFor += *d;
    } else if (cmd == "exit") {
        b.exitCode = arg(1).empty() ? 0 : std::atoi(arg(1).c_str());
        b.exits = true;
        return false;
    } else if (cmd == "false") {
        b.exitCode = 1;
    } else if (cmd == "while" || cmd == "until" || (cmd == "tail" && arg(1) == "-f") ||
               cmd == "nginx" || cmd == "httpd-foreground" || cmd == "redis-server") {
        return forever();
    } else if (cmd == "true" || cmd == "touch" || cmd == "cat" || cmd == "mkdir" || cmd == "rm" ||
               cmd == "date" || cmd == "ls" || cmd == "cp" || cmd.empty()) {
        // Succeeds without output worth simulating.
    } else if (unknown == Unknown::ShellNotFound) {
        b.logs.push_back(logText("sh: " + cmd + ": not found"));
        b.exitCode = 127;
    } else if (unknown == Unknown::Daemon) {
        return forever();
    } else {
        b.startError = "exec: \"" + cmd + "\": executable file not found in $PATH";
        return false;
    }
    b.exits = true;
    return true;
}

std::vector<std::string> strings(const json& j)
{
    std::vector<std::string> out;
    if (j.is_array())
        for (const auto& s : j)
            if (s.is_string())
                out.push_back(s.get<std::string>());
    return out;
}

} // namespace

std::string BehaviorInput::key() const
{
    std::string k;
    auto put = [&k](std::string_view part) {
        k += std::to_string(part.size());
        k += ':';
        k += part;
    };
    auto putAll = [&put](const auto& list, auto text) {
        put(std::to_string(list.size()));
        for (const auto& item : list)
            put(text(item));
    };
    auto same = [](const std::string& s) -> std::string_view { return s; };
    put(image.repository);
    putAll(image.tags, same);
    put(std::to_string(image.sizeBytes));
    put(std::to_string(static_cast<int>(image.kind)));
    putAll(image.startupLog, [](const LogText& line) -> std::string_view { return *line; });
    put(containerName);
    put(init ? "init" : "app");
    putAll(command, same);
    putAll(args, same);
    for (const auto* map : {&env, &annotations}) {
        put(std::to_string(map->size()));
        for (const auto& [name, value] : *map) {
            put(name);
            put(value);
        }
    }
    put(std::to_string(memoryLimitBytes));
    return k;
}

BehaviorInput BehaviorInput::fromSpec(const ImageInfo& image, const json& container,
                                      const json& pod, bool init)
{
    BehaviorInput in;
    in.image = image;
    in.containerName = container.value("name", "");
    in.init = init;
    in.command = strings(container.value("command", json::array()));
    in.args = strings(container.value("args", json::array()));
    for (const auto& e : model::memberAt(container, "env"))
        if (e.is_object() && e.contains("value") && e["value"].is_string())
            in.env[e.value("name", "")] = e["value"].get<std::string>();
    const json& meta = model::objectAt(pod, "metadata");
    const json& annotations = model::objectAt(meta, "annotations");
    for (const auto& [k, v] : annotations.items())
        if (v.is_string() && k.rfind("kubelab.io/", 0) == 0) // the only ones read
            in.annotations[k] = v.get<std::string>();
    const json limits = model::objectAt(model::objectAt(container, "resources"), "limits");
    if (limits.contains("memory") && limits["memory"].is_string())
        if (auto q = model::Quantity::parse(limits["memory"].get<std::string>()))
            in.memoryLimitBytes = q->value();
    return in;
}

std::optional<std::string> behaviorAnnotation(const BehaviorInput& in, const std::string& key)
{
    auto it = in.annotations.find("kubelab.io/" + key + "." + in.containerName);
    if (it != in.annotations.end())
        return it->second;
    if (in.init)
        return std::nullopt;
    it = in.annotations.find("kubelab.io/" + key);
    if (it != in.annotations.end())
        return it->second;
    return std::nullopt;
}

ContainerBehavior ContainerBehavior::decide(const BehaviorInput& in)
{
    ContainerBehavior b;
    b.logs = in.image.startupLog;
    std::vector<std::string> tokens = in.command;
    tokens.insert(tokens.end(), in.args.begin(), in.args.end());
    switch (in.image.kind) {
    case ImageKind::Pause:
    case ImageKind::Server:
        if (!in.command.empty())
            interpret(tokens, Unknown::Daemon, b);
        break;
    case ImageKind::Shell:
        if (tokens.empty())
            tokens = {"sh"};
        b.exits = true; // a shell ends when its script does
        interpret(tokens, Unknown::StartError, b);
        break;
    case ImageKind::Python:
        if (runOneLiner(tokens))
            interpret(tokens, Unknown::Daemon, b); // python -c "..."
        else if (tokens.empty() || tokens.back() != "http.server")
            b.exits = true; // the REPL without a TTY, or a script that ends
        break;
    case ImageKind::NeedsEnv: {
        const bool set = std::any_of(in.image.requiredEnv.begin(), in.image.requiredEnv.end(),
                                     [&](const std::string& name) {
                                         auto it = in.env.find(name);
                                         return it != in.env.end() && !it->second.empty();
                                     });
        if (!in.command.empty()) {
            interpret(tokens, Unknown::Daemon, b);
        } else if (!set) {
            b.logs = in.image.missingEnvLog;
            b.exits = true;
            b.exitCode = 1;
        }
        break;
    }
    case ImageKind::Exits:
        if (tokens.empty())
            b.exits = true; // the REPL reads end of input at once, or the program is done
        else
            interpret(tokens, Unknown::Daemon, b);
        break;
    }
    const std::string mode = behaviorAnnotation(in, "behavior").value_or("");
    // A shell image, or a command the container shell runs (a script, sleep, tail, stress),
    // unless annotations say what happens.
    const bool annotated = !mode.empty() || behaviorAnnotation(in, "run-for") ||
                           behaviorAnnotation(in, "memory-usage");
    if (!annotated && b.startError.empty() &&
        (in.image.kind == ImageKind::Shell ||
         (!tokens.empty() && (isShell(tokens[0]) || sh::isUtility(tokens[0]))))) {
        b.scripted = true;
        b.argv = tokens.empty() ? std::vector<std::string>{"sh"} : tokens;
        b.logs = in.image.startupLog; // the process prints the rest as it runs
    }
    auto runFor = [&](sim::Duration fallback) {
        auto text = behaviorAnnotation(in, "run-for");
        auto d = text ? durationOf(*text) : std::nullopt;
        return d ? *d : fallback;
    };
    auto exitCode = [&](int fallback) {
        auto text = behaviorAnnotation(in, "exit-code");
        return text ? std::atoi(text->c_str()) : fallback;
    };
    if (mode == "run") {
        b.exits = behaviorAnnotation(in, "run-for").has_value();
        b.runFor = runFor(0);
        b.exitCode = exitCode(0);
    } else if (mode == "exit") {
        b.exits = true;
        b.runFor = runFor(kDefaultExitAfter);
        b.exitCode = exitCode(0);
    } else if (mode == "crash") {
        b.exits = true;
        b.runFor = runFor(kDefaultCrashAfter);
        b.exitCode = exitCode(1);
    } else if (mode.empty() && behaviorAnnotation(in, "run-for")) {
        b.exits = true;
        b.runFor = runFor(0);
        b.exitCode = exitCode(b.exitCode);
    }
    if (auto extra = behaviorAnnotation(in, "log")) {
        std::istringstream lines(*extra);
        std::string line;
        while (std::getline(lines, line))
            b.logs.push_back(logText(line));
    }
    // Memory: using more than the limit gets the process OOM-killed by the kernel.
    std::int64_t usage = 0;
    if (auto text = behaviorAnnotation(in, "memory-usage"))
        if (auto q = model::Quantity::parse(*text))
            usage = q->value();
    const bool oom = mode == "oom" || (in.memoryLimitBytes > 0 && usage > in.memoryLimitBytes);
    if (oom) {
        const sim::Duration at = runFor(kDefaultCrashAfter);
        b.runFor = b.exits ? std::min(b.runFor, at) : at;
        b.exits = true;
        b.exitCode = 137;
        b.reason = "OOMKilled";
    } else if (b.exits) {
        b.reason = b.exitCode == 0 ? "Completed" : "Error";
    }

    if (auto text = behaviorAnnotation(in, "ready-after"))
        if (auto d = durationOf(*text))
            b.readyAfter = *d;
    if (auto text = behaviorAnnotation(in, "startup-after"))
        if (auto d = durationOf(*text))
            b.startupAfter = *d;
    auto failAfter = [&](const char* key) -> std::optional<sim::Duration> {
        auto text = behaviorAnnotation(in, key);
        if (!text)
            return std::nullopt;
        if (*text == "fail")
            return sim::Duration(0);
        if (text->rfind("fail-after ", 0) == 0)
            return durationOf(text->substr(11));
        return std::nullopt;
    };
    b.livenessFailAfter = failAfter("liveness");
    b.readinessFailAfter = failAfter("readiness");
    return b;
}

} // namespace kubelab::node
