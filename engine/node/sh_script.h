#pragma once
// The container shell's syntax tree (sh.h). Words are kept as written, quotes and all:
// they are expanded when the command runs.
#include <memory>
#include <string>
#include <vector>

namespace kubelab::node::sh {

struct Redirect
{
    int fd = 1;
    std::string op;     // > >> < >& <& &> >| << <<-
    std::string target; // a word, or the descriptor after >&
    std::string heredoc;
    bool heredocExpand = true;
};

struct Command;

struct Pipeline
{
    std::vector<std::shared_ptr<const Command>> commands;
    bool negate = false;
};

struct AndOr
{
    enum Op { And, Or };
    std::vector<Pipeline> parts;
    std::vector<Op> ops;     // ops[i] joins parts[i] and parts[i + 1]
    bool background = false; // ended by `&`
};

struct List
{
    std::vector<AndOr> items;
};

struct Command
{
    enum Kind { Simple, If, While, Until, For, Group, Subshell } kind = Simple;
    int line = 0;
    std::vector<std::string> assigns; // NAME=word
    std::vector<std::string> words;
    std::vector<Redirect> redirects;
    // If: conds[i] then bodies[i]; While/Until: conds[0] and bodies[0]; For, Group,
    // Subshell: bodies[0].
    std::vector<List> conds, bodies;
    bool hasElse = false;
    List elseBody;
    std::string var; // For
    bool hasIn = false;
    std::vector<std::string> items;
};

struct Script
{
    List list;
};

} // namespace kubelab::node::sh
