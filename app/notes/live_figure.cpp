#include "app/notes/live_figure.h"

#include "app/notes/block_place.h"

#include "app/core/virtual_time.h"
#include "app/map/pod_phase.h"
#include "engine/client/component.h"
#include "engine/cluster/cluster.h"
#include "engine/model/json_view.h"
#include "engine/model/selector.h"
#include "engine/printers/pod_status.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace kubelab::app {

using nlohmann::json;

namespace {

// ---- decoding ----

struct FigureError : std::runtime_error
{
    FigureError(const YAML::Mark& mark, const std::string& what)
        : std::runtime_error(what), line(mark.line), column(mark.column)
    {}
    int line;
    int column;
};

const char* kindName(LiveFigure::Kind kind)
{
    switch (kind) {
    case LiveFigure::Kind::Nodes: return "nodes";
    case LiveFigure::Kind::Owners: return "owners";
    case LiveFigure::Kind::Components: return "components";
    case LiveFigure::Kind::Endpoints: return "endpoints";
    }
    return "";
}

// The object kind a figure draws ("deployment"), empty when it takes no object.
std::string objectKindOf(LiveFigure::Kind kind)
{
    return kind == LiveFigure::Kind::Owners      ? "deployment"
           : kind == LiveFigure::Kind::Endpoints ? "service"
                                                 : "";
}

// The checks shared by the chapter's YAML and the page's map. `at(field)` is where a
// field's error points. Returns the figure or throws a message.
struct Fields
{
    std::string figure, selector, object, ns, caption;
    bool hasSelector = false, hasObject = false, hasNamespace = false;
};

template <typename Fail>
LiveFigure check(const Fields& f, const Fail& fail)
{
    LiveFigure out;
    if (f.figure == "nodes")
        out.kind = LiveFigure::Kind::Nodes;
    else if (f.figure == "owners")
        out.kind = LiveFigure::Kind::Owners;
    else if (f.figure == "components")
        out.kind = LiveFigure::Kind::Components;
    else if (f.figure == "endpoints")
        out.kind = LiveFigure::Kind::Endpoints;
    else
        fail("figure", "unknown figure \"" + f.figure +
                           "\" (expected nodes, owners, components or endpoints)");
    const std::string wants = objectKindOf(out.kind);
    if (f.hasSelector) {
        if (out.kind != LiveFigure::Kind::Nodes)
            fail("selector", std::string("\"selector\" is only for figure: nodes, not ") +
                                 kindName(out.kind));
        std::string error;
        if (!model::LabelSelector::parse(f.selector, &error))
            fail("selector", "selector \"" + f.selector + "\": " + error);
        out.selector = QString::fromStdString(f.selector);
    }
    if (wants.empty() && (f.hasObject || f.hasNamespace))
        fail(f.hasObject ? "object" : "namespace",
             std::string("figure: ") + kindName(out.kind) + " draws the whole cluster: it takes no \"" +
                 (f.hasObject ? "object" : "namespace") + "\"");
    if (!wants.empty()) {
        if (!f.hasObject)
            fail("", std::string("figure: ") + kindName(out.kind) + " needs \"object: " + wants +
                         "/NAME\"");
        const auto slash = f.object.find('/');
        const std::string kind = slash == std::string::npos ? "" : f.object.substr(0, slash);
        const std::string name = slash == std::string::npos ? "" : f.object.substr(slash + 1);
        const bool kindOk = kind == wants || (wants == "deployment" && (kind == "deploy" || kind == "deployments")) ||
                            (wants == "service" && (kind == "svc" || kind == "services"));
        if (!kindOk || name.empty() || name.find('/') != std::string::npos)
            fail("object", "object \"" + f.object + "\": figure: " + kindName(out.kind) +
                               " draws a " + wants + ", written " + wants + "/NAME");
        out.objectName = QString::fromStdString(name);
        if (f.hasNamespace) {
            if (f.ns.empty())
                fail("namespace", "\"namespace\" must not be empty");
            out.ns = QString::fromStdString(f.ns);
        }
    }
    out.caption = QString::fromStdString(f.caption).trimmed();
    return out;
}

LiveFigure decode(const YAML::Node& doc)
{
    if (!doc.IsMap())
        throw FigureError(doc.Mark(), "live figure: expected a map with \"figure\"");
    static const std::set<std::string> allowed{"figure", "selector", "object", "namespace",
                                               "caption"};
    Fields f;
    for (const auto& kv : doc) {
        const std::string key = kv.first.Scalar();
        if (!allowed.count(key))
            throw FigureError(kv.first.Mark(), "live figure: unknown field \"" + key + "\"");
        if (!kv.second.IsScalar() || kv.second.Scalar().empty())
            throw FigureError(kv.second.Mark(),
                              "live figure: \"" + key + "\" must be non-empty text");
    }
    if (!doc["figure"])
        throw FigureError(doc.Mark(), "live figure: missing \"figure\"");
    f.figure = doc["figure"].Scalar();
    if (const YAML::Node n = doc["selector"])
        f.selector = n.Scalar(), f.hasSelector = true;
    if (const YAML::Node n = doc["object"])
        f.object = n.Scalar(), f.hasObject = true;
    if (const YAML::Node n = doc["namespace"])
        f.ns = n.Scalar(), f.hasNamespace = true;
    if (const YAML::Node n = doc["caption"])
        f.caption = n.Scalar();
    return check(f, [&doc](const char* field, const std::string& what) {
        const YAML::Node at = *field ? doc[field] : doc;
        throw FigureError(at ? at.Mark() : doc.Mark(), "live figure: " + what);
    });
}

// ---- drawing ----

constexpr int kChipHeight = 22;
constexpr int kGap = 6;
constexpr int kMaxChips = 30;  // per box; the rest are counted ("+12 more")
constexpr int kMaxBoxes = 16;  // nodes or ReplicaSets drawn; the rest are counted

QString esc(const QString& s)
{
    return s.toHtmlEscaped();
}
QString esc(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size())).toHtmlEscaped();
}

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

