#pragma once
// The YAML editor's problems in a learner's words. The engine's messages are Kubernetes'
// own (kubectl prints them so), and some are raw patterns: "quantities must match the
// regular expression '^([+-]?[0-9.]+)...'". The editor shows the field and the place with
// a sentence that says what to write instead ("cpu must be a quantity such as 500m or 2");
// the original stays in the tooltip.
#include <QString>

namespace kubelab::app {

// `message` about `field` ("spec.containers[0].resources.requests.cpu", or "") reworded;
// the message as it is when there is nothing to reword.
QString learnerMessage(const QString& message, const QString& field);

} // namespace kubelab::app
