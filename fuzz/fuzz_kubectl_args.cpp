// kubectl's command line: flags parsed against several commands' flag sets, and the
// little languages inside arguments (label selectors, JSONPath templates). Input: words
// separated by newlines.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/kubectl/args.h"
#include "engine/kubectl/commands.h"
#include "engine/kubectl/jsonpath.h"
#include "engine/model/selector.h"

using namespace kubelab;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size > 4096)
        return 0;
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> words;
    std::string cur;
    for (char c : text) {
        if (c == '\n') {
            words.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    words.push_back(cur);
    for (auto specs : {kubectl::cmdGetFlags(), kubectl::cmdApplyFlags(), kubectl::cmdRunFlags(),
                       kubectl::cmdLogsFlags(), kubectl::cmdExecFlags(), kubectl::cmdCreateFlags()}) {
        std::string error;
        (void)kubectl::parseArgs(words, specs, &error);
    }
    std::string error;
    (void)model::LabelSelector::parse(words[0], &error);
    (void)kubectl::JsonPath::parse(words.back(), &error);
    return 0;
}
