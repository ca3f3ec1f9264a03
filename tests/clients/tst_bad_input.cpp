// Bad input: every case sends something malformed or hostile over a raw
// socket to Apache ZooKeeper 3.8 (the reference; one JVM for the binary) and
// to the in-process engine, records what each server does with it, and the
// two records must be equal. Afterwards a fresh session must still work on
// that server (create + get), so a case also proves the server survived.
//
// What is recorded (and nothing else; no times, ids or zxids):
//   - "reply xid=<req|n> err=<name> bodylen=<n>" for each frame that comes
//     back (a handshake answer shows as "connect-response ..."),
//   - "closed" when the server closes the connection, "silent" when it
//     neither answers nor closes within kWaitMs,
//   - after a request on a live session, a probe of two pings: "then ping ok"
//     or "then closed" (did the connection survive the bad input? Two,
//     because one can overtake ZooKeeper's close: see raw_observe.h),
//   - "health: ok" from a new session doing create/get on the same server.
//
// ZS_CONFORMANCE_SELFTEST=1 runs the candidate side on a second Apache
// ZooKeeper (must pass 100%: validates the cases).
#include <QtTest>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "proto/archive.h"
#include "proto/frame.h"
#include "proto/multi.h"
#include "proto/records.h"
#include "raw_client.h"
#include "raw_observe.h"
#include "test_support.h"

using zooscope::testing::RawClient;
using zooscope::testing::RawConnectOptions;
using zooscope::testing::RawReply;
using zooscope::testing::TestServer;
using zooscope::testing::describeConnectResponse;
using zooscope::testing::describeReply;
namespace proto = zooscope::proto;
using proto::Err;
using proto::OpCode;

namespace {

// How long to wait for a server that may answer, close, or do nothing. Only
// the few cases where a server does nothing wait this long, so it is generous:
// at 1500 ms a loaded machine once let ZooKeeper's JVM miss the deadline
// (unknown_opcode recorded "silent"). The same deadline as tst_opcode_sweep.
constexpr int kWaitMs = 4000;

std::string be32(uint32_t v) {
    std::string s(4, '\0');
    s[0] = char(v >> 24);
    s[1] = char(v >> 16);
    s[2] = char(v >> 8);
    s[3] = char(v);
    return s;
}

std::string requestBytes(int32_t xid, OpCode op, std::string_view body) {
    std::string payload = proto::encode(proto::RequestHeader{xid, op});
    payload.append(body);
    return payload;
}

std::string observeHandshake(RawClient& c) { return zooscope::testing::observeHandshake(c, kWaitMs); }

std::string observeRequest(RawClient& c, int32_t requestXid) {
    return zooscope::testing::observeRequest(c, requestXid, kWaitMs);
}

std::string health(TestServer& server, const std::string& tag) {
    return zooscope::testing::health(server.port(), "/bad_input_health_" + tag);
}

// What a case gets: the server under test, a way to start a fresh server of
// the same kind with a connection limit, and the record to fill.
struct Ctx {
    TestServer& server;
    std::function<std::unique_ptr<TestServer>(int32_t maxClientCnxns, std::string* error)> startLimited;
    std::vector<std::string> lines;
    void log(std::string l) { lines.push_back(std::move(l)); }

