#include "engine/sim/compress.h"

#include <stdexcept>

#include <zstd.h>

namespace kubelab::sim {

namespace {

// This thread's contexts and output buffer, reused across calls.
struct Scratch
{
    std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> cctx{ZSTD_createCCtx(), ZSTD_freeCCtx};
    std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> dctx{ZSTD_createDCtx(), ZSTD_freeDCtx};
    std::string out;
};

Scratch& scratch()
{
    static thread_local Scratch s;
    return s;
}

std::string checked(size_t n, const std::string& out, const char* what)
{
    if (ZSTD_isError(n))
        throw std::runtime_error(std::string(what) + ": " + ZSTD_getErrorName(n));
    return std::string(out.data(), n);
}

std::string rawBuffer(std::string_view compressed, const char* what)
{
    const unsigned long long size = ZSTD_getFrameContentSize(compressed.data(), compressed.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN)
        throw std::runtime_error(std::string(what) + ": cannot decompress");
    return std::string(size, '\0');
}

void expectWhole(size_t n, const std::string& raw, const char* what)
{
    if (ZSTD_isError(n) || n != raw.size())
        throw std::runtime_error(std::string(what) + ": cannot decompress");
}

} // namespace

std::string compress(std::string_view raw, int level, const char* what)
{
    Scratch& s = scratch();
    s.out.resize(ZSTD_compressBound(raw.size()));
    return checked(
        ZSTD_compressCCtx(s.cctx.get(), s.out.data(), s.out.size(), raw.data(), raw.size(), level),
        s.out, what);
}

std::string decompress(std::string_view compressed, const char* what)
{
    std::string raw = rawBuffer(compressed, what);
    expectWhole(ZSTD_decompressDCtx(scratch().dctx.get(), raw.data(), raw.size(), compressed.data(),
                                    compressed.size()),
                raw, what);
    return raw;
}

Dictionary::Dictionary(std::string text, int level) : m_text(std::move(text))
{
    m_cdict.reset(ZSTD_createCDict(m_text.data(), m_text.size(), level),
                  [](void* d) { ZSTD_freeCDict(static_cast<ZSTD_CDict*>(d)); });
    m_ddict.reset(ZSTD_createDDict(m_text.data(), m_text.size()),
                  [](void* d) { ZSTD_freeDDict(static_cast<ZSTD_DDict*>(d)); });
    if (!m_cdict || !m_ddict)
        throw std::runtime_error("zstd dictionary: cannot create");
}

std::string Dictionary::compress(std::string_view raw, const char* what) const
{
    Scratch& s = scratch();
    s.out.resize(ZSTD_compressBound(raw.size()));
    return checked(ZSTD_compress_usingCDict(s.cctx.get(), s.out.data(), s.out.size(), raw.data(),
                                            raw.size(), static_cast<ZSTD_CDict*>(m_cdict.get())),
                   s.out, what);
}

std::string Dictionary::decompress(std::string_view compressed, const char* what) const
{
    std::string raw = rawBuffer(compressed, what);
    expectWhole(ZSTD_decompress_usingDDict(scratch().dctx.get(), raw.data(), raw.size(),
                                           compressed.data(), compressed.size(),
                                           static_cast<ZSTD_DDict*>(m_ddict.get())),
                raw, what);
    return raw;
}

} // namespace kubelab::sim
