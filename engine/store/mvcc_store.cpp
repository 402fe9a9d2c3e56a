#include "engine/store/mvcc_store.h"

#include <algorithm>

#include "engine/sim/compress.h"

namespace kubelab::store {

using nlohmann::json;

json KeyValue::toJson() const
{
    return {{"key", key},
            {"value", value},
            {"create_revision", createRevision},
            {"mod_revision", modRevision},
            {"version", version}};
}

KeyValue KeyValue::fromJson(const json& j)
{
    KeyValue kv;
    kv.key = j.value("key", "");
    kv.value = j.value("value", "");
    kv.createRevision = j.value("create_revision", std::int64_t(0));
    kv.modRevision = j.value("mod_revision", std::int64_t(0));
    kv.version = j.value("version", std::int64_t(0));
    return kv;
}

json Event::toJson() const
{
    json j = {{"type", type == Type::Put ? "PUT" : "DELETE"}, {"kv", kv.toJson()}};
    if (prevKv)
        j["prev_kv"] = prevKv->toJson();
    return j;
}

Event Event::fromJson(const json& j)
{
    Event e;
    e.type = j.value("type", "PUT") == "PUT" ? Type::Put : Type::Delete;
    e.kv = KeyValue::fromJson(j.at("kv"));
    if (j.contains("prev_kv"))
        e.prevKv = KeyValue::fromJson(j["prev_kv"]);
    return e;
}

namespace {
const char* targetName(Compare::Target t)
{
    switch (t) {
    case Compare::Target::Version: return "VERSION";
    case Compare::Target::CreateRevision: return "CREATE";
    case Compare::Target::ModRevision: return "MOD";
    case Compare::Target::Value: return "VALUE";
    }
    return "MOD";
}
const char* resultName(Compare::Result r)
{
    switch (r) {
    case Compare::Result::Equal: return "EQUAL";
    case Compare::Result::NotEqual: return "NOT_EQUAL";
    case Compare::Result::Greater: return "GREATER";
    case Compare::Result::Less: return "LESS";
    }
    return "EQUAL";
}
const char* opName(Op::Type t)
{
    switch (t) {
    case Op::Type::Range: return "range";
    case Op::Type::Put: return "put";
    case Op::Type::DeleteRange: return "delete_range";
    }
    return "range";
}
} // namespace

json Compare::toJson() const
{
    json j = {{"key", key}, {"target", targetName(target)}, {"result", resultName(result)}};
    if (target == Target::Value)
        j["value"] = value;
    else
        j["number"] = number;
    return j;
}

Compare Compare::fromJson(const json& j)
{
    Compare c;
    c.key = j.value("key", "");
    const std::string t = j.value("target", "MOD"), r = j.value("result", "EQUAL");
    for (auto v : {Target::Version, Target::CreateRevision, Target::ModRevision, Target::Value})
        if (t == targetName(v))
            c.target = v;
    for (auto v : {Result::Equal, Result::NotEqual, Result::Greater, Result::Less})
        if (r == resultName(v))
            c.result = v;
    c.number = j.value("number", std::int64_t(0));
    c.value = j.value("value", "");
    return c;
}

json Op::toJson(bool withValue) const
{
    json j = {{"op", opName(type)}, {"key", key}};
    if (!rangeEnd.empty())
        j["range_end"] = rangeEnd;
    if (type == Type::Put && withValue)
        j["value"] = value;
    if (limit)
        j["limit"] = limit;
    if (prevKv)
        j["prev_kv"] = true;
    return j;
}

Op Op::fromJson(const json& j)
{
    Op o;
    const std::string t = j.value("op", "range");
    for (auto v : {Type::Range, Type::Put, Type::DeleteRange})
        if (t == opName(v))
            o.type = v;
    o.key = j.value("key", "");
    o.rangeEnd = j.value("range_end", "");
    o.value = j.value("value", "");
    o.limit = j.value("limit", std::int64_t(0));
    o.prevKv = j.value("prev_kv", false);
    return o;
}

json RangeResult::toJson() const
{
    json kvsJson = json::array();
    for (const auto& kv : kvs)
        kvsJson.push_back(kv.toJson());
    return {{"kvs", kvsJson}, {"count", count}, {"more", more}, {"revision", revision}};
}

json OpResult::toJson() const
{
    json j = {{"op", opName(type)}};
    if (type == Op::Type::Range)
        j["range"] = range.toJson();
    if (type == Op::Type::DeleteRange)
        j["deleted"] = deleted;
    if (!prevKvs.empty()) {
        j["prev_kvs"] = json::array();
        for (const auto& kv : prevKvs)
            j["prev_kvs"].push_back(kv.toJson());
    }
    return j;
}

json TxnResult::toJson() const
{
    json r = json::array();
    for (const auto& o : responses)
        r.push_back(o.toJson());
    return {{"succeeded", succeeded}, {"revision", revision}, {"responses", r}};
}

std::string prefixEnd(const std::string& prefix)
{
    std::string end = prefix;
    while (!end.empty()) {
        unsigned char c = static_cast<unsigned char>(end.back());
        if (c < 0xff) {
            end.back() = static_cast<char>(c + 1);
            return end;
        }
        end.pop_back();
    }
    return std::string(1, '\0'); // every key
}

bool MvccStore::inRange(std::string_view k, const std::string& key,
                        const std::string& rangeEnd) const
{
    if (rangeEnd.empty())
        return k == key;
    if (rangeEnd == std::string_view("\0", 1))
        return k >= key;
    return k >= key && k < rangeEnd;
}

MvccStore::KeyHistory& MvccStore::historyFor(const std::string& key)
{
    auto it = m_keys.find(key);
    if (it != m_keys.end())
        return it->second;
    auto text = std::make_shared<const std::string>(key);
    const std::string_view view = *text; // stays put: the string lives in the shared block
    return m_keys.emplace(view, KeyHistory{std::move(text), {}}).first->second;
}

const MvccStore::StoredKv* MvccStore::liveAt(const std::vector<Generation>& history,
                                             std::int64_t rev) const
{
    // Latest generation at or before rev.
    auto it = std::upper_bound(history.begin(), history.end(), rev,
                               [](std::int64_t r, const Generation& g) { return r < g.revision; });
    if (it == history.begin())
        return nullptr;
    --it;
    return it->tombstone ? nullptr : it->kv.get();
}

std::shared_ptr<const std::string> MvccStore::sharedValue(const std::string& key) const
{
    auto it = m_keys.find(key);
    if (it == m_keys.end() || it->second.generations.empty() ||
        it->second.generations.back().tombstone)
        return nullptr;
    const SharedKv& kv = it->second.generations.back().kv;
    if (kv->cold())
        return std::make_shared<const std::string>(thaw(*kv).value);
    return std::shared_ptr<const std::string>(kv, &kv->value); // shares the KeyValue
}

RangeResult MvccStore::range(const std::string& key, const std::string& rangeEnd,
                             std::int64_t atRevision, std::int64_t limit, bool countOnly) const
{
    const std::int64_t rev = atRevision > 0 ? atRevision : m_revision;
    if (rev > m_revision)
        throw StoreError(StoreError::Code::FutureRevision,
                         "mvcc: required revision is a future revision");
    if (atRevision > 0 && rev < m_compacted)
        throw StoreError(StoreError::Code::Compacted, "mvcc: required revision has been compacted");
    RangeResult result;
    result.revision = m_revision;
    auto visit = [&](const std::vector<Generation>& history) {
        const StoredKv* kv = liveAt(history, rev);
        if (!kv)
            return;
        ++result.count;
        if (countOnly)
            return;
        if (limit > 0 && std::int64_t(result.kvs.size()) >= limit) {
            result.more = true;
            return;
        }
        result.kvs.push_back(thaw(*kv));
    };
    if (rangeEnd.empty()) {
        auto it = m_keys.find(key);
        if (it != m_keys.end())
            visit(it->second.generations);
        return result;
    }
    for (auto it = m_keys.lower_bound(key); it != m_keys.end(); ++it) {
        if (!inRange(it->first, key, rangeEnd))
            break;
        visit(it->second.generations);
    }
    return result;
}

void MvccStore::writePut(const std::string& key, const std::string& value, std::int64_t rev,
                         OpResult* result, bool prevKv)
{
    KeyHistory& entry = historyFor(key);
    auto& history = entry.generations;
    const SharedKv prev = history.empty() || history.back().tombstone ? nullptr : history.back().kv;
    auto kv = std::make_shared<StoredKv>();
    kv->key = entry.key;
    kv->value = value;
    kv->modRevision = rev;
    kv->createRevision = prev ? prev->createRevision : rev;
    kv->version = prev ? prev->version + 1 : 1;
    if (prev) {
        if (prevKv && result)
            result->prevKvs.push_back(thaw(*prev));
    } else {
        ++m_live;
    }
    if (!history.empty() && history.back().revision == rev)
        history.back() = Generation{rev, false, kv}; // second put in one txn
    else
        history.push_back(Generation{rev, false, kv});
    m_log.push_back(LogEntry{Event::Type::Put, std::move(kv), prev});
    m_warm.emplace_back(key, rev);
    while (m_warm.size() > kWarmVersions)
        coolOldest();
}

std::int64_t MvccStore::writeDelete(const std::string& key, const std::string& rangeEnd,
                                    std::int64_t rev, OpResult* result, bool prevKv)
{
    std::vector<std::string> victims;
    if (rangeEnd.empty()) {
        auto it = m_keys.find(key);
        if (it != m_keys.end() && !it->second.generations.back().tombstone)
            victims.push_back(key);
    } else {
        for (auto it = m_keys.lower_bound(key); it != m_keys.end(); ++it) {
            if (!inRange(it->first, key, rangeEnd))
                break;
            if (!it->second.generations.back().tombstone)
                victims.emplace_back(it->first);
        }
    }
    for (const auto& k : victims) {
        auto& history = historyFor(k).generations;
        const SharedKv prev = history.back().kv;
        auto gone = std::make_shared<StoredKv>();
        gone->key = prev->key;
        gone->modRevision = rev;
        if (prevKv && result)
            result->prevKvs.push_back(thaw(*prev));
        history.push_back(Generation{rev, true, gone});
        --m_live;
        m_log.push_back(LogEntry{Event::Type::Delete, std::move(gone), prev});
    }
    return std::int64_t(victims.size());
}

std::int64_t MvccStore::put(const std::string& key, const std::string& value)
{
    Op op;
    op.type = Op::Type::Put;
    op.key = key;
    op.value = value;
    return txn({}, {op}, {}).revision;
}

std::int64_t MvccStore::deleteRange(const std::string& key, const std::string& rangeEnd)
{
    Op op;
    op.type = Op::Type::DeleteRange;
    op.key = key;
    op.rangeEnd = rangeEnd;
    TxnResult r = txn({}, {op}, {});
    return r.responses.empty() ? 0 : r.responses[0].deleted;
}

bool MvccStore::compareHolds(const Compare& c) const
{
    const StoredKv* kv = nullptr;
    auto it = m_keys.find(c.key);
    if (it != m_keys.end() && !it->second.generations.back().tombstone)
        kv = it->second.generations.back().kv.get();
    if (c.target == Compare::Target::Value) {
        if (!kv)
            return false; // etcd: a value compare on a missing key fails
        const int cmp = thaw(*kv).value.compare(c.value);
        switch (c.result) {
        case Compare::Result::Equal: return cmp == 0;
        case Compare::Result::NotEqual: return cmp != 0;
        case Compare::Result::Greater: return cmp > 0;
        case Compare::Result::Less: return cmp < 0;
        }
    }
    std::int64_t actual = 0;
    if (kv) {
        actual = c.target == Compare::Target::Version          ? kv->version
                 : c.target == Compare::Target::CreateRevision ? kv->createRevision
                                                               : kv->modRevision;
    }
    switch (c.result) {
    case Compare::Result::Equal: return actual == c.number;
    case Compare::Result::NotEqual: return actual != c.number;
    case Compare::Result::Greater: return actual > c.number;
    case Compare::Result::Less: return actual < c.number;
    }
    return false;
}

OpResult MvccStore::apply(const Op& op, std::int64_t rev, bool& wrote)
{
    OpResult r;
    r.type = op.type;
    switch (op.type) {
    case Op::Type::Range: r.range = range(op.key, op.rangeEnd, 0, op.limit); break;
    case Op::Type::Put:
        writePut(op.key, op.value, rev, &r, op.prevKv);
        wrote = true;
        break;
    case Op::Type::DeleteRange:
        r.deleted = writeDelete(op.key, op.rangeEnd, rev, &r, op.prevKv);
        wrote = wrote || r.deleted > 0;
        break;
    }
    return r;
}

TxnResult MvccStore::txn(const std::vector<Compare>& compares, const std::vector<Op>& success,
                         const std::vector<Op>& failure)
{
    if (success.size() > 128 || failure.size() > 128)
        throw StoreError(StoreError::Code::TooManyOps,
                         "etcdserver: too many operations in txn request");
    std::size_t bytes = 0;
    for (const std::vector<Op>* list : {&success, &failure})
        for (const Op& op : *list)
            bytes += op.key.size() + op.value.size();
    if (bytes > kMaxRequestBytes)
        throw StoreError(StoreError::Code::RequestTooLarge, "etcdserver: request is too large");
    TxnResult result;
    result.succeeded = std::all_of(compares.begin(), compares.end(),
                                   [this](const Compare& c) { return compareHolds(c); });
    const auto& ops = result.succeeded ? success : failure;
    const std::int64_t rev = m_revision + 1;
    bool wrote = false;
    for (const auto& op : ops)
        result.responses.push_back(apply(op, rev, wrote));
    if (wrote)
        m_revision = rev;
    // Range results inside a txn report the txn's final revision, as etcd does.
    for (auto& r : result.responses)
        if (r.type == Op::Type::Range)
            r.range.revision = m_revision;
    result.revision = m_revision;
    return result;
}

MvccStore::Footprint MvccStore::footprint() const
{
    Footprint f;
    for (const auto& keyAndHistory : m_keys) {
        const std::vector<Generation>& history = keyAndHistory.second.generations;
        ++f.keys;
        for (const Generation& g : history) {
            ++f.versions;
            f.coldVersions += g.kv->cold() ? 1 : 0;
            f.totalValueBytes += g.kv->value.size();
        }
        if (!history.empty() && !history.back().tombstone)
            f.liveValueBytes += history.back().kv->value.size();
    }
    return f;
}

void MvccStore::compact(std::int64_t revision)
{
    if (revision <= m_compacted)
        throw StoreError(StoreError::Code::Compacted, "mvcc: required revision has been compacted");
    if (revision > m_revision)
        throw StoreError(StoreError::Code::FutureRevision,
                         "mvcc: required revision is a future revision");
    m_compacted = revision;
    for (auto it = m_keys.begin(); it != m_keys.end();) {
        auto& history = it->second.generations;
        // Keep the newest generation at or below `revision` (reads at it still need it)
        // unless it is a tombstone, and everything after it.
        auto keepFrom =
            std::upper_bound(history.begin(), history.end(), revision,
                             [](std::int64_t r, const Generation& g) { return r < g.revision; });
        if (keepFrom != history.begin()) {
            auto last = keepFrom - 1;
            if (!last->tombstone)
                keepFrom = last;
        }
        history.erase(history.begin(), keepFrom);
        if (history.empty())
            it = m_keys.erase(it);
        else
            ++it;
    }
    auto firstKept = std::find_if(m_log.begin(), m_log.end(), [revision](const LogEntry& e) {
        return e.kv->modRevision >= revision;
    });
    m_log.erase(m_log.begin(), firstKept);
}

std::vector<Event> MvccStore::eventsSince(std::int64_t fromRevision, const std::string& key,
                                          const std::string& rangeEnd) const
{
    if (fromRevision > 0 && fromRevision < m_compacted)
        throw StoreError(StoreError::Code::Compacted, "mvcc: required revision has been compacted");
    std::vector<Event> out;
    auto first =
        std::lower_bound(m_log.begin(), m_log.end(), fromRevision,
                         [](const LogEntry& e, std::int64_t r) { return e.kv->modRevision < r; });
    for (auto it = first; it != m_log.end(); ++it)
        if (inRange(*it->kv->key, key, rangeEnd))
            out.push_back(it->toEvent());
    return out;
}

Event MvccStore::LogEntry::toEvent() const
{
    Event e;
    e.type = type;
    e.kv = thaw(*kv);
    if (prev)
        e.prevKv = thaw(*prev);
    return e;
}

KeyValue MvccStore::thaw(const StoredKv& kv)
{
    KeyValue out;
    out.key = *kv.key;
    out.value = kv.cold() ? kv.dict->decompress(kv.value, "etcd value") : kv.value;
    out.createRevision = kv.createRevision;
    out.modRevision = kv.modRevision;
    out.version = kv.version;
    return out;
}

namespace {
constexpr int kColdLevel = 1;

// "/registry/pods/default/web" -> "/registry/pods/": the keys whose values look alike.
std::string resourceOf(const std::string& key)
{
    std::size_t slash = 0;
    for (int i = 0; i < 3; ++i) {
        const std::size_t next = key.find('/', slash + (i ? 1 : 0));
        if (next == std::string::npos)
            return key.substr(0, slash + 1);
        slash = next;
    }
    return key.substr(0, slash + 1);
}
// The dictionary a value is compressed against: its resource's first value at the same
// version (up to the 8th), the closest in shape. A pod's first version has no status, its
// fourth is Running with conditions and container statuses: one dictionary for every
// version compresses later versions markedly worse (bench lifecycle's etcd_values_mb).
std::string dictionaryKey(const std::string& key, std::int64_t version)
{
    return resourceOf(key) + "#" + std::to_string(std::min<std::int64_t>(version, 8));
}
} // namespace

void MvccStore::coolOldest()
{
    const auto [key, rev] = std::move(m_warm.front());
    m_warm.pop_front();
    auto it = m_keys.find(key);
    if (it == m_keys.end())
        return; // compacted away
    auto& history = it->second.generations;
    auto g = std::lower_bound(history.begin(), history.end(), rev,
                              [](const Generation& x, std::int64_t r) { return x.revision < r; });
    if (g == history.end() || g->revision != rev || g->tombstone || g->kv->cold() ||
        g->kv->value.size() < kColdMinBytes || g->kv->modRevision != rev)
        return;
    const SharedKv warm = g->kv;
    auto& dict = m_dicts[dictionaryKey(key, warm->version)];
    if (!dict)
        dict = std::make_shared<const sim::Dictionary>(warm->value, kColdLevel);
    auto cold = std::make_shared<StoredKv>();
    cold->key = warm->key;
    cold->value = dict->compress(warm->value, "etcd value");
    cold->createRevision = warm->createRevision;
    cold->modRevision = warm->modRevision;
    cold->version = warm->version;
    cold->dict = dict;
    g->kv = cold;
    // The log holds it too: as its own put, and as the prevKv of the key's next write.
    auto replaceAt = [&](std::int64_t revision) {
        auto e = std::lower_bound(
            m_log.begin(), m_log.end(), revision,
            [](const LogEntry& x, std::int64_t r) { return x.kv->modRevision < r; });
        for (; e != m_log.end() && e->kv->modRevision == revision; ++e) {
            if (e->kv == warm)
                e->kv = cold;
            if (e->prev == warm)
                e->prev = cold;
        }
    };
    replaceAt(rev);
    if (g + 1 != history.end())
        replaceAt((g + 1)->revision);
}

} // namespace kubelab::store
