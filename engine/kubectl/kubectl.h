#pragma once
// The kubectl subset: parses a kubectl command line, talks to the API server through an
// api::Client, and prints what kubectl prints. Used by the shell and the app's console.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/api/request.h"
#include "engine/sim/time.h"

namespace kubelab::kubectl {

struct Environment
{
    api::Client* client = nullptr;
    // Current virtual time, for AGE columns and timestamps.
    std::function<sim::Time()> now;
    // Reads a file named on the command line (-f FILE); nullopt when it cannot be read.
    std::function<std::optional<std::string>(const std::string& path)> readFile;
    // Lets virtual time pass while kubectl waits (rollout status, drain, wait): the
    // shell runs the simulation for `d`. Unset means kubectl cannot wait.
    std::function<void(sim::Duration d)> sleep;
    // Standard input, for `-f -`.
    std::string stdinText;
    std::string defaultNamespace = "default";
};

struct Result
{
    int exitCode = 0;
    std::string out; // standard output
    std::string err; // standard error
};

// The commands this kubectl implements, sorted (the app console completes them).
std::vector<std::string> commandNames();

// Runs one kubectl invocation. `args` excludes the leading "kubectl".
Result run(const std::vector<std::string>& args, Environment& env);

} // namespace kubelab::kubectl
