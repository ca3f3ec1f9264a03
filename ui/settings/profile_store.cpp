#include "settings/profile_store.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUuid>

#include <algorithm>

namespace zooscope::ui {

namespace {

constexpr const char* kFormat = "zooscope-profiles";
constexpr int kVersion = 1;
// The server clamps anything to its own bounds; these only catch typos.
constexpr int kMinTimeoutMs = 1000;
constexpr int kMaxTimeoutMs = 24 * 3600 * 1000;

// A translated reason for a refused connect string, worded from the parser's
// code (its English sentence is for logs and the CLI).
QString connectStringProblemText(const client::ConnectStringProblem& problem) {
    const QString subject = QString::fromStdString(problem.subject);
    switch (problem.code) {
        case client::ConnectStringError::NoServer:
            return QCoreApplication::translate("zooscope::ui::ProfileStore", "No server is given; expected host:port[,host:port...][/chroot].");
        case client::ConnectStringError::EmptyEntry:
            return QCoreApplication::translate("zooscope::ui::ProfileStore", "One of the server entries is empty.");
        case client::ConnectStringError::MissingPort:
            return QCoreApplication::translate("zooscope::ui::ProfileStore", "The server '%1' needs the form host:port.").arg(subject);
        case client::ConnectStringError::BadPort:
            return QCoreApplication::translate("zooscope::ui::ProfileStore", "The server '%1' has an invalid port (expected 1-65535).").arg(subject);
        case client::ConnectStringError::BadHost:
            return QCoreApplication::translate("zooscope::ui::ProfileStore", "The server '%1' has an invalid host name or address.").arg(subject);
        case client::ConnectStringError::ChrootTrailingSlash:
            return QCoreApplication::translate("zooscope::ui::ProfileStore", "The chroot '%1' must not end with '/'.").arg(subject);
        case client::ConnectStringError::ChrootInvalid:
            return QCoreApplication::translate("zooscope::ui::ProfileStore", "The chroot '%1' is not a valid znode path.").arg(subject);
        case client::ConnectStringError::ChrootDotSegment:
            return QCoreApplication::translate("zooscope::ui::ProfileStore", "The chroot '%1' must not contain '.' or '..' segments.").arg(subject);
        case client::ConnectStringError::None: break;
    }
    return QCoreApplication::translate("zooscope::ui::ProfileStore", "The connect string is malformed.");
}

QJsonObject thresholdsJson(const ConnectionProfile& p) {
    QJsonObject o;
    for (auto it = p.alertThresholds.begin(); it != p.alertThresholds.end(); ++it) o.insert(it.key(), it.value());
    return o;
}

QJsonObject toJson(const ConnectionProfile& p) {
    return QJsonObject{
        {"id", p.id},
        {"name", p.name},
        {"hosts", p.hosts},
        {"chroot", p.chroot},
        {"sessionTimeoutMs", p.sessionTimeoutMs},
        {"digestUser", p.digestUser},
        {"readOnlyGuard", p.readOnlyGuard},
        {"ssl", p.useSsl},
        {"sasl", p.useSasl},
        {"canBeReadOnly", p.canBeReadOnly},
        {"adminPort", p.adminPort},
        {"adminPorts", p.adminPorts},
        {"alertThresholds", thresholdsJson(p)},
    };
}

ConnectionProfile fromJson(const QJsonObject& o) {
    ConnectionProfile p;
    p.id = o.value("id").toString();
    p.name = o.value("name").toString();
    p.hosts = o.value("hosts").toString();
    p.chroot = o.value("chroot").toString();
    p.sessionTimeoutMs = o.value("sessionTimeoutMs").toInt(30000);
    p.digestUser = o.value("digestUser").toString();
    p.readOnlyGuard = o.value("readOnlyGuard").toBool();
    p.useSsl = o.value("ssl").toBool();
    p.useSasl = o.value("sasl").toBool();
    p.canBeReadOnly = o.value("canBeReadOnly").toBool();
    p.adminPort = o.value("adminPort").toInt(8080);
    p.adminPorts = o.value("adminPorts").toString();
    const QJsonObject thresholds = o.value("alertThresholds").toObject();
    for (auto it = thresholds.begin(); it != thresholds.end(); ++it) p.alertThresholds.insert(it.key(), it.value().toDouble(-1));
    return p;
}

}  // namespace

QString ConnectionProfile::connectString() const { return hosts + chroot; }

monitor::AdminPorts ConnectionProfile::adminServerPorts() const {
    monitor::AdminPorts ports;
    ports.defaultPort = uint16_t(std::clamp(adminPort, 0, 65535));
    for (const QString& entry : adminPorts.split(QRegularExpression("[,\\s]+"), Qt::SkipEmptyParts)) {
        const int eq = entry.lastIndexOf('=');
        bool ok = false;
        const int port = eq > 0 ? entry.mid(eq + 1).toInt(&ok) : -1;
        if (ok && port >= 0 && port <= 65535) ports.perServer[entry.left(eq).toStdString()] = uint16_t(port);
    }
    return ports;
}

monitor::AlertThresholds ConnectionProfile::thresholds() const {
    monitor::AlertThresholds t;
    for (auto it = alertThresholds.begin(); it != alertThresholds.end(); ++it) {
        std::string ignored;
        monitor::setThreshold(&t, (it.key() + '=' + QString::number(it.value(), 'g', 17)).toStdString(), &ignored);
    }
    return t;
}

QString ConnectionProfile::newId() { return QUuid::createUuid().toString(QUuid::WithoutBraces); }

std::optional<ConnectionProfile> ConnectionProfile::fromConnectString(const QString& connect, QString* error) {
    client::ConnectStringProblem problem;
    auto parsed = client::parseConnectString(connect.trimmed().toStdString(), nullptr, &problem);
    if (!parsed) {
        if (error) *error = QCoreApplication::translate("zooscope::ui::ProfileStore", "Invalid connect string '%1': %2").arg(connect, connectStringProblemText(problem));
        return std::nullopt;
    }
    ConnectionProfile p;
    p.id = newId();
    QStringList hosts;
    for (const auto& h : parsed->hosts) hosts << QString::fromStdString(h.host) + ':' + QString::number(h.port);
    p.hosts = hosts.join(',');
    p.chroot = QString::fromStdString(parsed->chroot);
    p.name = p.connectString();
    return p;
}

client::ClientOptions toClientOptions(const ConnectionProfile& p, const QString& password) {
    client::ClientOptions o;
    o.connectString = p.connectString().toStdString();
    o.sessionTimeout = std::chrono::milliseconds(p.sessionTimeoutMs);
    if (p.hasDigest()) o.auth.push_back({"digest", (p.digestUser + ':' + password).toStdString()});
    o.ssl.enabled = p.useSsl;
    o.sasl.enabled = p.useSasl;
    o.canBeReadOnly = p.canBeReadOnly;
    return o;
}

QStringList validateProfile(const ConnectionProfile& p) {
    QStringList problems;
    if (p.name.trimmed().isEmpty()) problems << QCoreApplication::translate("zooscope::ui::ProfileStore", "The profile needs a name.");
    if (p.sessionTimeoutMs < kMinTimeoutMs || p.sessionTimeoutMs > kMaxTimeoutMs)
        problems << QCoreApplication::translate("zooscope::ui::ProfileStore", "The session timeout must be between %1 and %2 ms.").arg(kMinTimeoutMs).arg(kMaxTimeoutMs);
    if (p.adminPort < 0 || p.adminPort > 65535)
        problems << QCoreApplication::translate("zooscope::ui::ProfileStore", "The AdminServer port must be between 0 (none) and 65535.");
    for (const QString& entry : p.adminPorts.split(QRegularExpression("[,\\s]+"), Qt::SkipEmptyParts)) {
        const int eq = entry.lastIndexOf('=');
        bool ok = false;
        const int port = eq > 0 ? entry.mid(eq + 1).toInt(&ok) : 0;
        if (eq <= 0 || !ok || port < 0 || port > 65535 || !entry.left(eq).contains(':'))
            problems << QCoreApplication::translate("zooscope::ui::ProfileStore", "Not an AdminServer port per server (host:clientPort=adminPort): %1").arg(entry);
    }
    for (auto it = p.alertThresholds.begin(); it != p.alertThresholds.end(); ++it) {
        monitor::AlertThresholds t;
        std::string error;
        if (!monitor::setThreshold(&t, (it.key() + '=' + QString::number(it.value(), 'g', 17)).toStdString(), &error))
            problems << QCoreApplication::translate("zooscope::ui::ProfileStore", "Not an alert threshold: %1 = %2").arg(it.key()).arg(it.value());
    }
    if (p.hasDigest() && p.digestUser.contains(':'))
        problems << QCoreApplication::translate("zooscope::ui::ProfileStore", "A digest user name cannot contain ':'.");
    client::ConnectStringProblem connectProblem;
    if (p.hosts.trimmed().isEmpty()) {
        problems << QCoreApplication::translate("zooscope::ui::ProfileStore", "The profile needs at least one host:port.");
    } else if (p.hosts.contains('/')) {
        problems << QCoreApplication::translate("zooscope::ui::ProfileStore", "Put the chroot in its own field, not in the host list.");
    } else if (!client::parseConnectString(p.connectString().toStdString(), nullptr, &connectProblem)) {
        problems << QCoreApplication::translate("zooscope::ui::ProfileStore", "Invalid connect string: %1").arg(connectStringProblemText(connectProblem));
    }
    for (const auto& problem : client::validateOptions(toClientOptions(p, QString()))) {
        switch (problem.field) {
            case client::OptionField::Ssl:
                problems << QCoreApplication::translate("zooscope::ui::ProfileStore", "SSL/TLS is not supported by this build (Debian's ZooKeeper C client has no TLS).");
                break;
            case client::OptionField::Sasl:
                problems << QCoreApplication::translate("zooscope::ui::ProfileStore", "SASL is not supported by this build (Debian's ZooKeeper C client has no SASL).");
                break;
            case client::OptionField::ConnectString:
                break;  // reported above, translated
            case client::OptionField::SessionTimeout:
                // The range check above already reported it (translated); the
                // client's English sentence is not shown.
                if (p.sessionTimeoutMs >= kMinTimeoutMs && p.sessionTimeoutMs <= kMaxTimeoutMs)
                    problems << QCoreApplication::translate("zooscope::ui::ProfileStore", "The session timeout is not a usable number of milliseconds.");
                break;
            case client::OptionField::Auth:
                problems << QCoreApplication::translate("zooscope::ui::ProfileStore", "The digest credentials must have the form user:password.");
                break;
            case client::OptionField::JuteMaxBuffer:
                problems << QCoreApplication::translate("zooscope::ui::ProfileStore", "The largest reply size (jute.maxbuffer) must be a positive number of bytes.");
                break;
        }
    }
    return problems;
}

ProfileStore::ProfileStore(QSettings* settings) : settings_(settings) {}

QList<ConnectionProfile> ProfileStore::profiles() const {
    QList<ConnectionProfile> out;
    settings_->beginGroup("profiles");
    const QStringList ids = settings_->childGroups();
    settings_->endGroup();
    for (const QString& id : ids) {
        if (auto p = find(id)) out << *p;
    }
    std::sort(out.begin(), out.end(), [](const ConnectionProfile& a, const ConnectionProfile& b) {
        return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
    });
    return out;
}

std::optional<ConnectionProfile> ProfileStore::find(const QString& id) const {
    if (id.isEmpty() || id.contains('/')) return std::nullopt;
    settings_->beginGroup("profiles/" + id);
    const bool present = settings_->contains("hosts");
    ConnectionProfile p;
    p.id = id;
    p.name = settings_->value("name").toString();
    p.hosts = settings_->value("hosts").toString();
    p.chroot = settings_->value("chroot").toString();
    p.sessionTimeoutMs = settings_->value("sessionTimeoutMs", 30000).toInt();
    p.digestUser = settings_->value("digestUser").toString();
    p.readOnlyGuard = settings_->value("readOnlyGuard", false).toBool();
    p.useSsl = settings_->value("ssl", false).toBool();
    p.useSasl = settings_->value("sasl", false).toBool();
    p.canBeReadOnly = settings_->value("canBeReadOnly", false).toBool();
    p.adminPort = settings_->value("adminPort", 8080).toInt();
    p.adminPorts = settings_->value("adminPorts").toString();
    settings_->beginGroup("alertThresholds");
    for (const QString& key : settings_->childKeys()) p.alertThresholds.insert(key, settings_->value(key).toDouble());
    settings_->endGroup();
    settings_->endGroup();
    if (!present) return std::nullopt;
    return p;
}

QString ProfileStore::save(ConnectionProfile p) {
    if (p.id.isEmpty() || p.id.contains('/')) p.id = ConnectionProfile::newId();
    settings_->beginGroup("profiles/" + p.id);
    settings_->setValue("name", p.name);
    settings_->setValue("hosts", p.hosts);
    settings_->setValue("chroot", p.chroot);
    settings_->setValue("sessionTimeoutMs", p.sessionTimeoutMs);
    settings_->setValue("digestUser", p.digestUser);
    settings_->setValue("readOnlyGuard", p.readOnlyGuard);
    settings_->setValue("ssl", p.useSsl);
    settings_->setValue("sasl", p.useSasl);
    settings_->setValue("canBeReadOnly", p.canBeReadOnly);
    settings_->setValue("adminPort", p.adminPort);
    settings_->setValue("adminPorts", p.adminPorts);
    settings_->remove("alertThresholds");
    settings_->beginGroup("alertThresholds");
    for (auto it = p.alertThresholds.begin(); it != p.alertThresholds.end(); ++it) settings_->setValue(it.key(), it.value());
    settings_->endGroup();
    settings_->endGroup();
    settings_->sync();
    return p.id;
}

bool ProfileStore::remove(const QString& id) {
    if (!find(id)) return false;
    settings_->remove("profiles/" + id);
    settings_->sync();
    return true;
}

QByteArray ProfileStore::exportJson(const QList<ConnectionProfile>& profiles) {
    QJsonArray list;
    for (const auto& p : profiles) list.append(toJson(p));
    QJsonObject root{{"format", kFormat}, {"version", kVersion}, {"profiles", list}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

std::optional<QList<ConnectionProfile>> ProfileStore::parseJson(const QByteArray& json, QString* error) {
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    auto fail = [&](const QString& why) -> std::optional<QList<ConnectionProfile>> {
        if (error) *error = why;
        return std::nullopt;
    };
    if (pe.error != QJsonParseError::NoError)
        return fail(QCoreApplication::translate("zooscope::ui::ProfileStore", "The file is not valid JSON (%1 at offset %2).").arg(pe.errorString()).arg(pe.offset));
    const QJsonObject root = doc.object();
    if (root.value("format").toString() != QLatin1String(kFormat))
        return fail(QCoreApplication::translate("zooscope::ui::ProfileStore", "The file is not a ZooScope profile export."));
    if (root.value("version").toInt() != kVersion)
        return fail(QCoreApplication::translate("zooscope::ui::ProfileStore", "Unsupported profile export version %1.").arg(root.value("version").toInt()));
    QList<ConnectionProfile> out;
    const QJsonArray list = root.value("profiles").toArray();
    for (int i = 0; i < list.size(); ++i) {
        ConnectionProfile p = fromJson(list.at(i).toObject());
        if (p.hosts.isEmpty()) return fail(QCoreApplication::translate("zooscope::ui::ProfileStore", "Profile %1 in the file has no hosts.").arg(i + 1));
        if (p.name.isEmpty()) p.name = p.connectString();
        out << p;
    }
    return out;
}

int ProfileStore::importJson(const QByteArray& json, QString* error) {
    auto parsed = parseJson(json, error);
    if (!parsed) return -1;
    for (ConnectionProfile p : *parsed) {
        if (p.id.isEmpty() || find(p.id)) p.id = ConnectionProfile::newId();
        save(p);
    }
    return int(parsed->size());
}

}  // namespace zooscope::ui
