#include "engine/aws/acm_service.h"

#include <algorithm>
#include <regex>
#include <vector>

namespace kubelab::aws {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {
// A DNS or e-mail validated certificate is issued once the record or the approval is in
// place; KubeLab assumes the learner did that straight away (README: simplifications).
constexpr sim::Duration kValidationDelay = 2 * sim::kMinute;
// How long a managed renewal takes once it starts.
constexpr sim::Duration kRenewalDelay = 1 * sim::kHour;
// Virtual time 0 is 09:00 UTC: the daily check runs at 00:00 UTC.
constexpr sim::Duration kMidnightOffset = 15 * sim::kHour;
// Days before expiry at which ACM asks for action on an e-mail validated renewal (and
// once when the renewal falls due).
const std::vector<std::int64_t> kActionRequiredDays = {45, 30, 15, 7, 3, 1};

bool validArn(const std::string& arn)
{
    static const std::regex re("arn:aws:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]{36}");
    return std::regex_match(arn, re);
}

std::string serialFrom(sim::Rng& rng)
{
    std::string s;
    for (int i = 0; i < 16; ++i)
        s += (i ? ":" : "") + hexDigits(rng, 2);
    return s;
}
} // namespace

const Certificate* AcmService::certificate(const std::string& arn) const
{
    auto it = m_certs.find(arn);
    return it == m_certs.end() ? nullptr : &it->second;
}

Validity AcmService::validAt(const std::string& arn, sim::Time t) const
{
    const Certificate* c = certificate(arn);
    if (!c)
        return {false, "no certificate " + arn + " in ACM"};
    return validityAt(*c, t);
}

Certificate& AcmService::find(const std::string& arn, const std::string&)
{
    if (!validArn(arn))
        throw ServiceError("ValidationException",
                           "1 validation error detected: Value '" + arn +
                               "' at 'certificateArn' failed to satisfy constraint: Member must "
                               "satisfy regular expression pattern: arn:[\\w+=/,.@-]+:acm:"
                               "[\\w+=/,.@-]*:[0-9]+:[\\w+=,.@-]+(/[\\w+=,.@-]+)*");
    auto it = m_certs.find(arn);
    if (it == m_certs.end())
        throw ServiceError("ResourceNotFoundException",
                           "Could not find certificate " + arn + ".");
    return it->second;
}

std::string AcmService::newArn(sim::Context& ctx)
{
    return std::string("arn:aws:acm:") + kRegion + ":" + kAccount + ":certificate/" +
           ctx.rng().uuid();
}

int AcmService::threshold(const Certificate& cert) const
{
    if (m_daysBeforeExpiry)
        return *m_daysBeforeExpiry;
    return cert.type == "AMAZON_ISSUED" ? 30 : 45;
}

void AcmService::armDaily(sim::Context& ctx)
{
    if (m_dailyArmed)
        return;
    m_dailyArmed = true;
    const sim::Time now = ctx.now();
    const sim::Time next =
        now - ((now - kMidnightOffset) % sim::kDay + sim::kDay) % sim::kDay + sim::kDay;
    ctx.timer(next - now, "acm.daily", json::object(), true);
}

void AcmService::armExpiry(sim::Context& ctx, const Certificate& cert)
{
    ctx.timer(std::max<sim::Duration>(cert.notAfter - ctx.now(), 0), "acm.expire",
              {{"CertificateArn", cert.arn}, {"NotAfter", cert.notAfter}}, true);
}

void AcmService::publishEvent(sim::Context& ctx, const Certificate& cert, const std::string& detailType,
                      ordered_json detail)
{
    ordered_json event;
    event["version"] = "0";
    event["detail-type"] = detailType;
    event["source"] = "aws.acm";
    event["account"] = kAccount;
    event["time"] = isoTimestamp(ctx.now());
    event["region"] = kRegion;
    event["resources"] = {cert.arn};
    event["detail"] = std::move(detail);
    ctx.send(kEvents, "events.put-events", {{"event", event.dump()}});
}

void AcmService::record(sim::Context& ctx, const Certificate& cert, bool deleted)
{
    ctx.send(kConfig, "config.configuration-item",
             {{"resourceType", "AWS::ACM::Certificate"},
              {"resourceId", cert.arn},
              {"deleted", deleted},
              {"status", cert.status},
              {"notAfter", cert.notAfter}});
}

void AcmService::deploy(sim::Context& ctx, const Certificate& cert)
{
    // ACM hands a renewed or re-imported certificate to the services using it: same ARN,
    // new dates, no change on their side.
    if (!cert.inUseBy.empty())
        ctx.send(kElb, "elb.certificate", {{"Certificate", deployedCopy(cert)}});
}

void AcmService::issue(sim::Context& ctx, Certificate& cert, const std::string& action)
{
    ordered_json d;
    d["Action"] = action;
    d["CertificateType"] = cert.type;
    d["CommonName"] = cert.domainName;
    if (cert.type == "AMAZON_ISSUED")
        d["DomainValidationMethod"] = cert.validationMethod;
    d["CertificateCreatedDate"] = isoTimestamp(cert.createdAt);
    d["CertificateExpirationDate"] = isoTimestamp(cert.notAfter);
    d["DaysToExpiry"] = cert.daysToExpiry(ctx.now());
    d["InUse"] = !cert.inUseBy.empty();
    d["Exported"] = cert.exported;
    publishEvent(ctx, cert, "ACM Certificate Available", d);
    record(ctx, cert);
    deploy(ctx, cert);
    armExpiry(ctx, cert);
    armDaily(ctx);
}

ordered_json AcmService::call(sim::Context& ctx, const std::string& op, const json& params)
{
    if (op == "RequestCertificate")
        return request(ctx, params);
    if (op == "ImportCertificate")
        return import(ctx, params);
    if (op == "ListCertificates")
        return list(params);
    if (op == "DescribeCertificate") {
        const Certificate& c = find(requiredString(params, "CertificateArn"), op);
        ctx.describe("aws.request", "acm/" + c.domainName, "DescribeCertificate " + c.arn);
        return {{"Certificate", c.describe()}};
    }
    if (op == "DeleteCertificate") {
        const std::string arn = requiredString(params, "CertificateArn");
        Certificate& c = find(arn, op);
        if (!c.inUseBy.empty())
            throw ServiceError("ResourceInUseException",
                               "Certificate " + arn + " is in use by " + c.inUseBy.front() + ".");
        record(ctx, c, true);
        ctx.describe("aws.request", "acm/" + c.domainName, "DeleteCertificate " + arn);
        m_certs.erase(arn);
        return ordered_json::object();
    }
    if (op == "PutAccountConfiguration") {
        requiredString(params, "IdempotencyToken");
        if (params.contains("ExpiryEvents")) {
            const json& e = params["ExpiryEvents"];
            if (!e.is_object() || !e.contains("DaysBeforeExpiry") ||
                !e["DaysBeforeExpiry"].is_number_integer())
                throw ServiceError("ValidationException",
                                   "ExpiryEvents needs DaysBeforeExpiry, a whole number of days");
            const int days = e["DaysBeforeExpiry"].get<int>();
            if (days < 1 || days > 45)
                throw ServiceError("ValidationException",
                                   "1 validation error detected: Value '" + std::to_string(days) +
                                       "' at 'expiryEvents.daysBeforeExpiry' failed to satisfy "
                                       "constraint: Member must have value " +
                                       (days < 1 ? "greater than or equal to 1"
                                                 : "less than or equal to 45"));
            m_daysBeforeExpiry = days;
            ctx.describe("aws.request", "acm/account",
                         "PutAccountConfiguration: expiry events from " + std::to_string(days) +
                             " days before expiry");
        }
        return ordered_json::object();
    }
    if (op == "GetAccountConfiguration")
        return {{"ExpiryEvents", {{"DaysBeforeExpiry", m_daysBeforeExpiry.value_or(45)}}}};
    throw ServiceError("UnknownOperationException", "KubeLab's ACM has no operation " + op);
}

ordered_json AcmService::request(sim::Context& ctx, const json& params)
{
    Certificate c;
    c.domainName = requiredString(params, "DomainName");
    static const std::regex domain(R"((\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63})");
    if (!std::regex_match(c.domainName, domain))
        throw ServiceError("ValidationException",
                           "1 validation error detected: Value '" + c.domainName +
                               "' at 'domainName' failed to satisfy constraint: Member must "
                               "satisfy regular expression pattern: "
                               "^(\\*\\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\\.)+"
                               "((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])$");
    c.subjectAlternativeNames = {c.domainName};
    if (params.contains("SubjectAlternativeNames"))
        for (const auto& n : params["SubjectAlternativeNames"])
            if (n.is_string() && n != c.domainName)
                c.subjectAlternativeNames.push_back(n.get<std::string>());
    c.certificateAuthorityArn = optionalString(params, "CertificateAuthorityArn");
    c.arn = newArn(ctx);
    c.order = m_nextOrder++;
    c.createdAt = ctx.now();
    c.validationToken = hexDigits(ctx.rng(), 64);
    if (!c.certificateAuthorityArn.empty()) {
        c.type = "PRIVATE";
        c.issuer = "KubeLab Private CA";
        c.status = "ISSUED";
        c.issuedAt = ctx.now();
        c.notBefore = ctx.now();
        c.notAfter = ctx.now() + amazonValidity(c.type, ctx.now());
        c.serial = serialFrom(ctx.rng());
        m_certs[c.arn] = c;
        issue(ctx, m_certs[c.arn], "ISSUANCE");
    } else {
        c.type = "AMAZON_ISSUED";
        c.issuer = "Amazon";
        c.validationMethod = optionalString(params, "ValidationMethod", "DNS");
        if (c.validationMethod != "DNS" && c.validationMethod != "EMAIL")
            throw ServiceError("ValidationException",
                               "1 validation error detected: Value '" + c.validationMethod +
                                   "' at 'validationMethod' failed to satisfy constraint: Member "
                                   "must satisfy enum value set: [EMAIL, DNS, HTTP]");
        c.status = "PENDING_VALIDATION";
        m_certs[c.arn] = c;
        ctx.timer(kValidationDelay, "acm.validated", {{"CertificateArn", c.arn}});
    }
    ctx.describe("aws.request", "acm/" + c.domainName,
                 "RequestCertificate " + c.domainName + " (" + c.type + ") -> " + c.arn);
    return {{"CertificateArn", c.arn}};
}

ordered_json AcmService::import(sim::Context& ctx, const json& params)
{
    const std::string certText = requiredString(params, "Certificate");
    std::string error;
    auto parsed = parseCertificatePem(certText, &error);
    if (!parsed)
        throw ServiceError("ValidationException", "The certificate could not be read: " + error);
    if (!hasPrivateKeyPem(requiredString(params, "PrivateKey")))
        throw ServiceError("ValidationException",
                           "The private key is not supported: it has no -----BEGIN PRIVATE "
                           "KEY----- block.");
    if (ctx.now() < parsed->notBefore || ctx.now() >= parsed->notAfter)
        throw ServiceError("ValidationException",
                           "The certificate is not valid at the time of import: it is valid from " +
                               isoTimestamp(parsed->notBefore) + " to " +
                               isoTimestamp(parsed->notAfter) + ".");
    const std::string existing = optionalString(params, "CertificateArn");
    Certificate* c = nullptr;
    std::string action = "IMPORT";
    if (!existing.empty()) {
        c = &find(existing, "ImportCertificate");
        if (c->type != "IMPORTED")
            throw ServiceError("ValidationException",
                               "Certificate " + existing +
                                   " was issued by ACM, not imported: only imported certificates "
                                   "can be reimported.");
        action = "REIMPORT";
    } else {
        Certificate fresh;
        fresh.arn = newArn(ctx);
        fresh.order = m_nextOrder++;
        fresh.type = "IMPORTED";
        fresh.createdAt = ctx.now();
        c = &(m_certs[fresh.arn] = fresh);
    }
    c->domainName = parsed->commonName;
    c->subjectAlternativeNames = parsed->subjectAlternativeNames;
    c->issuer = parsed->issuer;
    c->serial = parsed->serial.empty() ? serialFrom(ctx.rng()) : parsed->serial;
    c->notBefore = parsed->notBefore;
    c->notAfter = parsed->notAfter;
    c->importedAt = ctx.now();
    c->status = "ISSUED";
    issue(ctx, *c, action);
    ctx.describe("aws.request", "acm/" + c->domainName,
                 "ImportCertificate " + c->domainName + " valid until " +
                     isoTimestamp(c->notAfter) + " (" + action + ") -> " + c->arn);
    return {{"CertificateArn", c->arn}};
}

ordered_json AcmService::list(const json& params) const
{
    std::vector<const Certificate*> all;
    for (const auto& [arn, c] : m_certs)
        all.push_back(&c);
    std::sort(all.begin(), all.end(),
              [](const Certificate* a, const Certificate* b) { return a->order < b->order; });
    std::vector<std::string> statuses;
    if (params.contains("CertificateStatuses"))
        for (const auto& s : params["CertificateStatuses"])
            statuses.push_back(s.get<std::string>());
    ordered_json out = ordered_json::array();
    for (const Certificate* c : all)
        if (statuses.empty() ||
            std::find(statuses.begin(), statuses.end(), c->status) != statuses.end())
            out.push_back(c->summary());
    return {{"CertificateSummaryList", out}};
}

void AcmService::daily(sim::Context& ctx)
{
    ctx.timer(sim::kDay, "acm.daily", json::object(), true);
    std::vector<Certificate*> all;
    for (auto& [arn, c] : m_certs)
        all.push_back(&c);
    std::sort(all.begin(), all.end(),
              [](const Certificate* a, const Certificate* b) { return a->order < b->order; });
    json metrics = json::array();
    int notices = 0, renewals = 0;
    for (Certificate* c : all) {
        const sim::Time now = ctx.now();
        if (c->status != "ISSUED" || now >= c->notAfter)
            continue;
        const std::int64_t days = c->daysToExpiry(now);
        metrics.push_back({{"MetricName", "DaysToExpiry"},
                           {"Dimensions", {{{"Name", "CertificateArn"}, {"Value", c->arn}}}},
                           {"Value", days},
                           {"Unit", "None"}});
        // A metric, perhaps an event or a renewal: news, not housekeeping, so `settle`
        // waits for what follows.
        ctx.activity();
        if (days <= threshold(*c)) {
            ordered_json d;
            d["DaysToExpiry"] = days;
            d["CommonName"] = c->domainName;
            publishEvent(ctx, *c, "ACM Certificate Approaching Expiration", d);
            ++notices;
        }
        const auto window = c->renewalWindow();
        if (!window || c->notAfter - now > *window || !c->renewalEligible())
            continue;
        if (c->validationMethod == "EMAIL") {
            // The domain owner has to approve: ACM waits, and says so.
            const bool due = c->renewalStatus != "PENDING_VALIDATION";
            if (due) {
                c->renewalStatus = "PENDING_VALIDATION";
                c->renewalUpdatedAt = now;
            }
            if (due || std::find(kActionRequiredDays.begin(), kActionRequiredDays.end(), days) !=
                           kActionRequiredDays.end()) {
                ordered_json d;
                d["CertificateType"] = c->type;
                d["CommonName"] = c->domainName;
                d["DomainValidationMethod"] = c->validationMethod;
                d["RenewalStatusReason"] = "PENDING_DOMAIN_VALIDATION";
                d["DaysToExpiry"] = days;
                d["CertificateExpirationDate"] = isoTimestamp(c->notAfter);
                d["InUse"] = !c->inUseBy.empty();
                d["Exported"] = c->exported;
                publishEvent(ctx, *c, "ACM Certificate Renewal Action Required", d);
            }
            continue;
        }
        if (c->renewalStatus == "PENDING_AUTO_RENEWAL")
            continue;
        c->renewalStatus = "PENDING_AUTO_RENEWAL";
        c->renewalUpdatedAt = now;
        ctx.timer(kRenewalDelay, "acm.renewed", {{"CertificateArn", c->arn}});
        ++renewals;
    }
    if (!metrics.empty())
        ctx.send(kCloudWatch, "cloudwatch.put-metric-data",
                 {{"Namespace", "AWS/CertificateManager"}, {"MetricData", metrics}});
    ctx.describe("acm.daily", "acm",
                 "daily check of " + std::to_string(all.size()) + " certificate(s): " +
                     std::to_string(notices) + " approaching expiration, " +
                     std::to_string(renewals) + " renewal(s) started");
}

void AcmService::onMessage(sim::Context& ctx, const sim::Message& m)
{
    const std::string arn = m.body.value("CertificateArn", "");
    auto it = m_certs.find(arn);
    if (m.kind == "acm.daily") {
        daily(ctx);
        return;
    }
    if (it == m_certs.end()) {
        if (m.kind == "acm.associate" && m.body.contains("RequestId"))
            ctx.send(m.from, "acm.associated",
                     {{"RequestId", m.body["RequestId"]}, {"error", "CertificateNotFound"}});
        ctx.describe(m.kind, "acm", m.kind + ": certificate " + arn + " no longer exists");
        return;
    }
    Certificate& c = it->second;
    if (m.kind == "acm.validated") {
        c.status = "ISSUED";
        c.issuedAt = ctx.now();
        c.notBefore = ctx.now();
        c.notAfter = ctx.now() + amazonValidity(c.type, ctx.now());
        c.serial = serialFrom(ctx.rng());
        issue(ctx, c, "ISSUANCE");
        ctx.describe("acm.issued", "acm/" + c.domainName,
                     c.domainName + " validated (" + c.validationMethod + ") and issued, valid until " +
                         isoTimestamp(c.notAfter));
    } else if (m.kind == "acm.renewed") {
        if (c.status != "ISSUED" || c.renewalStatus != "PENDING_AUTO_RENEWAL") {
            ctx.describe("acm.renewed", "acm/" + c.domainName, "renewal no longer pending");
            return;
        }
        c.notBefore = ctx.now();
        c.notAfter = ctx.now() + amazonValidity(c.type, ctx.now());
        c.issuedAt = ctx.now();
        c.serial = serialFrom(ctx.rng());
        c.renewalStatus = "SUCCESS";
        c.renewalUpdatedAt = ctx.now();
        issue(ctx, c, "RENEWAL");
        ctx.describe("acm.renewed", "acm/" + c.domainName,
                     "managed renewal of " + c.domainName + ": valid until " +
                         isoTimestamp(c.notAfter) + " (same ARN)");
    } else if (m.kind == "acm.expire") {
        if (m.body.value("NotAfter", sim::Time(0)) != c.notAfter || c.status != "ISSUED" ||
            ctx.now() < c.notAfter) {
            ctx.describe("acm.expire", "acm/" + c.domainName,
                         "expiry check: " + c.domainName + " was renewed or reimported since");
            return;
        }
        ctx.activity();
        c.status = "EXPIRED";
        record(ctx, c);
        deploy(ctx, c);
        if (c.type != "IMPORTED") {
            ordered_json d;
            d["CertificateType"] = c.type;
            d["CommonName"] = c.domainName;
            if (!c.validationMethod.empty())
                d["DomainValidationMethod"] = c.validationMethod;
            d["CertificateCreatedDate"] = isoTimestamp(c.createdAt);
            d["CertificateExpirationDate"] = isoTimestamp(c.notAfter);
            d["InUse"] = !c.inUseBy.empty();
            d["Exported"] = c.exported;
            publishEvent(ctx, c, "ACM Certificate Expired", d);
        }
        ctx.describe("acm.expire", "acm/" + c.domainName, c.domainName + " (" + c.type + ") expired");
    } else if (m.kind == "acm.associate" && c.status == "PENDING_VALIDATION" &&
               m.body.contains("RequestId")) {
        // Nothing to deploy yet: a listener cannot use a certificate that is not issued.
        ctx.send(m.from, "acm.associated",
                 {{"RequestId", m.body["RequestId"]}, {"error", "PENDING_VALIDATION"}});
        ctx.describe(m.kind, "acm/" + c.domainName,
                     c.domainName + " is not issued yet: it cannot be used by " +
                         m.body.value("ResourceArn", ""));
    } else if (m.kind == "acm.associate" || m.kind == "acm.disassociate") {
        const std::string resource = m.body.value("ResourceArn", "");
        auto& users = c.inUseBy;
        users.erase(std::remove(users.begin(), users.end(), resource), users.end());
        if (m.kind == "acm.associate")
            users.push_back(resource);
        std::sort(users.begin(), users.end());
        if (m.kind == "acm.associate" && m.body.contains("RequestId"))
            ctx.send(m.from, "acm.associated",
                     {{"RequestId", m.body["RequestId"]}, {"Certificate", deployedCopy(c)}});
        ctx.describe(m.kind, "acm/" + c.domainName,
                     c.domainName + (m.kind == "acm.associate" ? " now used by " : " no longer used by ") +
                         resource);
    }
}

} // namespace kubelab::aws
