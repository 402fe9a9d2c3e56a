#include "engine/controllers/controller_expectations.h"

#include <algorithm>

namespace kubelab::controllers {

void ControllerExpectations::expectCreations(const std::string& key, std::int64_t adds,
                                             sim::Time now)
{
    Expectations& e = m_expectations[key];
    e.adds = adds;
    e.timestamp = now;
}

void ControllerExpectations::expectCreation(const std::string& key, const std::string& name,
                                            sim::Time now)
{
    Expectations& e = m_expectations[key];
    e.creations.insert(name);
    e.timestamp = now;
}

void ControllerExpectations::expectDeletion(const std::string& key, const std::string& podKey,
                                            sim::Time now)
{
    Expectations& e = m_expectations[key];
    e.deletions.insert(podKey);
    e.timestamp = now;
}

void ControllerExpectations::creationObserved(const std::string& key)
{
    lowerExpectations(key, 1);
}

void ControllerExpectations::creationObserved(const std::string& key, const std::string& name)
{
    auto it = m_expectations.find(key);
    if (it != m_expectations.end())
        it->second.creations.erase(name);
}

void ControllerExpectations::deletionObserved(const std::string& key, const std::string& podKey)
{
    auto it = m_expectations.find(key);
    if (it != m_expectations.end())
        it->second.deletions.erase(podKey);
}

void ControllerExpectations::lowerExpectations(const std::string& key, std::int64_t adds)
{
    auto it = m_expectations.find(key);
    if (it != m_expectations.end())
        it->second.adds = std::max<std::int64_t>(0, it->second.adds - adds);
}

bool ControllerExpectations::satisfiedExpectations(const std::string& key, sim::Time now) const
{
    auto it = m_expectations.find(key);
    return it == m_expectations.end() || fulfilled(key) ||
           now - it->second.timestamp > kExpectationsTimeout;
}

bool ControllerExpectations::fulfilled(const std::string& key) const
{
    auto it = m_expectations.find(key);
    if (it == m_expectations.end())
        return true;
    const Expectations& e = it->second;
    return e.adds <= 0 && e.creations.empty() && e.deletions.empty();
}

bool ControllerExpectations::expectsCreation(const std::string& key, const std::string& name) const
{
    auto it = m_expectations.find(key);
    return it != m_expectations.end() && it->second.creations.count(name) > 0;
}

bool ControllerExpectations::expectsDeletion(const std::string& key,
                                             const std::string& podKey) const
{
    auto it = m_expectations.find(key);
    return it != m_expectations.end() && it->second.deletions.count(podKey) > 0;
}

void ControllerExpectations::deleteExpectations(const std::string& key)
{
    m_expectations.erase(key);
}

} // namespace kubelab::controllers
