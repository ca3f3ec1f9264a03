// Profile store: QSettings round trip in a temp dir, validation (SSL/SASL "not
// supported by this build"), export/import without secrets, log redaction.
#include <QScopeGuard>
#include <QSettings>
#include <QTranslator>
#include <QTemporaryDir>
#include <QtTest>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "../support/marking_translator.h"
#include "logging/app_logging.h"
#include "models/log_model.h"
#include "redaction/log_redaction.h"
#include "settings/profile_store.h"

using zooscope::ui::ConnectionProfile;
using zooscope::ui::ProfileStore;
namespace client = zooscope::client;

namespace {


QString psTr(const char* source) { return QCoreApplication::translate("zooscope::ui::ProfileStore", source); }

}  // namespace

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

    // A refused connect string is explained in the UI's own words, picked by
    // the parser's code; core's English sentence is not shown.
    void connectStringProblems_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("subject");
        QTest::addColumn<QString>("reason");  // the ProfileStore source text of the reason
        using E = client::ConnectStringError;
        QTest::newRow("no server") << "/app" << int(E::NoServer) << ""
                                   << "No server is given; expected host:port[,host:port...][/chroot].";
        QTest::newRow("empty entry") << "a:1,,b:2" << int(E::EmptyEntry) << ""
                                     << "One of the server entries is empty.";
        QTest::newRow("missing port") << "zk1.example" << int(E::MissingPort) << "zk1.example"
                                      << "The server '%1' needs the form host:port.";
        QTest::newRow("bad port") << "a:1,b:99999" << int(E::BadPort) << "b:99999"
                                  << "The server '%1' has an invalid port (expected 1-65535).";
        QTest::newRow("port not a number") << "a:b" << int(E::BadPort) << "a:b"
                                           << "The server '%1' has an invalid port (expected 1-65535).";
        QTest::newRow("chroot slash") << "a:1/x/" << int(E::ChrootTrailingSlash) << "/x/"
                                      << "The chroot '%1' must not end with '/'.";
        QTest::newRow("chroot path") << "a:1/x//y" << int(E::ChrootInvalid) << "/x//y"
                                     << "The chroot '%1' is not a valid znode path.";
        QTest::newRow("chroot dots") << "a:1/x/../y" << int(E::ChrootDotSegment) << "/x/../y"
                                     << "The chroot '%1' must not contain '.' or '..' segments.";
    }
    void connectStringProblems() {
        QFETCH(QString, text);
        QFETCH(int, code);
        QFETCH(QString, subject);
        QFETCH(QString, reason);
        std::string english;
        client::ConnectStringProblem problem;
        QVERIFY(!client::parseConnectString(text.toStdString(), &english, &problem));
        QCOMPARE(int(problem.code), code);
        QCOMPARE(QString::fromStdString(problem.subject), subject);
        QVERIFY(!english.empty());  // core keeps its sentence for logs and the CLI

        zooscope::testing::MarkingTranslator marks("zooscope::ui::ProfileStore");
        QVERIFY(QCoreApplication::installTranslator(&marks));
        const auto uninstall = qScopeGuard([&marks] { QCoreApplication::removeTranslator(&marks); });
        const QByteArray reasonUtf8 = reason.toUtf8();
        QString translatedReason = psTr(reasonUtf8.constData());
        if (!subject.isEmpty()) translatedReason = translatedReason.arg(subject);
        QString err;
        QVERIFY(!ConnectionProfile::fromConnectString(text, &err));
        QCOMPARE(err, psTr("Invalid connect string '%1': %2").arg(text, translatedReason));
        QVERIFY2(!err.contains(QString::fromStdString(english)), qPrintable(err));

        // validateProfile words the same reason (hosts and chroot split as the dialog does).
        ConnectionProfile p;
        p.name = "x";
        const qsizetype slash = text.indexOf('/');
        p.hosts = slash < 0 ? text : text.left(slash);
        p.chroot = slash < 0 ? QString() : text.mid(slash);
        const QStringList problems = zooscope::ui::validateProfile(p);
        if (p.hosts.isEmpty()) {
            QCOMPARE(problems, QStringList{psTr("The profile needs at least one host:port.")});
            return;
        }
        QCOMPARE(problems, QStringList{psTr("Invalid connect string: %1").arg(translatedReason)});
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
