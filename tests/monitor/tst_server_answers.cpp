// The monitor's parsers, samples and probe on answers captured from real
// servers (tests/data/monitor/, written by capture_monitor_fixtures from
// Apache ZooKeeper 3.8 and the engine): every captured answer reads with the
// status its scenario implies; the values the parsers read agree across the
// two sources of one server (srvr vs server_stats, wchc vs watches, ...) and
// between the members of one ensemble; every cut of an answer reads as cut
// (or, at a line boundary, as a shorter answer), never as garbage; garbage,
// bit flips and answers fed to the wrong parser never crash and never read
// as data. No server is started here.
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "zooscope/server_answers.h"
#include "zooscope/server_probe.h"
#include "zooscope/server_sample.h"
#include "monitor_fixtures.h"

using namespace zooscope::monitor;
using namespace zooscope::testing;
namespace fs = std::filesystem;

// QCOMPARE prints these by name.
namespace QTest {
template <>
char* toString(const ServerMode& m) {
    return qstrdup(std::string(zooscope::monitor::modeName(m)).c_str());
}
template <>
char* toString(const AnswerStatus& s) {
    return qstrdup(std::string(zooscope::monitor::statusName(s)).c_str());
}
}  // namespace QTest

namespace {

struct Read {
    AnswerStatus status;
    std::string message;
};

template <class T>
Read read(const Answer<T>& a) {
    return {a.status, a.message};
}

// Every parser by the name of what it reads: the word ("srvr") or the
// AdminServer command ("server_stats"); the membership too.
const std::map<std::string, std::function<Read(std::string_view)>>& parsers() {
    static const std::map<std::string, std::function<Read(std::string_view)>> all = {
        {"srvr", [](std::string_view t) { return read(parseSrvr(t)); }},
        {"stat", [](std::string_view t) { return read(parseStat(t)); }},
        {"mntr", [](std::string_view t) { return read(parseMntr(t)); }},
        {"cons", [](std::string_view t) { return read(parseCons(t)); }},
        {"wchs", [](std::string_view t) { return read(parseWchs(t)); }},
        {"wchc", [](std::string_view t) { return read(parseWchc(t)); }},
        {"wchp", [](std::string_view t) { return read(parseWchp(t)); }},
        {"conf", [](std::string_view t) { return read(parseConf(t)); }},
        {"membership", [](std::string_view t) { return read(parseMembership(t)); }},
        {"monitor", [](std::string_view t) { return read(parseAdminMonitor(t)); }},
        {"stats", [](std::string_view t) { return read(parseAdminStats(t)); }},
        {"server_stats", [](std::string_view t) { return read(parseAdminStats(t)); }},
        {"leader", [](std::string_view t) { return read(parseAdminLeader(t)); }},
        {"zabstate", [](std::string_view t) { return read(parseAdminZabState(t)); }},
        {"voting_view", [](std::string_view t) { return read(parseAdminVotingView(t)); }},
        {"connections", [](std::string_view t) { return read(parseAdminConnections(t)); }},
        {"watch_summary", [](std::string_view t) { return read(parseAdminWatchSummary(t)); }},
        {"configuration", [](std::string_view t) { return read(parseAdminConfiguration(t)); }},
        {"watches", [](std::string_view t) { return read(parseAdminWatches(t)); }},
        {"watches_by_path", [](std::string_view t) { return read(parseAdminWatchesByPath(t)); }},
        // Any JSON parser will do for an unknown command's answer.
        {"no_such_command", [](std::string_view t) { return read(parseAdminWatchSummary(t)); }},
    };
    return all;
}

bool isAdmin(const fs::path& file) { return file.parent_path().filename() == "admin"; }

// What each captured answer must read as: the scenarios are
// capture_monitor_fixtures's (docs/monitoring.md).
AnswerStatus expectedStatus(const std::string& scenario, const fs::path& file) {
    const std::string what = parserFor(file);
    const std::string role = scenario.substr(scenario.find('-') + 1);
    if (what == "no_such_command") return AnswerStatus::Error;
    if (!isAdmin(file)) {
        if (role == "default-whitelist") return what == "srvr" ? AnswerStatus::Ok : AnswerStatus::Refused;
        if (role == "not-serving" || role == "leader-serves-no") return AnswerStatus::NotServing;
        return AnswerStatus::Ok;
    }
    if (role == "standalone" && what == "leader") return AnswerStatus::Error;  // "server is not initialized"
    if (role == "not-serving") {
        if (what == "zabstate") return AnswerStatus::Ok;
        // ZooKeeper 3.8.0 answers monitor with an HTTP 500 page (a
        // NullPointerException); the engine with the usual JSON error.
        if (file.extension() == ".html") return AnswerStatus::Error;
        return AnswerStatus::NotServing;
    }
    return AnswerStatus::Ok;
}

struct FixtureFile {
    std::string scenario;  // "apache-leader"
    fs::path file;         // "4lw/srvr.txt"
};

std::vector<FixtureFile> allFixtures() {
    std::vector<FixtureFile> out;
    for (const auto& scenario : fs::directory_iterator(monitorFixtureRoot())) {
        if (!scenario.is_directory()) continue;
        for (const auto& f : fs::recursive_directory_iterator(scenario.path())) {
            if (f.is_regular_file())
                out.push_back({scenario.path().filename().string(), fs::relative(f.path(), scenario.path())});
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return std::tie(a.scenario, a.file) < std::tie(b.scenario, b.file);
    });
    return out;
}

SrvrAnswer srvrOf(const std::string& s) { return must(parseSrvr(fixture(s, "4lw/srvr.txt")), "srvr"); }
Metrics mntrOf(const std::string& s) { return must(parseMntr(fixture(s, "4lw/mntr.txt")), "mntr"); }
AdminServerStats statsOf(const std::string& s) { return must(parseAdminStats(fixture(s, "admin/server_stats.json")), "stats"); }
int64_t metricInt(const Metrics& m, const char* key) {
    const auto v = metric(m, key);
    if (!v) qFatal("no metric %s", key);
    return std::stoll(std::string(*v));
}

// Session -> sorted paths, from wchc or the AdminServer's watches.
std::map<int64_t, std::vector<std::string>> bySession(std::vector<SessionWatches> w) {
    std::map<int64_t, std::vector<std::string>> out;
    for (auto& s : w) {
        std::sort(s.paths.begin(), s.paths.end());
        out[s.sessionId] = s.paths;
    }
    return out;
}
std::map<std::string, std::vector<int64_t>> byPath(std::vector<PathWatchers> w) {
    std::map<std::string, std::vector<int64_t>> out;
    for (auto& p : w) {
        std::sort(p.sessionIds.begin(), p.sessionIds.end());
        out[p.path] = p.sessionIds;
    }
    return out;
}

std::set<int64_t> sessionsOf(const std::vector<ClientConnection>& cs) {
    std::set<int64_t> out;
    for (const auto& c : cs) {
        if (c.sessionId) out.insert(*c.sessionId);
    }
    return out;
}

bool notesMention(const ServerSample& s, const std::string& what) {
    return std::any_of(s.notes.begin(), s.notes.end(),
                       [&](const SampleNote& n) { return noteText(n).find(what) != std::string::npos; });
}

const char* const kKinds[] = {"apache", "engine"};

}  // namespace

