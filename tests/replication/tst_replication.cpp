// Engine ensembles in one process: three (or five) zooscope::Server members
// started from ensemble configs (server.N lines) on free 127.0.0.1 ports,
// each with its own data directory, driven by the async client. Covers what
// the real-process fault tests (tests/ensemble) cannot see cheaply: which
// sync path a rejoining member took, the wire robustness of the peer ports,
// and the quorum four-letter words.
#include <QtTest>

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <asio.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "blocking_call.h"
#include "test_support.h"
#include "zooscope/client.h"
#include "zooscope/config.h"
#include "zooscope/server.h"

using namespace zooscope;
using namespace std::chrono_literals;
using testing::blockingCall;

namespace {

std::string tempDir() {
    std::string t = std::filesystem::temp_directory_path() / "zs-repl-XXXXXX";
    if (!mkdtemp(t.data())) return {};
    return t;
}

class Members {
public:
    explicit Members(int n, int snapCount = 100000) {
        base_ = tempDir();
        for (int i = 1; i <= n; ++i) {
            PeerSpec p;
            p.id = i;
            p.host = "127.0.0.1";
            p.quorumPort = testing::freeLoopbackPort();
            p.electionPort = testing::freeLoopbackPort();
            peers_.push_back(p);
            clientPorts_.push_back(testing::freeLoopbackPort());
        }
        for (int i = 1; i <= n; ++i) {
            ServerConfig c;
            c.tickTime = 200;
            c.initLimit = 10;
            c.syncLimit = 5;
            c.clientPort = clientPorts_[size_t(i - 1)];
            c.dataDir = base_ + "/n" + std::to_string(i);
            c.fourLetterWhitelist = {"*"};
            c.snapCount = snapCount;
            c.myid = i;
            c.servers = peers_;
            configs_.push_back(c);
            servers_.emplace_back();
        }
    }
    ~Members() {
        for (auto& s : servers_) s.reset();
        std::error_code ec;
        if (!base_.empty()) std::filesystem::remove_all(base_, ec);
    }
    bool start(int i, std::string* error) {
        servers_[size_t(i)] = Server::start(configs_[size_t(i)], error);
        return servers_[size_t(i)] != nullptr;
    }
    void stop(int i) { servers_[size_t(i)].reset(); }
    bool running(int i) const { return servers_[size_t(i)] != nullptr; }
    int size() const { return int(servers_.size()); }
    uint16_t clientPort(int i) const { return clientPorts_[size_t(i)]; }
    const PeerSpec& peer(int i) const { return peers_[size_t(i)]; }
    std::string hostPort(int i) const { return "127.0.0.1:" + std::to_string(clientPort(i)); }
    std::string all() const {
        std::string s;
        for (int i = 0; i < size(); ++i) s += (s.empty() ? "" : ",") + hostPort(i);
        return s;
    }
    std::string mode(int i) const {
        if (!running(i)) return "";
        const std::string srvr = testing::fourLetterWord(clientPort(i), "srvr", 1000);
        auto at = srvr.find("Mode: ");
        if (at == std::string::npos) return "";
        return srvr.substr(at + 6, srvr.find('\n', at) - at - 6);
    }
    // Index of the leader once one is established and every running member
    // serves; -1 on timeout.
    int waitSettled(std::chrono::milliseconds limit = 20s) const {
        const auto end = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < end) {
            int leader = -1, serving = 0, running = 0;
            for (int i = 0; i < size(); ++i) {
                if (!this->running(i)) continue;
                ++running;
                const std::string m = mode(i);
                if (m == "leader") leader = leader < 0 ? i : -2;
                if (!m.empty()) ++serving;
            }
            if (leader >= 0 && serving == running) return leader;
            std::this_thread::sleep_for(20ms);
        }
        return -1;
    }
    std::string logPath(int i) const { return configs_[size_t(i)].dataDir; }

private:
    std::string base_;
    std::vector<PeerSpec> peers_;
    std::vector<uint16_t> clientPorts_;
    std::vector<ServerConfig> configs_;
    std::vector<std::unique_ptr<Server>> servers_;
};

