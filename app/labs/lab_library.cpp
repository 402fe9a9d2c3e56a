#include "app/labs/lab_library.h"

#include "app/core/text_file.h"

#include <QFile>
#include <QTextDocument>

namespace kubelab::app {

LabLibrary::LabLibrary(const QString& root)
{
    bool ok = false;
    const QString index = readTextFile(root + QStringLiteral("/index.yaml"), &ok);
    if (!ok) {
        m_problems.append(QStringLiteral("lessons/index.yaml: cannot be read"));
        return;
    }
    std::vector<std::string> ids;
    try {
        ids = lab::decodeLabIndex(index.toStdString(), "lessons/index.yaml");
    } catch (const std::exception& e) {
        m_problems.append(QString::fromUtf8(e.what()));
        return;
    }
    for (const std::string& id : ids) {
        const QString file = QStringLiteral("lessons/%1.yaml").arg(QString::fromStdString(id));
        const QString text =
            readTextFile(root + QLatin1Char('/') + QString::fromStdString(id) + ".yaml", &ok);
        if (!ok) {
            m_problems.append(file + QStringLiteral(": cannot be read"));
            continue;
        }
        try {
            m_labs.push_back(std::make_shared<const lab::Lab>(
                lab::decodeLab(text.toStdString(), file.toStdString())));
        } catch (const std::exception& e) {
            m_problems.append(QString::fromUtf8(e.what()));
        }
    }
}

std::shared_ptr<const lab::Lab> LabLibrary::find(const QString& id) const
{
    for (const auto& l : m_labs)
        if (QString::fromStdString(l->id) == id)
            return l;
    return nullptr;
}

QString markdownPlainText(const QString& markdown)
{
    QTextDocument doc;
    doc.setMarkdown(markdown);
    return doc.toPlainText();
}

QList<SearchDocument> labSearchDocuments(const LabLibrary& library)
{
    QList<SearchDocument> docs;
    for (const auto& l : library.labs()) {
        QStringList parts;
        for (const lab::Step& s : l->steps) {
            parts.append(markdownPlainText(QString::fromStdString(s.instruction)));
            if (s.prediction) {
                parts.append(QString::fromStdString(s.prediction->question));
                for (const lab::Choice& c : s.prediction->choices)
                    parts.append(QString::fromStdString(c.text));
            }
            for (const std::string& h : s.hints)
                parts.append(markdownPlainText(QString::fromStdString(h)));
        }
        parts.append(markdownPlainText(QString::fromStdString(l->debrief)));
        docs.append({QStringLiteral("lab"), QString::fromStdString(l->id),
                     QString::fromStdString(l->title), parts.join(QLatin1Char('\n'))});
    }
    return docs;
}

} // namespace kubelab::app
