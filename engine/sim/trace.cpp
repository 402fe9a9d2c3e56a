#include "engine/sim/trace.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include <openssl/evp.h>

#include "engine/sim/compress.h"

namespace kubelab::sim {

std::string TraceRecord::toLine() const
{
    char head[64];
    std::snprintf(head, sizeof head, "[%10.6fs] #%-5llu ", double(time) / kSecond,
                  static_cast<unsigned long long>(seq));
    std::string line = head;
    line += actor;
    if (!target.empty())
        line += " -> " + target;
    line += "  " + kind + "  " + summary;
    return line;
}

nlohmann::json TraceRecord::detailJson() const
{
    nlohmann::json d = nlohmann::json::parse(detail, nullptr, false);
    if (d.is_discarded())
        return d;
    for (const Attachment& a : attachments)
        if (a.text)
            d[nlohmann::json::json_pointer(a.pointer)] = *a.text;
    return d;
}

std::string TraceRecord::detailText() const
{
    return attachments.empty() ? detail : detailJson().dump();
}

nlohmann::json TraceRecord::toJson() const
{
    return {{"time", time}, {"seq", seq},         {"actor", actor},        {"target", target},
            {"kind", kind}, {"summary", summary}, {"detail", detailJson()}};
}

namespace {
struct Digest
{
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    Digest() { EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr); }
    ~Digest() { EVP_MD_CTX_free(ctx); }
    void add(const std::string& s) { EVP_DigestUpdate(ctx, s.data(), s.size()); }
    std::string hex()
    {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        EVP_DigestFinal_ex(ctx, md, &len);
        static constexpr char kHex[] = "0123456789abcdef";
        std::string out;
        for (unsigned i = 0; i < len; ++i) {
            out += kHex[md[i] >> 4];
            out += kHex[md[i] & 15];
        }
        return out;
    }
};
} // namespace

