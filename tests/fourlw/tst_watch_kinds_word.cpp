// The engine's own word wchk next to ZooKeeper 3.8's watch words: the same
// watches (getData, exists on a node and on a missing one, getChildren,
// addWatch persistent and recursive; a second session's getData after its
// exists) set on both servers through raw sockets. ZooKeeper's wchs, wchc and
// wchp leave the child watch out; the engine answers those words the same,
// and answers wchk with every watch and its kinds. ZooKeeper does not know
// wchk (it closes without an answer); a whitelist without it refuses it with
// ZooKeeper's sentence. After events fire, wchk shows what is left.
#include <QtTest>

#include <regex>
#include <set>
#include <sstream>

#include "raw_client.h"
#include "test_support.h"
#include "zooscope/server_answers.h"

using namespace zooscope;
using namespace zooscope::testing;
using proto::OpCode;

namespace {

std::string hexSession(int64_t id) {
    char buf[24];
    std::snprintf(buf, sizeof(buf), "0x%llx", static_cast<unsigned long long>(id));
    return buf;
}

// wchc with its session ids named A and B (they differ between servers).
std::string named(std::string text, int64_t a, int64_t b) {
    text = std::regex_replace(text, std::regex(hexSession(a) + "\n"), "A\n");
    return std::regex_replace(text, std::regex(hexSession(b) + "\n"), "B\n");
}

struct Side {
    std::unique_ptr<TestServer> server;
    RawClient a;
    RawClient b;
};

}  // namespace

class TstWatchKindsWord : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void standardWordsLeaveChildWatchesOut();
    void engineWordListsEveryKind();
    void zookeeperDoesNotKnowIt();
    void whatFiredIsGone();
    void whitelistRefusesIt();

private:
    bool setWatches(Side& side, QByteArray* why);
    Side zk_;
    Side engine_;
};

bool TstWatchKindsWord::setWatches(Side& s, QByteArray* why) {
    for (RawClient* c : {&s.a, &s.b}) {
        auto r = c->connect(s.server->port());
        if (!r.ok) {
            *why = QByteArray::fromStdString(s.server->name() + ": " + r.error);
            return false;
        }
    }
    const std::vector<std::pair<std::string, RawReply>> steps = {
        {"create /k", s.a.call(OpCode::Create, proto::CreateRequest{"/k", "k", proto::openAclUnsafe(), 0})},
        {"create /k/c", s.a.call(OpCode::Create, proto::CreateRequest{"/k/c", "c", proto::openAclUnsafe(), 0})},
        {"getData /k", s.a.call(OpCode::GetData, proto::GetDataRequest{"/k", true})},
        {"getChildren /k", s.a.call(OpCode::GetChildren, proto::GetChildrenRequest{"/k", true})},
        {"exists /k/c", s.a.call(OpCode::Exists, proto::ExistsRequest{"/k/c", true})},
        {"exists /missing", s.a.call(OpCode::Exists, proto::ExistsRequest{"/missing", true})},
        {"addWatch /k persistent",
         s.b.call(OpCode::AddWatch, proto::AddWatchRequest{"/k", int32_t(proto::AddWatchMode::Persistent)})},
        {"addWatch /k/c recursive",
         s.b.call(OpCode::AddWatch, proto::AddWatchRequest{"/k/c", int32_t(proto::AddWatchMode::PersistentRecursive)})},
        {"exists /k/c (B)", s.b.call(OpCode::Exists, proto::ExistsRequest{"/k/c", true})},
        {"getData /k/c (B)", s.b.call(OpCode::GetData, proto::GetDataRequest{"/k/c", true})},
    };
    for (const auto& [what, r] : steps) {
        // exists on a missing node answers NoNode and still sets the watch.
        const bool fine = r.ok && (r.header.err == proto::Err::Ok ||
                                   (what == "exists /missing" && r.header.err == proto::Err::NoNode));
        if (!fine) {
            *why = QByteArray::fromStdString(s.server->name() + ": " + what + " failed: " + r.error + " err " +
                                             std::to_string(int(r.header.err)));
            return false;
        }
    }
    return true;
}

void TstWatchKindsWord::initTestCase() {
    std::string err;
    zk_.server = startApacheZooKeeper({}, &err);
    QVERIFY2(zk_.server, err.c_str());
    engine_.server = startEngine({}, &err);
    QVERIFY2(engine_.server, err.c_str());
    QByteArray why;
    QVERIFY2(setWatches(zk_, &why), why.constData());
    QVERIFY2(setWatches(engine_, &why), why.constData());
}

void TstWatchKindsWord::cleanupTestCase() {
    for (Side* s : {&zk_, &engine_}) {
        s->a.close();
        s->b.close();
        s->server.reset();
    }
}

