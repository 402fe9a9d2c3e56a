#pragma once
// zstd, as the trace's sealed blocks and etcd's cold values use it.
#include <memory>
#include <string>
#include <string_view>

namespace kubelab::sim {

// `raw` compressed at `level`, with a context and buffer this thread reuses (a fresh
// context per call costs more in page faults than small inputs take to compress).
// Throws std::runtime_error naming `what` if zstd fails.
std::string compress(std::string_view raw, int level, const char* what);

// The text compress() was given (its frame records the size). Throws std::runtime_error
// naming `what` on input that is not such a frame.
std::string decompress(std::string_view compressed, const char* what);

// A raw-content dictionary: a text that the inputs resemble (one stored object of a
// resource, for the others of its kind), digested once. A small JSON object compresses
// alone to about 40%, against a sibling to a few percent. Immutable; shared by whatever
// it compressed.
class Dictionary
{
public:
    Dictionary(std::string text, int level);
    std::string compress(std::string_view raw, const char* what) const;
    std::string decompress(std::string_view compressed, const char* what) const;

private:
    std::string m_text;
    std::shared_ptr<void> m_cdict; // ZSTD_CDict
    std::shared_ptr<void> m_ddict; // ZSTD_DDict
};

} // namespace kubelab::sim
