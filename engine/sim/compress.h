#pragma once
// zstd, as the trace's sealed blocks and etcd's cold values use it.
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

} // namespace kubelab::sim
