// Four-letter words, engine vs Apache ZooKeeper 3.8.
//
// Both servers get the same settings and the same small workload through the
// ZooKeeper C client (two sessions; a few nodes; an ephemeral; a data watch
// and a child watch). Each word's answer is then compared line by line by
// SHAPE: the text with versions, numbers, hex ids, dates and paths replaced by
// placeholders (they legitimately differ), so keys, field names, order and
// layout must be the same. Counts that must not differ are compared as values:
// node count (the engine reports ZooKeeper's count, which has the root twice),
// zxid, watch / ephemeral / session counts, approximate data size.
//
// Normalisations on top of the placeholders, and why:
// - connection lines (stat, cons) are sorted: ZooKeeper lists connections in
//   hash-set order;
// - dump drops the "N expire at <date>:" bucket lines and sorts each section:
//   how sessions and connections fall into expiry buckets depends on timing;
// - mntr drops ZooKeeper's *_per_namespace summary sets (created on the fly
//   per top-level path; the engine does not keep them);
// - envi and conf/dirs compare keys only (values are the JVM's and the
//   storage layout's), plus the conf values that come from the settings.
#include <QtTest>

#include <zookeeper/zookeeper.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "test_support.h"

using namespace zooscope::testing;

namespace {

void noopWatcher(zhandle_t*, int, int, const char*, void*) {}

std::vector<std::string> splitLines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    std::string line;
    while (std::getline(in, line)) out.push_back(line);
    return out;
}

std::string joinLines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

// Placeholders for what legitimately differs between the two servers.
std::string placeholders(std::string s) {
    static const std::regex version(R"(3\.8\.0-[^\n\t]*)");
    static const std::regex date(R"([A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} [A-Z]+ \d{4})");
    static const std::regex hex("0x[0-9a-f]+");
    static const std::regex number(R"(-?\d+(\.\d+)?(E-?\d+)?)");
    s = std::regex_replace(s, version, "VERSION");
    s = std::regex_replace(s, date, "DATE");
    s = std::regex_replace(s, hex, "0xH");
    s = std::regex_replace(s, number, "N");
    return s;
}

// "key<sep>value" lines -> map (first occurrence wins).
std::map<std::string, std::string> keyValues(const std::string& text, char sep) {
    std::map<std::string, std::string> kv;
    for (const auto& l : splitLines(text)) {
        const auto p = l.find(sep);
        if (p != std::string::npos) kv.emplace(l.substr(0, p), l.substr(p + 1));
    }
    return kv;
}

std::vector<std::string> keysOnly(const std::string& text, char sep) {
    std::vector<std::string> keys;
    for (const auto& l : splitLines(text)) keys.push_back(l.substr(0, l.find(sep)));
    return keys;
}

// The shape of one word's answer (see the file comment).
std::string shape(const std::string& word, const std::string& answer) {
    if (word == "envi") return joinLines(keysOnly(answer, '='));
    if (word == "conf") return joinLines(keysOnly(answer, '='));
    if (word == "dirs") return joinLines(keysOnly(answer, ':'));
    std::vector<std::string> lines = splitLines(placeholders(answer));
    if (word == "mntr") {
        std::vector<std::string> kept;
        for (const auto& l : lines) {
            if (l.find("_per_namespace\t") == std::string::npos) kept.push_back(l);
        }
        return joinLines(kept);
    }
    if (word == "stat" || word == "cons") {
        // Sort the run of connection lines (they start with " /").
        auto first = std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind(" /", 0) == 0; });
        auto last = std::find_if(first, lines.end(), [](const std::string& l) { return l.rfind(" /", 0) != 0; });
        std::sort(first, last);
    }
    if (word == "dump") {
        std::vector<std::string> kept;
        std::vector<std::string> section;
        auto flush = [&] {
            std::sort(section.begin(), section.end());
            kept.insert(kept.end(), section.begin(), section.end());
            section.clear();
        };
        for (const auto& l : lines) {
            if (l.find(" expire at ") != std::string::npos) continue;
            if (!l.empty() && l[0] == '\t') {
                section.push_back(l);
            } else {
                flush();
                kept.push_back(l);
            }
        }
        flush();
        return joinLines(kept);
    }
    return joinLines(lines);
}

