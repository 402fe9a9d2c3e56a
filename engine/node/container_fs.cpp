#include "engine/node/container_fs.h"

#include <algorithm>

#include "engine/api/base64.h"

namespace kubelab::node {

namespace {

constexpr const char* kServiceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

bool under(const std::string& path, const std::string& dir)
{
    if (dir == "/")
        return true;
    return path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
                           path[dir.size()] == '/');
}

std::string parentOf(const std::string& path)
{
    const auto slash = path.rfind('/');
    return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

std::string join(const std::string& dir, const std::string& rest)
{
    if (rest.empty())
        return dir;
    return dir == "/" ? rest : dir + rest;
}

// The directories every image has, and the ones its userland adds.
const std::vector<std::string>& baseDirs(Userland u)
{
    static const std::vector<std::string> busybox = {
        "/",    "/bin", "/dev",     "/etc",     "/home",    "/proc",   "/root",
        "/sys", "/tmp", "/usr",     "/usr/bin", "/usr/sbin", "/var",   "/var/log",
        "/var/run", "/var/run/secrets", "/var/run/secrets/kubernetes.io",
        "/var/run/secrets/kubernetes.io/serviceaccount", "/var/spool", "/var/www"};
    static const std::vector<std::string> gnu = {
        "/",        "/bin",     "/boot",     "/dev",      "/etc",    "/home",
        "/lib",     "/media",   "/mnt",      "/opt",      "/proc",   "/root",
        "/run",     "/sbin",    "/srv",      "/sys",      "/tmp",    "/usr",
        "/usr/bin", "/usr/lib", "/usr/local", "/usr/sbin", "/usr/share", "/var",
        "/var/log", "/var/run", "/var/run/secrets", "/var/run/secrets/kubernetes.io",
        "/var/run/secrets/kubernetes.io/serviceaccount"};
    static const std::vector<std::string> none = {
        "/", "/dev", "/etc", "/proc", "/sys", "/var", "/var/run", "/var/run/secrets",
        "/var/run/secrets/kubernetes.io", "/var/run/secrets/kubernetes.io/serviceaccount"};
    return u == Userland::Busybox ? busybox : u == Userland::Gnu ? gnu : none;
}

// nginx's stock pages and configuration, the files learners look at first.
const char* kNginxIndex = R"(<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
)";

const char* kNginxDefaultConf = R"(server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
)";

} // namespace

bool isNginx(const std::string& repository)
{
    return repository.find("/nginx") != std::string::npos;
}

const char* nginxIndexPage()
{
    return kNginxIndex;
}