std::unique_ptr<client::Client> connectTo(const std::string& hosts, std::optional<client::SessionCredentials> resume = {}) {
    client::ClientOptions o;
    o.connectString = hosts;
    o.sessionTimeout = 10s;
    o.resume = resume;
    std::string err;
    auto c = client::Client::connect(o, {}, &err);
    if (!c) return nullptr;
    const auto end = std::chrono::steady_clock::now() + 15s;
    while (std::chrono::steady_clock::now() < end) {
        const auto s = c->state();
        if (s == client::SessionState::Connected || s == client::SessionState::Reconnected) return c;
        if (client::isTerminal(s)) return nullptr;
        std::this_thread::sleep_for(10ms);
    }
    return nullptr;
}

proto::Err create(client::Client& c, const std::string& path, const std::string& data, bool ephemeral = false) {
    client::CreateOptions o;
    if (ephemeral) o.mode = proto::CreateMode::Ephemeral;
    return blockingCall<client::Created>([&](auto cb) { c.create(path, data, o, cb); }).err;
}

std::optional<std::string> read(client::Client& c, const std::string& path) {
    (void)blockingCall<std::string>([&](auto cb) { c.sync(path, cb); });
    auto r = blockingCall<client::NodeData>([&](auto cb) { c.getData(path, false, cb); });
    if (!r.ok()) return std::nullopt;
    return r.value.data;
}

size_t childCount(client::Client& c, const std::string& path) {
    (void)blockingCall<std::string>([&](auto cb) { c.sync(path, cb); });
    auto r = blockingCall<std::vector<std::string>>([&](auto cb) { c.getChildren(path, false, cb); });
    return r.ok() ? r.value.size() : 0;
}

// Creates `n` children of `parent` through `c`, pipelined; true when all succeed.
bool createMany(client::Client& c, const std::string& parent, int from, int n) {
    std::vector<std::shared_ptr<std::promise<proto::Err>>> ps;
    std::vector<std::future<proto::Err>> fs;
    for (int i = from; i < from + n; ++i) {
        auto p = std::make_shared<std::promise<proto::Err>>();
        fs.push_back(p->get_future());
        c.create(parent + "/c" + std::to_string(i), "v" + std::to_string(i), {},
                 [p](client::Result<client::Created> r) { p->set_value(r.err); });
        ps.push_back(p);
    }
    for (auto& f : fs)
        if (f.wait_for(30s) != std::future_status::ready || f.get() != proto::Err::Ok) return false;
    return true;
}

}  // namespace

class TstReplication : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        if (qEnvironmentVariableIsSet("ZS_DEBUG")) spdlog::set_level(spdlog::level::debug);
        // The members' log lines, to see which sync path a member took.
        ring_ = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(20000);
        spdlog::default_logger()->sinks().push_back(ring_);
    }
    void electsOneLeaderAndReplicates_data();
    void electsOneLeaderAndReplicates();
    void sessionMovesWithItsEphemeral();
    void leaderStopsNewLeaderTakesOver();
    void restartedFollowerCatchesUpByDiffAndSnap();
    void quorumFourLetterWords();
    void peerPortsSurviveGarbage();

private:
    size_t logCount(const std::string& needle) const {
        size_t n = 0;
        for (const auto& line : ring_->last_formatted()) n += line.find(needle) != std::string::npos;
        return n;
    }
    std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> ring_;
};

void TstReplication::electsOneLeaderAndReplicates_data() {
    QTest::addColumn<int>("size");
    QTest::newRow("3 members") << 3;
    QTest::newRow("5 members") << 5;
}

