#pragma once
// Elastic Load Balancing (v2) in one region: Application Load Balancers, their listeners
// and the TLS handshake a client makes with an HTTPS listener. A listener does not own
// its certificate: it names an ACM certificate, ACM deploys it (and every renewal or
// re-import of it, under the same ARN) to the load balancer, and the handshake presents
// whichever copy the load balancer holds. So a client fails once that copy has expired,
// until a renewed certificate reaches the listener.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/aws/aws_common.h"
#include "engine/aws/certificate.h"

namespace kubelab::aws {

class ElbService : public sim::ActorBase<ElbService, Service>
{
public:
    ElbService() : ActorBase(kElb) {}

    struct LoadBalancer
    {
        std::string name, arn, dnsName, type, scheme, state; // state: provisioning | active
        std::vector<std::string> subnets;
        sim::Time createdAt = 0;
        std::uint64_t order = 0;
    };
    struct Listener
    {
        std::string arn, loadBalancerArn, protocol, sslPolicy;
        int port = 0;
        std::vector<std::string> certificates; // ACM ARNs; the first is the default
        nlohmann::ordered_json defaultActions = nlohmann::ordered_json::array();
        std::uint64_t order = 0;
    };

    // Read-only views (the shell, lab checks, tests).
    const std::map<std::string, LoadBalancer>& loadBalancers() const { return m_lbs; } // by ARN
    const std::map<std::string, Listener>& listeners() const { return m_listeners; }  // by ARN
    // What ACM deployed to the load balancers: the certificate as a handshake presents it.
    const Certificate* deployed(const std::string& certificateArn) const;
    // DescribeLoadBalancers' and DescribeListeners' entries.
    nlohmann::ordered_json describe(const LoadBalancer& lb) const;
    nlohmann::ordered_json describe(const Listener& l) const;
    // The verdict of a TLS client's certificate check on listener `l` at `t`: "ok",
    // "certificate has expired", "certificate is not yet valid", or "no certificate".
    std::string verifyResult(const Listener& l, sim::Time t) const;

    void receive(sim::Context& ctx, const sim::Message& message) override;
    // Messages it takes besides API requests:
    //   elb.connect {id, Scheme, Host, Port, Path, Insecure, ConnectTo?}   a client (curl)
    //       connects; the answer is an "aws.response" {id, operation: "Connect", result}
    //       whose result holds {exitCode, out, err} as curl prints them
    //   acm.associated {RequestId, error?, Certificate?}   ACM's answer to acm.associate
    //   elb.certificate {Certificate}   ACM deploys a (renewed, re-imported, expired) copy
    // Its own timer: elb.provisioned {LoadBalancerArn}.

protected:
    nlohmann::ordered_json call(sim::Context& ctx, const std::string& operation,
                                const nlohmann::json& params) override;
    void onMessage(sim::Context& ctx, const sim::Message& message) override;

private:
    // A CreateListener or ModifyListener waiting for ACM to confirm its certificate.
    struct Pending
    {
        std::uint64_t id = 0;
        std::string from, operation;
        Listener listener;
        bool create = true;
        std::vector<std::string> previous; // ModifyListener: the certificates it replaces
    };

    LoadBalancer& findLb(const std::string& arn);
    Listener& findListener(const std::string& arn);
    nlohmann::ordered_json createLoadBalancer(sim::Context& ctx, const nlohmann::json& params);
    nlohmann::ordered_json describeLoadBalancers(const nlohmann::json& params) const;
    nlohmann::ordered_json describeListeners(const nlohmann::json& params);
    nlohmann::ordered_json deleteListener(sim::Context& ctx, const std::string& arn);
    // Checks a CreateListener / ModifyListener and builds the listener it asks for.
    Listener listenerFrom(const nlohmann::json& params, Listener base, bool create);
    // Another listener of the same load balancer on l's port, or null.
    const Listener* samePort(const Listener& l) const;
    // Starts or finishes a listener change; answers `from` when done.
    void startListenerChange(sim::Context& ctx, Pending pending);
    void commit(sim::Context& ctx, const Pending& pending);
    // Tells ACM a load balancer stops using `certificates` (unless another listener of it
    // still does).
    void release(sim::Context& ctx, const std::string& lbArn,
                 const std::vector<std::string>& certificates);
    nlohmann::json connect(sim::Context& ctx, const nlohmann::json& request);

    std::map<std::string, LoadBalancer> m_lbs;
    std::map<std::string, Listener> m_listeners;
    std::map<std::string, Certificate> m_deployed; // by certificate ARN
    std::map<std::uint64_t, Pending> m_pending; // by request id
    std::uint64_t m_nextOrder = 1;
};

} // namespace kubelab::aws
