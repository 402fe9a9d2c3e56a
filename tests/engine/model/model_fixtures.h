#pragma once
// Sample objects shared by the schema, defaults and validation tests.
#include <QString>

#include <nlohmann/json.hpp>

namespace kubelab::model::fixtures {

// The nginx Deployment of the Kubernetes documentation (controllers/nginx-deployment.yaml).
inline nlohmann::json nginxDeployment()
{
    return nlohmann::json::parse(R"({
      "apiVersion": "apps/v1", "kind": "Deployment",
      "metadata": {"name": "nginx-deployment", "labels": {"app": "nginx"}},
      "spec": {
        "replicas": 3,
        "selector": {"matchLabels": {"app": "nginx"}},
        "template": {
          "metadata": {"labels": {"app": "nginx"}},
          "spec": {"containers": [
            {"name": "nginx", "image": "nginx:1.14.2", "ports": [{"containerPort": 80}]}]}
        }
      }
    })");
}

inline nlohmann::json pod()
{
    return nlohmann::json::parse(R"({
      "apiVersion": "v1", "kind": "Pod",
      "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
      "spec": {"containers": [{"name": "web", "image": "nginx:1.25",
                               "ports": [{"containerPort": 80, "name": "http"}]}]}
    })");
}

inline nlohmann::json service()
{
    return nlohmann::json::parse(R"({
      "apiVersion": "v1", "kind": "Service",
      "metadata": {"name": "web", "namespace": "default"},
      "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}
    })");
}

inline nlohmann::json namespaceObj()
{
    return nlohmann::json::parse(R"({
      "apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-a"}
    })");
}

inline nlohmann::json configMap()
{
    return nlohmann::json::parse(R"({
      "apiVersion": "v1", "kind": "ConfigMap",
      "metadata": {"name": "settings", "namespace": "default"},
      "data": {"mode": "fast", "log.level": "debug"}
    })");
}

inline nlohmann::json job()
{
    return nlohmann::json::parse(R"({
      "apiVersion": "batch/v1", "kind": "Job",
      "metadata": {"name": "pi", "namespace": "default"},
      "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [
        {"name": "pi", "image": "perl:5.34.0", "command": ["perl", "-e", "print 1"]}]}}}
    })");
}

inline nlohmann::json statefulSet()
{
    return nlohmann::json::parse(R"({
      "apiVersion": "apps/v1", "kind": "StatefulSet",
      "metadata": {"name": "web", "namespace": "default"},
      "spec": {"serviceName": "nginx", "replicas": 2,
        "selector": {"matchLabels": {"app": "nginx"}},
        "template": {"metadata": {"labels": {"app": "nginx"}},
          "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25",
            "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}]}]}},
        "volumeClaimTemplates": [{"metadata": {"name": "www"},
          "spec": {"accessModes": ["ReadWriteOnce"],
                   "resources": {"requests": {"storage": "1Gi"}}}}]}
    })");
}

inline nlohmann::json daemonSet()
{
    return nlohmann::json::parse(R"({
      "apiVersion": "apps/v1", "kind": "DaemonSet",
      "metadata": {"name": "agent", "namespace": "kube-system"},
      "spec": {"selector": {"matchLabels": {"name": "agent"}},
        "template": {"metadata": {"labels": {"name": "agent"}},
          "spec": {"containers": [{"name": "agent", "image": "fluentd:v5"}]}}}
    })");
}

inline nlohmann::json node()
{
    return nlohmann::json::parse(R"({
      "apiVersion": "v1", "kind": "Node", "metadata": {"name": "node-1"},
      "status": {"capacity": {"cpu": "2", "memory": "4Gi", "pods": "110"}}
    })");
}

inline nlohmann::json byName(const QString& name)
{
    if (name == "deployment") {
        auto d = nginxDeployment();
        d["metadata"]["namespace"] = "default";
        return d;
    }
    if (name == "pod")
        return pod();
    if (name == "service")
        return service();
    if (name == "namespace")
        return namespaceObj();
    if (name == "configmap")
        return configMap();
    if (name == "job")
        return job();
    if (name == "statefulset")
        return statefulSet();
    if (name == "daemonset")
        return daemonSet();
    if (name == "node")
        return node();
    return nullptr;
}

} // namespace kubelab::model::fixtures