// First line diff, for failure messages.
QByteArray firstDifference(const std::string& a, const std::string& b) {
    const auto la = splitLines(a), lb = splitLines(b);
    for (size_t i = 0; i < std::max(la.size(), lb.size()); ++i) {
        const std::string x = i < la.size() ? la[i] : "<none>";
        const std::string y = i < lb.size() ? lb[i] : "<none>";
        if (x != y) {
            return QByteArray::fromStdString("line " + std::to_string(i + 1) + ": zookeeper '" + x + "' vs engine '" +
                                             y + "'");
        }
    }
    return "identical";
}

// A connected C-client session, closed on destruction.
class Session {
public:
    explicit Session(const std::string& connect) {
        zh_ = zookeeper_init(connect.c_str(), noopWatcher, 10000, nullptr, nullptr, 0);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (zh_ && zoo_state(zh_) != ZOO_CONNECTED_STATE && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    ~Session() {
        if (zh_) zookeeper_close(zh_);
    }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    bool connected() const { return zh_ && zoo_state(zh_) == ZOO_CONNECTED_STATE; }
    int create(const std::string& path, const std::string& data, int flags = 0) {
        return zoo_create(zh_, path.c_str(), data.data(), int(data.size()), &ZOO_OPEN_ACL_UNSAFE, flags, nullptr, 0);
    }
    int watchData(const std::string& path) {
        char buf[256];
        int len = sizeof(buf);
        Stat st;
        return zoo_wget(zh_, path.c_str(), noopWatcher, nullptr, buf, &len, &st);
    }
    int watchChildren(const std::string& path) {
        String_vector children{};
        const int rc = zoo_wget_children(zh_, path.c_str(), noopWatcher, nullptr, &children);
        if (rc == ZOK) deallocate_String_vector(&children);
        return rc;
    }

private:
    zhandle_t* zh_ = nullptr;
};

// One server with the workload's two sessions on it.
struct Side {
    std::unique_ptr<TestServer> server;
    std::unique_ptr<Session> a;
    std::unique_ptr<Session> b;
    std::string word(const std::string& w) const { return fourLetterWord(server->port(), w); }
};

}  // namespace

class TstFourLetterWords : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void sameShape_data();
    void sameShape();
    void countsAgree_data();
    void countsAgree();
    void confValuesFromSettings();
    void watchReportsNameTheSameWatches();
    void wordCountsAsOnePacketEachWay();
    void mntrValuesMove();
    void connectionStatsReset();
    void serverStatsReset();
    void whitelistRefusal_data();
    void whitelistRefusal();

private:
    bool loadWorkload(Side& side, QByteArray* why);
    Side zk_;
    Side engine_;
    std::unique_ptr<TestServer> whitelistZk_;
    std::unique_ptr<TestServer> whitelistEngine_;
};

bool TstFourLetterWords::loadWorkload(Side& side, QByteArray* why) {
    side.a = std::make_unique<Session>(side.server->connectString());
    side.b = std::make_unique<Session>(side.server->connectString());
    if (!side.a->connected() || !side.b->connected()) {
        *why = QByteArray::fromStdString(side.server->name() + ": sessions did not connect");
        return false;
    }
    const std::vector<int> rcs = {
        side.a->create("/fourlw", "hello"),
        side.a->create("/fourlw/a", "1"),
        side.a->create("/fourlw/b", "22"),
        side.b->create("/fourlw/eph", "e", ZOO_EPHEMERAL),
        side.a->watchData("/fourlw/a"),
        side.b->watchChildren("/fourlw"),
    };
    for (size_t i = 0; i < rcs.size(); ++i) {
        if (rcs[i] != ZOK) {
            *why = QByteArray::fromStdString(side.server->name() + ": workload step " + std::to_string(i) +
                                             " failed: " + zerror(rcs[i]));
            return false;
        }
    }
    return true;
}

