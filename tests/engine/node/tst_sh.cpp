// The container shell: the sh subset tutorials use, run in virtual time against a
// container's files. Each check that passes on the right output has a sibling that
// would fail on a plausible wrong one.
#include <QtTest>

#include "engine/node/container_fs.h"
#include "engine/node/sh.h"

using namespace kubelab;
using namespace kubelab::node;

namespace {

struct Box
{
    FileTree host;
    ContainerFs fs;
    Box(Userland u = Userland::Busybox, std::vector<Mount> mounts = {})
        : fs(u, "docker.io/library/busybox", PodIdentity{"web-0", "default", "10.244.1.5", "web-0"},
             std::move(mounts))
    {
        for (const auto& m : fs.mounts())
            host.put(m.hostPath, FileNode{true, false, {}, 0});
    }
    sh::ExecResult exec(std::vector<std::string> argv, std::vector<std::pair<std::string, std::string>> env = {})
    {
        sh::System sys{host, fs, 0};
        return sh::execSync(argv, env, fs.userland(), sys);
    }
    sh::ExecResult script(const std::string& text, std::vector<std::pair<std::string, std::string>> env = {})
    {
        return exec({"sh", "-c", text}, std::move(env));
    }
};

// Runs a process to its end (or `limit`), returning the log lines with their times.
std::vector<std::pair<sim::Time, std::string>> runProcess(sh::Process& p, Box& box,
                                                          sim::Time limit = 3600 * sim::kSecond)
{
    std::vector<std::pair<sim::Time, std::string>> log;
    sim::Time now = 0;
    for (int rounds = 0; rounds < 100000; ++rounds) {
        sh::System sys{box.host, box.fs, now};
        p.run(sys);
        for (auto& line : p.takeOutput())
            log.emplace_back(now, line);
        if (p.state() != sh::Process::State::Sleeping || p.wakeAt() > limit)
            break;
        now = p.wakeAt();
    }
    return log;
}

} // namespace

class TestSh : public QObject
{
    Q_OBJECT
private slots:
    void echoVariablesAndQuotes()
    {
        Box b;
        auto r = b.script("X=world; echo \"hello $X\" 'not $X' ${Y:-fallback}", {});
        QCOMPARE(r.stdoutText, std::string("hello world not $X fallback\n"));
        QVERIFY(r.stdoutText != "hello $X not world fallback\n");
        QCOMPARE(r.exitCode, 0);
        auto env = b.exec({"sh", "-c", "echo $GREETING"}, {{"GREETING", "hi"}});
        QCOMPARE(env.stdoutText, std::string("hi\n"));
    }

    void controlFlow()
    {
        Box b;
        auto r = b.script("for i in 1 2 3; do if [ $i -eq 2 ]; then continue; fi; echo n$i; done; "
                          "i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i; "
                          "until false; do break; done; true && echo and || echo or; "
                          "false && echo no || echo yes");
        QCOMPARE(r.stdoutText, std::string("n1\nn3\n3\nand\nyes\n"));
        auto neg = b.script("! true; echo $?; [ -z \"\" ] && echo empty");
        QCOMPARE(neg.stdoutText, std::string("1\nempty\n"));
    }

    void filesAndRedirections()
    {
        Box b;
        auto r = b.script("echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f | wc -l; "
                          "grep tw /tmp/f; ls /tmp; rm /tmp/f; cat /tmp/f");
        QCOMPARE(r.stdoutText, std::string("2\ntwo\nf\n"));
        QCOMPARE(r.stderrText, std::string("cat: can't open '/tmp/f': No such file or directory\n"));
        QCOMPARE(r.exitCode, 1);
        // The same missing file in a GNU userland reads as coreutils prints it.
        Box gnu(Userland::Gnu);
        auto g = gnu.script("cat /tmp/none");
        QCOMPARE(g.stderrText, std::string("cat: /tmp/none: No such file or directory\n"));
    }

    void commandSubstitutionAndHeredoc()
    {
        Box b;
        auto r = b.script("n=$(echo 4 | wc -l); echo \"lines=$n host=$(hostname)\"; "
                          "cat <<EOF\nnamespace $(cat /var/run/secrets/kubernetes.io/"
                          "serviceaccount/namespace)\nEOF");
        QCOMPARE(r.stdoutText, std::string("lines=1 host=web-0\nnamespace default\n"));
    }