const char* phaseClass(PodPhase phase)
{
    static const char* const names[] = {"lf-pending", "lf-creating", "lf-running",
                                        "lf-succeeded", "lf-failed", "lf-terminating"};
    return names[int(phase)];
}

// "worker-10" after "worker-9".
bool naturalLess(const std::string& a, const std::string& b)
{
    auto split = [](const std::string& s) {
        std::size_t i = s.size();
        while (i > 0 && std::isdigit(static_cast<unsigned char>(s[i - 1])))
            --i;
        return std::pair{s.substr(0, i), i < s.size() ? std::stoll(s.substr(i, 18)) : -1LL};
    };
    const auto [pa, na] = split(a);
    const auto [pb, nb] = split(b);
    if (pa != pb)
        return pa < pb;
    return na != nb ? na < nb : a < b;
}

bool isControlPlane(const json& node)
{
    return model::objectAtPath(node, "metadata.labels").contains("node-role.kubernetes.io/control-plane");
}

// Nodes in the map's order: control planes first, then by name.
std::vector<const json*> sortedNodes(const cluster::Cluster& cluster)
{
    std::vector<const json*> nodes = cluster.objects("nodes");
    std::stable_sort(nodes.begin(), nodes.end(), [](const json* a, const json* b) {
        if (isControlPlane(*a) != isControlPlane(*b))
            return isControlPlane(*a);
        return naturalLess(std::string(model::textAtPath(*a, "metadata.name")),
                           std::string(model::textAtPath(*b, "metadata.name")));
    });
    return nodes;
}

bool nodeReady(const json& node)
{
    const json& conditions = model::objectAtPath(node, "status").value("conditions", json::array());
    for (const json& c : conditions)
        if (model::stringAt(c, "type") == "Ready")
            return model::stringAt(c, "status") == "True";
    return false;
}

// What is written beside a node's name: its role and readiness, and with `withTaints` what
// a scheduler reads off it besides room (cordoned, taints).
QString nodeNotes(const json& node, bool withTaints)
{
    QStringList notes;
    if (isControlPlane(node))
        notes << QStringLiteral("control plane");
    if (!nodeReady(node))
        notes << QStringLiteral("NotReady");
    if (!withTaints)
        return notes.join(QStringLiteral(" · "));
    if (model::boolAtPath(node, "spec.unschedulable"))
        notes << QStringLiteral("SchedulingDisabled");
    for (const json& t : model::objectAtPath(node, "spec").value("taints", json::array())) {
        const std::string value(model::stringAt(t, "value"));
        notes << QStringLiteral("taint %1%2:%3")
                     .arg(qs(model::stringAt(t, "key")),
                          value.empty() ? QString() : QLatin1Char('=') + qs(value),
                          qs(model::stringAt(t, "effect")));
    }
    return notes.join(QStringLiteral(" · "));
}

