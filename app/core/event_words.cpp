#include "app/core/event_words.h"

#include <QObject>
#include <utility>

namespace kubelab::app {

namespace {

bool startsWith(const std::string& s, const std::string& prefix, std::string* rest)
{
    if (s.rfind(prefix, 0) != 0)
        return false;
    *rest = s.substr(prefix.size());
    return true;
}

} // namespace

QString componentWords(const std::string& actor)
{
    std::string where;
    const auto on = [&where](const char* what) {
        return QObject::tr("%1 on %2").arg(QObject::tr(what), QString::fromStdString(where));
    };
    if (startsWith(actor, "kube-controller-manager", &where))
        return QObject::tr("the controller manager");
    if (startsWith(actor, "kube-scheduler", &where))
        return QObject::tr("the scheduler");
    if (startsWith(actor, "kube-apiserver", &where))
        return QObject::tr("the API server");
    if (startsWith(actor, "kubelet-", &where))
        return on("the kubelet");
    if (startsWith(actor, "containerd-", &where))
        return on("the container runtime");
    if (startsWith(actor, "kube-proxy-", &where))
        return on("kube-proxy");
    if (startsWith(actor, "etcd-", &where))
        return on("etcd");
    if (actor == "kubectl")
        return QObject::tr("kubectl (you)");
    return QString::fromStdString(actor);
}

QString eventWords(const std::string& from, const std::string& to, const std::string& kind)
{
    // What the receiver does; %1 is the sender. Kinds the engine's actors receive.
    static const std::pair<const char*, const char*> kPhrases[] = {
        {"timer.monitor", "checks node health"},
        {"timer.nodestatus", "reports its node's status"},
        {"timer.lease", "renews its lease"},
        {"timer.heartbeat", "sends a heartbeat"},
        {"timer.compact", "compacts old revisions"},
        {"timer.work", "works through its queue"},
        {"timer.resync", "re-reads what it watches"},
        {"timer.requeue", "retries an item from its queue"},
        {"timer.reply", "sends a reply"},
        {"timer.pull.done", "finishes pulling an image"},
        {"timer.pull.failed", "fails to pull an image"},
        {"timer.probe", "runs a health probe"},
        {"timer.flush", "sends what it has batched"},
        {"timer.container.sigterm", "asks a container to stop (SIGTERM)"},
        {"timer.container.sigkill", "kills a container (SIGKILL)"},
        {"timer.container.exit", "sees a container exit"},
        {"timer.backoff", "ends a back-off wait"},
        {"api.request", "receives a request from %1"},
        {"api.response", "gets a reply from %1"},
        {"api.watch.event", "hears of a change from %1"},
        {"api.watch.cancel", "stops a watch"},
        {"etcd.txn", "receives a write from %1"},
        {"etcd.txn.result", "gets the answer to a write from %1"},
        {"etcd.range", "receives a read from %1"},
        {"etcd.range.result", "gets the answer to a read from %1"},
        {"etcd.watch.events", "hears of changes from %1"},
        {"fault.stop", "is stopped (a fault)"},
        {"fault.start", "starts again"},
    };
    const QString who = componentWords(to);
    const QString sender = componentWords(from);
    for (const auto& [k, phrase] : kPhrases)
        if (kind == k) {
            QString what = QObject::tr(phrase);
            if (what.contains(QLatin1String("%1")))
                what = what.arg(sender);
            return who + QLatin1Char(' ') + what;
        }
    if (from == to || from.empty())
        return QObject::tr("%1 handles %2").arg(who, QString::fromStdString(kind));
    return QObject::tr("%1 handles %2 from %3").arg(who, QString::fromStdString(kind), sender);
}

} // namespace kubelab::app
