#pragma once
// An etcd-like multi-version key-value store: one global revision, per key create and
// mod revisions and a version, ranges over keys, transactions with compare-and-swap,
// history for watches, and compaction. A pure state machine (no I/O, no clock), so a
// Raft log can later feed the same operations to each member in the same order.
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace kubelab::sim {
class Dictionary;
}

namespace kubelab::store {

struct KeyValue
{
    std::string key;
    std::string value;
    std::int64_t createRevision = 0;
    std::int64_t modRevision = 0;
    std::int64_t version = 0; // 1 on create, +1 per put; 0 means deleted
    nlohmann::json toJson() const;
    static KeyValue fromJson(const nlohmann::json& j);
};

struct Event
{
    enum class Type { Put, Delete };
    Type type = Type::Put;
    KeyValue kv; // for Delete: key and the deleting revision in modRevision
    std::optional<KeyValue> prevKv;
    nlohmann::json toJson() const;
    static Event fromJson(const nlohmann::json& j);
};

// etcd's --max-request-bytes as kube-apiserver's etcd is run (1.5 MiB): a txn whose keys
// and values add up to more is refused with "etcdserver: request is too large".
inline constexpr std::size_t kMaxRequestBytes = 1572864;

// etcd's error texts, which the API server and learners see.
class StoreError : public std::runtime_error
{
public:
    enum class Code { Compacted, FutureRevision, TooManyOps, InvalidArgument, RequestTooLarge };
    StoreError(Code code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    Code code() const { return m_code; }

private:
    Code m_code;
};

struct Compare
{
    enum class Target { Version, CreateRevision, ModRevision, Value };
    enum class Result { Equal, NotEqual, Greater, Less };
    std::string key;
    Target target = Target::ModRevision;
    Result result = Result::Equal;
    std::int64_t number = 0;
    std::string value;
    nlohmann::json toJson() const;
    static Compare fromJson(const nlohmann::json& j);
};

struct Op
{
    enum class Type { Range, Put, DeleteRange };
    Type type = Type::Range;
    std::string key;
    std::string rangeEnd; // empty: the single key; "\0": every key >= key; else [key, rangeEnd)
    std::string value;
    std::int64_t limit = 0;
    bool prevKv = false;
    nlohmann::json toJson(bool withValue = true) const;
    static Op fromJson(const nlohmann::json& j);
};

struct RangeResult
{
    std::vector<KeyValue> kvs;
    std::int64_t count = 0; // matching keys before the limit
    bool more = false;
    std::int64_t revision = 0; // store revision the read saw (header.revision)
    nlohmann::json toJson() const;
};

struct OpResult
{
    Op::Type type = Op::Type::Range;
    RangeResult range;             // Range
    std::int64_t deleted = 0;      // DeleteRange
    std::vector<KeyValue> prevKvs; // Put/DeleteRange with prevKv
    nlohmann::json toJson() const;
};

struct TxnResult
{
    bool succeeded = false;
    std::int64_t revision = 0;
    std::vector<OpResult> responses;
    nlohmann::json toJson() const;
};

// The smallest key greater than every key with this prefix ("/a/" -> "/a0").
std::string prefixEnd(const std::string& prefix);

class MvccStore
{
public:
    std::int64_t revision() const { return m_revision; }
    std::int64_t compactRevision() const { return m_compacted; }
    size_t keyCount() const { return m_live; }

    // Reads at `atRevision` (0 = current). Throws StoreError Compacted/FutureRevision.
    RangeResult range(const std::string& key, const std::string& rangeEnd,
                      std::int64_t atRevision = 0, std::int64_t limit = 0,
                      bool countOnly = false) const;
    // Each write op advances the revision by one; a transaction's writes share one.
    std::int64_t put(const std::string& key, const std::string& value);
    std::int64_t deleteRange(const std::string& key, const std::string& rangeEnd);
    TxnResult txn(const std::vector<Compare>& compares, const std::vector<Op>& success,
                  const std::vector<Op>& failure);
    // Forgets history before `revision`; later reads and watches below it fail with
    // "mvcc: required revision has been compacted".
    void compact(std::int64_t revision);

