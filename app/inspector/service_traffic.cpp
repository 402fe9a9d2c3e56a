#include "app/inspector/service_traffic.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>

#include "app/core/virtual_time.h"
#include "engine/cluster/cluster.h"
#include "engine/net/kube_proxy.h"

namespace kubelab::app {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("kubelab::app::ServiceTraffic", text);
}

// "-A CHAIN ..." -> CHAIN
QString chainOf(const QString& line)
{
    return line.section(QLatin1Char(' '), 1, 1);
}

// "... -j TARGET ..." -> TARGET
QString targetOf(const QString& line)
{
    const int at = line.lastIndexOf(QStringLiteral(" -j "));
    return at < 0 ? QString() : line.mid(at + 4).section(QLatin1Char(' '), 0, 0);
}

bool perServiceChain(const QString& chain)
{
    return chain.startsWith(QLatin1String("KUBE-SVC-")) ||
           chain.startsWith(QLatin1String("KUBE-EXT-")) ||
           chain.startsWith(QLatin1String("KUBE-SEP-"));
}
} // namespace

QString serviceRuleLines(const std::string& natTable, const QString& ns, const QString& name)
{
    const QStringList lines = QString::fromStdString(natTable).split(QLatin1Char('\n'));
    // The comment names the Service alone, with a port name, or inside a sentence.
    const QString id = QRegularExpression::escape(ns + QLatin1Char('/') + name);
    const QRegularExpression mine(QStringLiteral("--comment \"(?:[^\"]* )?%1(?::[^ \"]+)?[ \"]").arg(id));
    QSet<QString> chains;
    for (const QString& line : lines) {
        if (!line.startsWith(QLatin1String("-A ")) || !mine.match(line).hasMatch())
            continue;
        for (const QString& c : {chainOf(line), targetOf(line)})
            if (perServiceChain(c))
                chains.insert(c);
    }
    // A SVC chain's rules jump to SEP chains whose own rules may carry no comment.
    for (const QString& line : lines)
        if (line.startsWith(QLatin1String("-A ")) && chains.contains(chainOf(line)) &&
            perServiceChain(targetOf(line)))
            chains.insert(targetOf(line));
    QStringList out;
    for (const QString& line : lines)
        if (line.startsWith(QLatin1String("-A ")) &&
            (chains.contains(chainOf(line)) || mine.match(line).hasMatch()))
            out << line;
    return out.join(QLatin1Char('\n'));
}

QString serviceRulesByNode(const cluster::Cluster& cluster, const QString& ns, const QString& name)
{
    QString text;
    for (const auto& node : cluster.nodeConfigs()) {
        const auto* proxy = cluster.sim().actorAs<net::KubeProxy>("kube-proxy-" + node.name);
        const QString nodeName = QString::fromStdString(node.name);
        if (!text.isEmpty())
            text += QLatin1String("\n\n");
        if (!proxy) {
            text += tr("# %1: no kube-proxy").arg(nodeName);
            continue;
        }
        if (!proxy->programmed()) {
            text += tr("# %1: kube-proxy has not programmed any rules yet").arg(nodeName);
            continue;
        }
        const QString synced = formatVirtualTime(proxy->lastSync());
        text += proxy->running()
                    ? tr("# %1: kube-proxy running, last sync at %2").arg(nodeName, synced)
                    : tr("# %1: kube-proxy STOPPED; these rules are from its last sync at %2 "
                         "and may be stale")
                          .arg(nodeName, synced);
        const QString rules =
            serviceRuleLines(proxy->natTable().save(cluster.sim().now()), ns, name);
        text += QLatin1Char('\n') +
                (rules.isEmpty() ? tr("# no rules for %1/%2 (no usable endpoints, headless or "
                                      "ExternalName)")
                                       .arg(ns, name)
                                 : rules);
    }
    return text;
}

} // namespace kubelab::app
