#pragma once
// The aws-cli subset of the shell's `aws` command: a table of services, commands and
// their options (which also feeds `aws help` and the app console's completion), argument
// parsing as aws-cli does it (JSON or shorthand values, file:// and fileb:// files,
// timestamps), and aws-cli's output: the response as indented JSON, errors as
// "An error occurred (Code) when calling the Operation operation: message".
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kubelab::aws {

enum class OptionKind
{
    String,      // --name web
    Integer,     // --period 86400
    Timestamp,   // --start-time 2026-01-05T00:00:00Z (sent as virtual time)
    File,        // --certificate fileb://cert.pem (the file's text)
    JsonText,    // --event-pattern '{"source":["aws.acm"]}' or file:// (sent as text)
    Json,        // --config-rule '{...}' or file:// (sent as JSON)
    Shorthand,   // --expiry-events DaysBeforeExpiry=30, or JSON
    ShorthandList, // --targets Id=1,Arn=arn:... [Id=2,...], or a JSON array
    StringList,  // --statistics Minimum Maximum
};

struct CliOption
{
    std::string flag;  // "--certificate-arn"
    std::string param; // "CertificateArn"
    OptionKind kind = OptionKind::String;
    bool required = false;
};

struct CliCommand
{
    std::string service;   // "acm"
    std::string command;   // "describe-certificate"
    std::string operation; // "DescribeCertificate"
    std::string actor;     // which service actor answers
    std::vector<CliOption> options;
};

// Every command KubeLab's aws understands, by service then command.
const std::vector<CliCommand>& cliCommands();

struct CliEnvironment
{
    // Sends the request and waits for the "aws.response" body.
    std::function<nlohmann::json(const std::string& actor, const std::string& operation,
                                 const nlohmann::json& params)>
        call;
    // Reads a file named on the command line; nullopt if it cannot.
    std::function<std::optional<std::string>(const std::string& path)> readFile;
    std::string stdinText; // a here-document: fileb:///dev/stdin
};

struct CliResult
{
    std::string out, err;
    int exitCode = 0; // 0, 252 (usage), 254 (the service refused), as aws-cli v2
};

// Runs `aws ARGS...` (args without the leading "aws").
CliResult runCli(const std::vector<std::string>& args, const CliEnvironment& env);

} // namespace kubelab::aws
