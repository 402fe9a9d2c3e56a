// The simulated registry's catalogue: every image it serves, with its tags, its size and what
// a container of it does by default. Sizes are the compressed linux/amd64 sizes the
// registries list (what containerd reports after a pull), rounded: three significant digits
// under 10 MB, two above. They are approximate. Within a repository an entry's tags share
// one digest; the first entry of a repository starts with the version `latest` points to.
#include "engine/node/image_catalog_data.h"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>

namespace kubelab::node {

namespace {

std::vector<LogText> lines(std::initializer_list<const char*> texts)
{
    std::vector<LogText> out;
    for (const char* text : texts)
        out.push_back(logText(text));
    return out;
}

ImageInfo image(std::string repository, std::vector<std::string> tags, std::int64_t sizeBytes,
                ImageKind kind, std::vector<LogText> startupLog = {})
{
    ImageInfo info;
    info.repository = std::move(repository);
    info.tags = std::move(tags);
    info.sizeBytes = sizeBytes;
    info.kind = kind;
    info.startupLog = std::move(startupLog);
    return info;
}

// A database whose entrypoint exits 1 unless one of `requiredEnv` is set.
ImageInfo database(std::string repository, std::vector<std::string> tags, std::int64_t sizeBytes,
                   std::vector<std::string> requiredEnv, std::vector<LogText> missingEnvLog)
{
    ImageInfo info = image(std::move(repository), std::move(tags), sizeBytes, ImageKind::NeedsEnv);
    info.requiredEnv = std::move(requiredEnv);
    info.missingEnvLog = std::move(missingEnvLog);
    return info;
}

constexpr ImageKind Server = ImageKind::Server;
constexpr ImageKind Shell = ImageKind::Shell;
constexpr ImageKind Python = ImageKind::Python;
constexpr ImageKind Exits = ImageKind::Exits;

} // namespace

std::vector<ImageInfo> catalogEntries()
{
    // Shared logs. Built here rather than at namespace scope so that a catalogue built during
    // another file's static initialisation never sees them empty.
    const std::vector<LogText> nginxEntrypoint = lines({
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
    // Redis 7.2 and later name the listener; earlier versions do not.
    const std::vector<LogText> redisLog = lines({
        "1:C 05 Jan 2026 09:00:00.000 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
        "1:M 05 Jan 2026 09:00:00.000 * Server initialized",
        "1:M 05 Jan 2026 09:00:00.000 * Ready to accept connections tcp",
    });
    const std::vector<LogText> redisOldLog = lines({
        "1:C 05 Jan 2026 09:00:00.000 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
        "1:M 05 Jan 2026 09:00:00.000 * Server initialized",
        "1:M 05 Jan 2026 09:00:00.000 * Ready to accept connections",
    });
    const std::vector<LogText> httpdLog = lines({
        "[mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- "
        "resuming normal operations",
        "[core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'",
    });
    const std::vector<LogText> postgresMissing = lines({
        "Error: Database is uninitialized and superuser password is not specified.",
        "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
        "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".",
    });
    const std::vector<std::string> postgresEnv = {"POSTGRES_PASSWORD"};
    const std::vector<LogText> mysqlMissing = lines({
        "[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified",
        "    You need to specify one of the following as an environment variable:",
        "    - MYSQL_ROOT_PASSWORD",
        "    - MYSQL_ALLOW_EMPTY_PASSWORD",
        "    - MYSQL_RANDOM_ROOT_PASSWORD",
    });
    const std::vector<std::string> mysqlEnv = {"MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD",
                                               "MYSQL_RANDOM_ROOT_PASSWORD"};
    const std::vector<LogText> mariadbMissing = lines({
        "[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified",
        "\tYou need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, "
        "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD",
    });
    // The entrypoint also accepts the MYSQL_ names of the same settings.
    const std::vector<std::string> mariadbEnv = {"MARIADB_ROOT_PASSWORD",
                                                 "MARIADB_ROOT_PASSWORD_HASH",
                                                 "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD",
                                                 "MARIADB_RANDOM_ROOT_PASSWORD",
                                                 "MYSQL_ROOT_PASSWORD",
                                                 "MYSQL_ALLOW_EMPTY_PASSWORD",
                                                 "MYSQL_RANDOM_ROOT_PASSWORD"};
    auto phpApache = [](const std::string& apache, const std::string& php) {
        return std::vector<LogText>{
            logText("[mpm_prefork:notice] [pid 1] AH00163: Apache/" + apache + " (Debian) PHP/" +
                    php + " configured -- resuming normal operations"),
            logText("[core:notice] [pid 1] AH00094: Command line: 'apache2 -D FOREGROUND'")};
    };
    const std::vector<LogText> phpFpm = lines({
        "[05-Jan-2026 09:00:00] NOTICE: fpm is running, pid 1",
        "[05-Jan-2026 09:00:00] NOTICE: ready to handle connections",
    });
    const std::vector<LogText> wordpressLog = lines({
        "WordPress not found in /var/www/html - copying now...",
        "Complete! WordPress has been successfully copied to /var/www/html",
    });
    const std::vector<LogText> helloWorld = lines({
        "",
        "Hello from Docker!",
        "This message shows that your installation appears to be working correctly.",
        "",
        "To generate this message, Docker took the following steps:",
        " 1. The Docker client contacted the Docker daemon.",
        " 2. The Docker daemon pulled the \"hello-world\" image from the Docker Hub.",
        "    (amd64)",
        " 3. The Docker daemon created a new container from that image which runs the",
        "    executable that produces the output you are currently reading.",
        " 4. The Docker daemon streamed that output to the Docker client, which sent it",
        "    to your terminal.",
        "",
        "To try something more ambitious, you can run an Ubuntu container with:",
        " $ docker run -it ubuntu bash",
        "",
        "Share images, automate workflows, and more with a free Docker ID:",
        " https://hub.docker.com/",
        "",
        "For more examples and ideas, visit:",
        " https://docs.docker.com/get-started/",
        "",
    });
    const std::vector<LogText> whoamiLog = lines({"2026/01/05 09:00:00 Starting up on port 80"});
    const std::vector<LogText> helloAppLog =
        lines({"2026/01/05 09:00:00 Server listening on port 8080"});

    std::vector<ImageInfo> entries = {
        // ---- Today's entries, first and unchanged: simulation traces depend on them. ----
        image("docker.io/library/nginx", {"1.27", "latest", "1.27.3", "stable-perl"}, 72'100'000,
              Server, nginxEntrypoint),
        image("docker.io/library/nginx", {"1.26", "1.26.2", "stable"}, 71'000'000, Server,
              nginxEntrypoint),
        image("docker.io/library/nginx", {"1.25", "1.25.5"}, 70'500'000, Server, nginxEntrypoint),
        // The Kubernetes docs' Deployment example; this old image has no entrypoint script
        // and logs nothing at start.
        image("docker.io/library/nginx", {"1.14.2"}, 44'700'000, Server),
        image("docker.io/library/busybox", {"1.37", "latest", "1.37.0", "1.36", "1.36.1"},
              2'160'000, Shell),
        image("docker.io/library/alpine", {"3.21", "latest", "3.20", "3"}, 3'650'000, Shell),
        image("docker.io/library/redis", {"7.4", "latest", "7", "7.4.1"}, 45'300'000, Server,
              redisLog),
        database("docker.io/library/postgres", {"17", "latest", "17.2", "16"}, 158'000'000,
                 postgresEnv, postgresMissing),
        image("docker.io/library/httpd", {"2.4", "latest", "2.4.62"}, 58'400'000, Server, httpdLog),
        image("docker.io/library/python", {"3.13", "latest", "3", "3.12"}, 371'000'000, Python),
        image("docker.io/library/memcached", {"1.6", "latest"}, 33'900'000, Server),
        image("registry.k8s.io/pause", {"3.10"}, 320'368, ImageKind::Pause),

        // ---- Docker Hub official images ----
        image("docker.io/library/nginx",
              {"1.27-alpine", "alpine", "mainline-alpine", "1.27.3-alpine"}, 21'000'000, Server,
              nginxEntrypoint),
        image("docker.io/library/nginx", {"1.26-alpine", "stable-alpine", "1.26.2-alpine"},
              21'000'000, Server, nginxEntrypoint),
        // Newer than the catalogue's "latest" (kept at 1.27 so traces stay the same); sizes
        // rounded, as Docker Hub lists about 72 MB for both.
        image("docker.io/library/nginx", {"1.29", "1.29.0"}, 72'000'000, Server, nginxEntrypoint),
        image("docker.io/library/nginx", {"1.28", "1.28.0"}, 72'000'000, Server, nginxEntrypoint),
        image("docker.io/library/nginx", {"1.24", "1.24.0"}, 67'000'000, Server, nginxEntrypoint),
        image("docker.io/library/nginx", {"1.23", "1.23.4"}, 57'000'000, Server, nginxEntrypoint),
        image("docker.io/library/nginx", {"1.21", "1.21.6"}, 56'000'000, Server, nginxEntrypoint),
        image("docker.io/library/nginx", {"1.20", "1.20.2"}, 54'000'000, Server, nginxEntrypoint),
        image("docker.io/library/nginx", {"1.19", "1.19.10"}, 53'000'000, Server, nginxEntrypoint),
        // Before the entrypoint scripts (1.19): nothing is logged at start.
        image("docker.io/library/nginx", {"1.17", "1.17.10"}, 51'000'000, Server),
        image("docker.io/library/nginx", {"1.16", "1.16.1"}, 51'000'000, Server),

        // Through 1.34 the default variant was uclibc (~0.75 MB); glibc (~2.2 MB) since the
        // end of 2022, when 1.35 was still built.
        image("docker.io/library/busybox", {"1.35", "1.35.0"}, 2'200'000, Shell),
        image("docker.io/library/busybox", {"1.34", "1.34.1"}, 770'000, Shell),
        image("docker.io/library/busybox", {"1.33", "1.33.1"}, 770'000, Shell),
        image("docker.io/library/busybox", {"1.32", "1.32.1"}, 760'000, Shell),
        image("docker.io/library/busybox", {"1.31", "1.31.1"}, 760'000, Shell),
        image("docker.io/library/busybox", {"1.30", "1.30.1"}, 760'000, Shell),
        image("docker.io/library/busybox", {"1.29", "1.29.3"}, 750'000, Shell),
        image("docker.io/library/busybox", {"1.28", "1.28.4"}, 728'000, Shell),
        image("docker.io/library/busybox", {"musl", "1.37-musl", "1.37.0-musl", "1-musl"}, 900'000,
              Shell),

        image("docker.io/library/alpine", {"3.19"}, 3'400'000, Shell),
        image("docker.io/library/alpine", {"3.18"}, 3'400'000, Shell),
        image("docker.io/library/alpine", {"3.17"}, 3'380'000, Shell),
        image("docker.io/library/alpine", {"3.16"}, 2'810'000, Shell),
        image("docker.io/library/alpine", {"3.15"}, 2'820'000, Shell),
        image("docker.io/library/alpine", {"3.14"}, 2'830'000, Shell),

        image("docker.io/library/ubuntu", {"24.04", "latest", "noble"}, 30'000'000, Shell),
        image("docker.io/library/ubuntu", {"22.04", "jammy"}, 30'000'000, Shell),
        image("docker.io/library/ubuntu", {"20.04", "focal"}, 28'000'000, Shell),
        image("docker.io/library/ubuntu", {"18.04", "bionic"}, 26'000'000, Shell),

        image("docker.io/library/debian", {"bookworm", "latest", "12", "stable"}, 49'000'000,
              Shell),
        image("docker.io/library/debian", {"bookworm-slim", "12-slim", "stable-slim"}, 28'000'000,
              Shell),
        image("docker.io/library/debian", {"bullseye", "11", "oldstable"}, 54'000'000, Shell),
        image("docker.io/library/debian", {"bullseye-slim", "11-slim", "oldstable-slim"},
              30'000'000, Shell),
        image("docker.io/library/debian", {"buster", "10"}, 50'000'000, Shell),

        // The default process is `perl -de0`, the debugger, which ends at EOF without a TTY.
        image("docker.io/library/perl", {"5.40", "latest", "5"}, 340'000'000, Exits),
        image("docker.io/library/perl", {"5.38"}, 340'000'000, Exits),
        image("docker.io/library/perl", {"5.34"}, 320'000'000, Exits),
        // The Kubernetes docs' Job example (pi to 2000 places).
        image("docker.io/library/perl", {"5.34.0"}, 320'000'000, Exits),

        image("docker.io/library/python", {"3.13-slim", "slim", "3-slim"}, 43'000'000, Python),
        image("docker.io/library/python", {"3.13-alpine", "alpine", "3-alpine"}, 18'000'000,
              Python),
        image("docker.io/library/python", {"3.11"}, 370'000'000, Python),
        image("docker.io/library/python", {"3.11-slim"}, 45'000'000, Python),
        image("docker.io/library/python", {"3.10"}, 360'000'000, Python),
        image("docker.io/library/python", {"3.9"}, 360'000'000, Python),
        image("docker.io/library/python", {"2.7", "2", "2.7.18"}, 330'000'000, Python),

        // `latest` is the current release line (23); `lts` is 22.
        image("docker.io/library/node", {"23", "latest", "current"}, 390'000'000, Exits),
        image("docker.io/library/node", {"22", "lts", "jod"}, 390'000'000, Exits),
        image("docker.io/library/node", {"20", "iron"}, 380'000'000, Exits),
        image("docker.io/library/node", {"18", "hydrogen"}, 380'000'000, Exits),
        image("docker.io/library/node", {"16", "gallium"}, 330'000'000, Exits),
        image("docker.io/library/node", {"14", "fermium"}, 340'000'000, Exits),
        image("docker.io/library/node", {"23-alpine", "alpine", "current-alpine"}, 57'000'000,
              Exits),
        image("docker.io/library/node", {"22-alpine", "lts-alpine"}, 55'000'000, Exits),
        image("docker.io/library/node", {"20-alpine"}, 45'000'000, Exits),

        // The default process is `bash`.
        image("docker.io/library/golang", {"1.23", "latest", "1"}, 290'000'000, Shell),
        image("docker.io/library/golang", {"1.22"}, 290'000'000, Shell),
        image("docker.io/library/golang", {"1.23-alpine", "alpine", "1-alpine"}, 75'000'000, Shell),

        // JDK images run `jshell`, which ends at EOF without a TTY; the JRE and Java 8
        // images have no default command and end at once.
        image("docker.io/library/eclipse-temurin", {"21", "latest", "21-jdk"}, 190'000'000, Exits),
        image("docker.io/library/eclipse-temurin", {"21-jre"}, 90'000'000, Exits),
        image("docker.io/library/eclipse-temurin", {"17", "17-jdk"}, 180'000'000, Exits),
        image("docker.io/library/eclipse-temurin", {"17-jre"}, 85'000'000, Exits),
        image("docker.io/library/eclipse-temurin", {"11", "11-jdk"}, 190'000'000, Exits),
        image("docker.io/library/eclipse-temurin", {"8", "8-jdk"}, 110'000'000, Exits),

        // Deprecated, no `latest`. 17 and 11 run `jshell`; the 8 and JRE images run the base
        // image's shell.
        image("docker.io/library/openjdk", {"17", "17-jdk"}, 230'000'000, Exits),
        image("docker.io/library/openjdk", {"11", "11-jdk"}, 320'000'000, Exits),
        image("docker.io/library/openjdk", {"11-jre-slim"}, 76'000'000, Shell),
        image("docker.io/library/openjdk", {"8", "8-jdk"}, 240'000'000, Shell),
        image("docker.io/library/openjdk", {"8-jdk-alpine", "8-alpine"}, 70'000'000, Shell),

        // `irb`, which ends at EOF without a TTY.
        image("docker.io/library/ruby", {"3.4", "latest", "3", "3.4.1"}, 370'000'000, Exits),
        image("docker.io/library/ruby", {"3.3"}, 370'000'000, Exits),
        image("docker.io/library/ruby", {"3.4-alpine", "alpine", "3-alpine"}, 40'000'000, Exits),

        // The CLI images run `php -a`, which ends at EOF without a TTY.
        image("docker.io/library/php", {"8.4", "latest", "8", "cli", "8.4-cli", "8-cli"},
              180'000'000, Exits),
        image("docker.io/library/php", {"8.4-apache", "apache", "8-apache"}, 190'000'000, Server,
              phpApache("2.4.62", "8.4.2")),
        image("docker.io/library/php", {"8.4-fpm", "fpm", "8-fpm"}, 180'000'000, Server, phpFpm),
        image("docker.io/library/php", {"8.3", "8.3-cli"}, 180'000'000, Exits),
        image("docker.io/library/php", {"8.3-apache"}, 190'000'000, Server,
              phpApache("2.4.62", "8.3.15")),
        image("docker.io/library/php", {"7.4", "7.4-cli"}, 160'000'000, Exits),
        image("docker.io/library/php", {"7.4-apache"}, 170'000'000, Server,
              phpApache("2.4.54", "7.4.33")),

        image("docker.io/library/redis", {"7.4-alpine", "alpine", "7-alpine", "7.4.1-alpine"},
              17'000'000, Server, redisLog),
        image("docker.io/library/redis", {"7.2", "7.2.6"}, 40'000'000, Server, redisLog),
        image("docker.io/library/redis", {"6.2", "6", "6.2.16"}, 40'000'000, Server, redisOldLog),
        // The Kubernetes docs' guestbook leader.
        image("docker.io/library/redis", {"6.0.5"}, 37'000'000, Server, redisOldLog),
        image("docker.io/library/redis", {"5", "5.0", "5.0.14"}, 38'000'000, Server, redisOldLog),

        image("docker.io/library/memcached", {"1.6-alpine", "alpine"}, 4'800'000, Server),

        database("docker.io/library/postgres", {"17-alpine", "alpine", "17.2-alpine"}, 100'000'000,
                 postgresEnv, postgresMissing),
        database("docker.io/library/postgres", {"15", "15.10"}, 150'000'000, postgresEnv,
                 postgresMissing),
        database("docker.io/library/postgres", {"14", "14.15"}, 150'000'000, postgresEnv,
                 postgresMissing),
        database("docker.io/library/postgres", {"13", "13.18"}, 150'000'000, postgresEnv,
                 postgresMissing),

        // `latest` is the innovation line (9.x); `lts` is 8.4.
        database("docker.io/library/mysql", {"9.1", "latest", "9", "innovation", "9.1.0"},
                 270'000'000, mysqlEnv, mysqlMissing),
        database("docker.io/library/mysql", {"8.4", "lts", "8", "8.4.3"}, 240'000'000, mysqlEnv,
                 mysqlMissing),
        database("docker.io/library/mysql", {"8.0", "8.0.40"}, 230'000'000, mysqlEnv, mysqlMissing),
        database("docker.io/library/mysql", {"5.7", "5.7.44"}, 160'000'000, mysqlEnv, mysqlMissing),

        database("docker.io/library/mariadb", {"11.6", "latest", "11", "11.6.2"}, 110'000'000,
                 mariadbEnv, mariadbMissing),
        database("docker.io/library/mariadb", {"11.4", "lts", "11.4.4"}, 110'000'000, mariadbEnv,
                 mariadbMissing),
        database("docker.io/library/mariadb", {"10.11", "10.11.10"}, 110'000'000, mariadbEnv,
                 mariadbMissing),
        database("docker.io/library/mariadb", {"10.6", "10.6.20"}, 110'000'000, mariadbEnv,
                 mariadbMissing),

        image("docker.io/library/mongo", {"8.0", "latest", "8"}, 330'000'000, Server),
        image("docker.io/library/mongo", {"7.0", "7"}, 290'000'000, Server),
        image("docker.io/library/mongo", {"6.0", "6"}, 250'000'000, Server),
        image("docker.io/library/mongo", {"4.4", "4"}, 170'000'000, Server),

        image("docker.io/library/rabbitmq", {"4.0", "latest", "4"}, 100'000'000, Server),
        image("docker.io/library/rabbitmq", {"4.0-management", "management", "4-management"},
              110'000'000, Server),
        image("docker.io/library/rabbitmq", {"3.13-management", "3-management"}, 110'000'000,
              Server),

        image("docker.io/library/httpd", {"2.4-alpine", "alpine", "2.4.62-alpine"}, 22'000'000,
              Server, httpdLog),

        // Usually run with a mounted configuration; without one it exits 1.
        image("docker.io/library/haproxy", {"3.1", "latest"}, 40'000'000, Server),
        image("docker.io/library/haproxy", {"3.0", "lts"}, 40'000'000, Server),

        image("docker.io/library/traefik", {"v3.2", "latest", "v3"}, 50'000'000, Server),
        image("docker.io/library/traefik", {"v2.11", "v2"}, 45'000'000, Server),

        image("docker.io/library/registry", {"2", "latest", "2.8", "2.8.3"}, 9'900'000, Server),

        image("docker.io/library/wordpress", {"6.7", "latest", "6", "6.7.1", "apache"}, 240'000'000,
              Server, wordpressLog),
        image("docker.io/library/wordpress", {"php8.3-apache", "php8.3", "6.7-php8.3"}, 240'000'000,
              Server, wordpressLog),

        image("docker.io/library/hello-world", {"latest"}, 16'300, Exits, helloWorld),

        // Deprecated; `latest` is the last CentOS 8.
        image("docker.io/library/centos", {"8", "latest", "centos8", "8.4.2105"}, 83'000'000,
              Shell),
        image("docker.io/library/centos", {"7", "centos7", "7.9.2009"}, 76'000'000, Shell),

        image("docker.io/library/fedora", {"41", "latest"}, 60'000'000, Shell),

        image("docker.io/library/amazonlinux", {"2023", "latest"}, 52'000'000, Shell),
        image("docker.io/library/amazonlinux", {"2"}, 62'000'000, Shell),

        // Elastic's official images have no `latest`.
        image("docker.io/library/elasticsearch", {"8.17.0"}, 650'000'000, Server),
        image("docker.io/library/elasticsearch", {"7.17.26"}, 330'000'000, Server),
        image("docker.io/library/kibana", {"8.17.0"}, 400'000'000, Server),

        image("docker.io/grafana/grafana", {"11.4.0", "latest"}, 140'000'000, Server),
        image("docker.io/prom/prometheus", {"v3.1.0", "latest"}, 110'000'000, Server),

        // ---- registry.k8s.io (k8s.gcr.io references are normalised to it) ----
        // The docs' probe and downward-API examples; an old busybox.
        image("registry.k8s.io/busybox", {"latest"}, 1'140'000, Shell),
        image("registry.k8s.io/busybox", {"1.27.2"}, 720'000, Shell),
        image("registry.k8s.io/busybox", {"1.24"}, 680'000, Shell),

        image("registry.k8s.io/pause", {"3.9"}, 322'000, ImageKind::Pause),
        image("registry.k8s.io/pause", {"3.8"}, 311'000, ImageKind::Pause),
        image("registry.k8s.io/pause", {"3.7"}, 311'000, ImageKind::Pause),
        image("registry.k8s.io/pause", {"3.6"}, 302'000, ImageKind::Pause),
        image("registry.k8s.io/pause", {"3.5"}, 301'000, ImageKind::Pause),
        image("registry.k8s.io/pause", {"3.2"}, 300'000, ImageKind::Pause),
        image("registry.k8s.io/pause", {"3.1"}, 317'000, ImageKind::Pause),

        // The StatefulSet tutorial (0.8, updated to 0.24 in newer docs) and LeaderWorkerSet
        // examples (0.27).
        image("registry.k8s.io/nginx-slim", {"0.8"}, 45'000'000, Server),
        image("registry.k8s.io/nginx-slim", {"0.24"}, 24'000'000, Server),
        image("registry.k8s.io/nginx-slim", {"0.27"}, 24'000'000, Server),

        // agnhost without arguments prints its usage and exits; the docs run `netexec`,
        // `liveness` or `serve-hostname`.
        image("registry.k8s.io/e2e-test-images/agnhost", {"2.53"}, 55'000'000, Exits),
        image("registry.k8s.io/e2e-test-images/agnhost", {"2.52"}, 55'000'000, Exits),
        image("registry.k8s.io/e2e-test-images/agnhost", {"2.43"}, 53'000'000, Exits),
        image("registry.k8s.io/e2e-test-images/agnhost", {"2.40"}, 51'000'000, Exits),
        image("registry.k8s.io/e2e-test-images/agnhost", {"2.39"}, 51'000'000, Exits),
        image("registry.k8s.io/e2e-test-images/busybox", {"1.36.1-1"}, 2'200'000, Shell),
        image("registry.k8s.io/e2e-test-images/busybox", {"1.29-4"}, 750'000, Shell),
        image("registry.k8s.io/e2e-test-images/nginx", {"1.15-4"}, 7'000'000, Server),
        image("registry.k8s.io/e2e-test-images/nginx", {"1.14-4"}, 6'500'000, Server),
        // The DNS debugging page's `dnsutils` pod.
        image("registry.k8s.io/e2e-test-images/jessie-dnsutils", {"1.3"}, 65'000'000, Shell),

        image("registry.k8s.io/echoserver", {"1.10"}, 42'000'000, Server),
        image("registry.k8s.io/echoserver", {"1.4"}, 46'000'000, Server),
        // The HorizontalPodAutoscaler walkthrough's php-apache.
        image("registry.k8s.io/hpa-example", {"latest"}, 160'000'000, Server),
        // The docs' HTTP (`/server`) and TCP liveness examples.
        image("registry.k8s.io/liveness", {"latest"}, 2'000'000, Server),
        image("registry.k8s.io/goproxy", {"0.1"}, 1'700'000, Server),

        image("registry.k8s.io/etcd", {"3.5.16-0"}, 57'000'000, Server),
        image("registry.k8s.io/etcd", {"3.5.15-0"}, 57'000'000, Server),
        // The docs' gRPC liveness example.
        image("registry.k8s.io/etcd", {"3.5.1-0"}, 98'000'000, Server),
        image("registry.k8s.io/kube-apiserver", {"v1.32.0"}, 28'000'000, Server),
        image("registry.k8s.io/kube-controller-manager", {"v1.32.0"}, 26'000'000, Server),
        image("registry.k8s.io/kube-scheduler", {"v1.32.0"}, 20'000'000, Server),
        image("registry.k8s.io/kube-proxy", {"v1.32.0"}, 30'000'000, Server),
        image("registry.k8s.io/coredns/coredns", {"v1.11.3"}, 19'000'000, Server),
        image("registry.k8s.io/coredns/coredns", {"v1.11.1"}, 18'000'000, Server),
        image("registry.k8s.io/metrics-server/metrics-server", {"v0.7.2"}, 19'000'000, Server),
        image("registry.k8s.io/ingress-nginx/controller", {"v1.11.3"}, 100'000'000, Server),
        image("registry.k8s.io/dns/k8s-dns-node-cache", {"1.23.1"}, 30'000'000, Server),
        // The DaemonSet page's example, old and new.
        image("registry.k8s.io/fluentd-elasticsearch", {"1.20"}, 130'000'000, Server),
        image("quay.io/fluentd_elasticsearch/fluentd", {"v2.5.2"}, 140'000'000, Server),
        // The guestbook tutorial's frontend and follower.
        image("us-docker.pkg.dev/google-samples/containers/gke/gb-frontend", {"v5"}, 160'000'000,
              Server),
        image("us-docker.pkg.dev/google-samples/containers/gke/gb-redis-follower", {"v2"},
              35'000'000, Server),
        image("gcr.io/google-samples/gb-frontend", {"v4"}, 160'000'000, Server),

        // ---- Images tutorials use ----
        // `stress` without arguments prints its usage.
        image("docker.io/polinux/stress", {"1.0.4", "latest"}, 4'040'000, Exits),
        image("docker.io/vish/stress", {"latest"}, 2'800'000, Exits),
        image("docker.io/hashicorp/http-echo", {"1.0", "latest", "1.0.0"}, 3'800'000, Server),
        image("docker.io/hashicorp/http-echo", {"0.2.3"}, 2'200'000, Server),
        image("gcr.io/google-samples/hello-app", {"1.0"}, 11'000'000, Server, helloAppLog),
        image("gcr.io/google-samples/hello-app", {"2.0"}, 11'000'000, Server, helloAppLog),
        image("gcr.io/google-samples/node-hello", {"1.0"}, 250'000'000, Server),
        image("docker.io/nginxdemos/hello", {"latest"}, 10'000'000, Server),
        image("docker.io/nginxdemos/hello", {"plain-text"}, 10'000'000, Server),
        image("docker.io/kennethreitz/httpbin", {"latest"}, 190'000'000, Server),
        image("docker.io/ealen/echo-server", {"latest"}, 35'000'000, Server),
        image("docker.io/jmalloc/echo-server", {"latest"}, 3'500'000, Server,
              lines({"Echo server listening on port 8080."})),
        image("docker.io/traefik/whoami", {"latest"}, 3'300'000, Server, whoamiLog),
        image("docker.io/containous/whoami", {"latest"}, 3'500'000, Server, whoamiLog),
        image("docker.io/paulbouwer/hello-kubernetes", {"1.10"}, 35'000'000, Server),
        image("docker.io/docker/getting-started", {"latest"}, 11'000'000, Server),
        image("mcr.microsoft.com/dotnet/samples", {"aspnetapp"}, 90'000'000, Server,
              lines({"info: Microsoft.Hosting.Lifetime[14]",
                     "      Now listening on: http://[::]:8080",
                     "info: Microsoft.Hosting.Lifetime[0]",
                     "      Application started. Press Ctrl+C to shut down.",
                     "info: Microsoft.Hosting.Lifetime[0]", "      Hosting environment: Production",
                     "info: Microsoft.Hosting.Lifetime[0]", "      Content root path: /app"})),
        image("docker.io/dockersamples/static-site", {"latest"}, 75'000'000, Server),
        image("docker.io/stefanprodan/podinfo", {"6.7.1"}, 20'000'000, Server),
        image("ghcr.io/stefanprodan/podinfo", {"6.7.1"}, 20'000'000, Server),
        // `curl` without a URL prints a hint and ends.
        image("docker.io/curlimages/curl", {"8.11.1", "latest"}, 10'000'000, Exits,
              lines({"curl: try 'curl --help' or 'curl --manual' for more information"})),
        image("docker.io/nicolaka/netshoot", {"latest"}, 180'000'000, Shell),
        image("docker.io/radial/busyboxplus", {"curl"}, 2'000'000, Shell),
        image("docker.io/tutum/dnsutils", {"latest"}, 70'000'000, Shell),
        image("docker.io/infoblox/dnstools", {"latest"}, 6'500'000, Shell),
    };
    // What a database prints once its variables are set and it has started.
    const std::vector<LogText> postgresReady =
        lines({"PostgreSQL init process complete; ready for start up.",
               "LOG:  database system is ready to accept connections"});
    const std::vector<LogText> mysqlReady =
        lines({"[Note] [Entrypoint]: MySQL init process done. Ready for start up.",
               "[System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections."});
    const std::vector<LogText> mariadbReady =
        lines({"[Note] [Entrypoint]: MariaDB init process done. Ready for start up.",
               "[Note] mariadbd: ready for connections."});
    for (ImageInfo& info : entries) {
        if (info.kind != ImageKind::NeedsEnv || !info.startupLog.empty())
            continue;
        if (info.repository == "docker.io/library/postgres")
            info.startupLog = postgresReady;
        else if (info.repository == "docker.io/library/mysql")
            info.startupLog = mysqlReady;
        else if (info.repository == "docker.io/library/mariadb")
            info.startupLog = mariadbReady;
    }
    return entries;
}

} // namespace kubelab::node