    // A connected raw session (logged only when it fails).
    bool session(RawClient& c) {
        const auto r = c.connect(server.port());
        if (!r.ok || r.response.timeOut <= 0) {
            log("setup: handshake failed: " + r.error);
            return false;
        }
        return true;
    }
};

using CaseFn = std::function<void(Ctx&)>;

// ---------------------------------------------------------------- framing
void truncatedConnectThenEof(Ctx& x) {
    RawClient c;
    c.open(x.server.port());
    const std::string req = proto::encode(proto::ConnectRequest{0, 0, 30000, 0, std::string(16, '\0'), false, true});
    c.sendRaw(be32(uint32_t(req.size())) + req.substr(0, 20));
    c.shutdownWrite();
    x.log("connect cut at 20 of " + std::to_string(req.size()) + " bytes, then EOF -> " + observeHandshake(c));
}

void truncatedConnectNoEof(Ctx& x) {
    RawClient c;
    c.open(x.server.port());
    const std::string req = proto::encode(proto::ConnectRequest{0, 0, 30000, 0, std::string(16, '\0'), false, true});
    c.sendRaw(be32(uint32_t(req.size())) + req.substr(0, 20));
    x.log("connect cut at 20 bytes, socket kept open -> " + observeHandshake(c));
}

void shortRequestHeader(Ctx& x) {
    RawClient c;
    if (!x.session(c)) return;
    c.sendFrame(std::string("\0\0\0", 3));  // a whole frame, but only 3 of the header's 8 bytes
    x.log("3-byte request frame -> " + observeRequest(c, 0));
}

void requestHeaderCutThenEof(Ctx& x) {
    RawClient c;
    if (!x.session(c)) return;
    c.sendRaw(be32(8) + std::string("\0\0\0", 3));
    c.shutdownWrite();
    RawClient::Frame f = c.readFrame(kWaitMs);
    x.log(std::string("request frame cut at 3 of 8 bytes, then EOF -> ") +
          (f.status == RawClient::ReadStatus::Closed ? "closed"
           : f.status == RawClient::ReadStatus::Frame ? describeReply(f.payload, 0)
                                                      : "silent"));
}

void lengthOverMaxBuffer(Ctx& x) {
    RawClient c;
    if (!x.session(c)) return;
    c.sendRaw(be32(uint32_t(proto::kDefaultJuteMaxBuffer) + 1) + requestBytes(1, OpCode::Exists, "xx"));
    x.log("length 0x100000 on a session -> " + observeRequest(c, 1));
    RawClient pre;
    pre.open(x.server.port());
    pre.sendRaw(be32(uint32_t(proto::kDefaultJuteMaxBuffer) + 1) + std::string(64, 'x'));
    x.log("length 0x100000 as the first frame -> " + observeHandshake(pre));
}

void lengthNegative(Ctx& x) {
    RawClient c;
    if (!x.session(c)) return;
    c.sendRaw(be32(0xffffffffu) + requestBytes(1, OpCode::Exists, "xx"));
    x.log("length -1 on a session -> " + observeRequest(c, 1));
    RawClient d;
    if (!x.session(d)) return;
    d.sendRaw(be32(0x80000000u));
    x.log("length INT_MIN on a session -> " + observeRequest(d, 1));
    RawClient pre;
    pre.open(x.server.port());
    pre.sendRaw(be32(0xfffffff0u));
    x.log("length -16 as the first frame -> " + observeHandshake(pre));
}

void zeroLengthFrame(Ctx& x) {
    RawClient c;
    if (!x.session(c)) return;
    c.sendFrame("");
    x.log("zero-length frame on a session -> " + observeRequest(c, 0));
    RawClient pre;
    pre.open(x.server.port());
    pre.sendFrame("");
    x.log("zero-length first frame -> " + observeHandshake(pre));
}

// ---------------------------------------------------------------- opcodes
void unknownOpcode(Ctx& x) {
    RawClient c;
    if (!x.session(c)) return;
    const auto xid = c.send(OpCode(9999), proto::encode(proto::GetDataRequest{"/", false}));
    x.log("opcode 9999 -> " + observeRequest(c, xid.value_or(0)));
    RawClient d;
    if (!x.session(d)) return;
    const auto xid2 = d.send(OpCode(-77), {});
    x.log("opcode -77 -> " + observeRequest(d, xid2.value_or(0)));
}

void saslWithoutSasl(Ctx& x) {
    RawClient c;
    if (!x.session(c)) return;
    const auto xid = c.send(OpCode::Sasl, proto::encode(proto::GetSASLRequest{"token"}));
    x.log("sasl (102) with a token -> " + observeRequest(c, xid.value_or(0)));
}

// ---------------------------------------------------------------- handshake
void garbageFirstFrame(Ctx& x) {
    RawClient c;
    c.open(x.server.port());
    c.sendFrame("garbage-garbage!");
    x.log("16 bytes of garbage as the first frame -> " + observeHandshake(c));
    RawClient d;
    d.open(x.server.port());
    d.sendFrame(std::string(45, '\xff'));
    x.log("45 bytes of 0xff as the first frame -> " + observeHandshake(d));
}

void connectNegativePasswdLength(Ctx& x) {
    proto::OutputArchive out;
    out.writeInt(0);       // protocolVersion
    out.writeLong(0);      // lastZxidSeen
    out.writeInt(30000);   // timeOut
    out.writeLong(0);      // sessionId
    out.writeInt(-5);      // passwd length
    out.writeBool(false);  // readOnly
    RawClient c;
    c.open(x.server.port());
    c.sendFrame(out.data());
    x.log("ConnectRequest with passwd length -5 -> " + observeHandshake(c));
}

void reconnectUnknownSession(Ctx& x) {
    RawConnectOptions o;
    o.sessionId = 0x7eadbeef00001234LL;
    RawClient c;
    c.open(x.server.port());
    const auto r = c.handshake(o);
    x.log(std::string("reconnect with an unknown session id -> ") +
          (r.ok ? describeConnectResponse(r.raw) : "no response (" + r.error + ")") +
          (c.isClosedByPeer(kWaitMs) ? ", then closed" : ", then still open"));
}

void reconnectWrongPassword(Ctx& x) {
    RawClient a;
    if (!x.session(a)) return;
    RawConnectOptions o;
    o.sessionId = a.sessionId();
    o.passwd = a.passwd();
    o.passwd[0] = char(o.passwd[0] ^ 0x5a);
    RawClient c;
    c.open(x.server.port());
    const auto r = c.handshake(o);
    x.log(std::string("reconnect with a wrong password -> ") +
          (r.ok ? describeConnectResponse(r.raw) : "no response (" + r.error + ")") +
          (c.isClosedByPeer(kWaitMs) ? ", then closed" : ", then still open"));
    const RawReply p = a.call(OpCode::Exists, proto::ExistsRequest{"/", false});
    x.log(std::string("the session's own connection -> ") +
          (p.ok ? std::string(proto::errName(p.header.err)) : p.error));
}

// ---------------------------------------------------------------- bodies
void trailingGarbage(Ctx& x) {
    RawClient c;
    if (!x.session(c)) return;
    std::string body = proto::encode(proto::GetDataRequest{"/", false}) + "TRAILING";
    auto xid = c.send(OpCode::GetData, body);
    x.log("getData / + 8 trailing bytes -> " + observeRequest(c, xid.value_or(0)));
    body = proto::encode(proto::CreateRequest{"/bad_input_trailing", std::string("t"), proto::openAclUnsafe(), 1}) +
           std::string(5, '\x01');
    xid = c.send(OpCode::Create, body);
    x.log("create (ephemeral) + 5 trailing bytes -> " + observeRequest(c, xid.value_or(0)));
    const RawReply e = c.call(OpCode::Exists, proto::ExistsRequest{"/bad_input_trailing", false});
    x.log(std::string("exists /bad_input_trailing -> ") + (e.ok ? std::string(proto::errName(e.header.err)) : e.error));
    body = proto::encode(proto::GetDataRequest{"/", false}).substr(0, 3);
    xid = c.send(OpCode::GetData, body);
    x.log("getData with a body cut at 3 bytes -> " + observeRequest(c, xid.value_or(0)));
}

void multiInvalidOpType(Ctx& x) {
    RawClient c;
    if (!x.session(c)) return;
    proto::OutputArchive out;
    proto::write(out, proto::MultiHeader{OpCode(99), false, Err(-1)});
    proto::write(out, proto::CheckVersionRequest{"/", -1});
    proto::write(out, proto::MultiHeader{OpCode::Error, true, Err(-1)});
    auto xid = c.send(OpCode::Multi, out.data());
    x.log("multi with op type 99 -> " + observeRequest(c, xid.value_or(0)));

    RawClient d;
    if (!x.session(d)) return;
    proto::OutputArchive mixed;
    proto::write(mixed, proto::MultiHeader{OpCode::Check, false, Err(-1)});
    proto::write(mixed, proto::CheckVersionRequest{"/", -1});
    proto::write(mixed, proto::MultiHeader{OpCode::GetData, false, Err(-1)});
    proto::write(mixed, proto::GetDataRequest{"/", false});
    proto::write(mixed, proto::MultiHeader{OpCode::Error, true, Err(-1)});
    xid = d.send(OpCode::Multi, mixed.data());
    x.log("multi mixing check and getData -> " + observeRequest(d, xid.value_or(0)));

    RawClient e;
    if (!x.session(e)) return;
    proto::OutputArchive noEnd;
    proto::write(noEnd, proto::MultiHeader{OpCode::Check, false, Err(-1)});
    proto::write(noEnd, proto::CheckVersionRequest{"/", -1});
    xid = e.send(OpCode::Multi, noEnd.data());
    x.log("multi without its end marker -> " + observeRequest(e, xid.value_or(0)));
}

// ---------------------------------------------------------------- sizes
void setDataOverMaxBuffer(Ctx& x) {
    RawClient other;
    if (!x.session(other)) return;
    RawClient c;
    if (!x.session(c)) return;
    const RawReply cr =
        c.call(OpCode::Create, proto::CreateRequest{"/bad_input_big", std::string(), proto::openAclUnsafe(), 1});
    x.log(std::string("create /bad_input_big -> ") + (cr.ok ? std::string(proto::errName(cr.header.err)) : cr.error));
    const std::string body =
        proto::encode(proto::SetDataRequest{"/bad_input_big", std::string((1u << 20) + 1, 'b'), -1});
    // The server may close before the whole frame is written (the write then
    // fails): what counts is that the connection ends.
    c.sendFrame(requestBytes(c.lastXid() + 1, OpCode::SetData, body));
    x.log(std::string("setData of 1 MiB + 1 -> ") + (c.isClosedByPeer(5000) ? "closed" : "still open"));
    const RawReply p = other.call(OpCode::Exists, proto::ExistsRequest{"/bad_input_big", false});
    x.log(std::string("another session: exists /bad_input_big -> ") +
          (p.ok ? std::string(proto::errName(p.header.err)) : p.error));
}

void setDataAtMaxBuffer(Ctx& x) {
    RawClient c;
    if (!x.session(c)) return;
    const RawReply cr =
        c.call(OpCode::Create, proto::CreateRequest{"/bad_input_edge", std::string(), proto::openAclUnsafe(), 1});
    x.log(std::string("create /bad_input_edge -> ") + (cr.ok ? std::string(proto::errName(cr.header.err)) : cr.error));
    // header 8 + path (4 + 15) + data (4 + n) + version 4 == 0xfffff
    const std::size_t n = std::size_t(proto::kDefaultJuteMaxBuffer) - 8 - 19 - 4 - 4;
    const std::string body = proto::encode(proto::SetDataRequest{"/bad_input_edge", std::string(n, 'e'), -1});
    const auto xid = c.send(OpCode::SetData, body);
    x.log("setData whose frame is exactly jute.maxbuffer (" +
          std::to_string(8 + body.size()) + " bytes) -> " + observeRequest(c, xid.value_or(0)));
}

// ---------------------------------------------------------------- paths
struct BadPathCase {
    OpCode op;
    std::string path;
};

void badPath(Ctx& x, const BadPathCase& bp) {
    RawClient c;
    if (!x.session(c)) return;
    std::string body;
    switch (bp.op) {
    case OpCode::Create:
        body = proto::encode(proto::CreateRequest{bp.path, std::string("x"), proto::openAclUnsafe(), 1});
        break;
    case OpCode::Delete: body = proto::encode(proto::DeleteRequest{bp.path, -1}); break;
    case OpCode::SetData: body = proto::encode(proto::SetDataRequest{bp.path, std::string("x"), -1}); break;
    case OpCode::GetData: body = proto::encode(proto::GetDataRequest{bp.path, false}); break;
    default: body = proto::encode(proto::ExistsRequest{bp.path, false}); break;
    }
    const auto xid = c.send(bp.op, body);
    x.log("op " + std::to_string(int32_t(bp.op)) + " on a bad path -> " + observeRequest(c, xid.value_or(0)));
}

// ---------------------------------------------------------------- connection limit
void connectionFlood(Ctx& x) {
    std::string err;
    auto limited = x.startLimited(5, &err);
    if (!limited) {
        x.log("setup: limited server did not start: " + err);
        return;
    }
    RawClient existing;
    const auto er = existing.connect(limited->port());
    x.log(std::string("existing session -> ") + (er.ok && er.response.timeOut > 0 ? "connected" : "failed"));
    std::vector<std::unique_ptr<RawClient>> flood;
    int completed = 0;
    int refused = 0;
    for (int i = 0; i < 10; ++i) {
        flood.push_back(std::make_unique<RawClient>(3000));
        const auto r = flood.back()->connect(limited->port());
        if (r.ok && r.response.timeOut > 0) ++completed;
        else ++refused;
    }
    x.log("10 more sockets with maxClientCnxns=5 -> " + std::to_string(completed) + " handshakes completed, " +
          std::to_string(refused) + " refused");
    const RawReply cr = existing.call(
        OpCode::Create, proto::CreateRequest{"/flood", std::string("still"), proto::openAclUnsafe(), 1});
    const RawReply gr = existing.call(OpCode::GetData, proto::GetDataRequest{"/flood", false});
    x.log(std::string("existing session create+get -> ") + (cr.ok ? std::string(proto::errName(cr.header.err)) : cr.error) +
          "/" + (gr.ok ? std::string(proto::errName(gr.header.err)) : gr.error));
    flood.clear();
    existing.closeSession(2000);
    existing.close();
    // The server notices the closed sockets asynchronously; give it a moment.
    std::string h;
    for (int i = 0; i < 20; ++i) {
        h = health(*limited, "flood");
        if (h == "health: ok") break;
        QTest::qWait(100);
    }
    x.log("after closing them, limited server " + h);
}

struct Case {
    std::string name;
    CaseFn run;
};

std::vector<Case> allCases() {
    std::vector<Case> cases = {
        {"truncated_connect_then_eof", truncatedConnectThenEof},
        {"truncated_connect_no_eof", truncatedConnectNoEof},
        {"short_request_header_frame", shortRequestHeader},
        {"request_header_cut_then_eof", requestHeaderCutThenEof},
        {"length_over_maxbuffer", lengthOverMaxBuffer},
        {"length_negative", lengthNegative},
        {"zero_length_frame", zeroLengthFrame},
        {"unknown_opcode", unknownOpcode},
        {"sasl_without_sasl", saslWithoutSasl},
        {"garbage_first_frame", garbageFirstFrame},
        {"connect_negative_passwd_length", connectNegativePasswdLength},
        {"reconnect_unknown_session", reconnectUnknownSession},
        {"reconnect_wrong_password", reconnectWrongPassword},
        {"trailing_garbage", trailingGarbage},
        {"multi_invalid_op_type", multiInvalidOpType},
        {"setdata_over_maxbuffer", setDataOverMaxBuffer},
        {"setdata_at_maxbuffer", setDataAtMaxBuffer},
        {"max_client_cnxns_flood", connectionFlood},
    };
    const std::vector<std::pair<std::string, std::string>> paths = {
        {"no_leading_slash", "bad_input"},   {"trailing_slash", "/bad_input/"},
        {"double_slash", "//"},              {"dot_segment", "/bad_input/./x"},
        {"dotdot_segment", "/bad_input/.."}, {"embedded_nul", std::string("/bad\0input", 10)},
        {"empty", ""},
    };
    const std::vector<std::pair<std::string, OpCode>> ops = {
        {"create", OpCode::Create}, {"delete", OpCode::Delete}, {"setdata", OpCode::SetData},
        {"getdata", OpCode::GetData}, {"exists", OpCode::Exists},
    };
    for (const auto& [pname, path] : paths) {
        for (const auto& [oname, op] : ops) {
            BadPathCase bp{op, path};
            cases.push_back({"path_" + pname + "_" + oname, [bp](Ctx& x) { badPath(x, bp); }});
        }
    }
    return cases;
}

}  // namespace