std::string normalizePath(const std::string& path, const std::string& cwd)
{
    const std::string full = !path.empty() && path[0] == '/' ? path : cwd + "/" + path;
    std::vector<std::string> parts;
    size_t i = 0;
    while (i <= full.size()) {
        size_t j = full.find('/', i);
        if (j == std::string::npos)
            j = full.size();
        const std::string part = full.substr(i, j - i);
        if (part == "..") {
            if (!parts.empty())
                parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        i = j + 1;
    }
    std::string out;
    for (const auto& p : parts)
        out += "/" + p;
    return out.empty() ? "/" : out;
}

const FileNode* FileTree::find(const std::string& path) const
{
    auto it = m_nodes.find(path);
    return it == m_nodes.end() ? nullptr : &it->second;
}

FileNode* FileTree::findMutable(const std::string& path)
{
    auto it = m_nodes.find(path);
    return it == m_nodes.end() ? nullptr : &it->second;
}

FileNode& FileTree::put(const std::string& path, FileNode node)
{
    return m_nodes[path] = std::move(node);
}

void FileTree::erase(const std::string& path)
{
    auto it = m_nodes.lower_bound(path);
    while (it != m_nodes.end() && under(it->first, path))
        it = m_nodes.erase(it);
}

std::vector<std::string> FileTree::children(const std::string& dir) const
{
    std::vector<std::string> out;
    const std::string prefix = dir == "/" ? "/" : dir + "/";
    for (auto it = m_nodes.upper_bound(prefix); it != m_nodes.end(); ++it) {
        if (it->first.compare(0, prefix.size(), prefix) != 0)
            break;
        const std::string rest = it->first.substr(prefix.size());
        if (!rest.empty() && rest.find('/') == std::string::npos)
            out.push_back(rest);
    }
    return out;
}

ContainerFs::ContainerFs(Userland userland, std::string imageRepository, PodIdentity pod,
                         std::vector<Mount> mounts)
    : m_userland(userland), m_image(std::move(imageRepository)), m_pod(std::move(pod)),
      m_mounts(std::move(mounts))
{
    for (Mount& m : m_mounts)
        m.containerPath = normalizePath(m.containerPath);
    std::stable_sort(m_mounts.begin(), m_mounts.end(), [](const Mount& a, const Mount& b) {
        return a.containerPath.size() > b.containerPath.size();
    });
}

ContainerFs::Where ContainerFs::locate(const std::string& path) const
{
    for (const Mount& m : m_mounts)
        if (under(path, m.containerPath))
            return {&m, join(m.hostPath, path.substr(m.containerPath == "/"
                                                         ? 0
                                                         : m.containerPath.size()))};
    return {nullptr, path};
}

std::optional<FileNode> ContainerFs::baseFile(const std::string& path) const
{
    const auto& dirs = baseDirs(m_userland);
    if (std::find(dirs.begin(), dirs.end(), path) != dirs.end())
        return FileNode{true, false, {}, 0};
    auto file = [](std::string data) { return FileNode{false, false, std::move(data), 0}; };
    if (path == "/etc/hostname")
        return file(m_pod.hostname + "\n");
    if (path == "/etc/hosts")
        return file("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost "
                    "ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\n"
                    "fe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n" +
                    (m_pod.ip.empty() ? "" : m_pod.ip + "\t" + m_pod.hostname + "\n"));
    if (path == "/etc/resolv.conf" && !m_pod.resolvConf.empty())
        return file(m_pod.resolvConf);
    if (path == "/etc/resolv.conf")
        return file("search " + m_pod.ns + ".svc." + m_pod.clusterDomain + " svc." +
                    m_pod.clusterDomain + " " + m_pod.clusterDomain + "\nnameserver " +
                    m_pod.dnsServer + "\noptions ndots:5\n");
    if (m_userland != Userland::None && path == "/etc/passwd")
        return file("root:x:0:0:root:/root:/bin/" +
                    std::string(m_userland == Userland::Gnu ? "bash" : "sh") + "\n");
    if (path.rfind(kServiceAccountDir, 0) == 0 && !m_pod.serviceAccount.empty()) {
        const std::string leaf = path.substr(std::string(kServiceAccountDir).size());
        if (leaf == "/namespace")
            return file(m_pod.ns);
        if (leaf == "/ca.crt")
            return file("-----BEGIN CERTIFICATE-----\n"
                        "(the cluster's CA certificate, from the kube-root-ca.crt ConfigMap)\n"
                        "-----END CERTIFICATE-----\n");
        if (leaf == "/token") {
            // A bound service account token's shape: header.claims.signature.
            const std::string header = R"({"alg":"RS256","kid":"kubelab"})";
            const std::string claims = R"({"aud":["https://kubernetes.default.svc.)" +
                                       m_pod.clusterDomain +
                                       R"("],"sub":"system:serviceaccount:)" + m_pod.ns + ":" +
                                       m_pod.serviceAccount + R"("})";
            auto b64url = [](const std::string& s) {
                std::string e = api::base64Encode(s);
                while (!e.empty() && e.back() == '=')
                    e.pop_back();
                std::replace(e.begin(), e.end(), '+', '-');
                std::replace(e.begin(), e.end(), '/', '_');
                return e;
            };
            return file(b64url(header) + "." + b64url(claims) + "." + b64url("kubelab"));
        }
    }
    if (isNginx(m_image)) {
        if (path == "/usr/share/nginx" || path == "/usr/share/nginx/html" ||
            path == "/etc/nginx" || path == "/etc/nginx/conf.d" || path == "/usr/share")
            return FileNode{true, false, {}, 0};
        if (path == "/usr/share/nginx/html/index.html")
            return file(kNginxIndex);
        if (path == "/etc/nginx/conf.d/default.conf")
            return file(kNginxDefaultConf);
    }
    return std::nullopt;
}

std::vector<std::string> ContainerFs::baseChildren(const std::string& dir) const
{
    std::vector<std::string> out;
    const std::string prefix = dir == "/" ? "/" : dir + "/";
    for (const auto& d : baseDirs(m_userland))
        if (d.size() > prefix.size() && d.compare(0, prefix.size(), prefix) == 0 &&
            d.find('/', prefix.size()) == std::string::npos)
            out.push_back(d.substr(prefix.size()));
    auto add = [&](const std::string& path) {
        if (parentOf(path) == dir && baseFile(path))
            out.push_back(path.substr(prefix.size()));
    };
    for (const char* f : {"/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/etc/passwd"})
        add(f);
    for (const char* f : {"/namespace", "/ca.crt", "/token"})
        add(std::string(kServiceAccountDir) + f);
    for (const char* f : {"/usr/share/nginx", "/usr/share/nginx/html", "/etc/nginx",
                          "/etc/nginx/conf.d", "/usr/share/nginx/html/index.html",
                          "/etc/nginx/conf.d/default.conf"})
        add(f);
    return out;
}

const FileNode* ContainerFs::node(const FileTree& host, const Where& w, FileNode& scratch) const
{
    if (w.mount)
        return host.find(w.path);
    if (const FileNode* n = m_layer.find(w.path))
        return n->removed ? nullptr : n;
    if (auto b = baseFile(w.path)) {
        scratch = std::move(*b);
        return &scratch;
    }
    return nullptr;
}

