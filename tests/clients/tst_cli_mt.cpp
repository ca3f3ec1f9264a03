// cli_mt (the ZooKeeper C client's shell, zookeeper-bin) against the
// zooscope-server process, with the same session replayed against Apache
// ZooKeeper for reference.
//
// One cli_mt process per server, fed line by line. Most commands are
// asynchronous and their completions print in reply order, so after each step
// the test sends `delete /zs-mark-N` (async; prints "/zs-mark-N: rc = -101")
// and that line closes the step's output segment. `exists`/`wexists` are
// synchronous in the threaded build: their result is handed to the caller by
// the I/O thread and can print before earlier async completions, so steps
// never mix the two. Syntax and output formats: cli.c in
// zookeeper-client/zookeeper-client-c (3.8).
#include <QtTest>

#include <algorithm>

#include "tst_clients_common.h"

using namespace zooscope::clienttests;

namespace {

const QString kCliMt = QStringLiteral("/usr/lib/zookeeper/bin/cli_mt");

enum class Action { None, CreateWatched, AwaitOverdose };

struct Step {
    const char* name;
    QStringList commands;
    QStringList expected;  // regular expressions (multiline) on the engine's segment
    Action action = Action::None;
};

// cli_mt creates every node with the data "new".
const QList<Step>& steps() {
    static const QList<Step> kSteps = {
        {"create", {"create /cm"}, {R"(^Creating \[/cm\] node \(mode: 0\)$)", R"(^\[/cm\]: rc = 0$)", "^\tname = /cm$"}},
        {"create +e", {"create +e /cm/e"}, {R"(^\[/cm/e\]: rc = 0$)", "^\tname = /cm/e$"}},
        {"create +s", {"create +s /cm/s-"}, {"^\tname = /cm/s-0000000001$"}},
        {"create +es", {"create +es /cm/es-"}, {R"(mode: 3\)$)", "^\tname = /cm/es-0000000002$"}},
        {"create +c container", {"create +c /cm/c"}, {R"(mode: 4\)$)", R"(^\[/cm/c\]: rc = 0$)"}},
        {"create +t ttl", {"create +t=60000 /cm/t"}, {R"(mode: 5\)$)", R"(^\[/cm/t\]: rc = 0$)"}},
        {"create2 returns a stat",
         {"create2 /cm/two"},
         {R"(^\[/cm/two\]: rc = 0$)", "^\tversion=0\taversion=0$", "^\tephemeralOwner = 0$"}},
        {"create existing", {"create /cm"}, {R"(^\[/cm\]: rc = -110$)"}},
        {"create without parent", {"create /nope/child"}, {R"(^\[/nope/child\]: rc = -101$)"}},
        {"create bad mode", {"create +ec /cm/x"}, {"^Invalid mode.$"}},
        {"ls", {"ls /cm"}, {"^/cm: rc = 0$", "^\tc$", "^\te$", "^\tes-0000000002$", "^\ts-0000000001$", "^\tt$", "^\ttwo$"}},
        {"ls2", {"ls2 /cm"}, {"^/cm: rc = 0$", "^\tversion=0\taversion=0$"}},
        {"ls missing", {"ls /missing"}, {"^/missing: rc = -101$"}},
        {"get", {"get /cm"}, {"^/cm: rc = 0$", "^ value_len = 3$", "^new$", "^\tversion=0\taversion=0$"}},
        {"set", {"set /cm hello", "get /cm"}, {"^/cm: rc = 0 Stat:$", "^\tversion=1\taversion=0$", "^hello$"}},
        {"set missing", {"set /missing x"}, {"^/missing: rc = -101 Stat:$", "^null$"}},
        {"delete not empty", {"delete /cm"}, {"^/cm: rc = -111$"}},
        {"delete", {"delete /cm/two", "get /cm/two"}, {"^/cm/two: rc = 0$", "^/cm/two: rc = -101$"}},
        {"sync", {"sync /cm"}, {R"(^\[/cm\]: rc = 0$)"}},
        {"wexists then created by another client",
         {"wexists /cm/w"},
         {"^Error -101 for /cm/w$", "^Watcher CREATED_EVENT state = CONNECTED_STATE for path /cm/w$"},
         Action::CreateWatched},
        {"exists", {"exists /cm/w"}, {}},
        {"addauth", {"addauth digest u:p", "get /cm"}, {"^hello$"}},
        {"config", {"config"}, {"^/zookeeper/config: rc = 0$", "^ value_len = 0$"}},
        {"bad path", {"get cm", "ls cm"}, {"^Path must start with /, found: cm$"}},
        {"od", {"create /od", "od"},
         {"^od command response: rc = 0 Stat:$", "^Recvd 200 responses for 200 requests sent$"},
         Action::AwaitOverdose},
    };
    return kSteps;
}

QString markerPath(int i) { return QStringLiteral("/zs-mark-%1").arg(i); }
QString markerLine(int i) { return QStringLiteral("%1: rc = -101\n").arg(markerPath(i)); }

// Strips timings, times, zxids and session ids, and sorts child lists
// (ZooKeeper returns children in no particular order).
QString normalise(const QString& s) {
    static const QRegularExpression timing(QStringLiteral("^time = \\d+ msec\\n"), QRegularExpression::MultilineOption);
    static const QRegularExpression ctime(QStringLiteral("^\\t(ctime|mtime) ?= ?.*\\n(\\t(cz|mz)xid=[0-9a-f]+)?"),
                                          QRegularExpression::MultilineOption);
    static const QRegularExpression owner(QStringLiteral("^\\tephemeralOwner = (?!0$)[0-9a-f]+$"),
                                          QRegularExpression::MultilineOption);
    QString t = s;
    t.remove(timing);
    t.replace(ctime, QStringLiteral("\t\\1 = <time> <zxid>"));
    t.replace(owner, QStringLiteral("\tephemeralOwner = <session>"));
    QStringList lines = t.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size();) {
        qsizetype j = i;
        while (j < lines.size() && lines[j].startsWith(QLatin1Char('\t')) && !lines[j].contains(QLatin1Char('=')))
            ++j;
        std::sort(lines.begin() + i, lines.begin() + j);
        i = j == i ? i + 1 : j;
    }
    return lines.join(QLatin1Char('\n'));
}

