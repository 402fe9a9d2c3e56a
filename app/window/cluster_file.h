#pragma once
// File → Save / Open: a cluster as one SQLite file. The engine is deterministic, so the
// state is kept as what produced it — seed, topology, and every input from outside (the
// learner's requests, faults) with the event it came after — plus the trace it made and
// its SHA-256. Opening replays the inputs and checks the trace hash, so a file restores
// the exact simulation (rewindable as before), or says clearly why it cannot.
#include <memory>

#include <QString>

namespace kubelab::cluster {
class Cluster;
}

namespace kubelab::app {

// Writes `cluster` to `path` (replacing it). False with *error on failure.
bool saveCluster(const cluster::Cluster& cluster, const QString& path, QString* error);
// Reads and replays a saved cluster. Null with *error on a missing, foreign or damaged
// file, or one whose replay does not give the saved trace.
std::unique_ptr<cluster::Cluster> openCluster(const QString& path, QString* error);

} // namespace kubelab::app
