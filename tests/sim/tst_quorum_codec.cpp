// The engine-to-engine quorum message encoding: round trips of every message
// type, one golden encoding, and damaged input (which must be refused with a
// reason, never crash).
#include <QtTest>

#include "quorum/messages.h"
#include "refused_input.h"

using namespace zooscope::quorum;

Q_DECLARE_METATYPE(zooscope::quorum::Message)

namespace {
Message msg(Message::Body b, ServerId from = 3, int64_t link = (int64_t(7) << 24) + 2, int64_t seq = 41) {
    return Message{from, link, seq, std::move(b)};
}
}  // namespace

class TstQuorumCodec : public QObject {
    Q_OBJECT
private slots:
    void roundTrip_data() {
        QTest::addColumn<Message>("m");
        const Zxid z = makeZxid(5, 17);
        QTest::newRow("notification") << msg(Notification{Vote{2, z, 5}, 9, PeerState::Following}, 1, 0, 0);
        QTest::newRow("followerinfo") << msg(FollowerInfo{4, z, true});
        QTest::newRow("ackepoch") << msg(AckEpoch{3, z});
        QTest::newRow("ack") << msg(Ack{z, 123456789});
        QTest::newRow("request") << msg(Request{std::string("\0\xff request", 10)});
        QTest::newRow("sync") << msg(SyncRequest{-1});
        QTest::newRow("leaderinfo") << msg(LeaderInfo{6});
        QTest::newRow("diff") << msg(Diff{z});
        QTest::newRow("trunc") << msg(Trunc{makeZxid(4, 0)});
        QTest::newRow("snap") << msg(Snap{z, std::string(100000, 'x')});
        QTest::newRow("proposal") << msg(Proposal{LogEntry{z, "payload"}});
        QTest::newRow("proposal-empty") << msg(Proposal{LogEntry{0, ""}});
        QTest::newRow("newleader") << msg(NewLeader{6, z});
        QTest::newRow("uptodate") << msg(UpToDate{z});
        QTest::newRow("commit") << msg(Commit{INT64_MAX});
        QTest::newRow("ping") << msg(Ping{INT64_MIN});
        QTest::newRow("syncdone") << msg(SyncDone{77});
    }
    void roundTrip() {
        QFETCH(Message, m);
        std::string bytes = encode(m);
        std::string err;
        auto back = decode(bytes, &err);
        QVERIFY2(back.has_value(), err.c_str());
        QVERIFY(*back == m);
        QCOMPARE(uint8_t(bytes[0]), kWireVersion);
        // Every proper prefix is truncated input and must be refused.
        for (size_t n = 0; n < bytes.size() && n < 64; ++n) QVERIFY(!decode(std::string_view(bytes).substr(0, n)));
        QVERIFY(!decode(bytes + '\0'));
    }

    void golden() {
        // version 1, type 13 (COMMIT), from 2 -> zigzag 4, link 0, seq 1 -> 2,
        // zxid 0x100000001 -> zigzag 0x200000002 -> LEB128 82 80 80 80 20.
        std::string bytes = encode(Message{2, 0, 1, Commit{makeZxid(1, 1)}});
        QCOMPARE(QByteArray::fromStdString(bytes).toHex(), QByteArray("010d0400028280808020"));
    }

    void damaged_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << QByteArray() << "shorter";
        QTest::newRow("version") << QByteArray::fromHex("020d040002") << "version";
        QTest::newRow("type") << QByteArray::fromHex("01ee040002") << "unknown message type";
        QTest::newRow("long-varint") << QByteArray::fromHex("010dffffffffffffffffffff01") << "varint";
        QTest::newRow("blob-beyond-input") << QByteArray::fromHex("0104040002" "ffff03") << "beyond";
        QTest::newRow("bad-bool") << QByteArray::fromHex("0101040002" "00" "00" "05") << "boolean";
        QTest::newRow("bad-state") << QByteArray::fromHex("0100000000" "00" "00" "00" "00" "09") << "peer state";
    }
    void damaged() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        verifyRefused([](std::string_view b, std::string* e) { return decode(b, e).has_value(); }, bytes, reason);
    }

    void voteOrder() {
        // FastLeaderElection.totalOrderPredicate: epoch, then zxid, then id.
        QVERIFY(voteGreater(Vote{1, 0, 2}, Vote{9, makeZxid(1, 50), 1}));
        QVERIFY(voteGreater(Vote{1, makeZxid(1, 2), 1}, Vote{9, makeZxid(1, 1), 1}));
        QVERIFY(voteGreater(Vote{3, 5, 1}, Vote{2, 5, 1}));
        QVERIFY(!voteGreater(Vote{2, 5, 1}, Vote{2, 5, 1}));
        QCOMPARE(epochOf(makeZxid(7, 9)), int64_t(7));
        QCOMPARE(counterOf(makeZxid(7, 9)), int64_t(9));
    }
};

QTEST_GUILESS_MAIN(TstQuorumCodec)
#include "tst_quorum_codec.moc"
