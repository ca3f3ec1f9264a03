// zooscope-ctl as scripts run it: the executable in child processes against
// Apache ZooKeeper 3.8 (one JVM for the binary) and the in-process engine.
// Every command and exit code, bad input, the guard of a saved profile (with
// its password from the Secret Service this test runs under), lock exclusion
// among zooscope-ctl processes and a C++ Lock (Curator layout) or a kazoo Lock
// (kazoo layout), a lost lock or leadership (session cut off or expired,
// node deleted) ending COMMAND with SIGTERM and exit 75, and watch's output.
//
// Both servers run with tickTime 500, so a 2 s session expires within about
// 2.5 s. No timing assertions: every wait is an upper bound for a condition.
#include <QtTest>

#include <signal.h>

#include <atomic>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "blocking_call.h"
#include "ctl_process.h"
#include "settings/profile_store.h"
#include "settings/secret_store.h"
#include "test_support.h"
#include "zooscope/ctl.h"
#include "zooscope/recipes.h"

using namespace zooscope;
using namespace zooscope::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kWaitMs = kCtlWaitMs;
const QString kPython = QStringLiteral("/usr/bin/python3");  // the one with python3-kazoo

bool waitFor(const std::function<bool()>& condition, int timeoutMs = kWaitMs) {
    QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired()) return false;
        QTest::qWait(20);
    }
    return true;
}

// Reads lines from a running process until it has `count` of them.
bool readLines(QProcess& p, int count, QList<QByteArray>* lines, int timeoutMs = kWaitMs) {
    QDeadlineTimer deadline(timeoutMs);
    while (lines->size() < count) {
        while (p.canReadLine()) lines->append(p.readLine().chopped(1));
        if (lines->size() >= count) return true;
        if (deadline.hasExpired() || p.state() == QProcess::NotRunning) return false;
        p.waitForReadyRead(100);
    }
    return true;
}

// The loopback ports process `pid`'s TCP sockets are connected to (from
// /proc: its socket inodes matched in /proc/net/tcp).
std::set<uint16_t> remotePortsOf(qint64 pid) {
    std::set<std::string> inodes;
    QDir fds(QStringLiteral("/proc/%1/fd").arg(pid));
    for (const QString& fd : fds.entryList(QDir::System | QDir::NoDotAndDotDot)) {
        const QString target = QFile::symLinkTarget(fds.filePath(fd));
        if (target.contains("socket:[")) {
            const qsizetype open = target.indexOf('[');
            inodes.insert(target.mid(open + 1, target.size() - open - 2).toStdString());
        }
    }
    std::set<uint16_t> ports;
    std::ifstream tcp("/proc/net/tcp");
    std::string line;
    std::getline(tcp, line);  // header
    while (std::getline(tcp, line)) {
        std::istringstream fields(line);
        std::string sl, local, remote, st, queues, timer, retr, uid, timeout, inode;
        fields >> sl >> local >> remote >> st >> queues >> timer >> retr >> uid >> timeout >> inode;
        if (st == "01" && inodes.count(inode))  // ESTABLISHED
            ports.insert(static_cast<uint16_t>(std::stoul(remote.substr(remote.find(':') + 1), nullptr, 16)));
    }
    return ports;
}

QByteArray allBytes() {
    QByteArray b;
    for (int i = 0; i < 256; ++i) b.append(char(i));
    return b;
}

QString readFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).trimmed() : QString();
}

}  // namespace

class TstCtl : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void helpListsCommandsAndExitCodes();
    void badInput_data();
    void badInput();
    void badInputLosesNothing();
    void cannotConnect();

    void readCommands_data() { serverRows(); }
    void readCommands();
    void setCommand_data() { serverRows(); }
    void setCommand();
    void profileGuard();
    void profilePassword();
    void profileEnsembleSettings();

    void lockExclusionCurator_data() { serverRows(); }
    void lockExclusionCurator();
    void lockExclusionKazoo_data() { serverRows(); }
    void lockExclusionKazoo();
    void lockStatusTimeoutInterrupt_data() { serverRows(); }
    void lockStatusTimeoutInterrupt();
    void lockLost_data();
    void lockLost();
    void lockKeptAcrossSuspension_data() { serverRows(); }
    void lockKeptAcrossSuspension();

    void elect_data() { serverRows(); }
    void elect();
    void electLost_data() { serverRows(); }
    void electLost();
    void barrier_data() { serverRows(); }
    void barrier();
    void members_data() { serverRows(); }
    void members();
    void watch_data() { serverRows(); }
    void watch();

    void inProcessOnAGivenSession();

private:
    struct Server {
        std::unique_ptr<TestServer> server;
        std::unique_ptr<recipes::Session> admin;  // digest alice:pw
        QString connect;
    };

    void serverRows() {
        QTest::addColumn<QString>("server");
        QTest::newRow("zookeeper") << "zookeeper";
        QTest::newRow("engine") << "engine";
    }
    Server& server() {
        QFETCH(QString, server);
        return servers_[server];
    }
    client::Client& admin() { return server().admin->client(); }
    QStringList at(const QStringList& args) { return QStringList{"--connect", server().connect} + args; }

    bool create(const std::string& path, const std::string& data, client::CreateOptions o = {}) {
        auto r = blockingCall<client::Created>([&](auto cb) { admin().create(path, data, o, cb); });
        if (!r.ok()) qWarning("create %s: %s", path.c_str(), r.message.c_str());
        return r.ok();
    }
    client::NodeData read(const std::string& path) {
        auto r = blockingCall<client::NodeData>([&](auto cb) { admin().getData(path, false, cb); });
        return r.value;
    }
    bool write(const std::string& path, const std::string& data) {
        return blockingCall<proto::Stat>([&](auto cb) { admin().setData(path, data, -1, cb); }).ok();
    }
    std::vector<std::string> children(const std::string& path) {
        return blockingCall<std::vector<std::string>>([&](auto cb) { admin().getChildren(path, false, cb); }).value;
    }
    // The environment of a process that reads the throw-away profile store.
    QProcessEnvironment profileEnv() const {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("HOME", home_.path());
        env.insert("XDG_CONFIG_HOME", home_.path() + "/.config");
        env.insert("XDG_DATA_HOME", home_.path() + "/.local/share");
        return env;
    }
    void lockExclusion(const QString& layout, int workers, int rounds, const std::function<void(int*)>& contender,
                       int contenderRounds);

    std::map<QString, Server> servers_;
    QTemporaryDir home_;
    QTemporaryDir files_;
};

