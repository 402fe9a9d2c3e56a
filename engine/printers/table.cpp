#include "engine/printers/table.h"

#include <cctype>
#include <functional>
#include <map>
#include <set>

#include "engine/printers/object_util.h"
#include "engine/printers/pod_status.h"
#include "engine/printers/storage_printers.h"

namespace kubelab::printers {

namespace {

using Row = std::vector<std::string>;
using RowFn = std::function<Row(const Json&, sim::Time)>;

// What a cell holds in JSON: the Go printers append int64 and bool values for some
// columns (whatever the column's declared type: Deployment's "Up-to-date" is a "string"
// column of int64 cells), strings for the rest.
enum class Cell { Text, Integer, Boolean };

// A column as metav1.TableColumnDefinition describes it; priority 1 columns are the ones
// kubectl shows only with -o wide.
struct Column
{
    std::string name;
    std::string type = "string"; // "string", "integer", "boolean", "date"
    std::string format;          // "name" for the object's name
    std::string description;
    int priority = 0;
    Cell cell = Cell::Text;
};

struct Printer
{
    std::vector<Column> columns;
    RowFn row; // one cell per column
};

std::string n(std::int64_t v)
{
    return std::to_string(v);
}
std::string name(const Json& o)
{
    return str(o, "metadata.name");
}
std::string orNone(const std::string& s)
{
    return s.empty() ? "<none>" : s;
}

Row podRow(const Json& o, sim::Time now)
{
    PodCells c = podCells(o, now);
    Row r{name(o), c.ready, c.status, c.restarts, age(o, now)};
    {
        std::string ip;
        const Json& ips = at(o, "status.podIPs");
        if (ips.is_array() && !ips.empty())
            ip = str(ips[0], "ip");
        std::string gates = "<none>";
        const Json& rg = at(o, "spec.readinessGates");
        if (rg.is_array() && !rg.empty()) {
            int trueCount = 0;
            for (const Json& g : rg) {
                const Json& conds = at(o, "status.conditions");
                if (conds.is_array())
                    for (const Json& cond : conds)
                        if (str(cond, "type") == str(g, "conditionType")) {
                            trueCount += str(cond, "status") == "True";
                            break;
                        }
            }
            gates = n(trueCount) + "/" + n(std::int64_t(rg.size()));
        }
        r.insert(r.end(), {orNone(ip), orNone(str(o, "spec.nodeName")),
                           orNone(str(o, "status.nominatedNodeName")), gates});
    }
    return r;
}

Row deploymentRow(const Json& o, sim::Time now)
{
    Row r{name(o), n(num(o, "status.readyReplicas")) + "/" + n(num(o, "spec.replicas")),
          n(num(o, "status.updatedReplicas")), n(num(o, "status.availableReplicas")), age(o, now)};
    {
        auto [names, images] = containerCells(at(o, "spec.template.spec"));
        // printDeployment prints selector.String() unformatted: "" rather than "<none>".
        std::string sel = formatLabelSelector(at(o, "spec.selector"));
        r.insert(r.end(), {names, images, sel == "<none>" ? "" : sel});
    }
    return r;
}

Row replicaSetRow(const Json& o, sim::Time now)
{
    Row r{name(o), n(num(o, "spec.replicas")), n(num(o, "status.replicas")),
          n(num(o, "status.readyReplicas")), age(o, now)};
    {
        auto [names, images] = containerCells(at(o, "spec.template.spec"));
        r.insert(r.end(), {names, images, formatLabelSelector(at(o, "spec.selector"))});
    }
    return r;
}

Row statefulSetRow(const Json& o, sim::Time now)
{
    Row r{name(o), n(num(o, "status.readyReplicas")) + "/" + n(num(o, "spec.replicas")),
          age(o, now)};
    {
        auto [names, images] = containerCells(at(o, "spec.template.spec"));
        r.insert(r.end(), {names, images});
    }
    return r;
}

Row daemonSetRow(const Json& o, sim::Time now)
{
    Row r{name(o),
          n(num(o, "status.desiredNumberScheduled")),
          n(num(o, "status.currentNumberScheduled")),
          n(num(o, "status.numberReady")),
          n(num(o, "status.updatedNumberScheduled")),
          n(num(o, "status.numberAvailable")),
          formatLabels(at(o, "spec.template.spec.nodeSelector")),
          age(o, now)};
    {
        auto [names, images] = containerCells(at(o, "spec.template.spec"));
        r.insert(r.end(), {names, images, formatLabelSelector(at(o, "spec.selector"))});
    }
    return r;
}

bool jobCondition(const Json& o, const std::string& type)
{
    const Json& conds = at(o, "status.conditions");
    if (conds.is_array())
        for (const Json& c : conds)
            if (str(c, "type") == type)
                return str(c, "status") == "True";
    return false;
}

Row jobRow(const Json& o, sim::Time now)
{
    const std::int64_t succeeded = num(o, "status.succeeded");
    std::string completions;
    if (at(o, "spec.completions").is_number()) {
        completions = n(succeeded) + "/" + n(num(o, "spec.completions"));
    } else {
        const std::int64_t parallelism = num(o, "spec.parallelism");
        completions =
            parallelism > 1 ? n(succeeded) + "/1 of " + n(parallelism) : n(succeeded) + "/1";
    }
    std::string duration;
    auto start = parseTimestamp(str(o, "status.startTime"));
    auto done = parseTimestamp(str(o, "status.completionTime"));
    if (start)
        duration = sim::humanDuration((done ? *done : now) - *start);
    std::string status = "Running";
    if (jobCondition(o, "Complete"))
        status = "Complete";
    else if (jobCondition(o, "Failed"))
        status = "Failed";
    else if (!at(o, "metadata.deletionTimestamp").is_null())
        status = "Terminating";
    else if (jobCondition(o, "Suspended"))
        status = "Suspended";
    else if (jobCondition(o, "FailureTarget"))
        status = "FailureTarget";
    Row r{name(o), status, completions, duration, age(o, now)};
    {
        auto [names, images] = containerCells(at(o, "spec.template.spec"));
        r.insert(r.end(), {names, images, formatLabelSelector(at(o, "spec.selector"))});
    }
    return r;
}

std::string serviceExternalIp(const Json& o, bool wide)
{
    const std::string type = str(o, "spec.type");
    std::vector<std::string> external;
    const Json& eips = at(o, "spec.externalIPs");
    if (eips.is_array())
        for (const Json& ip : eips)
            external.push_back(ip.get<std::string>());
    if (type == "ClusterIP" || type == "NodePort" || type.empty())
        return external.empty() ? "<none>" : join(external, ",");
    if (type == "LoadBalancer") {
        std::set<std::string> lb;
        const Json& ingress = at(o, "status.loadBalancer.ingress");
        if (ingress.is_array())
            for (const Json& i : ingress) {
                if (!str(i, "ip").empty())
                    lb.insert(str(i, "ip"));
                else if (!str(i, "hostname").empty())
                    lb.insert(str(i, "hostname"));
            }
        std::string lbText = join(std::vector<std::string>(lb.begin(), lb.end()), ",");
        if (!wide && lbText.size() > 16)
            lbText = lbText.substr(0, 13) + "...";
        if (!external.empty()) {
            std::vector<std::string> all;
            if (!lbText.empty())
                all = split(lbText, ',');
            all.insert(all.end(), external.begin(), external.end());
            return join(all, ",");
        }
        return lbText.empty() ? "<pending>" : lbText;
    }
    if (type == "ExternalName")
        return str(o, "spec.externalName");
    return "<unknown>";
}

Row serviceRow(const Json& o, sim::Time now)
{
    std::string clusterIp = "<none>";
    const Json& ips = at(o, "spec.clusterIPs");
    if (ips.is_array() && !ips.empty())
        clusterIp = ips[0].get<std::string>();
    else if (!str(o, "spec.clusterIP").empty())
        clusterIp = str(o, "spec.clusterIP");
    std::vector<std::string> ports;
    const Json& sp = at(o, "spec.ports");
    if (sp.is_array())
        for (const Json& p : sp) {
            std::string proto = str(p, "protocol").empty() ? "TCP" : str(p, "protocol");
            if (num(p, "nodePort") > 0)
                ports.push_back(n(num(p, "port")) + ":" + n(num(p, "nodePort")) + "/" + proto);
            else
                ports.push_back(n(num(p, "port")) + "/" + proto);
        }
    Row r{name(o),
          str(o, "spec.type"),
          clusterIp,
          serviceExternalIp(o, true),
          orNone(join(ports, ",")),
          age(o, now)};
    r.push_back(formatLabels(at(o, "spec.selector")));
    return r;
}

std::string nodeAddress(const Json& o, const std::string& type)
{
    const Json& addrs = at(o, "status.addresses");
    if (addrs.is_array())
        for (const Json& a : addrs)
            if (str(a, "type") == type)
                return str(a, "address");
    return "<none>";
}

Row nodeRow(const Json& o, sim::Time now)
{
    std::vector<std::string> status;
    const Json& conds = at(o, "status.conditions");
    if (conds.is_array())
        for (const Json& c : conds)
            if (str(c, "type") == "Ready") {
                status.push_back(str(c, "status") == "True" ? "Ready" : "NotReady");
                break;
            }
    if (status.empty())
        status.push_back("Unknown");
    if (flag(o, "spec.unschedulable"))
        status.push_back("SchedulingDisabled");
    std::set<std::string> roles;
    const Json& labels = at(o, "metadata.labels");
    if (labels.is_object())
        for (auto it = labels.begin(); it != labels.end(); ++it) {
            const std::string prefix = "node-role.kubernetes.io/";
            if (it.key().rfind(prefix, 0) == 0 && it.key().size() > prefix.size())
                roles.insert(it.key().substr(prefix.size()));
            else if (it.key() == "kubernetes.io/role" && it->is_string() &&
                     !it->get<std::string>().empty())
                roles.insert(it->get<std::string>());
        }
    Row r{name(o), join(status, ","),
          orNone(join(std::vector<std::string>(roles.begin(), roles.end()), ",")), age(o, now),
          str(o, "status.nodeInfo.kubeletVersion")};
    {
        auto unknown = [](std::string s) { return s.empty() ? "<unknown>" : s; };
        r.insert(r.end(), {nodeAddress(o, "InternalIP"), nodeAddress(o, "ExternalIP"),
                           unknown(str(o, "status.nodeInfo.osImage")),
                           unknown(str(o, "status.nodeInfo.kernelVersion")),
                           unknown(str(o, "status.nodeInfo.containerRuntimeVersion"))});
    }
    return r;
}

std::string firstNonEmpty(const std::string& a, const std::string& b)
{
    return a.empty() ? b : a;
}

Row eventRow(const Json& o, sim::Time now)
{
    std::string first = since(at(o, "firstTimestamp"), now);
    if (at(o, "firstTimestamp").is_null())
        first = since(at(o, "eventTime"), now);
    std::string last = since(at(o, "lastTimestamp"), now);
    if (at(o, "lastTimestamp").is_null())
        last = first;
    std::int64_t count = num(o, "count");
    if (at(o, "series").is_object()) {
        last = since(at(o, "series.lastObservedTime"), now);
        count = num(o, "series.count");
    } else if (count == 0) {
        count = 1;
    }
    std::string target = toLower(str(o, "involvedObject.kind"));
    if (!str(o, "involvedObject.name").empty())
        target += "/" + str(o, "involvedObject.name");
    std::string message = str(o, "message");
    while (!message.empty() && std::isspace(static_cast<unsigned char>(message.back())))
        message.pop_back();
    while (!message.empty() && std::isspace(static_cast<unsigned char>(message.front())))
        message.erase(message.begin());
    std::string component = firstNonEmpty(str(o, "source.component"), str(o, "reportingComponent"));
    std::string source = component;
    std::string instance = firstNonEmpty(str(o, "source.host"), str(o, "reportingInstance"));
    if (!component.empty() && !instance.empty())
        source += ", " + instance;
    return {last,
            str(o, "type"),
            str(o, "reason"),
            target,
            str(o, "involvedObject.fieldPath"),
            source,
            message,
            first,
            n(count),
            name(o)};
}

Row countRow(const Json& o, sim::Time now, const std::vector<std::string>& fields)
{
    std::int64_t count = 0;
    for (const std::string& f : fields) {
        const Json& v = at(o, f);
        if (v.is_object() || v.is_array())
            count += std::int64_t(v.size());
    }
    return {name(o), n(count), age(o, now)};
}

std::string listWithMore(const std::vector<std::string>& all)
{
    const size_t max = 3;
    if (all.empty())
        return "<unset>";
    std::vector<std::string> shown(all.begin(), all.begin() + std::min(max, all.size()));
    std::string ret = join(shown, ",");
    if (all.size() > max)
        ret += " + " + n(std::int64_t(all.size() - max)) + " more...";
    return ret;
}

Row endpointSliceRow(const Json& o, sim::Time now)
{
    std::vector<std::string> ports, addresses;
    const Json& ps = at(o, "ports");
    if (ps.is_array())
        for (const Json& p : ps) {
            if (at(p, "port").is_number())
                ports.push_back(n(num(p, "port")));
            else if (at(p, "name").is_string())
                ports.push_back(str(p, "name"));
            else
                ports.push_back("*");
        }
    const Json& eps = at(o, "endpoints");
    if (eps.is_array())
        for (const Json& e : eps) {
            const Json& addrs = at(e, "addresses");
            if (addrs.is_array())
                for (const Json& a : addrs)
                    addresses.push_back(a.get<std::string>());
        }
    return {name(o), str(o, "addressType"), listWithMore(ports), listWithMore(addresses),
            age(o, now)};
}

Row priorityClassRow(const Json& o, sim::Time now)
{
    std::string policy = str(o, "preemptionPolicy");
    return {name(o), n(num(o, "value")), flag(o, "globalDefault") ? "true" : "false", age(o, now),
            policy.empty() ? "<unset>" : policy};
}

Column nameColumn()
{
    return {"Name", "string", "name", "The object's name, unique among its kind in its namespace."};
}

Column ageColumn()
{
    return {"Age", "string", "",
            "How long ago the object was created (metadata.creationTimestamp)."};
}

Column col(std::string name, std::string description, int priority = 0)
{
    return {std::move(name), "string", "", std::move(description), priority};
}

Column wideCol(std::string name, std::string description)
{
    return col(std::move(name), std::move(description), 1);
}

// A column of int64 cells, declared "integer" (ReplicaSet's Desired) or "string"
// (Deployment's Up-to-date, ConfigMap's Data), as printers.go declares each.
Column countCol(std::string name, std::string description, std::string type = "integer",
                int priority = 0)
{
    Column c{std::move(name), std::move(type), "", std::move(description), priority};
    c.cell = Cell::Integer;
    return c;
}

std::vector<Column> templateColumns(bool withSelector)
{
    std::vector<Column> c = {
        wideCol("Containers", "Names of the containers in the pod template."),
        wideCol("Images", "Images of the containers in the pod template."),
    };
    if (withSelector)
        c.push_back(wideCol("Selector", "The label query over pods that this object manages."));
    return c;
}

std::vector<Column> with(std::vector<Column> a, const std::vector<Column>& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

const std::map<std::string, Printer>& printerTable()
{
    static const std::map<std::string, Printer> table = {
        {"pods",
         {{nameColumn(), col("Ready", "Ready containers out of all containers."),
           col("Status", "The pod's phase, or the reason it is not running yet or any more."),
           col("Restarts", "Container restarts, and how long ago the last one was."), ageColumn(),
           wideCol("IP", "The pod's IP address."), wideCol("Node", "The node the pod is bound to."),
           wideCol("Nominated Node", "The node preemption made room on for this pod."),
           wideCol("Readiness Gates", "Readiness gates that are true, out of all of them.")},
          podRow}},
        {"deployments.apps",
         {with({nameColumn(), col("Ready", "Ready replicas out of the desired number."),
                countCol("Up-to-date", "Replicas running the latest pod template.", "string"),
                countCol("Available", "Replicas available to serve for minReadySeconds.", "string"),
                ageColumn()},
               templateColumns(true)),
          deploymentRow}},
        {"replicasets.apps",
         {with({nameColumn(), countCol("Desired", "Replicas asked for (spec.replicas)."),
                countCol("Current", "Replicas that exist (status.replicas)."),
                countCol("Ready", "Replicas that are ready."), ageColumn()},
               templateColumns(true)),
          replicaSetRow}},
        {"statefulsets.apps",
         {with({nameColumn(), col("Ready", "Ready replicas out of the desired number."),
                ageColumn()},
               templateColumns(false)),
          statefulSetRow}},
        {"daemonsets.apps",
         {with({nameColumn(), countCol("Desired", "Nodes that should run the daemon pod."),
                countCol("Current", "Nodes running at least one daemon pod."),
                countCol("Ready", "Nodes whose daemon pod is ready."),
                countCol("Up-to-date", "Nodes running the latest pod template."),
                countCol("Available", "Nodes whose daemon pod is available."),
                col("Node Selector", "The template's nodeSelector."), ageColumn()},
               templateColumns(true)),
          daemonSetRow}},
        {"jobs.batch",
         {with({nameColumn(), col("Status", "Complete, Failed, Running, Suspended or Terminating."),
                col("Completions", "Succeeded pods out of the completions asked for."),
                col("Duration", "How long the job ran or has been running."), ageColumn()},
               templateColumns(true)),
          jobRow}},
        {"services",
         {{nameColumn(), col("Type", "How the service is exposed."),
           col("Cluster-IP", "The service's virtual IP inside the cluster."),
           col("External-IP", "Addresses the service is reachable at from outside."),
           col("Port(s)", "Ports the service exposes."), ageColumn(),
           wideCol("Selector", "The labels of the pods the service sends traffic to.")},
          serviceRow}},
        {"nodes",
         {{nameColumn(), col("Status", "Ready, NotReady or Unknown, and SchedulingDisabled."),
           col("Roles", "The node's roles, from its node-role.kubernetes.io labels."), ageColumn(),
           col("Version", "The kubelet's version."),
           wideCol("Internal-IP", "The node's address inside the cluster network."),
           wideCol("External-IP", "The node's externally reachable address."),
           wideCol("OS-Image", "The operating system the node reports."),
           wideCol("Kernel-Version", "The kernel version the node reports."),
           wideCol("Container-Runtime", "The container runtime and its version.")},
          nodeRow}},
        {"namespaces",
         {{nameColumn(), col("Status", "Active, or Terminating while its content goes."),
           ageColumn()},
          [](const Json& o, sim::Time now) {
              return Row{name(o), str(o, "status.phase"), age(o, now)};
          }}},
        {"configmaps",
         {{nameColumn(), countCol("Data", "Keys in data and binaryData.", "string"), ageColumn()},
          [](const Json& o, sim::Time now) {
              return countRow(o, now, {"data", "binaryData"});
          }}},
        {"secrets",
         {{nameColumn(), col("Type", "The secret's type."),
           countCol("Data", "Keys in data.", "string"), ageColumn()},
          [](const Json& o, sim::Time now) {
              Row r = countRow(o, now, {"data"});
              r.insert(r.begin() + 1, str(o, "type"));
              return r;
          }}},
        {"serviceaccounts",
         {{nameColumn(), countCol("Secrets", "Secrets listed for the account.", "string"),
           ageColumn()},
          [](const Json& o, sim::Time now) { return countRow(o, now, {"secrets"}); }}},
        {"events",
         {{col("Last Seen", "When the event last happened."),
           col("Type", "Normal or Warning."),
           col("Reason", "A short machine-readable cause."),
           col("Object", "The object the event is about."),
           wideCol("Subobject", "The part of the object, such as a container."),
           wideCol("Source", "The component that reported the event, and where."),
           col("Message", "What happened, for people."),
           wideCol("First Seen", "When the event first happened."),
           countCol("Count", "How many times it happened.", "string", 1),
           {"Name", "string", "name", "The event's own name.", 1}},
          eventRow}},
        {"endpointslices.discovery.k8s.io",
         {{nameColumn(), col("AddressType", "IPv4, IPv6 or FQDN."),
           col("Ports", "The slice's ports."), col("Endpoints", "The endpoints' addresses."),
           ageColumn()},
          endpointSliceRow}},
        {"leases.coordination.k8s.io",
         {{nameColumn(), col("Holder", "Who holds the lease."), ageColumn()},
          [](const Json& o, sim::Time now) {
              return Row{name(o), str(o, "spec.holderIdentity"), age(o, now)};
          }}},
        {"persistentvolumes",
         {{nameColumn(), col("Capacity", "The volume's size."),
           col("Access Modes", "How the volume can be mounted (RWO, ROX, RWX, RWOP)."),
           col("Reclaim Policy", "What happens to the volume when its claim goes."),
           col("Status", "Available, Bound, Released or Failed."),
           col("Claim", "The claim bound to the volume."),
           col("StorageClass", "The class of the volume."),
           col("VolumeAttributesClass", "The VolumeAttributesClass of the volume."),
           col("Reason", "Why the volume failed, if it did."), ageColumn(),
           wideCol("VolumeMode", "Filesystem or Block.")},
          persistentVolumeRow}},
        {"persistentvolumeclaims",
         {{nameColumn(), col("Status", "Pending, Bound or Lost."),
           col("Volume", "The volume bound to the claim."),
           col("Capacity", "The size of the bound volume."),
           col("Access Modes", "How the bound volume can be mounted."),
           col("StorageClass", "The class of the claim."),
           col("VolumeAttributesClass", "The VolumeAttributesClass of the claim."), ageColumn(),
           wideCol("VolumeMode", "Filesystem or Block.")},
          persistentVolumeClaimRow}},
        {"storageclasses.storage.k8s.io",
         {{nameColumn(), col("Provisioner", "Who makes volumes of this class."),
           col("ReclaimPolicy", "What happens to a provisioned volume when its claim goes."),
           col("VolumeBindingMode", "When volumes are bound and provisioned."),
           {"AllowVolumeExpansion", "string", "", "Whether claims of this class may grow.", 0,
            Cell::Boolean},
           ageColumn()},
          storageClassRow}},
        {"priorityclasses.scheduling.k8s.io",
         {{nameColumn(),
           countCol("Value", "The priority pods of this class get."),
           {"Global-Default", "boolean", "", "Whether pods without a class get this one.", 0,
            Cell::Boolean},
           ageColumn(),
           col("PreemptionPolicy", "Whether these pods may preempt others.")},
          priorityClassRow}},
    };
    return table;
}

// Kinds without a printer get kube-apiserver's default table: the name and creation time.
const Printer& defaultPrinter()
{
    static const Printer p{
        {nameColumn(), {"Created At", "date", "", "When the object was created."}},
        [](const Json& o, sim::Time) {
            return Row{name(o), str(o, "metadata.creationTimestamp")};
        }};
    return p;
}

const Printer& printerFor(const model::KindInfo& kind)
{
    auto it = printerTable().find(kind.groupResource());
    return it == printerTable().end() ? defaultPrinter() : it->second;
}

// A cell as JSON: the row functions give text, turned back into the int64 or bool the Go
// printer puts in that column.
Json cell(const Column& c, const std::string& text)
{
    if (c.cell == Cell::Integer) {
        char* end = nullptr;
        const long long v = std::strtoll(text.c_str(), &end, 10);
        if (!text.empty() && *end == '\0')
            return v;
    } else if (c.cell == Cell::Boolean && (text == "true" || text == "false")) {
        return text == "true";
    }
    return text;
}

} // namespace

IncludeObject parseIncludeObject(const std::string& value)
{
    if (value == "None")
        return IncludeObject::None;
    if (value == "Object")
        return IncludeObject::Object;
    return IncludeObject::Metadata;
}

const std::string& tableAcceptHeader()
{
    static const std::string h = "application/json;as=Table;v=v1;g=meta.k8s.io,"
                                 "application/json;as=Table;v=v1beta1;g=meta.k8s.io,"
                                 "application/json";
    return h;
}

bool acceptsTable(const std::string& accept)
{
    return accept.find("as=Table") != std::string::npos;
}

TableBuilder::TableBuilder(const model::KindInfo& kind, sim::Time now, IncludeObject include)
    : m_kind(kind), m_now(now), m_include(include)
{}

void TableBuilder::add(const Json& object)
{
    const Printer& p = printerFor(m_kind);
    const Row cells = p.row(object, m_now);
    Json row = Json::object();
    Json& out = row["cells"] = Json::array();
    for (size_t i = 0; i < cells.size() && i < p.columns.size(); ++i)
        out.push_back(cell(p.columns[i], cells[i]));
    if (m_include == IncludeObject::Metadata) {
        Json& partial = row["object"] = Json::object();
        partial["kind"] = "PartialObjectMetadata";
        partial["apiVersion"] = "meta.k8s.io/v1";
        partial["metadata"] = at(object, "metadata");
    } else if (m_include == IncludeObject::Object) {
        row["object"] = object;
    }
    m_rows.push_back(std::move(row));
}

Json TableBuilder::finish(const std::string& resourceVersion, const std::string& continueToken)
{
    Json table = Json::object();
    table["kind"] = "Table";
    table["apiVersion"] = "meta.k8s.io/v1";
    table["metadata"] = Json::object();
    if (!resourceVersion.empty())
        table["metadata"]["resourceVersion"] = resourceVersion;
    if (!continueToken.empty())
        table["metadata"]["continue"] = continueToken;
    Json& defs = table["columnDefinitions"] = Json::array();
    for (const Column& c : printerFor(m_kind).columns)
        defs.push_back({{"name", c.name},
                        {"type", c.type},
                        {"format", c.format},
                        {"description", c.description},
                        {"priority", c.priority}});
    table["rows"] = std::move(m_rows);
    m_rows = Json::array();
    return table;
}

Json toTable(const model::KindInfo& kind, const Json& listOrObject, sim::Time now,
             IncludeObject include)
{
    TableBuilder b(kind, now, include);
    const Json& meta = at(listOrObject, "metadata");
    if (listOrObject.contains("items")) {
        for (const Json& item : listOrObject["items"])
            b.add(item);
        return b.finish(str(meta, "resourceVersion"), str(meta, "continue"));
    }
    b.add(listOrObject);
    return b.finish(str(meta, "resourceVersion"));
}

} // namespace kubelab::printers