class TstServerAnswers : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY2(fs::is_directory(monitorFixtureRoot()), monitorFixtureRoot().c_str());
        // Both kinds of server, every scenario (the engine has no leaderServes).
        for (const char* s : {"apache-standalone", "apache-default-whitelist", "apache-leader", "apache-follower",
                              "apache-not-serving", "apache-leader-serves-no", "engine-standalone",
                              "engine-default-whitelist", "engine-leader", "engine-follower", "engine-not-serving"})
            QVERIFY2(fs::is_directory(monitorFixtureRoot() / s), s);
    }

    void capturedAnswers_data() {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("file");
        for (const auto& f : allFixtures())
            QTest::newRow((f.scenario + "/" + f.file.string()).c_str())
                << QString::fromStdString(f.scenario) << QString::fromStdString(f.file.string());
    }
    // Every captured answer reads with the status its scenario implies.
    void capturedAnswers() {
        QFETCH(QString, scenario);
        QFETCH(QString, file);
        const fs::path path(file.toStdString());
        const auto parser = parsers().find(parserFor(path));
        QVERIFY2(parser != parsers().end(), qPrintable(file));
        const Read r = parser->second(fixture(scenario.toStdString(), file.toStdString()));
        const AnswerStatus want = expectedStatus(scenario.toStdString(), path);
        QVERIFY2(r.status == want, qPrintable(QString("%1 (%2), expected %3")
                                                  .arg(QString::fromStdString(std::string(statusName(r.status))),
                                                       QString::fromStdString(r.message),
                                                       QString::fromStdString(std::string(statusName(want))))));
        QCOMPARE(r.message.empty(), want == AnswerStatus::Ok);
    }

    void standalone_data() {
        QTest::addColumn<QString>("kind");
        for (const char* k : kKinds) QTest::newRow(k) << k;
    }
    // One server, both sources: they agree with each other and with the
    // workload capture_monitor_fixtures ran (/app, /app/config, one
    // ephemeral; a data watch on /app/config, a child watch on /app, an
    // exists watch on /missing).
    void standalone() {
        QFETCH(QString, kind);
        const std::string s = kind.toStdString() + "-standalone";
        const SrvrAnswer srvr = srvrOf(s);
        const SrvrAnswer stat = must(parseStat(fixture(s, "4lw/stat.txt")), "stat");
        const Metrics mntr = mntrOf(s);
        const AdminServerStats stats = statsOf(s);
        QCOMPARE(srvr.mode, ServerMode::Standalone);
        QVERIFY(srvr.version.rfind("3.8.0-", 0) == 0);
        QCOMPARE(stats.version, srvr.version);
        QCOMPARE(std::string(*metric(mntr, "version")), srvr.version);
        QCOMPARE(stats.mode, std::optional<ServerMode>(ServerMode::Standalone));
        QCOMPARE(std::string(*metric(mntr, "server_state")), std::string("standalone"));
        // Five txns: /app, /app/config, the ephemeral, and the session's
        // create; the zxids agree between the sources.
        QVERIFY(srvr.zxid >= 4);
        QCOMPARE(stats.lastProcessedZxid, srvr.zxid);
        QCOMPARE(stat.zxid, srvr.zxid);
        // The root (counted twice), /zookeeper, its quota and config, /app and
        // two children.
        QCOMPARE(srvr.nodeCount, 8);
        QCOMPARE(stats.nodeCount, srvr.nodeCount);
        QCOMPARE(metricInt(mntr, "znode_count"), srvr.nodeCount);
        QCOMPARE(metricInt(mntr, "ephemerals_count"), 1);
        // mntr counts the child watch; wchs and watch_summary do not.
        QCOMPARE(metricInt(mntr, "watch_count"), 3);
        const WatchSummary wchs = must(parseWchs(fixture(s, "4lw/wchs.txt")), "wchs");
        const WatchSummary summary = must(parseAdminWatchSummary(fixture(s, "admin/watch_summary.json")), "summary");
        QCOMPARE(wchs.watches, 2);
        QCOMPARE(wchs.paths, 2);
        QCOMPARE(wchs.connections, 1);
        QCOMPARE(summary.watches, wchs.watches);
        QCOMPARE(summary.paths, wchs.paths);
        QCOMPARE(summary.connections, wchs.connections);
        // The workload's session everywhere, with its two watched paths.
        const auto wchc = bySession(must(parseWchc(fixture(s, "4lw/wchc.txt")), "wchc"));
        const auto watches = bySession(must(parseAdminWatches(fixture(s, "admin/watches.json")), "watches"));
        QCOMPARE(wchc.size(), size_t(1));
        const int64_t session = wchc.begin()->first;
        QCOMPARE(wchc.begin()->second, (std::vector<std::string>{"/app/config", "/missing"}));
        QCOMPARE(watches, wchc);
        const auto wchp = byPath(must(parseWchp(fixture(s, "4lw/wchp.txt")), "wchp"));
        QCOMPARE(wchp, byPath(must(parseAdminWatchesByPath(fixture(s, "admin/watches_by_path.json")), "by path")));
        QCOMPARE(wchp.at("/missing"), std::vector<int64_t>{session});
        const auto cons = must(parseCons(fixture(s, "4lw/cons.txt")), "cons");
        const auto connections = must(parseAdminConnections(fixture(s, "admin/connections.json")), "connections");
        QCOMPARE(sessionsOf(cons), std::set<int64_t>{session});
        QCOMPARE(sessionsOf(connections), std::set<int64_t>{session});
        for (const auto& c : cons) {
            QCOMPARE(c.address, std::string("127.0.0.1"));
            if (c.sessionId) QCOMPARE(c.sessionTimeoutMs, std::optional<int64_t>(10000));
        }
        // conf and configuration: the same server.
        const ServerConf conf = must(parseConf(fixture(s, "4lw/conf.txt")), "conf");
        const ServerConf configuration = must(parseAdminConfiguration(fixture(s, "admin/configuration.json")), "conf");
        QCOMPARE(conf.serverId, std::optional<int64_t>(0));
        QCOMPARE(configuration.serverId, conf.serverId);
        QCOMPARE(configuration.clientPort, conf.clientPort);
        QCOMPARE(conf.tickTime, std::optional<int64_t>(500));
        QCOMPARE(configuration.tickTime, conf.tickTime);
        QVERIFY(!conf.membership);
        const ZabState zab = must(parseAdminZabState(fixture(s, "admin/zabstate.json")), "zabstate");
        QVERIFY(!zab.voting);
        QCOMPARE(zab.phase, std::string());
        QVERIFY(must(parseAdminVotingView(fixture(s, "admin/voting_view.json")), "voting_view").empty());
    }

    void ensemble_data() { standalone_data(); }
    // A leader and a follower of one 3-node ensemble.
    void ensemble() {
        QFETCH(QString, kind);
        const std::string leader = kind.toStdString() + "-leader", follower = kind.toStdString() + "-follower";
        QCOMPARE(srvrOf(leader).mode, ServerMode::Leader);
        QCOMPARE(srvrOf(follower).mode, ServerMode::Follower);
        QCOMPARE(statsOf(leader).mode, std::optional<ServerMode>(ServerMode::Leader));
        QCOMPARE(statsOf(follower).mode, std::optional<ServerMode>(ServerMode::Follower));
        // The follower applied everything the leader committed; the epoch is
        // the leader's.
        const int64_t zxid = srvrOf(leader).zxid;
        QVERIFY((zxid >> 32) >= 1);
        QCOMPARE(srvrOf(follower).zxid, zxid);
        QCOMPARE(statsOf(leader).lastProcessedZxid, zxid);
        // The leader counts its learners; a follower has no such gauges.
        QCOMPARE(metricInt(mntrOf(leader), "learners"), 2);
        QCOMPARE(metricInt(mntrOf(leader), "synced_followers"), 2);
        QVERIFY(!metric(mntrOf(follower), "learners"));
        // Who leads, from both.
        const LeaderInfo l = must(parseAdminLeader(fixture(leader, "admin/leader.json")), "leader");
        const LeaderInfo f = must(parseAdminLeader(fixture(follower, "admin/leader.json")), "leader");
        const ServerConf leaderConf = must(parseConf(fixture(leader, "4lw/conf.txt")), "conf");
        QVERIFY(l.isLeader);
        QVERIFY(!f.isLeader);
        QCOMPARE(l.leaderId, *leaderConf.serverId);
        QCOMPARE(f.leaderId, l.leaderId);
        QCOMPARE(f.leaderIp, std::string("127.0.0.1"));
        const ZabState zab = must(parseAdminZabState(fixture(leader, "admin/zabstate.json")), "zabstate");
        QVERIFY(zab.voting);
        QCOMPARE(zab.phase, std::string("broadcast"));
        QCOMPARE(zab.myid, leaderConf.serverId);
        QCOMPARE(zab.isLeader, std::optional<bool>(true));
        QCOMPARE(zab.lastZxid, std::optional<int64_t>(zxid));
        // The membership, from conf and from voting_view.
        QVERIFY(leaderConf.membership);
        const auto& members = leaderConf.membership->members;
        QCOMPARE(members.size(), size_t(3));
        QCOMPARE(leaderConf.membership->version, std::optional<int64_t>(0));
        const auto view = must(parseAdminVotingView(fixture(follower, "admin/voting_view.json")), "voting_view");
        QCOMPARE(view.size(), size_t(3));
        for (size_t i = 0; i < 3; ++i) {
            QCOMPARE(view[i].id, members[i].id);
            QCOMPARE(view[i].learnerType, std::string("participant"));
            QVERIFY(!members[i].observer);
            QCOMPARE(view[i].clientAddress,
                     *members[i].clientAddress + ":" + std::to_string(*members[i].clientPort));
            QCOMPARE(view[i].serverAddresses,
                     std::vector<std::string>{members[i].host + ":" + std::to_string(members[i].quorumPort)});
        }
        // The follower's client: its watches, on the follower only.
        QCOMPARE(bySession(must(parseWchc(fixture(follower, "4lw/wchc.txt")), "wchc")).size(), size_t(1));
        QCOMPARE(must(parseWchs(fixture(follower, "4lw/wchs.txt")), "wchs").watches, 2);
    }

    void refusalsAndNotServing_data() { standalone_data(); }
    void refusalsAndNotServing() {
        QFETCH(QString, kind);
        const std::string k = kind.toStdString();
        const auto refused = parseMntr(fixture(k + "-default-whitelist", "4lw/mntr.txt"));
        QCOMPARE(refused.status, AnswerStatus::Refused);
        QVERIFY(refused.message.find("4lw.commands.whitelist") != std::string::npos);
        // ZooKeeper 3.8's default whitelist: srvr alone, so a sample says why
        // the rest is missing.
        const ServerSample words = sampleFromFourLetterWords(wordsOf(k + "-default-whitelist"));
        QCOMPARE(words.mode, std::optional<ServerMode>(ServerMode::Standalone));
        QVERIFY(words.zxid && words.latency && words.connections && words.znodes && words.version);
        QVERIFY(!words.watches && !words.ephemerals && !words.openFileDescriptors && !words.approximateDataSize);
        for (const char* w : {"mntr:", "wchs:", "conf:"}) QVERIFY2(notesMention(words, w), w);
        QVERIFY(notesMention(words, "whitelist"));
        // With the AdminServer next to it, the figures are all there.
        const ServerSample both = mergeSamples(words, sampleFromAdminServer(adminOf(k + "-standalone")));
        QVERIFY(both.fromFourLetterWords && both.fromAdminServer);
        QVERIFY(both.watches && both.ephemerals && both.openFileDescriptors && both.approximateDataSize && both.uptimeMs);
        QCOMPARE(*both.ephemerals, int64_t(1));
        QCOMPARE(both.serverId, std::optional<int64_t>(0));

        // The last node of three: not serving, on both channels.
        const std::string alone = k + "-not-serving";
        QCOMPARE(parseSrvr(fixture(alone, "4lw/srvr.txt")).status, AnswerStatus::NotServing);
        const ServerSample a = sampleFromFourLetterWords(wordsOf(alone));
        const ServerSample b = sampleFromAdminServer(adminOf(alone));
        QCOMPARE(a.mode, std::optional<ServerMode>(ServerMode::NotServing));
        QCOMPARE(b.mode, std::optional<ServerMode>(ServerMode::NotServing));
        QCOMPARE(mergeSamples(a, b).mode, std::optional<ServerMode>(ServerMode::NotServing));
        QCOMPARE(b.voting, std::optional<bool>(false));
        QVERIFY(!mergeSamples(a, b).zxid);
    }

    // leaderServes=no: the leader's srvr says "not serving"; the AdminServer
    // says leader, and the merge believes it (Exhibitor restarted such leaders).
    void leaderServesNo() {
        const std::string s = "apache-leader-serves-no";
        const ServerSample words = sampleFromFourLetterWords(wordsOf(s));
        const ServerSample admin = sampleFromAdminServer(adminOf(s));
        QCOMPARE(words.mode, std::optional<ServerMode>(ServerMode::NotServing));
        QCOMPARE(admin.mode, std::optional<ServerMode>(ServerMode::Leader));
        const ServerSample merged = mergeSamples(words, admin);
        QCOMPARE(merged.mode, std::optional<ServerMode>(ServerMode::Leader));
        QCOMPARE(merged.followers, std::optional<int64_t>(2));
        QCOMPARE(merged.syncedFollowers, std::optional<int64_t>(2));
        QCOMPARE(mergeSamples(admin, words).mode, std::optional<ServerMode>(ServerMode::Leader));  // either order
        QVERIFY(merged.epoch() && *merged.epoch() >= 1);
    }

    void truncations_data() { capturedAnswers_data(); }
    // Every cut of a captured answer: cut short or (at a line boundary, or
    // for JSON only whitespace cut) a complete shorter answer; never garbage,
    // never another status.
    void truncations() {
        QFETCH(QString, scenario);
        QFETCH(QString, file);
        const fs::path path(file.toStdString());
        const std::string full = fixture(scenario.toStdString(), file.toStdString());
        const auto& parse = parsers().at(parserFor(path));
        const AnswerStatus whole = expectedStatus(scenario.toStdString(), path);
        const bool json = isAdmin(path);
        // Text: every cut of a short answer; a few hundred spread over a long
        // one (mntr). JSON: about 150 cuts spread over the bytes. Both: line
        // boundaries and the bytes after them.
        std::set<size_t> cuts;
        const size_t lines = size_t(std::count(full.begin(), full.end(), '\n'));
        const size_t byteStep = json ? std::max<size_t>(1, full.size() / 150) : full.size() < 1500 ? 1 : full.size() / 300;
        const size_t lineStep = std::max<size_t>(1, lines / (json ? 40 : 150));
        for (size_t n = 0, line = 0; n < full.size(); ++n) {
            if (n % byteStep == 0) cuts.insert(n);
            if ((full[n] == '\n' || full[n] == ',') && line++ % lineStep == 0)
                for (size_t d : {n, n + 1, n + 2}) cuts.insert(std::min(d, full.size() - 1));
        }
        for (size_t n : cuts) {
            const std::string_view cut(full.data(), n);
            const Read r = parse(cut);
            const bool lineBoundary = n > 0 && full[n - 1] == '\n';
            bool fine = r.status == AnswerStatus::Truncated || (n == 0 && r.status == AnswerStatus::Empty);
            if (json) {
                const auto trimmedEq = [](std::string_view a, std::string_view b) {
                    while (!a.empty() && std::isspace(static_cast<unsigned char>(a.back()))) a.remove_suffix(1);
                    while (!b.empty() && std::isspace(static_cast<unsigned char>(b.back()))) b.remove_suffix(1);
                    return a == b;
                };
                fine = fine || (trimmedEq(cut, full) && r.status == whole);
                // Whitespace before the first brace.
                fine = fine || (cut.find_first_not_of(" \r\n\t") == std::string_view::npos && r.status == AnswerStatus::Empty);
                // Jetty's HTML page keeps its title once the title is whole.
                fine = fine || (path.extension() == ".html" && r.status == AnswerStatus::Error);
            } else {
                // A refusal or "not serving" reads as such once the sentence
                // is whole; a cut at a line boundary may read as a shorter
                // answer (mntr, conf) or be missing required lines.
                fine = fine || (whole != AnswerStatus::Ok && r.status == whole) ||
                       (lineBoundary && r.status == AnswerStatus::Ok && whole == AnswerStatus::Ok);
            }
            if (!fine) {
                QFAIL(qPrintable(QString("cut at %1 of %2: %3 (%4)")
                                     .arg(n)
                                     .arg(full.size())
                                     .arg(QString::fromStdString(std::string(statusName(r.status))),
                                          QString::fromStdString(r.message))));
            }
        }
    }

    // Answers fed to the wrong parser, bit flips and random bytes: never a
    // crash, and what is not an answer never reads as one.
    void garbage() {
        const auto files = allFixtures();
        std::mt19937 rng(20261207);
        size_t runs = 0;
        for (const auto& f : files) {
            const std::string bytes = fixture(f.scenario, f.file.string());
            const std::string mine = parserFor(f.file);
            for (const auto& [name, parse] : parsers()) {
                const Read r = parse(bytes);
                ++runs;
                // Another word's data is not this word's answer (stat's text
                // holds srvr's and more; server_stats and stats are one parser).
                const bool sameFamily = (mine == "stat" && name == "srvr") || (mine == "srvr" && name == "stat") ||
                                        (mine == "stats" && name == "server_stats") ||
                                        (mine == "server_stats" && name == "stats") || name == mine ||
                                        name == "no_such_command" || mine == "no_such_command";
                if (!sameFamily && r.status == AnswerStatus::Ok)
                    QFAIL(qPrintable(QString("%1/%2 read as %3").arg(QString::fromStdString(f.scenario),
                                                                   QString::fromStdString(f.file.string()),
                                                                   QString::fromStdString(name))));
            }
            // Bit flips and byte overwrites in the file's own parser.
            const auto& parse = parsers().at(mine);
            for (int i = 0; i < 40 && !bytes.empty(); ++i) {
                std::string m = bytes;
                const size_t at = rng() % m.size();
                if (i % 2) m[at] = static_cast<char>(m[at] ^ (1 << (rng() % 8)));
                else m[at] = static_cast<char>(rng() % 256);
                parse(m);
                ++runs;
            }
        }
        // Random bytes, and bytes drawn from the answers' own alphabet.
        const std::string alphabet = "zk_\t\n0123456789x/:=,.{}[]\" -abcdefsrvModeLatency";
        for (int i = 0; i < 400; ++i) {
            std::string s(rng() % 300, '\0');
            for (auto& c : s) c = (i % 2) ? static_cast<char>(rng() % 256) : alphabet[rng() % alphabet.size()];
            for (const auto& [name, parse] : parsers()) {
                parse(s);
                ++runs;
            }
        }
        // Hand-made shapes.
        const std::string deep(20000, '[');
        const std::string cases[] = {"", "\n", std::string("\0\0\0\0", 4), "<html><body>no title</body></html>",
                                     "{", "[]", "null", "{}", "{\"error\":5,\"command\":\"x\"}", deep,
                                     "{\"is_leader\":\"yes\",\"leader_id\":1,\"leader_ip\":\"a\"}",
                                     "{\"leader_id\":18446744073709551615,\"is_leader\":true,\"leader_ip\":\"a\"}",
                                     "Zookeeper version: x\nMode: leader\n", "zk_version\tx\n", "0 connections watching\n",
                                     "server.1=a:1:2:participant\nversion=\n", "server.1=[::1:1:2\nversion=0\n"};
        for (const auto& c : cases) {
            for (const auto& [name, parse] : parsers()) {
                // A blank line is a complete wchc/wchp answer: no watches.
                if (c == "\n" && (name == "wchc" || name == "wchp")) continue;
                QVERIFY2(parse(c).status != AnswerStatus::Ok, qPrintable(QString::fromStdString(name + ": " + c.substr(0, 40))));
            }
        }
        qInfo("%zu garbage answers read without a crash", runs);
        QCOMPARE(parseAdminLeader(deep).status, AnswerStatus::Truncated);
        QCOMPARE(parseAdminLeader("{\"is_leader\":\"yes\",\"leader_id\":1,\"leader_ip\":\"a\"}").status,
                 AnswerStatus::Malformed);
        QCOMPARE(parseAdminLeader("<html><title>Error 503 x</title></html>").message.find("Error 503 x") != std::string::npos,
                 true);
        // Found by the admin_answers fuzz target: a number past a double's
        // range made the JSON library throw through the parser (the app
        // would have ended); control bytes of the server's words reached the
        // sentence a UI shows.
        const Read huge = parsers().at("stats")("{\"command\":\"stats\",\"x\":4041e640}");
        QCOMPARE(huge.status, AnswerStatus::Malformed);
        QVERIFY2(huge.message.find("out of range") != std::string::npos, huge.message.c_str());
        for (const std::string& body : {std::string("{\"command\":\"leader\",\"error\":\"bad\u001b[2Jx\u007f\"}"),
                                        std::string("{\"command\":\"lea\u007fder\",\"error\":null}"),
                                        std::string("{\"error\":\"This ZooKeeper instance is not currently serving "
                                                    "requests\u007f\"}")}) {
            const Answer<LeaderInfo> a = parseAdminLeader(body);
            QVERIFY(a.status != AnswerStatus::Ok);
            for (const char c : a.message)
                QVERIFY2(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f, qPrintable(QString::fromStdString(a.message)));
        }
    }

    // /zookeeper/config as real ensembles write it.
    void membership() {
        const auto m = parseMembership("server.1=127.0.0.1:2888:3888:participant;127.0.0.1:2181\n"
                                       "server.4=[::1]:2889:3889:observer;[::1]:2182\n"
                                       "server.5=zk5.example.com:2888:3888:participant\n"
                                       "server.6=10.0.0.6:2888:3888;2181\n"
                                       "version=100000000");
        QVERIFY2(m.ok(), m.message.c_str());
        QCOMPARE(m.value.members.size(), size_t(4));
        QCOMPARE(m.value.version, std::optional<int64_t>(0x100000000));
        QCOMPARE(m.value.members[1].host, std::string("::1"));
        QVERIFY(m.value.members[1].observer);
        QCOMPARE(m.value.members[1].clientAddress, std::optional<std::string>("::1"));
        QCOMPARE(m.value.members[1].clientPort, std::optional<uint16_t>(2182));
        // No client address: a member this profile cannot reach.
        QVERIFY(!m.value.members[2].clientPort);
        QCOMPARE(m.value.members[3].clientPort, std::optional<uint16_t>(2181));
        QCOMPARE(parseMembership("server.1=a:1:2:leader\nversion=0").status, AnswerStatus::Malformed);
        QCOMPARE(parseMembership("server.1=a:1:2\n").status, AnswerStatus::Truncated);
        QCOMPARE(parseMembership("").status, AnswerStatus::Empty);
    }

    // probeServer over canned transports that answer from the fixtures.
    void probe() {
        for (const std::string s : {"apache-default-whitelist", "apache-leader-serves-no"}) {
            const std::string adminScenario = s == "apache-default-whitelist" ? "apache-standalone" : s;
            // The two channels are asked at once, each in its own order.
            std::vector<std::string> asked, askedAdmin;
            auto words = [&](const Endpoint& e, std::string_view w, std::chrono::milliseconds) {
                asked.push_back(e.text() + " " + std::string(w));
                return fixture(s, "4lw/" + std::string(w) + ".txt");
            };
            auto admin = [&](const Endpoint& e, std::string_view c, std::chrono::milliseconds) {
                askedAdmin.push_back(e.text() + " " + std::string(c));
                return Fetched{true, 200, adminFile(adminScenario, std::string(c)), {}};
            };
            const ServerSample p = probeServer({{"zk1", 2181}, Endpoint{"zk1", 8080}}, {}, words, admin);
            const ServerSample expected = mergeSamples(sampleFromFourLetterWords(wordsOf(s)),
                                                       sampleFromAdminServer(adminOf(adminScenario)));
            QCOMPARE(p.mode, expected.mode);
            QCOMPARE(p.zxid, expected.zxid);
            QCOMPARE(p.watches, expected.watches);
            QCOMPARE(p.notes, expected.notes);
            QCOMPARE(asked, (std::vector<std::string>{"zk1:2181 srvr", "zk1:2181 mntr", "zk1:2181 wchs", "zk1:2181 conf"}));
            QCOMPARE(askedAdmin, (std::vector<std::string>{"zk1:8080 monitor", "zk1:8080 server_stats",
                                                           "zk1:8080 leader", "zk1:8080 zabstate",
                                                           "zk1:8080 watch_summary", "zk1:8080 configuration"}));
        }
        // Nothing answers: down, and the notes say what was tried. A channel
        // that does not answer its first question is not asked again.
        std::atomic<int> calls = 0;
        auto silent = [&](const Endpoint&, std::string_view, std::chrono::milliseconds) {
            ++calls;
            return std::string();
        };
        auto refused = [&](const Endpoint& e, std::string_view c, std::chrono::milliseconds) {
            ++calls;
            Fetched f;
            f.failure = SampleNote{NoteKind::AdminUnreachable, std::string(c), e.text(), "Connection", std::nullopt};
            return f;
        };
        const ServerSample down = probeServer({{"::1", 2181}, Endpoint{"::1", 8080}}, {}, silent, refused);
        QCOMPARE(down.mode, std::optional<ServerMode>(ServerMode::Down));
        QCOMPARE(calls, 2);
        QVERIFY(notesMention(down, "no answer to srvr from [::1]:2181"));
        QVERIFY(notesMention(down, "could not be reached"));
        // Without an AdminServer address: the sample says so.
        const ServerSample noAdmin = probeServer({{"zk", 2181}, std::nullopt}, {}, silent);
        QCOMPARE(noAdmin.mode, std::optional<ServerMode>(ServerMode::Down));
        QVERIFY(notesMention(noAdmin, "no AdminServer address"));
    }

    // Each question gets what is left of the probe's deadline; once it is
    // spent, the rest are not asked (the notes say so).
    void probeDeadline() {
        std::vector<std::chrono::milliseconds> budgets;
        auto slow = [&](const Endpoint&, std::string_view w, std::chrono::milliseconds budget) {
            budgets.push_back(budget);
            std::this_thread::sleep_for(std::chrono::milliseconds(150));
            return fixture("apache-standalone", "4lw/" + std::string(w) + ".txt");
        };
        ProbeOptions options;
        options.timeout = std::chrono::milliseconds(200);
        const ServerSample s = probeServer({{"zk", 2181}, std::nullopt}, options, slow);
        QVERIFY(budgets.size() >= 1 && budgets.size() <= 2);
        QVERIFY(budgets[0] <= options.timeout);
        for (size_t i = 1; i < budgets.size(); ++i) QVERIFY(budgets[i] < budgets[i - 1]);
        QVERIFY(notesMention(s, "ran out of time"));
        QCOMPARE(s.mode, std::optional<ServerMode>(ServerMode::Standalone));  // srvr made it

        // A client port that swallows the words until the deadline does not
        // starve the AdminServer: both channels have the whole deadline.
        auto swallowed = [](const Endpoint&, std::string_view, std::chrono::milliseconds budget) {
            std::this_thread::sleep_for(budget);
            return std::string();
        };
        auto admin = [](const Endpoint&, std::string_view c, std::chrono::milliseconds) {
            return Fetched{true, 200, adminFile("apache-leader", std::string(c)), {}};
        };
        options.timeout = std::chrono::milliseconds(500);
        const ServerSample viaAdmin = probeServer({{"zk", 2181}, Endpoint{"zk", 8080}}, options, swallowed, admin);
        QCOMPARE(viaAdmin.mode, std::optional<ServerMode>(ServerMode::Leader));
        QVERIFY(viaAdmin.fromAdminServer && !viaAdmin.fromFourLetterWords);
        QVERIFY(notesMention(viaAdmin, "no answer to srvr"));
        // Both swallowed: down once the deadline is spent.
        auto late = [](const Endpoint&, std::string_view, std::chrono::milliseconds budget) {
            std::this_thread::sleep_for(budget);
            return Fetched{};
        };
        QCOMPARE(probeServer({{"zk", 2181}, Endpoint{"zk", 8080}}, options, swallowed, late).mode,
                 std::optional<ServerMode>(ServerMode::Down));
    }
};

QTEST_GUILESS_MAIN(TstServerAnswers)
#include "tst_server_answers.moc"
