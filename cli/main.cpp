// kubelab-sim: the mini-cluster on the command line.
//   kubelab-sim shell [--seed N] [--cluster FILE] [-f SCRIPT]
//   kubelab-sim lab list|show|run ...
//   kubelab-sim version
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "bench/lifecycle_bench.h"
#include "bench/schedule_bench.h"
#include "bench/soak_bench.h"
#include "engine/cluster/cluster.h"
#include "engine/lab/lab.h"
#include "engine/lab/runner.h"
#include "engine/model/decode.h"
#include "engine/model/version.h"
#include "engine/shell/shell.h"

namespace {

void usage(std::ostream& os)
{
    os << "kubelab-sim: a deterministic Kubernetes mini-cluster for learning\n\n"
          "Usage:\n"
          "  kubelab-sim shell [--seed N] [--cluster FILE] [-f SCRIPT]\n"
          "      Read shell commands from SCRIPT (or standard input) and print their output.\n"
          "      Commands: kubectl ARGS..., step [N], run DURATION, settle [MAX], time,\n"
          "      trace [--last N] [--json] [--hash], aws SERVICE COMMAND ..., inbox [N],\n"
          "      help (lists them all), exit. A --cluster file with controlPlanes: 0 is the\n"
          "      AWS account alone, without Kubernetes.\n"
          "  kubelab-sim bench schedule [--nodes N] [--pods M]\n"
          "      Schedule M small pods onto N identical nodes; print one JSON line.\n"
          "  kubelab-sim bench lifecycle [--nodes N] [--pods M] [--seed S] [--checkpoint-every E]\n"
          "                              [--digest]\n"
          "      Apply Deployments until every pod runs; print one JSON line (with --digest,\n"
          "      also the trace's SHA-256, to show two builds behave the same).\n"
          "  kubelab-sim bench soak [--minutes M] [--seed S] [--root DIR]\n"
          "      Apply every manifest of the repository's tests, notes and lessons, and\n"
          "      variants of each, run M virtual minutes (60); print the busiest actor's\n"
          "      most events in one virtual second.\n"
          "  kubelab-sim lab list [--dir DIR]\n"
          "      List the labs of lessons/index.yaml in reading order (DIR: another lessons\n"
          "      folder).\n"
          "  kubelab-sim lab show FILE|ID\n"
          "      Print a lab: its cluster, setup, steps (instruction, check, hints,\n"
          "      solution, prediction) and debrief. An ID names lessons/ID.yaml.\n"
          "  kubelab-sim lab run FILE|ID [--solution] [--json]\n"
          "      Run a lab headless: its setup, then each step's check, with --solution the\n"
          "      step's reference solution, the check again and the prediction's graded\n"
          "      answer. Exits 0 only when every check holds (so 1 without --solution).\n"
          "  kubelab-sim version\n"
          "  kubelab-sim help\n";
}

bool readFile(const std::string& path, std::string& out)
{
    std::ifstream f(path, std::ios::binary);
    if (!f)
        return false;
    std::ostringstream ss;
    ss << f.rdbuf();
    out = ss.str();
    return true;
}

int shellCommand(const std::vector<std::string>& args)
{
    std::uint64_t seed = 1;
    std::string clusterFile, script;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](const char* flag) -> std::string {
            if (i + 1 >= args.size()) {
                std::cerr << "error: flag needs an argument: " << flag << "\n";
                std::exit(2);
            }
            return args[++i];
        };
        if (a == "--seed") {
            std::string v = value("--seed");
            char* end = nullptr;
            seed = std::strtoull(v.c_str(), &end, 10);
            if (v.empty() || *end) {
                std::cerr << "error: invalid seed \"" << v << "\": must be a whole number\n";
                return 2;
            }
        } else if (a.rfind("--seed=", 0) == 0) {
            seed = std::strtoull(a.c_str() + 7, nullptr, 10);
        } else if (a == "--cluster") {
            clusterFile = value("--cluster");
        } else if (a == "-f" || a == "--file") {
            script = value("-f");
        } else {
            std::cerr << "error: unknown flag: " << a << "\n";
            usage(std::cerr);
            return 2;
        }
    }
    kubelab::cluster::Topology topology;
    if (!clusterFile.empty()) {
        std::string text;
        if (!readFile(clusterFile, text)) {
            std::cerr << "error: cannot read cluster file \"" << clusterFile << "\"\n";
            return 2;
        }
        try {
            topology = kubelab::cluster::Topology::fromYaml(text, clusterFile);
        } catch (const kubelab::model::DecodeError& e) {
            std::cerr << "error: " << e.what() << "\n";
            return 2;
        }
    }
    kubelab::cluster::Cluster cluster(seed, topology);
    kubelab::shell::Shell shell(cluster, std::cout, std::cerr);
    if (script.empty())
        return shell.runScript(std::cin);
    std::ifstream in(script);
    if (!in) {
        std::cerr << "error: cannot read script \"" << script << "\"\n";
        return 2;
    }
    auto slash = script.rfind('/');
    if (slash != std::string::npos)
        shell.setBaseDirectory(script.substr(0, slash));
    return shell.runScript(in);
}

