#include "ctl_profiles.h"

#include <QEventLoop>
#include <QSettings>
#include <QStringList>

#include "settings/profile_store.h"
#include "settings/secret_store.h"

namespace zooscope::app {

namespace {

ctl::ProfileLookup refuse(int code, const QString& message) {
    ctl::ProfileLookup r;
    r.exitCode = code;
    r.error = message.toStdString();
    return r;
}

}  // namespace

ctl::ProfileLookup lookupProfile(const std::string& name) {
    QSettings settings;
    ui::ProfileStore store(&settings);
    const QString wanted = QString::fromStdString(name);
    QList<ui::ConnectionProfile> matches;
    QStringList names;
    for (const auto& p : store.profiles()) {
        names << p.name;
        if (p.name == wanted || p.id == wanted) matches << p;
    }
    if (matches.isEmpty())
        return refuse(ctl::kExitUsage, QStringLiteral("No saved connection is named \"%1\" (saved: %2).")
                                           .arg(wanted, names.isEmpty() ? QStringLiteral("none") : names.join(", ")));
    if (matches.size() > 1) {
        QStringList ids;
        for (const auto& p : matches) ids << p.id;
        return refuse(ctl::kExitUsage,
                      QStringLiteral("Several saved connections are named \"%1\"; give one of their ids instead: %2.")
                          .arg(wanted, ids.join(", ")));
    }
    const ui::ConnectionProfile profile = matches.front();
    const QStringList problems = ui::validateProfile(profile);
    if (!problems.isEmpty())
        return refuse(ctl::kExitUsage, QStringLiteral("The saved connection \"%1\" cannot be used: %2")
                                           .arg(profile.name, problems.join(' ')));

    QString password;
    if (profile.hasDigest()) {
        ui::SecretStore secrets;
        ui::SecretResult fetched;
        QEventLoop loop;
        secrets.fetch(profile.id, [&](const ui::SecretResult& r) {
            fetched = r;
            loop.quit();
        });
        loop.exec();
        if (!fetched.ok())
            return refuse(ctl::kExitCannotConnect,
                          QStringLiteral("Cannot read the password of \"%1\" (digest user %2) from the keychain: %3")
                              .arg(profile.name, profile.digestUser, fetched.message));
        password = fetched.secret;
    }
    ctl::ProfileLookup r;
    r.connection = ctl::ProfileConnection{ui::toClientOptions(profile, password), profile.readOnlyGuard,
                                          profile.adminServerPorts(), profile.thresholds()};
    return r;
}

}  // namespace zooscope::app
