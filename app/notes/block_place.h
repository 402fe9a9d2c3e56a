#pragma once
// Where a mistake sits inside a fenced block of a chapter (```quiz, ```live), counted as the
// chapter's lines: "line L:C: ". YAML's marks count from 0 inside the block; an empty
// document has no place of its own, so it points at the block's first line.
#include <QString>

#include <algorithm>

namespace kubelab::app {

inline QString blockPlace(int firstLine, int line, int column)
{
    return QStringLiteral("line %1:%2: ")
        .arg(firstLine + std::max(line, 0))
        .arg(std::max(column, 0) + 1);
}

} // namespace kubelab::app