void TstCtl::initTestCase() {
    QVERIFY2(QFileInfo(ctlExe()).isExecutable(), qPrintable(ctlExe() + " is not built"));
    QVERIFY(home_.isValid() && files_.isValid());
    std::string error;
    ApacheOptions apache;
    apache.tickTime = 500;
    auto zk = startApacheZooKeeper(apache, &error);
    QVERIFY2(zk, error.c_str());
    EngineOptions engine;
    engine.config.tickTime = 500;
    engine.config.adminEnableServer = true;  // profileEnsembleSettings: a profile's AdminServer port
    auto en = startEngine(engine, &error);
    QVERIFY2(en, error.c_str());
    for (auto* s : {&zk, &en}) {
        Server srv;
        srv.server = std::move(*s);
        srv.connect = QString::fromStdString(srv.server->connectString());
        client::ClientOptions o;
        o.connectString = srv.server->connectString();
        o.sessionTimeout = 10s;
        o.auth.push_back({"digest", "alice:pw"});
        srv.admin = recipes::Session::connect(o, &error);
        QVERIFY2(srv.admin, error.c_str());
        QVERIFY(srv.admin->waitConnected(30s).ok());
        const QString name = QString::fromStdString(srv.server->name());
        servers_[name] = std::move(srv);
    }
    QVERIFY(servers_.count("zookeeper") && servers_.count("engine"));
}

void TstCtl::cleanupTestCase() {
    for (auto& [name, s] : servers_) {
        if (s.admin) s.admin->close();
        if (s.server) s.server->stop();
    }
}

// ---------------------------------------------------------------- grammar

void TstCtl::helpListsCommandsAndExitCodes() {
    Run r = runCtl({"--help"});
    QCOMPARE(r.code, 0);
    const QString help = QString::fromUtf8(r.out);
    for (const char* word : {"ls", "get", "stat", "set", "lock", "elect", "barrier", "members", "watch", "--connect",
                             "--profile", "--unlock-writes", "--json", "75", "base64:"})
        QVERIFY2(help.contains(word), word);
    r = runCtl({"lock", "--help"});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains("--layout") && r.out.contains("-- COMMAND"), r.out.constData());
    r = runCtl({"--version"});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.startsWith("zooscope-ctl "));
}

void TstCtl::badInput_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("says");
    const QString c = "127.0.0.1:1";  // never reached: bad input is refused first
    QTest::newRow("unknown option") << QStringList{"--connect", c, "--bogus", "ls", "/"} << "--bogus";
    QTest::newRow("unknown command") << QStringList{"--connect", c, "frobnicate", "/"} << "frobnicate";
    QTest::newRow("no command") << QStringList{"--connect", c} << "subcommand";
    QTest::newRow("relative path") << QStringList{"--connect", c, "get", "a/b"} << "Bad path \"a/b\"";
    QTest::newRow("trailing slash") << QStringList{"--connect", c, "ls", "/a/"} << "must not end with /";
    QTest::newRow("empty segment") << QStringList{"--connect", c, "stat", "/a//b"} << "empty node name";
    QTest::newRow("missing path") << QStringList{"--connect", c, "get"} << "PATH";
    QTest::newRow("lock without --") << QStringList{"--connect", c, "lock", "/l", "sleep", "1"}
                                     << "COMMAND must follow \"--\"";
    QTest::newRow("lock without command") << QStringList{"--connect", c, "lock", "/l", "--"} << "no COMMAND";
    QTest::newRow("elect without --") << QStringList{"--connect", c, "elect", "/e", "--id", "a", "true"}
                                      << "COMMAND must follow \"--\"";
    QTest::newRow("elect without id") << QStringList{"--connect", c, "elect", "/e", "--", "true"} << "--id";
    QTest::newRow("bad layout") << QStringList{"--connect", c, "lock", "/l", "--layout", "zk", "--", "true"} << "zk";
    QTest::newRow("negative timeout") << QStringList{"--connect", c, "lock", "/l", "--timeout", "-1", "--", "true"}
                                      << "--timeout";
    QTest::newRow("barrier without count") << QStringList{"--connect", c, "barrier", "/b"} << "--count";
    QTest::newRow("barrier count 0") << QStringList{"--connect", c, "barrier", "/b", "--count", "0"} << "--count";
    QTest::newRow("set without value") << QStringList{"--connect", c, "set", "/a"} << "VALUE or --file";
    QTest::newRow("set value and file") << QStringList{"--connect", c, "set", "/a", "v", "--file", "/etc/hostname"}
                                        << "excludes";
    QTest::newRow("set unreadable file") << QStringList{"--connect", c, "set", "/a", "--file", "/nonexistent/f"}
                                         << "Cannot read /nonexistent/f";
    QTest::newRow("set bad version") << QStringList{"--connect", c, "set", "/a", "v", "--version", "abc"} << "--version";
    QTest::newRow("set version too big") << QStringList{"--connect", c, "set", "/a", "v", "--version", "2147483648"}
                                         << "not an integer from 0 to 2147483647";
    QTest::newRow("timeout not a number") << QStringList{"--connect", c, "lock", "/l", "--timeout", "1s", "--", "true"}
                                          << "'1s' is not a number";
    QTest::newRow("no connection") << QStringList{"ls", "/"} << "--connect";
    QTest::newRow("connect and profile") << QStringList{"--connect", c, "--profile", "p", "ls", "/"} << "excludes";
    QTest::newRow("connect without port") << QStringList{"--connect", "localhost", "ls", "/"} << "localhost";
    QTest::newRow("connect bad chroot") << QStringList{"--connect", "127.0.0.1:2181/a/", "ls", "/"} << "chroot";
}

void TstCtl::badInput() {
    QFETCH(QStringList, args);
    QFETCH(QString, says);
    Run r = runCtl(args);
    QVERIFY2(r.code == 2, qPrintable(r.describe()));
    QVERIFY2(QString::fromUtf8(r.err).contains(says), qPrintable(r.describe()));
    QVERIFY2(r.out.isEmpty(), qPrintable(r.describe()));
}

// Bad input against a live server changes nothing and creates nothing.
void TstCtl::badInputLosesNothing() {
    auto& s = servers_["engine"];
    client::Client& c = s.admin->client();
    QVERIFY(blockingCall<client::Created>([&](auto cb) { c.create("/bad-input", "keep", {}, cb); }).ok());
    const QString at = s.connect;
    for (const QStringList& args : {QStringList{"set", "/bad-input"}, QStringList{"set", "/bad-input", "x", "--file", "/etc/hostname"},
                                    QStringList{"set", "/bad-input", "--file", "/nonexistent"},
                                    QStringList{"lock", "/bad-input/l", "true"}, QStringList{"set", "/bad-input/", "x"}}) {
        Run r = runCtl(QStringList{"--connect", at} + args);
        QVERIFY2(r.code == 2, qPrintable(r.describe()));
    }
    auto r = blockingCall<client::NodeData>([&](auto cb) { c.getData("/bad-input", false, cb); });
    QCOMPARE(r.value.data, std::string("keep"));
    QCOMPARE(r.value.stat.version, 0);
    QCOMPARE(r.value.stat.numChildren, 0);
}

