#pragma once
// The trace: one record per processed event. The app's event log, sequence view and
// packet view are views of it; tests assert on it; its hash proves determinism.
#include <cstdint>
#include <iterator>
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

// The records in order. The newest (up to kBlockRecords of them) are kept as they are;
// older ones are sealed, kBlockRecords at a time, into zstd-compressed blocks, since a
// busy cluster writes about a hundred records per pod and a view reads few of them.
// Reading a sealed record decodes its block (the last few decoded blocks are kept).
// Records are read by value or through iterators; a rewind cuts the trace back.
class Trace
{
public:
    static constexpr size_t kBlockRecords = 1024;

    class const_iterator
    {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = TraceRecord;
        using difference_type = std::ptrdiff_t;
        using pointer = const TraceRecord*;
        using reference = const TraceRecord&;

        const_iterator() = default;
        reference operator*() const { return *m_record; }
        pointer operator->() const { return m_record; }
        const_iterator& operator++()
        {
            seek(m_index + 1);
            return *this;
        }
        const_iterator operator++(int)
        {
            const_iterator before = *this;
            ++*this;
            return before;
        }
        bool operator==(const const_iterator& o) const { return m_index == o.m_index; }
        size_t index() const { return m_index; }

    private:
        friend class Trace;
        const_iterator(const Trace* trace, size_t index) : m_trace(trace) { seek(index); }
        void seek(size_t index);

        const Trace* m_trace = nullptr;
        size_t m_index = 0;
        // The decoded block the current record lives in (null in the open tail): held so
        // that the reference stays valid until the iterator moves on.
        std::shared_ptr<const std::vector<TraceRecord>> m_block;
        const TraceRecord* m_record = nullptr;
    };

    void append(TraceRecord record);
    size_t size() const { return m_sealed + m_tail.size(); }
    bool empty() const { return size() == 0; }
    // Record i (0-based), by value. i must be below size().
    TraceRecord operator[](size_t i) const;
    // The newest record; never decodes (the open tail is never empty when the trace is not).
    const TraceRecord& back() const { return m_tail.back(); }
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }
    // From record `first` on (first <= size()).
    const_iterator from(size_t first) const { return {this, first}; }

    void clear();
    // Keeps the first n records.
    void truncate(size_t n);

    // SHA-256 over every record's canonical JSON line, hex encoded.
    std::string sha256() const;

    // Memory the records take: sealed blocks (compressed bytes) and how many bytes they
    // held before sealing, for the benchmarks.
    struct Footprint
    {
        size_t blocks = 0;
        size_t sealedRecords = 0;
        size_t compressedBytes = 0;
        size_t rawBytes = 0;
    };
    Footprint footprint() const;

private:
    struct Block
    {
        std::string compressed;
        size_t rawBytes = 0;
    };
    void seal();
    std::shared_ptr<const std::vector<TraceRecord>> decoded(size_t block) const;

    std::vector<std::shared_ptr<const Block>> m_blocks; // immutable: copies share them
    size_t m_sealed = 0;                                // records in m_blocks
    std::vector<TraceRecord> m_tail;
    // The most recently decoded blocks, newest first.
    mutable std::vector<std::pair<size_t, std::shared_ptr<const std::vector<TraceRecord>>>>
        m_decoded;
};

// SHA-256 of bytes, hex encoded (OpenSSL's libcrypto does the work).
std::string sha256Hex(const std::string& data);

} // namespace kubelab::sim
