#pragma once
// The labs: `index.yaml` under the lessons root gives their reading order; each lab is
// `<id>.yaml` beside it, decoded strictly (lab::decodeLab). The app reads the copy compiled
// into its resources (":/lessons"); tests may point it at a directory. Loads once;
// read-only afterwards. A lab that does not decode is left out, with its error in
// problems() (the Contents show it; tst_lessons keeps the shipped labs clean).
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

#include "app/progress/search_index.h"
#include "engine/lab/lab.h"

namespace kubelab::app {

class LabLibrary
{
public:
    explicit LabLibrary(const QString& root = QStringLiteral(":/lessons"));

    // In reading order; only labs that decoded.
    const std::vector<std::shared_ptr<const lab::Lab>>& labs() const { return m_labs; }
    // nullptr when no lab has that ID.
    std::shared_ptr<const lab::Lab> find(const QString& id) const;
    const QStringList& problems() const { return m_problems; }

private:
    std::vector<std::shared_ptr<const lab::Lab>> m_labs;
    QStringList m_problems;
};

// One document per lab for Ctrl+K, kind "lab": its title, each step's instruction,
// prediction and hints, and the debrief, as plain text.
QList<SearchDocument> labSearchDocuments(const LabLibrary& library);

// Markdown as the learner reads it, markup removed (for search and snippets).
QString markdownPlainText(const QString& markdown);

} // namespace kubelab::app
