#pragma once
// Server-side printing, as kube-apiserver answers a request whose Accept header asks for
// `application/json;as=Table;v=v1;g=meta.k8s.io`: a meta.k8s.io/v1 Table with the columns
// and cells of kubernetes/pkg/printers/internalversion/printers.go (release 1.32). The
// server always prints wide (GenerateOptions{Wide: true}); the wide-only columns carry
// priority 1 and kubectl drops them unless `-o wide` is asked for.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/model/kinds.h"
#include "engine/sim/time.h"

namespace kubelab::printers {

// The includeObject parameter: what each row carries besides its cells.
enum class IncludeObject { None, Metadata, Object };

// "None", "Object", else Metadata (the default; kubectl sends "" or "Object").
IncludeObject parseIncludeObject(const std::string& value);

// The Accept header kubectl sends for human-readable output (Table in v1, then v1beta1,
// then plain JSON), and whether an Accept header asks for a Table.
const std::string& tableAcceptHeader();
bool acceptsTable(const std::string& accept);

// Builds one Table: rows are added one object at a time, so a list served from the watch
// cache is printed straight from the cached objects without copying them.
class TableBuilder
{
public:
    TableBuilder(const model::KindInfo& kind, sim::Time now, IncludeObject include);
    void add(const nlohmann::json& object);
    // The Table; `resourceVersion` and `continueToken` go into its list metadata.
    nlohmann::json finish(const std::string& resourceVersion,
                          const std::string& continueToken = {});

private:
    const model::KindInfo& m_kind;
    sim::Time m_now;
    IncludeObject m_include;
    nlohmann::json m_rows = nlohmann::json::array();
};

// A Table for a List's items or for a single object (one row).
nlohmann::json toTable(const model::KindInfo& kind, const nlohmann::json& listOrObject,
                       sim::Time now, IncludeObject include = IncludeObject::Metadata);

} // namespace kubelab::printers
