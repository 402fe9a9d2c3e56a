#pragma once
// A controller's work queue: object keys ("ns/name"), deduplicated and handed out in
// key order, like client-go's workqueue minus rate limiting (delays are requeueAfter).
#include <optional>
#include <set>
#include <string>

namespace kubelab::controllers {

class WorkQueue
{
public:
    void add(const std::string& key) { m_keys.insert(key); }
    bool empty() const { return m_keys.empty(); }
    std::size_t size() const { return m_keys.size(); }
    bool contains(const std::string& key) const { return m_keys.count(key) > 0; }
    std::optional<std::string> pop()
    {
        if (m_keys.empty())
            return std::nullopt;
        std::string key = *m_keys.begin();
        m_keys.erase(m_keys.begin());
        return key;
    }

private:
    std::set<std::string> m_keys;
};

} // namespace kubelab::controllers
