#include "app/notes/quiz.h"

#include "app/notes/block_place.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>

namespace kubelab::app {

namespace {

// A decoding error at a node, in chapter lines.
struct QuizError : std::runtime_error
{
    QuizError(const YAML::Mark& mark, const std::string& what)
        : std::runtime_error(what), line(mark.line), column(mark.column)
    {}
    int line;
    int column;
};

void onlyKeys(const YAML::Node& map, const std::set<std::string>& allowed, const char* where)
{
    for (const auto& kv : map) {
        const std::string key = kv.first.Scalar();
        if (!allowed.count(key))
            throw QuizError(kv.first.Mark(),
                            std::string(where) + ": unknown field \"" + key + "\"");
    }
}

QString text(const YAML::Node& map, const char* key, const std::string& where)
{
    const YAML::Node node = map[key];
    if (!node)
        throw QuizError(map.Mark(), where + ": missing \"" + key + "\"");
    if (!node.IsScalar() || node.Scalar().empty())
        throw QuizError(node.Mark(), where + ": \"" + key + "\" must be non-empty text");
    return QString::fromStdString(node.Scalar()).trimmed();
}

Quiz decode(const YAML::Node& doc)
{
    if (!doc.IsMap())
        throw QuizError(doc.Mark(), "quiz: expected a map with \"question\" and \"choices\"");
    onlyKeys(doc, {"question", "choices"}, "quiz");
    Quiz quiz;
    quiz.question = text(doc, "question", "quiz");
    const YAML::Node choices = doc["choices"];
    if (!choices)
        throw QuizError(doc.Mark(), "quiz: missing \"choices\"");
    if (!choices.IsSequence() || choices.size() < 2)
        throw QuizError(choices.Mark(), "quiz: \"choices\" must be a list of at least two");
    int rights = 0;
    for (std::size_t i = 0; i < choices.size(); ++i) {
        const YAML::Node c = choices[i];
        const std::string where = "choice " + std::to_string(i + 1);
        if (!c.IsMap())
            throw QuizError(c.Mark(), where + ": expected a map with \"text\" and \"why\"");
        onlyKeys(c, {"text", "why", "right"}, where.c_str());
        QuizChoice choice{text(c, "text", where), text(c, "why", where), false};
        if (const YAML::Node right = c["right"]) {
            if (!right.IsScalar() || (right.Scalar() != "true" && right.Scalar() != "false"))
                throw QuizError(right.Mark(), where + ": \"right\" must be true or false");
            choice.right = right.Scalar() == "true";
        }
        rights += choice.right ? 1 : 0;
        quiz.choices.push_back(choice);
    }
    if (rights != 1)
        throw QuizError(choices.Mark(), "quiz: exactly one choice must have \"right: true\", "
                                        "found " + std::to_string(rights));
    return quiz;
}

} // namespace

QuizDecode decodeQuiz(const QString& yaml, int firstLine)
{
    try {
        return {decode(YAML::Load(yaml.toStdString())), QString()};
    } catch (const QuizError& e) {
        return {{}, blockPlace(firstLine, e.line, e.column) + QString::fromStdString(e.what())};
    } catch (const YAML::Exception& e) {
        return {{}, blockPlace(firstLine, e.mark.line, e.mark.column) + QString::fromStdString(e.msg)};
    }
}

} // namespace kubelab::app
