#pragma once
// A chapter's quiz question: a fenced ```quiz block whose text is YAML
//
//   question: Which component writes a pod's node?
//   choices:
//     - text: The scheduler
//       right: true
//       why: It binds the pod to the node it picked.
//     - text: The kubelet
//       why: The kubelet only runs pods already bound to its node.
//
// decoded strictly: unknown keys, a missing field, an empty text, fewer than two choices or
// not exactly one `right: true` are errors naming the chapter line. Used by renderChapter.
#include <QList>
#include <QString>

namespace kubelab::app {

struct QuizChoice
{
    QString text; // Markdown (inline)
    QString why;  // Markdown (inline): why this choice is right or wrong
    bool right = false;
};

struct Quiz
{
    QString question; // Markdown (inline)
    QList<QuizChoice> choices;
};

struct QuizDecode
{
    Quiz quiz;
    QString error; // "line N: ..." in chapter lines; empty when the quiz is well formed
};

// Decodes one block. `firstLine` is the chapter line (1-based) of the block's first line of
// YAML, so errors point into the chapter file.
QuizDecode decodeQuiz(const QString& yaml, int firstLine);

} // namespace kubelab::app
