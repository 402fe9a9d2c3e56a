// The container shell's parser: text -> Script (sh_script.h).
#include <set>

#include "engine/node/sh.h"
#include "engine/node/sh_script.h"

namespace kubelab::node::sh {

namespace {

struct Token
{
    enum Kind { Word, Op, Newline, End } kind = End;
    std::string text;
    bool quoted = false;  // a Word with quotes or escapes in it
    std::string heredoc;  // `<<`: the document's body
    bool heredocExpand = true;
    int line = 1;
};

bool isMeta(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' ||
           c == ')' || c == '<' || c == '>';
}

class Lexer
{
public:
    explicit Lexer(const std::string& text) : m_text(text) {}

    bool run(std::vector<Token>& out, std::string& error)
    {
        std::vector<size_t> pendingDocs; // `<<` tokens whose body starts after this line
        while (true) {
            skipBlanks();
            if (m_pos >= m_text.size()) {
                out.push_back({Token::End, "", false, "", true, m_line});
                return finishDocs(out, pendingDocs, error);
            }
            const char c = m_text[m_pos];
            if (c == '#') {
                while (m_pos < m_text.size() && m_text[m_pos] != '\n')
                    ++m_pos;
                continue;
            }
            if (c == '\n') {
                ++m_pos;
                out.push_back({Token::Newline, "\n", false, "", true, m_line});
                ++m_line;
                if (!readDocs(out, pendingDocs, error))
                    return false;
                continue;
            }
            if (isMeta(c)) {
                std::string op = readOp();
                out.push_back({Token::Op, op, false, "", true, m_line});
                if (op == "<<" || op == "<<-") {
                    skipBlanks();
                    Token delim;
                    if (!readWord(delim, error))
                        return false;
                    if (delim.text.empty()) {
                        error = "syntax error: unexpected newline";
                        return false;
                    }
                    out.back().heredocExpand = !delim.quoted;
                    out.back().text = op;
                    std::string d;
                    for (char ch : delim.text)
                        if (ch != '\'' && ch != '"' && ch != '\\')
                            d += ch;
                    out.back().heredoc = d; // the delimiter, until the body replaces it
                    pendingDocs.push_back(out.size() - 1);
                }
                continue;
            }
            Token w;
            if (!readWord(w, error))
                return false;
            // `2>`: a word of digits right before a redirection is its descriptor.
            if (!w.quoted && !w.text.empty() &&
                w.text.find_first_not_of("0123456789") == std::string::npos &&
                m_pos < m_text.size() && (m_text[m_pos] == '>' || m_text[m_pos] == '<')) {
                std::string op = readOp();
                out.push_back({Token::Op, w.text + op, false, "", true, m_line});
                continue;
            }
            out.push_back(std::move(w));
        }
    }

private:
    void skipBlanks()
    {
        while (m_pos < m_text.size()) {
            if (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\r')
                ++m_pos;
            else if (m_text[m_pos] == '\\' && m_pos + 1 < m_text.size() &&
                     m_text[m_pos + 1] == '\n') {
                m_pos += 2;
                ++m_line;
            } else
                break;
        }
    }

    std::string readOp()
    {
        static const char* ops[] = {"&&", "||", ";;", "<<-", "<<", ">>", ">&", "<&",
                                    "&>", ">|", ";",  "&",   "|",  "(",  ")",  "<",  ">"};
        for (const char* op : ops) {
            const std::string o = op;
            if (m_text.compare(m_pos, o.size(), o) == 0) {
                m_pos += o.size();
                return o;
            }
        }
        return std::string(1, m_text[m_pos++]);
    }

    // Reads up to the closing `close` of a $( or ${ or $((, honouring quotes and nesting.
    bool readNested(std::string& into, char open, char close, std::string& error)
    {
        int depth = 1;
        char quote = 0;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos++];
            into += c;
            if (c == '\n')
                ++m_line;
            if (quote) {
                if (c == '\\' && quote == '"' && m_pos < m_text.size())
                    into += m_text[m_pos++];
                else if (c == quote)
                    quote = 0;
                continue;
            }
            if (c == '\\' && m_pos < m_text.size())
                into += m_text[m_pos++];
            else if (c == '\'' || c == '"')
                quote = c;
            else if (c == open)
                ++depth;
            else if (c == close && --depth == 0)
                return true;
        }
        error = std::string("syntax error: unterminated ") + (open == '(' ? "$(" : "${");
        return false;
    }

