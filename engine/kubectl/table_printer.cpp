#include "engine/kubectl/table_printer.h"

#include "engine/kubectl/object_util.h"
#include "engine/kubectl/tabwriter.h"
#include "engine/printers/table.h"

namespace kubelab::kubectl {

namespace {

// A cell as kubectl's printer writes it (fmt's %v): strings as they are, numbers and
// booleans in their JSON form.
std::string cellText(const Json& c)
{
    return c.is_string() ? c.get<std::string>() : c.dump();
}

} // namespace

std::string resourceName(const model::KindInfo& kind, const std::string& name)
{
    std::string k = toLower(kind.kind);
    if (!kind.group.empty())
        k += "." + kind.group;
    return k + "/" + name;
}

std::string printTable(const model::KindInfo& kind, const Json& table, const TableOptions& options)
{
    // Columns of priority 0, and with -o wide every column (kubectl's decorateTable).
    std::vector<size_t> shown;
    int nameColumn = -1; // the column kubectl prefixes with the kind
    const Json& defs = at(table, "columnDefinitions");
    std::vector<std::string> headers;
    if (defs.is_array())
        for (size_t i = 0; i < defs.size(); ++i) {
            if (num(defs[i], "priority") != 0 && !options.wide)
                continue;
            if (nameColumn < 0 && str(defs[i], "format") == "name")
                nameColumn = int(shown.size());
            shown.push_back(i);
            headers.push_back(toUpper(str(defs[i], "name")));
        }
    std::string text;
    auto emit = [&text](const std::vector<std::string>& cells) {
        for (size_t i = 0; i < cells.size(); ++i) {
            if (i)
                text += '\t';
            text += cells[i];
        }
        text += '\n';
    };
    if (!options.noHeaders) {
        std::vector<std::string> line;
        if (options.withNamespace)
            line.push_back("NAMESPACE");
        line.insert(line.end(), headers.begin(), headers.end());
        for (const std::string& l : options.labelColumns)
            line.push_back(toUpper(split(l, '/').back()));
        if (options.showLabels)
            line.push_back("LABELS");
        emit(line);
    }
    const Json& rows = at(table, "rows");
    if (rows.is_array())
        for (const Json& row : rows) {
            const Json& meta = at(row, "object.metadata");
            const Json& cells = at(row, "cells");
            std::vector<std::string> line;
            if (options.withNamespace)
                line.push_back(str(meta, "namespace"));
            for (size_t i : shown)
                line.push_back(cells.is_array() && i < cells.size() ? cellText(cells[i]) : "");
            // As cli-runtime's decorateTable: the kind prefixes the name cell, which is not
            // always the bare name ("standard (default)").
            if (options.withKind && nameColumn >= 0) {
                std::string& cell = line[size_t(nameColumn + (options.withNamespace ? 1 : 0))];
                cell = resourceName(kind, cell.empty() ? str(meta, "name") : cell);
            }
            const Json& labels = at(meta, "labels");
            for (const std::string& l : options.labelColumns)
                line.push_back(labels.is_object() && labels.contains(l) && labels[l].is_string()
                                   ? labels[l].get<std::string>()
                                   : "");
            if (options.showLabels)
                line.push_back(formatLabels(labels));
            emit(line);
        }
    return TabWriter(6, 3).format(text);
}

std::string printTable(const model::KindInfo& kind, const std::vector<Json>& items, sim::Time now,
                       const TableOptions& options)
{
    printers::TableBuilder builder(kind, now, printers::IncludeObject::Metadata);
    for (const Json& o : items)
        builder.add(o);
    return printTable(kind, builder.finish(""), options);
}

} // namespace kubelab::kubectl
