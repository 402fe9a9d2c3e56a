#pragma once
// What colour a pod's chip on the cluster map takes: the pod's state as a learner reads it
// in `kubectl get pods`, folded into six kinds, each with a colour and a legend label.
#include <QColor>
#include <QString>
#include <array>
#include <string>

#include <nlohmann/json.hpp>

namespace kubelab::app {

enum class PodPhase { Pending, Creating, Running, Succeeded, Failed, Terminating };

inline constexpr std::array kPodPhases{PodPhase::Pending, PodPhase::Creating,
                                       PodPhase::Running, PodPhase::Succeeded,
                                       PodPhase::Failed,  PodPhase::Terminating};

// Folds kubectl's STATUS column (printers::podCells) for `pod` into a kind: "Pending" and
// "SchedulingGated" are Pending; "ContainerCreating", "PodInitializing" and "Init:N/M" are
// Creating; "Running" and "NotReady" are Running; "Completed" and phase Succeeded are
// Succeeded; "Terminating" and "Unknown" (deleted on a lost node) are Terminating; phase
// Failed and every error a container can be stuck in (CrashLoopBackOff, ErrImagePull,
// Error, OOMKilled, Init:Error, ...) are Failed.
PodPhase podPhase(const nlohmann::json& pod, const std::string& kubectlStatus);

// The one palette of pod states: the map's chips and legend, the charts' series and the
// notes (phaseCss) all take their colours from here, so "orange" means Pending everywhere.
QColor phaseColor(PodPhase phase);
// The chart's "waiting for a node" is Pending drawn dashed; a NotReady node or a stopped
// component is this red (Failed's), a running component this green (Running's).
QColor notReadyColor();
// CSS for the notes: a custom property per state (--pod-pending, --pod-creating, ...,
// --node-notready) and a class per state that draws a swatch before its text:
// <span class="pod-state pod-creating">Creating</span>.
QString phaseCss();
// The legend's word for the kind ("Creating") and what it covers, for its tooltip.
QString phaseLabel(PodPhase phase);
QString phaseDescription(PodPhase phase);

} // namespace kubelab::app
