// The member-to-leader forwarding codec (server/forwarded_request.h): round
// trips of every kind, one golden encoding, and damaged input - truncations,
// lying lengths and counts, garbage - which must be refused with a reason,
// never crash.
#include <QtTest>

#include <random>

#include "refused_input.h"
#include "server/forwarded_request.h"

using namespace zooscope::server::forward;
using zooscope::proto::Id;
using zooscope::proto::OpCode;

Q_DECLARE_METATYPE(zooscope::server::forward::Request)

namespace {

Write sampleWrite() {
    return Write{int64_t(0x0100000000000007), 42, OpCode::SetData,
                 {Id{"ip", "127.0.0.1"}, Id{"digest", "alice:hash="}}, std::string("\0\x01 body", 7)};
}

}  // namespace

class TstForwardCodec : public QObject {
    Q_OBJECT
private slots:
    void roundTrip_data() {
        QTest::addColumn<Request>("r");
        QTest::newRow("write") << Request{sampleWrite()};
        QTest::newRow("write-no-ids-empty-body") << Request{Write{-1, INT32_MIN, OpCode::Multi, {}, {}}};
        QTest::newRow("write-max-ids") << Request{Write{1, 1, OpCode::Create, std::vector<Id>(kMaxAuthIds, Id{"ip", "x"}), "b"}};
        QTest::newRow("create-session") << Request{CreateSession{int64_t(0x0300000000000001), 30000}};
        QTest::newRow("close-session") << Request{CloseSession{INT64_MIN}};
        QTest::newRow("touch") << Request{Touch{{1, INT64_MAX, -7}}};
        QTest::newRow("touch-none") << Request{Touch{}};
    }
    void roundTrip() {
        QFETCH(Request, r);
        const std::string bytes = encode(r);
        std::string err;
        auto back = decode(bytes, &err);
        QVERIFY2(back.has_value(), err.c_str());
        QVERIFY(*back == r);
        // Every proper prefix is truncated input and must be refused, with a reason.
        for (size_t n = 0; n < bytes.size(); ++n) {
            std::string why;
            QVERIFY(!decode(std::string_view(bytes).substr(0, n), &why));
            QVERIFY(!why.empty());
        }
        QVERIFY(!decode(bytes + '\0', &err));
        QVERIFY2(QString::fromStdString(err).contains("trailing"), err.c_str());
    }

    void golden() {
        // kind 2, session 0x0300000000000001, timeout 30000 (0x7530).
        QCOMPARE(QByteArray::fromStdString(encode(CreateSession{int64_t(0x0300000000000001), 30000})).toHex(),
                 QByteArray("00000002" "0300000000000001" "00007530"));
        // kind 1, session 5, cxid 9, op SetData (5), one identity ip:a, body "xy".
        QCOMPARE(QByteArray::fromStdString(encode(Write{5, 9, OpCode::SetData, {Id{"ip", "a"}}, "xy"})).toHex(),
                 QByteArray("00000001" "0000000000000005" "00000009" "00000005" "00000001"
                            "00000002" "6970" "00000001" "61" "00000002" "7879"));
    }

    void damaged_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        const QByteArray write = "00000001" "0000000000000005" "00000009" "00000005";
        QTest::newRow("empty") << QByteArray() << "truncated int";
        QTest::newRow("kind-unknown") << QByteArray::fromHex("00000009") << "unknown forwarded request kind 9";
        QTest::newRow("kind-negative") << QByteArray::fromHex("ffffffff") << "unknown forwarded request kind -1";
        QTest::newRow("op-not-a-write") << QByteArray::fromHex("00000001" "0000000000000005" "00000009" "00000004"
                                                               "00000000" "00000000")
                                        << "opcode 4 is not a write";
        QTest::newRow("op-garbage") << QByteArray::fromHex("00000001" "0000000000000005" "00000009" "7fffffff")
                                    << "is not a write";
        QTest::newRow("ids-negative") << QByteArray::fromHex(write + "ffffffff") << "identity count -1";
        QTest::newRow("ids-too-many") << QByteArray::fromHex(write + "00000041") << "identity count 65";
        QTest::newRow("ids-lying") << QByteArray::fromHex(write + "00000003" "00000002" "6970" "00000001" "61")
                                   << "truncated int";
        QTest::newRow("scheme-length-lying") << QByteArray::fromHex(write + "00000001" "7fffffff" "6970")
                                             << "exceeds";
        QTest::newRow("scheme-length-negative") << QByteArray::fromHex(write + "00000001" "fffffff0")
                                                << "unreasonable buffer length";
        QTest::newRow("body-length-lying") << QByteArray::fromHex(write + "00000000" "00000010" "7879")
                                           << "exceeds";
        QTest::newRow("create-truncated") << QByteArray::fromHex("00000002" "03000000") << "truncated long";
        QTest::newRow("close-trailing") << QByteArray::fromHex("00000003" "0000000000000001" "00000000" "ff")
                                        << "1 trailing bytes";
        QTest::newRow("touch-count-lying") << QByteArray::fromHex("00000004" "00000002" "0000000000000001")
                                           << "cannot fit";
        QTest::newRow("touch-count-huge") << QByteArray::fromHex("00000004" "7fffffff") << "cannot fit";
        QTest::newRow("touch-count-negative") << QByteArray::fromHex("00000004" "fffffffe") << "unreasonable vector count";
    }
    void damaged() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        verifyRefused([](std::string_view b, std::string* e) { return decode(b, e).has_value(); }, bytes, reason);
    }

    void garbage() {
        // Random bytes, and valid encodings with random bytes flipped: every
        // input is either refused with a reason or decodes to something that
        // encodes again (no crash, no exception escapes).
        std::mt19937_64 rng(13);
        const std::string valid = encode(sampleWrite());
        int refused = 0;
        for (int i = 0; i < 20000; ++i) {
            std::string bytes;
            if (i % 2 == 0) {
                bytes.resize(rng() % 64);
                for (auto& c : bytes) c = char(rng());
                if (bytes.size() >= 4 && i % 4 == 0) bytes[3] = char(1 + rng() % 4);  // a known kind
                if (bytes.size() >= 4) bytes[0] = bytes[1] = bytes[2] = 0;
            } else {
                bytes = valid;
                for (int k = 0; k < 1 + int(rng() % 3); ++k) bytes[rng() % bytes.size()] = char(rng());
            }
            std::string err;
            auto r = decode(bytes, &err);
            if (!r) {
                ++refused;
                QVERIFY(!err.empty());
            } else {
                QVERIFY(decode(encode(*r)).has_value());
            }
        }
        QVERIFY(refused > 0);
    }
};

QTEST_GUILESS_MAIN(TstForwardCodec)
#include "tst_forward_codec.moc"
