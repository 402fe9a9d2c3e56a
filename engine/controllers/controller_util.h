#pragma once
// Helpers every controller shares, as k8s.io/kubernetes/pkg/controller and
// pkg/api/v1/pod do: object keys, owner references, pod readiness and availability,
// conditions, timestamps, the template hash and intstr scaling. Free functions of JSON
// objects so controllers' decisions stay testable without a simulation.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/request.h"
#include "engine/model/selector.h"
#include "engine/sim/time.h"

namespace kubelab::controllers {

using Json = nlohmann::json;

std::string nameOf(const Json& obj);
std::string namespaceOf(const Json& obj);
std::string uidOf(const Json& obj);
// "namespace/name", or "name" for cluster-scoped objects: the work-queue key.
std::string keyOf(const Json& obj);
// Sorts objects by keyOf, the order an informer lists them in.
void sortByKey(std::vector<const Json*>& objects);
bool isDeleting(const Json& obj);

// The ownerReference with controller: true, or nullptr.
const Json* controllerRef(const Json& obj);
// An ownerReference to `owner` as controllers write it (controller and
// blockOwnerDeletion true).
Json controllerOwnerRef(const Json& owner);
// spec.selector parsed; nullopt when absent or invalid (such objects are skipped).
std::optional<model::LabelSelector> selectorOf(const Json& obj);

// RFC 3339 (second precision, UTC) back to virtual time; nullopt when unparsable.
std::optional<sim::Time> parseTimestamp(const std::string& text);

// Pods, as pkg/api/v1/pod and controller_utils do.
const Json* podCondition(const Json& pod, const std::string& type);
bool isPodReady(const Json& pod);
// Ready for at least minReadySeconds at `now` (podutil.IsPodAvailable).
bool isPodAvailable(const Json& pod, std::int64_t minReadySeconds, sim::Time now);
// Not Succeeded/Failed and not being deleted (controller.FilterActivePods).
bool isPodActive(const Json& pod);
std::string podPhase(const Json& pod);
std::int64_t maxRestarts(const Json& pod);
// Sets a pod/node-style condition {type,status,reason,message,lastTransitionTime,...},
// keeping lastTransitionTime when the status does not change. Returns true if changed.
// A JSON merge patch of a core-group object or one of its subresources ("status",
// "finalize"): how controllers write conditions and finalizers.
api::Request corePatch(const std::string& resource, const std::string& ns, const std::string& name,
                       const std::string& subresource, Json body);
bool setCondition(Json& conditions, Json condition, const std::string& nowStamp);

// The pod's name and labels for a new pod from `tmpl` (a PodTemplateSpec) owned by
// `owner`: generateName "<prefix>", template labels/annotations, the controller ref.
Json podFromTemplate(const Json& tmpl, const Json& owner, const std::string& generateName);

// FNV-32a, as hash/fnv.New32a.
std::uint32_t fnv32a(const std::string& data, std::uint32_t hash = 2166136261u);
// rand.SafeEncodeString: maps each character onto "bcdfghjklmnpqrstvwxz2456789".
std::string safeEncodeString(const std::string& s);
// controller.ComputeHash: FNV-32a of the pod template (our canonical JSON stands in for
// Go's spew dump), plus the collision count, safe-encoded ("7d4b9c8f5").
std::string computeHash(const Json& podTemplate, std::optional<std::int64_t> collisionCount);

// intstr.GetScaledValueFromIntOrPercent: "25%" of total, rounded up or down; ints as is.
std::int64_t scaledValue(const Json& intOrPercent, std::int64_t total, bool roundUp);

// A merge patch turning `from` into `to` at the top level of the object: keys that
// vanish become null, so zero-valued (omitted) status fields are cleared.
Json topLevelMergePatch(const Json& from, const Json& to);

} // namespace kubelab::controllers
