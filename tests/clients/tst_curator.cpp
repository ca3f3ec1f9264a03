// Curator 5.4 (Debian's libcurator-*-java) against the zooscope-server
// process, and against Apache ZooKeeper for reference: CuratorCache (built on
// persistent recursive watches) sees every change another client (the C
// client) makes; InterProcessMutex makes a second session wait; LeaderLatch
// hands leadership over when the leader leaves.
//
// One JVM per server runs java/CuratorScenario.java; it prints tagged lines
// (see that file) that this test asserts on.
#include <QtTest>

#include "tst_clients_common.h"

using namespace zooscope::clienttests;

namespace {

const QString kJarDir = QStringLiteral("/usr/share/java");

// One change by the other client, and the cache line it must cause.
struct Change {
    enum Kind { Create, Set, Delete } kind;
    const char* path;
    const char* data;
    const char* expectedLine;
};

const QList<Change>& changes() {
    static const QList<Change> kChanges = {
        {Change::Create, "/cur", "root", "CACHE NODE_CREATED /cur root"},
        {Change::Create, "/cur/a", "1", "CACHE NODE_CREATED /cur/a 1"},
        {Change::Set, "/cur/a", "2", "CACHE NODE_CHANGED /cur/a 1 -> 2"},
        {Change::Create, "/cur/b", "", "CACHE NODE_CREATED /cur/b "},
        {Change::Create, "/cur/b/c", "deep", "CACHE NODE_CREATED /cur/b/c deep"},
        {Change::Set, "/cur", "top", "CACHE NODE_CHANGED /cur root -> top"},
        {Change::Delete, "/cur/a", "", "CACHE NODE_DELETED /cur/a 2"},
        {Change::Delete, "/cur/b/c", "", "CACHE NODE_DELETED /cur/b/c deep"},
    };
    return kChanges;
}

// Runs CuratorScenario against `server`; returns its tagged lines.
bool runScenario(TestServer& server, QStringList* lines, QString* error) {
    ClientProcess java;
    const QString cp = kJarDir + "/curator-recipes.jar:" + kJarDir + "/slf4j-nop.jar";
    const QString hosts = QString::fromStdString(server.connectString());
    if (!java.start(javaExecutable(),
                    {"-Djava.awt.headless=true", "-cp", cp, clientsSourceDir() + "/java/CuratorScenario.java", hosts},
                    error))
        return false;
    auto fail = [&](const QString& why) {
        *error = QStringLiteral("%1 (server %2); output:\n%3")
                     .arg(why, QString::fromStdString(server.name()), java.output().right(4000));
        return false;
    };
    qsizetype pos = java.waitFor(QStringLiteral("READY cache\n"), 60000);
    if (pos < 0) return fail(QStringLiteral("CuratorCache never became ready"));

    CClient other(server.connectString());
    if (!other.connected()) return fail(QStringLiteral("the C client did not connect"));
    for (const Change& ch : changes()) {
        int rc = ZOK;
        switch (ch.kind) {
        case Change::Create: rc = other.create(ch.path, ch.data); break;
        case Change::Set: rc = other.set(ch.path, ch.data); break;
        case Change::Delete: rc = other.remove(ch.path); break;
        }
        if (rc != ZOK) return fail(QStringLiteral("C client: %1 on %2").arg(zerror(rc), ch.path));
        // One change at a time: the cache may fold a burst into one event.
        const qsizetype at = java.waitFor(QString::fromLatin1(ch.expectedLine) + '\n', 20000, pos);
        if (at < 0) return fail(QStringLiteral("the cache never reported: %1").arg(ch.expectedLine));
        pos = at;
    }
    java.send(QStringLiteral("cache-done"));
    if (!java.finish(90000)) return fail(QStringLiteral("CuratorScenario did not finish"));
    if (java.exitCode() != 0) return fail(QStringLiteral("CuratorScenario exited with %1").arg(java.exitCode()));
    static const QRegularExpression tagged(QStringLiteral("^(CONNECTED|READY|CACHE|CACHE_CONTENT|LOCK|LEADER|DONE|ERROR)\\b.*$"),
                                           QRegularExpression::MultilineOption);
    for (auto it = tagged.globalMatch(java.output()); it.hasNext();) *lines << it.next().captured(0);
    return true;
}

}  // namespace

class TstCurator : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void observations_data();
    void observations();
    void sameTranscriptAsApache();
    void cleanupTestCase();

private:
    ServerPair servers_;
    QStringList engine_;
    QStringList apache_;
};

void TstCurator::initTestCase() {
    if (!QFile::exists(kJarDir + "/curator-recipes.jar"))
        QFAIL("Curator is not installed (Debian package libcurator-recipes-java; scripts/test installs it)");
    servers_ = startServerPair();
    QVERIFY2(servers_.engine && servers_.zookeeper, servers_.error.c_str());
    QString error;
    QVERIFY2(runScenario(*servers_.engine, &engine_, &error), qPrintable(error));
    QVERIFY2(runScenario(*servers_.zookeeper, &apache_, &error), qPrintable(error));
}

void TstCurator::observations_data() {
    QTest::addColumn<QString>("line");
    for (const Change& ch : changes()) QTest::newRow(ch.expectedLine) << QString::fromLatin1(ch.expectedLine);
    const char* rest[] = {
        // What the cache holds after the changes.
        "CACHE_CONTENT /cur=top", "CACHE_CONTENT /cur/b=",
        // B's lock node sits next to A's; B waits until A releases.
        "LOCK A acquired", "LOCK participants 2", "LOCK B waiting true", "LOCK B acquired", "LOCK B done true",
        "LOCK left 0",
        // A leads first; B takes over when A's latch closes.
        "LEADER A leads true", "LEADER participants 2", "LEADER B sees leader A", "LEADER B leads false",
        "LEADER B leads true", "LEADER B sees leader B", "DONE"};
    for (const char* line : rest) QTest::newRow(line) << QString::fromLatin1(line);
}

void TstCurator::observations() {
    QFETCH(QString, line);
    QVERIFY2(engine_.contains(line), qPrintable("engine run lacks \"" + line + "\":\n" + engine_.join('\n')));
    QVERIFY2(apache_.contains(line), qPrintable("Apache run lacks \"" + line + "\":\n" + apache_.join('\n')));
}

// Same events, same order, same lock and leader hand-overs on both servers;
// and nothing the test did not expect (e.g. an extra cache event).
void TstCurator::sameTranscriptAsApache() {
    QCOMPARE(engine_, apache_);
    QVERIFY(!engine_.filter(QStringLiteral("CACHE_CONTENT /cur/a")).size());
    QCOMPARE(engine_.filter(QRegularExpression(QStringLiteral("^CACHE NODE_"))).size(), changes().size());
}

void TstCurator::cleanupTestCase() { servers_ = ServerPair(); }

QTEST_GUILESS_MAIN(TstCurator)
#include "tst_curator.moc"