void TstWatchKindsWord::standardWordsLeaveChildWatchesOut() {
    // Data-side entries only: A's /k (data), /k/c, /missing; B's /k
    // (persistent), /k/c (recursive + data). A's child watch on /k is not
    // a separate entry: /k is there for its data watch.
    for (Side* s : {&zk_, &engine_}) {
        const auto wchs = monitor::parseWchs(fourLetterWord(s->server->port(), "wchs"));
        QVERIFY2(wchs.ok(), wchs.message.c_str());
        QCOMPARE(wchs.value.connections, int64_t(2));
        QCOMPARE(wchs.value.paths, int64_t(3));
        QCOMPARE(wchs.value.watches, int64_t(5));
    }
    const std::string zk = named(fourLetterWord(zk_.server->port(), "wchc"), zk_.a.sessionId(), zk_.b.sessionId());
    const std::string engine =
        named(fourLetterWord(engine_.server->port(), "wchc"), engine_.a.sessionId(), engine_.b.sessionId());
    // ZooKeeper lists sessions and paths in hash order: compare sorted sets.
    auto blocks = [](const std::string& text) {
        std::map<std::string, std::set<std::string>> out;
        std::string current;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) {
            if (!line.empty() && line[0] != '\t') current = line;
            else if (!line.empty()) out[current].insert(line.substr(1));
        }
        return out;
    };
    QCOMPARE(blocks(engine), blocks(zk));
    QCOMPARE(blocks(zk).at("A"), (std::set<std::string>{"/k", "/k/c", "/missing"}));
    QCOMPARE(blocks(zk).at("B"), (std::set<std::string>{"/k", "/k/c"}));
}

void TstWatchKindsWord::engineWordListsEveryKind() {
    const std::string text = fourLetterWord(engine_.server->port(), "wchk");
    const auto a = monitor::parseWchk(text);
    QVERIFY2(a.ok(), (a.message + "\n" + text).c_str());
    const std::vector<std::pair<std::string, int64_t>> counts = {
        {"data", 2}, {"exists", 2}, {"child", 1}, {"persistent", 1}, {"persistent-recursive", 1}};
    QCOMPARE(a.value.counts, counts);
    QCOMPARE(a.value.sessions.size(), size_t(2));
    std::map<int64_t, std::map<std::string, std::vector<std::string>>> bySession;
    for (const auto& s : a.value.sessions)
        for (const auto& p : s.paths) bySession[s.sessionId][p.path] = p.kinds;
    using K = std::map<std::string, std::vector<std::string>>;
    QCOMPARE(bySession[engine_.a.sessionId()],
             (K{{"/k", {"data", "child"}}, {"/k/c", {"exists"}}, {"/missing", {"exists"}}}));
    QCOMPARE(bySession[engine_.b.sessionId()], (K{{"/k", {"persistent"}}, {"/k/c", {"data", "persistent-recursive"}}}));
}

void TstWatchKindsWord::zookeeperDoesNotKnowIt() {
    QCOMPARE(fourLetterWord(zk_.server->port(), "wchk"), std::string());
    // ...and is still serving afterwards.
    QCOMPARE(fourLetterWord(zk_.server->port(), "ruok"), std::string("imok"));
}

void TstWatchKindsWord::whatFiredIsGone() {
    // setData /k fires A's data watch (one-shot) and B's persistent one (kept);
    // deleting /k/c fires A's exists watch, B's data and recursive watches,
    // and A's child watch on /k (NodeChildrenChanged).
    const RawReply set = engine_.a.call(OpCode::SetData, proto::SetDataRequest{"/k", "k2", -1});
    QVERIFY(set.ok && set.header.err == proto::Err::Ok);
    const RawReply del = engine_.a.call(OpCode::Delete, proto::DeleteRequest{"/k/c", -1});
    QVERIFY(del.ok && del.header.err == proto::Err::Ok);
    QVERIFY(engine_.a.nextEvent(5000).has_value());
    const auto a = monitor::parseWchk(fourLetterWord(engine_.server->port(), "wchk"));
    QVERIFY2(a.ok(), a.message.c_str());
    const std::vector<std::pair<std::string, int64_t>> counts = {
        {"data", 0}, {"exists", 1}, {"child", 0}, {"persistent", 1}, {"persistent-recursive", 1}};
    QCOMPARE(a.value.counts, counts);
}

void TstWatchKindsWord::whitelistRefusesIt() {
    std::string err;
    EngineOptions eo;
    eo.config.fourLetterWhitelist = {"srvr", "wchs"};
    auto engine = startEngine(eo, &err);
    QVERIFY2(engine, err.c_str());
    QCOMPARE(fourLetterWord(engine->port(), "wchk"),
             std::string("wchk is not executed because it is not in the whitelist.\n"));
    eo.config.fourLetterWhitelist = {"srvr", "wchk"};
    auto allowed = startEngine(eo, &err);
    QVERIFY2(allowed, err.c_str());
    QVERIFY(monitor::parseWchk(fourLetterWord(allowed->port(), "wchk")).ok());
}

QTEST_GUILESS_MAIN(TstWatchKindsWord)
#include "tst_watch_kinds_word.moc"