void TstFourLetterWords::initTestCase() {
    zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
    std::string err;
    zk_.server = startApacheZooKeeper({}, &err);
    QVERIFY2(zk_.server, err.c_str());
    engine_.server = startEngine({}, &err);
    QVERIFY2(engine_.server, err.c_str());
    QByteArray why;
    QVERIFY2(loadWorkload(zk_, &why), why.constData());
    QVERIFY2(loadWorkload(engine_, &why), why.constData());
}

void TstFourLetterWords::cleanupTestCase() {
    for (Side* s : {&zk_, &engine_}) {
        s->a.reset();
        s->b.reset();
        s->server.reset();
    }
    whitelistZk_.reset();
    whitelistEngine_.reset();
}

void TstFourLetterWords::sameShape_data() {
    QTest::addColumn<QString>("word");
    for (const char* w : {"ruok", "isro", "gtmk", "stmk", "hash", "srvr", "stat", "cons", "dump", "wchs", "wchc",
                          "wchp", "conf", "envi", "dirs", "mntr"}) {
        QTest::newRow(w) << QString::fromLatin1(w);
    }
}

void TstFourLetterWords::sameShape() {
    QFETCH(QString, word);
    const std::string w = word.toStdString();
    const std::string zk = zk_.word(w);
    const std::string engine = engine_.word(w);
    if (qEnvironmentVariableIsSet("ZS_FOURLW_PRINT")) {
        // Debugging aid: both raw answers, to see the differences the shape hides.
        qInfo("---- %s zookeeper:\n%s---- %s engine:\n%s", w.c_str(), zk.c_str(), w.c_str(), engine.c_str());
    }
    if (w != "stmk" && w != "hash") QVERIFY2(!zk.empty(), "ZooKeeper gave no answer");
    const std::string zkShape = shape(w, zk);
    const std::string engineShape = shape(w, engine);
    QVERIFY2(zkShape == engineShape, firstDifference(zkShape, engineShape).constData());
}

void TstFourLetterWords::countsAgree_data() {
    QTest::addColumn<QString>("word");
    QTest::addColumn<QString>("key");
    QTest::addColumn<char>("sep");
    QTest::newRow("srvr node count") << "srvr" << "Node count" << ':';
    QTest::newRow("srvr zxid") << "srvr" << "Zxid" << ':';
    QTest::newRow("srvr mode") << "srvr" << "Mode" << ':';
    QTest::newRow("srvr outstanding") << "srvr" << "Outstanding" << ':';
    for (const char* k : {"zk_server_state", "zk_znode_count", "zk_watch_count", "zk_ephemerals_count",
                          "zk_approximate_data_size", "zk_global_sessions", "zk_local_sessions",
                          "zk_outstanding_requests", "zk_num_alive_connections"}) {
        QTest::newRow(k) << "mntr" << QString::fromLatin1(k) << '\t';
    }
    QTest::newRow("wchs summary") << "wchs" << "1 connections watching 1 paths" << '\n';
    QTest::newRow("wchs total") << "wchs" << "Total watches" << ':';
    QTest::newRow("dump ephemerals") << "dump" << "Sessions with Ephemerals (1)" << ':';
    QTest::newRow("dump sessions") << "dump" << "Session Sets (N)/(2)" << ':';
    QTest::newRow("dump connections") << "dump" << "Connections Sets (N)/(3)" << ':';
}

