#pragma once
// The one-line programs tutorials give an interpreter image (`perl -e`, `python -c`,
// `node -e`, `ruby -e`): what they print, how long they take, whether they end. Only the
// forms tutorials use are understood: printing literals (`print "hi"`, `print('hi')`,
// `console.log("hi")`, `puts 'hi'`), sleeping, an endless loop, and Perl's bignum
// `print bpi(N)`, which the Kubernetes documentation's Job uses to compute π.
#include <optional>
#include <string>
#include <vector>

#include "engine/sim/time.h"

namespace kubelab::node {

struct OneLinerRun
{
    std::vector<std::string> output; // lines printed
    sim::Duration runFor = 0;
    bool endless = false; // a loop that never ends
};

// `tokens` is the container's command and args. nullopt when they are not an
// interpreter given a program on its command line.
std::optional<OneLinerRun> runOneLiner(const std::vector<std::string>& tokens);

// π to `digits` significant digits, rounded as Math::BigFloat's bpi rounds ("3.1416"
// for 5). At most 20,000 digits.
std::string piToDigits(int digits);

} // namespace kubelab::node
