#include "app/components.h"

#include <QCollator>
#include <algorithm>
#include <array>
#include <string_view>

namespace kubelab::app {

namespace {

struct Role
{
    std::string_view prefix; // the actor name up to the host
    const char* title;
};

// In the order a request travels; the index is the sort rank.
constexpr std::array<Role, 7> kRoles{{
    {"kubectl", "kubectl"},
    {"kube-apiserver-", "API server"},
    {"etcd-", "etcd"},
    {"kube-controller-manager-", "controller manager"},
    {"kube-scheduler-", "scheduler"},
    {"kubelet-", "kubelet"},
    {"containerd-", "containerd"},
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
    QCollator natural;
    natural.setNumericMode(true);
    std::stable_sort(actors.begin(), actors.end(), [&](const std::string& a, const std::string& b) {
        const size_t ra = roleOf(a), rb = roleOf(b);
        if (ra != rb)
            return ra < rb;
        return natural.compare(QString::fromStdString(a), QString::fromStdString(b)) < 0;
    });
}

} // namespace kubelab::app
