// kazoo 2.8 (Debian's python3-kazoo) against the zooscope-server process, and
// against Apache ZooKeeper for reference: CRUD and error mapping,
// transactions, DataWatch/ChildrenWatch and one-shot watches, the Lock,
// Election and Counter recipes, ephemeral cleanup on session close, and a
// client asking for SASL (DIGEST-MD5) from a server without SASL.
//
// One interpreter per server runs python/kazoo_scenario.py, which prints
// "name=value" observations; the expectations live here.
#include <QtTest>

#include "tst_clients_common.h"

using namespace zooscope::clienttests;

namespace {

// Debian's interpreter: the one that has python3-kazoo (a pyenv `python3` on
// PATH may not).
const QString kPython = QStringLiteral("/usr/bin/python3");

bool runScenario(TestServer& server, QMap<QString, QString>* observed, QStringList* errors, QString* error) {
    ClientProcess py;
    if (!py.start(kPython,
                  {clientsSourceDir() + "/python/kazoo_scenario.py", QString::fromStdString(server.connectString())},
                  error))
        return false;
    if (!py.finish(100000) || py.exitCode() != 0) {
        *error = QStringLiteral("kazoo_scenario.py failed against %1 (exit %2):\n%3")
                     .arg(QString::fromStdString(server.name()))
                     .arg(py.exitCode())
                     .arg(py.output().right(4000));
        return false;
    }
    const QStringList lines = py.output().split(QLatin1Char('\n'));
    if (!lines.contains(QStringLiteral("DONE"))) {
        *error = QStringLiteral("kazoo_scenario.py did not finish:\n") + py.output();
        return false;
    }
    for (const QString& line : lines) {
        if (line.startsWith(QStringLiteral("ERROR "))) *errors << line;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq > 0 && !line.startsWith(QStringLiteral("ERROR "))) observed->insert(line.left(eq), line.mid(eq + 1));
    }
    return true;
}

}  // namespace

class TstKazoo : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void noSectionFailed();
    void observations_data();
    void observations();
    void sameObservationsAsApache();
    void cleanupTestCase();

private:
    ServerPair servers_;
    QMap<QString, QString> engine_;
    QMap<QString, QString> apache_;
    QStringList engineErrors_;
    QStringList apacheErrors_;
};

void TstKazoo::initTestCase() {
    QProcess probe;
    probe.start(kPython, {"-c", "import kazoo"});
    if (!probe.waitForFinished(20000) || probe.exitCode() != 0)
        QFAIL("/usr/bin/python3 cannot import kazoo (Debian package python3-kazoo; scripts/test installs it)");
    servers_ = startServerPair();
    QVERIFY2(servers_.engine && servers_.zookeeper, servers_.error.c_str());
    QString error;
    QVERIFY2(runScenario(*servers_.engine, &engine_, &engineErrors_, &error), qPrintable(error));
    QVERIFY2(runScenario(*servers_.zookeeper, &apache_, &apacheErrors_, &error), qPrintable(error));
}

void TstKazoo::noSectionFailed() {
    QVERIFY2(engineErrors_.isEmpty(), qPrintable(engineErrors_.join('\n')));
    QVERIFY2(apacheErrors_.isEmpty(), qPrintable(apacheErrors_.join('\n')));
}

void TstKazoo::observations_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    const std::pair<const char*, const char*> rows[] = {
        {"connected", "True"},
        // CRUD and how server errors map onto kazoo exceptions.
        {"create", "/kz"},
        {"create.exists", "NodeExistsError"},
        {"create.noparent", "NoNodeError"},
        {"create.makepath", "/kz/deep/er/path"},
        {"ensure_path", "True"},
        // Two children were created before: the counter is the parent's cversion.
        {"sequence", "/kz/s-0000000002,/kz/s-0000000003"},
        {"get", "v0 version=0 numChildren=4"},
        {"set", "1"},
        {"set.badversion", "BadVersionError"},
        {"get.missing", "NoNodeError"},
        {"exists.missing", "None"},
        {"children", "deep,ensured,s-0000000002,s-0000000003"},
        {"children.stat", "numChildren=4 cversion=4"},
        {"delete.notempty", "NotEmptyError"},
        {"delete.badversion", "BadVersionError"},
        {"delete.recursive", "None"},
        {"acl.default", "[(31, 'world', 'anyone')]"},
        {"sync", "/kz"},
        {"ruok", "imok"},
        // multi: every result, and all-or-nothing on failure.
        {"txn.commit", "/kz/t1,ZnodeStat,bool,bool"},
        {"txn.applied", "in-txn None"},
        {"txn.failed", "RolledBackError,BadVersionError"},
        {"txn.rolledback", "None"},
        // Watches, with the changes made by a second session.
        {"datawatch", "none;a:0;b:1;none"},
        {"childrenwatch", "[];[x];[x,y];[y]"},
        {"oneshot", "CHANGED:/kz/once"},
        {"exists.watch", "CREATED:/kz/later"},
        // Recipes across two sessions.
        {"lock.a", "True"},
        {"lock.b.timeout", "LockTimeout"},
        {"lock.contenders", "A,B"},
        {"lock.b.waiting", "True"},
        {"lock.b.acquired", "True"},
        {"lock.left", "0"},
        {"election.contenders", "A,B"},
        {"election.first", "A"},
        {"election.after", "A,B"},
        {"counter", "6 6"},
        {"queue", "0 1 2 0"},
        {"lockingqueue", "a True"},
        {"semaphore", "True LockTimeout ['A']"},
        {"party", "['A', 'B']"},
        {"barrier", "False True"},
        // ACLs, watches on deleted parents, size limits.
        {"server_version", "(3, 8, 0)"},
        {"acl.noauth", "NoAuthError"},
        {"acl.withauth", "s"},
        {"acl.set.noauth", "NoAuthError"},
        {"acl.set.badversion", "BadVersionError"},
        {"txn.seq_eph", "ts-,te"},
        {"childwatch.parent_deleted", "CHILD:/kz/pw"},
        {"dualwatch", "exists:DELETED;get:DELETED"},
        {"oversized", "ConnectionLoss"},
        {"large", "1000000"},
        // Ephemerals belong to their session and go when it closes.
        {"eph.owner", "True"},
        {"eph.child", "NoChildrenForEphemeralsError"},
        {"eph.after_close", "None []"},
        {"eph.watch", "DELETED:/kz/eph"},
        // SASL asked of a server without it: kazoo gives up once its session
        // expires (SASL tokens do not keep a session alive), never hangs.
        {"sasl.digest", "AuthFailedError"},
        {"cleanup", "None"},
    };
    for (const auto& [name, expected] : rows) QTest::newRow(name) << QString::fromLatin1(name) << QString::fromLatin1(expected);
}

void TstKazoo::observations() {
    QFETCH(QString, name);
    QFETCH(QString, expected);
    QVERIFY2(engine_.contains(name), qPrintable("the engine run did not report " + name));
    QCOMPARE(engine_.value(name), expected);
    // The expectation itself is checked against the reference server.
    QCOMPARE(apache_.value(name), expected);
}

void TstKazoo::sameObservationsAsApache() { QCOMPARE(engine_, apache_); }

void TstKazoo::cleanupTestCase() { servers_ = ServerPair(); }

QTEST_GUILESS_MAIN(TstKazoo)
#include "tst_kazoo.moc"
