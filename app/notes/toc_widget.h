#pragma once
// The table of contents (left dock): the chapters in reading order, numbered, and the labs
// with the learner's state of each (not started, started, passed). Choosing a chapter emits
// chapterActivated, a lab labActivated; the window opens it and calls selectChapter or
// selectLab back.
#include <QTreeWidget>

#include "app/notes/chapter_library.h"
#include "app/progress/progress_store.h"

namespace kubelab::app {

struct LabRow
{
    QString id;
    QString title;
    int minutes = 0;
    LabState state = LabState::NotStarted;
};

class TocWidget : public QTreeWidget
{
    Q_OBJECT
public:
    explicit TocWidget(QWidget* parent = nullptr);

    void setChapters(const QList<ChapterInfo>& chapters);
    void setLabs(const QList<LabRow>& labs);
    void setLabState(const QString& id, LabState state);
    // The chapter ID of the current row ("" when it is not a chapter).
    QString currentChapter() const;
    // The lab ID of the current row ("" when it is not a lab).
    QString currentLab() const;
    // The row of a lab (tests, screenshots); nullptr if there is none.
    QTreeWidgetItem* labItem(const QString& id) const;

public Q_SLOTS:
    // Makes the chapter the current row without emitting chapterActivated.
    void selectChapter(const QString& id);
    // Makes the lab the current row without emitting labActivated.
    void selectLab(const QString& id);

Q_SIGNALS:
    void chapterActivated(const QString& id);
    void labActivated(const QString& id);

private:
    QTreeWidgetItem* m_chapters;
    QTreeWidgetItem* m_labs;
};

} // namespace kubelab::app
