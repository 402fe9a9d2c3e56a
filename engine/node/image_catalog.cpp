#include "engine/node/image_catalog.h"

#include <algorithm>
#include <cstdio>
#include <initializer_list>

#include "engine/sim/trace.h"

namespace kubelab::node {

namespace {

std::vector<LogText> lines(std::initializer_list<const char*> texts)
{
    std::vector<LogText> out;
    for (const char* text : texts)
        out.push_back(logText(text));
    return out;
}

// Shared by the three nginx images that print it.
const std::vector<LogText> kNginxEntrypoint = lines({
    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform "
    "configuration",
    "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
    "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of "
    "/etc/nginx/conf.d/default.conf",
    "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in "
    "/etc/nginx/conf.d/default.conf",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
    "/docker-entrypoint.sh: Configuration complete; ready for start up",
});

// Sizes are the compressed linux/amd64 sizes the registries report, rounded.
std::vector<ImageInfo> buildCatalog()
{
    return {
        {"docker.io/library/nginx",
         {"1.27", "latest", "1.27.3", "stable-perl"},
         72'100'000,
         ImageKind::Server,
         kNginxEntrypoint},
        {"docker.io/library/nginx",
         {"1.26", "1.26.2", "stable"},
         71'000'000,
         ImageKind::Server,
         kNginxEntrypoint},
        {"docker.io/library/nginx",
         {"1.25", "1.25.5"},
         70'500'000,
         ImageKind::Server,
         kNginxEntrypoint},
        // The Kubernetes docs' Deployment example; this old image has no entrypoint script
        // and logs nothing at start.
        {"docker.io/library/nginx", {"1.14.2"}, 44'700'000, ImageKind::Server, {}},
        {"docker.io/library/busybox",
         {"1.37", "latest", "1.37.0", "1.36", "1.36.1"},
         2'160'000,
         ImageKind::Shell,
         {}},
        {"docker.io/library/alpine",
         {"3.21", "latest", "3.20", "3"},
         3'650'000,
         ImageKind::Shell,
         {}},
        {"docker.io/library/redis",
         {"7.4", "latest", "7", "7.4.1"},
         45'300'000,
         ImageKind::Server,
         lines({"1:C 05 Jan 2026 09:00:00.000 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
                "1:M 05 Jan 2026 09:00:00.000 * Server initialized",
                "1:M 05 Jan 2026 09:00:00.000 * Ready to accept connections tcp"})},
        {"docker.io/library/postgres",
         {"17", "latest", "17.2", "16"},
         158'000'000,
         ImageKind::Postgres,
         {}},
        {"docker.io/library/httpd",
         {"2.4", "latest", "2.4.62"},
         58'400'000,
         ImageKind::Server,
         lines({"[mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- "
                "resuming normal operations",
                "[core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'"})},
        {"docker.io/library/python",
         {"3.13", "latest", "3", "3.12"},
         371'000'000,
         ImageKind::Python,
         {}},
        {"docker.io/library/memcached", {"1.6", "latest"}, 33'900'000, ImageKind::Server, {}},
        {"registry.k8s.io/pause", {"3.10"}, 320'368, ImageKind::Pause, {}},
    };
}

} // namespace

const std::vector<ImageInfo>& ImageCatalog::all()
{
    static const std::vector<ImageInfo> catalog = buildCatalog();
    return catalog;
}

ImageRef ImageCatalog::normalize(const std::string& reference)
{
    std::string name = reference;
    std::string tag = "latest";
    const auto at = name.find('@');
    if (at != std::string::npos) {
        tag = name.substr(at); // keep "@sha256:..." as the tag so it can match a digest
        name = name.substr(0, at);
    } else {
        const auto colon = name.rfind(':');
        if (colon != std::string::npos && name.find('/', colon) == std::string::npos) {
            tag = name.substr(colon + 1);
            name = name.substr(0, colon);
        }
    }
    // A first component with a dot or a colon (or "localhost") is a registry host.
    const auto slash = name.find('/');
    const std::string first = slash == std::string::npos ? "" : name.substr(0, slash);
    const bool hasHost =
        !first.empty() && (first.find('.') != std::string::npos ||
                           first.find(':') != std::string::npos || first == "localhost");
    if (!hasHost)
        name = (slash == std::string::npos ? "docker.io/library/" : "docker.io/") + name;
    return {name, tag};
}

std::optional<ImageInfo> ImageCatalog::find(const std::string& reference)
{
    const ImageRef ref = normalize(reference);
    for (const ImageInfo& info : all()) {
        if (info.repository != ref.repository)
            continue;
        if (std::find(info.tags.begin(), info.tags.end(), ref.tag) != info.tags.end() ||
            ref.tag == "@" + digest(info))
            return info;
    }
    return std::nullopt;
}

std::string ImageCatalog::digest(const ImageInfo& info)
{
    return "sha256:" + sim::sha256Hex("kubelab-image " + info.repository + ":" + info.tags[0]);
}

std::string ImageCatalog::imageId(const ImageInfo& info)
{
    return info.repository + "@" + digest(info);
}

sim::Duration ImageCatalog::pullDuration(std::int64_t sizeBytes)
{
    return kResolveLatency + sizeBytes * sim::kSecond / kBytesPerSecond;
}

std::string ImageCatalog::pullError(const std::string& reference)
{
    const ImageRef ref = normalize(reference);
    const std::string full = ref.tag.rfind("@", 0) == 0 ? ref.repository + ref.tag : ref.name();
    bool knownRepository = false;
    for (const ImageInfo& info : all())
        knownRepository = knownRepository || info.repository == ref.repository;
    if (knownRepository)
        return "rpc error: code = NotFound desc = failed to pull and unpack image \"" + full +
               "\": failed to resolve reference \"" + full + "\": " + full + ": not found";
    return "rpc error: code = Unknown desc = failed to pull and unpack image \"" + full +
           "\": failed to resolve reference \"" + full +
           "\": pull access denied, repository does not exist or may require authorization: "
           "server message: insufficient_scope: authorization failed";
}

std::string goDuration(sim::Duration d)
{
    // Kubelet truncates to milliseconds before printing.
    d -= d % sim::kMillisecond;
    if (d == 0)
        return "0s";
    if (d < sim::kSecond)
        return std::to_string(d / sim::kMillisecond) + "ms";
    std::string out;
    const std::int64_t hours = d / sim::kHour;
    const std::int64_t minutes = (d % sim::kHour) / sim::kMinute;
    const std::int64_t millis = (d % sim::kMinute) / sim::kMillisecond;
    if (hours)
        out += std::to_string(hours) + "h";
    if (hours || minutes)
        out += std::to_string(minutes) + "m";
    std::string secs = std::to_string(millis / 1000);
    if (millis % 1000) {
        char frac[8];
        std::snprintf(frac, sizeof frac, ".%03d", static_cast<int>(millis % 1000));
        std::string f = frac;
        while (f.back() == '0')
            f.pop_back();
        secs += f;
    }
    return out + secs + "s";
}

} // namespace kubelab::node
