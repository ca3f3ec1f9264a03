// The client's pure parts, no server: connect-string parsing, option checks
// (TLS/SASL refused by this build, secrets never echoed), error sentences,
// state names, and the threading contract for requests that cannot reach a
// server (completed exactly once, never on the caller's thread, also on close).
#include <QtTest>

#include <atomic>
#include <future>
#include <thread>

#include "zooscope/client.h"

using namespace zooscope::client;
using zooscope::proto::Err;

Q_DECLARE_METATYPE(Err)
Q_DECLARE_METATYPE(Operation)
Q_DECLARE_METATYPE(OptionField)

namespace {
// Port 1 on loopback: nothing listens there (binding it needs root), so every
// connection attempt is refused at once.
uint16_t deadPort() { return 1; }
}  // namespace

class TstClientText : public QObject {
    Q_OBJECT
private slots:
    void parsesConnectStrings_data();
    void parsesConnectStrings();
    void rejectsBadConnectStrings_data();
    void rejectsBadConnectStrings();
    void refusesWhatThisBuildCannotDo_data();
    void refusesWhatThisBuildCannotDo();
    void digestProblemNeverEchoesTheSecret();
    void capabilitiesMatchTheBuild();
    void errorSentences_data();
    void errorSentences();
    void stateNames();
    void requestsWithoutServerCompleteOffThread();
    void refusedPathIsAnErrorNotACrash();
};

void TstClientText::parsesConnectStrings_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("hosts");
    QTest::addColumn<QString>("chroot");
    QTest::newRow("one") << "127.0.0.1:2181" << QStringList{"127.0.0.1:2181"} << "";
    QTest::newRow("two + chroot") << "h1:1,h2:2/app/x" << QStringList{"h1:1", "h2:2"} << "/app/x";
    QTest::newRow("root chroot is none") << "h1:1/" << QStringList{"h1:1"} << "";
    QTest::newRow("spaces") << "h1:1, h2:2" << QStringList{"h1:1", "h2:2"} << "";
    QTest::newRow("ipv6") << "[::1]:2181" << QStringList{"::1:2181"} << "";
}

void TstClientText::parsesConnectStrings() {
    QFETCH(QString, text);
    QFETCH(QStringList, hosts);
    QFETCH(QString, chroot);
    std::string err;
    const auto cs = parseConnectString(text.toStdString(), &err);
    QVERIFY2(cs, err.c_str());
    QStringList got;
    for (const HostPort& h : cs->hosts) got << QString::fromStdString(h.host + ":" + std::to_string(h.port));
    QCOMPARE(got, hosts);
    QCOMPARE(QString::fromStdString(cs->chroot), chroot);
}

void TstClientText::rejectsBadConnectStrings_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("empty") << "" << "names no server";
    QTest::newRow("only chroot") << "/app" << "names no server";
    QTest::newRow("no port") << "localhost" << "host:port";
    QTest::newRow("empty bracketed host") << "[]:2181" << "host:port";
    QTest::newRow("bracket inside a host") << "[[]82]]:244" << "host:port";
    QTest::newRow("stray closing bracket") << "a]:2181" << "host:port";
    QTest::newRow("space inside brackets") << "[ a]:2181" << "invalid host";
    QTest::newRow("control bytes inside brackets") << QString::fromLatin1("[ \0`]:28", 8) << "invalid host";
    QTest::newRow("user part") << "user@h:2181" << "invalid host";
    QTest::newRow("space inside a host") << "my host:2181" << "invalid host";
    QTest::newRow("port zero") << "h:0" << "invalid port";
    QTest::newRow("port too big") << "h:65536" << "invalid port";
    QTest::newRow("port not a number") << "h:21x" << "invalid port";
    QTest::newRow("empty entry") << "h:1,,h:2" << "empty server entry";
    QTest::newRow("chroot trailing slash") << "h:1/app/" << "must not end with '/'";
    QTest::newRow("chroot double slash") << "h:1/a//b" << "not a valid znode path";
    QTest::newRow("chroot dot") << "h:1/a/./b" << "'.' or '..'";
}

void TstClientText::rejectsBadConnectStrings() {
    QFETCH(QString, text);
    QFETCH(QString, mentions);
    std::string err;
    QVERIFY(!parseConnectString(text.toStdString(), &err));
    QVERIFY2(QString::fromStdString(err).contains(mentions), err.c_str());
    // And connect() refuses it the same way instead of handing it to the C client.
    ClientOptions o;
    o.connectString = text.toStdString();
    std::string connectErr;
    QVERIFY(!Client::connect(o, {}, &connectErr));
    QVERIFY2(QString::fromStdString(connectErr).contains(mentions), connectErr.c_str());
}