    void unknownCommandAndSyntaxError()
    {
        Box b;
        auto r = b.script("nosuch arg");
        QCOMPARE(r.stderrText, std::string("sh: nosuch: not found\n"));
        QCOMPARE(r.exitCode, 127);
        Box bash(Userland::Gnu);
        auto br = bash.exec({"bash", "-c", "nosuch"});
        QCOMPARE(br.stderrText, std::string("bash: line 1: nosuch: command not found\n"));
        auto bad = b.script("if true; then echo x");
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.stderrText.find("syntax error") != std::string::npos);
        auto start = b.exec({"nosuch-binary"});
        QCOMPARE(start.startError,
                 std::string("exec: \"nosuch-binary\": executable file not found in $PATH"));
    }

    void scriptFromAFile()
    {
        // `command: ["sh", "/scripts/run.sh"]` with the script in a mounted volume.
        Box b(Userland::Busybox, {{"/scripts", "/host/cm", true}});
        b.host.put("/host/cm/run.sh", FileNode{false, false, "echo from file $1\nexit 3\n", 0});
        auto r = b.exec({"sh", "/scripts/run.sh", "arg"});
        QCOMPARE(r.stdoutText, std::string("from file arg\n"));
        QCOMPARE(r.exitCode, 3);
        auto missing = b.exec({"sh", "/scripts/none.sh"});
        QCOMPARE(missing.stderrText,
                 std::string("sh: can't open '/scripts/none.sh': No such file or directory\n"));
        QCOMPARE(missing.exitCode, 2);
        sh::Process p({"sh", "/scripts/run.sh"}, {}, Userland::Busybox);
        auto log = runProcess(p, b);
        QCOMPARE(log.size(), size_t(1));
        QCOMPARE(p.exitCode(), 3);
    }

    void sleepsInVirtualTime()
    {
        Box b;
        sh::Process p({"sh", "-c", "echo start; sleep 30; echo after; sleep 5"}, {},
                      Userland::Busybox);
        auto log = runProcess(p, b);
        QCOMPARE(log.size(), size_t(2));
        QCOMPARE(log[0].first, sim::Time(0));
        QCOMPARE(log[1].first, 30 * sim::kSecond);
        QCOMPARE(log[1].second, std::string("after"));
        QCOMPARE(p.state(), sh::Process::State::Exited);
        QCOMPARE(p.exitCode(), 0);
    }

    void livenessExampleFiles()
    {
        // The documentation's liveness example: the file exists for 30 s.
        Box b;
        sh::Process p({"/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"},
                      {}, Userland::Busybox);
        sh::System s0{b.host, b.fs, 0};
        p.run(s0);
        QCOMPARE(b.exec({"cat", "/tmp/healthy"}).exitCode, 0);
        sh::System s1{b.host, b.fs, p.wakeAt()};
        p.run(s1);
        auto probe = b.exec({"cat", "/tmp/healthy"});
        QCOMPARE(probe.exitCode, 1);
        QCOMPARE(probe.stderrText,
                 std::string("cat: can't open '/tmp/healthy': No such file or directory\n"));
        QCOMPARE(p.state(), sh::Process::State::Sleeping);
        QCOMPARE(p.wakeAt(), 630 * sim::kSecond);
    }

    void busyLoopCostsTimeNotForever()
    {
        Box b;
        sh::Process p({"sh", "-c", "while true; do :; done"}, {}, Userland::Busybox);
        sh::System s{b.host, b.fs, 0};
        p.run(s);
        QCOMPARE(p.state(), sh::Process::State::Sleeping);
        QVERIFY(p.wakeAt() > 0);
        // A nested run of the same loop is cut rather than hanging.
        auto r = b.script("while true; do :; done");
        QCOMPARE(r.exitCode, 124);
    }

    void appendingForEverIsBounded()
    {
        // Found by fuzz_shell: an exec'd loop whose sleep takes no time appended to a file
        // until the budget, copying the whole file each time. Appends are in place, a file
        // stops at 8 MiB with ENOSPC, and the run is cut at its budget.
        Box b;
        auto r = b.script("i=0; while [ $i -lt 3 ]; do echo \"$i: $(date)\" >> /tmp/log; "
                          "i=$((i+0)); sleep 1; done");
        QCOMPARE(r.exitCode, 124);
        auto size = b.fs.stat(b.host, "/tmp/log");
        QVERIFY(size && size->size > 0 && size->size <= ContainerFs::kMaxFileBytes);
        // A file can grow to its limit and no further.
        Box full;
        const std::string mib(1 << 20, 'x');
        for (int i = 0; i < 8; ++i)
            QCOMPARE(full.fs.write(full.host, "/tmp/big", mib, true, 0), ContainerFs::Error::None);
        QCOMPARE(full.fs.write(full.host, "/tmp/big", "y", true, 0), ContainerFs::Error::NoSpace);
        auto e = full.script("echo more >> /tmp/big");
        QCOMPARE(e.stderrText, std::string("sh: write error: No space left on device\n"));
        QCOMPARE(e.exitCode, 1);
    }

    void sharedVolumeAndTailFollow()
    {
        // Two containers mount the same emptyDir: what one writes, the other reads.
        FileTree host;
        host.put("/var/lib/kubelet/pods/u/volumes/kubernetes.io~empty-dir/shared",
                 FileNode{true, false, {}, 0});
        const Mount m{"/data", "/var/lib/kubelet/pods/u/volumes/kubernetes.io~empty-dir/shared", false};
        ContainerFs writer(Userland::Busybox, "busybox", {"p", "default", "10.0.0.2", "p"}, {m});
        ContainerFs reader(Userland::Busybox, "busybox", {"p", "default", "10.0.0.2", "p"}, {m});
        sh::Process w({"sh", "-c", "i=0; while true; do echo line$i >> /data/log; i=$((i+1)); sleep 1; done"},
                      {}, Userland::Busybox);
        sh::Process r({"tail", "-f", "/data/log"}, {}, Userland::Busybox);
        std::vector<std::string> seen;
        for (sim::Time t = 0; t <= 3 * sim::kSecond; t += sim::kSecond) {
            sh::System sw{host, writer, t};
            w.run(sw);
            sh::System sr{host, reader, t + sim::kMillisecond};
            r.run(sr);
            for (auto& line : r.takeOutput())
                seen.push_back(line);
        }
        QCOMPARE(seen, (std::vector<std::string>{"line0", "line1", "line2", "line3"}));
        // The writer's own layer does not leak into the reader.
        sh::System sw{host, writer, 0};
        sh::execSync({"touch", "/tmp/private"}, {}, Userland::Busybox, sw);
        QVERIFY(!reader.stat(host, "/tmp/private"));
        QVERIFY(writer.stat(host, "/tmp/private"));
    }

    void readOnlyMount()
    {
        Box b(Userland::Busybox, {{"/etc/config", "/host/cm", true}});
        b.host.put("/host/cm/mode", FileNode{false, false, "fast", 0});
        auto r = b.script("cat /etc/config/mode; echo x > /etc/config/mode");
        QCOMPARE(r.stdoutText, std::string("fast"));
        QCOMPARE(r.stderrText, std::string("sh: can't create /etc/config/mode: Read-only file system\n"));
        QCOMPARE(r.exitCode, 1);
    }

    void stressHoldsMemory()
    {
        Box b;
        sh::Process p({"stress", "--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"}, {},
                      Userland::Busybox);
        sh::System s{b.host, b.fs, 0};
        p.run(s);
        QCOMPARE(p.memoryBytes(), std::int64_t(250) * 1024 * 1024);
        QCOMPARE(p.state(), sh::Process::State::Waiting);
        auto out = p.takeOutput();
        QCOMPARE(out.at(0), std::string("stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd"));
    }

    void dateIsVirtual()
    {
        Box b;
        sh::System s{b.host, b.fs, 61 * sim::kSecond};
        auto r = sh::execSync({"date"}, {}, Userland::Busybox, s);
        QCOMPARE(r.stdoutText, std::string("Mon Jan  5 09:01:01 UTC 2026\n"));
        auto f = sh::execSync({"date", "+%F %T"}, {}, Userland::Busybox, s);
        QCOMPARE(f.stdoutText, std::string("2026-01-05 09:01:01\n"));
    }
};

QTEST_APPLESS_MAIN(TestSh)
#include "tst_sh.moc"