bool ownedBy(const json& object, std::string_view uid)
{
    const json& refs = model::objectAtPath(object, "metadata").value("ownerReferences", json::array());
    return std::any_of(refs.begin(), refs.end(),
                       [&](const json& r) { return model::stringAt(r, "uid") == uid; });
}

// About how wide `size` characters of 13 px sans (DejaVu, Noto) are, without measuring.
int textWidth(qsizetype size, bool bold = false)
{
    return int(double(size) * (bold ? 8.2 : 7.4) + 0.5);
}

// `text` shortened with "…" to fit `pixels`, by the same estimate.
QString elide(const QString& text, int pixels)
{
    const qsizetype fits = qsizetype(std::max(0, pixels) / 7.4);
    return text.size() <= fits ? text : text.left(std::max<qsizetype>(fits - 1, 0)) + QChar(0x2026);
}

int chipWidth(const QString& label)
{
    return 26 + textWidth(label.size());
}

// Builds the SVG top to bottom; `y` is where the next row goes.
class Drawing
{
public:
    QString body;
    int y = 0;
    std::set<PodPhase> phases; // which pod states appear, for the legend

    void text(int x, int baseline, const QString& escaped, const char* cls = "lf-text")
    {
        body += QStringLiteral("<text x=\"%1\" y=\"%2\" class=\"%3\">%4</text>")
                    .arg(x)
                    .arg(baseline)
                    .arg(QLatin1String(cls), escaped);
    }
    void box(int x, int top, int w, int h, const char* cls = "lf-box")
    {
        body += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" rx=\"6\" "
                               "class=\"%5\"/>")
                    .arg(x)
                    .arg(top)
                    .arg(w)
                    .arg(h)
                    .arg(QLatin1String(cls));
    }
    void line(int x1, int y1, int x2, int y2)
    {
        body += QStringLiteral("<path d=\"M%1 %2V%3H%4\" class=\"lf-link\"/>")
                    .arg(x1)
                    .arg(y1)
                    .arg(y2)
                    .arg(x2);
    }
    // One chip: a tinted rounded box in `cls`'s colour, a swatch, the label; `tip` shows on
    // hover. Returns its width.
    int chip(int x, int top, const QString& label, const QString& cls, const QString& tip,
             const QString& data = {})
    {
        const int w = chipWidth(label);
        body += QStringLiteral("<g class=\"lf-chip %1\"%2><title>%3</title>"
                               "<rect x=\"%4\" y=\"%5\" width=\"%6\" height=\"%7\" rx=\"4\"/>"
                               "<rect class=\"lf-swatch\" x=\"%8\" y=\"%9\" width=\"9\" "
                               "height=\"9\" rx=\"2\"/>"
                               "<text x=\"%10\" y=\"%11\" class=\"lf-text\">%12</text></g>")
                    .arg(cls, data, esc(tip))
                    .arg(x)
                    .arg(top)
                    .arg(w)
                    .arg(kChipHeight)
                    .arg(x + 7)
                    .arg(top + (kChipHeight - 9) / 2)
                    .arg(x + 20)
                    .arg(top + 15)
                    .arg(esc(label));
        return w;
    }

    struct Chip
    {
        QString label, cls, tip, data;
    };
    // Chips left to right from x to `right`, wrapping; returns the height used (at least
    // one row). Of `total` (all.size() or more), those after kMaxChips are "+N more".
    int chips(int x, int top, int right, const std::vector<Chip>& all, std::size_t total)
    {
        int cx = x, cy = top;
        const std::size_t shown = std::min<std::size_t>(all.size(), kMaxChips);
        for (std::size_t i = 0; i < shown; ++i) {
            const int w = chipWidth(all[i].label);
            if (cx > x && cx + w > right) {
                cx = x;
                cy += kChipHeight + kGap;
            }
            cx += chip(cx, cy, all[i].label, all[i].cls, all[i].tip, all[i].data) + kGap;
        }
        if (total > shown) {
            const QString more = QStringLiteral("+%1 more").arg(total - shown);
            if (cx > x && cx + chipWidth(more) > right) {
                cx = x;
                cy += kChipHeight + kGap;
            }
            text(cx + 4, cy + 15, more, "lf-muted");
        }
        return cy - top + kChipHeight;
    }

    Chip podChip(const json& pod, sim::Time now)
    {
        const std::string status = printers::podCells(pod, now).status;
        const PodPhase phase = podPhase(pod, status);
        phases.insert(phase);
        const QString name = qs(model::textAtPath(pod, "metadata.name"));
        return {name, QLatin1String(phaseClass(phase)),
                QStringLiteral("%1: %2").arg(name, QString::fromStdString(status)),
                QStringLiteral(" data-pod=\"%1\" data-status=\"%2\"")
                    .arg(esc(name), esc(status))};
    }

    // An object of a tree: its kind and name in bold, then `about` muted, in a box as wide
    // as its text (at most to `right`), `top` at the current y; y moves below it.
    void heading(int x, int right, const QString& title, const QString& about, const char* cls)
    {
        const int titleWidth = textWidth(title.size(), true);
        box(x, y, std::min(right - x, 30 + titleWidth + textWidth(about.size())), 28, cls);
        text(x + 10, y + 18, esc(title), "lf-strong");
        text(x + 20 + titleWidth, y + 18, esc(about), "lf-muted");
        y += 36;
    }

    // A row of swatches with their meaning, under the drawing: {class, label}.
    void legend(const std::vector<std::pair<QString, QString>>& keys)
    {
        if (keys.empty())
            return;
        y += 4;
        int x = 0;
        for (const auto& [cls, label] : keys) {
            body += QStringLiteral("<g class=\"lf-legend %1\"><rect class=\"lf-swatch\" x=\"%2\" "
                                   "y=\"%3\" width=\"9\" height=\"9\" rx=\"2\"/></g>")
                        .arg(cls)
                        .arg(x)
                        .arg(y + 3);
            text(x + 13, y + 12, esc(label), "lf-muted");
            x += 13 + textWidth(label.size()) + 16;
        }
        y += 16;
    }
    // The pod states that appeared.
    void phaseLegend()
    {
        std::vector<std::pair<QString, QString>> keys;
        for (PodPhase p : phases)
            keys.emplace_back(QLatin1String(phaseClass(p)), phaseLabel(p));
        legend(keys);
    }
    // True (after saying how many are left out) when `drawn` boxes are all there is room for.
    bool full(int& drawn, int x, std::size_t all, const char* what)
    {
        if (drawn++ < kMaxBoxes)
            return false;
        text(x, y + 12, QStringLiteral("+%1 more %2").arg(all - kMaxBoxes).arg(QLatin1String(what)),
             "lf-muted");
        y += 20;
        return true;
    }

    // Drawn at the column's width in CSS pixels: text at the page's size, not scaled.
    QString svg(int width, const QString& label) const
    {
        const int height = std::max(y, 1);
        return QStringLiteral("<svg class=\"live-svg\" xmlns=\"http://www.w3.org/2000/svg\" "
                              "viewBox=\"0 0 %1 %2\" width=\"%1\" height=\"%2\" role=\"img\" "
                              "aria-label=\"%3\" font-size=\"13\">%4</svg>")
            .arg(width)
            .arg(height)
            .arg(esc(label), body);
    }
};

