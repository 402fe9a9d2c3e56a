#include "app/map/pod_phase.h"

#include <QCoreApplication>

namespace kubelab::app {

PodPhase podPhase(const nlohmann::json& pod, const std::string& status)
{
    const auto statusIt = pod.find("status");
    const std::string phase = statusIt != pod.end() && statusIt->is_object()
                                  ? statusIt->value("phase", std::string())
                                  : std::string();
    // "Unknown" is a deleted pod on a node that stopped answering.
    if (status == "Terminating" || status == "Unknown")
        return PodPhase::Terminating;
    if (phase == "Succeeded" || status == "Completed")
        return PodPhase::Succeeded;
    if (phase == "Failed")
        return PodPhase::Failed;
    // "NotReady": some containers ran to completion while others still run.
    if (status == "Running" || status == "NotReady")
        return PodPhase::Running;
    if (status == "Pending" || status == "SchedulingGated" || status.empty())
        return PodPhase::Pending;
    if (status == "ContainerCreating" || status == "PodInitializing")
        return PodPhase::Creating;
    // "Init:1/2" is progress; "Init:Error" or "Init:CrashLoopBackOff" is a failure.
    if (status.rfind("Init:", 0) == 0 && status.find_first_of("0123456789") == 5)
        return PodPhase::Creating;
    return PodPhase::Failed;
}

QColor phaseColor(PodPhase phase)
{
    switch (phase) {
    case PodPhase::Pending: return QColor(0xf3, 0x9c, 0x12);
    case PodPhase::Creating: return QColor(0x4a, 0xa3, 0xdf);
    case PodPhase::Running: return QColor(0x27, 0xae, 0x60);
    case PodPhase::Succeeded: return QColor(0x95, 0xa5, 0xa6);
    case PodPhase::Failed: return QColor(0xd6, 0x30, 0x31);
    case PodPhase::Terminating: return QColor(0x8e, 0x44, 0xad);
    }
    return {};
}

QColor notReadyColor()
{
    return phaseColor(PodPhase::Failed);
}

QString phaseCss()
{
    // Fixed names (not the translated labels): chapters refer to them.
    static const char* const names[] = {"pending",   "creating", "running",
                                        "succeeded", "failed",   "terminating"};
    QString vars, classes;
    for (PodPhase p : kPodPhases) {
        const QString name = QLatin1String(names[int(p)]);
        vars += QStringLiteral("--pod-%1:%2;").arg(name, phaseColor(p).name());
        classes += QStringLiteral(".pod-%1::before{background:var(--pod-%1)}").arg(name);
    }
    vars += QStringLiteral("--node-notready:%1;").arg(notReadyColor().name());
    return QStringLiteral(":root{%1}%2"
                          ".pod-state::before{content:'';display:inline-block;width:0.8em;"
                          "height:0.8em;margin-right:0.25em;border-radius:2px;"
                          "vertical-align:-0.05em}")
        .arg(vars, classes);
}

QString phaseLabel(PodPhase phase)
{
    switch (phase) {
    case PodPhase::Pending: return QCoreApplication::translate("PodPhase", "Pending");
    case PodPhase::Creating: return QCoreApplication::translate("PodPhase", "Creating");
    case PodPhase::Running: return QCoreApplication::translate("PodPhase", "Running");
    case PodPhase::Succeeded: return QCoreApplication::translate("PodPhase", "Succeeded");
    case PodPhase::Failed: return QCoreApplication::translate("PodPhase", "Failed");
    case PodPhase::Terminating: return QCoreApplication::translate("PodPhase", "Terminating");
    }
    return {};
}

QString phaseDescription(PodPhase phase)
{
    switch (phase) {
    case PodPhase::Pending:
        return QCoreApplication::translate(
            "PodPhase", "Pending: not scheduled yet, or its kubelet has not started it");
    case PodPhase::Creating:
        return QCoreApplication::translate(
            "PodPhase", "ContainerCreating or PodInitializing: the kubelet is starting it");
    case PodPhase::Running: return QCoreApplication::translate("PodPhase", "Running");
    case PodPhase::Succeeded:
        return QCoreApplication::translate("PodPhase", "Succeeded: every container exited with 0");
    case PodPhase::Failed:
        return QCoreApplication::translate(
            "PodPhase",
            "Failed, or a container stuck in an error (CrashLoopBackOff, ErrImagePull, ...)");
    case PodPhase::Terminating:
        return QCoreApplication::translate("PodPhase",
                                           "Terminating: deleted, waiting for its containers "
                                           "to stop");
    }
    return {};
}

} // namespace kubelab::app
