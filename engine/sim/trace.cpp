#include "engine/sim/trace.h"

#include <cstdio>

#include <openssl/evp.h>

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
    return {{"time", time}, {"seq", seq},         {"actor", actor},   {"target", target},
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

std::string Trace::sha256() const
{
    Digest digest;
    for (const auto& r : m_records) {
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
