#include "engine/kubectl/describe/prefix_writer.h"

#include <algorithm>

#include "engine/kubectl/describe/describer.h"
#include "engine/kubectl/errors.h"
#include "engine/kubectl/object_util.h"
#include "engine/kubectl/tabwriter.h"

namespace kubelab::kubectl {

std::string rfc1123z(const std::string& rfc3339)
{
    auto t = parseTimestamp(rfc3339);
    if (!t)
        return "<unknown>";
    std::int64_t secs = sim::kEpochUnixSeconds + *t / sim::kSecond;
    std::int64_t days = secs / 86400;
    std::int64_t rem = secs % 86400;
    // civil_from_days (Howard Hinnant), to stay independent of the C library's time zone.
    std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t y = std::int64_t(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    static const char* const weekdays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02u %s %04lld %02lld:%02lld:%02lld +0000",
                  weekdays[((days % 7) + 7) % 7], d, months[m - 1], (long long)y,
                  (long long)(rem / 3600), (long long)(rem % 3600 / 60), (long long)(rem % 60));
    return buf;
}

std::string PrefixWriter::finish() const
{
    return TabWriter(0, 2).format(m_text);
}

void PrefixWriter::labels(const std::string& title, const Json& labels, int level)
{
    write(level, title + ":\t");
    if (!labels.is_object() || labels.empty()) {
        line("<none>");
        return;
    }
    bool first = true;
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        if (!first)
            write(level, "\t");
        first = false;
        line(it.key() + "=" + (it->is_string() ? it->get<std::string>() : it->dump()));
    }
}

void PrefixWriter::annotations(const std::string& title, const Json& annotations, int level)
{
    write(level, title + ":\t");
    std::vector<std::string> keys;
    if (annotations.is_object())
        for (auto it = annotations.begin(); it != annotations.end(); ++it)
            if (it.key() != "kubectl.kubernetes.io/last-applied-configuration")
                keys.push_back(it.key());
    if (keys.empty()) {
        line("<none>");
        return;
    }
    const size_t maxLen = 140;
    for (size_t i = 0; i < keys.size(); ++i) {
        if (i)
            write(level, "\t");
        std::string value = annotations[keys[i]].is_string()
                                ? annotations[keys[i]].get<std::string>()
                                : annotations[keys[i]].dump();
        while (!value.empty() && value.back() == '\n')
            value.pop_back();
        if (value.size() + keys[i].size() + 2 > maxLen || value.find('\n') != std::string::npos) {
            line(keys[i] + ":");
            for (const std::string& s : split(value, '\n')) {
                std::string shown = s.size() > maxLen - 2 ? s.substr(0, maxLen - 5) + "..." : s;
                write(level, "\t  " + shown + "\n");
            }
        } else {
            line(keys[i] + ": " + value);
        }
    }
}

void PrefixWriter::tolerations(const std::string& title, const Json& tolerations, int level)
{
    write(level, title + ":\t");
    if (!tolerations.is_array() || tolerations.empty()) {
        line("<none>");
        return;
    }
    std::vector<Json> sorted(tolerations.begin(), tolerations.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Json& a, const Json& b) { return str(a, "key") < str(b, "key"); });
    for (size_t i = 0; i < sorted.size(); ++i) {
        const Json& t = sorted[i];
        if (i)
            write(level, "\t");
        std::string text = str(t, "key");
        if (!str(t, "value").empty())
            text += "=" + str(t, "value");
        if (!str(t, "effect").empty())
            text += ":" + str(t, "effect");
        if (str(t, "operator") == "Exists" && str(t, "value").empty())
            text +=
                (!str(t, "key").empty() || !str(t, "effect").empty()) ? " op=Exists" : "op=Exists";
        if (at(t, "tolerationSeconds").is_number())
            text += " for " + std::to_string(num(t, "tolerationSeconds")) + "s";
        line(text);
    }
}

