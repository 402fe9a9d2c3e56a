#pragma once
// What Ctrl+K searches: each chapter's text as the learner reads it (rendered, markup
// removed), for SearchIndex. Labs add their own documents (app/labs) beside these.
#include <QList>

#include "app/progress/search_index.h"

namespace kubelab::app {

class ChapterLibrary;

// One document per chapter in reading order, kind "chapter", id the chapter ID.
QList<SearchDocument> chapterSearchDocuments(const ChapterLibrary& library);

} // namespace kubelab::app
