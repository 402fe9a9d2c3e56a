#pragma once
// A lab as data: the cluster it builds, the setup that breaks or prepares it, the steps a
// learner takes (instruction, check, hints, reference solution, an optional prediction)
// and the debrief. Decoded strictly from a lessons/*.yaml file; lessons/README.md is the
// schema. The runner (runner.h) and the app's Labs view read it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/cluster/topology.h"
#include "engine/lab/check.h"
#include "engine/sim/time.h"

namespace kubelab::lab {

// `setup.faults[]`: a component stops or starts this long after the setup commands ran.
struct ScheduledFault
{
    sim::Duration after = 0;
    bool stop = true;      // stop: or start:
    std::string component; // as `fault` takes it: kubelet/NODE, scheduler, controller-manager
};

struct Choice
{
    std::string text;
    Check check;
};

// A multiple-choice question asked when its step opens, before the learner advances the
// cluster. No choice is marked right: the prediction is graded when the step's check
// first holds (in a headless run, right after the step's solution ran), and the answer
// is the one choice whose check holds then.
struct Prediction
{
    std::string question;
    std::vector<Choice> choices;
};

struct Step
{
    std::string instruction; // Markdown
    Check check;
    std::vector<std::string> hints;
    std::string solution; // shell commands, as `kubelab-sim shell` reads them
    std::optional<Prediction> prediction;
};

// `{{event:reason=R, object=KIND/NAME}}` in the debrief: replaced, once the lab ran, by
// the trace sequence number of the API request that recorded that Event.
struct EventReference
{
    size_t offset = 0; // where the reference starts in the debrief text
    size_t length = 0; // its length, braces included
    EventSelector selector;
    std::string place; // file:line:column, for errors
};

struct Lab
{
    std::string file; // as given to decodeLab, for messages
    std::string id;
    std::string title;
    std::string chapter; // a chapter ID: "scheduler/overview"
    int minutes = 0;
    std::uint64_t seed = 1;
    cluster::Topology topology;
    std::string setupCommands;
    std::vector<ScheduledFault> faults;
    std::vector<Step> steps;
    std::string debrief; // Markdown with {{event:...}} references
    std::vector<EventReference> debriefReferences;
};

// Decodes a lab file. Throws model::DecodeError ("file:line:column: message") for YAML
// errors, unknown or missing keys, wrong types and mistakes inside checks.
Lab decodeLab(const std::string& text, const std::string& source);

// Decodes lessons/index.yaml: `labs:` and the lab IDs in reading order.
std::vector<std::string> decodeLabIndex(const std::string& text, const std::string& source);

} // namespace kubelab::lab
