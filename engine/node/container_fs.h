#pragma once
// Files as a container sees them: its image's files, a writable layer that is lost when
// the container is replaced, the files the kubelet manages (/etc/hosts, /etc/hostname,
// /etc/resolv.conf, the service account's token), and its volume mounts, which are
// directories of the node's own disk (emptyDir, hostPath, configMap, secret, downward API,
// persistent volumes) and so outlive the container and are shared by the pod's
// containers. Value types all: the runtime actor holds them and is copied for
// checkpoints.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/sim/time.h"

namespace kubelab::node {

struct FileNode
{
    bool dir = false;
    bool removed = false; // a whiteout in a writable layer: hides the image's file
    std::string data;
    sim::Time mtime = 0;
};

// A tree of files by absolute, normalised path ("/tmp/a"); a directory is listed before
// its children because "/" sorts before any name character.
class FileTree
{
public:
    const FileNode* find(const std::string& path) const;
    FileNode* findMutable(const std::string& path);
    FileNode& put(const std::string& path, FileNode node);
    void erase(const std::string& path); // and everything under it
    // Names directly under `dir`, whiteouts included (callers filter).
    std::vector<std::string> children(const std::string& dir) const;
    bool empty() const { return m_nodes.empty(); }
    size_t size() const { return m_nodes.size(); }
    const std::map<std::string, FileNode>& nodes() const { return m_nodes; }

private:
    std::map<std::string, FileNode> m_nodes;
};

// "/a//b/./c/../d" -> "/a/b/d"; relative paths are taken from `cwd`.
std::string normalizePath(const std::string& path, const std::string& cwd = "/");

struct Mount
{
    std::string containerPath; // normalised
    std::string hostPath;      // a directory (or file) of the node's FileTree
    bool readOnly = false;
};

// What the kubelet-managed files say about the pod.
struct PodIdentity
{
    std::string name, ns, ip, hostname;
    std::string serviceAccount = "default";
    std::string clusterDomain = "cluster.local";
    std::string dnsServer = "10.96.0.10";
    // /etc/resolv.conf as the kubelet wrote it for the pod's dnsPolicy (net::podResolvConf);
    // empty: ClusterFirst's, from the fields above.
    std::string resolvConf{};
};

// nginx images (docker.io/library/nginx, nginx-slim, e2e-test-images/nginx), and the
// welcome page they ship and serve.
bool isNginx(const std::string& repository);
const char* nginxIndexPage();

// The image's side of a container's files: which userland it is, and what it ships.
enum class Userland {
    Busybox, // busybox, alpine: ash and busybox's applets and messages
    Gnu,     // debian, ubuntu and what is built on them: bash and coreutils
    None,    // distroless and pause: no shell at all
};

class ContainerFs
{
public:
    ContainerFs() = default;
    ContainerFs(Userland userland, std::string imageRepository, PodIdentity pod,
                std::vector<Mount> mounts);

    enum class Error { None, NotFound, NotDir, IsDir, Exists, ReadOnly, NotEmpty, NoSpace };
    // A file grows to this size at most ("No space left on device" beyond): a loop that
    // appends for ever fills its file, not the engine's memory.
    static constexpr size_t kMaxFileBytes = 8 << 20;
    struct Stat
    {
        bool dir = false;
        size_t size = 0;
        sim::Time mtime = 0;
    };

    // `host` is the node's disk, where mounts point; the container's own files live here.
    std::optional<Stat> stat(const FileTree& host, const std::string& path) const;
    std::optional<std::string> read(const FileTree& host, const std::string& path) const;
    Error write(FileTree& host, const std::string& path, const std::string& data, bool append,
                sim::Time now);
    Error mkdir(FileTree& host, const std::string& path, bool parents, sim::Time now);
    Error remove(FileTree& host, const std::string& path, bool recursive);
    // Sorted names in a directory; nullopt when it is not one.
    std::optional<std::vector<std::string>> list(const FileTree& host,
                                                 const std::string& path) const;

    Userland userland() const { return m_userland; }
    const PodIdentity& pod() const { return m_pod; }
    const std::vector<Mount>& mounts() const { return m_mounts; }
    const FileTree& layer() const { return m_layer; }

private:
    struct Where
    {
        const Mount* mount = nullptr; // null: the container's own layer
        std::string path;             // in the host tree, or in the layer
    };
    Where locate(const std::string& path) const;
    // The image's and the kubelet's files, which the writable layer shadows.
    std::optional<FileNode> baseFile(const std::string& path) const;
    std::vector<std::string> baseChildren(const std::string& dir) const;
    const FileNode* node(const FileTree& host, const Where& w, FileNode& scratch) const;

    Userland m_userland = Userland::Busybox;
    std::string m_image;
    PodIdentity m_pod;
    std::vector<Mount> m_mounts; // longest containerPath first
    FileTree m_layer;
};

} // namespace kubelab::node
