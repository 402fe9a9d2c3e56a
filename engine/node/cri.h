#pragma once
// The Container Runtime Interface between a kubelet and its node's runtime, as simulation
// messages so that every call is one trace event ("kubelet worker-2 calls CRI
// StartContainer nginx"). The kubelet sends "cri.<Method>" with a numeric "id"; the
// runtime answers "cri.<Method>.result" with the same "id", "ok" and, on failure, "error"
// (the gRPC error text a real runtime returns). Bodies (JSON):
//
//   UpdateRuntimeConfig {podCIDR}                     -> {}
//   RunPodSandbox   {config: {name, namespace, uid, attempt}} -> {podSandboxId, ip}
//   StopPodSandbox  {podSandboxId}                    -> {}
//   RemovePodSandbox {podSandboxId}                   -> {}
//   ImageStatus     {image}                           -> {present, imageRef, size}
//   PullImage       {image}                           -> {imageRef, size, pullNanos}
//   CreateContainer {podSandboxId, config: {name, attempt, image, init, container
//                    (the core/v1 Container), annotations (the pod's)}} -> {containerId}
//   StartContainer  {containerId}                     -> {startedAt}
//   StopContainer   {containerId, timeout (seconds)}  -> {exitCode}   (once it is dead)
//   RemoveContainer {containerId}                     -> {}
//   ContainerStatus {containerId}                     -> {status}
//   ListContainers  {}                                -> {containers: [status...]}
//   ListPodSandbox  {}                                -> {items: [{id, uid, state, ip}]}
//
// A container status is {id, podSandboxId, name, attempt, image, imageRef, state
// (CONTAINER_CREATED | CONTAINER_RUNNING | CONTAINER_EXITED), createdAt, startedAt,
// finishedAt (virtual ns), exitCode, reason}.
//
// Unprompted, the runtime sends "cri.ContainerEvent" {type: CONTAINER_STOPPED_EVENT,
// containerId, podSandboxId, status} when a container exits (the Evented PLEG's stream).
// Logs are files on the node in real life; the kubelet reads them with
// "node.ReadContainerLog" {containerId, tailLines, timestamps} -> {lines}.
#include <string>

namespace kubelab::node::cri {

inline std::string requestKind(const std::string& method)
{
    return "cri." + method;
}
inline std::string resultKind(const std::string& method)
{
    return "cri." + method + ".result";
}

inline constexpr const char* kContainerEvent = "cri.ContainerEvent";
inline constexpr const char* kReadLog = "node.ReadContainerLog";
inline constexpr const char* kReadLogResult = "node.ReadContainerLog.result";

inline constexpr const char* kCreated = "CONTAINER_CREATED";
inline constexpr const char* kRunning = "CONTAINER_RUNNING";
inline constexpr const char* kExited = "CONTAINER_EXITED";

// Exit code of a process killed by SIGKILL (128 + 9), and of one that never started.
inline constexpr int kSigkillExitCode = 137;
inline constexpr int kStartErrorExitCode = 128;

} // namespace kubelab::node::cri