class TstBadInput : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void badInput_data();
    void badInput();

private:
    QStringList runOn(TestServer& server, bool reference, const Case& c);

    bool selfTest_ = false;
    std::unique_ptr<TestServer> reference_;
    std::unique_ptr<TestServer> candidate_;
};

void TstBadInput::initTestCase() {
    std::string err;
    selfTest_ = qEnvironmentVariable("ZS_CONFORMANCE_SELFTEST") == QLatin1String("1");
    reference_ = zooscope::testing::startApacheZooKeeper({}, &err);
    QVERIFY2(reference_, ("Apache ZooKeeper did not start: " + err).c_str());
    candidate_ = selfTest_ ? zooscope::testing::startApacheZooKeeper({}, &err) : zooscope::testing::startEngine({}, &err);
    QVERIFY2(candidate_, ("the candidate server did not start: " + err).c_str());
    // /bad_input exists on both, so the bad paths below it are near a real node.
    for (TestServer* s : {reference_.get(), candidate_.get()}) {
        RawClient c;
        QVERIFY(c.connect(s->port()).ok);
        const RawReply r =
            c.call(OpCode::Create, proto::CreateRequest{"/bad_input", std::string("real"), proto::openAclUnsafe(), 0});
        QVERIFY(r.ok && (r.header.err == Err::Ok || r.header.err == Err::NodeExists));
        c.closeSession(2000);
    }
}