void TstReplication::electsOneLeaderAndReplicates() {
    QFETCH(int, size);
    Members m(size);
    std::string err;
    for (int i = 0; i < size; ++i) QVERIFY2(m.start(i, &err), err.c_str());
    const int leader = m.waitSettled();
    QVERIFY2(leader >= 0, "no single established leader");
    int followers = 0;
    for (int i = 0; i < size; ++i) followers += m.mode(i) == "follower";
    QCOMPARE(followers, size - 1);

    // Written through one member, read through every other.
    const int writer = (leader + 1) % size;
    auto w = connectTo(m.hostPort(writer));
    QVERIFY(w);
    QCOMPARE(create(*w, "/cfg", "hello"), proto::Err::Ok);
    for (int i = 0; i < size; ++i) {
        auto r = connectTo(m.hostPort(i));
        QVERIFY(r);
        QCOMPARE(read(*r, "/cfg").value_or("<missing>"), std::string("hello"));
        // /zookeeper/config holds the ensemble in ZooKeeper's format.
        auto cfg = blockingCall<client::NodeData>([&](auto cb) { r->getConfig(false, cb); });
        QVERIFY(cfg.ok());
        const std::string text = cfg.value.data;
        for (int j = 0; j < size; ++j) {
            const auto& p = m.peer(j);
            const std::string line = "server." + std::to_string(p.id) + "=127.0.0.1:" + std::to_string(p.quorumPort) +
                                     ":" + std::to_string(p.electionPort) + ":participant";
            QVERIFY2(text.find(line) != std::string::npos, text.c_str());
        }
        QVERIFY(text.find("version=0") != std::string::npos);
    }
}

void TstReplication::sessionMovesWithItsEphemeral() {
    Members m(3);
    std::string err;
    for (int i = 0; i < 3; ++i) QVERIFY2(m.start(i, &err), err.c_str());
    const int leader = m.waitSettled();
    QVERIFY(leader >= 0);
    const int home = (leader + 1) % 3;
    auto c = connectTo(m.hostPort(home));
    QVERIFY(c);
    const int64_t session = c->sessionId();
    QCOMPARE(create(*c, "/owner", "x", true), proto::Err::Ok);

    // Its member goes away; the session re-attaches through another member
    // (the first client keeps knocking at the stopped one, so the two never
    // fight over the session).
    m.stop(home);
    QVERIFY(m.waitSettled() == leader);
    const int other = (leader + 2) % 3;
    auto moved = connectTo(m.hostPort(other), c->sessionCredentials());
    QVERIFY(moved);
    QCOMPARE(moved->sessionId(), session);
    auto st = blockingCall<std::optional<proto::Stat>>([&](auto cb) { moved->exists("/owner", false, cb); });
    QVERIFY(st.ok() && st.value.has_value());
    QCOMPARE(st.value->ephemeralOwner, session);
    QCOMPARE(create(*moved, "/owner/../x", "bad"), proto::Err::BadArguments);

    // Its close, through the member it moved to, removes the ephemeral everywhere.
    auto watcher = connectTo(m.hostPort(leader));
    QVERIFY(watcher);
    QVERIFY(read(*watcher, "/owner").has_value());
    moved->close();
    QTRY_VERIFY_WITH_TIMEOUT(!read(*watcher, "/owner").has_value(), 10000);
    c.reset();
}