QString empty(const QString& what)
{
    return QStringLiteral("<p class=\"live-empty\">%1</p>").arg(esc(what));
}

QString nodesFigure(const cluster::Cluster& cluster, const LiveFigure& figure)
{
    const int width = figure.width;
    const sim::Time now = cluster.sim().now();
    const auto selector = model::LabelSelector::parse(figure.selector.toStdString());
    std::map<std::string, std::vector<const json*>> podsOn; // "" for not scheduled
    std::size_t matched = 0;
    for (const json* pod : cluster.objects("pods")) {
        if (selector && !selector->matches(model::objectAtPath(*pod, "metadata.labels")))
            continue;
        podsOn[std::string(model::textAtPath(*pod, "spec.nodeName"))].push_back(pod);
        ++matched;
    }
    const std::vector<const json*> nodes = sortedNodes(cluster);
    if (nodes.empty())
        return empty(QStringLiteral("This cluster has no nodes to draw."));
    if (!figure.selector.isEmpty() && matched == 0)
        return empty(QStringLiteral("No pods match %1 yet: press Apply or Run above, and "
                                    "they appear here.")
                         .arg(figure.selector));

    Drawing d;
    auto drawBox = [&](const QString& title, const QString& note, const char* noteClass,
                       const std::vector<const json*>& pods, const char* boxClass) {
        std::vector<Drawing::Chip> chips;
        // Only the chips drawn are worked out: a node of a big cluster holds hundreds.
        for (std::size_t i = 0; i < pods.size() && i < std::size_t(kMaxChips); ++i)
            chips.push_back(d.podChip(*pods[i], now));
        const int top = d.y;
        Drawing inner; // measured first, so the box can be drawn beneath its chips
        int h = 30;
        if (chips.empty()) {
            h += 16;
        } else {
            h += inner.chips(10, top + 30, width - 10, chips, pods.size()) + 8;
        }
        d.box(1, top, width - 2, h, boxClass);
        d.text(10, top + 19, esc(title), "lf-strong");
        if (!note.isEmpty())
            d.text(18 + textWidth(title.size(), true), top + 19,
                   esc(elide(note, width - 28 - textWidth(title.size(), true))), noteClass);
        if (chips.empty())
            d.text(10, top + 38, figure.selector.isEmpty() ? QStringLiteral("no pods")
                                                           : QStringLiteral("no matching pods"),
                   "lf-muted");
        d.body += inner.body;
        d.y = top + h + 8;
    };
    if (const auto it = podsOn.find(""); it != podsOn.end())
        drawBox(QStringLiteral("Not scheduled"), QStringLiteral("waiting for a node"),
                "lf-muted", it->second, "lf-box lf-unscheduled");
    int drawn = 0;
    for (const json* node : nodes) {
        if (d.full(drawn, 0, nodes.size(), "nodes"))
            break;
        const std::string name(model::textAtPath(*node, "metadata.name"));
        const bool ready = nodeReady(*node);
        const QString note = nodeNotes(*node, true);
        const auto it = podsOn.find(name);
        drawBox(qs(name), note, ready ? "lf-muted" : "lf-notready-text",
                it == podsOn.end() ? std::vector<const json*>{} : it->second,
                ready ? "lf-box" : "lf-box lf-notready");
    }
    d.phaseLegend();
    return d.svg(width, figure.selector.isEmpty()
                     ? QStringLiteral("The cluster's nodes and their pods")
                     : QStringLiteral("The nodes and the pods matching %1").arg(figure.selector));
}