void TstCtl::cannotConnect() {
    const uint16_t port = freeLoopbackPort();
    Run r = runCtl({"--connect", QStringLiteral("127.0.0.1:%1").arg(port), "--connect-timeout", "1", "ls", "/"});
    QVERIFY2(r.code == 3, qPrintable(r.describe()));
    QVERIFY2(r.err.contains("Cannot connect to 127.0.0.1:") && r.err.contains("no session within 1 s"),
             qPrintable(r.describe()));
}

// ---------------------------------------------------------------- ls get stat set

void TstCtl::readCommands() {
    QVERIFY(create("/read", "text"));
    QVERIFY(create("/read/b", ""));
    QVERIFY(create("/read/a", std::string(allBytes().constData(), 256)));
    client::CreateOptions nullData;
    nullData.nullData = true;
    QVERIFY(create("/read/c", "", nullData));
    client::CreateOptions aliceOnly;
    aliceOnly.acl = {proto::ACL{proto::perms::kAll, proto::Id{"auth", ""}}};
    QVERIFY(create("/read/secret", "s", aliceOnly));

    Run r = runCtl(at({"ls", "/read"}));
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, QByteArray("a\nb\nc\nsecret\n"));
    r = runCtl(at({"--json", "ls", "/read"}));
    QCOMPARE(r.code, 0);
    QCOMPARE(QJsonDocument::fromJson(r.out).array(), QJsonArray({"a", "b", "c", "secret"}));

    r = runCtl(at({"get", "/read/a"}));  // raw bytes, nothing added
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, allBytes());
    r = runCtl(at({"get", "/read"}));
    QCOMPARE(r.out, QByteArray("text"));

    const client::NodeData node = read("/read");
    r = runCtl(at({"--json", "get", "/read"}));
    QCOMPARE(r.code, 0);
    QJsonObject j = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(j.keys(), QStringList({"data", "encoding", "path", "stat"}));
    QCOMPARE(j["path"].toString(), "/read");
    QCOMPARE(j["data"].toString(), "text");
    QCOMPARE(j["encoding"].toString(), "utf8");
    const QJsonObject stat = j["stat"].toObject();
    QCOMPARE(stat.keys(), QStringList({"aversion", "ctime", "cversion", "czxid", "dataLength", "ephemeralOwner", "mtime",
                                       "mzxid", "numChildren", "pzxid", "version"}));
    // zxids as "0x" + lowercase hex without padding, as zkCli and Python's hex() print them.
    QCOMPARE(stat["czxid"].toString(), QStringLiteral("0x%1").arg(node.stat.czxid, 0, 16));
    QCOMPARE(stat["mzxid"].toString(), QStringLiteral("0x%1").arg(node.stat.mzxid, 0, 16));
    QCOMPARE(stat["pzxid"].toString(), QStringLiteral("0x%1").arg(node.stat.pzxid, 0, 16));
    QVERIFY(stat["czxid"].toString() != "0x0" && !stat["czxid"].toString().contains(QRegularExpression("^0x0|[A-F]")));
    QCOMPARE(stat["ephemeralOwner"].toString(), "0x0");
    QCOMPARE(stat["ctime"].toInteger(), node.stat.ctime);
    QCOMPARE(stat["mtime"].toInteger(), node.stat.mtime);
    QCOMPARE(stat["numChildren"].toInt(), 4);
    QCOMPARE(stat["dataLength"].toInt(), 4);
    QCOMPARE(stat["version"].toInt(), 0);
    QCOMPARE(stat["cversion"].toInt(), node.stat.cversion);

    r = runCtl(at({"--json", "get", "/read/a"}));
    j = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(j["encoding"].toString(), "base64");
    QCOMPARE(QByteArray::fromBase64(j["data"].toString().toLatin1()), allBytes());
    r = runCtl(at({"--json", "get", "/read/c"}));
    j = QJsonDocument::fromJson(r.out).object();
    QVERIFY2(j["data"].isNull(), r.out.constData());

    r = runCtl(at({"stat", "/read"}));
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(QStringLiteral("czxid = 0x%1\n").arg(node.stat.czxid, 0, 16).toLatin1()) &&
                 r.out.contains("numChildren = 4\n") && r.out.contains("ephemeralOwner = 0x0\n"),
             r.out.constData());
    r = runCtl(at({"--json", "stat", "/read/a"}));
    QCOMPARE(QJsonDocument::fromJson(r.out).object()["dataLength"].toInt(), 256);

    // An ephemeral's owner is the session id in the same form.
    client::CreateOptions eph;
    eph.mode = proto::CreateMode::Ephemeral;
    QVERIFY(create("/read-eph", "", eph));
    r = runCtl(at({"--json", "stat", "/read-eph"}));
    QCOMPARE(QJsonDocument::fromJson(r.out).object()["ephemeralOwner"].toString(),
             QStringLiteral("0x%1").arg(static_cast<quint64>(server().admin->sessionId()), 0, 16));

    // Refusals: exit 1, the refusal in plain words.
    for (const QStringList& args : {QStringList{"ls", "/nope"}, QStringList{"get", "/nope"}, QStringList{"stat", "/nope"}}) {
        r = runCtl(at(args));
        QVERIFY2(r.code == 1 && r.err.contains("/nope does not exist") && r.out.isEmpty(), qPrintable(r.describe()));
    }
    r = runCtl(at({"get", "/read/secret"}));
    QVERIFY2(r.code == 1 && r.err.contains("Not authorised to read /read/secret"), qPrintable(r.describe()));
}

