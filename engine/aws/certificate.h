#pragma once
// One ACM certificate and the rules ACM applies to it (engine/aws/README.md cites each):
// how long an Amazon-issued certificate is valid, when managed renewal starts, who is
// eligible for it, and the JSON that DescribeCertificate and ListCertificates return.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/sim/time.h"

namespace kubelab::aws {

struct Certificate
{
    std::string arn;
    std::uint64_t order = 0;  // creation order: ListCertificates' order
    std::string type;         // AMAZON_ISSUED | PRIVATE | IMPORTED
    std::string status;       // PENDING_VALIDATION | ISSUED | EXPIRED
    std::string domainName;   // the subject's CN
    std::vector<std::string> subjectAlternativeNames;
    std::string validationMethod; // DNS | EMAIL (AMAZON_ISSUED only)
    std::string issuer;           // "Amazon", the private CA's name, or the imported issuer
    std::string certificateAuthorityArn; // PRIVATE only
    std::string serial;
    std::string validationToken; // the DNS validation record's name and value
    sim::Time createdAt = 0;
    std::optional<sim::Time> issuedAt, importedAt;
    sim::Time notBefore = 0, notAfter = 0;
    std::vector<std::string> inUseBy; // resources using it (a load balancer's listener)
    bool exported = false;
    // RenewalSummary, once ACM's managed renewal has started for this certificate.
    std::string renewalStatus; // PENDING_AUTO_RENEWAL | PENDING_VALIDATION | SUCCESS | FAILED
    sim::Time renewalUpdatedAt = 0;

    // Whole days left at `now` (negative once expired): the DaysToExpiry of ACM's events
    // and CloudWatch metric.
    std::int64_t daysToExpiry(sim::Time now) const;
    // ELIGIBLE or INELIGIBLE for managed renewal.
    bool renewalEligible() const;
    // How long before NotAfter managed renewal starts for this certificate, or nullopt
    // for imported ones, which ACM never renews.
    std::optional<sim::Duration> renewalWindow() const;

    nlohmann::ordered_json describe() const; // DescribeCertificate's "Certificate"
    nlohmann::ordered_json summary() const;  // one CertificateSummaryList entry
};

// How long a certificate ACM issues at `issuedAt` is valid: public ones 395 days until
// 2026-02-18, 198 days from then on; private ones 395 days.
sim::Duration amazonValidity(const std::string& type, sim::Time issuedAt);
// Start of the 198-day era for public certificates (2026-02-18T00:00:00Z).
sim::Time shortValidityStart();

// What an HTTPS listener needs to know: may certificate `arn` be served at `t`?
struct Validity
{
    bool valid = false;
    std::string reason; // why not: "expired at ...", "not valid before ...", "not issued"
};
Validity validityAt(const Certificate& cert, sim::Time t);

// The copy of a certificate ACM deploys to a load balancer (acm.associated,
// elb.certificate): ARN, status, names and dates; and back.
nlohmann::json deployedCopy(const Certificate& cert);
Certificate fromDeployedCopy(const nlohmann::json& copy);

// The fields KubeLab reads from a (fake) PEM certificate: see README, Importing.
struct ParsedCertificate
{
    std::string commonName;
    std::vector<std::string> subjectAlternativeNames;
    std::string issuer;
    std::string serial;
    sim::Time notBefore = 0, notAfter = 0;
};
// Parses the certificate block of `pem`. On failure returns nullopt with *error saying
// which line or field is wrong.
std::optional<ParsedCertificate> parseCertificatePem(const std::string& pem, std::string* error);
// True if `pem` holds a private key block.
bool hasPrivateKeyPem(const std::string& pem);

} // namespace kubelab::aws
