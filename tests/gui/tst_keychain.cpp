// SecretStore against the real OS keychain, and without one.
//
// ZS_KEYCHAIN_EXPECT selects what this run expects (CTest runs it twice, see
// app.cmake):
//   real  under dbus-run-session with an unlocked gnome-keyring (Secret
//         Service): store / fetch / erase round trip through the keychain.
//   none  with D-Bus unreachable: store reports Unavailable with a reason,
//         the session-only secret is used, and no file under the test's
//         HOME/XDG dirs or the QSettings file holds the secret.
#include <QDirIterator>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "../support/secret_scan.h"
#include "settings/profile_store.h"
#include "settings/secret_store.h"

using zooscope::ui::SecretResult;
using zooscope::ui::SecretStore;

namespace {

SecretResult wait(const std::function<void(SecretStore::Done)>& call) {
    std::optional<SecretResult> out;
    call([&](const SecretResult& r) { out = r; });
    if (!QTest::qWaitFor([&] { return out.has_value(); }, 20000)) {
        SecretResult timeout;
        timeout.status = SecretResult::Status::Failed;
        timeout.message = "timed out";
        return timeout;
    }
    return *out;
}

}  // namespace

class TestKeychain : public QObject {
    Q_OBJECT
    QString mode_;
    QString service_;

private slots:
    void initTestCase() {
        mode_ = qEnvironmentVariable("ZS_KEYCHAIN_EXPECT", "real");
        QVERIFY2(mode_ == "real" || mode_ == "none", "ZS_KEYCHAIN_EXPECT must be real or none");
        // Our own service name: never touch a user's ZooScope entries.
        service_ = QString("ZooScope-test-%1").arg(QCoreApplication::applicationPid());
    }

    void roundTrip_data() {
        QTest::addColumn<QString>("secret");
        QTest::newRow("ascii") << "correct horse battery staple";
        QTest::newRow("unicode") << QString::fromUtf8("p\xC3\xA4ss:w\xC3\xB6rt/\xE5\xAF\x86\xE7\xA0\x81");
    }
    void roundTrip() {
        if (mode_ != "real") QSKIP("needs a Secret Service (ZS_KEYCHAIN_EXPECT=real)");
        QFETCH(QString, secret);
        SecretStore store(service_);
        const QString id = zooscope::ui::ConnectionProfile::newId();
        SecretResult r = wait([&](auto done) { store.store(id, secret, done); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        QVERIFY(store.keychainAvailable());
        QVERIFY(!store.sessionSecret(id));  // the keychain holds it, not memory
        // A fresh store (as after a restart) reads it back from the keychain.
        SecretStore again(service_);
        r = wait([&](auto done) { again.fetch(id, done); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.secret, secret);
        r = wait([&](auto done) { again.erase(id, done); });
        QVERIFY2(r.ok(), qPrintable(r.message));
        r = wait([&](auto done) { again.fetch(id, done); });
        QCOMPARE(r.status, SecretResult::Status::NotFound);
        QVERIFY(!r.message.isEmpty());
    }

    void fallbackWithoutKeychain() {
        if (mode_ != "none") QSKIP("needs D-Bus to be unreachable (ZS_KEYCHAIN_EXPECT=none)");
        const QString home = qEnvironmentVariable("HOME");
        QVERIFY2(home.startsWith(QDir::tempPath()) || home.contains("build"),
                 "the test must run with a throw-away HOME so the file scan below is meaningful");
        QTemporaryDir dir;
        QSettings settings(dir.filePath("zooscope.ini"), QSettings::IniFormat);
        zooscope::ui::ProfileStore profiles(&settings);
        zooscope::ui::ConnectionProfile p;
        p.name = "guarded";
        p.hosts = "127.0.0.1:2181";
        p.digestUser = "ops";
        const QString id = profiles.save(p);
        const QString secret = "plain-text-never-9f3a";

        SecretStore store(service_);
        SecretResult r = wait([&](auto done) { store.store(id, secret, done); });
        QCOMPARE(r.status, SecretResult::Status::Unavailable);
        QVERIFY2(r.message.contains("session only"), qPrintable(r.message));
        QVERIFY(!store.keychainAvailable());
        QVERIFY(!store.sessionSecret(id));  // not kept until the app decides to

        r = wait([&](auto done) { store.fetch(id, done); });
        QCOMPARE(r.status, SecretResult::Status::Unavailable);

        // The app's fallback: the user typed it for this session.
        store.setSessionSecret(id, secret);
        r = wait([&](auto done) { store.fetch(id, done); });
        QVERIFY(r.ok());
        QCOMPARE(r.secret, secret);

        settings.sync();
        QCOMPARE(zooscope::testing::filesContaining(dir.path(), secret.toUtf8()), QStringList());
        QCOMPARE(zooscope::testing::filesContaining(home, secret.toUtf8()), QStringList());
        // A new run of the app has no secret: the session one is gone.
        SecretStore next(service_);
        r = wait([&](auto done) { next.fetch(id, done); });
        QCOMPARE(r.status, SecretResult::Status::Unavailable);
    }
};

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