void TstFourLetterWords::countsAgree() {
    QFETCH(QString, word);
    QFETCH(QString, key);
    QFETCH(char, sep);
    const std::string w = word.toStdString();
    const std::string k = key.toStdString();
    if (sep == ':' && w == "dump") {
        // Bucket counts vary with timing; the element count must not.
        auto count = [&](const std::string& text) {
            for (const auto& l : splitLines(text)) {
                const std::string masked = std::regex_replace(l, std::regex(R"(Sets \(\d+\))"), "Sets (N)");
                if (masked.rfind(k, 0) == 0) return masked;
            }
            return std::string("<missing>");
        };
        QCOMPARE(count(engine_.word(w)), k + ":");
        QCOMPARE(count(zk_.word(w)), k + ":");
        return;
    }
    if (sep == '\n') {
        QVERIFY2(zk_.word(w).find(k) != std::string::npos, zk_.word(w).c_str());
        QVERIFY2(engine_.word(w).find(k) != std::string::npos, engine_.word(w).c_str());
        return;
    }
    const auto zk = keyValues(zk_.word(w), sep);
    const auto engine = keyValues(engine_.word(w), sep);
    QVERIFY2(zk.count(k), "ZooKeeper lacks the key");
    QVERIFY2(engine.count(k), "the engine lacks the key");
    QCOMPARE(QString::fromStdString(engine.at(k)), QString::fromStdString(zk.at(k)));
}

void TstFourLetterWords::confValuesFromSettings() {
    const auto zk = keyValues(zk_.word("conf"), '=');
    const auto engine = keyValues(engine_.word("conf"), '=');
    for (const char* k : {"secureClientPort", "tickTime", "maxClientCnxns", "minSessionTimeout", "maxSessionTimeout",
                          "clientPortListenBacklog", "serverId"}) {
        QVERIFY2(engine.count(k) && zk.count(k), k);
        QCOMPARE(QString::fromStdString(engine.at(k)), QString::fromStdString(zk.at(k)));
    }
    QCOMPARE(zk.at("clientPort"), std::to_string(zk_.server->port()));
    QCOMPARE(engine.at("clientPort"), std::to_string(engine_.server->port()));
}

void TstFourLetterWords::watchReportsNameTheSameWatches() {
    // ZooKeeper lists data watches only; both sides list the one data watch,
    // under the session that set it.
    for (const char* w : {"wchc", "wchp"}) {
        const std::string zk = zk_.word(w);
        const std::string engine = engine_.word(w);
        QVERIFY2(zk.find("\t/fourlw/a\n") != std::string::npos || zk.find("/fourlw/a\n\t0x") != std::string::npos,
                 zk.c_str());
        QCOMPARE(QString::fromStdString(placeholders(engine)), QString::fromStdString(placeholders(zk)));
    }
}

void TstFourLetterWords::wordCountsAsOnePacketEachWay() {
    // Between two srvr words, ZooKeeper counts the second word as received and
    // the first one's answer as sent. A client ping may slip in: retry a few times.
    for (Side* side : {&zk_, &engine_}) {
        bool exact = false;
        for (int attempt = 0; attempt < 3 && !exact; ++attempt) {
            const auto a = keyValues(side->word("srvr"), ':');
            const auto b = keyValues(side->word("srvr"), ':');
            exact = std::stoll(b.at("Received")) - std::stoll(a.at("Received")) == 1 &&
                    std::stoll(b.at("Sent")) - std::stoll(a.at("Sent")) == 1;
        }
        QVERIFY2(exact, side->server->name().c_str());
    }
}

void TstFourLetterWords::mntrValuesMove() {
    for (Side* side : {&zk_, &engine_}) {
        const auto before = keyValues(side->word("mntr"), '\t');
        QVERIFY(side->a->create("/moving", "") == ZOK);
        for (int i = 0; i < 10; ++i) QCOMPARE(side->a->create("/moving/n" + std::to_string(i), "0123456789"), int(ZOK));
        const auto after = keyValues(side->word("mntr"), '\t');
        auto delta = [&](const char* k) { return std::stoll(after.at(k)) - std::stoll(before.at(k)); };
        const QByteArray who = QByteArray::fromStdString(side->server->name());
        QVERIFY2(delta("zk_znode_count") == 11, who);
        // "/moving" (7) + 10 * ("/moving/nX" (10) + 10 bytes of data)
        QVERIFY2(delta("zk_approximate_data_size") == 7 + 10 * 20, who);
        QVERIFY2(delta("zk_packets_received") >= 11, who);
        QVERIFY2(delta("zk_packets_sent") >= 11, who);
        QVERIFY2(std::stoll(after.at("zk_max_latency")) >= std::stoll(after.at("zk_min_latency")), who);
        QVERIFY2(std::stoll(after.at("zk_open_file_descriptor_count")) > 0, who);
        QVERIFY2(std::stoll(after.at("zk_uptime")) >= std::stoll(before.at("zk_uptime")), who);
    }
}