std::optional<ContainerFs::Stat> ContainerFs::stat(const FileTree& host,
                                                   const std::string& path) const
{
    const Where w = locate(normalizePath(path));
    FileNode scratch;
    const FileNode* n = node(host, w, scratch);
    if (!n)
        return std::nullopt;
    return Stat{n->dir, n->data.size(), n->mtime};
}

std::optional<std::string> ContainerFs::read(const FileTree& host, const std::string& path) const
{
    const Where w = locate(normalizePath(path));
    FileNode scratch;
    const FileNode* n = node(host, w, scratch);
    if (!n || n->dir)
        return std::nullopt;
    return n->data;
}

ContainerFs::Error ContainerFs::write(FileTree& host, const std::string& path,
                                      const std::string& data, bool append, sim::Time now)
{
    const std::string p = normalizePath(path);
    const Where w = locate(p);
    if (w.mount && w.mount->readOnly)
        return Error::ReadOnly;
    auto parent = stat(host, parentOf(p));
    if (!parent)
        return Error::NotFound;
    if (!parent->dir)
        return Error::NotDir;
    FileNode scratch;
    const FileNode* existing = node(host, w, scratch);
    if (existing && existing->dir)
        return Error::IsDir;
    const size_t size = (append && existing ? existing->data.size() : 0) + data.size();
    if (size > kMaxFileBytes)
        return Error::NoSpace;
    FileTree& tree = w.mount ? host : m_layer;
    if (append && existing) {
        // In place when the file is already in the tree written to (appending in a loop
        // must not copy the whole file each time).
        if (FileNode* mine = tree.findMutable(w.path); mine && !mine->removed && !mine->dir) {
            mine->data += data;
            mine->mtime = now;
            return Error::None;
        }
    }
    FileNode next{false, false, append && existing ? existing->data + data : data, now};
    tree.put(w.path, std::move(next));
    return Error::None;
}

ContainerFs::Error ContainerFs::mkdir(FileTree& host, const std::string& path, bool parents,
                                      sim::Time now)
{
    const std::string p = normalizePath(path);
    if (auto s = stat(host, p))
        return parents && s->dir ? Error::None : Error::Exists;
    const std::string parent = parentOf(p);
    auto ps = stat(host, parent);
    if (!ps) {
        if (!parents)
            return Error::NotFound;
        if (Error e = mkdir(host, parent, true, now); e != Error::None)
            return e;
    } else if (!ps->dir) {
        return Error::NotDir;
    }
    const Where w = locate(p);
    if (w.mount && w.mount->readOnly)
        return Error::ReadOnly;
    (w.mount ? host : m_layer).put(w.path, FileNode{true, false, {}, now});
    return Error::None;
}

ContainerFs::Error ContainerFs::remove(FileTree& host, const std::string& path, bool recursive)
{
    const std::string p = normalizePath(path);
    auto s = stat(host, p);
    if (!s)
        return Error::NotFound;
    if (s->dir) {
        auto names = list(host, p);
        if (names && !names->empty() && !recursive)
            return Error::NotEmpty;
        if (recursive && names)
            for (const auto& n : *names)
                if (Error e = remove(host, join(p, "/" + n), true); e != Error::None)
                    return e;
    }
    const Where w = locate(p);
    if (w.mount) {
        if (w.mount->readOnly)
            return Error::ReadOnly;
        if (w.path == w.mount->hostPath)
            return Error::None; // a mount point stays; its contents went above
        host.erase(w.path);
        return Error::None;
    }
    m_layer.erase(p);
    if (baseFile(p))
        m_layer.put(p, FileNode{false, true, {}, 0}); // whiteout
    return Error::None;
}

std::optional<std::vector<std::string>> ContainerFs::list(const FileTree& host,
                                                          const std::string& path) const
{
    const std::string p = normalizePath(path);
    auto s = stat(host, p);
    if (!s || !s->dir)
        return std::nullopt;
    std::vector<std::string> names;
    const Where w = locate(p);
    if (w.mount) {
        for (const auto& n : host.children(w.path))
            names.push_back(n);
    } else {
        names = baseChildren(p);
        for (const auto& n : m_layer.children(p)) {
            const FileNode* f = m_layer.find(join(p, "/" + n));
            auto it = std::find(names.begin(), names.end(), n);
            if (f && f->removed) {
                if (it != names.end())
                    names.erase(it);
            } else if (it == names.end()) {
                names.push_back(n);
            }
        }
    }
    // Mount points show in their parent directory.
    for (const Mount& m : m_mounts)
        if (m.containerPath != "/" && parentOf(m.containerPath) == p) {
            const std::string leaf = m.containerPath.substr(p == "/" ? 1 : p.size() + 1);
            if (std::find(names.begin(), names.end(), leaf) == names.end())
                names.push_back(leaf);
        }
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace kubelab::node
