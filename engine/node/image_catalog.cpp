#include "engine/node/image_catalog.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "engine/node/image_catalog_data.h"
#include "engine/sim/trace.h"

namespace kubelab::node {

const std::vector<ImageInfo>& ImageCatalog::all()
{
    static const std::vector<ImageInfo> catalog = catalogEntries();
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

namespace {

// Where the registry serves a repository from: k8s.gcr.io redirects to registry.k8s.io.
std::string servedAt(const std::string& repository)
{
    const std::string old = "k8s.gcr.io/";
    if (repository.rfind(old, 0) == 0)
        return "registry.k8s.io/" + repository.substr(old.size());
    return repository;
}

bool knownRepository(const std::string& repository)
{
    for (const ImageInfo& info : ImageCatalog::all())
        if (info.repository == repository)
            return true;
    return false;
}

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
// two neighbouring letters ("ngnix" is one swap from "nginx").
std::size_t editDistance(const std::string& a, const std::string& b)
{
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

bool lowerAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// distribution/reference's path component: [a-z0-9]+ joined by ".", "_", "__" or "-"+.
bool pathComponent(const std::string& c)
{
    if (c.empty() || !lowerAlnum(c.front()) || !lowerAlnum(c.back()))
        return false;
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (lowerAlnum(c[i]))
            continue;
        if (c[i] == '-') {
            continue; // runs of dashes are allowed; both ends are checked above
        }
        if (c[i] == '.' || c[i] == '_') {
            const bool doubleUnderscore = c[i] == '_' && i + 1 < c.size() && c[i + 1] == '_';
            const std::size_t next = i + (doubleUnderscore ? 2 : 1);
            if (next >= c.size() || !lowerAlnum(c[next]) || !lowerAlnum(c[i - 1]))
                return false;
            i = next - 1;
            continue;
        }
        return false;
    }
    return true;
}

bool hostComponent(const std::string& host)
{
    const auto colon = host.find(':');
    const std::string name = host.substr(0, colon);
    if (name.empty())
        return false;
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.')
            return false;
    if (colon == std::string::npos)
        return true;
    const std::string port = host.substr(colon + 1);
    return !port.empty() && port.size() <= 5 &&
           port.find_first_not_of("0123456789") == std::string::npos;
}

bool validTag(const std::string& tag)
{
    if (tag.rfind("@", 0) == 0) {
        const std::string prefix = "@sha256:";
        return tag.rfind(prefix, 0) == 0 && tag.size() == prefix.size() + 64 &&
               tag.find_first_not_of("0123456789abcdef", prefix.size()) == std::string::npos;
    }
    if (tag.empty() || tag.size() > 128 || tag.front() == '.' || tag.front() == '-')
        return false;
    for (char c : tag)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-')
            return false;
    return true;
}

} // namespace

bool ImageCatalog::wellFormed(const ImageRef& ref)
{
    if (!validTag(ref.tag) || ref.repository.size() > 255)
        return false;
    std::size_t start = 0;
    bool first = true;
    while (true) {
        const std::size_t slash = ref.repository.find('/', start);
        const std::string part = ref.repository.substr(start, slash - start);
        if (!(first ? hostComponent(part) : pathComponent(part)))
            return false;
        if (slash == std::string::npos)
            return !first; // a host alone names no repository
        first = false;
        start = slash + 1;
    }
}

std::string ImageCatalog::referenceError(const std::string& reference)
{
    std::string lower = reference;
    for (char& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == reference || !wellFormed(normalize(lower)))
        return "invalid reference format";
    // The parser names the path without its registry host: "library/Nginx", "Me/App".
    std::string path = reference.substr(0, reference.find_first_of(":@"));
    const std::size_t slash = path.find('/');
    if (slash == std::string::npos)
        return "invalid reference format: repository name (library/" + path + ") must be lowercase";
    const std::string first = path.substr(0, slash);
    if (first.find_first_of(".:") != std::string::npos || first == "localhost")
        path = path.substr(slash + 1);
    return "invalid reference format: repository name (" + path + ") must be lowercase";
}

std::string ImageCatalog::nearMiss(const std::string& repository)
{
    const std::size_t slash = repository.rfind('/');
    const std::string prefix = repository.substr(0, slash + 1);
    const std::string name = repository.substr(slash + 1);
    for (const ImageInfo& info : all()) {
        if (info.repository == repository || info.repository.size() <= prefix.size() ||
            info.repository.compare(0, prefix.size(), prefix) != 0 ||
            info.repository.find('/', prefix.size()) != std::string::npos)
            continue;
        const std::string known = info.repository.substr(prefix.size());
        const std::size_t allowed = known.size() <= 5 ? 1 : 2;
        if (editDistance(name, known) <= allowed)
            return info.repository;
    }
    return {};
}

std::optional<ImageInfo> ImageCatalog::find(const std::string& reference, RegistryPolicy policy)
{
    const ImageRef ref = normalize(reference);
    const std::string repository = servedAt(ref.repository);
    for (const ImageInfo& info : all()) {
        if (info.repository != repository)
            continue;
        if (std::find(info.tags.begin(), info.tags.end(), ref.tag) != info.tags.end() ||
            ref.tag == "@" + digest(info))
            return info;
    }
    if (policy == RegistryPolicy::Strict || !wellFormed(ref) || knownRepository(repository) ||
        !nearMiss(repository).empty())
        return std::nullopt;
    ImageInfo generic;
    generic.repository = repository;
    generic.tags = {ref.tag};
    generic.sizeBytes = kGenericImageBytes;
    generic.kind = ImageKind::Server;
    generic.generic = true;
    return generic;
}

std::string ImageCatalog::digest(const ImageInfo& info)
{
    if (info.generic && info.tags[0].rfind("@sha256:", 0) == 0)
        return info.tags[0].substr(1); // pulled by digest: that is its digest
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
    if (knownRepository(servedAt(ref.repository)))
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