void PrefixWriter::events(std::vector<Json> events, sim::Time now)
{
    if (events.empty()) {
        line("Events:\t<none>");
        return;
    }
    // SortableEvents: by lastTimestamp; ties keep the server's order.
    auto last = [](const Json& e) {
        auto t = parseTimestamp(str(e, "lastTimestamp"));
        if (!t)
            t = parseTimestamp(str(e, "eventTime"));
        return t.value_or(0);
    };
    std::stable_sort(events.begin(), events.end(),
                     [&](const Json& a, const Json& b) { return last(a) < last(b); });
    // The events table is its own tabwriter block in kubectl (it flushes first).
    m_text = TabWriter(0, 2).format(m_text);
    std::string table = "Events:\n  Type\tReason\tAge\tFrom\tMessage\n"
                        "  ----\t------\t----\t----\t-------\n";
    for (const Json& e : events) {
        std::string first = at(e, "eventTime").is_null() ? since(at(e, "firstTimestamp"), now)
                                                         : since(at(e, "eventTime"), now);
        std::string interval = first;
        if (at(e, "series").is_object())
            interval = since(at(e, "series.lastObservedTime"), now) + " (x" +
                       std::to_string(num(e, "series.count")) + " over " + first + ")";
        else if (num(e, "count") > 1)
            interval = since(at(e, "lastTimestamp"), now) + " (x" +
                       std::to_string(num(e, "count")) + " over " + first + ")";
        std::string source = str(e, "source.component");
        if (source.empty())
            source = str(e, "reportingComponent");
        std::string message = str(e, "message");
        while (!message.empty() && std::isspace(static_cast<unsigned char>(message.back())))
            message.pop_back();
        table += "  " + str(e, "type") + "\t" + str(e, "reason") + "\t" + interval + "\t" + source +
                 "\t" + message + "\n";
    }
    m_text += TabWriter(0, 2).format(table);
    m_text += std::string(); // already aligned; finish() leaves tab-free text untouched
}

namespace {

std::string portList(const Json& ports, const char* field)
{
    std::vector<std::string> out;
    if (ports.is_array())
        for (const Json& p : ports)
            out.push_back(std::to_string(num(p, field)) + "/" +
                          (str(p, "protocol").empty() ? "TCP" : str(p, "protocol")));
    return join(out, ", ");
}

void state(PrefixWriter& w, const std::string& name, const Json& s, int level)
{
    if (at(s, "running").is_object()) {
        w.write(level, name + ":\tRunning\n");
        w.write(level + 1, "Started:\t" + rfc1123z(str(s, "running.startedAt")) + "\n");
    } else if (at(s, "terminated").is_object()) {
        const Json& t = s["terminated"];
        w.write(level, name + ":\tTerminated\n");
        if (!str(t, "reason").empty())
            w.write(level + 1, "Reason:\t" + str(t, "reason") + "\n");
        if (!str(t, "message").empty())
            w.write(level + 1, "Message:\t" + str(t, "message") + "\n");
        w.write(level + 1, "Exit Code:\t" + std::to_string(num(t, "exitCode")) + "\n");
        if (num(t, "signal") > 0)
            w.write(level + 1, "Signal:\t" + std::to_string(num(t, "signal")) + "\n");
        w.write(level + 1, "Started:\t" + rfc1123z(str(t, "startedAt")) + "\n");
        w.write(level + 1, "Finished:\t" + rfc1123z(str(t, "finishedAt")) + "\n");
    } else {
        w.write(level, name + ":\tWaiting\n");
        if (!str(s, "waiting.reason").empty())
            w.write(level + 1, "Reason:\t" + str(s, "waiting.reason") + "\n");
    }
}

std::string probe(const Json& p)
{
    std::string kind;
    if (at(p, "httpGet").is_object()) {
        const Json& h = p["httpGet"];
        std::string port =
            at(h, "port").is_string() ? str(h, "port") : std::to_string(num(h, "port"));
        kind = "http-get " + toLower(str(h, "scheme").empty() ? "HTTP" : str(h, "scheme")) + "://" +
               str(h, "host") + ":" + port + str(h, "path");
    } else if (at(p, "tcpSocket").is_object()) {
        const Json& t = p["tcpSocket"];
        kind = "tcp-socket " + str(t, "host") + ":" +
               (at(t, "port").is_string() ? str(t, "port") : std::to_string(num(t, "port")));
    } else if (at(p, "exec").is_object()) {
        std::vector<std::string> cmd;
        for (const Json& c : at(p, "exec.command"))
            cmd.push_back(c.get<std::string>());
        kind = "exec [" + join(cmd, " ") + "]";
    } else {
        kind = "unknown";
    }
    return kind + " delay=" + std::to_string(num(p, "initialDelaySeconds")) +
           "s timeout=" + std::to_string(num(p, "timeoutSeconds", 1)) +
           "s period=" + std::to_string(num(p, "periodSeconds", 10)) +
           "s #success=" + std::to_string(num(p, "successThreshold", 1)) +
           " #failure=" + std::to_string(num(p, "failureThreshold", 3));
}

} // namespace