    bool readWord(Token& w, std::string& error)
    {
        w.kind = Token::Word;
        w.line = m_line;
        char quote = 0;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (!quote && isMeta(c))
                break;
            ++m_pos;
            if (c == '\n')
                ++m_line;
            if (quote == '\'') {
                w.text += c;
                if (c == '\'')
                    quote = 0;
                continue;
            }
            if (c == '\\') {
                w.quoted = true;
                if (m_pos < m_text.size() && m_text[m_pos] == '\n' && !quote) {
                    ++m_pos; // a line continuation
                    ++m_line;
                    continue;
                }
                w.text += c;
                if (m_pos < m_text.size())
                    w.text += m_text[m_pos++];
                continue;
            }
            w.text += c;
            if (c == '\'' && !quote) {
                quote = '\'';
                w.quoted = true;
            } else if (c == '"') {
                quote = quote == '"' ? 0 : '"';
                w.quoted = true;
            } else if (c == '`') {
                while (m_pos < m_text.size() && m_text[m_pos] != '`') {
                    if (m_text[m_pos] == '\\' && m_pos + 1 < m_text.size())
                        w.text += m_text[m_pos++];
                    w.text += m_text[m_pos++];
                }
                if (m_pos >= m_text.size()) {
                    error = "syntax error: unterminated `";
                    return false;
                }
                w.text += m_text[m_pos++];
            } else if (c == '$' && m_pos < m_text.size() &&
                       (m_text[m_pos] == '(' || m_text[m_pos] == '{')) {
                const char open = m_text[m_pos];
                w.text += m_text[m_pos++];
                if (!readNested(w.text, open, open == '(' ? ')' : '}', error))
                    return false;
            }
        }
        if (quote) {
            error = std::string("syntax error: unterminated quoted string");
            return false;
        }
        return true;
    }

    // Here-document bodies start on the line after their `<<`.
    bool readDocs(std::vector<Token>& out, std::vector<size_t>& pending, std::string& error)
    {
        for (size_t index : pending) {
            const std::string delim = out[index].heredoc;
            const bool stripTabs = out[index].text == "<<-";
            std::string body;
            bool closed = false;
            while (m_pos < m_text.size()) {
                size_t end = m_text.find('\n', m_pos);
                if (end == std::string::npos)
                    end = m_text.size();
                std::string line = m_text.substr(m_pos, end - m_pos);
                m_pos = std::min(end + 1, m_text.size());
                ++m_line;
                if (stripTabs)
                    line.erase(0, line.find_first_not_of('\t') == std::string::npos
                                      ? line.size()
                                      : line.find_first_not_of('\t'));
                if (line == delim) {
                    closed = true;
                    break;
                }
                body += line + "\n";
            }
            if (!closed && m_pos >= m_text.size() && body.empty() && delim.empty()) {
                error = "syntax error: unexpected end of file";
                return false;
            }
            out[index].heredoc = body;
        }
        pending.clear();
        return true;
    }

    bool finishDocs(std::vector<Token>& out, std::vector<size_t>& pending, std::string& error)
    {
        if (pending.empty())
            return true;
        // A document whose body never came (the script ended on its `<<` line).
        for (size_t index : pending)
            out[index].heredoc.clear();
        (void)error;
        return true;
    }

    const std::string& m_text;
    size_t m_pos = 0;
    int m_line = 1;
};

const std::set<std::string>& keywords()
{
    static const std::set<std::string> k = {"if",    "then",  "elif", "else", "fi", "do",
                                            "done",  "while", "until", "for", "in", "{",
                                            "}",     "!",     "case", "esac"};
    return k;
}

class Parser
{
public:
    explicit Parser(std::vector<Token> tokens) : m_tokens(std::move(tokens)) {}