QString ownersFigure(const cluster::Cluster& cluster, const LiveFigure& figure)
{
    const int width = figure.width;
    const std::string ns = figure.ns.toStdString();
    const json* deployment = cluster.object("deployments", ns, figure.objectName.toStdString());
    if (!deployment)
        return empty(QStringLiteral("No Deployment %1 in namespace %2 yet: press Apply or "
                                    "Run above, and its ReplicaSets and pods appear here.")
                         .arg(figure.objectName, figure.ns));
    const sim::Time now = cluster.sim().now();
    const std::string uid(model::textAtPath(*deployment, "metadata.uid"));
    std::vector<const json*> sets;
    for (const json* rs : cluster.objects("replicasets", ns))
        if (ownedBy(*rs, uid))
            sets.push_back(rs);
    auto revision = [](const json* rs) {
        const std::string r(model::stringAt(
            model::objectAtPath(*rs, "metadata.annotations"), "deployment.kubernetes.io/revision"));
        return r.empty() ? 0LL : std::atoll(r.c_str());
    };
    std::stable_sort(sets.begin(), sets.end(),
                     [&](const json* a, const json* b) { return revision(a) > revision(b); });
    const std::vector<const json*> pods = cluster.objects("pods", ns);

    Drawing d;
    const QString title = QStringLiteral("Deployment ") + figure.objectName;
    const QString counts = QStringLiteral("replicas %1 · ready %2 · up-to-date %3")
                               .arg(model::intAtPath(*deployment, "spec.replicas"))
                               .arg(model::intAtPath(*deployment, "status.readyReplicas"))
                               .arg(model::intAtPath(*deployment, "status.updatedReplicas"));
    d.heading(0, width, title, counts, "lf-box lf-owner");
    if (sets.empty()) {
        d.line(14, 28, 28, d.y + 10);
        d.text(34, d.y + 14, QStringLiteral("no ReplicaSets yet: the Deployment controller "
                                            "has not made one"),
               "lf-muted");
        d.y += 24;
    }
    int drawn = 0;
    for (const json* rs : sets) {
        if (d.full(drawn, 34, sets.size(), "ReplicaSets"))
            break;
        const std::string rsUid(model::textAtPath(*rs, "metadata.uid"));
        std::vector<Drawing::Chip> chips;
        std::size_t owned = 0;
        for (const json* pod : pods)
            if (ownedBy(*pod, rsUid) && owned++ < std::size_t(kMaxChips))
                chips.push_back(d.podChip(*pod, now));
        const int top = d.y;
        d.line(14, 28, 28, top + 14);
        const QString name = QStringLiteral("ReplicaSet ") + qs(model::textAtPath(*rs, "metadata.name"));
        const QString rsCounts = QStringLiteral("revision %1 · desired %2 · ready %3")
                                     .arg(revision(rs))
                                     .arg(model::intAtPath(*rs, "spec.replicas"))
                                     .arg(model::intAtPath(*rs, "status.readyReplicas"));
        d.heading(28, width, name, rsCounts, "lf-box");
        if (chips.empty()) {
            d.line(42, top + 28, 56, d.y + 10);
            d.text(62, d.y + 14, QStringLiteral("no pods"), "lf-muted");
            d.y += 24;
        } else {
            d.line(42, top + 28, 56, d.y + kChipHeight / 2);
            d.y += d.chips(56, d.y, width, chips, owned) + 10;
        }
    }
    d.phaseLegend();
    return d.svg(width, QStringLiteral("Deployment %1, its ReplicaSets and their pods").arg(figure.objectName));
}