void TstClientText::refusesWhatThisBuildCannotDo_data() {
    QTest::addColumn<bool>("ssl");
    QTest::addColumn<bool>("sasl");
    QTest::addColumn<int>("problems");
    QTest::newRow("ssl") << true << false << 1;
    QTest::newRow("sasl") << false << true << 1;
    QTest::newRow("both") << true << true << 2;
}

void TstClientText::refusesWhatThisBuildCannotDo() {
    QFETCH(bool, ssl);
    QFETCH(bool, sasl);
    QFETCH(int, problems);
    ClientOptions o;
    o.connectString = "127.0.0.1:" + std::to_string(deadPort());
    o.ssl.enabled = ssl;
    o.ssl.keyPassword = "ssl-secret";
    o.sasl.enabled = sasl;
    o.sasl.user = "bob";
    o.sasl.password = "sasl-secret";
    const auto found = validateOptions(o);
    QCOMPARE(int(found.size()), problems);
    for (const OptionProblem& p : found) {
        QVERIFY(p.field == (p.message.find("TLS") != std::string::npos ? OptionField::Ssl : OptionField::Sasl));
        QVERIFY2(p.message.find("not supported by this build") != std::string::npos, p.message.c_str());
    }
    std::string err;
    std::atomic<int> states{0};
    QVERIFY(!Client::connect(o, {[&](SessionState) { ++states; }, {}}, &err));
    QVERIFY2(err.find("not supported by this build") != std::string::npos, err.c_str());
    QVERIFY(err.find("secret") == std::string::npos);
    QCOMPARE(states.load(), 0);  // refused before any session machinery started
}

void TstClientText::digestProblemNeverEchoesTheSecret() {
    ClientOptions o;
    o.connectString = "127.0.0.1:2181";
    o.auth.push_back({"digest", "no-colon-supersecret"});
    const auto found = validateOptions(o);
    QCOMPARE(int(found.size()), 1);
    QCOMPARE(found[0].field, OptionField::Auth);
    QVERIFY(found[0].message.find("supersecret") == std::string::npos);
    o.auth[0].credential = "alice:supersecret";
    QVERIFY(validateOptions(o).empty());
    o.juteMaxBuffer = 0;
    o.sessionTimeout = std::chrono::milliseconds(0);
    QCOMPARE(int(validateOptions(o).size()), 2);
}

void TstClientText::capabilitiesMatchTheBuild() {
    const Capabilities c = buildCapabilities();
    // Debian's libzookeeper-mt 3.8.0: no OpenSSL, no Cyrus SASL, no addWatch.
    QVERIFY(!c.ssl);
    QVERIFY(!c.sasl);
    QVERIFY(!c.persistentWatches);
    QVERIFY(!c.whoAmI);
    QVERIFY(!c.juteMaxBufferSetting);
}

void TstClientText::errorSentences_data() {
    QTest::addColumn<Err>("err");
    QTest::addColumn<Operation>("op");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    QTest::newRow("noauth read") << Err::NoAuth << Operation::GetData << "/a"
                                 << "Not authorised to read /a: the node's ACL does not grant it (READ) to this "
                                    "session's identities.";
    QTest::newRow("noauth create") << Err::NoAuth << Operation::Create << "/a/b"
                                   << "Not authorised to create /a/b: the parent node's ACL does not grant it "
                                      "(CREATE) to this session's identities.";
    QTest::newRow("noauth setacl") << Err::NoAuth << Operation::SetACL << "/a"
                                   << "Not authorised to change the ACL of /a: the node's ACL does not grant it "
                                      "(ADMIN) to this session's identities.";
    QTest::newRow("nonode") << Err::NoNode << Operation::GetChildren << "/x"
                            << "Cannot list the children of /x: /x does not exist.";
    QTest::newRow("nonode create") << Err::NoNode << Operation::Create << "/x/y"
                                   << "Cannot create /x/y: its parent node does not exist.";
    QTest::newRow("badversion") << Err::BadVersion << Operation::SetData << "/a"
                                << "Cannot write /a: /a was changed by someone else (its version no longer matches).";
    QTest::newRow("notempty") << Err::NotEmpty << Operation::Delete << "/a"
                              << "Cannot delete /a: /a still has children.";
    QTest::newRow("expired") << Err::SessionExpired << Operation::Sync << "/"
                             << "Cannot sync /: the session has expired; reconnect to start a new one.";
    QTest::newRow("unknown code") << Err(-999) << Operation::GetData << "/a"
                                  << "Cannot read /a: Unknown (error -999).";
    QTest::newRow("ok is empty") << Err::Ok << Operation::GetData << "/a" << "";
}