std::string lessonsDir()
{
    return std::string(KUBELAB_SOURCE_DIR) + "/lessons";
}

// A lab named by its file or its ID (lessons/ID.yaml); nullopt after printing why not.
std::optional<kubelab::lab::Lab> loadLab(const std::string& what, const std::string& dir)
{
    std::string path = what;
    if (!std::filesystem::exists(path) && what.find('/') == std::string::npos &&
        what.find('.') == std::string::npos)
        path = dir + "/" + what + ".yaml";
    std::string text;
    if (!readFile(path, text)) {
        std::cerr << "error: cannot read lab \"" << what << "\" (a lab file, or the ID of one in "
                  << dir << ")\n";
        return std::nullopt;
    }
    try {
        return kubelab::lab::decodeLab(text, path);
    } catch (const kubelab::model::DecodeError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return std::nullopt;
    }
}

std::string indented(const std::string& text, const std::string& by)
{
    std::string out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        out += by + line + "\n";
    return out;
}

void showLab(const kubelab::lab::Lab& lab, std::ostream& os)
{
    os << lab.title << "\n"
       << "id: " << lab.id << "   chapter: " << lab.chapter << "   about " << lab.minutes
       << " minutes\n"
       << "cluster: seed " << lab.seed << ", " << lab.topology.toJson().dump() << "\n";
    if (!lab.setupCommands.empty())
        os << "setup:\n" << indented(lab.setupCommands, "  $ ");
    for (const auto& f : lab.faults)
        os << "fault: " << (f.stop ? "stop " : "start ") << f.component << " "
           << kubelab::sim::formatDuration(f.after) << " after the setup\n";
    for (size_t i = 0; i < lab.steps.size(); ++i) {
        const auto& s = lab.steps[i];
        os << "\nStep " << i + 1 << "\n" << indented(s.instruction, "  ");
        if (s.prediction) {
            os << "  Prediction: " << s.prediction->question << "\n";
            for (size_t k = 0; k < s.prediction->choices.size(); ++k)
                os << "    " << char('a' + k) << ") " << s.prediction->choices[k].text
                   << "   [check: " << s.prediction->choices[k].check.text() << "]\n";
        }
        os << "  Check: " << s.check.text() << "\n";
        for (size_t k = 0; k < s.hints.size(); ++k)
            os << "  Hint " << k + 1 << ": " << s.hints[k] << "\n";
        os << "  Solution:\n" << indented(s.solution, "    $ ");
    }
    os << "\nDebrief\n" << indented(lab.debrief, "  ");
}

int labCommand(const std::vector<std::string>& args)
{
    if (args.empty()) {
        std::cerr << "error: lab needs a command: list, show or run\n";
        return 2;
    }
    const std::string& cmd = args[0];
    std::string dir = lessonsDir();
    std::vector<std::string> rest;
    bool solution = false, json = false;
    for (size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--dir" && i + 1 < args.size())
            dir = args[++i];
        else if (args[i] == "--solution" && cmd == "run")
            solution = true;
        else if (args[i] == "--json" && cmd == "run")
            json = true;
        else if (args[i].rfind("--", 0) == 0) {
            std::cerr << "error: unknown flag for lab " << cmd << ": " << args[i] << "\n";
            return 2;
        } else
            rest.push_back(args[i]);
    }
    if (cmd == "list") {
        if (!rest.empty()) {
            std::cerr << "error: lab list takes no arguments (--dir DIR for another folder)\n";
            return 2;
        }
        const std::string index = dir + "/index.yaml";
        std::string text;
        if (!readFile(index, text)) {
            std::cerr << "error: cannot read " << index << "\n";
            return 2;
        }
        std::vector<std::string> ids;
        try {
            ids = kubelab::lab::decodeLabIndex(text, index);
        } catch (const kubelab::model::DecodeError& e) {
            std::cerr << "error: " << e.what() << "\n";
            return 2;
        }
        std::cout << std::left << std::setw(26) << "ID" << std::setw(30) << "CHAPTER"
                  << std::setw(9) << "MINUTES" << std::setw(7) << "STEPS"
                  << "TITLE\n";
        int status = 0;
        for (const std::string& id : ids) {
            auto lab = loadLab(dir + "/" + id + ".yaml", dir);
            if (!lab) {
                status = 2;
                continue;
            }
            std::cout << std::setw(26) << lab->id << std::setw(30) << lab->chapter << std::setw(9)
                      << lab->minutes << std::setw(7) << lab->steps.size() << lab->title << "\n";
        }
        return status;
    }
    if (cmd != "show" && cmd != "run") {
        std::cerr << "error: unknown lab command \"" << cmd << "\" (list, show, run)\n";
        return 2;
    }
    if (rest.size() != 1) {
        std::cerr << "error: lab " << cmd << " takes one lab file or ID\n";
        return 2;
    }
    auto lab = loadLab(rest[0], dir);
    if (!lab)
        return 2;
    if (cmd == "show") {
        showLab(*lab, std::cout);
        return 0;
    }
    const kubelab::lab::RunReport report =
        kubelab::lab::runLab(*lab, solution, kubelab::shell::runScriptText);
    if (json)
        std::cout << report.toJson(*lab).dump(2) << "\n";
    else
        std::cout << report.toText(*lab);
    return report.passed ? 0 : 1;
}

