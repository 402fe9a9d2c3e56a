// ClusterView, reading the cluster into items: the diff of the API server's watch cache
// against the map's boxes and chips, component states, and the fades of chips coming and
// going. The view itself (zoom, layout, events) is in cluster_view.cpp.
#include "app/map/cluster_view.h"

#include <QLabel>
#include <algorithm>

#include "app/core/selection.h"
#include "engine/client/component.h"
#include "engine/cluster/cluster.h"
#include "engine/model/json_view.h"
#include "engine/model/quantity.h"
#include "engine/printers/pod_status.h"
#include "engine/scheduler/pod_info.h"

namespace kubelab::app {

using nlohmann::json;

namespace {

constexpr qint64 kFadeMs = 220;
// More chips than this fading at once (a Deployment of thousands) appear without it.
constexpr std::size_t kMaxFading = 400;
const std::string kPodsPrefix = "/registry/pods/";
const std::string kNodesPrefix = "/registry/minions/";
const std::string kServicesPrefix = "/registry/services/specs/";
const std::string kSlicesPrefix = "/registry/endpointslices/";
using model::objectAt;
using model::stringAt;

QString qString(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// "worker-10" after "worker-9": names compare by their text, then their trailing number.
bool naturalLess(const QString& a, const QString& b)
{
    auto split = [](const QString& s) {
        int i = int(s.size());
        while (i > 0 && s[i - 1].isDigit())
            --i;
        return std::pair{s.left(i), i < s.size() ? s.mid(i).toLongLong() : -1};
    };
    const auto [pa, na] = split(a);
    const auto [pb, nb] = split(b);
    if (pa != pb)
        return pa < pb;
    return na != nb ? na < nb : a < b;
}

bool nodeBefore(const NodeBox* a, const NodeBox* b)
{
    if (a->role() != b->role())
        return a->role() == NodeBox::Role::ControlPlane;
    if (a->group() != b->group())
        return naturalLess(a->group(), b->group());
    return naturalLess(a->name(), b->name());
}

// A worker's group on the map: its zone when it has one, else its worker group, which the
// topology names by prefix ("gpu" for gpu-3).
QString groupOf(const std::string& name, const json& node)
{
    const std::string zone(
        stringAt(model::objectAtPath(node, "metadata.labels"), "topology.kubernetes.io/zone"));
    if (!zone.empty())
        return QString::fromStdString(zone);
    QString prefix = QString::fromStdString(name);
    int i = int(prefix.size());
    while (i > 0 && prefix[i - 1].isDigit())
        --i;
    if (i < prefix.size() && i > 1 && prefix[i - 1] == QLatin1Char('-'))
        prefix.truncate(i - 1);
    return prefix;
}

// What a chip is labelled with: a ReplicaSet's pod by its Deployment's name
// (web-6dc5cd68db-zvltx -> web), a DaemonSet's or Job's by its owner's, others by name.
QString chipLabel(const json& meta, const QString& name)
{
    const auto owners = meta.find("ownerReferences");
    if (owners == meta.end() || !owners->is_array() || owners->empty())
        return name;
    const std::string kind(stringAt(owners->front(), "kind"));
    const int cut = kind == "ReplicaSet" ? 2 : kind == "DaemonSet" || kind == "Job" ? 1 : 0;
    QString label = name;
    for (int i = 0; i < cut && label.contains(QLatin1Char('-')); ++i)
        label.truncate(label.lastIndexOf(QLatin1Char('-')));
    return label;
}

// The scheduler's one-line reason for a pod it could not place: the message of its
// PodScheduled condition while that is False.
QString schedulingReason(const json& pod)
{
    const json& conditions = model::objectAtPath(pod, "status").value("conditions", json::array());
    for (const json& c : conditions)
        if (stringAt(c, "type") == "PodScheduled" && stringAt(c, "status") == "False")
            return QString::fromStdString(std::string(stringAt(c, "message")));
    return {};
}

std::int64_t quantity(const json& list, const char* name, bool milli)
{
    const auto q = model::Quantity::parse(stringAt(list, name));
    return q ? (milli ? q->milliValue() : q->value()) : 0;
}

bool nodeReady(const json& node)
{
    const auto status = node.find("status");
    if (status == node.end())
        return false;
    const auto conditions = status->find("conditions");
    if (conditions == status->end() || !conditions->is_array())
        return false;
    for (const json& c : *conditions)
        if (stringAt(c, "type") == "Ready")
            return stringAt(c, "status") == "True";
    return false;
}

} // namespace

ClusterView::Input ClusterView::inputOf(const cluster::Cluster& cluster)
{
    const sim::Simulation& sim = cluster.sim();
    Input in;
    in.cache = cluster.watchCache();
    if (!in.cache)
        return in;
    in.revision = cluster.cacheRevision();
    in.processed = sim.processed();
    in.now = sim.now();
    // Components that can be stopped (kubelets, scheduler, controller manager) say so;
    // the other actors run as long as they exist.
    in.component = [&sim](const std::string& name) {
        const sim::Actor* actor = sim.actor(name);
        if (!actor)
            return ComponentState::NotSimulated;
        const auto* component = dynamic_cast<const client::Component*>(actor);
        return component && !component->running() ? ComponentState::Stopped
                                                  : ComponentState::Running;
    };
    in.stoppable = [&sim](const std::string& name) {
        return dynamic_cast<const client::Component*>(sim.actor(name)) != nullptr;
    };
    return in;
}

void ClusterView::showCluster(const cluster::Cluster& cluster)
{
    updateMap(inputOf(cluster));
}

void ClusterView::updateMap(const Input& in)
{
    // The AWS account alone (controlPlanes: 0) has nothing to draw: say so.
    if (!m_emptyNote) {
        m_emptyNote = new QLabel(
            tr("No Kubernetes cluster: this cluster file has only the AWS account "
               "(controlPlanes: 0).\nIts certificates and e-mail are in the AWS tab."),
            this); // not the viewport's: scrolling would move it
        m_emptyNote->setAlignment(Qt::AlignCenter);
        m_emptyNote->setWordWrap(true);
        m_emptyNote->setForegroundRole(QPalette::PlaceholderText);
    }
    m_emptyNote->setGeometry(viewport()->geometry().adjusted(16, 16, -16, -16));
    m_emptyNote->setVisible(!in.cache);
    if (!in.cache)
        return;
    const bool rewound = in.processed < m_processed;
    if (!rewound && in.processed == m_processed && in.revision == m_revision)
        return;
    if (rewound || in.revision != m_revision) {
        syncNodes(in);
        syncPods(in);
        syncServices(in);
    }
    syncComponents(in);
    m_revision = in.revision;
    m_processed = in.processed;
    finishBatch();
    updateProblems();
}

void ClusterView::finishBatch()
{
    for (NodeBox* box : m_touched)
        box->placeChips();
    m_touched.clear();
    // Read and reset first: laying out may fit, and fitting may finish fades, which
    // comes back here.
    // The unscheduled area shows only while it holds pods.
    const bool layout = m_layoutDirty || m_nodesChanged ||
                        m_unscheduled->chips().empty() == m_unscheduled->isVisible();
    const bool rechoose = m_nodesChanged;
    const bool changed = layout || m_itemsChanged;
    m_layoutDirty = m_itemsChanged = m_nodesChanged = false;
    if (layout)
        relayout(rechoose);
    if (changed)
        Q_EMIT redrawn();
}

void ClusterView::touch(NodeBox* box, bool heightChanged)
{
    if (m_touched.empty() || m_touched.back() != box)
        m_touched.push_back(box);
    m_itemsChanged = true;
    m_layoutDirty = m_layoutDirty || heightChanged;
}

void ClusterView::syncNodes(const Input& in)
{
    // The cache and m_nodes are both sorted by name: walk them side by side.
    const auto& cache = *in.cache;
    auto mine = m_nodes.begin();
    for (auto it = cache.lower_bound(kNodesPrefix);
         it != cache.end() && it->first.compare(0, kNodesPrefix.size(), kNodesPrefix) == 0; ++it) {
        const std::string_view name = std::string_view(it->first).substr(kNodesPrefix.size());
        while (mine != m_nodes.end() && mine->first < name)
            mine = removeNode(mine);
        const json& node = *it->second;
        NodeBox* box = nullptr;
        if (mine != m_nodes.end() && mine->first == name)
            box = (mine++)->second;
        else
            box = createNode(mine, std::string(name), node, in);
        const std::string rv(model::stringAtPath(node, "metadata.resourceVersion"));
        if (rv == box->resourceVersion())
            continue;
        box->setResourceVersion(rv);
        const json& spec = objectAt(node, "spec");
        box->setNodeState(nodeReady(node), model::boolAt(spec, "unschedulable"));
        const json& allocatable = model::objectAtPath(node, "status.allocatable");
        box->setAllocatable(quantity(allocatable, "cpu", true),
                            quantity(allocatable, "memory", false));
    }
    while (mine != m_nodes.end())
        mine = removeNode(mine);
}

std::map<std::string, NodeBox*>::iterator ClusterView::removeNode(
    std::map<std::string, NodeBox*>::iterator it)
{
    NodeBox* box = it->second;
    // A deleted Node's pods wait in the unscheduled area until they go too.
    for (PodChip* chip : std::vector<PodChip*>(box->chips())) {
        box->takeChip(chip);
        touch(m_unscheduled, m_unscheduled->addChip(chip));
    }
    std::erase(m_touched, box);
    std::erase(m_order, box);
    delete box;
    m_nodesChanged = true;
    return m_nodes.erase(it);
}

NodeBox* ClusterView::createNode(std::map<std::string, NodeBox*>::iterator before,
                                 const std::string& name, const json& node, const Input& in)
{
    const bool controlPlane = model::objectAtPath(node, "metadata.labels")
                                  .contains("node-role.kubernetes.io/control-plane");
    // Which components to draw: the control plane's where the engine runs them, and every
    // node's kubelet, kube-proxy and container runtime, marked when not simulated.
    std::vector<NodeBox::Component> components;
    auto add = [&](const QString& label, const std::string& actor, bool always) {
        const ComponentState state = in.component(actor);
        if (state != ComponentState::NotSimulated)
            components.push_back({label, in.stoppable(actor) ? actor : std::string(), state});
        else if (always)
            components.push_back({label, {}, state});
    };
    if (controlPlane) {
        add(QStringLiteral("kube-apiserver"), "kube-apiserver-" + name, false);
        add(QStringLiteral("etcd"), "etcd-" + name, false);
        add(QStringLiteral("controller-manager"), "kube-controller-manager-" + name, false);
        add(QStringLiteral("scheduler"), "kube-scheduler-" + name, false);
    }
    add(QStringLiteral("kubelet"), "kubelet-" + name, true);
    add(QStringLiteral("kube-proxy"), "kube-proxy-" + name, true); // kubeadm's DaemonSet: every node
    add(QStringLiteral("containerd"), "containerd-" + name, true);

    auto* box =
        new NodeBox(&m_look, controlPlane ? NodeBox::Role::ControlPlane : NodeBox::Role::Worker,
                    QString::fromStdString(name), std::move(components));
    if (!controlPlane)
        box->setGroup(groupOf(name, node));
    box->setChipsShown(m_look.detailed);
    scene()->addItem(box);
    m_nodes.emplace_hint(before, name, box);
    m_order.insert(std::upper_bound(m_order.begin(), m_order.end(), box, nodeBefore), box);
    m_nodesChanged = true;
    // Pods that arrived before their node's object did move onto it.
    for (PodChip* chip : std::vector<PodChip*>(m_unscheduled->chips()))
        if (chip->nodeName() == name) {
            touch(m_unscheduled, m_unscheduled->takeChip(chip));
            touch(box, box->addChip(chip));
        }
    return box;
}

NodeBox* ClusterView::boxFor(const std::string& nodeName) const
{
    if (nodeName.empty())
        return m_unscheduled;
    const auto it = m_nodes.find(nodeName);
    return it != m_nodes.end() ? it->second : m_unscheduled;
}

void ClusterView::syncPods(const Input& in)
{
    // The cache and m_pods are both sorted by key: walk them side by side; a pod whose
    // resourceVersion did not change costs one comparison.
    const auto& cache = *in.cache;
    auto mine = m_pods.begin();
    for (auto it = cache.lower_bound(kPodsPrefix);
         it != cache.end() && it->first.compare(0, kPodsPrefix.size(), kPodsPrefix) == 0; ++it) {
        int order = 1; // how mine->first compares with the cache's key
        while (mine != m_pods.end() && (order = mine->first.compare(it->first)) < 0) {
            retire(mine->second); // deleted
            mine = m_pods.erase(mine);
            order = 1;
        }
        const json& pod = *it->second;
        const json& meta = objectAt(pod, "metadata");
        const std::string rv(stringAt(meta, "resourceVersion"));
        auto slot = mine;
        if (mine != m_pods.end() && order == 0) {
            ++mine;
            if (rv == slot->second->resourceVersion())
                continue;
        } else {
            slot = m_pods.emplace_hint(mine, it->first, nullptr);
        }
        PodChip* chip = slot->second;
        const std::string uid(stringAt(meta, "uid"));
        if (chip && chip->uid() != uid) {
            // Same name, new pod (a StatefulSet's replacement): the old one leaves.
            retire(chip);
            chip = nullptr;
        }
        const bool added = !chip;
        if (added) {
            chip = new PodChip(&m_look, it->first, uid, qString(stringAt(meta, "namespace")),
                               qString(stringAt(meta, "name")));
            chip->setLabel(chipLabel(meta, chip->name()));
            slot->second = chip;
        }
        const auto requests = scheduler::podRequests(objectAt(pod, "spec"), false);
        chip->setRequests(requests.milliCpu, requests.memory);
        chip->setReason(schedulingReason(pod));
        chip->setResourceVersion(rv);
        const std::string status = printers::podCells(pod, in.now).status;
        if (chip->setState(podPhase(pod, status), QString::fromStdString(status)) && !added)
            chip->box()->chipChanged();
        else if (!added)
            chip->box()->chipChanged(); // its requests may have changed (resize in place)
        const std::string nodeName(model::stringAtPath(pod, "spec.nodeName"));
        NodeBox* target = boxFor(nodeName);
        chip->setNodeName(nodeName);
        if (added) {
            touch(target, target->addChip(chip));
            if (m_look.detailed && m_fading.size() < kMaxFading)
                startFade(chip, PodChip::Fade::In);
        } else if (chip->box() != target) {
            NodeBox* from = chip->box();
            touch(from, from->takeChip(chip));
            touch(target, target->addChip(chip));
        }
    }
    while (mine != m_pods.end()) {
        retire(mine->second);
        mine = m_pods.erase(mine);
    }
}

void ClusterView::syncComponents(const Input& in)
{
    for (NodeBox* box : m_order) {
        const auto& components = box->components();
        for (std::size_t i = 0; i < components.size(); ++i)
            if (!components[i].actor.empty())
                box->setComponentState(i, in.component(components[i].actor));
    }
}

void ClusterView::syncServices(const Input& in)
{
    // Only when a Service or an EndpointSlice changed: their keys and resourceVersions.
    std::string stamp;
    for (const std::string& prefix : {kServicesPrefix, kSlicesPrefix})
        for (auto it = in.cache->lower_bound(prefix);
             it != in.cache->end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
            (stamp += it->first) += model::stringAtPath(*it->second, "metadata.resourceVersion");
    if (stamp == m_servicesStamp)
        return;
    m_servicesStamp = std::move(stamp);
    std::vector<ServiceInfo> services = servicesIn(*in.cache);
    std::map<std::string, ServiceBox*> next;
    std::vector<ServiceBox*> order;
    for (ServiceInfo& info : services) {
        const std::string key = (info.ns + QLatin1Char('/') + info.name).toStdString();
        ServiceBox* box = nullptr;
        if (const auto it = m_services.find(key); it != m_services.end()) {
            box = it->second;
            m_services.erase(it);
            m_itemsChanged = box->setInfo(std::move(info)) || m_itemsChanged;
        } else {
            box = new ServiceBox(&m_look, std::move(info));
            scene()->addItem(box);
            m_layoutDirty = true;
        }
        next.emplace(key, box);
        order.push_back(box);
    }
    for (auto& [key, box] : m_services) {
        delete box; // deleted Services
        m_layoutDirty = true;
    }
    m_layoutDirty = m_layoutDirty || order != m_serviceOrder;
    m_services = std::move(next);
    m_serviceOrder = std::move(order);
}

void ClusterView::startFade(PodChip* chip, PodChip::Fade fade)
{
    const auto it = std::find_if(m_fading.begin(), m_fading.end(),
                                 [chip](const Fading& f) { return f.chip == chip; });
    const qint64 now = m_clock.elapsed();
    if (it != m_fading.end())
        it->start = now;
    else
        m_fading.push_back({chip, now});
    chip->setFade(fade, 0);
    if (!m_fadeTimer.isActive())
        m_fadeTimer.start();
}

void ClusterView::retire(PodChip* chip)
{
    if (m_look.detailed && m_fading.size() < kMaxFading) {
        startFade(chip, PodChip::Fade::Out);
        return;
    }
    std::erase_if(m_fading, [chip](const Fading& f) { return f.chip == chip; });
    removeChip(chip);
}

void ClusterView::removeChip(PodChip* chip)
{
    NodeBox* box = chip->box();
    touch(box, box->takeChip(chip));
    delete chip;
}

void ClusterView::animate()
{
    const qint64 now = m_clock.elapsed();
    for (auto it = m_fading.begin(); it != m_fading.end();) {
        PodChip* chip = it->chip;
        const qreal progress = qreal(now - it->start) / kFadeMs;
        if (progress < 1) {
            chip->setFade(chip->fade(), progress);
            ++it;
            continue;
        }
        it = m_fading.erase(it);
        if (chip->fade() == PodChip::Fade::Out)
            removeChip(chip);
        else
            chip->setFade(PodChip::Fade::None, 1);
    }
    if (m_fading.empty())
        m_fadeTimer.stop();
    finishBatch();
}

void ClusterView::finishFades()
{
    for (const Fading& f : m_fading) {
        if (f.chip->fade() == PodChip::Fade::Out)
            removeChip(f.chip);
        else
            f.chip->setFade(PodChip::Fade::None, 1);
    }
    m_fading.clear();
    m_fadeTimer.stop();
    finishBatch();
}

QStringList ClusterView::podNames() const
{
    QStringList names;
    auto add = [&](const NodeBox* box) {
        for (const PodChip* chip : box->chips())
            if (chip->fade() != PodChip::Fade::Out)
                names << chip->name();
    };
    for (const NodeBox* box : m_order)
        add(box);
    add(m_unscheduled);
    return names;
}

PodChip* ClusterView::podChip(const QString& ns, const QString& name) const
{
    const auto it = m_pods.find(kPodsPrefix + ns.toStdString() + '/' + name.toStdString());
    return it != m_pods.end() ? it->second : nullptr;
}

NodeBox* ClusterView::nodeBox(const QString& name) const
{
    const auto it = m_nodes.find(name.toStdString());
    return it != m_nodes.end() ? it->second : nullptr;
}

ServiceBox* ClusterView::serviceBox(const QString& ns, const QString& name) const
{
    const auto it = m_services.find((ns + QLatin1Char('/') + name).toStdString());
    return it != m_services.end() ? it->second : nullptr;
}

QGraphicsItem* ClusterView::itemFor(const ObjectRef& ref) const
{
    if (ref.resource == QLatin1String("services"))
        return serviceBox(ref.ns, ref.name);
    if (ref.resource == QLatin1String("pods"))
        return podChip(ref.ns, ref.name);
    if (ref.resource == QLatin1String("nodes"))
        return nodeBox(ref.name);
    return nullptr;
}

} // namespace kubelab::app
