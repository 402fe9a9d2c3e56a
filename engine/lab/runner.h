#pragma once
// Running a lab: LabSession holds a lab's cluster and takes it through setup, checks,
// reference solutions and prediction grading one call at a time (what the app's Labs
// view drives as the learner works); runLab does a whole lab headless (`kubelab-sim lab
// run`, the lessons test).
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/cluster/cluster.h"
#include "engine/lab/cluster_reader.h"
#include "engine/lab/lab.h"

namespace kubelab::lab {

// Runs shell commands against a cluster: output to *output, and when a command fails its
// error to *error and false. The shell layer, above this one, provides it
// (shell::runScriptText); a lab never reaches the shell itself.
using ScriptRunner = std::function<bool(cluster::Cluster&, const std::string& script,
                                        std::string* output, std::string* error)>;

struct ChoiceGrade
{
    std::string text;
    Verdict verdict;
};

// A prediction graded: each choice's check at the moment of grading, and the answer,
// the index of the one choice that holds. `problem` is set (and answer is -1) when not
// exactly one holds: a mistake in the lab.
struct PredictionGrade
{
    std::vector<ChoiceGrade> choices;
    int answer = -1;
    std::string problem;
};

// A debrief reference resolved: the trace sequence number of the API request that
// created the Event, 0 when no such Event exists (yet).
struct ResolvedReference
{
    std::string text; // "{{event:...}}" as written
    std::uint64_t seq = 0;
    // The record's place in the trace, from 1 (what the app's event log numbers its rows
    // by); 0 when not resolved.
    std::uint64_t place = 0;
};

// Runs the lab's setup commands on `cluster`, then schedules the setup's faults (after:
// counts from here). False with *error naming the first failing command's error. The app
// runs it on a worker thread while it builds a lab's cluster, before the cluster is shown.
bool setupLab(const Lab& lab, cluster::Cluster& cluster, const ScriptRunner& runner,
              std::string* error);

// Where a session finds its cluster each time it reads it: the app's controller holds
// the cluster a lab runs on, and may swap it for another object (File → New, a rewind).
using ClusterSource = std::function<cluster::Cluster&()>;

class LabSession
{
public:
    // Builds the lab's cluster (its topology and seed); nothing of the setup has run.
    LabSession(const Lab& lab, ScriptRunner runner);
    // Works on a cluster someone else holds, already built (and set up) for this lab.
    LabSession(const Lab& lab, ScriptRunner runner, ClusterSource source);

    const Lab& lab() const { return m_lab; }
    cluster::Cluster& cluster() const { return m_source(); }

    // setupLab on this session's cluster.
    bool setup(std::string* error);

    // The step's check against the cluster as it is now (no event is processed).
    Verdict check(size_t step) const;
    // Runs the step's reference solution as shell commands. Their output goes to *output;
    // false with *error when a command failed.
    bool runSolution(size_t step, std::string* output, std::string* error);
    // Grades the step's prediction against the cluster as it is now; call it when the
    // step's check first holds. nullopt if the step has no prediction.
    std::optional<PredictionGrade> grade(size_t step) const;
    // The debrief's references, resolved against the cluster and trace as they are now.
    std::vector<ResolvedReference> references() const;
    // The debrief with each reference replaced by "#SEQ" ("#?" when not resolved).
    std::string debrief() const;

private:
    const Lab& m_lab;
    ScriptRunner m_runner;
    std::unique_ptr<cluster::Cluster> m_own; // when the session built its cluster
    ClusterSource m_source;
};

struct StepReport
{
    Verdict before; // the check when the step opens, before its solution
    bool solutionRan = false;
    bool solutionOk = false;
    std::string solutionOutput, solutionError;
    Verdict after;                             // after the solution (when it ran)
    std::optional<PredictionGrade> prediction; // graded when the check held after the solution
    sim::Time time = 0;                        // virtual time when the step ended
};

struct RunReport
{
    std::string id, title;
    std::uint64_t seed = 0;
    bool withSolution = false;
    bool setupOk = false;
    std::string setupError;
    std::vector<StepReport> steps;
    std::vector<ResolvedReference> references;
    std::string debrief;
    std::string traceSha256;
    std::uint64_t events = 0;
    sim::Time time = 0;
    // Every step's check holds at the end of the step, every prediction has exactly one
    // true choice, and every debrief reference resolved.
    bool passed = false;

    nlohmann::json toJson(const Lab& lab) const;
    std::string toText(const Lab& lab) const;
};

// Runs the whole lab headless: setup; then for each step its check, and with
// `withSolution` its reference solution, the check again and the prediction's grade.
// Without the solutions nothing advances the cluster, so no check holds (the lab's
// starting state) and the report does not pass.
RunReport runLab(const Lab& lab, bool withSolution, const ScriptRunner& runner);

} // namespace kubelab::lab