int benchCommand(const std::vector<std::string>& args)
{
    if (args.empty()) {
        std::cerr << "error: bench needs a name: schedule, lifecycle or soak\n";
        return 2;
    }
    long nodes = 100, pods = 1000, minutes = 60;
    std::string root = KUBELAB_SOURCE_DIR;
    std::uint64_t seed = 1, checkpointEvery = 0;
    bool digest = false;
    for (size_t i = 1; i < args.size(); ++i) {
        auto number = [&](const char* flag) -> long {
            if (i + 1 >= args.size()) {
                std::cerr << "error: flag needs an argument: " << flag << "\n";
                std::exit(2);
            }
            char* end = nullptr;
            long v = std::strtol(args[++i].c_str(), &end, 10);
            if (*end || v < 0) {
                std::cerr << "error: " << flag << " needs a whole number, got \"" << args[i]
                          << "\"\n";
                std::exit(2);
            }
            return v;
        };
        if (args[i] == "--nodes")
            nodes = number("--nodes");
        else if (args[i] == "--pods")
            pods = number("--pods");
        else if (args[i] == "--seed")
            seed = std::uint64_t(number("--seed"));
        else if (args[i] == "--checkpoint-every")
            checkpointEvery = std::uint64_t(number("--checkpoint-every"));
        else if (args[i] == "--digest")
            digest = true;
        else if (args[i] == "--minutes")
            minutes = number("--minutes");
        else if (args[i] == "--root" && i + 1 < args.size())
            root = args[++i];
        else {
            std::cerr << "error: unknown flag: " << args[i] << "\n";
            return 2;
        }
    }
    if (args[0] == "schedule") {
        std::cout << kubelab::scheduler::runScheduleBench(int(nodes), int(pods)).dump() << "\n";
        return 0;
    }
    if (args[0] == "lifecycle") {
        std::cout << kubelab::bench::runLifecycleBench(int(nodes), int(pods), seed, checkpointEvery,
                                                       digest)
                         .dump()
                  << "\n";
        return 0;
    }
    if (args[0] == "soak") {
        if (minutes > 7 * 24 * 60) {
            std::cerr << "error: --minutes: at most a week of virtual time (10080)\n";
            return 2;
        }
        std::cout
            << kubelab::bench::runSoakBench(root, minutes * kubelab::sim::kMinute, seed).dump()
            << "\n";
        return 0;
    }
    std::cerr << "error: unknown benchmark \"" << args[0]
              << "\" (try: schedule, lifecycle, soak)\n";
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
        usage(std::cout);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "version" || args[0] == "--version") {
        std::cout << "kubelab-sim " << KUBELAB_VERSION << " (simulated Kubernetes "
                  << kubelab::model::kKubernetesVersion << ")\n";
        return 0;
    }
    if (args[0] == "shell")
        return shellCommand({args.begin() + 1, args.end()});
    if (args[0] == "bench")
        return benchCommand({args.begin() + 1, args.end()});
    if (args[0] == "lab")
        return labCommand({args.begin() + 1, args.end()});
    std::cerr << "error: unknown command \"" << args[0] << "\"\n";
    usage(std::cerr);
    return 2;
}
