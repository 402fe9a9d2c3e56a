#include "engine/kubectl/polling.h"

namespace kubelab::kubectl {

sim::Duration durationFlag(const ParsedArgs& args, const std::string& flag,
                           const std::string& command)
{
    const std::string text = args.get(flag);
    if (text == "0" || text.empty())
        return 0;
    // Go's time.ParseDuration has no day unit; kubelab's parser does, so refuse it here.
    auto d = text.find('d') == std::string::npos ? sim::parseDuration(text) : std::nullopt;
    if (!d || *d < 0)
        throw CommandError("Error: invalid argument " + quote(text) + " for \"--" + flag +
                           "\" flag: time: invalid duration " + quote(text) + "\nSee 'kubectl " +
                           command + " --help' for usage.");
    return *d;
}

void sleepFor(Context& ctx, sim::Duration d)
{
    if (!ctx.env.sleep)
        throw clientError("this console cannot let virtual time pass while kubectl waits; "
                          "run the simulation and try again");
    ctx.env.sleep(d);
}

} // namespace kubelab::kubectl
