// The container shell: any script, as a container's command (run in virtual time for a
// while) and as `kubectl exec` runs it (to its end at once). It must parse or report a
// syntax error, and run within its budgets: no crash, hang or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/node/container_fs.h"
#include "engine/node/sh.h"

using namespace kubelab;
using namespace kubelab::node;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size > 4096)
        return 0;
    const std::string text(reinterpret_cast<const char*>(data), size);
    FileTree host;
    host.put("/vol", FileNode{true, false, {}, 0});
    ContainerFs fs(size % 2 ? Userland::Busybox : Userland::Gnu, "docker.io/library/busybox",
                   {"p", "default", "10.244.0.2", "p"}, {{"/data", "/vol", false}});
    sh::System sys{host, fs, 0};
    (void)sh::execSync({"sh", "-c", text}, {{"HOME", "/root"}}, fs.userland(), sys);
    sh::Process p({"sh", "-c", text}, {{"PATH", "/bin"}}, fs.userland());
    for (int round = 0; round < 50 && p.state() != sh::Process::State::Exited &&
                        p.state() != sh::Process::State::Waiting;
         ++round) {
        sh::System s{host, fs, sys.now};
        p.run(s);
        (void)p.takeOutput();
        sys.now = p.wakeAt();
    }
    return 0;
}
