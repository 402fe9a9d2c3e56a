#include "bench/soak_bench.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "engine/cluster/cluster.h"
#include "engine/lab/lab.h"
#include "engine/model/decode.h"
#include "engine/shell/shell.h"
#include "engine/sim/simulation.h"

namespace kubelab::bench {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string readFile(const fs::path& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

bool isManifest(const std::string& text)
{
    return text.find("apiVersion:") != std::string::npos && text.find("kind:") != std::string::npos;
}

// Bodies of blocks that open with a line matching `open` and end at a line equal to `close`.
void blocks(const std::string& text, const std::string& source, const std::regex& open,
            const std::string& close, std::vector<SoakManifest>& out)
{
    std::istringstream lines(text);
    std::string line, body;
    int number = 0, start = 0;
    bool inside = false;
    while (std::getline(lines, line)) {
        ++number;
        if (!inside && std::regex_search(line, open)) {
            inside = true;
            start = number;
            body.clear();
        } else if (inside && line == close) {
            inside = false;
            if (isManifest(body))
                out.push_back({source + ":" + std::to_string(start), body});
        } else if (inside) {
            body += line + "\n";
        }
    }
}

} // namespace

std::vector<SoakManifest> findManifests(const std::string& root)
{
    std::vector<fs::path> files;
    for (const char* dir : {"tests", "notes", "lessons"}) {
        const fs::path base = fs::path(root) / dir;
        if (!fs::is_directory(base))
            continue;
        for (const auto& entry : fs::recursive_directory_iterator(base))
            if (entry.is_regular_file())
                files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    static const std::regex fence("^\\s*```ya?ml\\s*$");
    static const std::regex heredoc("<<\\s*'?EOF'?\\s*$");
    std::vector<SoakManifest> out;
    for (const fs::path& path : files) {
        const std::string source = fs::relative(path, root).generic_string();
        const std::string ext = path.extension().string();
        if (source.rfind("lessons/", 0) == 0 && ext == ".yaml") {
            // A lab: the manifests of its setup and solutions (here-documents) and of its
            // instructions (```yaml blocks), as YAML decodes them, without indentation.
            if (path.filename() == "index.yaml")
                continue;
            try {
                const lab::Lab l = lab::decodeLab(readFile(path), source);
                blocks(l.setupCommands, source + " setup", heredoc, "EOF", out);
                for (size_t i = 0; i < l.steps.size(); ++i) {
                    const std::string step = source + " step " + std::to_string(i + 1);
                    blocks(l.steps[i].solution, step, heredoc, "EOF", out);
                    blocks(l.steps[i].instruction, step, fence, "```", out);
                }
            } catch (const model::DecodeError&) {
                // tst_lessons reports a broken lab; the soak skips it.
            }
        } else if (ext == ".yaml" || ext == ".yml") {
            std::string text = readFile(path);
            if (isManifest(text))
                out.push_back({source, std::move(text)});
        } else if (ext == ".md") {
            blocks(readFile(path), source, fence, "```", out);
        } else if (ext == ".sh") {
            blocks(readFile(path), source, heredoc, "EOF", out);
        }
    }
    return out;
}

std::vector<SoakManifest> variants(const SoakManifest& m)
{
    std::vector<SoakManifest> out = {m};
    static const std::regex replicas("(\\breplicas:\\s*)(\\d+)");
    std::string scaled;
    std::smatch match;
    std::string rest = m.text;
    while (std::regex_search(rest, match, replicas)) {
        scaled += match.prefix().str() + match[1].str() +
                  std::to_string(std::min(3 * std::stol(match[2].str()), 30L));
        rest = match.suffix().str();
    }
    scaled += rest;
    if (scaled != m.text)
        out.push_back({m.source + " (replicas x3)", scaled});
    static const std::regex image("(\\bimage:\\s*\"?)([^\"\\s]+)");
    const std::string badImage = std::regex_replace(m.text, image, "$1$2-nosuchtag");
    if (badImage != m.text)
        out.push_back({m.source + " (bad image)", badImage});
    // The object's own name (two-space indented under metadata) padded to 63 characters:
    // valid for the object, too long for the pods a controller names after it.
    static const std::regex name("(\\nmetadata:\\n(?:  [^\\n]*\\n)*?  name:\\s*)([a-z0-9.-]+)");
    std::string longName;
    rest = m.text;
    while (std::regex_search(rest, match, name)) {
        std::string padded = match[2].str() + "-";
        padded.resize(63, 'x');
        longName += match.prefix().str() + match[1].str() + padded;
        rest = match.suffix().str();
    }
    longName += rest;
    if (longName != m.text)
        out.push_back({m.source + " (long name)", longName});
    return out;
}

BusiestSecond busiestSecond(const sim::Trace& trace)
{
    BusiestSecond best;
    std::map<std::string, std::int64_t> counts;
    sim::Time current = -1;
    auto flush = [&] {
        for (const auto& [actor, n] : counts)
            if (n > best.events)
                best = {actor, current * sim::kSecond, n};
        counts.clear();
    };
    for (const sim::TraceRecord& r : trace) {
        const sim::Time second = r.time / sim::kSecond;
        if (second != current) {
            flush();
            current = second;
        }
        ++counts[r.actor];
    }
    flush();
    return best;
}

json runSoakBench(const std::string& root, sim::Duration duration, std::uint64_t seed)
{
    const auto wallStart = std::chrono::steady_clock::now();
    const std::vector<SoakManifest> manifests = findManifests(root);
    cluster::Cluster cluster(seed);
    std::ostringstream out, err;
    shell::Shell sh(cluster, out, err);
    std::int64_t applied = 0, refused = 0, variantCount = 0;
    for (const SoakManifest& m : manifests)
        for (const SoakManifest& v : variants(m)) {
            ++variantCount;
            (sh.execute("kubectl apply -f -", v.text) ? applied : refused)++;
            // Let each land before the next, as a learner would apply them one by one.
            sh.execute("run 2s");
        }
    sh.execute("run " + std::to_string(duration / sim::kMillisecond) + "ms");
    const BusiestSecond busiest = busiestSecond(cluster.sim().trace());
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    return {{"bench", "soak"},
            {"manifests", manifests.size()},
            {"variants", variantCount},
            {"applied", applied},
            {"refused", refused},
            {"virtual_s", double(cluster.sim().now()) / sim::kSecond},
            {"events", cluster.sim().trace().size()},
            {"busiest_actor", busiest.actor},
            {"busiest_second_s", busiest.second / sim::kSecond},
            {"busiest_events", busiest.events},
            {"wall_s", wall}};
}

} // namespace kubelab::bench