void TstReplication::leaderStopsNewLeaderTakesOver() {
    Members m(3);
    std::string err;
    for (int i = 0; i < 3; ++i) QVERIFY2(m.start(i, &err), err.c_str());
    const int first = m.waitSettled();
    QVERIFY(first >= 0);
    auto c = connectTo(m.all());
    QVERIFY(c);
    const int64_t session = c->sessionId();
    QCOMPARE(create(*c, "/before", "1"), proto::Err::Ok);
    QCOMPARE(create(*c, "/mine", "e", true), proto::Err::Ok);

    m.stop(first);
    const int second = m.waitSettled();
    QVERIFY2(second >= 0 && second != first, "no new leader among the other two");

    // The client reconnects with its session; acknowledged data and its
    // ephemeral are still there, and writes go on.
    // (A create that raced the failover may have been applied before its
    // reply was lost: a retry then finds the node.)
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const auto e = create(*c, "/after", "2");
            return e == proto::Err::Ok || e == proto::Err::NodeExists;
        }(),
        15000);
    QCOMPARE(c->sessionId(), session);
    QCOMPARE(read(*c, "/before").value_or(""), std::string("1"));
    QVERIFY(read(*c, "/mine").has_value());

    // The old leader comes back as a follower with everything.
    QVERIFY2(m.start(first, &err), err.c_str());
    QVERIFY(m.waitSettled() == second);
    QCOMPARE(m.mode(first), std::string("follower"));
    auto back = connectTo(m.hostPort(first));
    QVERIFY(back);
    QCOMPARE(read(*back, "/after").value_or(""), std::string("2"));
}

void TstReplication::restartedFollowerCatchesUpByDiffAndSnap() {
    // snapCount 40: the leader trims its in-memory log every ~40 commits, so
    // a member that missed more than that must take a SNAP.
    Members m(3, 40);
    std::string err;
    for (int i = 0; i < 3; ++i) QVERIFY2(m.start(i, &err), err.c_str());
    const int leader = m.waitSettled();
    QVERIFY(leader >= 0);
    const int f = (leader + 1) % 3;
    auto c = connectTo(m.hostPort(leader));
    QVERIFY(c);
    QCOMPARE(create(*c, "/d", ""), proto::Err::Ok);

    // A few writes while it is down: within the leader's log (DIFF).
    const std::string snapLine = "installed the leader's state";
    m.stop(f);
    QVERIFY(createMany(*c, "/d", 0, 10));
    const size_t snapsBefore = logCount(snapLine);
    QVERIFY2(m.start(f, &err), err.c_str());
    QVERIFY(m.waitSettled() == leader);
    QCOMPARE(logCount(snapLine), snapsBefore);
    {
        auto r = connectTo(m.hostPort(f));
        QVERIFY(r);
        QCOMPARE(childCount(*r, "/d"), size_t(10));
    }
    // Many writes while it is down: past the leader's log (SNAP).
    m.stop(f);
    QVERIFY(createMany(*c, "/d", 10, 300));
    QVERIFY2(m.start(f, &err), err.c_str());
    QVERIFY(m.waitSettled() == leader);
    QCOMPARE(logCount(snapLine), snapsBefore + 1);
    {
        auto r = connectTo(m.hostPort(f));
        QVERIFY(r);
        QCOMPARE(childCount(*r, "/d"), size_t(310));
        QCOMPARE(read(*r, "/d/c309").value_or(""), std::string("v309"));
    }
    // And it recovers that installed state from its own disk.
    m.stop(f);
    QVERIFY2(m.start(f, &err), err.c_str());
    QVERIFY(m.waitSettled() == leader);
    auto r = connectTo(m.hostPort(f));
    QVERIFY(r);
    QCOMPARE(childCount(*r, "/d"), size_t(310));
}

