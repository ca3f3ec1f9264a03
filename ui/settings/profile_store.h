// Connection profiles: what a saved connection is, how it is kept in QSettings,
// and how it is exported/imported.
//
// Contract: a profile holds NO secret. The digest password lives only in the
// OS keychain (SecretStore, keyed by ConnectionProfile::id); nothing here reads
// or writes it, and exportJson() has no field for it. importJson() ignores any
// "password"/"secret" key a hand-made file might carry.
// Threads: ProfileStore is used from one thread (the GUI thread).
#pragma once

#include <QList>
#include <QMap>
#include <QSettings>
#include <QString>
#include <QStringList>

#include <optional>

#include "zooscope/alert_rules.h"
#include "zooscope/ensemble_sample.h"
#include "zooscope/client.h"

namespace zooscope::ui {

struct ConnectionProfile {
    QString id;             // stable key (QSettings group, keychain entry); a UUID without braces
    QString name;           // shown in the sidebar and on the tab
    QString hosts;          // "host:port[,host:port...]" (no chroot)
    QString chroot;         // "" or "/path"
    int sessionTimeoutMs = 30000;
    QString digestUser;     // "" = no digest auth; the password is in the keychain
    bool readOnlyGuard = false;  // refuse every write until unlocked for this session
    bool useSsl = false;    // kept so the UI can explain that this build cannot
    bool useSasl = false;
    bool canBeReadOnly = false;
    // The AdminServer's HTTP port of every server (ZooKeeper's default 8080;
    // 0: do not ask), and exceptions per server: "host:clientPort=adminPort"
    // separated by commas or spaces (local ensembles put each on its own).
    int adminPort = 8080;
    QString adminPorts;
    // The dashboard's alert thresholds this profile changes, by core's keys
    // (monitor::thresholdKeys(): "znode-count", "connections", ...); the
    // others keep ZooKeeper's recommended values.
    QMap<QString, double> alertThresholds;

    // hosts + chroot, as ZooKeeper clients take it.
    QString connectString() const;
    bool hasDigest() const { return !digestUser.isEmpty(); }
    // Where the servers' AdminServers listen: adminPort, and adminPorts'
    // exceptions by "host:clientPort" (entries validateProfile refuses are
    // skipped).
    monitor::AdminPorts adminServerPorts() const;
    // The defaults with this profile's alertThresholds applied (a bad entry
    // is skipped: validateProfile reports it).
    monitor::AlertThresholds thresholds() const;
    friend bool operator==(const ConnectionProfile&, const ConnectionProfile&) = default;

    // A profile for `connect` ("host:port,...[/chroot]"); name = the connect string.
    static std::optional<ConnectionProfile> fromConnectString(const QString& connect, QString* error);
    static QString newId();
};

// The options for zooscope::client::connect(). `password` is used only when
// the profile has a digest user.
client::ClientOptions toClientOptions(const ConnectionProfile& p, const QString& password);

// Every reason the profile cannot connect, as translated sentences (empty =
// fine): empty name, malformed connect string or chroot, session timeout out
// of range, and what client::validateOptions refuses (SSL/SASL: "not
// supported by this build").
QStringList validateProfile(const ConnectionProfile& p);

class ProfileStore {
public:
    // `settings` must outlive the store. Profiles live under "profiles/<id>/".
    explicit ProfileStore(QSettings* settings);

    // Sorted by name (case-insensitive).
    QList<ConnectionProfile> profiles() const;
    std::optional<ConnectionProfile> find(const QString& id) const;
    // Inserts or replaces by id (an empty id gets a new one); returns the id.
    QString save(ConnectionProfile p);
    bool remove(const QString& id);

    // JSON {"format":"zooscope-profiles","version":1,"profiles":[...]}: no secrets.
    static QByteArray exportJson(const QList<ConnectionProfile>& profiles);
    // Parses an export. nullopt + *error (a sentence) when it is not one.
    static std::optional<QList<ConnectionProfile>> parseJson(const QByteArray& json, QString* error);
    // parseJson + save each; an id already present gets a fresh id so an import
    // never overwrites. Returns how many were imported, -1 on error.
    int importJson(const QByteArray& json, QString* error);

private:
    QSettings* settings_;
};

}  // namespace zooscope::ui
