#include "app/notes/glossary.h"

#include <yaml-cpp/yaml.h>

#include <QFile>
#include <QRegularExpression>

#include <set>
#include <string>

namespace kubelab::app {

namespace {

QString place(const QString& name, const YAML::Mark& mark)
{
    return QStringLiteral("%1:%2:%3: ")
        .arg(name)
        .arg(std::max(mark.line, 0) + 1)
        .arg(std::max(mark.column, 0) + 1);
}

bool validId(const QString& id)
{
    static const QRegularExpression re(QStringLiteral("\\A[a-z0-9]+(-[a-z0-9]+)*\\z"));
    return re.match(id).hasMatch();
}

} // namespace

Glossary Glossary::fromYaml(const QString& yaml, const QString& name)
{
    Glossary g;
    YAML::Node doc;
    try {
        doc = YAML::Load(yaml.toStdString());
    } catch (const YAML::Exception& e) {
        g.m_problems << place(name, e.mark) + QString::fromStdString(e.msg);
        return g;
    }
    const YAML::Node terms = doc.IsMap() ? doc["terms"] : YAML::Node();
    if (!doc.IsMap() || doc.size() != 1 || !terms || !terms.IsSequence()) {
        g.m_problems << place(name, doc.Mark()) + QStringLiteral("expected one field, a list "
                                                                 "under \"terms:\"");
        return g;
    }
    const std::set<std::string> fields{"id", "term", "definition", "see"};
    QList<std::pair<QString, YAML::Mark>> seeRefs;
    for (const YAML::Node& t : terms) {
        if (!t.IsMap()) {
            g.m_problems << place(name, t.Mark()) + QStringLiteral("a term is a map with id, "
                                                                   "term and definition");
            continue;
        }
        bool ok = true;
        for (const auto& kv : t)
            if (!fields.count(kv.first.Scalar())) {
                g.m_problems << place(name, kv.first.Mark()) +
                                    QStringLiteral("unknown field \"%1\"")
                                        .arg(QString::fromStdString(kv.first.Scalar()));
                ok = false;
            }
        GlossaryEntry e;
        for (const char* key : {"id", "term", "definition"}) {
            const YAML::Node v = t[key];
            if (!v || !v.IsScalar() || v.Scalar().empty()) {
                g.m_problems << place(name, v ? v.Mark() : t.Mark()) +
                                    QStringLiteral("\"%1\" must be non-empty text").arg(key);
                ok = false;
                continue;
            }
            const QString value = QString::fromStdString(v.Scalar()).trimmed();
            (key == std::string("id")     ? e.id
             : key == std::string("term") ? e.term
                                          : e.definition) = value;
        }
        if (!e.id.isEmpty() && !validId(e.id)) {
            g.m_problems << place(name, t["id"].Mark()) +
                                QStringLiteral("id \"%1\" must be lower-case words joined by "
                                               "'-'")
                                    .arg(e.id);
            ok = false;
        }
        if (!e.id.isEmpty() && g.m_index.contains(e.id)) {
            g.m_problems << place(name, t["id"].Mark()) +
                                QStringLiteral("term \"%1\" is defined twice").arg(e.id);
            ok = false;
        }
        if (const YAML::Node see = t["see"]) {
            if (!see.IsSequence()) {
                g.m_problems << place(name, see.Mark()) +
                                    QStringLiteral("\"see\" must be a list of term ids");
                ok = false;
            } else {
                for (const YAML::Node& s : see) {
                    const QString ref = QString::fromStdString(s.IsScalar() ? s.Scalar() : "");
                    e.see << ref;
                    seeRefs.push_back({ref, s.Mark()});
                }
            }
        }
        if (ok) {
            g.m_index.insert(e.id, g.m_entries.size());
            g.m_entries.push_back(e);
        }
    }
    for (const auto& [ref, mark] : seeRefs)
        if (!g.m_index.contains(ref))
            g.m_problems << place(name, mark) +
                                QStringLiteral("\"see\" names \"%1\", which is not a term")
                                    .arg(ref);
    return g;
}

Glossary Glossary::load(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        Glossary g;
        g.m_problems << QStringLiteral("%1: cannot read the glossary").arg(path);
        return g;
    }
    return fromYaml(QString::fromUtf8(f.readAll()), path);
}

const GlossaryEntry* Glossary::find(const QString& id) const
{
    const auto it = m_index.constFind(id);
    return it == m_index.cend() ? nullptr : &m_entries[*it];
}

} // namespace kubelab::app
