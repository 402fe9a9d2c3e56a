#include "engine/sim/compress.h"

#include <memory>
#include <stdexcept>

#include <zstd.h>

namespace kubelab::sim {

std::string compress(std::string_view raw, int level, const char* what)
{
    struct Scratch
    {
        std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> cctx{ZSTD_createCCtx(), ZSTD_freeCCtx};
        std::string out;
    };
    static thread_local Scratch scratch;
    std::string& out = scratch.out;
    out.resize(ZSTD_compressBound(raw.size()));
    const size_t n = ZSTD_compressCCtx(scratch.cctx.get(), out.data(), out.size(), raw.data(),
                                       raw.size(), level);
    if (ZSTD_isError(n))
        throw std::runtime_error(std::string(what) + ": " + ZSTD_getErrorName(n));
    return std::string(out.data(), n);
}

std::string decompress(std::string_view compressed, const char* what)
{
    const unsigned long long size = ZSTD_getFrameContentSize(compressed.data(), compressed.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN)
        throw std::runtime_error(std::string(what) + ": cannot decompress");
    std::string raw(size, '\0');
    const size_t n = ZSTD_decompress(raw.data(), raw.size(), compressed.data(), compressed.size());
    if (ZSTD_isError(n) || n != raw.size())
        throw std::runtime_error(std::string(what) + ": cannot decompress");
    return raw;
}

} // namespace kubelab::sim