void TstClientText::errorSentences() {
    QFETCH(Err, err);
    QFETCH(Operation, op);
    QFETCH(QString, path);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(describeError(err, op, path.toStdString())), expected);
}

void TstClientText::stateNames() {
    QCOMPARE(QString::fromUtf8(sessionStateName(SessionState::Suspended).data()), QStringLiteral("suspended"));
    QCOMPARE(std::string(sessionStateName(SessionState::AuthFailed)), std::string("auth failed"));
    QVERIFY(isTerminal(SessionState::Expired));
    QVERIFY(isTerminal(SessionState::AuthFailed));
    QVERIFY(isTerminal(SessionState::Closed));
    QVERIFY(!isTerminal(SessionState::Suspended));
    QVERIFY(!isTerminal(SessionState::Reconnected));
}

// Nothing listens: the client stays Connecting; requests queue in the C
// client; close() completes each exactly once with ConnectionLoss, on a thread
// that is not the one that called close(); later requests too.
void TstClientText::requestsWithoutServerCompleteOffThread() {
    ClientOptions o;
    o.connectString = "127.0.0.1:" + std::to_string(deadPort());
    o.sessionTimeout = std::chrono::milliseconds(4000);
    std::mutex mu;
    std::vector<SessionState> states;
    std::string err;
    auto client = Client::connect(o, {[&](SessionState s) {
                                          std::lock_guard<std::mutex> l(mu);
                                          states.push_back(s);
                                      },
                                      {}},
                                  &err);
    QVERIFY2(client, err.c_str());
    const auto me = std::this_thread::get_id();
    constexpr int kN = 20;
    std::atomic<int> calls{0}, onMyThread{0}, lost{0};
    for (int i = 0; i < kN; ++i) {
        client->getData("/n" + std::to_string(i), false, [&](Result<NodeData> r) {
            ++calls;
            if (std::this_thread::get_id() == me) ++onMyThread;
            if (r.err == Err::ConnectionLoss) ++lost;
        });
    }
    client->close();
    QCOMPARE(calls.load(), kN);
    QCOMPARE(lost.load(), kN);
    QCOMPARE(onMyThread.load(), 0);
    QCOMPARE(client->state(), SessionState::Closed);
    {
        std::lock_guard<std::mutex> l(mu);
        QVERIFY(!states.empty());
        QCOMPARE(states.front(), SessionState::Connecting);
        QCOMPARE(states.back(), SessionState::Closed);
    }
    // After close: still exactly one callback, off-thread, with a sentence.
    std::promise<Result<Empty>> p;
    std::atomic<bool> offThread{false};
    client->remove("/x", -1, [&](Result<Empty> r) {
        offThread = std::this_thread::get_id() != me;
        p.set_value(std::move(r));
    });
    auto f = p.get_future();
    QVERIFY(f.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    const Result<Empty> r = f.get();
    QCOMPARE(r.err, Err::ConnectionLoss);
    QVERIFY2(r.message.find("client was closed") != std::string::npos, r.message.c_str());
    QVERIFY(offThread.load());
}

void TstClientText::refusedPathIsAnErrorNotACrash() {
    ClientOptions o;
    o.connectString = "127.0.0.1:" + std::to_string(deadPort());
    std::string err;
    auto client = Client::connect(o, {}, &err);
    QVERIFY2(client, err.c_str());
    for (const std::string& bad : {std::string("relative"), std::string(), std::string("/a\0b", 4)}) {
        std::promise<Result<zooscope::proto::Stat>> p;
        client->setData(bad, "x", -1, [&](Result<zooscope::proto::Stat> r) { p.set_value(std::move(r)); });
        auto f = p.get_future();
        QVERIFY(f.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
        const auto r = f.get();
        QCOMPARE(r.err, Err::BadArguments);
        QVERIFY2(r.message.find("not a valid znode path") != std::string::npos, r.message.c_str());
    }
    // The C client's own path check (trailing '/') also comes back as a sentence.
    std::promise<Result<NodeData>> p;
    client->getData("/a/", false, [&](Result<NodeData> r) { p.set_value(std::move(r)); });
    auto f = p.get_future();
    QVERIFY(f.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    const auto r = f.get();
    QCOMPARE(r.err, Err::BadArguments);
    QVERIFY(!r.message.empty());
}

QTEST_GUILESS_MAIN(TstClientText)
#include "tst_client_text.moc"
