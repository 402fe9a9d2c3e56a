// Ctrl+K: the search dialog lists chapters by the learner's words and opens the chosen one
// at the match; the main window keeps the learner's progress file and records chapters.
#include <QtTest>

#include <QLineEdit>
#include <QListWidget>
#include <QSettings>
#include <QStandardPaths>

#include "app/notes/chapter_library.h"
#include "app/notes/notes_view.h"
#include "app/notes/search_documents.h"
#include "app/progress/progress_store.h"
#include "app/window/main_window.h"
#include "app/labs/lab_library.h"
#include "app/window/search_dialog.h"

using namespace kubelab::app;

class tst_SearchDialog : public QObject
{
    Q_OBJECT

    SearchIndex m_index;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("KubeLabTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_search_dialog"));
        const ChapterLibrary library(QStringLiteral(KUBELAB_SOURCE_DIR "/notes"));
        QVERIFY(library.problems().isEmpty());
        for (const SearchDocument& doc : chapterSearchDocuments(library))
            m_index.add(doc);
        QCOMPARE(m_index.size(), library.chapters().size());
    }

    // Every chapter is found by a word of its own title.
    void everyChapterIsFoundByItsTitle()
    {
        const ChapterLibrary library(QStringLiteral(KUBELAB_SOURCE_DIR "/notes"));
        for (const ChapterInfo& c : library.chapters()) {
            QStringList ids;
            for (const SearchHit& h : m_index.search(c.title))
                ids.append(h.id);
            QVERIFY2(ids.contains(c.id), qPrintable(c.title + QStringLiteral(" → ") + ids.join(',')));
        }
    }

    void typingListsAndEnterOpens()
    {
        SearchDialog dialog(&m_index);
        dialog.show();
        dialog.start();
        QSignalSpy opened(&dialog, &SearchDialog::openRequested);
        QTest::keyClicks(dialog.field(), QStringLiteral("kubelet"));
        QVERIFY(dialog.results()->count() > 0);
        QCOMPARE(dialog.results()->count(), dialog.hits().size());
        QCOMPARE(dialog.results()->currentRow(), 0);
        QTest::keyClick(dialog.field(), Qt::Key_Down);
        const int row = dialog.hits().size() > 1 ? 1 : 0;
        QCOMPARE(dialog.results()->currentRow(), row);
        const SearchHit expected = dialog.hits()[row];
        QTest::keyClick(dialog.field(), Qt::Key_Return);
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened[0][0].toString(), QStringLiteral("chapter"));
        QCOMPARE(opened[0][1].toString(), expected.id);
        QVERIFY(opened[0][2].toString().startsWith(QStringLiteral("kubelet"), Qt::CaseInsensitive));
        QVERIFY(!dialog.isVisible());

        // Words found nowhere list nothing, and Enter opens nothing.
        dialog.show();
        dialog.start();
        QTest::keyClicks(dialog.field(), QStringLiteral("zqxjkv"));
        QCOMPARE(dialog.results()->count(), 0);
        QTest::keyClick(dialog.field(), Qt::Key_Return);
        QCOMPARE(opened.size(), 1);
    }

    void mainWindowRecordsChaptersAndSearches()
    {
        const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir(dataDir).removeRecursively();
        QSettings().clear(); // no remembered chapter either: a first start
        QString id;
        {
            MainWindow w;
            QVERIFY(w.progress());
            QCOMPARE(w.progress()->path(), dataDir + QStringLiteral("/progress.db"));
            QCOMPARE(w.searchIndex()->size(),
                     w.notesView()->library().chapters().size() + int(w.labs().labs().size()));
            id = w.notesView()->library().chapters().last().id;
            QVERIFY(w.notesView()->currentChapter() != id); // a fresh start opens another
            QVERIFY(w.notesView()->openChapter(id));
            QVERIFY(w.progress()->chapter(id));
            QCOMPARE(w.progress()->resume()->second, id);
            QVERIFY(!w.progress()->chapter(QStringLiteral("no/such")));
            QAction* search = nullptr;
            for (QAction* a : w.findChildren<QAction*>()) {
                if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_K))
                    search = a;
            }
            QVERIFY(search);
            search->trigger();
            QVERIFY(w.searchDialog()->isVisible());

            const QString file = dataDir + QStringLiteral("/export.json");
            QVERIFY(w.exportProgress(file));
            QVERIFY(QFile(file).size() > 0);
            QVERIFY(w.importProgress(file));
        }
        // A new window (the app started again) resumes at the chapter left open.
        MainWindow again;
        QCOMPARE(again.progress()->resume()->second, id);
        QCOMPARE(again.notesView()->currentChapter(), id);
    }
};

QTEST_MAIN(tst_SearchDialog)
#include "tst_search_dialog.moc"