void PrefixWriter::containers(const std::string& title, const Json& specs, const Json& statuses,
                              int level)
{
    // Inside a pod template only the title and the name move right (kubectl passes
    // space="  "); the details stay at the pod's levels.
    write(level, title + ":\n");
    if (!specs.is_array())
        return;
    const std::string nameIndent = level > 0 ? " " : "";
    for (const Json& c : specs) {
        const Json* status = nullptr;
        if (statuses.is_array())
            for (const Json& s : statuses)
                if (str(s, "name") == str(c, "name"))
                    status = &s;
        write(1, nameIndent + str(c, "name") + ":\n");
        if (status)
            write(2, "Container ID:\t" + str(*status, "containerID") + "\n");
        write(2, "Image:\t" + str(c, "image") + "\n");
        if (status)
            write(2, "Image ID:\t" + str(*status, "imageID") + "\n");
        const std::string ports = portList(at(c, "ports"), "containerPort");
        const std::string hostPorts = portList(at(c, "ports"), "hostPort");
        if (ports.find(',') != std::string::npos)
            write(2, "Ports:\t" + ports + "\n");
        else
            write(2, "Port:\t" + (ports.empty() ? "<none>" : ports) + "\n");
        if (hostPorts.find(',') != std::string::npos)
            write(2, "Host Ports:\t" + hostPorts + "\n");
        else
            write(2, "Host Port:\t" + (hostPorts.empty() ? "<none>" : hostPorts) + "\n");
        for (const char* key : {"command", "args"}) {
            const Json& list = at(c, key);
            if (list.is_array() && !list.empty()) {
                write(2, std::string(key[0] == 'c' ? "Command" : "Args") + ":\n");
                for (const Json& part : list)
                    for (const std::string& s : split(part.get<std::string>(), '\n'))
                        write(3, s + "\n");
            }
        }
        if (status) {
            state(*this, "State", at(*status, "state"), 2);
            if (at(*status, "lastState.terminated").is_object())
                state(*this, "Last State", at(*status, "lastState"), 2);
            write(2, std::string("Ready:\t") + (flag(*status, "ready") ? "True" : "False") + "\n");
            write(2, "Restart Count:\t" + std::to_string(num(*status, "restartCount")) + "\n");
        }
        for (const char* section : {"limits", "requests"}) {
            const Json& r = at(c, std::string("resources.") + section);
            if (r.is_object() && !r.empty()) {
                write(2, std::string(section[0] == 'l' ? "Limits" : "Requests") + ":\n");
                for (auto it = r.begin(); it != r.end(); ++it)
                    write(3, it.key() + ":\t" +
                                 (it->is_string() ? it->get<std::string>() : it->dump()) + "\n");
            }
        }
        for (const char* p : {"livenessProbe", "readinessProbe", "startupProbe"}) {
            const Json& pr = at(c, p);
            if (pr.is_object()) {
                std::string label = p[0] == 'l'   ? "Liveness"
                                    : p[0] == 'r' ? "Readiness"
                                                  : "Startup";
                write(2, label + ":\t" + probe(pr) + "\n");
            }
        }
        const Json& env = at(c, "env");
        if (!env.is_array() || env.empty()) {
            write(2, "Environment:\t<none>\n");
        } else {
            write(2, "Environment:\n");
            for (const Json& e : env) {
                if (at(e, "valueFrom").is_object()) {
                    std::string from =
                        "<set to the key '" + str(e, "valueFrom.configMapKeyRef.key") +
                        "' of config map '" + str(e, "valueFrom.configMapKeyRef.name") + "'>";
                    if (at(e, "valueFrom.secretKeyRef").is_object())
                        from = "<set to the key '" + str(e, "valueFrom.secretKeyRef.key") +
                               "' in secret '" + str(e, "valueFrom.secretKeyRef.name") + "'>";
                    else if (at(e, "valueFrom.fieldRef").is_object())
                        from = " (" + str(e, "valueFrom.fieldRef.apiVersion") + ":" +
                               str(e, "valueFrom.fieldRef.fieldPath") + ")";
                    write(3, str(e, "name") + ":\t" + from + "\n");
                    continue;
                }
                auto lines = split(str(e, "value"), '\n');
                for (size_t i = 0; i < lines.size(); ++i)
                    write(3, (i == 0 ? str(e, "name") + ":\t" : "\t") + lines[i] + "\n");
            }
        }
        const Json& mounts = at(c, "volumeMounts");
        if (!mounts.is_array() || mounts.empty()) {
            write(2, "Mounts:\t<none>\n");
        } else {
            write(2, "Mounts:\n");
            std::vector<Json> sorted(mounts.begin(), mounts.end());
            std::stable_sort(sorted.begin(), sorted.end(), [](const Json& a, const Json& b) {
                return str(a, "mountPath") < str(b, "mountPath");
            });
            for (const Json& m : sorted) {
                std::string flags = flag(m, "readOnly") ? "ro" : "rw";
                if (!str(m, "subPath").empty())
                    flags += ",path=" + quote(str(m, "subPath"));
                write(3, str(m, "mountPath") + " from " + str(m, "name") + " (" + flags + ")\n");
            }
        }
    }
}

