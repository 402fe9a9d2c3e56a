#include "app/trace/components.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace kubelab::app {

namespace {

struct Role
{
    std::string_view prefix; // the actor name up to the host
    const char* title;
};

// In the order a request travels; the index is the sort rank.
constexpr std::array<Role, 8> kRoles{{
    {"kubectl", "kubectl"},
    {"kube-apiserver-", "API server"},
    {"etcd-", "etcd"},
    {"kube-controller-manager-", "controller manager"},
    {"kube-scheduler-", "scheduler"},
    {"kubelet-", "kubelet"},
    {"containerd-", "containerd"},
    {"kube-proxy-", "kube-proxy"},
}};

// The role's index, or kRoles.size() for an actor of no known kind.
size_t roleOf(const std::string& actor)
{
    for (size_t i = 0; i < kRoles.size(); ++i) {
        const std::string_view p = kRoles[i].prefix;
        if (p.back() == '-' ? actor.size() > p.size() && actor.starts_with(p) : actor == p)
            return i;
    }
    return kRoles.size();
}

// Natural order: runs of digits compare as numbers ("worker-2" < "worker-10").
bool naturalLess(const std::string& a, const std::string& b)
{
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (std::isdigit(static_cast<unsigned char>(a[i])) &&
            std::isdigit(static_cast<unsigned char>(b[j]))) {
            size_t ei = i, ej = j;
            while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei])))
                ++ei;
            while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej])))
                ++ej;
            // Without leading zeros, a longer run is a bigger number.
            const std::string_view x = std::string_view(a).substr(i, ei - i);
            const std::string_view y = std::string_view(b).substr(j, ej - j);
            if (x.size() != y.size())
                return x.size() < y.size();
            if (x != y)
                return x < y;
            i = ei;
            j = ej;
        } else {
            if (a[i] != b[j])
                return a[i] < b[j];
            ++i;
            ++j;
        }
    }
    return a.size() - i < b.size() - j;
}

} // namespace

std::string laneActor(const std::string& actor)
{
    constexpr std::string_view runtime = "containerd-";
    if (actor.starts_with(runtime) && actor.size() > runtime.size())
        return "kubelet-" + actor.substr(runtime.size());
    return actor;
}

QString componentTitle(const std::string& actor)
{
    const size_t role = roleOf(actor);
    return role < kRoles.size() ? QString::fromLatin1(kRoles[role].title)
                                : QString::fromStdString(actor);
}

QString componentHost(const std::string& actor)
{
    const size_t role = roleOf(actor);
    if (role == 0)
        return QStringLiteral("workstation");
    if (role == kRoles.size())
        return {};
    return QString::fromStdString(actor.substr(kRoles[role].prefix.size()));
}

void sortComponents(std::vector<std::string>& actors)
{
    std::stable_sort(actors.begin(), actors.end(), [](const std::string& a, const std::string& b) {
        const size_t ra = roleOf(a), rb = roleOf(b);
        return ra != rb ? ra < rb : naturalLess(a, b);
    });
}

} // namespace kubelab::app