enum class State { Running, Stopped, Absent };

QString componentsFigure(const cluster::Cluster& cluster, const LiveFigure& figure)
{
    const int width = figure.width;
    const sim::Simulation& sim = cluster.sim();
    auto state = [&sim](const std::string& actor) {
        const sim::Actor* a = sim.actor(actor);
        if (!a)
            return State::Absent;
        const auto* c = dynamic_cast<const client::Component*>(a);
        return c && !c->running() ? State::Stopped : State::Running;
    };
    const std::vector<const json*> nodes = sortedNodes(cluster);
    if (nodes.empty())
        return empty(QStringLiteral("This cluster has no nodes to draw."));
    Drawing d;
    bool anyStopped = false, anyAbsent = false;
    int drawn = 0;
    for (const json* node : nodes) {
        if (d.full(drawn, 0, nodes.size(), "nodes"))
            break;
        const std::string name(model::textAtPath(*node, "metadata.name"));
        std::vector<Drawing::Chip> chips;
        auto add = [&](const char* label, const std::string& actor, bool always) {
            const State s = state(actor);
            if (s == State::Absent && !always)
                return;
            anyStopped |= s == State::Stopped;
            anyAbsent |= s == State::Absent;
            const QString l = QLatin1String(label);
            const QString word = s == State::Running   ? QStringLiteral("running")
                                 : s == State::Stopped ? QStringLiteral("stopped")
                                                       : QStringLiteral("not simulated");
            chips.push_back({s == State::Stopped ? l + QStringLiteral(" (stopped)") : l,
                             s == State::Running   ? QStringLiteral("lf-comp-running")
                             : s == State::Stopped ? QStringLiteral("lf-comp-stopped")
                                                   : QStringLiteral("lf-comp-absent"),
                             QStringLiteral("%1 on %2: %3").arg(l, qs(name), word),
                             QStringLiteral(" data-component=\"%1\" data-state=\"%2\"")
                                 .arg(l, word)});
        };
        const bool cp = isControlPlane(*node);
        if (cp) {
            add("kube-apiserver", "kube-apiserver-" + name, false);
            add("etcd", "etcd-" + name, false);
            add("scheduler", "kube-scheduler-" + name, false);
            add("controller-manager", "kube-controller-manager-" + name, false);
        }
        add("kubelet", "kubelet-" + name, true);
        add("kube-proxy", "kube-proxy-" + name, true);
        add("containerd", "containerd-" + name, true);
        const int top = d.y;
        Drawing inner;
        const int h = inner.chips(10, top + 30, width - 10, chips, chips.size()) + 38;
        d.box(1, top, width - 2, h, cp ? "lf-box lf-owner" : "lf-box");
        d.text(10, top + 19, esc(name), "lf-strong");
        // A stopped kubelet's node turns NotReady after the grace period: say so beside it.
        d.text(18 + textWidth(name.size(), true), top + 19, esc(nodeNotes(*node, false)),
               nodeReady(*node) ? "lf-muted" : "lf-notready-text");
        d.body += inner.body;
        d.y = top + h + 8;
    }
    std::vector<std::pair<QString, QString>> keys{{"lf-comp-running", "running"}};
    if (anyStopped)
        keys.emplace_back("lf-comp-stopped", "stopped (fault stop)");
    if (anyAbsent)
        keys.emplace_back("lf-comp-absent", "not simulated");
    d.legend(keys);
    return d.svg(width, QStringLiteral("Each node's components, running or stopped"));
}

