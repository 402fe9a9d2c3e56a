#include "app/editor/learner_words.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace kubelab::app {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("YamlEditor", text);
}

// The field's own name: "cpu" for "spec.containers[0].resources.requests.cpu" or
// "...requests[cpu]".
QString leaf(const QString& field)
{
    QString f = field;
    if (f.endsWith(QLatin1Char(']'))) {
        const int open = int(f.lastIndexOf(QLatin1Char('[')));
        const QString inside = f.mid(open + 1, f.size() - open - 2);
        bool number = false;
        inside.toInt(&number);
        if (!number)
            return inside;
        f.truncate(open);
    }
    return f.section(QLatin1Char('.'), -1);
}

QString quantityExample(const QString& name)
{
    if (name == QLatin1String("cpu"))
        return tr("500m or 2");
    if (name == QLatin1String("memory") || name.contains(QLatin1String("storage")))
        return tr("128Mi or 1Gi");
    return tr("500m, 2 or 128Mi");
}

} // namespace

QString learnerMessage(const QString& message, const QString& field)
{
    QString m = message;
    // The decoder's preamble says which kind failed to decode: the field path says more.
    static const QRegularExpression preamble(
        QStringLiteral("^.*cannot be handled as an? [A-Za-z]+: "));
    m.remove(preamble);
    if (m.contains(QLatin1String("quantities must match the regular expression"))) {
        const QString name = leaf(field);
        return name.isEmpty() ? tr("a resource amount must be a quantity such as %1")
                                    .arg(quantityExample(name))
                              : tr("%1 must be a quantity such as %2 (a number, optionally with a "
                                   "suffix: m for thousandths, Ki/Mi/Gi for bytes)")
                                    .arg(name, quantityExample(name));
    }
    // Name rules: Kubernetes explains them in words and then gives the pattern.
    static const QRegularExpression regexTail(
        QStringLiteral(",? *\\(?(e\\.g\\.[^)]*, )?regex used for validation is '[^']*'\\)?"));
    m.remove(regexTail);
    static const QRegularExpression pattern(
        QStringLiteral("must match the regular expression '[^']*'"));
    if (m.contains(pattern))
        m.replace(pattern, tr("is not in the form this field takes"));
    return m.trimmed();
}

} // namespace kubelab::app
