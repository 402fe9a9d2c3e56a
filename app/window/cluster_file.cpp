#include "app/window/cluster_file.h"

#include <QFile>
#include <sqlite3.h>

#include "app/progress/sqlite_db.h"

#include "engine/cluster/cluster.h"
#include "engine/model/version.h"
#include "engine/sim/time.h"

namespace kubelab::app {

namespace {
constexpr int kFormatVersion = 1;
constexpr const char* kApplicationId = "kubelab-cluster";

} // namespace

bool saveCluster(const cluster::Cluster& cluster, const QString& path, QString* error)
{
    QFile::remove(path);
    SqliteDb db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    db.exec("PRAGMA journal_mode=OFF; BEGIN;"
            "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "CREATE TABLE inputs(idx INTEGER PRIMARY KEY, after_event INTEGER NOT NULL,"
            " deliver_at INTEGER NOT NULL, sender TEXT, receiver TEXT, kind TEXT, body TEXT,"
            " periodic INTEGER);"
            "CREATE TABLE trace(idx INTEGER PRIMARY KEY, time INTEGER, seq INTEGER, actor TEXT,"
            " target TEXT, kind TEXT, summary TEXT, detail TEXT);");
    const sim::Simulation& s = cluster.sim();
    const nlohmann::json options = {{"controllerManager", cluster.options().controllerManager},
                                    {"scheduler", cluster.options().scheduler},
                                    {"checkpointInterval", cluster.options().checkpointInterval}};
    const std::pair<const char*, std::string> meta[] = {
        {"application", kApplicationId},
        {"format", std::to_string(kFormatVersion)},
        {"kubelab", KUBELAB_VERSION},
        {"kubernetes", model::kKubernetesVersion},
        {"seed", std::to_string(cluster.seed())},
        {"topology", cluster.topology().toJson().dump()},
        {"options", options.dump()},
        {"processed", std::to_string(s.processed())},
        {"now", std::to_string(s.now())},
        {"trace_sha256", s.trace().sha256()},
    };
    {
        SqliteStatement st(db, "INSERT INTO meta VALUES(?, ?)");
        for (const auto& [k, v] : meta)
            st.bind(1, std::string(k)).bind(2, v).run();
    }
    {
        SqliteStatement st(db, "INSERT INTO inputs VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
        int i = 0;
        for (const sim::Timeline::Input& in : cluster.timeline().postedInputs()) {
            st.bind(1, i++).bind(2, qint64(in.afterEvent)).bind(3, qint64(in.deliverAt));
            st.bind(4, in.message.from).bind(5, in.message.to).bind(6, in.message.kind);
            st.bind(7, in.message.body.dump()).bind(8, in.message.periodic ? 1 : 0).run();
        }
    }
    {
        SqliteStatement st(db, "INSERT INTO trace VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
        int i = 0;
        for (const sim::TraceRecord& r : s.trace()) {
            st.bind(1, i++).bind(2, qint64(r.time)).bind(3, qint64(r.seq)).bind(4, r.actor);
            st.bind(5, r.target).bind(6, r.kind).bind(7, r.summary).bind(8, r.detailText()).run();
        }
    }
    db.exec("COMMIT;");
    if (!db.ok())
        *error = QStringLiteral("cannot write %1: %2").arg(path, db.error());
    return db.ok();
}

std::unique_ptr<cluster::Cluster> openCluster(const QString& path, QString* error)
{
    if (!QFile::exists(path)) {
        *error = QStringLiteral("%1: no such file").arg(path);
        return nullptr;
    }
    SqliteDb db(path, SQLITE_OPEN_READONLY);
    std::map<std::string, std::string> meta;
    {
        SqliteStatement st(db, "SELECT key, value FROM meta");
        while (st.next())
            meta[st.bytes(0)] = st.bytes(1);
    }
    if (!db.ok() || meta["application"] != kApplicationId) {
        *error = QStringLiteral("%1 is not a KubeLab cluster file").arg(path);
        return nullptr;
    }
    if (meta["format"] != std::to_string(kFormatVersion)) {
        *error = QStringLiteral("%1 uses file format %2; this KubeLab reads format %3")
                     .arg(path, QString::fromStdString(meta["format"]))
                     .arg(kFormatVersion);
        return nullptr;
    }
    std::vector<sim::Timeline::Input> inputs;
    {
        SqliteStatement st(db, "SELECT after_event, deliver_at, sender, receiver, kind, "
                               "body, periodic FROM inputs ORDER BY idx");
        while (st.next()) {
            sim::Message m{st.bytes(2), st.bytes(3), st.bytes(4),
                           nlohmann::json::parse(st.bytes(5), nullptr, false), st.integer(6) != 0};
            inputs.push_back({std::uint64_t(st.integer(0)), sim::Time(st.integer(1)), std::move(m)});
        }
    }
    if (!db.ok()) {
        *error = QStringLiteral("%1 is damaged: %2").arg(path, db.error());
        return nullptr;
    }
    try {
        const auto topology = cluster::Topology::fromYaml(meta.at("topology"), path.toStdString());
        const auto options = nlohmann::json::parse(meta.at("options"));
        // Checkpoints do not change what happens, so the file's are not kept: an opened
        // cluster gets the rewind history this engine keeps for its shape.
        auto o = cluster::ClusterOptions::forTopology(topology);
        o.controllerManager = options.value("controllerManager", true);
        o.scheduler = options.value("scheduler", true);
        std::string why;
        auto cluster = cluster::Cluster::replay(std::stoull(meta.at("seed")), topology, o, inputs,
                                                std::stoull(meta.at("processed")),
                                                sim::Time(std::stoll(meta.at("now"))), &why);
        if (!cluster) {
            *error =
                QStringLiteral("%1 cannot be replayed: %2").arg(path, QString::fromStdString(why));
            return nullptr;
        }
        if (cluster->sim().trace().sha256() != meta.at("trace_sha256")) {
            *error =
                QStringLiteral("%1 was saved by KubeLab %2, whose simulation differs from this "
                               "version's: the replay gives another trace")
                    .arg(path, QString::fromStdString(meta["kubelab"]));
            return nullptr;
        }
        return cluster;
    } catch (const std::exception& e) {
        *error = QStringLiteral("%1 is damaged: %2").arg(path, QString::fromUtf8(e.what()));
        return nullptr;
    }
}

} // namespace kubelab::app
