#pragma once
// What `kubectl run` shares with `kubectl create` (create_cmd.cpp).
#include <string>

#include "engine/kubectl/args.h"
#include "engine/kubectl/context.h"

namespace kubelab::kubectl {

// Sends a new object (--dry-run=server asks the server to check it without storing it;
// --dry-run=client only prints it) and reports it as kubectl does: "pod/web created", or
// the object in the -o format. A failure from the server is one error line naming
// `source` (the -f file, or "" for a generated object); the command goes on. With
// `failurePrefix` (create service's "failed to create NodePort service"), the failure is
// printed as kubectl prints a wrapped error instead: "error: PREFIX: MESSAGE".
void createObject(Context& ctx, const ParsedArgs& args, Json object, const std::string& source,
                  const std::string& failurePrefix = {});

} // namespace kubelab::kubectl