void TstCtl::setCommand() {
    QVERIFY(create("/set", "0"));
    Run r = runCtl(at({"set", "/set", "one"}));
    QVERIFY2(r.code == 0 && r.out.isEmpty(), qPrintable(r.describe()));
    QCOMPARE(read("/set").data, std::string("one"));

    const QString file = files_.filePath("set-" + QString(QTest::currentDataTag()));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(allBytes());
    }
    r = runCtl(at({"set", "/set", "--file", file}));
    QCOMPARE(r.code, 0);
    QCOMPARE(QByteArray::fromStdString(read("/set").data), allBytes());

    r = runCtl(at({"set", "/set", "--file", "-"}), QByteArray("from\nstdin"));
    QCOMPARE(r.code, 0);
    QCOMPARE(read("/set").data, std::string("from\nstdin"));

    r = runCtl(at({"set", "/set", "--", "-5"}));  // a value that looks like an option
    QCOMPARE(r.code, 0);
    QCOMPARE(read("/set").data, std::string("-5"));

    const int version = read("/set").stat.version;
    QCOMPARE(version, 4);
    r = runCtl(at({"set", "/set", "stale", "--version", "3"}));
    QVERIFY2(r.code == 1 && r.err.contains("changed by someone else"), qPrintable(r.describe()));
    QCOMPARE(read("/set").data, std::string("-5"));
    r = runCtl(at({"--json", "set", "/set", "fresh", "--version", "4"}));
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QCOMPARE(QJsonDocument::fromJson(r.out).object()["version"].toInt(), 5);
    QCOMPARE(read("/set").data, std::string("fresh"));

    r = runCtl(at({"set", "/set-missing", "x"}));
    QVERIFY2(r.code == 1 && r.err.contains("/set-missing does not exist"), qPrintable(r.describe()));
    client::CreateOptions aliceOnly;
    aliceOnly.acl = {proto::ACL{proto::perms::kAll, proto::Id{"auth", ""}}};
    QVERIFY(create("/set-secret", "s", aliceOnly));
    r = runCtl(at({"set", "/set-secret", "x"}));
    QVERIFY2(r.code == 1 && r.err.contains("Not authorised"), qPrintable(r.describe()));
    QCOMPARE(read("/set-secret").data, std::string("s"));
}

// ---------------------------------------------------------------- profiles

// A guarded profile refuses set/lock/elect/barrier unless --unlock-writes;
// reads go through. Unknown profiles are usage errors.
void TstCtl::profileGuard() {
    auto& s = servers_["engine"];
    QSettings settings(home_.path() + "/.config/ZooScope/ZooScope.conf", QSettings::IniFormat);
    ui::ProfileStore store(&settings);
    ui::ConnectionProfile prod;
    prod.name = "prod";
    prod.hosts = s.connect;
    prod.readOnlyGuard = true;
    store.save(prod);
    ui::ConnectionProfile dev = prod;
    dev.id.clear();
    dev.name = "dev";
    dev.readOnlyGuard = false;
    store.save(dev);
    settings.sync();
    client::Client& c = s.admin->client();
    QVERIFY(blockingCall<client::Created>([&](auto cb) { c.create("/guard", "before", {}, cb); }).ok());
    auto data = [&] { return blockingCall<client::NodeData>([&](auto cb) { c.getData("/guard", false, cb); }).value.data; };
    const QProcessEnvironment env = profileEnv();

    Run r = runCtl({"--profile", "prod", "get", "/guard"}, {}, env);
    QVERIFY2(r.code == 0 && r.out == "before", qPrintable(r.describe()));
    for (const QStringList& write : {QStringList{"set", "/guard", "after"}, QStringList{"lock", "/guard/l", "--", "true"},
                                     QStringList{"elect", "/guard/e", "--id", "x", "--", "true"},
                                     QStringList{"barrier", "/guard/b", "--count", "1"}}) {
        r = runCtl(QStringList{"--profile", "prod"} + write, {}, env);
        QVERIFY2(r.code == 1 && r.err.contains("profile \"prod\" is read-only guarded") && r.err.contains("--unlock-writes"),
                 qPrintable(r.describe()));
    }
    QCOMPARE(data(), std::string("before"));
    QVERIFY(blockingCall<std::vector<std::string>>([&](auto cb) { c.getChildren("/guard", false, cb); }).value.empty());

    r = runCtl({"--profile", "prod", "--unlock-writes", "set", "/guard", "after"}, {}, env);
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QCOMPARE(data(), std::string("after"));
    r = runCtl({"--profile", "dev", "set", "/guard", "dev"}, {}, env);
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QCOMPARE(data(), std::string("dev"));
    // By id too.
    r = runCtl({"--profile", store.profiles().front().id, "get", "/guard"}, {}, env);
    QVERIFY2(r.code == 0 && r.out == "dev", qPrintable(r.describe()));

    r = runCtl({"--profile", "staging", "ls", "/"}, {}, env);
    QVERIFY2(r.code == 2 && r.err.contains("No saved connection is named \"staging\"") && r.err.contains("dev, prod"),
             qPrintable(r.describe()));
    ui::ConnectionProfile twin = dev;
    twin.id.clear();
    store.save(twin);
    settings.sync();
    r = runCtl({"--profile", "dev", "ls", "/"}, {}, env);
    QVERIFY2(r.code == 2 && r.err.contains("Several saved connections are named \"dev\""), qPrintable(r.describe()));
}

