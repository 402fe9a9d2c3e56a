#include "engine/lab/runner.h"

#include <sstream>

#include "engine/sim/time.h"

namespace kubelab::lab {

using json = nlohmann::json;

LabSession::LabSession(const Lab& lab, ScriptRunner runner)
    : m_lab(lab), m_runner(std::move(runner)),
      m_own(std::make_unique<cluster::Cluster>(
          lab.seed, lab.topology, cluster::ClusterOptions::forTopology(lab.topology))),
      m_source([c = m_own.get()]() -> cluster::Cluster& { return *c; })
{}

LabSession::LabSession(const Lab& lab, ScriptRunner runner, ClusterSource source)
    : m_lab(lab), m_runner(std::move(runner)), m_source(std::move(source))
{}

bool LabSession::setup(std::string* error)
{
    return setupLab(m_lab, cluster(), m_runner, error);
}

bool setupLab(const Lab& lab, cluster::Cluster& cluster, const ScriptRunner& runner,
              std::string* error)
{
    if (!runner(cluster, lab.setupCommands, nullptr, error))
        return false;
    for (const ScheduledFault& f : lab.faults) {
        const std::string actor = cluster.faultActor(f.component);
        if (actor.empty()) {
            if (error)
                *error = "setup.faults: the cluster has no component \"" + f.component + "\"";
            return false;
        }
        cluster.post(
            {"fault-injector", actor, f.stop ? "fault.stop" : "fault.start", json::object()},
            f.after);
    }
    return true;
}

Verdict LabSession::check(size_t step) const
{
    return m_lab.steps.at(step).check.evaluate(ClusterReader(cluster()));
}

bool LabSession::runSolution(size_t step, std::string* output, std::string* error)
{
    return m_runner(cluster(), m_lab.steps.at(step).solution, output, error);
}

std::optional<PredictionGrade> LabSession::grade(size_t step) const
{
    const Step& s = m_lab.steps.at(step);
    if (!s.prediction)
        return std::nullopt;
    const ClusterReader reader(cluster());
    PredictionGrade g;
    int holding = 0;
    for (size_t i = 0; i < s.prediction->choices.size(); ++i) {
        const Choice& c = s.prediction->choices[i];
        g.choices.push_back({c.text, c.check.evaluate(reader)});
        if (g.choices.back().verdict.holds) {
            ++holding;
            g.answer = int(i);
        }
    }
    if (holding != 1) {
        g.answer = -1;
        g.problem = "step " + std::to_string(step + 1) + "'s prediction has " +
                    std::to_string(holding) +
                    " true choices once its check holds; a prediction needs exactly one";
    }
    return g;
}

std::vector<ResolvedReference> LabSession::references() const
{
    std::vector<ResolvedReference> out;
    const ClusterReader reader(cluster());
    const auto& trace = cluster().sim().trace();
    for (const EventReference& ref : m_lab.debriefReferences) {
        ResolvedReference r;
        r.text = m_lab.debrief.substr(ref.offset, ref.length);
        if (auto e = ref.selector.find(reader)) {
            const std::string target =
                "events/" + e->value("metadata", json::object()).value("name", "");
            std::uint64_t place = 0;
            for (const sim::TraceRecord& record : trace) {
                ++place;
                if (record.kind == "api.request" && record.target == target) {
                    r.seq = record.seq;
                    r.place = place;
                    break;
                }
            }
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::string LabSession::debrief() const
{
    const auto refs = references();
    std::string out;
    size_t from = 0;
    for (size_t i = 0; i < refs.size(); ++i) {
        const EventReference& ref = m_lab.debriefReferences[i];
        out += m_lab.debrief.substr(from, ref.offset - from);
        out += refs[i].seq ? "#" + std::to_string(refs[i].seq) : "#?";
        from = ref.offset + ref.length;
    }
    return out + m_lab.debrief.substr(from);
}

RunReport runLab(const Lab& lab, bool withSolution, const ScriptRunner& runner)
{
    RunReport r;
    r.id = lab.id;
    r.title = lab.title;
    r.seed = lab.seed;
    r.withSolution = withSolution;
    LabSession session(lab, runner);
    r.setupOk = session.setup(&r.setupError);
    bool allHold = r.setupOk;
    if (r.setupOk) {
        for (size_t i = 0; i < lab.steps.size(); ++i) {
            StepReport s;
            s.before = session.check(i);
            bool holds = s.before.holds;
            if (withSolution) {
                s.solutionRan = true;
                s.solutionOk = session.runSolution(i, &s.solutionOutput, &s.solutionError);
                s.after = session.check(i);
                holds = s.solutionOk && s.after.holds;
                if (s.after.holds) {
                    s.prediction = session.grade(i);
                    if (s.prediction && s.prediction->answer < 0)
                        holds = false;
                }
            }
            if (lab.steps[i].prediction && !s.prediction)
                holds = false;
            s.time = session.cluster().sim().now();
            allHold = allHold && holds;
            r.steps.push_back(std::move(s));
        }
    }
    r.references = session.references();
    for (const ResolvedReference& ref : r.references)
        allHold = allHold && ref.seq != 0;
    r.debrief = session.debrief();
    r.traceSha256 = session.cluster().sim().trace().sha256();
    r.events = session.cluster().sim().processed();
    r.time = session.cluster().sim().now();
    r.passed = allHold;
    return r;
}

namespace {
std::string oneLine(const std::string& text);
}

json RunReport::toJson(const Lab& lab) const
{
    json steps = json::array();
    for (size_t i = 0; i < this->steps.size(); ++i) {
        const StepReport& s = this->steps[i];
        json j = {{"step", i + 1},
                  {"check", oneLine(lab.steps[i].check.text())},
                  {"before", s.before.toJson()},
                  {"time", sim::formatDuration(s.time)}};
        if (s.solutionRan) {
            j["solution"] = {{"ok", s.solutionOk}, {"output", s.solutionOutput}};
            if (!s.solutionOk)
                j["solution"]["error"] = s.solutionError;
            j["after"] = s.after.toJson();
        }
        if (lab.steps[i].prediction) {
            json p = {{"question", lab.steps[i].prediction->question},
                      {"graded", bool(s.prediction)}};
            if (s.prediction) {
                json choices = json::array();
                for (const ChoiceGrade& c : s.prediction->choices)
                    choices.push_back({{"text", c.text}, {"verdict", c.verdict.toJson()}});
                p["choices"] = choices;
                p["answer"] = s.prediction->answer;
                if (!s.prediction->problem.empty())
                    p["problem"] = s.prediction->problem;
            }
            j["prediction"] = p;
        }
        steps.push_back(j);
    }
    json refs = json::array();
    for (const ResolvedReference& ref : references)
        refs.push_back({{"reference", ref.text}, {"seq", ref.seq}});
    json out = {{"id", id},
                {"title", title},
                {"seed", seed},
                {"solution", withSolution},
                {"setup", {{"ok", setupOk}}},
                {"steps", steps},
                {"debrief", debrief},
                {"references", refs},
                {"events", events},
                {"time", sim::formatDuration(time)},
                {"traceSha256", traceSha256},
                {"passed", passed}};
    if (!setupOk)
        out["setup"]["error"] = setupError;
    return out;
}

namespace {
// A check written over several lines, on one.
std::string oneLine(const std::string& text)
{
    std::string out;
    bool space = false;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string verdictLine(const Verdict& v)
{
    std::string out = v.holds ? "holds" : "does not hold";
    if (!v.error.empty())
        out += " (error: " + v.error + ")";
    else if (!v.observed.empty())
        out += " (" + v.observed + ")";
    return out;
}

std::string indent(const std::string& text, const std::string& by)
{
    std::string out;
    size_t from = 0;
    while (from < text.size()) {
        size_t nl = text.find('\n', from);
        if (nl == std::string::npos)
            nl = text.size();
        out += by + text.substr(from, nl - from) + "\n";
        from = nl + 1;
    }
    return out;
}
} // namespace

std::string RunReport::toText(const Lab& lab) const
{
    std::ostringstream os;
    os << "lab " << id << ": " << title << " (seed " << seed << ")\n";
    if (!setupOk) {
        os << "setup failed:\n" << indent(setupError, "  ");
    }
    for (size_t i = 0; i < steps.size(); ++i) {
        const StepReport& s = steps[i];
        os << "step " << i + 1 << ": " << oneLine(lab.steps[i].check.text()) << "\n";
        os << "  before the solution: " << verdictLine(s.before) << "\n";
        if (!s.solutionRan) {
            os << "  solution: not run (lab run --solution runs it)\n";
        } else {
            if (!s.solutionOk)
                os << "  solution failed:\n" << indent(s.solutionError, "    ");
            os << "  after the solution (" << sim::formatDuration(s.time)
               << "): " << verdictLine(s.after) << "\n";
        }
        if (lab.steps[i].prediction) {
            os << "  prediction: " << lab.steps[i].prediction->question << "\n";
            if (!s.prediction) {
                os << "    not graded: the step's check does not hold\n";
            } else {
                for (size_t k = 0; k < s.prediction->choices.size(); ++k) {
                    const ChoiceGrade& c = s.prediction->choices[k];
                    os << "    [" << (c.verdict.holds ? "x" : " ") << "] " << c.text;
                    if (!c.verdict.error.empty())
                        os << " (error: " << c.verdict.error << ")";
                    os << "\n";
                }
                if (s.prediction->answer >= 0)
                    os << "    answer: " << s.prediction->answer + 1 << "\n";
                else
                    os << "    error: " << s.prediction->problem << "\n";
            }
        }
    }
    for (const ResolvedReference& ref : references)
        if (!ref.seq)
            os << "debrief: " << ref.text << " does not match an Event in this run\n";
    os << "debrief:\n" << indent(debrief, "  ");
    os << "events " << events << ", virtual time " << sim::formatDuration(time) << ", trace sha256 "
       << traceSha256 << "\n";
    os << (passed ? "PASSED" : "NOT PASSED") << "\n";
    return os.str();
}

} // namespace kubelab::lab
