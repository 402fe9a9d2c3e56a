#pragma once
// The images the simulated registry knows, with their sizes and how a container of each
// behaves by default. The runtime uses it to time pulls and to fail unknown references
// with the registry's own error text; the kubelet uses it for Node status images.
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
    Shell,    // busybox, alpine: runs `command`/`args` as a tiny shell; default `sh` exits 0
    Pause,    // the sandbox's pause process
    Python,   // default `python3` REPL exits 0 without a TTY; `-m http.server` runs
    Postgres, // exits 1 unless POSTGRES_PASSWORD is set, as the real entrypoint does
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
};

// A parsed image reference, normalised as containerd does ("nginx" ->
// "docker.io/library/nginx:latest").
struct ImageRef
{
    std::string repository;
    std::string tag;
    std::string name() const { return repository + ":" + tag; }
};

class ImageCatalog
{
public:
    // Simulated registry bandwidth and the fixed cost of resolving a manifest.
    static constexpr std::int64_t kBytesPerSecond = 50'000'000;
    static constexpr sim::Duration kResolveLatency = 400 * sim::kMillisecond;

    static ImageRef normalize(const std::string& reference);
    // The catalogue entry for a reference, or nullopt if the registry does not have it.
    static std::optional<ImageInfo> find(const std::string& reference);
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