bool runSession(TestServer& server, QStringList* segments, QString* fullOutput, QString* error) {
    ClientProcess cli;
    if (!cli.start(kCliMt, {QString::fromStdString(server.connectString())}, error)) return false;
    auto fail = [&](const QString& why) {
        *error = QStringLiteral("%1 (server %2); cli_mt output so far:\n%3")
                     .arg(why, QString::fromStdString(server.name()), cli.output().right(3000));
        return false;
    };
    qsizetype pos = cli.waitFor(QStringLiteral("Got a new session id: 0x"), 20000);
    if (pos < 0) return fail(QStringLiteral("cli_mt never connected"));
    cli.send(QStringLiteral("delete ") + markerPath(0));
    pos = cli.waitFor(markerLine(0), 20000, pos);
    if (pos < 0) return fail(QStringLiteral("no reply to the first marker"));

    for (int i = 0; i < steps().size(); ++i) {
        const Step& step = steps()[i];
        for (const QString& c : step.commands) cli.send(c);
        if (step.action == Action::CreateWatched) {
            if (cli.waitFor(QStringLiteral("Error -101 for /cm/w\n"), 20000, pos) < 0)
                return fail(QStringLiteral("wexists did not return"));
            CClient other(server.connectString());
            const int rc = other.create("/cm/w", "w");
            if (rc != ZOK) return fail(QStringLiteral("C client create /cm/w: %1").arg(zerror(rc)));
            if (cli.waitFor(QStringLiteral("for path /cm/w\n"), 20000, pos) < 0)
                return fail(QStringLiteral("the watch never fired"));
        }
        if (step.action == Action::AwaitOverdose &&
            cli.waitFor(QStringLiteral("Recvd 200 responses for 200 requests sent\n"), 60000, pos) < 0)
            return fail(QStringLiteral("od: not all 200 replies arrived"));
        cli.send(QStringLiteral("delete ") + markerPath(i + 1));
        const qsizetype end = cli.waitFor(markerLine(i + 1), 60000, pos);
        if (end < 0) return fail(QStringLiteral("step '%1' never finished").arg(QLatin1String(step.name)));
        segments->append(cli.output().mid(pos, end - markerLine(i + 1).size() - pos));
        pos = end;
    }
    cli.send(QStringLiteral("myid"));
    cli.send(QStringLiteral("quit"));
    if (!cli.finish(20000)) return fail(QStringLiteral("cli_mt did not exit after quit"));
    *fullOutput = cli.output();
    return true;
}

}  // namespace

