#pragma once
// GNU `diff -u` of two texts, which `kubectl diff` runs on the live and merged objects:
// hunks with three lines of context, `@@ -a,b +c,d @@` headers written as diff writes them.
#include <string>

namespace kubelab::kubectl {

// The hunks only (no ---/+++ lines); "" when the texts are equal.
std::string unifiedDiff(const std::string& from, const std::string& to);

} // namespace kubelab::kubectl