void TstReplication::quorumFourLetterWords() {
    Members m(3);
    std::string err;
    for (int i = 0; i < 3; ++i) QVERIFY2(m.start(i, &err), err.c_str());
    const int leader = m.waitSettled();
    QVERIFY(leader >= 0);
    auto c = connectTo(m.hostPort(leader));
    QVERIFY(c);
    QCOMPARE(create(*c, "/p", std::string(300, 'x')), proto::Err::Ok);

    const std::string mntr = testing::fourLetterWord(m.clientPort(leader), "mntr");
    QVERIFY2(mntr.find("zk_server_state\tleader\n") != std::string::npos, mntr.c_str());
    QVERIFY2(mntr.find("zk_synced_followers\t2\n") != std::string::npos, mntr.c_str());
    QVERIFY(mntr.find("zk_followers\t2\n") != std::string::npos);
    QVERIFY(mntr.find("zk_pending_syncs\t0\n") != std::string::npos);
    for (const char* k : {"zk_last_proposal_size\t", "zk_min_proposal_size\t", "zk_max_proposal_size\t"}) {
        const auto at = mntr.find(k);
        QVERIFY2(at != std::string::npos, k);
        QVERIFY2(std::stol(mntr.substr(at + std::strlen(k))) > 0, k);
    }
    const int f = (leader + 1) % 3;
    const std::string fm = testing::fourLetterWord(m.clientPort(f), "mntr");
    QVERIFY(fm.find("zk_server_state\tfollower\n") != std::string::npos);
    QVERIFY(fm.find("zk_synced_followers") == std::string::npos);
    const std::string stat = testing::fourLetterWord(m.clientPort(f), "stat");
    QVERIFY(stat.find("Mode: follower\n") != std::string::npos);
    const std::string conf = testing::fourLetterWord(m.clientPort(f), "conf");
    QVERIFY2(conf.find("membership: \n") != std::string::npos, conf.c_str());
    QVERIFY(conf.find("quorumPort=" + std::to_string(m.peer(f).quorumPort) + "\n") != std::string::npos);
    QVERIFY(conf.find("server." + std::to_string(m.peer(leader).id) + "=") != std::string::npos);

    // A lone member has no quorum: it does not serve, and says so.
    m.stop(leader);
    m.stop((leader + 2) % 3);
    QTRY_VERIFY_WITH_TIMEOUT(testing::fourLetterWord(m.clientPort(f), "srvr", 1000).find(
                                 "This ZooKeeper instance is not currently serving requests") != std::string::npos,
                             10000);
    QCOMPARE(testing::fourLetterWord(m.clientPort(f), "ruok", 1000), std::string("imok"));
}

void TstReplication::peerPortsSurviveGarbage() {
    Members m(3);
    std::string err;
    for (int i = 0; i < 3; ++i) QVERIFY2(m.start(i, &err), err.c_str());
    const int leader = m.waitSettled();
    QVERIFY(leader >= 0);
    // Bad handshakes, an unknown server id, a huge frame and an undecodable
    // one, on both peer ports of every member: each is dropped, the ensemble
    // keeps serving with the same leader.
    const std::vector<std::string> junk = {
        std::string("GET / HTTP/1.0\r\n\r\n"),
        std::string("ZSQP\x01", 5) + std::string("\x00\x00\x00\x00\x00\x00\x00\x63", 8),  // server 99
        std::string("ZSQP\x01", 5) + std::string("\x00\x00\x00\x00\x00\x00\x00\x02", 8) + "\x7f\xff\xff\xff",
        std::string("ZSQP\x01", 5) + std::string("\x00\x00\x00\x00\x00\x00\x00\x02", 8) +
            std::string("\x00\x00\x00\x03\x09\x09\x09", 7),
    };
    asio::io_context io;
    for (int i = 0; i < 3; ++i) {
        for (uint16_t port : {m.peer(i).quorumPort, m.peer(i).electionPort}) {
            for (const auto& bytes : junk) {
                asio::ip::tcp::socket s(io);
                asio::error_code ec;
                s.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
                QVERIFY2(!ec, ec.message().c_str());
                asio::write(s, asio::buffer(bytes), ec);
                char b;
                s.read_some(asio::buffer(&b, 1), ec);  // the member closes it
                QVERIFY(ec);
            }
        }
    }
    QCOMPARE(m.waitSettled(), leader);
    auto c = connectTo(m.all());
    QVERIFY(c);
    QCOMPARE(create(*c, "/still", "ok"), proto::Err::Ok);
}

QTEST_GUILESS_MAIN(TstReplication)
#include "tst_replication.moc"