// A sealed block: each record as varints and length-prefixed strings, attachments' text
// inline (so a sealed record holds nothing etcd may free at compaction), then zstd.
namespace {
constexpr int kZstdLevel = 1; // about 15x on trace text, at hundreds of MB/s

void putVarint(std::string& out, std::uint64_t v)
{
    while (v >= 0x80) {
        out += char((v & 0x7f) | 0x80);
        v >>= 7;
    }
    out += char(v);
}

void putString(std::string& out, const std::string& s)
{
    putVarint(out, s.size());
    out += s;
}

struct Reader
{
    const char* p;
    const char* end;
    std::uint64_t varint()
    {
        std::uint64_t v = 0;
        for (int shift = 0; p < end; shift += 7) {
            const auto byte = static_cast<unsigned char>(*p++);
            v |= std::uint64_t(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return v;
        }
        throw std::runtime_error("trace block: truncated varint");
    }
    std::string string()
    {
        const std::uint64_t n = varint();
        if (n > std::uint64_t(end - p))
            throw std::runtime_error("trace block: truncated string");
        std::string s(p, n);
        p += n;
        return s;
    }
};

void encode(std::string& out, const TraceRecord& r)
{
    putVarint(out, std::uint64_t(r.time));
    putVarint(out, r.seq);
    putString(out, r.actor);
    putString(out, r.target);
    putString(out, r.kind);
    putString(out, r.summary);
    putString(out, r.detail);
    putVarint(out, r.attachments.size());
    for (const TraceRecord::Attachment& a : r.attachments) {
        putString(out, a.pointer);
        out += char(a.text ? 1 : 0);
        if (a.text)
            putString(out, *a.text);
    }
}

TraceRecord decode(Reader& in)
{
    TraceRecord r;
    r.time = Time(in.varint());
    r.seq = in.varint();
    r.actor = in.string();
    r.target = in.string();
    r.kind = in.string();
    r.summary = in.string();
    r.detail = in.string();
    r.attachments.resize(in.varint());
    for (TraceRecord::Attachment& a : r.attachments) {
        a.pointer = in.string();
        if (in.p < in.end && *in.p++)
            a.text = std::make_shared<const std::string>(in.string());
    }
    return r;
}
} // namespace

void Trace::append(TraceRecord record)
{
    if (m_tail.size() >= kBlockRecords)
        seal();
    m_tail.push_back(std::move(record));
}

void Trace::seal()
{
    // One encoding buffer per thread, reused (as compress() reuses its context).
    static thread_local std::string raw;
    raw.clear();
    for (const TraceRecord& r : m_tail)
        encode(raw, r);
    auto block = std::make_shared<Block>();
    block->rawBytes = raw.size();
    block->compressed = compress(raw, kZstdLevel, "trace block");
    m_blocks.push_back(std::move(block));
    m_sealed += m_tail.size();
    m_tail.clear();
}

std::shared_ptr<const std::vector<TraceRecord>> Trace::decoded(size_t index) const
{
    for (size_t i = 0; i < m_decoded.size(); ++i)
        if (m_decoded[i].first == index) {
            std::rotate(m_decoded.begin(), m_decoded.begin() + long(i),
                        m_decoded.begin() + long(i) + 1);
            return m_decoded.front().second;
        }
    const Block& block = *m_blocks[index];
    const std::string raw = decompress(block.compressed, "trace block");
    auto records = std::make_shared<std::vector<TraceRecord>>();
    records->reserve(kBlockRecords);
    Reader in{raw.data(), raw.data() + raw.size()};
    while (in.p < in.end)
        records->push_back(decode(in));
    constexpr size_t kKeep = 4; // a view paging back and forth, and an iterator
    m_decoded.insert(m_decoded.begin(), {index, records});
    if (m_decoded.size() > kKeep)
        m_decoded.pop_back();
    return records;
}

TraceRecord Trace::operator[](size_t i) const
{
    if (i >= m_sealed)
        return m_tail[i - m_sealed];
    return (*decoded(i / kBlockRecords))[i % kBlockRecords];
}

void Trace::const_iterator::seek(size_t index)
{
    m_index = index;
    m_record = nullptr;
    if (!m_trace || index >= m_trace->size()) {
        m_block.reset();
        return;
    }
    if (index >= m_trace->m_sealed) {
        m_block.reset();
        m_record = &m_trace->m_tail[index - m_trace->m_sealed];
        return;
    }
    if (!m_block || index % kBlockRecords == 0)
        m_block = m_trace->decoded(index / kBlockRecords);
    m_record = &(*m_block)[index % kBlockRecords];
}

void Trace::clear()
{
    m_blocks.clear();
    m_sealed = 0;
    m_tail.clear();
    m_decoded.clear();
}

void Trace::truncate(size_t n)
{
    if (n >= size())
        return;
    if (n >= m_sealed) {
        m_tail.resize(n - m_sealed);
        return;
    }
    // Cut inside the sealed blocks: the block holding the new last record becomes the tail
    // again, so that the tail is never empty while the trace is not.
    const size_t keepBlocks = n == 0 ? 0 : (n - 1) / kBlockRecords;
    std::vector<TraceRecord> tail;
    if (n > 0) {
        auto block = decoded(keepBlocks);
        tail.assign(block->begin(), block->begin() + long(n - keepBlocks * kBlockRecords));
    }
    m_blocks.resize(keepBlocks);
    m_sealed = keepBlocks * kBlockRecords;
    m_tail = std::move(tail);
    m_decoded.clear();
}

Trace::Footprint Trace::footprint() const
{
    Footprint f;
    f.blocks = m_blocks.size();
    f.sealedRecords = m_sealed;
    for (const auto& b : m_blocks) {
        f.compressedBytes += b->compressed.size();
        f.rawBytes += b->rawBytes;
    }
    return f;
}

std::string Trace::sha256() const
{
    Digest digest;
    for (const TraceRecord& r : *this) {
        digest.add(r.toJson().dump());
        digest.add("\n");
    }
    return digest.hex();
}

std::string sha256Hex(const std::string& data)
{
    Digest digest;
    digest.add(data);
    return digest.hex();
}

} // namespace kubelab::sim
