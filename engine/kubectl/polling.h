#pragma once
// Helpers for the commands that wait (rollout status, drain, wait, scale): virtual time
// only passes through Environment::sleep, so the shell's simulation runs while kubectl
// polls, and a test's fake clock advances deterministically.
#include <string>

#include "engine/kubectl/context.h"

namespace kubelab::kubectl {

// kubectl polls its watches; we poll once a virtual second, which is as often as
// anything a learner can see changes (kubelet and controller periods are seconds).
constexpr sim::Duration kPollInterval = sim::kSecond;

// A wait that kubectl would let run forever stops after this much virtual time, so a
// script can never hang the shell (rollout status without --timeout, drain --timeout=0).
constexpr sim::Duration kMaxWait = 10 * sim::kMinute;

// Parses a Go time.Duration flag ("60s", "5m", "0"); throws pflag's "invalid argument"
// usage error naming `command` ("wait", "rollout status") on bad input.
sim::Duration durationFlag(const ParsedArgs& args, const std::string& flag,
                           const std::string& command);

// Lets `d` of virtual time pass; throws when the environment cannot wait (no sleep hook).
void sleepFor(Context& ctx, sim::Duration d);

} // namespace kubelab::kubectl
