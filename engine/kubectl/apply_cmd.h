#pragma once
// The steps of client-side `kubectl apply` that `kubectl diff` repeats: it computes the
// same patch and sends it as a server-side dry run.
#include "engine/kubectl/context.h"
#include "engine/kubectl/targets.h"

namespace kubelab::kubectl {

// Sets metadata.namespace as kubectl's builder does (the manifest's, else -n or the
// default; none for cluster-scoped kinds), refusing a clash with -n.
void setManifestNamespace(Context& ctx, Manifest& m);
// The manifest with its last-applied annotation: what apply creates or merges in.
Json appliedConfiguration(const Json& manifest);
// The live object's last-applied configuration, null when it has none (or it is garbled).
Json originalConfiguration(const Json& live);

} // namespace kubelab::kubectl
