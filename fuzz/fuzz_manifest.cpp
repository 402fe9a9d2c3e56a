// Manifest decoding as `kubectl apply -f` and the YAML editor do it: YAML or JSON text ->
// documents -> schema check, defaults and validation. Bad input must end in a DecodeError
// or field errors, never a crash, a hang or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/model/decode.h"
#include "engine/model/validation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        for (auto& doc : kubelab::model::decodeDocuments(text, "fuzz.yaml")) {
            if (!doc.object.is_object())
                continue;
            (void)kubelab::model::checkSchema(doc.object);
            kubelab::model::applyDefaults(doc.object);
            (void)kubelab::model::validate(doc.object);
        }
    } catch (const kubelab::model::DecodeError&) {
    }
    return 0;
}
