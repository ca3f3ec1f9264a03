// core/launch, the pieces the ensemble launcher, the demo ensembles and the
// test harness share: ChildProcess (exit reports, kill, terminate, working
// dir, bad input), the loopback helpers, LoopbackRelay (relay, cuts, no
// target, ZooKeeper's election handshake rewritten and damaged handshakes
// passed unchanged) and makeTempDir. In-process, against sockets of its own.
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "zooscope/apache_zookeeper.h"
#include "zooscope/child_process.h"
#include "zooscope/loopback.h"
#include "zooscope/loopback_relay.h"
#include "zooscope/temp_dir.h"
#include "zooscope/text_file.h"

using namespace zooscope;
using std::chrono::milliseconds;
namespace fs = std::filesystem;

namespace {

// A listener on 127.0.0.1 that records the first bytes of each connection it
// accepts and echoes everything back. One thread; the destructor stops it.
class EchoServer {
public:
    EchoServer() {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 && ::listen(fd_, 16) == 0 &&
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
            port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { run(); });
    }
    ~EchoServer() {
        quit_ = true;
        thread_.join();
        ::close(fd_);
    }
    uint16_t port() const { return port_; }
    int accepted() const { return accepted_; }

private:
    void run() {
        std::vector<int> conns;
        while (!quit_) {
            std::vector<pollfd> fds = {{fd_, POLLIN, 0}};
            for (int c : conns) fds.push_back({c, POLLIN, 0});
            if (::poll(fds.data(), fds.size(), 50) <= 0) continue;
            if (fds[0].revents & POLLIN) {
                const int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
                if (c >= 0) {
                    conns.push_back(c);
                    ++accepted_;
                }
            }
            for (size_t i = 1; i < fds.size(); ++i) {
                if (!fds[i].revents) continue;
                char buf[4096];
                const ssize_t n = ::recv(fds[i].fd, buf, sizeof buf, 0);
                if (n <= 0 || ::send(fds[i].fd, buf, static_cast<size_t>(n), MSG_NOSIGNAL) != n) {
                    ::close(fds[i].fd);
                    std::erase(conns, fds[i].fd);
                }
            }
        }
        for (int c : conns) ::close(c);
    }
    int fd_ = -1;
    uint16_t port_ = 0;
    std::atomic<bool> quit_{false};
    std::atomic<int> accepted_{0};
    std::thread thread_;
};

// Reads until `want` bytes arrived, the peer closed, or `wait` passed.
std::string readSome(int fd, size_t want, milliseconds wait = milliseconds(5000)) {
    std::string out;
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (out.size() < want && std::chrono::steady_clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) != 1) continue;
        char buf[4096];
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            break;
        }
        out.append(buf, static_cast<size_t>(n));
    }
    return out;
}

bool sendAll(int fd, const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += static_cast<size_t>(n);
        } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            pollfd p{fd, POLLOUT, 0};
            ::poll(&p, 1, 100);
        } else {
            return false;
        }
    }
    return true;
}

// True when the peer closes `fd` within 5 s (reads and drops what arrives).
bool closedByPeer(int fd) {
    const auto deadline = std::chrono::steady_clock::now() + milliseconds(5000);
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) != 1) continue;
        char buf[256];
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return true;
    }
    return false;
}

void putBigEndian(std::string& out, int64_t v, int bytes) {
    for (int k = bytes - 1; k >= 0; --k) out.push_back(static_cast<char>((v >> (8 * k)) & 0xff));
}

// QuorumCnxManager's initial message: version, sid, length, address.
std::string electionHandshake(int64_t version, int64_t sid, const std::string& address, int32_t length) {
    std::string m;
    putBigEndian(m, version, 8);
    putBigEndian(m, sid, 8);
    putBigEndian(m, length, 4);
    return m + address;
}

// Opens `relay` with `routes`, points target key `key` at 127.0.0.1:`target`
// and connects to route 0's listener: the socket, or -1 (why in *error).
int openAndConnect(LoopbackRelay& relay, const std::vector<LoopbackRelay::Route>& routes, int key, uint16_t target,
                   std::string* error) {
    if (!relay.open(routes, error)) return -1;
    relay.setTarget(key, target);
    const int fd = connectLoopback(relay.port(0), milliseconds(2000));
    if (fd < 0) *error = "no connection to the relay";
    return fd;
}

}  // namespace

