#include "text/stat_format.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>

namespace zooscope::ui {

namespace {
// lupdate files the tr() calls of free functions under the enclosing
// namespace, so that is the context they are looked up in.
QString tr(const char* text) { return QCoreApplication::translate("zooscope::ui", text); }
}  // namespace

QString formatHex64(int64_t value) {
    return QStringLiteral("0x") + QString::number(static_cast<quint64>(value), 16);
}

QString formatZxid(int64_t zxid) { return formatHex64(zxid); }

QString describeZxid(int64_t zxid) {
    const auto z = static_cast<quint64>(zxid);
    return tr("epoch %1, counter %2 (decimal %3)").arg(z >> 32).arg(z & 0xffffffffu).arg(zxid);
}

QString formatTime(int64_t ms) {
    if (ms == 0) return tr("0 (not set)");
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
    const QDateTime local = utc.toLocalTime();
    return tr("%1 %2 (%3)")
        .arg(local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")), local.timeZoneAbbreviation(),
             utc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz'Z'")));
}

QList<StatField> statFields(const proto::Stat& s) {
    QList<StatField> out;
    auto zxid = [&](const char* key, const QString& label, const QString& meaning, int64_t v) {
        out.append({QString::fromLatin1(key), label, formatZxid(v), meaning + QLatin1Char('\n') + describeZxid(v)});
    };
    auto time = [&](const char* key, const QString& label, const QString& meaning, int64_t v) {
        out.append({QString::fromLatin1(key), label, formatTime(v),
                    meaning + QLatin1Char('\n') + tr("%1 ms since 1970-01-01 UTC").arg(v)});
    };
    auto number = [&](const char* key, const QString& label, const QString& meaning, int64_t v) {
        out.append({QString::fromLatin1(key), label, QString::number(v), meaning});
    };
    zxid("czxid", tr("Created zxid"), tr("The transaction that created the node."), s.czxid);
    time("ctime", tr("Created"), tr("When the node was created."), s.ctime);
    zxid("mzxid", tr("Modified zxid"), tr("The transaction that last changed the data."), s.mzxid);
    time("mtime", tr("Modified"), tr("When the data last changed."), s.mtime);
    zxid("pzxid", tr("Children zxid"), tr("The transaction that last changed the children."), s.pzxid);
    number("cversion", tr("Children version"), tr("How many times the children changed."), s.cversion);
    number("dataVersion", tr("Data version"), tr("How many times the data changed; saves check it."), s.version);
    number("aclVersion", tr("ACL version"), tr("How many times the ACL changed."), s.aversion);
    {
        StatField f{QStringLiteral("ephemeralOwner"), tr("Ephemeral owner"), formatHex64(s.ephemeralOwner), {}};
        if (s.ephemeralOwner == 0) {
            f.toolTip = tr("0: the node is not ephemeral.");
        } else {
            f.toolTip = tr("The session that owns this ephemeral node (decimal %1).").arg(s.ephemeralOwner);
        }
        out.append(f);
    }
    number("dataLength", tr("Data length"), tr("Bytes of data."), s.dataLength);
    number("numChildren", tr("Children"), tr("Number of children."), s.numChildren);
    return out;
}

}  // namespace zooscope::ui