QString endpointsFigure(const cluster::Cluster& cluster, const LiveFigure& figure)
{
    const int width = figure.width;
    const std::string ns = figure.ns.toStdString();
    const std::string name = figure.objectName.toStdString();
    const json* service = cluster.object("services", ns, name);
    if (!service)
        return empty(QStringLiteral("No Service %1 in namespace %2 yet: press Apply or Run "
                                    "above, and its EndpointSlices appear here.")
                         .arg(figure.objectName, figure.ns));
    std::vector<const json*> slices;
    for (const json* s : cluster.objects("endpointslices", ns))
        if (model::stringAt(model::objectAtPath(*s, "metadata.labels"),
                            "kubernetes.io/service-name") == name)
            slices.push_back(s);

    Drawing d;
    QString ports;
    for (const json& p : model::objectAtPath(*service, "spec").value("ports", json::array())) {
        ports += (ports.isEmpty() ? QString() : QStringLiteral(", ")) +
                 QString::number(p.value("port", 0)) + QLatin1Char('/') +
                 qs(p.value("protocol", std::string("TCP")));
        if (p.contains("targetPort"))
            ports += QStringLiteral("→") + (p["targetPort"].is_string()
                                                ? qs(p["targetPort"].get<std::string>())
                                                : QString::number(p["targetPort"].get<std::int64_t>()));
    }
    const QString title = QStringLiteral("Service ") + figure.objectName;
    const QString about = QStringLiteral("%1 %2 · %3")
                              .arg(qs(model::textAtPath(*service, "spec.type")),
                                   qs(model::textAtPath(*service, "spec.clusterIP")), ports);
    d.heading(0, width, title, about, "lf-box lf-owner");
    if (slices.empty()) {
        d.line(14, 28, 28, d.y + 10);
        d.text(34, d.y + 14,
               QStringLiteral("no EndpointSlices yet: the EndpointSlice controller has not made one"),
               "lf-muted");
        d.y += 24;
    }
    for (const json* slice : slices) {
        const int top = d.y;
        d.line(14, 28, 28, top + 14);
        const QString sliceName = QStringLiteral("EndpointSlice ") +
                                  qs(model::textAtPath(*slice, "metadata.name"));
        d.heading(28, width, sliceName, qs(model::textAt(*slice, "addressType")), "lf-box");
        const json& endpoints = slice->value("endpoints", json::array());
        if (!endpoints.is_array() || endpoints.empty()) {
            d.line(42, top + 28, 56, d.y + 10);
            d.text(62, d.y + 14,
                   QStringLiteral("no endpoints: no pod matching the selector has an address yet"),
                   "lf-muted");
            d.y += 24;
            continue;
        }
        auto ipOf = [](const json& e) {
            const json& addresses = e.value("addresses", json::array());
            return addresses.empty() || !addresses[0].is_string()
                       ? QStringLiteral("?")
                       : qs(addresses[0].get<std::string>());
        };
        const std::size_t shown = std::min<std::size_t>(endpoints.size(), kMaxChips);
        int ipColumn = 0; // the widest address chip: the pods line up after it
        for (std::size_t i = 0; i < shown; ++i)
            ipColumn = std::max(ipColumn, chipWidth(ipOf(endpoints[i])));
        const int infoX = 56 + ipColumn + 10;
        for (std::size_t i = 0; i < shown; ++i) {
            const json& e = endpoints[i];
            const QString ip = ipOf(e);
            const json& c = e.value("conditions", json::object());
            auto flag = [&c](const char* k) { return c.value(k, false); };
            const bool ready = flag("ready"), serving = flag("serving"),
                       terminating = flag("terminating");
            const QString cls = terminating ? QStringLiteral("lf-terminating")
                                : ready     ? QStringLiteral("lf-running")
                                            : QStringLiteral("lf-pending");
            const QString pod = qs(model::textAtPath(e, "targetRef.name"));
            const QString node = qs(model::textAt(e, "nodeName"));
            auto yesNo = [](bool b) { return b ? QStringLiteral("true") : QStringLiteral("false"); };
            const QString conditions = QStringLiteral("ready %1 · serving %2 · terminating %3")
                                           .arg(yesNo(ready), yesNo(serving), yesNo(terminating));
            const QString where =
                QStringLiteral("%1 on %2").arg(pod.isEmpty() ? QStringLiteral("(no pod)") : pod,
                                               node.isEmpty() ? QStringLiteral("(no node)") : node);
            d.line(42, top + 28, 56, d.y + kChipHeight / 2);
            d.chip(56, d.y, ip, cls,
                   QStringLiteral("%1 → pod %2 on %3: %4").arg(ip, pod, node, conditions),
                   QStringLiteral(" data-ip=\"%1\" data-ready=\"%2\" data-serving=\"%3\" "
                                  "data-terminating=\"%4\"")
                       .arg(esc(ip), yesNo(ready), yesNo(serving), yesNo(terminating)));
            d.text(infoX, d.y + 15, esc(where), "lf-text");
            // The conditions after the pod when they fit, else on a line of their own.
            const int afterPod = infoX + textWidth(where.size()) + 12;
            const bool fits = afterPod + textWidth(conditions.size()) <= width;
            if (!fits)
                d.y += 18;
            d.text(fits ? afterPod : infoX, d.y + 15, esc(conditions),
                   ready ? "lf-muted" : "lf-notready-text");
            d.y += kChipHeight + kGap;
        }
        if (endpoints.size() > shown) {
            d.text(62, d.y + 14, QStringLiteral("+%1 more endpoints").arg(endpoints.size() - shown),
                   "lf-muted");
            d.y += 24;
        }
        d.y += 6;
    }
    return d.svg(width, QStringLiteral("Service %1, its EndpointSlices and their endpoints").arg(figure.objectName));
}

} // namespace

