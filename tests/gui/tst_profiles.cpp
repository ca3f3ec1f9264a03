// Profile store: QSettings round trip in a temp dir, validation (SSL/SASL "not
// supported by this build"), export/import without secrets, log redaction.
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "models/log_model.h"
#include "models/profile_store.h"

using zooscope::ui::ConnectionProfile;
using zooscope::ui::ProfileStore;

class TestProfiles : public QObject {
    Q_OBJECT

    static ConnectionProfile sample() {
        ConnectionProfile p;
        p.name = "Production EU";
        p.hosts = "zk1.example:2181,zk2.example:2181";
        p.chroot = "/kafka";
        p.sessionTimeoutMs = 15000;
        p.digestUser = "ops";
        p.readOnlyGuard = true;
        return p;
    }

private slots:
    void roundTrip() {
        QTemporaryDir dir;
        const QString file = dir.filePath("zooscope.ini");
        QString id;
        {
            QSettings s(file, QSettings::IniFormat);
            ProfileStore store(&s);
            id = store.save(sample());
            QVERIFY(!id.isEmpty());
            ConnectionProfile other;
            other.name = "a local";
            other.hosts = "127.0.0.1:2181";
            store.save(other);
        }
        QSettings s(file, QSettings::IniFormat);
        ProfileStore store(&s);
        const auto all = store.profiles();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all[0].name, QString("a local"));  // sorted case-insensitively
        auto back = store.find(id);
        QVERIFY(back);
        ConnectionProfile expected = sample();
        expected.id = id;
        QCOMPARE(*back, expected);
        QCOMPARE(back->connectString(), QString("zk1.example:2181,zk2.example:2181/kafka"));
        // Update in place, then remove.
        back->readOnlyGuard = false;
        QCOMPARE(store.save(*back), id);
        QCOMPARE(store.find(id)->readOnlyGuard, false);
        QVERIFY(store.remove(id));
        QVERIFY(!store.find(id));
        QVERIFY(!store.remove(id));
        QCOMPARE(store.profiles().size(), 1);
    }

    void validate_data() {
        QTest::addColumn<QString>("hosts");
        QTest::addColumn<QString>("chroot");
        QTest::addColumn<int>("timeout");
        QTest::addColumn<bool>("ssl");
        QTest::addColumn<bool>("sasl");
        QTest::addColumn<QString>("expected");  // substring of the one problem, "" = valid
        QTest::newRow("fine") << "127.0.0.1:2181" << "" << 30000 << false << false << "";
        QTest::newRow("chroot") << "a:1,b:2" << "/app" << 30000 << false << false << "";
        QTest::newRow("no hosts") << "" << "" << 30000 << false << false << "at least one host";
        QTest::newRow("bad port") << "127.0.0.1:99999" << "" << 30000 << false << false << "Invalid connect string";
        QTest::newRow("no port") << "127.0.0.1" << "" << 30000 << false << false << "Invalid connect string";
        QTest::newRow("chroot in hosts") << "a:1/x" << "" << 30000 << false << false << "chroot in its own field";
        QTest::newRow("bad chroot") << "a:1" << "/x/" << 30000 << false << false << "Invalid connect string";
        QTest::newRow("timeout") << "a:1" << "" << 10 << false << false << "session timeout";
        QTest::newRow("ssl") << "a:1" << "" << 30000 << true << false << "not supported by this build";
        QTest::newRow("sasl") << "a:1" << "" << 30000 << false << true << "not supported by this build";
    }
    void validate() {
        QFETCH(QString, hosts);
        QFETCH(QString, chroot);
        QFETCH(int, timeout);
        QFETCH(bool, ssl);
        QFETCH(bool, sasl);
        QFETCH(QString, expected);
        ConnectionProfile p;
        p.name = "x";
        p.hosts = hosts;
        p.chroot = chroot;
        p.sessionTimeoutMs = timeout;
        p.useSsl = ssl;
        p.useSasl = sasl;
        const QStringList problems = zooscope::ui::validateProfile(p);
        if (expected.isEmpty()) {
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(" | ")));
        } else {
            QCOMPARE(problems.size(), 1);
            QVERIFY2(problems[0].contains(expected), qPrintable(problems[0]));
        }
    }

    void fromConnectString_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("hosts");
        QTest::addColumn<QString>("chroot");
        QTest::newRow("one") << "127.0.0.1:2181" << "127.0.0.1:2181" << "";
        QTest::newRow("many+chroot") << "a:1,b:2/x/y" << "a:1,b:2" << "/x/y";
        QTest::newRow("bad") << "a:b" << "" << "";
    }
    void fromConnectString() {
        QFETCH(QString, text);
        QFETCH(QString, hosts);
        QFETCH(QString, chroot);
        QString err;
        auto p = ConnectionProfile::fromConnectString(text, &err);
        if (hosts.isEmpty()) {
            QVERIFY(!p);
            QVERIFY(err.contains(text));
            return;
        }
        QVERIFY2(p, qPrintable(err));
        QCOMPARE(p->hosts, hosts);
        QCOMPARE(p->chroot, chroot);
        QCOMPARE(p->connectString(), text);
    }

    void clientOptionsCarryDigest() {
        auto o = zooscope::ui::toClientOptions(sample(), "pw-123");
        QCOMPARE(o.connectString, std::string("zk1.example:2181,zk2.example:2181/kafka"));
        QCOMPARE(o.auth.size(), size_t(1));
        QCOMPARE(o.auth[0].credential, std::string("ops:pw-123"));
        ConnectionProfile anon = sample();
        anon.digestUser.clear();
        QVERIFY(zooscope::ui::toClientOptions(anon, "pw-123").auth.empty());
    }

    void exportImportWithoutSecrets() {
        QTemporaryDir dir;
        QSettings s(dir.filePath("a.ini"), QSettings::IniFormat);
        ProfileStore store(&s);
        const QString id = store.save(sample());
        const QByteArray json = ProfileStore::exportJson(store.profiles());
        QVERIFY(json.contains("\"digestUser\": \"ops\""));
        QVERIFY(!json.toLower().contains("password"));
        QVERIFY(!json.toLower().contains("secret"));

        // Into an empty store: same profile, same id.
        QSettings s2(dir.filePath("b.ini"), QSettings::IniFormat);
        ProfileStore other(&s2);
        QString err;
        QCOMPARE(other.importJson(json, &err), 1);
        QCOMPARE(other.profiles().value(0), *store.find(id));
        // Into the same store: never overwrites, gets a new id.
        QCOMPARE(store.importJson(json, &err), 1);
        QCOMPARE(store.profiles().size(), 2);
        QVERIFY(store.profiles()[0].id != store.profiles()[1].id);

        // A hand-made file with a password: imported without it, and the
        // settings file never holds it.
        QByteArray withSecret = json;
        withSecret.replace("\"digestUser\"", "\"password\": \"hunter2-secret\", \"digestUser\"");
        QCOMPARE(other.importJson(withSecret, &err), 1);
        s2.sync();
        QFile f(dir.filePath("b.ini"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(!f.readAll().contains("hunter2"));
    }

    void importRejects_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("not json") << QByteArray("{nope") << "not valid JSON";
        QTest::newRow("other format") << QByteArray(R"({"format":"x","version":1})") << "not a ZooScope";
        QTest::newRow("version") << QByteArray(R"({"format":"zooscope-profiles","version":9})") << "version 9";
        QTest::newRow("no hosts") << QByteArray(R"({"format":"zooscope-profiles","version":1,"profiles":[{"name":"a"}]})")
                                  << "no hosts";
    }
    void importRejects() {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        QTemporaryDir dir;
        QSettings s(dir.filePath("a.ini"), QSettings::IniFormat);
        ProfileStore store(&s);
        QString err;
        QCOMPARE(store.importJson(json, &err), -1);
        QVERIFY2(err.contains(error), qPrintable(err));
        QVERIFY(store.profiles().isEmpty());
    }

    void logsRedactSecretsAndReachTheModel() {
        QTemporaryDir dir;
        zooscope::ui::LogModel model;
        QString err;
        const std::string path = zooscope::ui::installAppLogging(dir.path(), &model, &err);
        QVERIFY2(!path.empty(), qPrintable(err));
        zooscope::ui::registerSecretForRedaction("s3cr3t-pass");
        spdlog::info("connecting with digest ops:s3cr3t-pass to somewhere");
        spdlog::default_logger()->flush();
        QTRY_COMPARE(model.rowCount(), 1);
        const QString line = model.data(model.index(0, zooscope::ui::LogModel::MessageColumn)).toString();
        QCOMPARE(line, QString("connecting with digest ops:*** to somewhere"));
        QFile f(QString::fromStdString(path));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("ops:***"));
        QVERIFY(!text.contains("s3cr3t"));
        spdlog::set_default_logger(spdlog::stderr_color_mt("after-test"));
    }
};

QTEST_GUILESS_MAIN(TestProfiles)
#include "tst_profiles.moc"