    bool program(List& list, std::string& error)
    {
        skipNewlines();
        if (!parseList(list, {}))
            return fail(error);
        if (peek().kind != Token::End) {
            unexpected(peek());
            return fail(error);
        }
        return true;
    }

private:
    const Token& peek() const { return m_tokens[std::min(m_pos, m_tokens.size() - 1)]; }
    Token next() { return m_tokens[std::min(m_pos++, m_tokens.size() - 1)]; }
    bool isWord(const Token& t, const char* text) const
    {
        return t.kind == Token::Word && !t.quoted && t.text == text;
    }
    bool isOp(const Token& t, const char* text) const
    {
        return t.kind == Token::Op && t.text == text;
    }
    void skipNewlines()
    {
        while (peek().kind == Token::Newline)
            ++m_pos;
    }
    void unexpected(const Token& t)
    {
        if (!m_error.empty())
            return;
        m_error = t.kind == Token::End       ? "syntax error: unexpected end of file"
                  : t.kind == Token::Newline ? "syntax error: unexpected newline"
                                             : "syntax error: unexpected \"" + t.text + "\"";
    }
    bool fail(std::string& error)
    {
        error = m_error.empty() ? "syntax error" : m_error;
        return false;
    }
    bool atListEnd(const std::set<std::string>& enders) const
    {
        const Token& t = peek();
        if (t.kind == Token::End || isOp(t, ")"))
            return true;
        return t.kind == Token::Word && !t.quoted && enders.count(t.text);
    }

    bool parseList(List& list, const std::set<std::string>& enders)
    {
        while (!atListEnd(enders)) {
            AndOr item;
            if (!parseAndOr(item))
                return false;
            const Token& t = peek();
            if (isOp(t, ";") || isOp(t, "&")) {
                item.background = t.text == "&";
                ++m_pos;
            } else if (t.kind == Token::Newline) {
                ++m_pos;
            } else if (!atListEnd(enders)) {
                unexpected(t);
                return false;
            }
            list.items.push_back(std::move(item));
            skipNewlines();
        }
        return true;
    }

    bool parseAndOr(AndOr& a)
    {
        Pipeline p;
        if (!parsePipeline(p))
            return false;
        a.parts.push_back(std::move(p));
        while (isOp(peek(), "&&") || isOp(peek(), "||")) {
            a.ops.push_back(next().text == "&&" ? AndOr::And : AndOr::Or);
            skipNewlines();
            Pipeline q;
            if (!parsePipeline(q))
                return false;
            a.parts.push_back(std::move(q));
        }
        return true;
    }

    bool parsePipeline(Pipeline& p)
    {
        if (isWord(peek(), "!")) {
            ++m_pos;
            p.negate = true;
        }
        while (true) {
            auto c = std::make_shared<Command>();
            if (!parseCommand(*c))
                return false;
            p.commands.push_back(std::move(c));
            if (!isOp(peek(), "|"))
                return true;
            ++m_pos;
            skipNewlines();
        }
    }

    bool expectWord(const char* text)
    {
        skipNewlines();
        if (!isWord(peek(), text)) {
            unexpected(peek());
            return false;
        }
        ++m_pos;
        return true;
    }

    bool parseBody(List& body, const std::set<std::string>& enders)
    {
        skipNewlines();
        return parseList(body, enders);
    }

