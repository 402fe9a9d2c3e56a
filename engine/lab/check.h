#pragma once
// The lab check language: a small expression over the cluster's API objects, parsed once
// when a lab is decoded and evaluated as often as the caller likes (the runner after each
// step, the app each time the cluster advances). lessons/README.md documents it:
//   count(pods{app=web, phase=Running}) == 3
//   node(worker-1).condition(Ready) == "False"
//   event(reason=FailedScheduling, object=pod/big) and now >= @2m
//   certificate(shop.example.com).DaysToExpiry > 45
//   count(nat(worker-1){chain~"KUBE-SVC-", probability=0.33333333349}) == 1
// Evaluation reads only what a client of the API server would read (StateReader), never
// a component's memory, and never advances the simulation.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/model/decode.h"
#include "engine/model/kinds.h"
#include "engine/sim/time.h"

namespace kubelab::lab {

// What a check may look at: the API's objects and the virtual clock. ClusterReader
// (cluster_reader.h) serves them from the embedded cluster; a reader over a real API
// server can serve them too.
class StateReader
{
public:
    virtual ~StateReader() = default;
    virtual sim::Time now() const = 0;
    // Every object of `kind` in namespace `ns` (every namespace when empty), in key order.
    virtual std::vector<std::shared_ptr<const nlohmann::json>> list(
        const model::KindInfo& kind, const std::string& ns) const = 0;
    // Records outside the Kubernetes API, each as the tool or API that shows it gives it
    // (lessons/README.md lists their fields): "certificates" (ACM's DescribeCertificate),
    // "subscriptions" (SNS), "inbox" (the e-mail delivered), "loadbalancers" and
    // "listeners" (ELB's describe calls), "nat" (`iptables-save -t nat` on node `arg`).
    // None by default: a reader without an AWS account or nodes to read.
    virtual std::vector<std::shared_ptr<const nlohmann::json>> records(
        const std::string& /*set*/, const std::string& /*arg*/) const
    {
        return {};
    }
};

// Maps an offset in a check's text to file:line:column. A check sits in a YAML scalar:
// each of its lines starts at a known place in the file.
struct TextPlace
{
    std::string file;
    struct Start
    {
        int line = 1;
        int column = 1;
    };
    std::vector<Start> lineStarts{Start{}};

    // The file's line and column of byte `offset` of the text.
    Start locate(const std::string& text, size_t offset) const;
    // "file:line:column" of it.
    std::string at(const std::string& text, size_t offset) const;
};

// One `event(...)` selector: the Events about an object, by reason. Shared by checks and
// by the debrief's {{event:...}} references.
struct EventSelector
{
    std::string reason;
    std::string objectKind; // "Pod", "Node" (the Event's involvedObject.kind); empty: any
    std::string objectName; // exact, or a prefix when namePrefix
    bool namePrefix = false;
    std::string ns;    // empty: every namespace
    std::string type;  // "Normal" or "Warning"; empty: either
    bool last = false; // which=last: the latest matching Event instead of the earliest

    // The earliest (or latest) matching Event, by first time, then name; or null.
    std::shared_ptr<const nlohmann::json> find(const StateReader& reader) const;
};

// Parses the inside of `event(...)` ("reason=X, object=pod/web*, namespace=NS, type=T,
// which=first|last").
// Throws CheckError with the place of the mistake.
EventSelector parseEventSelector(const std::string& text, const TextPlace& place,
                                 size_t offset = 0);

// A mistake in a check: what() is "file:line:column: message", like every decoder's.
class CheckError : public model::DecodeError
{
public:
    using model::DecodeError::DecodeError;
};

// The outcome of evaluating a check. `observed` shows what each comparison saw
// ("count(pods{app=web, phase=Running}) is 2"), for a learner's "why not yet".
struct Verdict
{
    bool holds = false;
    std::string observed;
    std::string error; // set when the check could not be evaluated (a type mismatch)
    nlohmann::json toJson() const;
};

class Check
{
public:
    // Throws CheckError "file:line:column: message" on a syntax or type mistake.
    static Check parse(const std::string& text, const TextPlace& place);

    Verdict evaluate(const StateReader& reader) const;
    const std::string& text() const { return m_text; }

    struct Node;

private:
    std::string m_text;
    TextPlace m_place;
    std::shared_ptr<const Node> m_root;
};

} // namespace kubelab::lab
