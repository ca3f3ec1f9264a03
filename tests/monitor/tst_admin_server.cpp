// The engine's AdminServer against the monitor's parsers and against Apache
// ZooKeeper's answers (tests/data/monitor/apache-*): standalone (in-process)
// and a 3-node ensemble (zooscope-server processes), after the same workload
// the fixtures saw. Each command's JSON has Apache's shape (members, nesting,
// JSON types) and values that agree with the engine's own four-letter words.
// Then bad HTTP (unknown commands, other paths and methods, garbage, huge
// request lines and headers) gets errors and harms neither port, a taken port
// fails the start with a clear message, and the harness's Apache with the
// default whitelist and an AdminServer on a free port gives probeServer what
// the whitelist refuses.
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "monitor_workload.h"
#include "test_support.h"
#include "zooscope/ensemble.h"
#include "zooscope/server.h"
#include "zooscope/server_answers.h"
#include "zooscope/server_probe.h"

using namespace zooscope;
using namespace zooscope::monitor;
using namespace std::chrono_literals;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

std::string apacheAnswer(const std::string& scenario, const std::string& command) {
    const fs::path p = fs::path(qEnvironmentVariable("ZS_SOURCE_DIR").toStdString()) / "tests/data/monitor" / scenario /
                       "admin" / (command + ".json");
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    if (s.str().empty()) qFatal("missing fixture %s", p.c_str());
    return s.str();
}

const char* typeName(const Json& j) {
    if (j.is_number_float()) return "float";
    if (j.is_number()) return "integer";
    return j.type_name();
}

// Where two JSON values differ in shape: types, object members (either
// side's extra members, unless `ignore` matches them), the shapes of the
// first elements of arrays, recursively.
void shapeDiff(const Json& engine, const Json& apache, const std::string& at, const std::regex& ignore,
               std::vector<std::string>* out) {
    if (std::string(typeName(engine)) != typeName(apache)) {
        out->push_back(at + ": engine " + typeName(engine) + ", Apache " + typeName(apache));
        return;
    }
    // Objects keyed by data (session ids, paths, server ids): the shape of
    // their values.
    static const std::set<std::string> kMaps = {"session_id_to_watched_paths", "path_to_session_ids", "current_config"};
    if (engine.is_object() && kMaps.count(at.substr(at.rfind('/') + 1))) {
        if (!engine.empty() && !apache.empty())
            shapeDiff(engine.begin().value(), apache.begin().value(), at + "/*", ignore, out);
        return;
    }
    if (engine.is_object()) {
        for (const auto& [k, v] : engine.items()) {
            if (!apache.contains(k)) {
                if (!std::regex_match(k, ignore)) out->push_back(at + "/" + k + ": only the engine's");
            } else {
                shapeDiff(v, apache.at(k), at + "/" + k, ignore, out);
            }
        }
        for (const auto& [k, v] : apache.items()) {
            if (!engine.contains(k) && !std::regex_match(k, ignore)) out->push_back(at + "/" + k + ": only Apache's");
        }
    } else if (engine.is_array() && !engine.empty() && !apache.empty()) {
        shapeDiff(engine.front(), apache.front(), at + "[0]", ignore, out);
    }
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += x + "\n";
    return s;
}
std::string joined(const std::vector<SampleNote>& v) {
    std::string s;
    for (const auto& x : v) s += noteText(x) + "\n";
    return s;
}

Fetched get(uint16_t port, const std::string& command) {
    return fetchAdminCommand({"127.0.0.1", port}, command, 10s);
}

// A connection to 127.0.0.1:port, or -1.
int connectTo(uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
    if (fd >= 0) ::close(fd);
    return -1;
}

// Sends `request` as it stands and returns the response: its head and the
// Content-Length bytes after it, or what came before the server closed or
// 10 s passed ("" for nothing). cpp-httplib keeps a connection open after
// an error answer, so reading to the close would wait for its idle timeout.
std::string rawHttp(uint16_t port, const std::string& request) {
    const int fd = connectTo(port);
    if (fd < 0) return {};
    ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    std::string in;
    const auto deadline = Clock::now() + 10s;
    char buf[4096];
    while (Clock::now() < deadline) {
        const auto head = in.find("\r\n\r\n");
        if (head != std::string::npos) {
            static const std::regex length("Content-Length: *([0-9]+)", std::regex::icase);
            std::smatch m;
            const std::string h = in.substr(0, head);
            const size_t body = std::regex_search(h, m, length) ? std::stoul(m[1]) : 0;
            if (in.size() >= head + 4 + body) break;
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) != 1) continue;
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        in.append(buf, size_t(n));
    }
    ::close(fd);
    return in;
}

