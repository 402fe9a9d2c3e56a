#pragma once
// The images the simulated registry knows, with their sizes and how a container of each
// behaves by default, and the policy for every other reference (see "Images" in
// engine/node/README.md). The runtime uses it to time pulls and to fail references with
// the registry's own error text; the kubelet uses it for Node status images.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/sim/time.h"

namespace kubelab::node {

// What a container of an image does when nothing (command, annotations) says otherwise.
enum class ImageKind {
    Server,   // long-running daemon: nginx, redis, httpd; exits 0 on SIGTERM
    Shell,    // busybox, alpine, ubuntu: runs `command`/`args` as a tiny shell; the default
              // `sh` or `bash` exits 0 at once without a TTY
    Pause,    // the sandbox's pause process
    Python,   // default `python3` REPL exits 0 without a TTY; `-m http.server` runs
    NeedsEnv, // a database entrypoint: exits 1 printing `missingEnvLog` unless one of
              // `requiredEnv` is set and not empty (postgres, mysql, mariadb)
    Exits,    // the default process ends at once with code 0, printing `startupLog`: a
              // REPL without a TTY (node, ruby, perl, php, jshell), hello-world
};

// A log line's text, shared by the catalogue, a container's behaviour and its log: every
// nginx container prints the same eight lines, and a node keeps the log of each.
using LogText = std::shared_ptr<const std::string>;
inline LogText logText(std::string text)
{
    return std::make_shared<const std::string>(std::move(text));
}

struct ImageInfo
{
    std::string repository;        // "docker.io/library/nginx"
    std::vector<std::string> tags; // first is canonical; all share one digest
    std::int64_t sizeBytes = 0;    // compressed size, as containerd reports it
    ImageKind kind = ImageKind::Server;
    std::vector<LogText> startupLog; // lines the default process prints at start
    // NeedsEnv: the variables of which one must be set, and what is printed otherwise.
    std::vector<std::string> requiredEnv;
    std::vector<LogText> missingEnvLog;
    // Not in the catalogue: a reference pulled under the open registry's policy.
    bool generic = false;
};

// A parsed image reference, normalised as containerd does ("nginx" ->
// "docker.io/library/nginx:latest").
struct ImageRef
{
    std::string repository;
    std::string tag;
    std::string name() const { return repository + ":" + tag; }
};

// What the registry serves beyond the catalogue (a topology's `registry:`).
enum class RegistryPolicy {
    Open,   // any well-formed reference that is not a catalogue miss pulls as generic
    Strict, // only the catalogue's images pull (labs that need unknown images to fail)
};

class ImageCatalog
{
public:
    // Simulated registry bandwidth and the fixed cost of resolving a manifest.
    static constexpr std::int64_t kBytesPerSecond = 50'000'000;
    static constexpr sim::Duration kResolveLatency = 400 * sim::kMillisecond;
    // The size of an image the catalogue does not know: a small application image on a
    // slim base (the catalogue's own server images are 30-200 MB).
    static constexpr std::int64_t kGenericImageBytes = 50'000'000;

    // containerd's normalisation ("nginx" -> "docker.io/library/nginx:latest"); the old
    // k8s.gcr.io names resolve at registry.k8s.io, as the real redirect sends them.
    static ImageRef normalize(const std::string& reference);
    // What a pull of `reference` gets: its catalogue entry; under the open policy a
    // generic image (ImageInfo::generic) for a well-formed reference that is neither an
    // unknown tag of a catalogue repository nor a near miss of one's name; otherwise
    // nullopt (pullError says why).
    static std::optional<ImageInfo> find(const std::string& reference,
                                         RegistryPolicy policy = RegistryPolicy::Open);
    // The catalogue repository whose name `repository` nearly matches (one or two letters
    // off: "docker.io/library/ngnix" -> "docker.io/library/nginx"), or "".
    static std::string nearMiss(const std::string& repository);
    // Whether a normalised reference is well formed: lowercase path components of
    // letters, digits and single separators, a tag of up to 128 word characters, dots and
    // dashes, or a sha256 digest.
    static bool wellFormed(const ImageRef& ref);
    // Why a reference is not well formed, as the reference parser says it:
    // "invalid reference format" (with ": repository name (library/Nginx) must be
    // lowercase" when that is the only fault).
    static std::string referenceError(const std::string& reference);
    // Every entry, in catalogue order (documentation, tests).
    static const std::vector<ImageInfo>& all();
    // "docker.io/library/nginx@sha256:<hex>": stable per image, shared by its tags.
    static std::string imageId(const ImageInfo& info);
    static std::string digest(const ImageInfo& info);
    static sim::Duration pullDuration(std::int64_t sizeBytes);
    // containerd's error for a reference the registry does not serve: "not found" for an
    // unknown tag of a known repository, "pull access denied" for an unknown repository.
    static std::string pullError(const std::string& reference);
};

// Go's time.Duration.String() for durations kubelet prints ("2.5s", "1m0.809s", "717ms").
std::string goDuration(sim::Duration d);

} // namespace kubelab::node
