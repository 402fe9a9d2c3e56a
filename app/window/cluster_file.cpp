#include "app/window/cluster_file.h"

#include <QFile>
#include <sqlite3.h>

#include "engine/cluster/cluster.h"
#include "engine/model/version.h"
#include "engine/sim/time.h"

namespace kubelab::app {

namespace {
constexpr int kFormatVersion = 1;
constexpr const char* kApplicationId = "kubelab-cluster";

// A connection that closes itself; statements run through exec/prepare below.
class Db
{
public:
    Db(const QString& path, int flags, QString* error) : m_error(error)
    {
        if (sqlite3_open_v2(path.toUtf8().constData(), &m_db, flags, nullptr) != SQLITE_OK)
            fail(QStringLiteral("cannot open %1").arg(path));
    }
    ~Db() { sqlite3_close(m_db); }
    bool ok() const { return m_ok; }
    bool fail(const QString& what)
    {
        if (m_ok)
            *m_error = QStringLiteral("%1: %2").arg(what, QString::fromUtf8(sqlite3_errmsg(m_db)));
        m_ok = false;
        return false;
    }
    bool exec(const char* sql)
    {
        return m_ok && (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK ||
                        fail(QStringLiteral("SQL failed")));
    }
    sqlite3_stmt* prepare(const char* sql)
    {
        sqlite3_stmt* st = nullptr;
        if (m_ok && sqlite3_prepare_v2(m_db, sql, -1, &st, nullptr) != SQLITE_OK)
            fail(QStringLiteral("SQL failed"));
        return st;
    }

private:
    sqlite3* m_db = nullptr;
    QString* m_error;
    bool m_ok = true;
};

void bindText(sqlite3_stmt* st, int i, const std::string& s)
{
    sqlite3_bind_text(st, i, s.data(), int(s.size()), SQLITE_TRANSIENT);
}

std::string columnText(sqlite3_stmt* st, int i)
{
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
    return p ? std::string(p, size_t(sqlite3_column_bytes(st, i))) : std::string();
}
} // namespace

bool saveCluster(const cluster::Cluster& cluster, const QString& path, QString* error)
{
    QFile::remove(path);
    Db db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);
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
    if (sqlite3_stmt* st = db.prepare("INSERT INTO meta VALUES(?, ?)")) {
        for (const auto& [k, v] : meta) {
            bindText(st, 1, k);
            bindText(st, 2, v);
            if (sqlite3_step(st) != SQLITE_DONE)
                db.fail(QStringLiteral("cannot write %1").arg(path));
            sqlite3_reset(st);
        }
        sqlite3_finalize(st);
    }
    if (sqlite3_stmt* st = db.prepare("INSERT INTO inputs VALUES(?, ?, ?, ?, ?, ?, ?, ?)")) {
        int i = 0;
        for (const sim::Timeline::Input& in : cluster.timeline().postedInputs()) {
            sqlite3_bind_int(st, 1, i++);
            sqlite3_bind_int64(st, 2, sqlite3_int64(in.afterEvent));
            sqlite3_bind_int64(st, 3, in.deliverAt);
            bindText(st, 4, in.message.from);
            bindText(st, 5, in.message.to);
            bindText(st, 6, in.message.kind);
            bindText(st, 7, in.message.body.dump());
            sqlite3_bind_int(st, 8, in.message.periodic ? 1 : 0);
            if (sqlite3_step(st) != SQLITE_DONE)
                db.fail(QStringLiteral("cannot write %1").arg(path));
            sqlite3_reset(st);
        }
        sqlite3_finalize(st);
    }
    if (sqlite3_stmt* st = db.prepare("INSERT INTO trace VALUES(?, ?, ?, ?, ?, ?, ?, ?)")) {
        int i = 0;
        for (const sim::TraceRecord& r : s.trace()) {
            sqlite3_bind_int(st, 1, i++);
            sqlite3_bind_int64(st, 2, r.time);
            sqlite3_bind_int64(st, 3, sqlite3_int64(r.seq));
            bindText(st, 4, r.actor);
            bindText(st, 5, r.target);
            bindText(st, 6, r.kind);
            bindText(st, 7, r.summary);
            bindText(st, 8, r.detailText());
            if (sqlite3_step(st) != SQLITE_DONE)
                db.fail(QStringLiteral("cannot write %1").arg(path));
            sqlite3_reset(st);
        }
        sqlite3_finalize(st);
    }
    db.exec("COMMIT;");
    return db.ok();
}

std::unique_ptr<cluster::Cluster> openCluster(const QString& path, QString* error)
{
    if (!QFile::exists(path)) {
        *error = QStringLiteral("%1: no such file").arg(path);
        return nullptr;
    }
    Db db(path, SQLITE_OPEN_READONLY, error);
    std::map<std::string, std::string> meta;
    if (sqlite3_stmt* st = db.prepare("SELECT key, value FROM meta")) {
        while (sqlite3_step(st) == SQLITE_ROW)
            meta[columnText(st, 0)] = columnText(st, 1);
        sqlite3_finalize(st);
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
    if (sqlite3_stmt* st = db.prepare("SELECT after_event, deliver_at, sender, receiver, kind, "
                                      "body, periodic FROM inputs ORDER BY idx")) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            sim::Message m{columnText(st, 2), columnText(st, 3), columnText(st, 4),
                           nlohmann::json::parse(columnText(st, 5), nullptr, false),
                           sqlite3_column_int(st, 6) != 0};
            inputs.push_back({std::uint64_t(sqlite3_column_int64(st, 0)),
                              sim::Time(sqlite3_column_int64(st, 1)), std::move(m)});
        }
        sqlite3_finalize(st);
    }
    if (!db.ok())
        return nullptr;
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