class TstCliMt : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void steps_data();
    void steps();
    void overdoseAllSucceeded();
    void myidIsTheSession();
    void cleanupTestCase();

private:
    ServerPair servers_;
    QStringList engineSegments_;
    QStringList apacheSegments_;
    QString engineOutput_;
};

void TstCliMt::initTestCase() {
    if (!QFile::exists(kCliMt)) QFAIL("cli_mt is not installed (Debian package zookeeper-bin; scripts/test installs it)");
    servers_ = startServerPair();
    QVERIFY2(servers_.engine && servers_.zookeeper, servers_.error.c_str());
    QString error;
    QString apacheOutput;
    QVERIFY2(runSession(*servers_.engine, &engineSegments_, &engineOutput_, &error), qPrintable(error));
    QVERIFY2(runSession(*servers_.zookeeper, &apacheSegments_, &apacheOutput, &error), qPrintable(error));
}

void TstCliMt::steps_data() {
    QTest::addColumn<int>("index");
    for (int i = 0; i < ::steps().size(); ++i) QTest::newRow(::steps()[i].name) << i;
}

void TstCliMt::steps() {
    QFETCH(int, index);
    const QString& segment = engineSegments_.at(index);
    for (const QString& re : ::steps()[index].expected) {
        const QRegularExpression rx(re, QRegularExpression::MultilineOption);
        QVERIFY2(rx.match(segment).hasMatch(),
                 qPrintable(QStringLiteral("engine output lacks /%1/:\n%2").arg(re, segment)));
    }
    QCOMPARE(normalise(segment), normalise(apacheSegments_.at(index)));
}

// `od` sends 200 asynchronous 64 KiB sets and gets; every get must succeed.
void TstCliMt::overdoseAllSucceeded() {
    const QString& od = engineSegments_.last();
    QCOMPARE(od.count(QStringLiteral("Data completion /od rc = 0\n")), 200);
    QCOMPARE(od.count(QStringLiteral("Data completion /od rc = ")), 200);
}

// `myid` prints (on buffered stdout, so it shows at exit) the session the
// shell announced on connect.
void TstCliMt::myidIsTheSession() {
    static const QRegularExpression announced(QStringLiteral("Got a new session id: 0x([0-9a-f]+)"));
    static const QRegularExpression printed(QStringLiteral("session Id = ([0-9a-f]+)"));
    const auto a = announced.match(engineOutput_);
    const auto p = printed.match(engineOutput_);
    QVERIFY2(a.hasMatch() && p.hasMatch(), qPrintable(engineOutput_.right(500)));
    QVERIFY(a.captured(1) != QStringLiteral("0"));
    QCOMPARE(p.captured(1), a.captured(1));
}

void TstCliMt::cleanupTestCase() { servers_ = ServerPair(); }

QTEST_GUILESS_MAIN(TstCliMt)
#include "tst_cli_mt.moc"
