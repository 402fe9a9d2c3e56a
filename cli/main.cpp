// kubelab-sim: the mini-cluster on the command line.
//   kubelab-sim shell [--seed N] [--cluster FILE] [-f SCRIPT]
//   kubelab-sim version
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/lifecycle_bench.h"
#include "bench/soak_bench.h"
#include "bench/schedule_bench.h"
#include "engine/cluster/cluster.h"
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
        std::cout << kubelab::bench::runSoakBench(root, minutes * kubelab::sim::kMinute,
                                                  seed)
                         .dump()
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
    std::cerr << "error: unknown command \"" << args[0] << "\"\n";
    usage(std::cerr);
    return 2;
}
