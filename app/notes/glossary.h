#pragma once
// The notes' glossary, `notes/glossary.yaml`:
//
//   terms:
//     - id: kubelet            # what chapters link to: [the kubelet](glossary:kubelet)
//       term: kubelet          # how the definition is headed
//       definition: The agent on every node that ...
//       see: [container-runtime, pod]   # optional, ids of related terms
//
// decoded strictly (unknown fields, duplicate or malformed ids, empty text and see-also ids
// that are not defined are problems with file:line:column). ChapterLibrary loads it and
// renderChapter turns glossary links into terms that show their definition on hover.
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace kubelab::app {

struct GlossaryEntry
{
    QString id;
    QString term;
    QString definition;
    QStringList see;
};

class Glossary
{
public:
    Glossary() = default;
    // Decodes `yaml`; `name` (the file's path) prefixes every problem.
    static Glossary fromYaml(const QString& yaml, const QString& name);
    // Reads the file; a missing or unreadable file is a problem.
    static Glossary load(const QString& path);

    const GlossaryEntry* find(const QString& id) const;
    // In file order.
    const QList<GlossaryEntry>& entries() const { return m_entries; }
    // Empty when the file is well formed.
    const QStringList& problems() const { return m_problems; }

private:
    QList<GlossaryEntry> m_entries;
    QMap<QString, qsizetype> m_index;
    QStringList m_problems;
};

} // namespace kubelab::app
