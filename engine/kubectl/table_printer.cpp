#include "engine/kubectl/table_printer.h"

#include <functional>
#include <map>
#include <set>

#include "engine/kubectl/object_util.h"
#include "engine/kubectl/pod_status.h"
#include "engine/kubectl/tabwriter.h"

namespace kubelab::kubectl {

namespace {

using Row = std::vector<std::string>;
using RowFn = std::function<Row(const Json&, sim::Time, bool wide)>;

struct Printer
{
    std::vector<std::string> columns;
    std::vector<std::string> wideColumns;
    RowFn row;
};

std::string n(std::int64_t v) { return std::to_string(v); }
std::string name(const Json& o) { return str(o, "metadata.name"); }
std::string orNone(const std::string& s) { return s.empty() ? "<none>" : s; }

Row podRow(const Json& o, sim::Time now, bool wide)
{
    PodCells c = podCells(o, now);
    Row r{name(o), c.ready, c.status, c.restarts, age(o, now)};
    if (wide) {
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

Row deploymentRow(const Json& o, sim::Time now, bool wide)
{
    Row r{name(o),
          n(num(o, "status.readyReplicas")) + "/" + n(num(o, "spec.replicas")),
          n(num(o, "status.updatedReplicas")), n(num(o, "status.availableReplicas")),
          age(o, now)};
    if (wide) {
        auto [names, images] = containerCells(at(o, "spec.template.spec"));
        // printDeployment prints selector.String() unformatted: "" rather than "<none>".
        std::string sel = formatLabelSelector(at(o, "spec.selector"));
        r.insert(r.end(), {names, images, sel == "<none>" ? "" : sel});
    }
    return r;
}

Row replicaSetRow(const Json& o, sim::Time now, bool wide)
{
    Row r{name(o), n(num(o, "spec.replicas")), n(num(o, "status.replicas")),
          n(num(o, "status.readyReplicas")), age(o, now)};
    if (wide) {
        auto [names, images] = containerCells(at(o, "spec.template.spec"));
        r.insert(r.end(), {names, images, formatLabelSelector(at(o, "spec.selector"))});
    }
    return r;
}

Row statefulSetRow(const Json& o, sim::Time now, bool wide)
{
    Row r{name(o), n(num(o, "status.readyReplicas")) + "/" + n(num(o, "spec.replicas")),
          age(o, now)};
    if (wide) {
        auto [names, images] = containerCells(at(o, "spec.template.spec"));
        r.insert(r.end(), {names, images});
    }
    return r;
}

Row daemonSetRow(const Json& o, sim::Time now, bool wide)
{
    Row r{name(o),
          n(num(o, "status.desiredNumberScheduled")),
          n(num(o, "status.currentNumberScheduled")),
          n(num(o, "status.numberReady")),
          n(num(o, "status.updatedNumberScheduled")),
          n(num(o, "status.numberAvailable")),
          formatLabels(at(o, "spec.template.spec.nodeSelector")),
          age(o, now)};
    if (wide) {
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

Row jobRow(const Json& o, sim::Time now, bool wide)
{
    const std::int64_t succeeded = num(o, "status.succeeded");
    std::string completions;
    if (at(o, "spec.completions").is_number()) {
        completions = n(succeeded) + "/" + n(num(o, "spec.completions"));
    } else {
        const std::int64_t parallelism = num(o, "spec.parallelism");
        completions = parallelism > 1 ? n(succeeded) + "/1 of " + n(parallelism)
                                      : n(succeeded) + "/1";
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
    if (wide) {
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

Row serviceRow(const Json& o, sim::Time now, bool wide)
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
    Row r{name(o), str(o, "spec.type"), clusterIp, serviceExternalIp(o, wide),
          orNone(join(ports, ",")), age(o, now)};
    if (wide)
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

Row nodeRow(const Json& o, sim::Time now, bool wide)
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
            else if (it.key() == "kubernetes.io/role" && it->is_string()
                     && !it->get<std::string>().empty())
                roles.insert(it->get<std::string>());
        }
    Row r{name(o), join(status, ","),
          orNone(join(std::vector<std::string>(roles.begin(), roles.end()), ",")),
          age(o, now), str(o, "status.nodeInfo.kubeletVersion")};
    if (wide) {
        auto unknown = [](std::string s) { return s.empty() ? "<unknown>" : s; };
        r.insert(r.end(), {nodeAddress(o, "InternalIP"), nodeAddress(o, "ExternalIP"),
                           unknown(str(o, "status.nodeInfo.osImage")),
                           unknown(str(o, "status.nodeInfo.kernelVersion")),
                           unknown(str(o, "status.nodeInfo.containerRuntimeVersion"))});
    }
    return r;
}

std::string firstNonEmpty(const std::string& a, const std::string& b) { return a.empty() ? b : a; }

Row eventRow(const Json& o, sim::Time now, bool wide)
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
    if (!wide)
        return {last, str(o, "type"), str(o, "reason"), target, message};
    std::string component = firstNonEmpty(str(o, "source.component"),
                                          str(o, "reportingComponent"));
    std::string source = component;
    std::string instance = firstNonEmpty(str(o, "source.host"), str(o, "reportingInstance"));
    if (!component.empty() && !instance.empty())
        source += ", " + instance;
    return {last, str(o, "type"), str(o, "reason"), target, str(o, "involvedObject.fieldPath"),
            source, message, first, n(count), name(o)};
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

Row endpointSliceRow(const Json& o, sim::Time now, bool)
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

Row priorityClassRow(const Json& o, sim::Time now, bool)
{
    std::string policy = str(o, "preemptionPolicy");
    return {name(o), n(num(o, "value")), flag(o, "globalDefault") ? "true" : "false",
            age(o, now), policy.empty() ? "<unset>" : policy};
}

const std::map<std::string, Printer>& printers()
{
    static const std::map<std::string, Printer> table = {
        {"pods",
         {{"NAME", "READY", "STATUS", "RESTARTS", "AGE"},
          {"IP", "NODE", "NOMINATED NODE", "READINESS GATES"}, podRow}},
        {"deployments.apps",
         {{"NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"},
          {"CONTAINERS", "IMAGES", "SELECTOR"}, deploymentRow}},
        {"replicasets.apps",
         {{"NAME", "DESIRED", "CURRENT", "READY", "AGE"},
          {"CONTAINERS", "IMAGES", "SELECTOR"}, replicaSetRow}},
        {"statefulsets.apps",
         {{"NAME", "READY", "AGE"}, {"CONTAINERS", "IMAGES"}, statefulSetRow}},
        {"daemonsets.apps",
         {{"NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR",
           "AGE"},
          {"CONTAINERS", "IMAGES", "SELECTOR"}, daemonSetRow}},
        {"jobs.batch",
         {{"NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"},
          {"CONTAINERS", "IMAGES", "SELECTOR"}, jobRow}},
        {"services",
         {{"NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"}, {"SELECTOR"},
          serviceRow}},
        {"nodes",
         {{"NAME", "STATUS", "ROLES", "AGE", "VERSION"},
          {"INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"},
          nodeRow}},
        {"namespaces",
         {{"NAME", "STATUS", "AGE"}, {},
          [](const Json& o, sim::Time now, bool) {
              return Row{name(o), str(o, "status.phase"), age(o, now)};
          }}},
        {"configmaps",
         {{"NAME", "DATA", "AGE"}, {},
          [](const Json& o, sim::Time now, bool) {
              return countRow(o, now, {"data", "binaryData"});
          }}},
        {"secrets",
         {{"NAME", "TYPE", "DATA", "AGE"}, {},
          [](const Json& o, sim::Time now, bool) {
              Row r = countRow(o, now, {"data"});
              r.insert(r.begin() + 1, str(o, "type"));
              return r;
          }}},
        {"serviceaccounts",
         {{"NAME", "SECRETS", "AGE"}, {},
          [](const Json& o, sim::Time now, bool) { return countRow(o, now, {"secrets"}); }}},
        {"events",
         {{"LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"},
          {"LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE",
           "FIRST SEEN", "COUNT", "NAME"},
          eventRow}},
        {"endpointslices.discovery.k8s.io",
         {{"NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"}, {}, endpointSliceRow}},
        {"leases.coordination.k8s.io",
         {{"NAME", "HOLDER", "AGE"}, {},
          [](const Json& o, sim::Time now, bool) {
              return Row{name(o), str(o, "spec.holderIdentity"), age(o, now)};
          }}},
        {"priorityclasses.scheduling.k8s.io",
         {{"NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"}, {},
          priorityClassRow}},
    };
    return table;
}

} // namespace

Table buildTable(const model::KindInfo& kind, const std::vector<Json>& items, sim::Time now,
                 bool wide)
{
    Table t;
    auto it = printers().find(kind.groupResource());
    if (it == printers().end()) {
        t.headers = {"NAME", "AGE"};
        for (const Json& o : items)
            t.rows.push_back({name(o), age(o, now)});
        return t;
    }
    const Printer& p = it->second;
    // Events replace their columns in wide mode; the others append.
    if (wide && kind.resource == "events")
        t.headers = p.wideColumns;
    else {
        t.headers = p.columns;
        if (wide)
            t.headers.insert(t.headers.end(), p.wideColumns.begin(), p.wideColumns.end());
    }
    for (const Json& o : items)
        t.rows.push_back(p.row(o, now, wide));
    return t;
}

std::string resourceName(const model::KindInfo& kind, const std::string& name)
{
    std::string k = toLower(kind.kind);
    if (!kind.group.empty())
        k += "." + kind.group;
    return k + "/" + name;
}

std::string printTable(const model::KindInfo& kind, const std::vector<Json>& items,
                       sim::Time now, const TableOptions& options)
{
    Table t = buildTable(kind, items, now, options.wide);
    // The NAME column is the one kubectl prefixes with the kind; events have it last.
    int nameColumn = -1;
    for (size_t i = 0; i < t.headers.size(); ++i)
        if (t.headers[i] == "NAME") {
            nameColumn = int(i);
            break;
        }
    std::string text;
    auto emit = [&text](const std::vector<std::string>& cells) {
        for (size_t i = 0; i < cells.size(); ++i) {
            if (i)
                text += '\t';
            text += cells[i];
        }
        text += '\n';
    };
    if (!options.noHeaders) {
        std::vector<std::string> headers;
        if (options.withNamespace)
            headers.push_back("NAMESPACE");
        headers.insert(headers.end(), t.headers.begin(), t.headers.end());
        for (const std::string& l : options.labelColumns)
            headers.push_back(toUpper(split(l, '/').back()));
        if (options.showLabels)
            headers.push_back("LABELS");
        emit(headers);
    }
    for (size_t r = 0; r < t.rows.size(); ++r) {
        const Json& o = items[r];
        std::vector<std::string> cells;
        if (options.withNamespace)
            cells.push_back(str(o, "metadata.namespace"));
        cells.insert(cells.end(), t.rows[r].begin(), t.rows[r].end());
        if (options.withKind && nameColumn >= 0)
            cells[size_t(nameColumn + (options.withNamespace ? 1 : 0))] =
                resourceName(kind, str(o, "metadata.name"));
        const Json& labels = at(o, "metadata.labels");
        for (const std::string& l : options.labelColumns)
            cells.push_back(labels.is_object() && labels.contains(l) && labels[l].is_string()
                                ? labels[l].get<std::string>()
                                : "");
        if (options.showLabels)
            cells.push_back(formatLabels(labels));
        emit(cells);
    }
    return TabWriter(6, 3).format(text);
}

} // namespace kubelab::kubectl
