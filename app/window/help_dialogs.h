#pragma once
// Help → Getting started (a one-page tour) and Help → Keyboard shortcuts. The shortcuts
// are read from the window's actions, so the list and the tour say what the keys do today.
#include <QList>
#include <QString>

class QDialog;
class QMainWindow;

namespace kubelab::app {

struct ShortcutRow
{
    QString menu;   // "Simulation"; "" for an action in no menu
    QString action; // "Play", without the mnemonic's &
    QString keys;   // "F5", as the platform writes it
};

// Every action of `window` that has a shortcut, menu by menu in menu order, then those in
// no menu (by name). Each action once.
QList<ShortcutRow> shortcutRows(const QMainWindow* window);

// The dialogs, parented to `window` and deleted when closed.
QDialog* shortcutsDialog(QMainWindow* window);
// The tour names the keys that play, step and step back as the actions have them.
QDialog* gettingStartedDialog(QMainWindow* window, const QString& play, const QString& step,
                              const QString& stepBack);

} // namespace kubelab::app
