// One sample of an ensemble (zooscope/ensemble_sample.h): the targets from a
// connect string and the captured membership (matched, added, wildcard and
// absent client addresses, AdminServer ports per server), every target
// probed at once (a server that never answers holds only its own probe),
// a member named twice kept once; and fetchFourLetterWord against loopback
// listeners that answer, stay silent, or are not there.
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "monitor_fixtures.h"
#include "zooscope/ensemble_sample.h"

using namespace zooscope::monitor;
using namespace zooscope::testing;
using namespace std::chrono_literals;

namespace {

// The captured ensemble's membership: server.1..3 on 127.0.0.1, client
// ports 44247, 47673, 36687.
Membership captured() {
    const ServerConf conf = must(parseConf(fixture("apache-leader", "4lw/conf.txt")), "conf");
    return *conf.membership;
}

Membership membershipOf(const std::string& text) { return must(parseMembership(text), "membership"); }

// A loopback listener on a free port; `serve` runs on each accepted socket.
class Listener {
public:
    explicit Listener(std::function<void(int)> serve) : serve_(std::move(serve)) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 8) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
            qFatal("no loopback listener");
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] {
            for (;;) {
                const int c = ::accept(fd_, nullptr, nullptr);
                if (c < 0) return;  // shut down
                serve_(c);
                ::close(c);
            }
        });
    }
    ~Listener() {
        ::shutdown(fd_, SHUT_RDWR);
        ::close(fd_);
        thread_.join();
    }
    uint16_t port() const { return port_; }

private:
    std::function<void(int)> serve_;
    int fd_ = -1;
    uint16_t port_ = 0;
    std::thread thread_;
};

}  // namespace

class TstEnsembleSample : public QObject {
    Q_OBJECT

private slots:
    void targetsFromConnectStringAndMembership() {
        AdminPorts ports;
        ports.defaultPort = 8080;
        ports.perServer["127.0.0.1:47673"] = 9001;
        ports.perServer["127.0.0.1:36687"] = 0;  // no AdminServer for this one
        const std::vector<Endpoint> hosts = {{"127.0.0.1", 47673}, {"localhost", 44247}};
        // Without a membership: the connect string alone.
        auto t = ensembleTargets(hosts, std::nullopt, ports);
        QCOMPARE(t.size(), size_t(2));
        QCOMPARE(t[0].name, std::string("127.0.0.1:47673"));
        QCOMPARE(t[0].admin->port, uint16_t(9001));
        QCOMPARE(t[1].name, std::string("localhost:44247"));
        QCOMPARE(t[1].admin->host, std::string("localhost"));
        QCOMPARE(t[1].admin->port, uint16_t(8080));
        QVERIFY(!t[0].memberId && !t[0].fromMembership);
        // With it: server.2 matched; "localhost" is not the member's address,
        // so server.1 comes in under its own name; server.3 too.
        t = ensembleTargets(hosts, captured(), ports);
        QCOMPARE(t.size(), size_t(4));
        QCOMPARE(t[0].memberId, std::optional<int64_t>(2));
        QVERIFY(!t[1].memberId);
        QCOMPARE(t[2].name, std::string("127.0.0.1:44247"));
        QCOMPARE(t[2].memberId, std::optional<int64_t>(1));
        QVERIFY(t[2].fromMembership);
        QCOMPARE(t[3].name, std::string("127.0.0.1:36687"));
        QCOMPARE(t[3].memberId, std::optional<int64_t>(3));
        QVERIFY(!t[3].admin);
        // A wildcard client address (";2181"): the member's host; no client
        // part: unreachable, named by its quorum and election ports; IPv6.
        const Membership m = membershipOf(
            "server.1=zk1:2888:3888:participant;2181\n"
            "server.2=zk2:2888:3888:participant\n"
            "server.3=[::1]:2888:3888:observer;[::1]:2181\n"
            "version=100000000\n");
        t = ensembleTargets({{"zk1", 2181}}, m, {});
        QCOMPARE(t.size(), size_t(3));
        QCOMPARE(t[0].memberId, std::optional<int64_t>(1));
        QCOMPARE(t[1].name, std::string("zk2:2888:3888"));
        QVERIFY(!t[1].client && !t[1].admin);
        QCOMPARE(t[2].name, std::string("[::1]:2181"));
        QCOMPARE(t[2].admin->port, uint16_t(8080));
    }

