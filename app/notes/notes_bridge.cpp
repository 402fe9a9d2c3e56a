#include "app/notes/notes_bridge.h"

#include "app/core/simulation_controller.h"
#include "app/notes/live_figure.h"
#include "app/progress/progress_store.h"

namespace kubelab::app {

NotesBridge::NotesBridge(SimulationController* controller, QObject* parent)
    : QObject(parent), m_controller(controller)
{
    // The first move after a quiet spell starts the timer; the moves until it fires are
    // one redraw. Playing at 100x moves the cluster every frame: still 4 redraws a second.
    m_redraw.setSingleShot(true);
    m_redraw.setInterval(kRedrawIntervalMs);
    connect(&m_redraw, &QTimer::timeout, this, [this] {
        if (m_visible)
            Q_EMIT clusterMoved();
        else
            m_movedHidden = true;
    });
    connect(m_controller, &SimulationController::advanced, this, [this] {
        if (!m_visible)
            m_movedHidden = true;
        else if (!m_redraw.isActive())
            m_redraw.start();
    });
}

void NotesBridge::setPageVisible(bool visible)
{
    m_visible = visible;
    if (visible && std::exchange(m_movedHidden, false) && !m_redraw.isActive())
        m_redraw.start();
}

QString NotesBridge::applyScript(const QString& yaml)
{
    const QStringList lines = yaml.split(QLatin1Char('\n'));
    QString marker = QStringLiteral("EOF");
    while (lines.contains(marker))
        marker += QLatin1Char('_');
    QString body = yaml;
    if (!body.endsWith(QLatin1Char('\n')))
        body += QLatin1Char('\n');
    return QStringLiteral("kubectl apply -f - <<%1\n%2%1\n").arg(marker, body);
}

QString NotesBridge::runScript(const QString& block)
{
    const QString prompt = QStringLiteral("$ ");
    const QStringList lines = block.split(QLatin1Char('\n'));
    const bool prompted = std::any_of(lines.cbegin(), lines.cend(),
                                      [&](const QString& l) { return l.startsWith(prompt); });
    QStringList commands;
    for (const QString& line : lines) {
        if (prompted && line.startsWith(prompt))
            commands << line.mid(prompt.size());
        else if (!prompted && !line.trimmed().isEmpty())
            commands << line;
    }
    return commands.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QVariantMap NotesBridge::apply(const QString& yaml)
{
    return execute(applyScript(yaml));
}

QVariantMap NotesBridge::run(const QString& block)
{
    return execute(runScript(block));
}

void NotesBridge::quizAnswered(const QString& chapterId, int quizIndex, int choice, bool right)
{
    if (m_progress && quizIndex >= 0 && choice >= 0)
        m_progress->recordQuizAnswer(chapterId, quizIndex, choice, right);
    Q_EMIT answerGiven(chapterId, quizIndex, choice, right);
}

QVariantList NotesBridge::savedAnswers(const QString& chapterId)
{
    QVariantList out;
    if (!m_progress)
        return out;
    for (const QuizAnswer& a : m_progress->quizAnswers(chapterId)) {
        out.append(QVariantMap{{QStringLiteral("quiz"), a.quiz},
                               {QStringLiteral("choice"), a.choice},
                               {QStringLiteral("right"), a.correct},
                               {QStringLiteral("firstChoice"), a.firstChoice},
                               {QStringLiteral("firstRight"), a.firstCorrect}});
    }
    return out;
}

double NotesBridge::savedPosition(const QString& chapterId)
{
    if (!std::exchange(m_restorePosition, true) || !m_progress)
        return -1;
    const auto chapter = m_progress->chapter(chapterId);
    return chapter && chapter->position > 0 ? chapter->position : -1;
}

void NotesBridge::scrolled(const QString& chapterId, double position)
{
    if (!m_progress || !(position >= 0 && position <= 1))
        return;
    m_progress->setChapterPosition(chapterId, position);
    if (position >= 0.98)
        m_progress->markChapterRead(chapterId);
}

void NotesBridge::openLab(const QString& labId)
{
    Q_EMIT labRequested(labId);
}

QVariantMap NotesBridge::liveFigure(const QVariantMap& spec)
{
    const LiveFigureDecode d = liveFigureFromMap(spec);
    const cluster::Cluster& cluster = m_controller->cluster();
    QVariantMap out{{QStringLiteral("stamp"), liveFigureStamp(cluster)},
                    {QStringLiteral("error"), d.error}};
    out[QStringLiteral("svg")] =
        d.error.isEmpty() ? liveFigureSvg(cluster, d.figure)
                          : QStringLiteral("<p class=\"live-empty\">%1</p>").arg(d.error.toHtmlEscaped());
    return out;
}

QVariantMap NotesBridge::execute(const QString& script)
{
    // runScript emits its output synchronously; collect it for the page as well.
    QString output;
    const auto collect = connect(m_controller, &SimulationController::commandOutput, this,
                                 [&output](const QString& text, bool) { output += text; });
    const bool ok = m_controller->runScript(script);
    disconnect(collect);
    return {{QStringLiteral("ok"), ok}, {QStringLiteral("output"), output}};
}

} // namespace kubelab::app