void PrefixWriter::volumes(const Json& volumes, int level)
{
    if (!volumes.is_array() || volumes.empty()) {
        write(level, "Volumes:\t<none>\n");
        return;
    }
    write(level, "Volumes:\n");
    const std::string nameIndent = level > 0 ? " " : "";
    for (const Json& v : volumes) {
        write(1, nameIndent + str(v, "name") + ":\n");
        const int l = 2;
        if (at(v, "emptyDir").is_object()) {
            write(l, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n");
            write(l, "Medium:\t" + str(v, "emptyDir.medium") + "\n");
            std::string limit = str(v, "emptyDir.sizeLimit");
            write(l, "SizeLimit:\t" + (limit.empty() ? "<unset>" : limit) + "\n");
        } else if (at(v, "configMap").is_object()) {
            write(l, "Type:\tConfigMap (a volume populated by a ConfigMap)\n");
            write(l, "Name:\t" + str(v, "configMap.name") + "\n");
            write(l, std::string("Optional:\t") +
                         (flag(v, "configMap.optional") ? "true" : "false") + "\n");
        } else if (at(v, "persistentVolumeClaim").is_object()) {
            write(l, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in "
                     "the same namespace)\n");
            write(l, "ClaimName:\t" + str(v, "persistentVolumeClaim.claimName") + "\n");
            write(l, std::string("ReadOnly:\t") +
                         (flag(v, "persistentVolumeClaim.readOnly") ? "true" : "false") + "\n");
        } else if (at(v, "secret").is_object()) {
            write(l, "Type:\tSecret (a volume populated by a Secret)\n");
            write(l, "SecretName:\t" + str(v, "secret.secretName") + "\n");
            write(l, std::string("Optional:\t") + (flag(v, "secret.optional") ? "true" : "false") +
                         "\n");
        } else if (at(v, "hostPath").is_object()) {
            write(l, "Type:\tHostPath (bare host directory volume)\n");
            write(l, "Path:\t" + str(v, "hostPath.path") + "\n");
            write(l, "HostPathType:\t" + str(v, "hostPath.type") + "\n");
        } else {
            write(l, "<unknown>\n");
        }
    }
}

} // namespace kubelab::kubectl
