#include "app/core/virtual_time.h"

#include "engine/printers/object_util.h"

namespace kubelab::app {

QString formatVirtualTime(sim::Time t)
{
    if (t < 0)
        return QLatin1Char('-') + formatVirtualTime(-t);
    // Rounded to the millisecond first, so 59.9996s reads 1m00.000s and not 0m60.000s.
    const qint64 ms = (t + sim::kMillisecond / 2) / sim::kMillisecond;
    const qint64 days = ms / 86'400'000, hours = ms / 3'600'000, minutes = ms / 60'000 % 60;
    const qint64 seconds = ms / 1000 % 60, millis = ms % 1000;
    const QString secs = QStringLiteral("%1.%2s").arg(seconds).arg(millis, 3, 10, QLatin1Char('0'));
    // Days pass in the AWS lessons (run 30d): "39d04h00m00.560s", not "940h...".
    if (days)
        return QStringLiteral("%1d%2h%3m%4")
            .arg(days)
            .arg(hours % 24, 2, 10, QLatin1Char('0'))
            .arg(minutes, 2, 10, QLatin1Char('0'))
            .arg(secs.rightJustified(7, QLatin1Char('0')));
    if (hours)
        return QStringLiteral("%1h%2m%3")
            .arg(hours)
            .arg(minutes, 2, 10, QLatin1Char('0'))
            .arg(secs.rightJustified(7, QLatin1Char('0')));
    if (minutes)
        return QStringLiteral("%1m%2").arg(minutes).arg(secs.rightJustified(7, QLatin1Char('0')));
    return secs;
}

QString virtualTimeOfStamp(const QString& stamp)
{
    const auto t = printers::parseTimestamp(stamp.toStdString());
    return t ? formatVirtualTime(*t) : stamp;
}

} // namespace kubelab::app
