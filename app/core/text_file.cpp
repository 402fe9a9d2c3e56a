#include "app/core/text_file.h"

#include <QFile>

namespace kubelab::app {

QString readTextFile(const QString& path, bool* ok)
{
    QFile f(path);
    *ok = f.open(QIODevice::ReadOnly);
    return *ok ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace kubelab::app
