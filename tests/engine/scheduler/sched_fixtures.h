#pragma once
// Test helpers: nodes and pods from short JSON, and one plugin run the way the framework
// runs it (PreFilter, then Filter; PreScore, Score, NormalizeScore).
#include <QString>

#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/scheduler/explanation_recorder.h"
#include "engine/scheduler/fit_error.h"
#include "engine/scheduler/framework.h"
#include "engine/scheduler/node_info.h"
#include "engine/scheduler/plugin.h"
#include "engine/scheduler/pod_info.h"

namespace schedtest {

using nlohmann::json;
using namespace kubelab::scheduler;

// {"name":"p","ns":"default","labels":{},"cpu":"1","memory":"1Gi","priority":0,
//  "node":"n1","spec":{...}}: cpu/memory become one container's requests.
inline json podJson(const json& s)
{
    json spec = s.value("spec", json::object());
    if (!spec.contains("containers")) {
        json c = {{"name", "c"}, {"image", s.value("image", "nginx")}};
        json req = json::object();
        if (s.contains("cpu"))
            req["cpu"] = s["cpu"];
        if (s.contains("memory"))
            req["memory"] = s["memory"];
        if (!req.empty())
            c["resources"] = {{"requests", req}};
        spec["containers"] = json::array({c});
    }
    if (s.contains("node"))
        spec["nodeName"] = s["node"];
    spec["priority"] = s.value("priority", 0);
    json meta = {{"name", s.value("name", "p")},
                 {"namespace", s.value("ns", "default")},
                 {"uid", "uid-" + s.value("name", "p")}};
    if (s.contains("labels"))
        meta["labels"] = s["labels"];
    if (s.contains("owner"))
        meta["ownerReferences"] = json::array(
            {{{"kind", s["owner"]}, {"name", "o"}, {"controller", true}, {"uid", "o"}}});
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", meta},
            {"spec", spec},
            {"status", s.value("status", json::object())}};
}

inline PodInfo pod(const json& s)
{
    return podInfoFromJson(podJson(s));
}
inline PodInfo pod(const QString& text)
{
    return pod(json::parse(text.toStdString()));
}

// {"name":"n1","cpu":"2","memory":"4Gi","pods":110,"labels":{},"taints":[...],
//  "unschedulable":true,"images":[...],"running":[pod short JSON...]}
inline std::shared_ptr<NodeInfo> node(const json& s)
{
    const std::string name = s.value("name", "n1");
    json labels = s.value("labels", json::object());
    labels["kubernetes.io/hostname"] = name;
    json n = {{"metadata", {{"name", name}, {"labels", labels}}},
              {"spec",
               {{"taints", s.value("taints", json::array())},
                {"unschedulable", s.value("unschedulable", false)}}},
              {"status",
               {{"allocatable",
                 {{"cpu", s.value("cpu", "2")},
                  {"memory", s.value("memory", "4Gi")},
                  {"pods", std::to_string(s.value("pods", 110))}}},
                {"images", s.value("images", json::array())}}}};
    auto info = std::make_shared<NodeInfo>();
    info->setNode(n);
    for (json p : s.value("running", json::array())) {
        p["node"] = name;
        info->addPod(std::make_shared<PodInfo>(pod(p)));
    }
    return info;
}

using Nodes = std::vector<std::shared_ptr<NodeInfo>>;

inline Nodes nodes(const QString& text)
{
    Nodes out;
    for (const json& n : json::parse(text.toStdString()))
        out.push_back(node(n));
    return out;
}

inline Snapshot snapshotOf(const Nodes& ns)
{
    Snapshot s;
    for (const auto& n : ns)
        s.nodes.push_back(n.get());
    s.refresh();
    return s;
}

inline QString codeName(const Status& s)
{
    return Status::codeName(s.code());
}

// PreFilter then Filter on nodes[index], as the framework does (Skip means pass).
inline Status runFilter(Plugin& p, const PodInfo& pd, const Nodes& ns, std::size_t index)
{
    p.setSlot(0);
    Snapshot snap = snapshotOf(ns);
    CycleState state(1);
    if (p.points() & kPreFilter) {
        Status pre = p.preFilter(state, pd, snap);
        if (pre.isSkip())
            return Status::success();
        if (!pre.ok())
            return pre;
    }
    return p.filter(state, pd, *ns[index]);
}

// Normalized scores of every node (all taken as feasible); "skip" gives empty.
inline std::vector<std::int64_t> runScore(Plugin& p, const PodInfo& pd, const Nodes& ns)
{
    p.setSlot(0);
    Snapshot snap = snapshotOf(ns);
    CycleState state(1);
    if (p.points() & kPreScore) {
        Status pre = p.preScore(state, pd, snap.nodes, snap);
        if (!pre.ok())
            return {};
    }
    std::vector<std::int64_t> scores;
    for (const auto& n : ns)
        scores.push_back(p.score(state, pd, *n));
    p.normalize(state, pd, scores);
    return scores;
}

inline QString join(const std::vector<std::int64_t>& v)
{
    QString out;
    for (auto x : v)
        out += (out.isEmpty() ? "" : ",") + QString::number(x);
    return out.isEmpty() ? "skip" : out;
}

} // namespace schedtest
