#pragma once
// The table of contents (left dock): the chapters in reading order, numbered, and a Labs
// branch (a disabled row pointing at `kubelab-sim lab` until the app opens labs). Choosing
// a chapter emits chapterActivated; the notes view opens it and calls selectChapter back.
#include <QTreeWidget>

#include "app/notes/chapter_library.h"

namespace kubelab::app {

class TocWidget : public QTreeWidget
{
    Q_OBJECT
public:
    explicit TocWidget(QWidget* parent = nullptr);

    void setChapters(const QList<ChapterInfo>& chapters);
    // The chapter ID of the current row ("" when it is not a chapter).
    QString currentChapter() const;

public Q_SLOTS:
    // Makes the chapter the current row without emitting chapterActivated.
    void selectChapter(const QString& id);

Q_SIGNALS:
    void chapterActivated(const QString& id);

private:
    QTreeWidgetItem* m_chapters;
    QTreeWidgetItem* m_labs;
};

} // namespace kubelab::app
