#pragma once
// A Service as the map and the inspector show it: its type, ClusterIP and ports as
// `kubectl get svc` prints them, and its endpoints from the EndpointSlices labelled with
// its name (kubernetes.io/service-name), each with the conditions kube-proxy reads.
// Pure functions of the API objects, tested without a scene.
#include <QString>
#include <QStringList>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kubelab::app {

struct ServiceEndpoint
{
    QString address;
    QString pod;  // targetRef's name when it is a Pod
    QString node; // nodeName
    bool ready = false;
    bool serving = false;
    bool terminating = false;
};

struct ServiceInfo
{
    QString ns;
    QString name;
    QString type;      // "ClusterIP", "NodePort", "LoadBalancer", "ExternalName"
    QString clusterIp; // "None" for a headless Service, "" for ExternalName
    QString externalName;
    QStringList ports;         // kubectl's PORT(S): "80/TCP", "80:30080/TCP"
    QStringList targetPorts;   // "8080", "http" (as the Service names them)
    std::vector<ServiceEndpoint> endpoints; // by address
    bool headless() const { return clusterIp == QLatin1String("None"); }
    int readyCount() const;
    // "3 endpoints ready", "1 ready · 2 not ready", "no endpoints", "→ example.com".
    QString endpointSummary() const;
};

// The Service and the EndpointSlices that belong to it (any slice whose
// kubernetes.io/service-name label names it; the caller passes those of its namespace).
ServiceInfo serviceInfo(const nlohmann::json& service,
                        const std::vector<const nlohmann::json*>& slices);

// Every Service in an API server watch cache ("/registry/services/specs/NS/NAME" and
// "/registry/endpointslices/NS/NAME" keys), ordered as the map shows them: the learner's
// Services first (by namespace, then name), then default/kubernetes, then kube-system's.
std::vector<ServiceInfo> servicesIn(
    const std::map<std::string, std::shared_ptr<const nlohmann::json>>& cache);

} // namespace kubelab::app
