#pragma once
// metav1.Status failures with Kubernetes' reasons, codes and message wording
// (k8s.io/apimachinery/pkg/api/errors).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/model/field_error.h"
#include "engine/model/kinds.h"

namespace kubelab::api {

nlohmann::json statusFailure(int code, const std::string& reason, const std::string& message,
                             nlohmann::json details = nullptr);
nlohmann::json statusSuccess(const std::string& name, const std::string& groupResource,
                             const std::string& uid = {});

// `pods "x" not found`, `deployments.apps "web" not found`
nlohmann::json notFound(const model::KindInfo& kind, const std::string& name);
// `namespaces "foo" not found` style for an arbitrary group resource.
nlohmann::json notFound(const std::string& groupResource, const std::string& name,
                        const std::string& kindName);
nlohmann::json alreadyExists(const model::KindInfo& kind, const std::string& name);
// `Operation cannot be fulfilled on deployments.apps "web": the object has been
// modified; please apply your changes to the latest version and try again`
nlohmann::json conflict(const model::KindInfo& kind, const std::string& name,
                        const std::string& why = {});
// `Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be ...`
nlohmann::json invalid(const model::KindInfo& kind, const std::string& name,
                       const std::vector<model::FieldError>& errors);
nlohmann::json badRequest(const std::string& message);
nlohmann::json methodNotAllowed(const std::string& message);
nlohmann::json gone(const std::string& message);
nlohmann::json internalError(const std::string& message);
nlohmann::json forbidden(const std::string& message);

} // namespace kubelab::api