    bool parseCommand(Command& c)
    {
        const Token& t = peek();
        if (isWord(t, "if")) {
            ++m_pos;
            c.kind = Command::If;
            while (true) {
                List cond, body;
                if (!parseBody(cond, {"then"}) || !expectWord("then") ||
                    !parseBody(body, {"elif", "else", "fi"}))
                    return false;
                c.conds.push_back(std::move(cond));
                c.bodies.push_back(std::move(body));
                if (isWord(peek(), "elif")) {
                    ++m_pos;
                    continue;
                }
                break;
            }
            if (isWord(peek(), "else")) {
                ++m_pos;
                c.hasElse = true;
                if (!parseBody(c.elseBody, {"fi"}))
                    return false;
            }
            if (!expectWord("fi"))
                return false;
        } else if (isWord(t, "while") || isWord(t, "until")) {
            c.kind = t.text == "while" ? Command::While : Command::Until;
            ++m_pos;
            List cond, body;
            if (!parseBody(cond, {"do"}) || !expectWord("do") || !parseBody(body, {"done"}) ||
                !expectWord("done"))
                return false;
            c.conds.push_back(std::move(cond));
            c.bodies.push_back(std::move(body));
        } else if (isWord(t, "for")) {
            c.kind = Command::For;
            ++m_pos;
            if (peek().kind != Token::Word) {
                unexpected(peek());
                return false;
            }
            c.var = next().text;
            while (peek().kind == Token::Newline)
                ++m_pos;
            if (isWord(peek(), "in")) {
                ++m_pos;
                c.hasIn = true;
                while (peek().kind == Token::Word)
                    c.items.push_back(next().text);
            }
            if (isOp(peek(), ";"))
                ++m_pos;
            List body;
            if (!expectWord("do") || !parseBody(body, {"done"}) || !expectWord("done"))
                return false;
            c.bodies.push_back(std::move(body));
        } else if (isWord(t, "{")) {
            c.kind = Command::Group;
            ++m_pos;
            List body;
            if (!parseBody(body, {"}"}) || !expectWord("}"))
                return false;
            c.bodies.push_back(std::move(body));
        } else if (isOp(t, "(")) {
            c.kind = Command::Subshell;
            ++m_pos;
            List body;
            if (!parseBody(body, {}))
                return false;
            skipNewlines();
            if (!isOp(peek(), ")")) {
                unexpected(peek());
                return false;
            }
            ++m_pos;
            c.bodies.push_back(std::move(body));
        } else if (t.kind == Token::Word && !t.quoted && keywords().count(t.text) &&
                   t.text != "{" && t.text != "!" && t.text != "in") {
            unexpected(t);
            return false;
        } else {
            return parseSimple(c);
        }
        // Redirections after a compound command.
        while (peek().kind == Token::Op && isRedirect(peek().text))
            if (!parseRedirect(c))
                return false;
        return true;
    }

    static bool isRedirect(const std::string& op)
    {
        const auto digits = op.find_first_not_of("0123456789");
        const std::string o = op.substr(digits == std::string::npos ? op.size() : digits);
        return o == ">" || o == ">>" || o == "<" || o == ">&" || o == "<&" || o == "&>" ||
               o == ">|" || o == "<<" || o == "<<-";
    }

    bool parseRedirect(Command& c)
    {
        Token op = next();
        Redirect r;
        const auto digits = op.text.find_first_not_of("0123456789");
        r.op = op.text.substr(digits);
        r.fd = digits > 0 ? std::stoi(op.text.substr(0, std::min<size_t>(digits, 3)))
               : (r.op[0] == '<') ? 0
                                  : 1;
        if (r.op == "<<" || r.op == "<<-") {
            r.heredoc = op.heredoc;
            r.heredocExpand = op.heredocExpand;
            c.redirects.push_back(std::move(r));
            return true;
        }
        if (peek().kind != Token::Word) {
            unexpected(peek());
            return false;
        }
        r.target = next().text;
        c.redirects.push_back(std::move(r));
        return true;
    }

    static bool isAssignment(const Token& t)
    {
        const auto eq = t.text.find('=');
        if (t.kind != Token::Word || eq == std::string::npos || eq == 0)
            return false;
        for (size_t i = 0; i < eq; ++i) {
            const char ch = t.text[i];
            if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_') ||
                (i == 0 && std::isdigit(static_cast<unsigned char>(ch))))
                return false;
        }
        return true;
    }

    bool parseSimple(Command& c)
    {
        c.kind = Command::Simple;
        while (true) {
            const Token& t = peek();
            if (t.kind == Token::Word) {
                if (c.words.empty() && isAssignment(t))
                    c.assigns.push_back(t.text);
                else
                    c.words.push_back(t.text);
                c.line = c.line ? c.line : t.line;
                ++m_pos;
            } else if (t.kind == Token::Op && isRedirect(t.text)) {
                if (!parseRedirect(c))
                    return false;
            } else {
                break;
            }
        }
        if (c.words.empty() && c.assigns.empty() && c.redirects.empty()) {
            unexpected(peek());
            return false;
        }
        return true;
    }

    std::vector<Token> m_tokens;
    size_t m_pos = 0;
    std::string m_error;
};

} // namespace

std::shared_ptr<const Script> parse(const std::string& text, std::string* error)
{
    std::vector<Token> tokens;
    std::string err;
    auto script = std::make_shared<Script>();
    if (!Lexer(text).run(tokens, err) || !Parser(std::move(tokens)).program(script->list, err)) {
        if (error)
            *error = err;
        return nullptr;
    }
    return script;
}

} // namespace kubelab::node::sh