    // The current value of `key` as the store keeps it (shared, immutable), or null if
    // the key is absent: for the trace, which shows each write without a copy.
    std::shared_ptr<const std::string> sharedValue(const std::string& key) const;

    // What the store holds: keys (live or with history), versions kept, and the bytes of
    // their values (each value counted once, however many versions and events share it).
    struct Footprint
    {
        std::size_t keys = 0;
        std::size_t versions = 0;
        std::size_t coldVersions = 0;    // of which compressed
        std::size_t liveValueBytes = 0;  // the current value of each live key, as held
        std::size_t totalValueBytes = 0; // every version kept, as held (cold: compressed)
    };
    Footprint footprint() const;

    // Events with revision >= fromRevision on keys in [key, rangeEnd), in order.
    std::vector<Event> eventsSince(std::int64_t fromRevision, const std::string& key,
                                   const std::string& rangeEnd) const;

private:
    // Every version of a value is stored once, immutable, and shared by its key's
    // history and the event log (a put's kv is the next put's prevKv), and by copies of
    // the store: a rewind checkpoint costs pointers, not values. A cold version holds its
    // value zstd-compressed (see m_warm); thaw() gives it back as written.
    struct StoredKv
    {
        // The key's text, held by its KeyHistory and shared by every version of it.
        std::shared_ptr<const std::string> key;
        std::string value;
        std::int64_t createRevision = 0;
        std::int64_t modRevision = 0;
        std::int64_t version = 0;
        // Set on a cold version: what its value was compressed against.
        std::shared_ptr<const sim::Dictionary> dict;
        bool cold() const { return dict != nullptr; }
    };
    using SharedKv = std::shared_ptr<const StoredKv>;
    static KeyValue thaw(const StoredKv& kv);
    // Compresses the value of the oldest warm version, if it is still kept.
    void coolOldest();
    struct Generation
    {
        std::int64_t revision = 0;
        bool tombstone = false;
        SharedKv kv;
    };
    struct LogEntry
    {
        Event::Type type = Event::Type::Put;
        SharedKv kv;   // for Delete: key and the deleting revision
        SharedKv prev; // null when the key did not exist
        Event toEvent() const;
    };
    bool inRange(std::string_view k, const std::string& key, const std::string& rangeEnd) const;
    const StoredKv* liveAt(const std::vector<Generation>& history, std::int64_t rev) const;
    bool compareHolds(const Compare& c) const;
    OpResult apply(const Op& op, std::int64_t rev, bool& wrote);
    void writePut(const std::string& key, const std::string& value, std::int64_t rev,
                  OpResult* result, bool prevKv);
    std::int64_t writeDelete(const std::string& key, const std::string& rangeEnd, std::int64_t rev,
                             OpResult* result, bool prevKv);

    std::int64_t m_revision = 1; // etcd starts at 1 with an empty store
    std::int64_t m_compacted = 0;
    size_t m_live = 0;
    // A key's versions, with the key's text: shared by the versions (StoredKv::key) and
    // viewed by m_keys' key, so that each key's text is held once.
    struct KeyHistory
    {
        std::shared_ptr<const std::string> key;
        std::vector<Generation> generations;
    };
    KeyHistory& historyFor(const std::string& key);             // found or added
    std::map<std::string_view, KeyHistory, std::less<>> m_keys; // views into KeyHistory::key
    // Every event after m_compacted, in revision order (a deque: no doubling copy of
    // millions of entries as it grows).
    std::deque<LogEntry> m_log;
    // The versions written lately (key, revision), oldest first. Watchers, the API server
    // and the trace read a value just after it is written and seldom later, so once
    // kWarmVersions newer ones have been written, a version's value is compressed (see
    // m_dicts): history would otherwise be most of the store's memory, where etcd keeps
    // it on disk.
    std::deque<std::pair<std::string, std::int64_t>> m_warm;
    // Per resource and version ("/registry/pods/#4", see dictionaryKey), the first of its
    // values to go cold, which the others are compressed against (a pod to a few percent
    // rather than about 40%).
    std::map<std::string, std::shared_ptr<const sim::Dictionary>> m_dicts;

public:
    static constexpr std::size_t kWarmVersions = 4096;
    static constexpr std::size_t kColdMinBytes = 256; // smaller values stay as they are
};

} // namespace kubelab::store
