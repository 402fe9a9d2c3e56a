#pragma once
// A whole text file (UTF-8) read at once: the notes and labs compiled into the app's
// resources, or a folder of them in tests.
#include <QString>

namespace kubelab::app {

// The file's text; *ok says whether it could be read (an empty string when not).
QString readTextFile(const QString& path, bool* ok);

} // namespace kubelab::app
