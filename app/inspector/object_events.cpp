#include "app/inspector/object_events.h"

#include <algorithm>
#include <string_view>

#include "engine/cluster/cluster.h"
#include "engine/kubectl/object_util.h"
#include "engine/model/kinds.h"

namespace kubelab::app {

namespace {

using kubectl::Json;

// When an event was last seen: series.lastObservedTime, else lastTimestamp, else eventTime.
sim::Time lastSeenTime(const Json& e)
{
    for (const char* path : {"series.lastObservedTime", "lastTimestamp", "eventTime"})
        if (auto t = kubectl::parseTimestamp(kubectl::str(e, path)))
            return *t;
    return 0;
}

// kubectl's getInterval: "5s", or "5s (x3 over 2m)" for a repeated event.
std::string lastSeenText(const Json& e, sim::Time now)
{
    const std::string first = kubectl::str(e, "eventTime").empty()
                                  ? kubectl::since(kubectl::at(e, "firstTimestamp"), now)
                                  : kubectl::since(kubectl::at(e, "eventTime"), now);
    if (kubectl::at(e, "series").is_object())
        return kubectl::since(kubectl::at(e, "series.lastObservedTime"), now) + " (x" +
               std::to_string(kubectl::num(e, "series.count")) + " over " + first + ")";
    if (kubectl::num(e, "count") > 1)
        return kubectl::since(kubectl::at(e, "lastTimestamp"), now) + " (x" +
               std::to_string(kubectl::num(e, "count")) + " over " + first + ")";
    return first;
}

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace

std::vector<ObjectEvent> eventsFor(const cluster::Cluster& cluster, const ObjectRef& ref)
{
    const model::KindInfo* kind = model::resolveResource(ref.resource.toStdString());
    if (!kind || ref.isNull())
        return {};
    const std::string name = ref.name.toStdString();
    const std::string ns = ref.ns.toStdString();
    const Json* object = cluster.object(kind->resource, ns, name);
    const std::string uid = object ? kubectl::str(*object, "metadata.uid") : "";
    auto field = [](const Json& o, const char* key) -> std::string_view {
        auto it = o.find(key);
        return it != o.end() && it->is_string()
                   ? std::string_view(it->get_ref<const std::string&>())
                   : std::string_view();
    };
    // Event names are "<object name>.<suffix>" (the event recorder's convention, which
    // every component follows), so an object's events are one key range in etcd, read
    // without decoding the thousands of others.
    const std::string prefix = name + ".";
    std::vector<std::shared_ptr<const Json>> matches;
    for (auto& e : cluster.events(ns, prefix)) {
        auto involved = e->find("involvedObject");
        if (involved == e->end() || !involved->is_object() || field(*involved, "name") != name ||
            field(*involved, "kind") != kind->kind || field(*involved, "namespace") != ns)
            continue;
        // Node events carry the node's name as uid (as in Kubernetes, where kubectl
        // describe node looks for both).
        const std::string_view eventUid = field(*involved, "uid");
        if (!uid.empty() && !eventUid.empty() && eventUid != uid && eventUid != name)
            continue;
        matches.push_back(std::move(e));
    }
    std::stable_sort(matches.begin(), matches.end(), [](const auto& a, const auto& b) {
        return lastSeenTime(*a) < lastSeenTime(*b);
    });
    const sim::Time now = cluster.sim().now();
    std::vector<ObjectEvent> out;
    out.reserve(matches.size());
    for (const auto& e : matches) {
        std::string message = kubectl::str(*e, "message");
        while (!message.empty() && (message.back() == ' ' || message.back() == '\n'))
            message.pop_back();
        out.push_back({q(kubectl::str(*e, "metadata.uid")),
                       std::max<qint64>(1, kubectl::num(*e, "count", 1)), q(lastSeenText(*e, now)),
                       q(kubectl::str(*e, "type")), q(kubectl::str(*e, "reason")), q(message)});
    }
    return out;
}

} // namespace kubelab::app