void TstBadInput::cleanupTestCase() {
    candidate_.reset();
    reference_.reset();
}

void TstBadInput::badInput_data() {
    QTest::addColumn<int>("index");
    const auto cases = allCases();
    for (size_t i = 0; i < cases.size(); ++i) QTest::newRow(cases[i].name.c_str()) << static_cast<int>(i);
}

QStringList TstBadInput::runOn(TestServer& server, bool reference, const Case& c) {
    Ctx x{server, {}, {}};
    x.startLimited = [&](int32_t maxCnxns, std::string* error) -> std::unique_ptr<TestServer> {
        if (reference || selfTest_) {
            zooscope::testing::ApacheOptions o;
            o.extra["maxClientCnxns"] = std::to_string(maxCnxns);
            return zooscope::testing::startApacheZooKeeper(o, error);
        }
        zooscope::testing::EngineOptions o;
        o.config.maxClientCnxns = maxCnxns;
        return zooscope::testing::startEngine(o, error);
    };
    c.run(x);
    x.log(health(server, c.name));
    QStringList out;
    for (const auto& l : x.lines) out << QString::fromStdString(l);
    return out;
}

void TstBadInput::badInput() {
    QFETCH(int, index);
    const Case c = allCases()[static_cast<size_t>(index)];
    const QStringList expected = runOn(*reference_, true, c);
    const QStringList actual = runOn(*candidate_, false, c);
    qInfo().noquote() << "reference:" << expected.join(QStringLiteral(" | "));
    if (actual != expected) {
        qWarning().noquote() << "candidate (" << QString::fromStdString(candidate_->name())
                             << "):" << actual.join(QStringLiteral(" | "));
    }
    QVERIFY2(expected.last() == QLatin1String("health: ok"), "the reference did not survive the case");
    QVERIFY2(actual.last() == QLatin1String("health: ok"), "the candidate did not survive the case");
    QCOMPARE(actual, expected);
}

QTEST_GUILESS_MAIN(TstBadInput)
#include "tst_bad_input.moc"
