#pragma once
// Admission steps that need no store access, shared by create and update: the pod QoS
// class, Service IP and NodePort allocation, and which kinds track generation or have
// a status subresource.
#include <map>
#include <memory>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/sim/rng.h"

namespace kubelab::api {

// Guaranteed / Burstable / BestEffort, as the kubelet's qos.GetPodQOS computes it.
std::string podQosClass(const nlohmann::json& pod);

// Kinds whose spec changes bump metadata.generation.
bool tracksGeneration(const std::string& kind);
// Kinds whose status is only written through the /status subresource.
bool hasStatusSubresource(const std::string& kind);

// DefaultStorageClass admission (plugin/pkg/admission/storage/storageclass/setdefault):
// a claim that names no class gets the default one, the newest when several are marked
// default (ties by name). `cache` is the API server's watch cache by registry key.
void setDefaultStorageClass(
    nlohmann::json& claim,
    const std::map<std::string, std::shared_ptr<const nlohmann::json>>& cache);

// A free ClusterIP in the Service range 10.96.0.0/12, chosen with the seeded RNG.
std::string allocateClusterIp(sim::Rng& rng, const std::set<std::string>& used);
// A free NodePort in 30000-32767.
int allocateNodePort(sim::Rng& rng, const std::set<int>& used);
// True if `ip` is a dotted IPv4 address inside 10.96.0.0/12.
bool inServiceRange(const std::string& ip);

} // namespace kubelab::api