QVariantMap LiveFigure::toMap() const
{
    QVariantMap map{{QStringLiteral("figure"), QString::fromLatin1(kindName(kind))}};
    if (!selector.isEmpty())
        map[QStringLiteral("selector")] = selector;
    const std::string wants = objectKindOf(kind);
    if (!wants.empty()) {
        map[QStringLiteral("object")] = QString::fromStdString(wants) + QLatin1Char('/') + objectName;
        map[QStringLiteral("namespace")] = ns;
    }
    return map;
}

LiveFigureDecode decodeLiveFigure(const QString& yaml, int firstLine)
{
    try {
        return {decode(YAML::Load(yaml.toStdString())), QString()};
    } catch (const FigureError& e) {
        return {{}, blockPlace(firstLine, e.line, e.column) + QString::fromStdString(e.what())};
    } catch (const YAML::Exception& e) {
        return {{}, blockPlace(firstLine, e.mark.line, e.mark.column) + QString::fromStdString(e.msg)};
    }
}

LiveFigureDecode liveFigureFromMap(const QVariantMap& map)
{
    Fields f;
    auto field = [&map](const char* key, std::string& out) {
        const auto it = map.find(QLatin1String(key));
        if (it == map.end())
            return false;
        out = it->toString().toStdString();
        return true;
    };
    field("figure", f.figure);
    f.hasSelector = field("selector", f.selector);
    f.hasObject = field("object", f.object);
    f.hasNamespace = field("namespace", f.ns);
    try {
        LiveFigure figure = check(f, [](const char*, const std::string& what) {
            throw std::runtime_error("live figure: " + what);
        });
        if (const auto w = map.find(QStringLiteral("width")); w != map.end())
            figure.width = std::clamp(w->toInt(), LiveFigure::kMinWidth, LiveFigure::kMaxWidth);
        return {figure, QString()};
    } catch (const std::runtime_error& e) {
        return {{}, QString::fromStdString(e.what())};
    }
}

QString liveFigureSvg(const cluster::Cluster& cluster, const LiveFigure& figure)
{
    if (!cluster.watchCache())
        return empty(QStringLiteral("This cluster has no API server to read a figure from."));
    switch (figure.kind) {
    case LiveFigure::Kind::Nodes: return nodesFigure(cluster, figure);
    case LiveFigure::Kind::Owners: return ownersFigure(cluster, figure);
    case LiveFigure::Kind::Components: return componentsFigure(cluster, figure);
    case LiveFigure::Kind::Endpoints: return endpointsFigure(cluster, figure);
    }
    return {};
}

QString liveFigureStamp(const cluster::Cluster& cluster)
{
    return QStringLiteral("Live: drawn from the cluster beside you at virtual time %1")
        .arg(formatVirtualTime(cluster.sim().now()));
}

} // namespace kubelab::app
