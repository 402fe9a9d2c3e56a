#include "engine/api/coredns_addon.h"

namespace kubelab::api {

using nlohmann::json;

std::vector<AddonObject> coreDnsAddon(const std::string& domain, const std::string& dnsIp)
{
    const json labels = {{"k8s-app", "kube-dns"}};
    // kubeadm's Corefile (CoreDNSConfigMap in manifests.go).
    const std::string corefile = ".:53 {\n"
                                 "    errors\n"
                                 "    health {\n"
                                 "       lameduck 5s\n"
                                 "    }\n"
                                 "    ready\n"
                                 "    kubernetes " +
                                 domain +
                                 " in-addr.arpa ip6.arpa {\n"
                                 "       pods insecure\n"
                                 "       fallthrough in-addr.arpa ip6.arpa\n"
                                 "       ttl 30\n"
                                 "    }\n"
                                 "    prometheus :9153\n"
                                 "    forward . /etc/resolv.conf {\n"
                                 "       max_concurrent 1000\n"
                                 "    }\n"
                                 "    cache 30 {\n"
                                 "       disable success " +
                                 domain + "\n       disable denial " + domain +
                                 "\n    }\n"
                                 "    loop\n"
                                 "    reload\n"
                                 "    loadbalance\n"
                                 "}\n";
    json container = {
        {"name", "coredns"},
        {"image", "registry.k8s.io/coredns/coredns:v1.11.3"},
        {"imagePullPolicy", "IfNotPresent"},
        {"resources",
         {{"limits", {{"memory", "170Mi"}}}, {"requests", {{"cpu", "100m"}, {"memory", "70Mi"}}}}},
        {"args", {"-conf", "/etc/coredns/Corefile"}},
        {"volumeMounts",
         {{{"name", "config-volume"}, {"mountPath", "/etc/coredns"}, {"readOnly", true}}}},
        {"ports",
         {{{"containerPort", 53}, {"name", "dns"}, {"protocol", "UDP"}},
          {{"containerPort", 53}, {"name", "dns-tcp"}, {"protocol", "TCP"}},
          {{"containerPort", 9153}, {"name", "metrics"}, {"protocol", "TCP"}}}},
        {"securityContext",
         {{"allowPrivilegeEscalation", false},
          {"capabilities", {{"add", {"NET_BIND_SERVICE"}}, {"drop", {"ALL"}}}},
          {"readOnlyRootFilesystem", true}}},
        {"livenessProbe",
         {{"httpGet", {{"path", "/health"}, {"port", 8080}, {"scheme", "HTTP"}}},
          {"initialDelaySeconds", 60},
          {"timeoutSeconds", 5},
          {"successThreshold", 1},
          {"failureThreshold", 5}}},
        {"readinessProbe",
         {{"httpGet", {{"path", "/ready"}, {"port", 8181}, {"scheme", "HTTP"}}}}}};
    json podSpec = {
        {"priorityClassName", "system-cluster-critical"},
        {"serviceAccountName", "coredns"},
        {"affinity",
         {{"podAntiAffinity",
           {{"preferredDuringSchedulingIgnoredDuringExecution",
             {{{"weight", 100},
               {"podAffinityTerm",
                {{"labelSelector",
                  {{"matchExpressions",
                    {{{"key", "k8s-app"}, {"operator", "In"}, {"values", {"kube-dns"}}}}}}},
                 {"topologyKey", "kubernetes.io/hostname"}}}}}}}}}},
        {"tolerations",
         {{{"key", "CriticalAddonsOnly"}, {"operator", "Exists"}},
          {{"key", "node-role.kubernetes.io/control-plane"}, {"effect", "NoSchedule"}}}},
        {"nodeSelector", {{"kubernetes.io/os", "linux"}}},
        {"containers", {container}},
        {"dnsPolicy", "Default"},
        {"volumes",
         {{{"name", "config-volume"},
           {"configMap",
            {{"name", "coredns"}, {"items", {{{"key", "Corefile"}, {"path", "Corefile"}}}}}}}}}};
    auto meta = [](const std::string& name, json extra = json::object()) {
        json m = {{"name", name}, {"namespace", "kube-system"}};
        m.update(extra);
        return m;
    };
    return {
        {"", "serviceaccounts",
         {{"apiVersion", "v1"}, {"kind", "ServiceAccount"}, {"metadata", meta("coredns")}}},
        {"", "configmaps",
         {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", meta("coredns")},
          {"data", {{"Corefile", corefile}}}}},
        {"", "services",
         {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata",
           meta("kube-dns",
                {{"labels",
                  {{"k8s-app", "kube-dns"},
                   {"kubernetes.io/cluster-service", "true"},
                   {"kubernetes.io/name", "CoreDNS"}}},
                 {"annotations",
                  {{"prometheus.io/port", "9153"}, {"prometheus.io/scrape", "true"}}}})},
          {"spec",
           {{"selector", labels},
            {"clusterIP", dnsIp},
            {"ports",
             {{{"name", "dns"}, {"port", 53}, {"protocol", "UDP"}, {"targetPort", 53}},
              {{"name", "dns-tcp"}, {"port", 53}, {"protocol", "TCP"}, {"targetPort", 53}},
              {{"name", "metrics"}, {"port", 9153}, {"protocol", "TCP"}, {"targetPort", 9153}}}}}}}},
        {"apps", "deployments",
         {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", meta("coredns", {{"labels", labels}})},
          {"spec",
           {{"replicas", 2},
            {"strategy", {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxUnavailable", 1}}}}},
            {"selector", {{"matchLabels", labels}}},
            {"template", {{"metadata", {{"labels", labels}}}, {"spec", podSpec}}}}}}},
    };
}

} // namespace kubelab::api
