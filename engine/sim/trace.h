#pragma once
// The trace: one record per processed event. The app's event log, sequence view and
// packet view are views of it; tests assert on it; its hash proves determinism.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/sim/time.h"

namespace kubelab::sim {

struct TraceRecord
{
    Time time = 0;
    std::uint64_t seq = 0;
    std::string actor;   // who acted ("apiserver", "etcd-0", "kubectl")
    std::string target;  // what it acted on or talked to ("etcd-0", "pods/default/web")
    std::string kind;    // machine-readable kind ("api.request", "etcd.txn", ...)
    std::string summary; // one line a learner reads
    // The structured detail as compact JSON text. Kept serialized: a pod's JSON tree
    // takes about ten times the memory of its text, and most records are never opened.
    std::string detail = "{}";
    // Strings of the detail kept outside its text, shared with whoever holds them anyway
    // (the value etcd stored at a revision): each goes at its JSON pointer. Not copied
    // per record; detailJson() and detailText() put them back in place.
    struct Attachment
    {
        std::string pointer; // "/ops/0/value"
        std::shared_ptr<const std::string> text;
    };
    std::vector<Attachment> attachments;

    nlohmann::json detailJson() const;
    // The whole detail as JSON text, attachments included.
    std::string detailText() const;

    // "[   1.004s] #12 apiserver -> etcd-0  etcd.txn  put /registry/pods/default/web"
    std::string toLine() const;
    nlohmann::json toJson() const;
};

class Trace
{
public:
    void append(TraceRecord record) { m_records.push_back(std::move(record)); }
    const std::vector<TraceRecord>& records() const { return m_records; }
    size_t size() const { return m_records.size(); }
    void clear() { m_records.clear(); }
    void truncate(size_t n)
    {
        if (n < m_records.size())
            m_records.resize(n);
    }

    // SHA-256 over every record's canonical JSON line, hex encoded.
    std::string sha256() const;

private:
    std::vector<TraceRecord> m_records;
};

// SHA-256 of bytes, hex encoded (OpenSSL's libcrypto does the work).
std::string sha256Hex(const std::string& data);

} // namespace kubelab::sim