FourLetterWordTransport loopbackWords() {
    return [](const Endpoint& e, std::string_view w, std::chrono::milliseconds t) {
        return testing::fourLetterWord(e.port, w, int(t.count()));
    };
}

}  // namespace

class TstAdminServer : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        testing::EngineOptions options;
        options.config.adminEnableServer = true;
        std::string error;
        engine_ = testing::startEngine(options, &error);
        QVERIFY2(engine_, error.c_str());
        QVERIFY(engine_->adminPort() != 0);
        workload_ = std::make_unique<testing::MonitorWorkload>(engine_->connectString(), true);
        QVERIFY2(workload_->error().empty(), workload_->error().c_str());
    }

    void cleanupTestCase() {
        workload_.reset();
        engine_.reset();
    }

    // Every command the monitor reads, standalone: parses, and has Apache's shape.
    void standaloneAnswers_data() {
        QTest::addColumn<QString>("command");
        for (const char* c : {"monitor", "stats", "server_stats", "leader", "zabstate", "voting_view", "connections",
                              "watch_summary", "configuration", "watches", "watches_by_path", "no_such_command"})
            QTest::newRow(c) << c;
    }
    void standaloneAnswers() {
        QFETCH(QString, command);
        const std::string c = command.toStdString();
        const Fetched f = get(engine_->adminPort(), c);
        QVERIFY2(f.answered, f.error.c_str());
        QCOMPARE(f.httpStatus, 200);
        compareShape(c, f.body, apacheAnswer("apache-standalone", c));
    }

    // The two sources of the engine agree: a probe's merge equals what each
    // says alone, and the AdminServer's figures match the four-letter words.
    void standaloneAgreesWithFourLetterWords() {
        const uint16_t port = engine_->port(), admin = engine_->adminPort();
        const auto srvr = parseSrvr(testing::fourLetterWord(port, "srvr"));
        const auto stats = parseAdminStats(get(admin, "server_stats").body);
        QVERIFY2(srvr.ok() && stats.ok(), (srvr.message + stats.message).c_str());
        QCOMPARE(stats.value.lastProcessedZxid, srvr.value.zxid);
        QCOMPARE(stats.value.nodeCount, srvr.value.nodeCount);
        QCOMPARE(stats.value.version, srvr.value.version);
        const auto wchc = parseWchc(testing::fourLetterWord(port, "wchc"));
        const auto watches = parseAdminWatches(get(admin, "watches").body);
        QVERIFY(wchc.ok() && watches.ok());
        QCOMPARE(watches.value.size(), size_t(1));
        QCOMPARE(watches.value[0].sessionId, workload_->sessionId());
        QCOMPARE(wchc.value[0].sessionId, workload_->sessionId());
        auto sorted = [](std::vector<std::string> v) {
            std::sort(v.begin(), v.end());
            return v;
        };
        QCOMPARE(sorted(watches.value[0].paths), sorted(wchc.value[0].paths));
        const auto connections = parseAdminConnections(get(admin, "connections").body);
        QVERIFY(connections.ok());
        bool found = false;
        for (const auto& c : connections.value) found = found || c.sessionId == workload_->sessionId();
        QVERIFY(found);

        const ServerSample s = probeServer({{"127.0.0.1", port}, Endpoint{"127.0.0.1", admin}}, {}, loopbackWords());
        QVERIFY2(s.fromFourLetterWords && s.fromAdminServer, joined(s.notes).c_str());
        QCOMPARE(s.mode, std::optional<ServerMode>(ServerMode::Standalone));
        QCOMPARE(s.ephemerals, std::optional<int64_t>(1));
        QCOMPARE(s.watches, std::optional<int64_t>(3));  // mntr's count, with the child watch
        QCOMPARE(s.serverId, std::optional<int64_t>(0));
        QVERIFY(s.zxid && *s.zxid >= srvr.value.zxid);
        QVERIFY(s.openFileDescriptors && *s.openFileDescriptors > 0);
        QVERIFY2(s.notes.empty(), joined(s.notes).c_str());
    }

    // A 3-node engine ensemble: leader and follower answers have Apache's
    // leader and follower shapes; the roles agree across members; with two
    // members gone the last one answers "not serving" as ZooKeeper does.
    void ensemble() {
        EnsembleSpec spec;
        spec.kind = NodeKind::Engine;
        spec.size = 3;
        spec.tickTime = 500;
        spec.adminServer = true;
        std::string error;
        auto e = Ensemble::start(spec, &error);
        QVERIFY2(e, error.c_str());
        int leader = -1, follower = -1;
        const auto start = Clock::now();
        while (Clock::now() - start < 60s) {
            leader = follower = -1;
            int followers = 0;
            for (int i = 0; i < 3; ++i) {
                const NodeMode m = e->mode(i);
                if (m == NodeMode::Leader) leader = i;
                if (m == NodeMode::Follower) follower = i, ++followers;
            }
            if (leader >= 0 && followers == 2) break;
            std::this_thread::sleep_for(100ms);
        }
        QVERIFY2(leader >= 0 && follower >= 0, "no leader and two followers within 60 s");
        testing::MonitorWorkload onFollower("127.0.0.1:" + std::to_string(e->node(follower).clientPort), true);
        QVERIFY2(onFollower.error().empty(), onFollower.error().c_str());
        testing::MonitorWorkload onLeader("127.0.0.1:" + std::to_string(e->node(leader).clientPort), false);
        QVERIFY2(onLeader.error().empty(), onLeader.error().c_str());

        for (const auto& [node, scenario] : {std::pair{leader, "apache-leader"}, std::pair{follower, "apache-follower"}}) {
            const uint16_t admin = uint16_t(e->node(node).adminPort);
            QVERIFY(admin != 0);
            for (const char* c : {"monitor", "stats", "server_stats", "leader", "zabstate", "voting_view",
                                  "connections", "watch_summary", "configuration", "watches", "watches_by_path"}) {
                const Fetched f = get(admin, c);
                QVERIFY2(f.answered && f.httpStatus == 200, (std::string(c) + ": " + f.error).c_str());
                compareShape(c, f.body, apacheAnswer(scenario, c));
            }
        }
        const int64_t leaderId = e->node(leader).id;
        for (int i = 0; i < 3; ++i) {
            const auto l = parseAdminLeader(get(uint16_t(e->node(i).adminPort), "leader").body);
            QVERIFY2(l.ok(), l.message.c_str());
            QCOMPARE(l.value.leaderId, leaderId);
            QCOMPARE(l.value.isLeader, i == leader);
            const auto z = parseAdminZabState(get(uint16_t(e->node(i).adminPort), "zabstate").body);
            QVERIFY(z.ok() && z.value.voting);
            QCOMPARE(z.value.phase, std::string("broadcast"));
            QCOMPARE(z.value.myid, std::optional<int64_t>(e->node(i).id));
            const auto view = parseAdminVotingView(get(uint16_t(e->node(i).adminPort), "voting_view").body);
            QVERIFY(view.ok());
            QCOMPARE(view.value.size(), size_t(3));
            QCOMPARE(view.value[size_t(i)].clientAddress, "127.0.0.1:" + std::to_string(e->node(i).clientPort));
        }
        const ServerSample s =
            probeServer({{"127.0.0.1", uint16_t(e->node(leader).clientPort)},
                         Endpoint{"127.0.0.1", uint16_t(e->node(leader).adminPort)}},
                        {}, loopbackWords());
        QCOMPARE(s.mode, std::optional<ServerMode>(ServerMode::Leader));
        QCOMPARE(s.followers, std::optional<int64_t>(2));
        QCOMPARE(s.leaderId, std::optional<int64_t>(leaderId));
        QVERIFY(s.epoch() && *s.epoch() >= 1);

        // The last node standing: Apache's not-serving answers.
        int other = 0;
        while (other == leader || other == follower) ++other;
        QVERIFY2(e->kill(leader, &error) && e->kill(other, &error), error.c_str());
        const uint16_t port = uint16_t(e->node(follower).clientPort), admin = uint16_t(e->node(follower).adminPort);
        const auto deadline = Clock::now() + 60s;
        while (parseSrvr(testing::fourLetterWord(port, "srvr")).status != AnswerStatus::NotServing) {
            QVERIFY2(Clock::now() < deadline, "the last node kept serving");
            std::this_thread::sleep_for(100ms);
        }
        for (const char* c : {"stats", "server_stats", "leader", "voting_view", "connections", "watch_summary",
                              "configuration", "watches", "watches_by_path"}) {
            const Fetched f = get(admin, c);
            QVERIFY(f.answered);
            QCOMPARE(f.httpStatus, 200);
            QCOMPARE(Json::parse(f.body), Json::parse(apacheAnswer("apache-not-serving", c)));
        }
        QCOMPARE(Json::parse(get(admin, "zabstate").body), Json::parse(apacheAnswer("apache-not-serving", "zabstate")));
        // ZooKeeper 3.8.0 fails monitor with an HTTP 500 here; the engine
        // answers the same error as the other commands.
        QCOMPARE(parseAdminMonitor(get(admin, "monitor").body).status, AnswerStatus::NotServing);
        const ServerSample alone = probeServer({{"127.0.0.1", port}, Endpoint{"127.0.0.1", admin}}, {}, loopbackWords());
        QCOMPARE(alone.mode, std::optional<ServerMode>(ServerMode::NotServing));
    }

    // Requests that are not the AdminServer's get errors; neither port suffers.
    void badRequests() {
        const uint16_t admin = engine_->adminPort();
        const auto unknown = get(admin, "no_such_command");
        QCOMPARE(unknown.httpStatus, 200);
        QCOMPARE(Json::parse(unknown.body).at("error").get<std::string>(), std::string("Unknown command: no_such_command"));
        // Aliases are ZooKeeper's.
        QCOMPARE(Json::parse(get(admin, "mntr").body).at("command").get<std::string>(), std::string("monitor"));
        QCOMPARE(Json::parse(get(admin, "wchs").body).at("command").get<std::string>(), std::string("watch_summary"));
        // The command list, another path, another method.
        QVERIFY(rawHttp(admin, "GET /commands HTTP/1.1\r\nConnection: close\r\n\r\n").find("/commands/monitor") !=
                std::string::npos);
        QVERIFY(rawHttp(admin, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n").rfind("HTTP/1.1 404", 0) == 0);
        QVERIFY(rawHttp(admin, "POST /commands/monitor HTTP/1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
                    .rfind("HTTP/1.1 405", 0) == 0);
        // Garbage: a TLS hello, binary noise, a bare line; each gets a 4xx or
        // a closed connection, never a hang or a crash.
        const std::string tlsHello("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03", 11);
        std::string noise(4096, '\0');
        for (size_t i = 0; i < noise.size(); ++i) noise[i] = char((i * 131 + 7) % 256);
        for (const std::string& g : {tlsHello, noise, std::string("hello\r\n\r\n"), std::string("GET\r\n\r\n")}) {
            const std::string r = rawHttp(admin, g);
            QVERIFY2(r.empty() || r.rfind("HTTP/1.1 4", 0) == 0, r.substr(0, 80).c_str());
        }
        // Huge: a 100 KiB request line, a 100 KiB header, 2000 headers.
        const std::string longLine = rawHttp(admin, "GET /commands/" + std::string(100 * 1024, 'a') +
                                                        " HTTP/1.1\r\nConnection: close\r\n\r\n");
        QVERIFY2(longLine.empty() || longLine.rfind("HTTP/1.1 4", 0) == 0, longLine.substr(0, 80).c_str());
        const std::string bigHeader = rawHttp(admin, "GET /commands/ruok HTTP/1.1\r\nX-Big: " +
                                                         std::string(100 * 1024, 'b') + "\r\nConnection: close\r\n\r\n");
        QVERIFY2(bigHeader.empty() || bigHeader.rfind("HTTP/1.1 4", 0) == 0, bigHeader.substr(0, 80).c_str());
        std::string many = "GET /commands/ruok HTTP/1.1\r\nConnection: close\r\n";
        for (int i = 0; i < 2000; ++i) many += "X-H" + std::to_string(i) + ": " + std::string(40, 'h') + "\r\n";
        QVERIFY(rawHttp(admin, many + "\r\n").rfind("HTTP/1.1 431", 0) == 0);
        // A client that says nothing does not hold the others up.
        const int idle = connectTo(admin);  // never sends a byte
        QVERIFY(idle >= 0);
        // Both ports still serve.
        QVERIFY(parseAdminStats(get(admin, "server_stats").body).ok());
        QVERIFY(parseSrvr(testing::fourLetterWord(engine_->port(), "srvr")).ok());
        ::close(idle);
    }

    // fetchAdminCommand gives up on a port nobody listens on, and on a
    // server that accepts and never answers, within its timeout.
    void fetchGivesUp() {
        const uint16_t closed = testing::freeLoopbackPort();
        const Fetched refused = fetchAdminCommand({"127.0.0.1", closed}, "monitor", 2s);
        QVERIFY(!refused.answered);
        QVERIFY2(refused.error.find("could not be reached") != std::string::npos, refused.error.c_str());
        QVERIFY(refused.failure && refused.failure->kind == NoteKind::AdminUnreachable);
        QCOMPARE(refused.failure->server, "127.0.0.1:" + std::to_string(closed));
        // Listening but never accepting: the kernel completes the connect,
        // nothing ever answers.
        const int mute = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        QVERIFY(::bind(mute, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 && ::listen(mute, 4) == 0 &&
                ::getsockname(mute, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
        const Fetched silent = fetchAdminCommand({"127.0.0.1", ntohs(addr.sin_port)}, "monitor", 300ms);
        ::close(mute);
        QVERIFY(!silent.answered);
        QVERIFY2(silent.error.find("did not answer") != std::string::npos, silent.error.c_str());
        QVERIFY(silent.failure && (silent.failure->kind == NoteKind::AdminLate || silent.failure->kind == NoteKind::AdminFailed));
        QCOMPARE(silent.failure->subject, std::string("monitor"));
    }

    // A taken AdminServer port: the engine does not start, and says why.
    void takenPortFailsTheStart() {
        ServerConfig config = testing::EngineOptions::referenceEngineConfig();
        config.clientPort = 0;
        config.adminEnableServer = true;
        config.adminServerAddress = "127.0.0.1";
        config.adminServerPort = engine_->adminPort();
        std::string error;
        auto second = Server::start(config, &error);
        QVERIFY(!second);
        QVERIFY2(error.find("AdminServer") != std::string::npos && error.find(std::to_string(engine_->adminPort())) !=
                                                                      std::string::npos,
                 error.c_str());
        // The first engine is untouched.
        QVERIFY(parseSrvr(testing::fourLetterWord(engine_->port(), "srvr")).ok());
    }

    // The harness's Apache ZooKeeper with ZooKeeper 3.8's default whitelist
    // and an AdminServer on a free port: probeServer gets from the
    // AdminServer what the whitelist refuses, and says what was refused.
    void apacheWithDefaultWhitelist() {
        testing::ApacheOptions options;
        options.fourLetterWhitelist = "srvr";
        options.adminServer = true;
        std::string error;
        auto zk = testing::startApacheZooKeeper(options, &error);
        QVERIFY2(zk, error.c_str());
        QVERIFY(zk->adminPort() != 0);
        testing::MonitorWorkload w(zk->connectString(), true);
        QVERIFY2(w.error().empty(), w.error().c_str());
        QCOMPARE(parseMntr(testing::fourLetterWord(zk->port(), "mntr")).status, AnswerStatus::Refused);
        const ServerSample s =
            probeServer({{"127.0.0.1", zk->port()}, Endpoint{"127.0.0.1", zk->adminPort()}}, {}, loopbackWords());
        QCOMPARE(s.mode, std::optional<ServerMode>(ServerMode::Standalone));
        QVERIFY(s.fromFourLetterWords && s.fromAdminServer);
        QCOMPARE(s.ephemerals, std::optional<int64_t>(1));
        QCOMPARE(s.watches, std::optional<int64_t>(3));
        QVERIFY(s.openFileDescriptors && s.approximateDataSize && s.uptimeMs && s.fsync);
        for (const char* w : {"mntr", "wchs", "conf"}) {
            bool noted = false;
            for (const auto& n : s.notes) noted = noted || (n.kind == NoteKind::Refused && n.subject == w);
            QVERIFY2(noted, joined(s.notes).c_str());
        }
    }

private:
    // `engine` parses Ok (or as Apache's answer reads) and has Apache's shape.
    void compareShape(const std::string& command, const std::string& engine, const std::string& apache) {
        const Json e = Json::parse(engine, nullptr, false), a = Json::parse(apache, nullptr, false);
        QVERIFY2(!e.is_discarded(), engine.substr(0, 200).c_str());
        QVERIFY(!a.is_discarded());
        // monitor: figures the engine does not keep (four_letter_words.h):
        // ZooKeeper's summary sets per top-level path (*_per_namespace) and
        // per learner handler (<sid>_learner_handler_qp_*), the leader's
        // uptime as leader and its counts of synced observers and non-voting
        // followers; and the engine's "followers", the pre-3.6 name of
        // "learners" that monitoring scripts still read.
        static const std::regex kNotShared(
            ".*_per_namespace|(avg|min|max|cnt|sum|p50|p95|p99|p999)_[0-9]+_learner_handler_qp_.*|leader_uptime|"
            "synced_non_voting_followers|synced_observers|followers");
        std::vector<std::string> diffs;
        shapeDiff(e, a, command, command == "monitor" ? kNotShared : std::regex("$^"), &diffs);
        QVERIFY2(diffs.empty(), joined(diffs).c_str());
    }

    std::unique_ptr<testing::TestServer> engine_;
    std::unique_ptr<testing::MonitorWorkload> workload_;
};

QTEST_GUILESS_MAIN(TstAdminServer)
#include "tst_admin_server.moc"
