#pragma once
// A validation error with its field path, printed as Kubernetes prints field.Error:
//   spec.replicas: Invalid value: -1: must be greater than or equal to 0
#include <string>

#include <nlohmann/json.hpp>

namespace kubelab::model {

struct FieldError
{
    // Kubernetes' field.ErrorType reason strings, as they appear in Status causes:
    // "FieldValueRequired", "FieldValueInvalid", "FieldValueNotSupported",
    // "FieldValueDuplicate", "FieldValueForbidden", "FieldValueTooLong", "FieldValueTypeInvalid"
    std::string type;
    std::string field;       // "spec.template.spec.containers[0].image"
    nlohmann::json badValue; // null when the error type prints no value
    std::string detail;      // "must be greater than or equal to 0"

    // "Required value", "Invalid value", "Unsupported value", ...
    std::string typeText() const;
    // Full text as Kubernetes' field.Error.Error() prints it.
    std::string toString() const;
};

// Go's strconv.Quote (what %q prints): used wherever Kubernetes quotes a user's string.
std::string goQuote(const std::string& s);

} // namespace kubelab::model
