#include "app/notes/chapter_library.h"

#include "app/core/text_file.h"

#include <yaml-cpp/yaml.h>

#include <QDirIterator>
#include <QFile>
#include <QSet>

namespace kubelab::app {

ChapterLibrary::ChapterLibrary(const QString& root) : m_root(root)
{
    const QString glossaryPath = m_root + QStringLiteral("/glossary.yaml");
    if (QFile::exists(glossaryPath)) {
        m_glossary = Glossary::load(glossaryPath);
        m_problems << m_glossary.problems();
    }
    const QString indexPath = m_root + QStringLiteral("/index.yaml");
    bool ok = false;
    const QString index = readTextFile(indexPath, &ok);
    QStringList ids;
    if (!ok) {
        m_problems << QStringLiteral("%1: cannot read the chapter index").arg(indexPath);
    } else {
        try {
            const YAML::Node doc = YAML::Load(index.toStdString());
            const YAML::Node list = doc["chapters"];
            if (!list || !list.IsSequence())
                m_problems
                    << QStringLiteral("%1: expected a list under \"chapters:\"").arg(indexPath);
            else
                for (const YAML::Node& item : list)
                    ids << QString::fromStdString(item.as<std::string>());
        } catch (const YAML::Exception& e) {
            m_problems << QStringLiteral("%1:%2:%3: %4")
                              .arg(indexPath)
                              .arg(e.mark.line + 1)
                              .arg(e.mark.column + 1)
                              .arg(QString::fromStdString(e.msg));
        }
    }

    for (const QString& id : std::as_const(ids)) {
        if (contains(id)) {
            m_problems << QStringLiteral("%1: chapter \"%2\" is listed twice").arg(indexPath, id);
            continue;
        }
        const QString path = filePath(id);
        const QString text = readTextFile(path, &ok);
        if (!ok) {
            m_problems
                << QStringLiteral("%1: chapter \"%2\" has no file %3").arg(indexPath, id, path);
            continue;
        }
        const RenderedChapter r = renderChapter(text, &m_glossary);
        if (!r.error.isEmpty())
            m_problems << QStringLiteral("%1: %2").arg(path, r.error);
        for (const QString& p : r.problems)
            m_problems << QStringLiteral("%1: %2").arg(path, p);
        if (r.title.isEmpty())
            m_problems << QStringLiteral("%1: no title (front matter \"title:\" or a # heading)")
                              .arg(path);
        m_chapters.push_back({id, r.title});
    }

    const QSet<QString> listed(ids.cbegin(), ids.cend());
    QDirIterator it(m_root, {QStringLiteral("*.md")}, QDir::Files, QDirIterator::Subdirectories);
    QStringList unlisted;
    while (it.hasNext()) {
        const QString id = chapterIdForPath(m_root, it.next());
        if (!listed.contains(id))
            unlisted << id;
    }
    unlisted.sort();
    for (const QString& id : std::as_const(unlisted))
        m_problems << QStringLiteral("%1: chapter file %2 is not listed in the index")
                          .arg(indexPath, filePath(id));
}

bool ChapterLibrary::contains(const QString& id) const
{
    return std::any_of(m_chapters.cbegin(), m_chapters.cend(),
                       [&](const ChapterInfo& c) { return c.id == id; });
}

QString ChapterLibrary::title(const QString& id) const
{
    for (const ChapterInfo& c : m_chapters)
        if (c.id == id)
            return c.title;
    return {};
}

RenderedChapter ChapterLibrary::render(const QString& id) const
{
    bool ok = false;
    const QString text = contains(id) ? readTextFile(filePath(id), &ok) : QString();
    if (!ok) {
        RenderedChapter missing;
        missing.error = QStringLiteral("no chapter \"%1\"").arg(id);
        return missing;
    }
    return renderChapter(text, &m_glossary);
}

QUrl ChapterLibrary::baseUrl(const QString& id) const
{
    const QString folder = id.section(QLatin1Char('/'), 0, -2, QString::SectionIncludeTrailingSep);
    return rootUrl().resolved(QUrl(folder));
}

QString ChapterLibrary::chapterForUrl(const QUrl& url) const
{
    const QString root = rootUrl().toString();
    const QString target = url.adjusted(QUrl::RemoveFragment | QUrl::RemoveQuery).toString();
    if (!target.startsWith(root) || !target.endsWith(QLatin1String(".md")))
        return {};
    const QString id = target.mid(root.size()).chopped(3);
    return contains(id) ? id : QString();
}

QString ChapterLibrary::filePath(const QString& id) const
{
    return m_root + QLatin1Char('/') + id + QStringLiteral(".md");
}

QUrl ChapterLibrary::rootUrl() const
{
    if (m_root.startsWith(QLatin1Char(':')))
        return QUrl(QStringLiteral("qrc") + m_root + QLatin1Char('/'));
    return QUrl::fromLocalFile(QFileInfo(m_root).absoluteFilePath() + QLatin1Char('/'));
}

} // namespace kubelab::app
