#include "engine/aws/certificate.h"

#include <sstream>

#include "engine/aws/aws_common.h"

namespace kubelab::aws {

using nlohmann::ordered_json;

sim::Time shortValidityStart()
{
    return timeOfDate(2026, 2, 18);
}

sim::Duration amazonValidity(const std::string& type, sim::Time issuedAt)
{
    if (type == "AMAZON_ISSUED" && issuedAt >= shortValidityStart())
        return 198 * sim::kDay;
    return 395 * sim::kDay;
}

std::int64_t Certificate::daysToExpiry(sim::Time now) const
{
    const sim::Duration left = notAfter - now;
    return left >= 0 ? left / sim::kDay : -((-left + sim::kDay - 1) / sim::kDay);
}

bool Certificate::renewalEligible() const
{
    if (type == "IMPORTED" || status != "ISSUED")
        return false;
    return !inUseBy.empty() || exported;
}

std::optional<sim::Duration> Certificate::renewalWindow() const
{
    if (type == "IMPORTED")
        return std::nullopt;
    // 198-day public certificates from 45 days before expiry; the older 395-day ones and
    // private ones from 60 days.
    if (type == "AMAZON_ISSUED" && notAfter - notBefore <= 200 * sim::kDay)
        return 45 * sim::kDay;
    return 60 * sim::kDay;
}

Validity validityAt(const Certificate& cert, sim::Time t)
{
    if (cert.status == "PENDING_VALIDATION")
        return {false, "certificate " + cert.arn + " has not been issued (PENDING_VALIDATION)"};
    if (t < cert.notBefore)
        return {false, "certificate is not valid before " + isoTimestamp(cert.notBefore)};
    if (t >= cert.notAfter)
        return {false, "certificate has expired: it was valid until " +
                           isoTimestamp(cert.notAfter)};
    return {true, {}};
}

nlohmann::json deployedCopy(const Certificate& cert)
{
    return {{"CertificateArn", cert.arn},   {"DomainName", cert.domainName},
            {"Status", cert.status},        {"SubjectAlternativeNames", cert.subjectAlternativeNames},
            {"NotBefore", cert.notBefore},  {"NotAfter", cert.notAfter},
            {"Serial", cert.serial}};
}

Certificate fromDeployedCopy(const nlohmann::json& copy)
{
    Certificate c;
    c.arn = copy.value("CertificateArn", "");
    c.domainName = copy.value("DomainName", "");
    c.status = copy.value("Status", "");
    c.subjectAlternativeNames =
        copy.value("SubjectAlternativeNames", std::vector<std::string>{});
    c.notBefore = copy.value("NotBefore", sim::Time(0));
    c.notAfter = copy.value("NotAfter", sim::Time(0));
    c.serial = copy.value("Serial", "");
    return c;
}

namespace {
ordered_json validationOptions(const Certificate& c, const std::string& status)
{
    ordered_json list = ordered_json::array();
    for (const std::string& name : c.subjectAlternativeNames) {
        ordered_json o;
        o["DomainName"] = name;
        o["ValidationDomain"] = name;
        o["ValidationStatus"] = status;
        if (c.validationMethod == "DNS")
            o["ResourceRecord"] = {{"Name", "_" + c.validationToken.substr(0, 32) + "." + name + "."},
                                   {"Type", "CNAME"},
                                   {"Value", "_" + c.validationToken.substr(32) +
                                                 ".xlfgrmvvlj.acm-validations.aws."}};
        o["ValidationMethod"] = c.validationMethod;
        list.push_back(o);
    }
    return list;
}
} // namespace

ordered_json Certificate::describe() const
{
    ordered_json d;
    d["CertificateArn"] = arn;
    d["DomainName"] = domainName;
    d["SubjectAlternativeNames"] = subjectAlternativeNames;
    if (type == "AMAZON_ISSUED")
        d["DomainValidationOptions"] =
            validationOptions(*this, status == "PENDING_VALIDATION" ? "PENDING_VALIDATION"
                                                                    : "SUCCESS");
    if (status != "PENDING_VALIDATION") {
        d["Serial"] = serial;
        d["Subject"] = "CN=" + domainName;
        d["Issuer"] = issuer;
    }
    d["CreatedAt"] = cliTimestamp(createdAt);
    if (issuedAt)
        d["IssuedAt"] = cliTimestamp(*issuedAt);
    if (importedAt)
        d["ImportedAt"] = cliTimestamp(*importedAt);
    d["Status"] = status;
    if (status != "PENDING_VALIDATION") {
        d["NotBefore"] = cliTimestamp(notBefore);
        d["NotAfter"] = cliTimestamp(notAfter);
    }
    d["KeyAlgorithm"] = "RSA-2048";
    d["SignatureAlgorithm"] = "SHA256WITHRSA";
    d["InUseBy"] = inUseBy;
    if (!renewalStatus.empty()) {
        ordered_json r;
        r["RenewalStatus"] = renewalStatus;
        r["DomainValidationOptions"] =
            validationOptions(*this, renewalStatus == "PENDING_VALIDATION" ? "PENDING_VALIDATION"
                                                                           : "SUCCESS");
        r["UpdatedAt"] = cliTimestamp(renewalUpdatedAt);
        d["RenewalSummary"] = r;
    }
    d["KeyUsages"] = ordered_json::array({{{"Name", "DIGITAL_SIGNATURE"}},
                                          {{"Name", "KEY_ENCIPHERMENT"}}});
    d["ExtendedKeyUsages"] = ordered_json::array(
        {{{"Name", "TLS_WEB_SERVER_AUTHENTICATION"}, {"OID", "1.3.6.1.5.5.7.3.1"}}});
    if (!certificateAuthorityArn.empty())
        d["CertificateAuthorityArn"] = certificateAuthorityArn;
    d["RenewalEligibility"] = renewalEligible() ? "ELIGIBLE" : "INELIGIBLE";
    d["Type"] = type;
    d["Options"] = {{"CertificateTransparencyLoggingPreference",
                     type == "AMAZON_ISSUED" ? "ENABLED" : "DISABLED"}};
    return d;
}

ordered_json Certificate::summary() const
{
    ordered_json s;
    s["CertificateArn"] = arn;
    s["DomainName"] = domainName;
    s["SubjectAlternativeNameSummaries"] = subjectAlternativeNames;
    s["HasAdditionalSubjectAlternativeNames"] = false;
    s["Status"] = status;
    s["Type"] = type;
    s["KeyAlgorithm"] = "RSA-2048";
    s["KeyUsages"] = {"DIGITAL_SIGNATURE", "KEY_ENCIPHERMENT"};
    s["ExtendedKeyUsages"] = {"TLS_WEB_SERVER_AUTHENTICATION"};
    s["InUse"] = !inUseBy.empty();
    s["RenewalEligibility"] = renewalEligible() ? "ELIGIBLE" : "INELIGIBLE";
    if (status != "PENDING_VALIDATION") {
        s["NotBefore"] = cliTimestamp(notBefore);
        s["NotAfter"] = cliTimestamp(notAfter);
    }
    s["CreatedAt"] = cliTimestamp(createdAt);
    if (issuedAt)
        s["IssuedAt"] = cliTimestamp(*issuedAt);
    if (importedAt)
        s["ImportedAt"] = cliTimestamp(*importedAt);
    return s;
}

namespace {
std::string trim(std::string s)
{
    const auto b = s.find_first_not_of(" \t\r");
    const auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}
} // namespace

std::optional<ParsedCertificate> parseCertificatePem(const std::string& pem, std::string* error)
{
    std::istringstream in(pem);
    std::string line;
    int lineNo = 0, begin = 0;
    bool ended = false;
    ParsedCertificate c;
    bool haveBefore = false, haveAfter = false;
    auto fail = [&](const std::string& what) {
        *error = "line " + std::to_string(lineNo) + ": " + what;
        return std::nullopt;
    };
    while (std::getline(in, line)) {
        ++lineNo;
        line = trim(line);
        if (line == "-----BEGIN CERTIFICATE-----") {
            if (begin)
                return fail("a second certificate; import one certificate (put the issuer's "
                            "in --certificate-chain)");
            begin = lineNo;
            continue;
        }
        if (!begin || ended || line.empty())
            continue;
        if (line == "-----END CERTIFICATE-----") {
            ended = true;
            continue;
        }
        const auto colon = line.find(':');
        if (colon == std::string::npos)
            return fail("expected \"Field: value\" (Subject, Issuer, Not Before, Not After, "
                        "Serial Number, Subject Alternative Name), got \"" + line + "\"");
        const std::string field = trim(line.substr(0, colon));
        const std::string value = trim(line.substr(colon + 1));
        if (field == "Subject") {
            const auto cn = value.find("CN=");
            if (cn == std::string::npos)
                return fail("Subject has no CN= (e.g. Subject: CN=shop.example.com)");
            c.commonName = trim(value.substr(cn + 3, value.find(',', cn) - cn - 3));
        } else if (field == "Issuer") {
            c.issuer = value;
        } else if (field == "Serial Number") {
            c.serial = value;
        } else if (field == "Subject Alternative Name") {
            std::istringstream names(value);
            std::string n;
            while (std::getline(names, n, ',')) {
                n = trim(n);
                if (n.rfind("DNS:", 0) == 0)
                    n = n.substr(4);
                if (!n.empty())
                    c.subjectAlternativeNames.push_back(n);
            }
        } else if (field == "Not Before" || field == "Not After") {
            sim::Time t = 0;
            if (!parseTimestamp(value, &t))
                return fail(field + ": invalid time \"" + value +
                            "\" (use 2026-02-24T09:00:00Z or 2026-02-24)");
            (field == "Not Before" ? c.notBefore : c.notAfter) = t;
            (field == "Not Before" ? haveBefore : haveAfter) = true;
        } else {
            return fail("unknown field \"" + field + "\"");
        }
    }
    if (!begin) {
        *error = "no -----BEGIN CERTIFICATE----- line";
        return std::nullopt;
    }
    if (!ended) {
        *error = "the certificate that starts on line " + std::to_string(begin) +
                 " has no -----END CERTIFICATE----- line";
        return std::nullopt;
    }
    if (c.commonName.empty() || !haveBefore || !haveAfter) {
        *error = std::string("the certificate lacks ") +
                 (c.commonName.empty() ? "a Subject: CN=..." : !haveBefore ? "Not Before" : "Not After");
        return std::nullopt;
    }
    if (c.notAfter <= c.notBefore) {
        *error = "Not After is not later than Not Before";
        return std::nullopt;
    }
    if (c.issuer.empty())
        c.issuer = "CN=" + c.commonName; // self-signed
    if (c.subjectAlternativeNames.empty())
        c.subjectAlternativeNames.push_back(c.commonName);
    return c;
}

bool hasPrivateKeyPem(const std::string& pem)
{
    const auto b = pem.find("-----BEGIN ");
    return b != std::string::npos && pem.find("PRIVATE KEY-----", b) != std::string::npos &&
           pem.find("-----END ", b) != std::string::npos;
}

} // namespace kubelab::aws
