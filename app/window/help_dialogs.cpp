#include "app/window/help_dialogs.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QSet>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

namespace kubelab::app {

namespace {

QString plainText(const QAction* a)
{
    QString t = a->text();
    t.remove(QLatin1Char('&'));
    return t;
}

QString keysOf(const QAction* a)
{
    QStringList keys;
    for (const QKeySequence& k : a->shortcuts())
        keys << k.toString(QKeySequence::NativeText);
    return keys.join(QStringLiteral(", "));
}

void addMenu(const QMenu* menu, const QString& title, QList<ShortcutRow>& rows,
             QSet<const QAction*>& seen)
{
    for (const QAction* a : menu->actions()) {
        if (a->menu())
            addMenu(a->menu(), title, rows, seen);
        else if (!a->shortcuts().isEmpty() && !seen.contains(a)) {
            seen.insert(a);
            rows.push_back({title, plainText(a), keysOf(a)});
        }
    }
}

QDialog* dialogWith(QMainWindow* window, const QString& title, QWidget* body, QSize size)
{
    auto* dialog = new QDialog(window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(title);
    auto* layout = new QVBoxLayout(dialog);
    body->setParent(dialog);
    layout->addWidget(body);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog->resize(size);
    return dialog;
}

} // namespace

QList<ShortcutRow> shortcutRows(const QMainWindow* window)
{
    QList<ShortcutRow> rows;
    QSet<const QAction*> seen;
    for (const QAction* top : window->menuBar()->actions())
        if (top->menu())
            addMenu(top->menu(), plainText(top), rows, seen);
    QList<ShortcutRow> others;
    for (const QAction* a : window->findChildren<QAction*>())
        if (!a->shortcuts().isEmpty() && !seen.contains(a) && !plainText(a).isEmpty()) {
            seen.insert(a);
            others.push_back({QString(), plainText(a), keysOf(a)});
        }
    std::sort(others.begin(), others.end(),
              [](const ShortcutRow& a, const ShortcutRow& b) { return a.action < b.action; });
    return rows + others;
}

QDialog* shortcutsDialog(QMainWindow* window)
{
    const QList<ShortcutRow> rows = shortcutRows(window);
    auto* table = new QTableWidget(int(rows.size()), 3);
    table->setObjectName("shortcutTable");
    table->setHorizontalHeaderLabels(
        {QObject::tr("Menu"), QObject::tr("Action"), QObject::tr("Shortcut")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    for (int i = 0; i < rows.size(); ++i) {
        table->setItem(i, 0, new QTableWidgetItem(rows[i].menu));
        table->setItem(i, 1, new QTableWidgetItem(rows[i].action));
        table->setItem(i, 2, new QTableWidgetItem(rows[i].keys));
    }
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    return dialogWith(window, QObject::tr("Keyboard shortcuts"), table, {460, 480});
}

QDialog* gettingStartedDialog(QMainWindow* window, const QString& play, const QString& step,
                              const QString& stepBack)
{
    auto* text = new QTextBrowser;
    text->setObjectName("gettingStarted");
    text->setOpenExternalLinks(false);
    text->setHtml(QObject::tr(
        "<h2>Getting started</h2>"
        "<p>KubeLab is a textbook beside a small simulated Kubernetes cluster that you drive. "
        "Nothing happens in the cluster until you ask: it starts <b>paused</b>, and the badge "
        "on the toolbar always says what it is doing.</p>"
        "<ol>"
        "<li><b>Read the notes</b> in the middle. Pick a chapter in <i>Contents</i> on the "
        "left.</li>"
        "<li><b>Apply an example</b>: an <i>Apply</i> button under a manifest in the notes "
        "sends it to the cluster, as <code>kubectl apply</code> would. You can also type "
        "commands in the <i>Console</i> at the bottom (<code>kubectl get pods</code>, "
        "<code>help</code>).</li>"
        "<li><b>Step or play</b>: press <b>%2</b> to process the next event, or <b>%1</b> to "
        "play virtual time and %1 again to pause. The speed box sets how fast.</li>"
        "<li><b>Watch the map</b> (top right): nodes with their components, pods coloured by "
        "phase. The <i>Event log</i> below lists every event; the <i>Sequence</i> tab draws "
        "who talked to whom.</li>"
        "<li><b>Inspect</b>: click a pod or node on the map (or a row of the log) and the "
        "<i>Inspector</i> shows its YAML, its events, its owners and, for a pod, why the "
        "scheduler put it where it is.</li>"
        "<li><b>Rewind</b>: drag the timeline under the toolbar back, or press <b>%3</b> to "
        "undo one event. You are then viewing the past; playing replays the same history. A "
        "new command there starts a new history and drops the later events (KubeLab asks "
        "first).</li>"
        "</ol>"
        "<p>Help → Keyboard shortcuts lists every key. View → Reset Layout puts the panels "
        "back.</p>")
                      .arg(play.toHtmlEscaped(), step.toHtmlEscaped(), stepBack.toHtmlEscaped()));
    return dialogWith(window, QObject::tr("Getting started"), text, {560, 560});
}

} // namespace kubelab::app
