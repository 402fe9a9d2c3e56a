#include "engine/lab/cluster_reader.h"

#include <algorithm>
#include <sstream>

#include "engine/api/watch_cache.h"
#include "engine/aws/acm_service.h"
#include "engine/aws/elb_service.h"
#include "engine/aws/sns_service.h"
#include "engine/net/kube_proxy.h"

namespace kubelab::lab {

sim::Time ClusterReader::now() const
{
    return m_cluster.sim().now();
}

std::vector<std::shared_ptr<const nlohmann::json>> ClusterReader::list(const model::KindInfo& kind,
                                                                       const std::string& ns) const
{
    if (kind.resource == "events" || !api::watchCached(&kind))
        return m_cluster.events(kind.namespaced ? ns : std::string());
    std::vector<std::shared_ptr<const nlohmann::json>> out;
    const cluster::Cluster::CachedObjects* cache = m_cluster.watchCache();
    if (!cache)
        return out;
    std::string prefix = kind.registryPrefix() + "/";
    if (kind.namespaced && !ns.empty())
        prefix += ns + "/";
    for (auto it = cache->lower_bound(prefix);
         it != cache->end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
        out.push_back(it->second);
    return out;
}

namespace {
using Records = std::vector<std::shared_ptr<const nlohmann::json>>;

nlohmann::json plain(const nlohmann::ordered_json& o)
{
    return nlohmann::json::parse(o.dump());
}

// One record per rule of `iptables-save -t nat`: chain, target, probability and comment
// as the line gives them, and the whole line.
Records natRecords(const std::string& saved)
{
    Records out;
    std::istringstream in(saved);
    std::string line;
    auto after = [&](const std::string& flag) {
        const auto at = line.find(" " + flag + " ");
        if (at == std::string::npos)
            return std::string();
        std::string rest = line.substr(at + flag.size() + 2);
        if (!rest.empty() && rest[0] == '"')
            return rest.substr(1, rest.find('"', 1) - 1);
        return rest.substr(0, rest.find(' '));
    };
    while (std::getline(in, line)) {
        if (line.rfind("-A ", 0) != 0)
            continue;
        nlohmann::json r;
        r["chain"] = line.substr(3, line.find(' ', 3) - 3);
        r["target"] = after("-j");
        for (const auto& [key, flag] : {std::pair{"probability", "--probability"},
                                       std::pair{"comment", "--comment"}})
            if (const std::string v = after(flag); !v.empty())
                r[key] = v;
        r["rule"] = line;
        out.push_back(std::make_shared<const nlohmann::json>(std::move(r)));
    }
    return out;
}
} // namespace

Records ClusterReader::records(const std::string& set, const std::string& arg) const
{
    Records out;
    const sim::Simulation& s = m_cluster.sim();
    const sim::Time now = s.now();
    auto add = [&](nlohmann::json j) {
        out.push_back(std::make_shared<const nlohmann::json>(std::move(j)));
    };
    if (set == "nat") {
        const auto* proxy = s.actorAs<net::KubeProxy>("kube-proxy-" + arg);
        return proxy && proxy->programmed() ? natRecords(proxy->natTable().save(now)) : out;
    }
    if (set == "certificates") {
        const auto* acm = s.actorAs<aws::AcmService>(aws::kAcm);
        if (!acm)
            return out;
        std::vector<const aws::Certificate*> certs;
        for (const auto& [arn, c] : acm->certificates())
            certs.push_back(&c);
        std::sort(certs.begin(), certs.end(),
                  [](auto* a, auto* b) { return a->order < b->order; });
        for (const aws::Certificate* c : certs) {
            nlohmann::json j = plain(c->describe());
            // What CloudWatch's DaysToExpiry metric would say, while there is a NotAfter.
            if (c->status != "PENDING_VALIDATION")
                j["DaysToExpiry"] = c->daysToExpiry(now);
            add(std::move(j));
        }
    } else if (set == "subscriptions") {
        const auto* sns = s.actorAs<aws::SnsService>(aws::kSns);
        if (!sns)
            return out;
        for (const auto& [arn, topic] : sns->topics())
            for (const auto& sub : topic.subscriptions)
                add({{"SubscriptionArn", sub.confirmed ? sub.arn : "PendingConfirmation"},
                     {"Owner", aws::kAccount},
                     {"Protocol", sub.protocol},
                     {"Endpoint", sub.endpoint},
                     {"TopicArn", topic.arn},
                     {"PendingConfirmation", sub.confirmed ? "false" : "true"}});
    } else if (set == "inbox") {
        const auto* box = s.actorAs<aws::Mailbox>(aws::kMailbox);
        if (!box)
            return out;
        for (const auto& m : box->mail())
            add({{"Date", sim::formatTimestamp(m.received)},
                 {"From", m.from},
                 {"To", m.to},
                 {"Subject", m.subject},
                 {"Body", m.body}});
    } else if (set == "loadbalancers" || set == "listeners") {
        const auto* elb = s.actorAs<aws::ElbService>(aws::kElb);
        if (!elb)
            return out;
        if (set == "loadbalancers") {
            std::vector<const aws::ElbService::LoadBalancer*> lbs;
            for (const auto& [arn, lb] : elb->loadBalancers())
                lbs.push_back(&lb);
            std::sort(lbs.begin(), lbs.end(), [](auto* a, auto* b) { return a->order < b->order; });
            for (const auto* lb : lbs)
                add(plain(elb->describe(*lb)));
            return out;
        }
        std::vector<const aws::ElbService::Listener*> listeners;
        for (const auto& [arn, l] : elb->listeners())
            listeners.push_back(&l);
        std::sort(listeners.begin(), listeners.end(),
                  [](auto* a, auto* b) { return a->order < b->order; });
        for (const auto* l : listeners) {
            nlohmann::json j = plain(elb->describe(*l));
            // What a TLS client's certificate check says, as openssl s_client reports it.
            if (l->protocol == "HTTPS")
                j["tls"] = elb->verifyResult(*l, now);
            add(std::move(j));
        }
    }
    return out;
}

} // namespace kubelab::lab