class TstLaunch : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void childExitStatusIsReported();
    void childKilledIsReaped();
    void childTerminateEndsAStoppedChild();
    void childRunsInItsWorkingDir();
    void childRefusesBadInput();

    void freePortsAreDistinct();
    void connectToAClosedPortFails();
    void fourLetterWordOnClosedPortIsEmpty();

    void relayPassesBytesBothWays();
    void relayCutClosesAndRefuses();
    void relayWithoutTargetHangsUp();
    void relayRewritesElectionHandshake();
    void relayPassesOtherFirstMessagesUnchanged_data();
    void relayPassesOtherFirstMessagesUnchanged();

    void tempDirIsFreshAndPrivate();
    void orphanedTempDirsAreSwept();
    void apacheInstallIsFound();

private:
    std::string dir_;
};

void TstLaunch::init() {
    std::string error;
    dir_ = makeTempDir("zs-tst-launch", &error);
    QVERIFY2(!dir_.empty(), error.c_str());
}

void TstLaunch::cleanup() {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
}

void TstLaunch::childExitStatusIsReported() {
    ChildProcess child;
    std::string error;
    QVERIFY2(child.spawn({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"}, dir_ + "/out.log", &error),
             error.c_str());
    QVERIFY(child.pid() > 0);
    ProcessExit how;
    QTRY_VERIFY_WITH_TIMEOUT(child.exited(&how), 10000);
    QCOMPARE(QString::fromStdString(exitText(how)), QString("exited with status 3"));
    QVERIFY(how == (ProcessExit{ProcessExit::Kind::Exited, 3}));
    QCOMPARE(child.pid(), -1);
    QVERIFY(!child.running());
    // stdout and stderr both went to the file.
    QCOMPARE(QString::fromStdString(readTail(dir_ + "/out.log", 5)), QString("out\nerr\n"));
}

void TstLaunch::childKilledIsReaped() {
    ChildProcess child;
    std::string error;
    QVERIFY2(child.spawn({"/bin/sleep", "60"}, dir_ + "/out.log", &error), error.c_str());
    const int pid = child.pid();
    QVERIFY(!child.exited());
    ProcessExit how;
    QVERIFY(child.kill(&how));
    QCOMPARE(QString::fromStdString(exitText(how)), QString("killed by signal 9 (SIGKILL)"));
    QVERIFY(how == (ProcessExit{ProcessExit::Kind::Killed, SIGKILL}));
    QCOMPARE(::kill(pid, 0), -1);  // reaped: no such process (or zombie) left
    QVERIFY(!child.kill());        // nothing runs any more
    QVERIFY(!child.signal(SIGTERM));
}

void TstLaunch::childTerminateEndsAStoppedChild() {
    ChildProcess child;
    std::string error;
    QVERIFY2(child.spawn({"/bin/sleep", "60"}, dir_ + "/out.log", &error), error.c_str());
    QVERIFY(!child.waitStopped(milliseconds(100)));  // running: not stopped
    QVERIFY(child.signal(SIGSTOP));
    QVERIFY(child.waitStopped(milliseconds(5000)));
    ProcessExit how;
    // SIGTERM alone would wait for a stopped process; terminate() also continues it.
    child.terminate(milliseconds(5000), &how);
    QCOMPARE(QString::fromStdString(exitText(how)), QString("killed by signal 15 (SIGTERM)"));
    QVERIFY(how == (ProcessExit{ProcessExit::Kind::Killed, SIGTERM}));
    QVERIFY(!child.running());
    QVERIFY(!child.waitStopped(milliseconds(100)));  // nothing runs
}

void TstLaunch::childRunsInItsWorkingDir() {
    ChildProcess child;
    std::string error;
    QVERIFY2(child.spawn({"/bin/sh", "-c", "pwd"}, dir_ + "/out.log", &error, dir_), error.c_str());
    QTRY_VERIFY_WITH_TIMEOUT(child.exited(), 10000);
    QCOMPARE(QString::fromStdString(readTail(dir_ + "/out.log", 1)),
             QString::fromStdString(fs::canonical(dir_).string() + "\n"));

    ChildProcess missingDir;
    QVERIFY2(missingDir.spawn({"/bin/true"}, dir_ + "/out2.log", &error, dir_ + "/nope"), error.c_str());
    ProcessExit how;
    QTRY_VERIFY_WITH_TIMEOUT(missingDir.exited(&how), 10000);
    QCOMPARE(QString::fromStdString(exitText(how)), QString("exited with status 126"));
    QVERIFY(how == (ProcessExit{ProcessExit::Kind::Exited, 126}));
}

void TstLaunch::childRefusesBadInput() {
    ChildProcess child;
    std::string error;
    QVERIFY(!child.spawn({}, dir_ + "/out.log", &error));
    QVERIFY2(error.find("no command") != std::string::npos, error.c_str());
    QVERIFY(!child.spawn({"/bin/true"}, dir_ + "/no/such/dir/out.log", &error));
    QVERIFY2(error.find("cannot open") != std::string::npos, error.c_str());
    QVERIFY(!child.running());

    // An executable that is not there: the child reports exec's failure as 127.
    QVERIFY2(child.spawn({dir_ + "/not-a-program"}, dir_ + "/out.log", &error), error.c_str());
    ProcessExit how;
    QTRY_VERIFY_WITH_TIMEOUT(child.exited(&how), 10000);
    QCOMPARE(QString::fromStdString(exitText(how)), QString("exited with status 127"));
    QVERIFY(how == (ProcessExit{ProcessExit::Kind::Exited, 127}));

    // One child at a time.
    QVERIFY(child.spawn({"/bin/sleep", "60"}, dir_ + "/out.log", &error));
    QVERIFY(!child.spawn({"/bin/true"}, dir_ + "/out.log", &error));
    QVERIFY2(error.find("still running") != std::string::npos, error.c_str());
}

void TstLaunch::freePortsAreDistinct() {
    const auto ports = freeLoopbackPorts(20);
    QCOMPARE(ports.size(), size_t(20));
    QCOMPARE(std::set<uint16_t>(ports.begin(), ports.end()).size(), size_t(20));
    for (uint16_t p : ports) QVERIFY(p != 0);
    QVERIFY(freeLoopbackPort() != 0);
    QVERIFY(freeLoopbackPorts(0).empty());
}

void TstLaunch::connectToAClosedPortFails() {
    const uint16_t port = freeLoopbackPort();
    QCOMPARE(connectLoopback(port, milliseconds(500)), -1);
    QVERIFY(!loopbackAccepts(port, milliseconds(500)));
    EchoServer echo;
    QVERIFY(loopbackAccepts(echo.port(), milliseconds(2000)));
}

void TstLaunch::fourLetterWordOnClosedPortIsEmpty() {
    QCOMPARE(QString::fromStdString(fourLetterWordLoopback(freeLoopbackPort(), "ruok", milliseconds(500))), QString());
    // A server that answers but never closes: no complete answer in time.
    EchoServer echo;
    QCOMPARE(QString::fromStdString(fourLetterWordLoopback(echo.port(), "ruok", milliseconds(300))), QString());
}

void TstLaunch::relayPassesBytesBothWays() {
    EchoServer echo;
    LoopbackRelay relay;
    std::string error;
    const int fd = openAndConnect(relay, {LoopbackRelay::Route{}}, 0, echo.port(), &error);
    QVERIFY2(fd >= 0, error.c_str());
    QCOMPARE(relay.port(1), uint16_t(0));
    const std::string big(200 * 1024, 'x');  // more than one relay buffer
    QVERIFY(sendAll(fd, "hello" + big));
    QCOMPARE(readSome(fd, 5 + big.size()).size(), 5 + big.size());
    QTRY_COMPARE_WITH_TIMEOUT(relay.connections(0), 1, 5000);
    QCOMPARE(relay.connections(1), 1);
    ::close(fd);
    QTRY_COMPARE_WITH_TIMEOUT(relay.connections(0), 0, 5000);
}

void TstLaunch::relayCutClosesAndRefuses() {
    EchoServer echo;
    LoopbackRelay relay;
    std::string error;
    const int fd = openAndConnect(relay, {LoopbackRelay::Route{}}, 0, echo.port(), &error);
    QVERIFY2(fd >= 0, error.c_str());
    QVERIFY(sendAll(fd, "ping"));
    QCOMPARE(QString::fromStdString(readSome(fd, 4)), QString("ping"));

    relay.setCut(1, true);  // the target's end: cuts the route too
    QVERIFY(relay.isCut(1));
    QVERIFY(closedByPeer(fd));
    ::close(fd);
    QCOMPARE(relay.connections(0), 0);
    const int refused = connectLoopback(relay.port(0), milliseconds(2000));
    QVERIFY(refused >= 0);  // accepted, then closed at once
    QVERIFY(closedByPeer(refused));
    ::close(refused);
    const int acceptedBefore = echo.accepted();

    relay.setCut(1, false);
    const int again = connectLoopback(relay.port(0), milliseconds(2000));
    QVERIFY(again >= 0);
    QVERIFY(sendAll(again, "back"));
    QCOMPARE(QString::fromStdString(readSome(again, 4)), QString("back"));
    QCOMPARE(echo.accepted(), acceptedBefore + 1);  // the cut connection never reached the target
    ::close(again);
}

void TstLaunch::relayWithoutTargetHangsUp() {
    LoopbackRelay relay;
    std::string error;
    QVERIFY2(relay.open({LoopbackRelay::Route{}}, &error), error.c_str());
    const int fd = connectLoopback(relay.port(0), milliseconds(2000));
    QVERIFY(fd >= 0);
    QVERIFY(closedByPeer(fd));
    ::close(fd);
    // A second open() is refused.
    QVERIFY(!relay.open({LoopbackRelay::Route{}}, &error));
    QVERIFY2(error.find("already open") != std::string::npos, error.c_str());
}

void TstLaunch::relayRewritesElectionHandshake() {
    EchoServer echo;
    LoopbackRelay relay;
    std::string error;
    // Route 0: node 0 -> node 1 (election); route 1: node 1 -> node 0, the
    // relay node 1 uses for node 0, which route 0 must advertise.
    LoopbackRelay::Route r0{0, 1, 1, 1}, r1{1, 0, 0, 0};
    const int fd = openAndConnect(relay, {r0, r1}, 1, echo.port(), &error);
    QVERIFY2(fd >= 0, error.c_str());
    const std::string advertised = "127.0.0.1:" + std::to_string(relay.port(1));
    // Sent in two pieces: the relay must wait for the whole message.
    const std::string hello = electionHandshake(-65536, 7, "10.0.0.1:3888", 13);
    QVERIFY(sendAll(fd, hello.substr(0, 11)));
    std::this_thread::sleep_for(milliseconds(50));
    QVERIFY(sendAll(fd, hello.substr(11) + "tail"));
    const std::string expected = electionHandshake(-65536, 7, advertised, int32_t(advertised.size())) + "tail";
    QCOMPARE(QByteArray::fromStdString(readSome(fd, expected.size())), QByteArray::fromStdString(expected));
    ::close(fd);
}

void TstLaunch::relayPassesOtherFirstMessagesUnchanged_data() {
    QTest::addColumn<QByteArray>("first");
    QTest::newRow("not a handshake version") << QByteArray::fromStdString(electionHandshake(42, 7, "h:1", 3));
    QTest::newRow("negative length") << QByteArray::fromStdString(electionHandshake(-65535, 7, "h:1", -1));
    QTest::newRow("length over 4096") << QByteArray::fromStdString(electionHandshake(-65535, 7, "h:1", 5000));
    QTest::newRow("shorter than a version") << QByteArray("abc");
}

void TstLaunch::relayPassesOtherFirstMessagesUnchanged() {
    QFETCH(QByteArray, first);
    EchoServer echo;
    LoopbackRelay relay;
    std::string error;
    const int fd = openAndConnect(relay, {LoopbackRelay::Route{0, 1, 0, 0}}, 0, echo.port(), &error);
    QVERIFY2(fd >= 0, error.c_str());
    QVERIFY(sendAll(fd, first.toStdString()));
    if (first.size() < 8) {
        // Too short to judge: held back until more arrives, then passed on.
        QCOMPARE(QByteArray::fromStdString(readSome(fd, 1, milliseconds(300))).size(), 0);
        QVERIFY(sendAll(fd, "12345"));
        first += "12345";
    }
    QCOMPARE(QByteArray::fromStdString(readSome(fd, size_t(first.size()))), first);
    ::close(fd);
}

void TstLaunch::tempDirIsFreshAndPrivate() {
    std::string error;
    const std::string a = makeTempDir("zs-tst-launch-x", &error);
    const std::string b = makeTempDir("zs-tst-launch-x", &error);
    QVERIFY2(!a.empty() && !b.empty(), error.c_str());
    QVERIFY(a != b);
    QVERIFY(fs::is_directory(a));
    QCOMPARE(int(fs::status(a).permissions() & fs::perms::all), int(fs::perms::owner_all));
    fs::remove_all(a);
    fs::remove_all(b);

    qputenv("TMPDIR", QByteArray::fromStdString(dir_ + "/missing"));
    const std::string c = makeTempDir("zs", &error);
    qunsetenv("TMPDIR");
    QVERIFY(c.empty());
    QVERIFY2(error.find("cannot create a temp dir") != std::string::npos, error.c_str());
}

// A dir marked by a process that is gone (a child that ran and was reaped)
// is removed; this process's own, a kept (disowned) one, an unmarked one
// and one whose owner's pid runs but started at another time (reused) are
// handled as the header says.
void TstLaunch::orphanedTempDirsAreSwept() {
    qputenv("TMPDIR", QByteArray::fromStdString(dir_));
    std::string error;
    const std::string mine = makeOwnedTempDir("zs-sweep", &error);
    const std::string orphan = makeOwnedTempDir("zs-sweep", &error);
    const std::string reused = makeOwnedTempDir("zs-sweep", &error);
    const std::string kept = makeOwnedTempDir("zs-sweep", &error);
    const std::string unmarked = makeTempDir("zs-sweep", &error);
    const std::string otherPrefix = makeOwnedTempDir("zs-sweepother", &error);
    QVERIFY2(!mine.empty() && !orphan.empty() && !reused.empty() && !kept.empty() && !unmarked.empty(), error.c_str());
    disownTempDir(kept);

    ChildProcess child;
    QVERIFY2(child.spawn({"/bin/true"}, dir_ + "/true.log", &error), error.c_str());
    const int gonePid = child.pid();
    for (int i = 0; i < 200 && !child.exited(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::ifstream in(mine + "/.zooscope-owner");
    long pid = 0;
    std::string started;
    QVERIFY(in >> pid >> started);
    QCOMPARE(pid, long(::getpid()));
    std::ofstream(orphan + "/.zooscope-owner") << gonePid << " " << started << "\n";
    std::ofstream(reused + "/.zooscope-owner") << ::getpid() << " 1\n";  // our pid, another start

    const int removed = removeOrphanedTempDirs("zs-sweep");
    qunsetenv("TMPDIR");
    QCOMPARE(removed, 2);
    QVERIFY(fs::is_directory(mine));
    QVERIFY(!fs::exists(orphan));
    QVERIFY(!fs::exists(reused));
    QVERIFY(fs::is_directory(kept));
    QVERIFY(fs::is_directory(unmarked));
    QVERIFY(fs::is_directory(otherPrefix));
}

void TstLaunch::apacheInstallIsFound() {
    std::string error;
    // The zookeeper package is a prerequisite (scripts/lib/common.sh).
    const std::string cp = apacheClassPath(&error);
    QVERIFY2(cp.find("/usr/share/java/zookeeper.jar") != std::string::npos, error.c_str());
    QVERIFY2(!findJava({}, &error).empty(), error.c_str());
    // A Java that is not there is an error naming the package, not a guess.
    QCOMPARE(QString::fromStdString(findJava(dir_ + "/java", &error)), QString());
    QVERIFY2(error.find("default-jre-headless") != std::string::npos, error.c_str());
}

QTEST_GUILESS_MAIN(TstLaunch)
#include "tst_launch.moc"