    // Every target at once: the first one's transport does not answer until
    // the others have been asked (a paused server); each sample is its own.
    void probesRunAtOnce() {
        const std::vector<SampleTarget> targets = {
            {"stuck:1", Endpoint{"stuck", 1}, std::nullopt, 1, false},
            {"leader:1", Endpoint{"leader", 1}, std::nullopt, 3, false},
            {"follower:1", Endpoint{"follower", 1}, std::nullopt, 1, true},
            {"far:1", std::nullopt, std::nullopt, 4, true},
        };
        std::mutex mutex;
        std::condition_variable cv;
        int othersAsked = 0;
        bool stuckSawOthers = false;
        const FourLetterWordTransport words = [&](const Endpoint& e, std::string_view w,
                                                  std::chrono::milliseconds budget) -> std::string {
            if (e.host == "stuck") {
                std::unique_lock lock(mutex);
                stuckSawOthers = cv.wait_for(lock, std::min(budget, std::chrono::milliseconds(20000)),
                                             [&] { return othersAsked >= 2; });
                return {};
            }
            {
                std::lock_guard lock(mutex);
                if (w == "srvr") ++othersAsked;
            }
            cv.notify_all();
            return fixture(e.host == "leader" ? "apache-leader" : "apache-follower", "4lw/" + std::string(w) + ".txt");
        };
        ProbeOptions options;
        options.timeout = 30s;
        const std::vector<ServerSample> samples = probeTargets(targets, options, words);
        QVERIFY2(stuckSawOthers, "the probes ran one after the other");
        QCOMPARE(samples.size(), size_t(4));
        QCOMPARE(samples[0].mode, std::optional<ServerMode>(ServerMode::Down));
        QCOMPARE(samples[1].mode, std::optional<ServerMode>(ServerMode::Leader));
        QCOMPARE(samples[2].mode, std::optional<ServerMode>(ServerMode::Follower));
        QCOMPARE(samples[3].mode, std::optional<ServerMode>(ServerMode::Unreachable));
        QCOMPARE(samples[3].notes.front().kind, NoteKind::NoClientAddress);
        QCOMPARE(samples[3].notes.front().subject, std::string("server.4"));
        QVERIFY(noteText(samples[3].notes.front()).find("server.4 has no client address") != std::string::npos);

        // The membership's target for server.1 ("follower:1") duplicates the
        // connect string's "stuck:1" (id 1): kept once, as the connect string
        // names it.
        const EnsembleObservation e = assembleSample(targets, samples, captured());
        QCOMPARE(e.servers.size(), size_t(3));
        QCOMPARE(e.servers[0].name, std::string("stuck:1"));
        QCOMPARE(e.servers[1].name, std::string("leader:1"));
        QCOMPARE(e.servers[2].name, std::string("far:1"));
        QVERIFY(e.membership);
        // Two servers of the connect string with one id (two ensembles in one
        // string) both stay; a server's own serverId fills a missing id.
        std::vector<SampleTarget> two = {{"a:1", Endpoint{"a", 1}, {}, {}, false},
                                         {"b:1", Endpoint{"b", 1}, {}, {}, false}};
        const EnsembleObservation both = assembleSample(two, {samples[2], samples[2]}, std::nullopt);
        QCOMPARE(both.servers.size(), size_t(2));
        QCOMPARE(both.servers[1].memberId, std::optional<int64_t>(1));
    }

    void fetchWord() {
        Listener answers([](int c) {
            char word[4];
            if (::recv(c, word, 4, MSG_WAITALL) == 4 && std::string(word, 4) == "ruok") ::send(c, "imok", 4, MSG_NOSIGNAL);
        });
        QCOMPARE(fetchFourLetterWord({"127.0.0.1", answers.port()}, "ruok", 5s), std::string("imok"));
        QCOMPARE(fetchFourLetterWord({"localhost", answers.port()}, "ruok", 5s), std::string("imok"));
        QCOMPARE(tcpFourLetterWordTransport()({"127.0.0.1", answers.port()}, "ruok", 5s), std::string("imok"));
        // Accepted, never answered: no answer once the deadline passes.
        std::atomic<bool> release{false};
        Listener silent([&](int) {
            while (!release) std::this_thread::sleep_for(10ms);
        });
        QCOMPARE(fetchFourLetterWord({"127.0.0.1", silent.port()}, "srvr", 300ms), std::string());
        release = true;
        // Nothing listening.
        const uint16_t closed = [] {
            Listener gone([](int) {});
            return gone.port();
        }();
        QCOMPARE(fetchFourLetterWord({"127.0.0.1", closed}, "srvr", 2s), std::string());
    }
};

QTEST_GUILESS_MAIN(TstEnsembleSample)
#include "tst_ensemble_sample.moc"