void TstFourLetterWords::connectionStatsReset() {
    QCOMPARE(engine_.word("crst"), zk_.word("crst"));
    QCOMPARE(engine_.word("crst"), std::string("Connection stats reset.\n"));
    // Right after a reset the served connections read lop=NA, lzxid=-1 and
    // no lcxid, unless a ping slipped in; compare the reset lines' shape.
    for (Side* side : {&zk_, &engine_}) {
        side->word("crst");
        const std::string cons = side->word("cons");
        int resetLines = 0;
        for (const auto& l : splitLines(cons)) {
            if (l.find("lop=NA,") != std::string::npos) {
                ++resetLines;
                QVERIFY2(l.find(",lzxid=0xffffffffffffffff,") != std::string::npos, l.c_str());
                QVERIFY2(l.find("lcxid") == std::string::npos, l.c_str());
                QVERIFY2(l.find("recved=0,sent=0") != std::string::npos, l.c_str());
            }
        }
        QVERIFY2(resetLines >= 1, cons.c_str());
    }
}

void TstFourLetterWords::serverStatsReset() {
    for (Side* side : {&zk_, &engine_}) {
        QCOMPARE(side->word("srst"), std::string("Server stats reset.\n"));
        const auto srvr = keyValues(side->word("srvr"), ':');
        // The srvr word itself is the one packet received since the reset
        // (pings may add a few).
        QVERIFY2(std::stoll(srvr.at("Received")) <= 3, side->word("srvr").c_str());
    }
}

void TstFourLetterWords::whitelistRefusal_data() {
    QTest::addColumn<QString>("word");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("ruok") << "ruok" << true;
    QTest::newRow("srvr") << "srvr" << true;
    for (const char* w : {"mntr", "stat", "cons", "conf", "envi", "dump", "wchc", "isro", "crst", "srst"}) {
        QTest::newRow(w) << QString::fromLatin1(w) << false;
    }
}

void TstFourLetterWords::whitelistRefusal() {
    QFETCH(QString, word);
    QFETCH(bool, allowed);
    // A second pair, started by the first row, stopped in cleanupTestCase.
    auto& zk = whitelistZk_;
    auto& engine = whitelistEngine_;
    if (!zk || !engine) {
        std::string err;
        ApacheOptions zo;
        zo.extra["4lw.commands.whitelist"] = "srvr,ruok";
        zk = startApacheZooKeeper(zo, &err);
        QVERIFY2(zk, err.c_str());
        EngineOptions eo;
        eo.config.fourLetterWhitelist = {"srvr", "ruok"};
        engine = startEngine(eo, &err);
        QVERIFY2(engine, err.c_str());
    }
    const std::string w = word.toStdString();
    const std::string zkAnswer = fourLetterWord(zk->port(), w);
    const std::string engineAnswer = fourLetterWord(engine->port(), w);
    const std::string refusal = w + " is not executed because it is not in the whitelist.\n";
    if (allowed) {
        QVERIFY2(zkAnswer != refusal && !zkAnswer.empty(), zkAnswer.c_str());
        QCOMPARE(QString::fromStdString(shape(w, engineAnswer)), QString::fromStdString(shape(w, zkAnswer)));
    } else {
        QCOMPARE(zkAnswer, refusal);
        QCOMPARE(engineAnswer, refusal);
    }
}

QTEST_GUILESS_MAIN(TstFourLetterWords)
#include "tst_four_letter_words.moc"
