#include "app/console/console_widget.h"

#include <QFontDatabase>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QVBoxLayout>
#include <set>

#include "app/core/simulation_controller.h"
#include "engine/aws/cli.h"
#include "engine/cluster/cluster.h"
#include "engine/kubectl/kubectl.h"
#include "engine/model/kinds.h"
#include "engine/shell/shell.h"

namespace kubelab::app {

ConsoleWidget::ConsoleWidget(SimulationController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_output = new QPlainTextEdit(this);
    m_output->setReadOnly(true);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setAccessibleName(tr("Console output"));
    m_output->setMaximumBlockCount(5000);
    m_input = new QLineEdit(this);
    m_input->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_input->setPlaceholderText(tr("kubectl get pods   ·   step   ·   run 30s   ·   help"));
    m_input->setAccessibleName(tr("Console input"));
    m_input->installEventFilter(this);
    layout->addWidget(m_output);
    layout->addWidget(m_input);
    connect(m_input, &QLineEdit::returnPressed, this, &ConsoleWidget::submit);
    connect(m_controller, &SimulationController::commandOutput, this, &ConsoleWidget::append);
}

void ConsoleWidget::append(const QString& text, bool isError)
{
    QString t = text;
    if (t.endsWith('\n'))
        t.chop(1);
    if (isError)
        m_output->appendHtml("<span style='color:#c0392b'>" +
                             t.toHtmlEscaped().replace('\n', "<br>").replace(' ', "&nbsp;") +
                             "</span>");
    else
        m_output->appendPlainText(t);
    m_output->verticalScrollBar()->setValue(m_output->verticalScrollBar()->maximum());
}

void ConsoleWidget::showNote(const QString& text)
{
    m_output->appendHtml(QStringLiteral("<span style='color:%1'># %2</span>")
                             .arg(palette().color(QPalette::PlaceholderText).name(),
                                  text.toHtmlEscaped()));
}

void ConsoleWidget::submit()
{
    const QString line = m_input->text().trimmed();
    if (line.isEmpty())
        return;
    m_history << line;
    m_historyPos = int(m_history.size());
    m_input->clear();
    m_output->appendPlainText("$ " + line);
    const QStringList words = line.split(' ', Qt::SkipEmptyParts);
    if (words.size() > 2 && words[0] == "kubectl" && words[1] == "edit" && !line.contains("<<")) {
        Q_EMIT editRequested(words.mid(2).join(' '));
        return;
    }
    m_controller->runInteractive(line);
}

QStringList ConsoleWidget::completions(const QString& line) const
{
    const QStringList words = line.split(' ', Qt::KeepEmptyParts);
    const QString current = words.isEmpty() ? QString() : words.last();
    std::set<QString> candidates;
    if (words.size() <= 1) {
        for (const std::string& c : shell::commandNames())
            if (c != "exit") // the console has nothing to leave
                candidates.insert(QString::fromStdString(c));
    } else if (words[0] == "aws") {
        // Services, then their commands, then the command's options: aws-cli's own table.
        for (const aws::CliCommand& c : aws::cliCommands()) {
            if (words.size() == 2)
                candidates.insert(QString::fromStdString(c.service));
            else if (QString::fromStdString(c.service) == words[1] && words.size() == 3)
                candidates.insert(QString::fromStdString(c.command));
            else if (QString::fromStdString(c.service) == words[1] &&
                     QString::fromStdString(c.command) == words[2] && current.startsWith("--"))
                for (const aws::CliOption& o : c.options)
                    candidates.insert(QString::fromStdString(o.flag));
        }
    } else if (words[0] == "kubectl" && words.size() == 2) {
        for (const std::string& v : kubectl::commandNames())
            candidates.insert(QString::fromStdString(v));
    } else if (words[0] == "kubectl" && words.size() == 3) {
        for (const auto& k : model::allKinds()) {
            candidates.insert(QString::fromStdString(k.resource));
            for (const auto& s : k.shortNames)
                candidates.insert(QString::fromStdString(s));
        }
    } else {
        // Object names from the API server's watch cache.
        if (const auto* cache = m_controller->cluster().watchCache())
            for (const auto& [key, obj] : *cache)
                candidates.insert(QString::fromStdString(obj->at("metadata").value("name", "")));
    }
    QStringList out;
    for (const QString& c : candidates)
        if (c.startsWith(current) && c != current)
            out << c;
    return out;
}

void ConsoleWidget::complete()
{
    const QString line = m_input->text();
    const QStringList options = completions(line);
    if (options.isEmpty())
        return;
    const int lastSpace = int(line.lastIndexOf(' '));
    const QString head = line.left(lastSpace + 1);
    if (options.size() == 1) {
        m_input->setText(head + options.first() + ' ');
        return;
    }
    // Complete the common prefix and list the choices, as a terminal does.
    QString prefix = options.first();
    for (const QString& o : options)
        while (!o.startsWith(prefix))
            prefix.chop(1);
    m_input->setText(head + prefix);
    m_output->appendPlainText(options.join("  "));
}

bool ConsoleWidget::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_input && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Tab) {
            complete();
            return true;
        }
        if (key->key() == Qt::Key_Up && m_historyPos > 0) {
            m_input->setText(m_history[--m_historyPos]);
            return true;
        }
        if (key->key() == Qt::Key_Down) {
            m_historyPos = std::min(m_historyPos + 1, int(m_history.size()));
            m_input->setText(m_historyPos < m_history.size() ? m_history[m_historyPos] : QString());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace kubelab::app
