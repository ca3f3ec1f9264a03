#include "monitor/srvr_info.h"

#include <QRegularExpression>
#include <QStringList>

namespace zooscope::ui {

SrvrInfo parseSrvr(const QString& text) {
    SrvrInfo info;
    if (text.trimmed().isEmpty()) return info;
    info.answered = true;
    if (text.contains(QLatin1String("not in the whitelist")) || text.contains(QLatin1String("not executed"))) {
        info.whitelisted = false;
        return info;
    }
    for (const QString& raw : text.split('\n')) {
        const QString line = raw.trimmed();
        const int colon = line.indexOf(':');
        if (colon < 0) continue;
        const QString key = line.left(colon).trimmed();
        const QString value = line.mid(colon + 1).trimmed();
        if (key == QLatin1String("Zookeeper version")) {
            static const QRegularExpression ver(QStringLiteral("^([0-9][0-9A-Za-z.]*)"));
            auto m = ver.match(value);
            info.version = m.hasMatch() ? m.captured(1) : value.section(',', 0, 0);
        } else if (key == QLatin1String("Mode")) {
            info.mode = value;
        } else if (key == QLatin1String("Zxid")) {
            info.zxid = value;
        } else if (key == QLatin1String("Node count")) {
            info.nodeCount = value.toLongLong();
        }
    }
    return info;
}

}  // namespace zooscope::ui