// A digest profile's password comes from the keychain (the Secret Service
// this test runs under, see CMakeLists.txt); without a keychain the profile
// cannot connect (exit 3) and says why.
void TstCtl::profilePassword() {
    auto& s = servers_["zookeeper"];
    QSettings settings(home_.path() + "/.config/ZooScope/ZooScope.conf", QSettings::IniFormat);
    ui::ProfileStore store(&settings);
    ui::ConnectionProfile secure;
    secure.name = "secure";
    secure.hosts = s.connect;
    secure.digestUser = "alice";
    const QString id = store.save(secure);
    settings.sync();
    client::CreateOptions aliceOnly;
    aliceOnly.acl = {proto::ACL{proto::perms::kAll, proto::Id{"auth", ""}}};
    client::Client& c = s.admin->client();
    QVERIFY(blockingCall<client::Created>([&](auto cb) { c.create("/keychain-secret", "only alice", aliceOnly, cb); }).ok());

    ui::SecretStore secrets;
    ui::SecretResult stored;
    bool done = false;
    secrets.store(id, "pw", [&](const ui::SecretResult& r) {
        stored = r;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, kWaitMs);
    QVERIFY2(stored.ok(), qPrintable("the test's Secret Service refused the password: " + stored.message));

    Run r = runCtl({"--profile", "secure", "get", "/keychain-secret"}, {}, profileEnv());
    QVERIFY2(r.code == 0 && r.out == "only alice", qPrintable(r.describe()));
    QVERIFY2(!r.err.contains("pw"), qPrintable(r.describe()));

    QProcessEnvironment noKeychain = profileEnv();
    noKeychain.insert("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/zooscope-test-bus");
    r = runCtl({"--profile", "secure", "get", "/keychain-secret"}, {}, noKeychain);
    QVERIFY2(r.code == 3 && r.err.contains("keychain") && r.out.isEmpty(), qPrintable(r.describe()));

    // The profile file holds no password.
    QFile f(settings.fileName());
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(!f.readAll().contains("pw"));
}

// ensemble --profile NAME: the profile's AdminServer port and alert
// thresholds (as the app's dashboard uses them), with --admin-port and
// --threshold laid over them.
void TstCtl::profileEnsembleSettings() {
    auto& s = servers_["engine"];
    QVERIFY(s.server->adminPort() != 0);
    QSettings settings(home_.path() + "/.config/ZooScope/ZooScope.conf", QSettings::IniFormat);
    ui::ProfileStore store(&settings);
    ui::ConnectionProfile watched;
    watched.name = "watched";
    watched.hosts = s.connect;
    watched.adminPort = s.server->adminPort();
    watched.alertThresholds["connections"] = 0;  // the admin session alone is over it
    store.save(watched);
    settings.sync();
    const QProcessEnvironment env = profileEnv();
    const auto only = [](const Run& r, QJsonObject* o) {
        const QJsonDocument doc = QJsonDocument::fromJson(r.out);
        if (r.code != 0 || !doc.isArray() || doc.array().size() != 1) return false;
        *o = doc.array().first().toObject();
        return true;
    };
    const auto alerts = [](const QJsonObject& o) {
        QStringList out;
        for (const QJsonValue& a : o["alerts"].toArray()) out << a.toString();
        return out;
    };

    QJsonObject o;
    Run r = runCtl({"--profile", "watched", "--json", "ensemble"}, {}, env);
    QVERIFY2(only(r, &o), qPrintable(r.describe()));
    QCOMPARE(o["server"].toString(), s.connect);
    QCOMPARE(o["source"].toString(), QStringLiteral("admin"));
    QVERIFY2(alerts(o).contains("too-many-connections"), qPrintable(r.describe()));

    // The command line wins over the profile, key by key.
    r = runCtl({"--profile", "watched", "--json", "ensemble", "--admin-port", "0", "--threshold", "connections=1000"}, {},
               env);
    QVERIFY2(only(r, &o), qPrintable(r.describe()));
    QCOMPARE(o["source"].toString(), QStringLiteral("4lw"));
    QVERIFY2(!alerts(o).contains("too-many-connections"), qPrintable(r.describe()));

    // Without a profile: ZooKeeper's default port (8080, nothing there) and thresholds.
    r = runCtl({"--connect", s.connect, "--json", "ensemble"});
    QVERIFY2(only(r, &o), qPrintable(r.describe()));
    QVERIFY2(o["source"].toString() != "admin" && !alerts(o).contains("too-many-connections"), qPrintable(r.describe()));
}

// ---------------------------------------------------------------- lock

// `workers` shells each run `rounds` zooscope-ctl lock invocations whose
// COMMAND reads the counter, pauses and writes it plus one, without a version
// check; `contender` does the same in this process. The final count proves
// mutual exclusion.
void TstCtl::lockExclusion(const QString& layout, int workers, int rounds, const std::function<void(int*)>& contender,
                           int contenderRounds) {
    const QString tag = QTest::currentDataTag();
    const std::string counter = "/counter-" + layout.toStdString();
    QVERIFY(create(counter, "0"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("CTL", ctlExe());
    env.insert("ZK", server().connect);
    env.insert("COUNTER", QString::fromStdString(counter));
    env.insert("LOCK", "/lock-" + layout);
    env.insert("LAYOUT", layout);
    const QString script = QStringLiteral(
        "for i in $(seq %1); do \"$CTL\" --connect \"$ZK\" lock \"$LOCK\" --layout \"$LAYOUT\" -- sh -c "
        "'v=$(\"$CTL\" --connect \"$ZK\" get \"$COUNTER\") && sleep 0.02 && "
        "\"$CTL\" --connect \"$ZK\" set \"$COUNTER\" $((v+1))' || exit 1; done").arg(rounds);
    std::vector<std::unique_ptr<QProcess>> shells;
    for (int w = 0; w < workers; ++w) {
        shells.push_back(std::make_unique<QProcess>());
        shells.back()->setProcessEnvironment(env);
        shells.back()->start("sh", {"-c", script});
    }
    int contenderDone = 0;
    std::thread other([&] { contender(&contenderDone); });
    for (auto& p : shells) {
        Run r = finish(*p, 120000);
        QVERIFY2(r.code == 0, qPrintable(tag + ": " + r.describe()));
    }
    other.join();
    QCOMPARE(contenderDone, contenderRounds);
    QCOMPARE(read(counter).data, std::to_string(workers * rounds + contenderRounds));
    QVERIFY(children("/lock-" + layout.toStdString()).empty());  // every node given back
}

void TstCtl::lockExclusionCurator() {
    constexpr int kRounds = 3;
    recipes::Session& session = *server().admin;
    lockExclusion("curator", 3, 3, [&](int* done) {
        recipes::Lock lock(session, "/lock-curator");
        client::Client& c = session.client();
        for (int i = 0; i < kRounds; ++i) {
            if (!lock.acquire(60s).ok()) return;
            auto v = blockingCall<client::NodeData>([&](auto cb) { c.getData("/counter-curator", false, cb); });
            std::this_thread::sleep_for(20ms);
            const bool wrote = blockingCall<proto::Stat>([&](auto cb) {
                c.setData("/counter-curator", std::to_string(std::stoi(v.value.data) + 1), -1, cb);
            }).ok();
            lock.release();
            if (!wrote) return;
            ++*done;
        }
    }, kRounds);
}

void TstCtl::lockExclusionKazoo() {
    constexpr int kRounds = 3;
    const QString connect = server().connect;
    lockExclusion("kazoo", 2, 3, [&](int* done) {
        QProcess py;
        py.start(kPython, {"-c", R"(
import sys, time
from kazoo.client import KazooClient
k = KazooClient(hosts=sys.argv[1]); k.start(timeout=30)
lock = k.Lock("/lock-kazoo", "kazoo-contender")
for i in range(int(sys.argv[2])):
    with lock:
        v = int(k.get("/counter-kazoo")[0]); time.sleep(0.02); k.set("/counter-kazoo", str(v + 1).encode())
    print("done", flush=True)
k.stop()
)", connect, QString::number(kRounds)});
        py.waitForFinished(120000);
        *done = static_cast<int>(py.readAllStandardOutput().count("done\n"));
        if (py.exitCode() != 0) qWarning("kazoo contender: %s", py.readAllStandardError().constData());
    }, kRounds);
}

void TstCtl::lockStatusTimeoutInterrupt() {
    Run r = runCtl(at({"lock", "/lock-status", "--", "sh", "-c", "exit 7"}));
    QVERIFY2(r.code == 7, qPrintable(r.describe()));
    r = runCtl(at({"lock", "/lock-status", "--", "no-such-command-zs"}));
    QVERIFY2(r.code == 127 && r.err.contains("no-such-command-zs: command not found"), qPrintable(r.describe()));
    r = runCtl(at({"lock", "/lock-status", "--", "sh", "-c", "kill -KILL $$"}));
    QVERIFY2(r.code == 128 + SIGKILL, qPrintable(r.describe()));
    // COMMAND's own arguments are not ours, "--" included.
    r = runCtl(at({"lock", "/lock-status", "--", "echo", "--json", "--", "x"}));
    QVERIFY2(r.code == 0 && r.out == "--json -- x\n", qPrintable(r.describe()));

    recipes::Lock held(*server().admin, "/lock-status");
    QVERIFY(held.acquire(30s).ok());
    r = runCtl(at({"lock", "/lock-status", "--timeout", "0.5", "--", "touch", files_.filePath("never")}));
    QVERIFY2(r.code == 4 && r.err.contains("Timed out after 0.5 s waiting for the lock /lock-status"),
             qPrintable(r.describe()));
    QVERIFY(!QFile::exists(files_.filePath("never")));

    // Interrupted while waiting: 130, COMMAND never runs, no node left behind.
    QProcess waiting;
    startCtl(waiting, at({"lock", "/lock-status", "--", "touch", files_.filePath("never")}));
    QVERIFY(waitFor([&] { return children("/lock-status").size() == 2; }));
    ::kill(static_cast<pid_t>(waiting.processId()), SIGINT);
    r = finish(waiting);
    QVERIFY2(r.code == 130, qPrintable(r.describe()));
    QVERIFY(!QFile::exists(files_.filePath("never")));
    QVERIFY(waitFor([&] { return children("/lock-status").size() == 1; }));
    QVERIFY(held.release().ok());

    // A damaged layout (a contender that is not ephemeral) is a refusal that
    // names the node: COMMAND never runs.
    QVERIFY(create("/lock-damaged", ""));
    QVERIFY(create("/lock-damaged/_c_00000000-0000-0000-0000-000000000000-lock-0000000000", ""));
    r = runCtl(at({"lock", "/lock-damaged", "--timeout", "10", "--", "touch", files_.filePath("never")}));
    QVERIFY2(r.code == 1 && r.err.contains("_c_00000000-0000-0000-0000-000000000000-lock-0000000000"),
             qPrintable(r.describe()));
    QVERIFY(!QFile::exists(files_.filePath("never")));
}

void TstCtl::lockLost_data() {
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("how");
    for (const char* s : {"zookeeper", "engine"})
        for (const char* how : {"cut", "paused", "deleted"})
            QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(s, how))) << s << how;
}

// The holder's session expires (cut off from the server for longer than the
// session timeout, or paused that long) or its node is deleted: COMMAND gets
// SIGTERM, zooscope-ctl waits for it and exits 75, and the lock goes to the
// next contender.
void TstCtl::lockLost() {
    QFETCH(QString, how);
    const std::string lockPath = "/lock-lost-" + how.toStdString();
    TcpProxy proxy(server().server->port());
    QVERIFY(proxy.port() != 0);
    const QString started = files_.filePath(QTest::currentDataTag() + QString("-started"));
    const QString term = files_.filePath(QTest::currentDataTag() + QString("-term"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("STARTED", started);
    env.insert("TERM_MARK", term);
    QProcess holder;
    startCtl(holder,
             {"--connect", QString::fromStdString(proxy.connectString()), "--session-timeout", "2", "lock",
              QString::fromStdString(lockPath), "--", "sh", "-c",
              "trap 'echo term > \"$TERM_MARK\"; exit 0' TERM; echo started > \"$STARTED\"; while :; do sleep 0.05; done"},
             env);
    QVERIFY(waitFor([&] { return QFile::exists(started); }));
    const std::vector<std::string> nodes = children(lockPath);
    QCOMPARE(nodes.size(), size_t(1));

    const pid_t pid = static_cast<pid_t>(holder.processId());
    if (how == "cut") {
        proxy.cut();
    } else if (how == "paused") {
        ::kill(pid, SIGSTOP);
        // Until the server has expired the session (its node is gone).
        QVERIFY(waitFor([&] { return children(lockPath).empty(); }));
        ::kill(pid, SIGCONT);
    } else {
        auto r = blockingCall<client::Empty>([&](auto cb) { admin().remove(lockPath + "/" + nodes[0], -1, cb); });
        QVERIFY2(r.ok(), r.message.c_str());
    }
    Run r = finish(holder);
    QVERIFY2(r.code == 75, qPrintable(r.describe()));
    QVERIFY2(r.err.contains("Lost the lock " + QByteArray::fromStdString(lockPath) + ": sending SIGTERM to COMMAND") &&
                 r.err.contains("COMMAND ended with status 0"),
             qPrintable(r.describe()));
    if (how == "cut") QVERIFY2(r.err.contains("suspended for longer than the session timeout"), qPrintable(r.describe()));
    if (how == "paused") QVERIFY2(r.err.contains("the session expired"), qPrintable(r.describe()));
    if (how == "deleted") QVERIFY2(r.err.contains("was deleted"), qPrintable(r.describe()));
    QCOMPARE(readFile(term), QString("term"));

    recipes::Lock next(*server().admin, lockPath);
    QVERIFY(next.acquire(30s).ok());
    QVERIFY(next.release().ok());
}

// A connection that drops and comes back within the session timeout keeps
// the lock: COMMAND runs on and its status is passed through.
void TstCtl::lockKeptAcrossSuspension() {
    TcpProxy first(server().server->port());
    TcpProxy second(server().server->port());
    const QString go = files_.filePath(QTest::currentDataTag() + QString("-go"));
    const QString started = files_.filePath(QTest::currentDataTag() + QString("-kept-started"));
    const QString term = files_.filePath(QTest::currentDataTag() + QString("-kept-term"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("GO", go);
    env.insert("STARTED", started);
    env.insert("TERM_MARK", term);
    QProcess holder;
    startCtl(holder,
             {"--connect", QString::fromStdString(first.connectString() + "," + second.connectString()),
              "--session-timeout", "8", "lock", "/lock-kept", "--", "sh", "-c",
              "trap 'echo term > \"$TERM_MARK\"; exit 9' TERM; echo started > \"$STARTED\"; "
              "while [ ! -e \"$GO\" ]; do sleep 0.05; done; exit 5"},
             env);
    QVERIFY(waitFor([&] { return QFile::exists(started); }));
    const qint64 pid = holder.processId();
    std::set<uint16_t> ports;
    QVERIFY(waitFor([&] {
        ports = remotePortsOf(pid);
        return ports.count(first.port()) + ports.count(second.port()) == 1;
    }));
    TcpProxy& used = ports.count(first.port()) ? first : second;
    TcpProxy& other = ports.count(first.port()) ? second : first;
    const std::vector<std::string> before = children("/lock-kept");
    used.cut();
    QVERIFY(waitFor([&] { return remotePortsOf(pid).count(other.port()) == 1; }));
    QCOMPARE(children("/lock-kept"), before);  // same node, same session
    QFile(go).open(QIODevice::WriteOnly);
    Run r = finish(holder);
    QVERIFY2(r.code == 5, qPrintable(r.describe()));
    QVERIFY(!QFile::exists(term));
}

// ---------------------------------------------------------------- elect barrier members

void TstCtl::elect() {
    const QString order = files_.filePath(QTest::currentDataTag() + QString("-order"));
    const QString releaseA = files_.filePath(QTest::currentDataTag() + QString("-release-a"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("ORDER", order);
    env.insert("RELEASE", releaseA);
    QProcess a;
    startCtl(a, at({"elect", "/elect", "--id", "node-a", "--", "sh", "-c",
                    "echo a >> \"$ORDER\"; while [ ! -e \"$RELEASE\" ]; do sleep 0.05; done"}),
             env);
    QVERIFY(waitFor([&] { return readFile(order) == "a"; }));
    QProcess b;
    startCtl(b, at({"elect", "/elect", "--id", "node-b", "--", "sh", "-c", "echo b >> \"$ORDER\"; exit 3"}), env);
    QVERIFY(waitFor([&] { return children("/elect").size() == 2; }));

    // The latch nodes are Curator's, with the participant ids as data.
    recipes::LeaderLatch observer(*server().admin, "/elect", "observer");
    auto participants = observer.participants();
    QVERIFY2(participants.ok(), participants.message.c_str());
    QCOMPARE(participants.value, (std::vector<recipes::Participant>{{"node-a", true}, {"node-b", false}}));

    Run r = runCtl(at({"elect", "/elect", "--id", "node-c", "--timeout", "0.5", "--", "touch", files_.filePath("never")}));
    QVERIFY2(r.code == 4 && r.err.contains("waiting for the leadership of /elect"), qPrintable(r.describe()));
    QCOMPARE(readFile(order), QString("a"));  // b still waits

    QFile(releaseA).open(QIODevice::WriteOnly);
    r = finish(a);
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    r = finish(b);
    QVERIFY2(r.code == 3, qPrintable(r.describe()));  // b led, its COMMAND's status
    QCOMPARE(readFile(order), QString("a\nb"));
    QVERIFY(children("/elect").empty());
}

// Leadership ends when the connection drops (Curator's default policy):
// COMMAND gets SIGTERM, exit 75.
void TstCtl::electLost() {
    TcpProxy proxy(server().server->port());
    const QString started = files_.filePath(QTest::currentDataTag() + QString("-elect-started"));
    const QString term = files_.filePath(QTest::currentDataTag() + QString("-elect-term"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("STARTED", started);
    env.insert("TERM_MARK", term);
    QProcess leader;
    startCtl(leader,
             {"--connect", QString::fromStdString(proxy.connectString()), "elect", "/elect-lost", "--id", "x", "--",
              "sh", "-c", "trap 'echo term > \"$TERM_MARK\"; exit 0' TERM; echo started > \"$STARTED\"; while :; do sleep 0.05; done"},
             env);
    QVERIFY(waitFor([&] { return QFile::exists(started); }));
    proxy.cut();
    Run r = finish(leader);
    QVERIFY2(r.code == 75 && r.err.contains("Lost the leadership of /elect-lost"), qPrintable(r.describe()));
    QCOMPARE(readFile(term), QString("term"));
}

void TstCtl::barrier() {
    std::vector<std::unique_ptr<QProcess>> members;
    for (int i = 0; i < 3; ++i) {
        members.push_back(std::make_unique<QProcess>());
        startCtl(*members.back(), at({"barrier", "/barrier", "--count", "3", "--timeout", "30"}));
    }
    for (auto& m : members) {
        Run r = finish(*m);
        QVERIFY2(r.code == 0, qPrintable(r.describe()));
    }
    Run r = runCtl(at({"barrier", "/barrier-short", "--count", "2", "--timeout", "0.5"}));
    QVERIFY2(r.code == 4 && r.err.contains("Timed out after 0.5 s waiting for 2 members at the barrier /barrier-short to enter"),
             qPrintable(r.describe()));
}

void TstCtl::members() {
    QVERIFY(create("/group", ""));
    client::CreateOptions eph;
    eph.mode = proto::CreateMode::Ephemeral;
    QVERIFY(create("/group/m1", "host-1:9092", eph));
    QVERIFY(create("/group/m2", std::string("\x00\x01", 2), eph));
    QVERIFY(create("/group/m3", "base64:zz", eph));
    Run r = runCtl(at({"members", "/group"}));
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QCOMPARE(r.out, QByteArray("m1\thost-1:9092\nm2\tbase64:AAE=\nm3\tbase64:YmFzZTY0Onp6\n"));
    r = runCtl(at({"--json", "members", "/group"}));
    const QJsonArray list = QJsonDocument::fromJson(r.out).array();
    QCOMPARE(list.size(), 3);
    QCOMPARE(list[0].toObject()["name"].toString(), "m1");
    QCOMPARE(list[0].toObject()["data"].toString(), "host-1:9092");
    // JSON escapes control characters: valid UTF-8 stays text there.
    QCOMPARE(list[1].toObject()["encoding"].toString(), "utf8");
    QCOMPARE(list[1].toObject()["data"].toString(), QString::fromLatin1("\x00\x01", 2));
    QCOMPARE(list[2].toObject()["data"].toString(), "base64:zz");  // JSON needs no escape for it
    r = runCtl(at({"members", "/no-group"}));
    QVERIFY2(r.code == 1 && r.err.contains("/no-group does not exist"), qPrintable(r.describe()));
}

// ---------------------------------------------------------------- watch

void TstCtl::watch() {
    QVERIFY(create("/watched", "v0"));
    QProcess w;
    startCtl(w, at({"watch", "/watched"}));
    QList<QByteArray> lines;
    QVERIFY2(readLines(w, 1, &lines), w.readAllStandardError().constData());
    QCOMPARE(lines[0], QByteArray("0 v0"));

    // Each value, then the line it must give; the next write waits for it
    // (ZooKeeper's one-shot watches may merge writes in quick succession).
    const std::vector<std::pair<std::string, QByteArray>> cases = {
        {"hello world", "1 hello world"},
        {"h\xc3\xa9llo \xe4\xb8\x96", "2 h\xc3\xa9llo \xe4\xb8\x96"},  // UTF-8 as is
        {"two\nlines", "3 base64:dHdvCmxpbmVz"},                         // control character
        {"tab\there", "4 base64:dGFiCWhlcmU="},
        {"c1 \xc2\x85", "5 base64:YzEgwoU="},                           // C1 control (NEL)
        {"\xff\xfe", "6 base64://4="},                                   // not UTF-8
        {"base64:x", "7 base64:YmFzZTY0Ong="},                           // would be mistaken for an encoding
        {"", "8 "},
    };
    for (const auto& [value, line] : cases) {
        QVERIFY(write("/watched", value));
        QVERIFY2(readLines(w, static_cast<int>(lines.size()) + 1, &lines), line.constData());
        QCOMPARE(lines.back(), line);
    }
    auto r = blockingCall<client::Empty>([&](auto cb) { admin().remove("/watched", -1, cb); });
    QVERIFY(r.ok());
    Run end = finish(w);
    QVERIFY2(end.code == 1 && end.err.contains("/watched was deleted"), qPrintable(end.describe()));

    // --json: one object per line; SIGTERM ends the watch with 0.
    QVERIFY(create("/watched-json", "j"));
    QProcess j;
    startCtl(j, at({"--json", "watch", "/watched-json"}));
    lines.clear();
    QVERIFY(readLines(j, 1, &lines));
    QJsonObject o = QJsonDocument::fromJson(lines[0]).object();
    QCOMPARE(o["data"].toString(), "j");
    QCOMPARE(o["stat"].toObject()["version"].toInt(), 0);
    QVERIFY(write("/watched-json", "\xff"));
    QVERIFY(readLines(j, 2, &lines));
    o = QJsonDocument::fromJson(lines[1]).object();
    QCOMPARE(o["encoding"].toString(), "base64");
    QCOMPARE(o["data"].toString(), "/w==");
    j.terminate();
    end = finish(j);
    QVERIFY2(end.code == 0, qPrintable(end.describe()));

    end = runCtl(at({"watch", "/not-watched"}));
    QVERIFY2(end.code == 1 && end.err.contains("/not-watched does not exist"), qPrintable(end.describe()));
}

// ---------------------------------------------------------------- the library

// The app's console runs the grammar in-process on the session it has: output
// goes to the given streams, the host's guard stands for --profile's, and
// what the host does not offer (a launcher, a profile store) is refused.
void TstCtl::inProcessOnAGivenSession() {
    auto& s = servers_["engine"];
    client::Client& c = s.admin->client();
    QVERIFY(blockingCall<client::Created>([&](auto cb) { c.create("/console", "hi", {}, cb); }).ok());
    std::ostringstream out, err;
    std::istringstream in("from the console");
    ctl::Environment env;
    env.out = &out;
    env.err = &err;
    env.in = &in;
    env.session = s.admin.get();
    env.writesAllowed = false;
    auto reset = [&] {
        out.str({});
        err.str({});
    };

    QCOMPARE(ctl::run({"--json", "get", "/console"}, env), ctl::kExitOk);
    QVERIFY2(out.str().find("\"data\": \"hi\"") != std::string::npos, out.str().c_str());
    reset();
    QCOMPARE(ctl::run({"set", "/console", "--file", "-"}, env), ctl::kExitRefused);
    QVERIFY2(err.str().find("read-only guarded") != std::string::npos, err.str().c_str());
    reset();
    env.writesAllowed = true;
    QCOMPARE(ctl::run({"set", "/console", "--file", "-"}, env), ctl::kExitOk);
    QCOMPARE(blockingCall<client::NodeData>([&](auto cb) { c.getData("/console", false, cb); }).value.data,
             std::string("from the console"));
    reset();
    QCOMPARE(ctl::run({"--connect", "127.0.0.1:2181", "ls", "/"}, env), ctl::kExitUsage);
    QVERIFY2(err.str().find("Already connected") != std::string::npos, err.str().c_str());
    reset();
    QCOMPARE(ctl::run({"lock", "/console-lock", "--", "true"}, env), ctl::kExitUsage);
    QVERIFY2(err.str().find("not available here") != std::string::npos, err.str().c_str());
    reset();
    env.session = nullptr;
    QCOMPARE(ctl::run({"--profile", "prod", "ls", "/"}, env), ctl::kExitUsage);
    QVERIFY2(err.str().find("--profile is not available here") != std::string::npos, err.str().c_str());
    reset();
    QCOMPARE(ctl::run({"--help"}, env), ctl::kExitOk);
    QCOMPARE(out.str(), ctl::helpText());
    QVERIFY(err.str().empty());
    // The given session is still the host's: run() never closed it.
    QCOMPARE(s.admin->state(), client::SessionState::Connected);

    // A host with a client and no recipe session (the app's console on its
    // tab's connection): plain commands run on it, a recipe gets a session of
    // its own with the client's credentials (alice's, so /console-members,
    // readable by alice only, is listed), and the guard is the host's.
    reset();
    env.client = &c;
    env.writesAllowed = false;
    client::CreateOptions aliceOnly;
    aliceOnly.acl = {proto::ACL{proto::perms::kAll, proto::Id{"auth", ""}}};
    QVERIFY(blockingCall<client::Created>([&](auto cb) { c.create("/console-members", "", aliceOnly, cb); }).ok());
    QVERIFY(blockingCall<client::Created>([&](auto cb) { c.create("/console-members/m1", "up", aliceOnly, cb); }).ok());
    QCOMPARE(ctl::run({"ls", "/"}, env), ctl::kExitOk);
    QVERIFY2(out.str().find("console\n") != std::string::npos, out.str().c_str());
    reset();
    QCOMPARE(ctl::run({"members", "/console-members"}, env), ctl::kExitOk);
    QCOMPARE(out.str(), std::string("m1\tup\n"));
    reset();
    QCOMPARE(ctl::run({"set", "/console", "x"}, env), ctl::kExitRefused);
    QVERIFY2(err.str().find("read-only guarded") != std::string::npos, err.str().c_str());
    reset();
    QCOMPARE(ctl::run({"--connect", "127.0.0.1:2181", "ls", "/"}, env), ctl::kExitUsage);
    QCOMPARE(c.state(), client::SessionState::Connected);

    // What a line would run, for a host's guard before it runs it.
    QCOMPARE(ctl::summarizeLine({"set", "/a", "b"})->changesTree, true);
    QCOMPARE(ctl::summarizeLine({"stream", "setup", "/job", "--partitions", "8"})->command, std::string("stream setup"));
    QVERIFY(!ctl::summarizeLine({"stream", "setup", "/job"}));  // --partitions is required
    QCOMPARE(ctl::summarizeLine({"--json", "ls", "/"})->changesTree, false);
    QVERIFY(!ctl::summarizeLine({"ls", "no-slash"}));
    QVERIFY(!ctl::summarizeLine({"--help"}));
}

QTEST_GUILESS_MAIN(TstCtl)
#include "tst_ctl.moc"
