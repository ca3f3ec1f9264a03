// readPartitions(): loaded subtrees of the stream job, kazoo's SetPartitioner
// and Kafka's layout -> members, owners, Kafka's leaders, skew, ISR and
// offline partitions; damaged layouts give flags and no wrong owner. And the
// engine's wchk answer read by monitor's parser, garbage included. No server.
#include <QtTest>

#include "zooscope/partition_readers.h"
#include "zooscope/server_answers.h"

using namespace zooscope;
using namespace zooscope::readers;

namespace {

const std::string kH1 = "0123456789abcdef0123456789abcdef";
const std::string kH2 = "fedcba9876543210fedcba9876543210";

LoadedNode node(std::string data = {}, int64_t session = 0, std::map<std::string, LoadedNode> children = {}) {
    LoadedNode n;
    n.data = std::move(data);
    n.stat.ephemeralOwner = session;
    n.stat.numChildren = static_cast<int32_t>(children.size());
    n.children = std::move(children);
    return n;
}

bool flagged(const PartitionItem& item, const std::string& part) {
    for (const auto& s : item.suspicious)
        if (s.find(part) != std::string::npos) return true;
    return false;
}

QString flags(const PartitionItem& item) {
    QStringList out;
    for (const auto& s : item.suspicious) out << QString::fromStdString(s);
    return out.join(" | ");
}

std::optional<std::string> owner(const PartitionItem& item, const std::string& what) {
    auto it = item.assignments.find(what);
    if (it == item.assignments.end()) qFatal("no assignment for %s", what.c_str());
    return it->second;
}

// A stream job with members w1 (session 0x11) and w2 (0x12).
LoadedNode streamJob(std::string assignment, std::map<std::string, LoadedNode> locks, std::string offset0) {
    return node({}, 0,
                {{"config", node(R"({"partitions":3,"vnodes":4,"batch":10,"ratePerPartition":5,"paused":false})")},
                 {"members", node({}, 0, {{"w1", node("h:1", 0x11)}, {"w2", node("h:2", 0x12)}})},
                 {"assignment", node(std::move(assignment))},
                 {"locks", node({}, 0, std::move(locks))},
                 {"offsets", node({}, 0,
                                  {{"0", node(std::move(offset0))},
                                   {"1", node(R"({"offset":0,"sum":0,"owner":""})")},
                                   {"2", node(R"({"offset":0,"sum":0,"owner":""})")}})}});
}

// Kafka: live brokers 1, 2, 3; controller 2; topic t with six partitions.
LoadedNode kafka(std::map<std::string, LoadedNode> states, std::string controller = R"({"version":1,"brokerid":2,"timestamp":"1"})") {
    std::map<std::string, LoadedNode> partitions;
    for (auto& [p, state] : states) partitions[p] = node({}, 0, {{"state", std::move(state)}});
    const std::string replicas =
        R"({"version":3,"partitions":{"0":[1,2,3],"1":[1,2,3],"2":[1,3,2],"3":[2,1,3],"4":[3,1,2],"5":[1,2,3]},"adding_replicas":{},"removing_replicas":{}})";
    return node({}, 0,
                {{"controller", node(std::move(controller), 0x99)},
                 {"brokers", node({}, 0,
                                  {{"ids", node({}, 0, {{"1", node("{}", 0x1)}, {"2", node("{}", 0x2)}, {"3", node("{}", 0x3)}})},
                                   {"topics", node({}, 0, {{"t", node(replicas, 0, {{"partitions", node({}, 0, std::move(partitions))}})}})}})}});
}

LoadedNode state(int leader, std::string isr) {
    return node(R"({"controller_epoch":1,"leader":)" + std::to_string(leader) + R"(,"version":1,"leader_epoch":0,"isr":)" +
                isr + "}");
}

}  // namespace

class TstPartitionReaders : public QObject {
    Q_OBJECT
private slots:
    void layoutsAreKnownByTheirChildren() {
        using V = std::vector<std::string>;
        QCOMPARE(partitionLayoutOf(V{"assignment", "config", "election", "locks", "members", "offsets", "status"}),
                 std::optional(PartitionRecipe::StreamJob));
        QCOMPARE(partitionLayoutOf(V{"locks", "party"}), std::optional(PartitionRecipe::KazooSetPartitioner));
        QCOMPARE(partitionLayoutOf(V{"admin", "brokers", "config", "controller_epoch"}), std::optional(PartitionRecipe::Kafka));
        QVERIFY(!partitionLayoutOf(V{"brokers"}));
        QVERIFY(!partitionLayoutOf(V{"config", "locks", "members"}));
        QVERIFY(!partitionLayoutOf(V{}));
        QCOMPARE(QString(partitionRecipeName(PartitionRecipe::KazooSetPartitioner)), QString("kazoo-set-partitioner"));
    }

    void streamJobOwnersClaimsMovesOffsets() {
        const auto job = streamJob(R"({"generation":3,"vnodes":4,"owners":{"0":"w1","1":"w2","2":"w2"},"moved":[2]})",
                                   {{"0", node("w1", 0x11)}, {"1", node("w2", 0x12)}},
                                   R"({"offset":40,"sum":820,"owner":"w1"})");
        const PartitionItem item = readPartitions("/job", PartitionRecipe::StreamJob, job);
        QVERIFY2(item.suspicious.empty(), qPrintable(flags(item)));
        QCOMPARE(item.members, (std::vector<std::string>{"w1", "w2"}));
        QCOMPARE(owner(item, "0"), std::optional<std::string>("w1"));
        QCOMPARE(owner(item, "2"), std::optional<std::string>("w2"));
        QCOMPARE(item.generation, std::optional<int64_t>(3));
        QCOMPARE(item.lastMoves, std::vector<std::string>{"2"});
        QCOMPARE(item.claims.size(), size_t(2));
        QCOMPARE(item.claims.at("1"), std::string("w2"));
        QCOMPARE(item.offsets.at("0"), uint64_t(40));
    }

    void streamJobDamaged() {
        // A claim held by the other member's session, an owner that is no
        // member, a junk claim, a persistent claim, a broken offsets node.
        auto job = streamJob(R"({"generation":1,"vnodes":4,"owners":{"0":"w1","1":"w3","2":"w2"},"moved":[]})",
                             {{"0", node("w2", 0x12)}, {"x", node("?", 0x11)}, {"2", node("w2", 0)}}, "not json");
        PartitionItem item = readPartitions("/job", PartitionRecipe::StreamJob, job);
        QVERIFY2(flagged(item, "partition 0 is claimed by session 0x12, not by its owner w1"), qPrintable(flags(item)));
        QVERIFY2(flagged(item, "assigned to w3, which is not a member"), qPrintable(flags(item)));
        QVERIFY2(flagged(item, "locks/x is not a partition"), qPrintable(flags(item)));
        QVERIFY2(flagged(item, "claim on partition 2 is not ephemeral"), qPrintable(flags(item)));
        QVERIFY2(flagged(item, "offsets/0"), qPrintable(flags(item)));
        QCOMPARE(owner(item, "0"), std::optional<std::string>("w1"));  // what the assignment says, flagged

        job.children["assignment"].data = "{\"generation\":";
        item = readPartitions("/job", PartitionRecipe::StreamJob, job);
        QVERIFY2(flagged(item, "assignment:"), qPrintable(flags(item)));
        QVERIFY(!item.generation);
        job.children.erase("assignment");
        item = readPartitions("/job", PartitionRecipe::StreamJob, job);
        QVERIFY2(flagged(item, "assignment node is missing"), qPrintable(flags(item)));
        QVERIFY(item.assignments.empty());
    }

    void setPartitionerOwnerIsTheSessionsPartyMember() {
        // Party members "host-1" (0x21) and "host-2" (0x22); item b's first
        // contender (kazoo order) belongs to host-2; c is free.
        const auto sp = node({}, 0,
                             {{"party", node({}, 0, {{kH1 + "-host-1", node("host-1", 0x21)}, {kH2 + "-host-2", node("host-2", 0x22)}})},
                              {"locks", node({}, 0,
                                             {{"a", node({}, 0, {{kH1 + "__lock__0000000001", node({}, 0x21)}})},
                                              {"b", node({}, 0,
                                                         {{kH1 + "__lock__0000000003", node({}, 0x21)},
                                                          {kH2 + "__lock__0000000002", node({}, 0x22)}})},
                                              {"c", node()}})}});
        const PartitionItem item = readPartitions("/sp", PartitionRecipe::KazooSetPartitioner, sp);
        QVERIFY2(item.suspicious.empty(), qPrintable(flags(item)));
        QCOMPARE(item.members, (std::vector<std::string>{"host-1", "host-2"}));
        QCOMPARE(owner(item, "a"), std::optional<std::string>("host-1"));
        QCOMPARE(owner(item, "b"), std::optional<std::string>("host-2"));
        QVERIFY(!owner(item, "c"));
    }

    void setPartitionerDamaged() {
        // A junk party name, a holder whose session is in no party node, a
        // persistent lock contender (kazoo's order then cannot be trusted).
        const auto sp = node({}, 0,
                             {{"party", node({}, 0, {{"junk", node("", 0x21)}, {kH2 + "-m2", node("m2", 0)}})},
                              {"locks", node({}, 0,
                                             {{"a", node({}, 0, {{kH1 + "__lock__0000000001", node({}, 0x77)}})},
                                              {"b", node({}, 0, {{kH1 + "__lock__0000000001", node({}, 0)}})}})}});
        const PartitionItem item = readPartitions("/sp", PartitionRecipe::KazooSetPartitioner, sp);
        QVERIFY2(flagged(item, "party/junk is not a party member's node"), qPrintable(flags(item)));
        QVERIFY2(flagged(item, "-m2 is not ephemeral"), qPrintable(flags(item)));
        QVERIFY2(flagged(item, "held by session 0x77, which is in no party node"), qPrintable(flags(item)));
        QVERIFY2(flagged(item, "locks/b:"), qPrintable(flags(item)));
        QVERIFY(!owner(item, "a"));
        QCOMPARE(item.members, std::vector<std::string>{"m2"});
    }

    void kafkaLeadersSkewIsrOffline() {
        // Leaders 1,1,1,2,3 and one partition without a leader: broker 1
        // leads 3 of 5, the mean is 5/3.
        const auto k = kafka({{"0", state(1, "[1,2,3]")},
                              {"1", state(1, "[1,2]")},
                              {"2", state(1, "[1,3,2]")},
                              {"3", state(2, "[2,1,3]")},
                              {"4", state(3, "[3]")},
                              {"5", state(-1, "[]")}});
        const PartitionItem item = readPartitions("/", PartitionRecipe::Kafka, k);
        QVERIFY2(item.suspicious.empty(), qPrintable(flags(item)));
        QCOMPARE(item.controller, std::optional<std::string>("2"));
        QCOMPARE(item.members, (std::vector<std::string>{"1", "2", "3"}));
        QCOMPARE(item.leaders, (std::map<std::string, int64_t>{{"1", 3}, {"2", 1}, {"3", 1}}));
        QCOMPARE(item.skewPercent.at("1"), 80.0);
        QCOMPARE(item.skewPercent.at("2"), -40.0);
        QCOMPARE(item.underReplicated, (std::vector<std::string>{"t/1", "t/4", "t/5"}));
        QCOMPARE(item.offline, std::vector<std::string>{"t/5"});
        QCOMPARE(owner(item, "t/3"), std::optional<std::string>("2"));
        QVERIFY(!owner(item, "t/5"));
        QCOMPARE(item.isr.at("t/2"), (std::vector<std::string>{"1", "3", "2"}));  // as Kafka wrote it
        QCOMPARE(item.isr.at("t/5"), std::vector<std::string>{});
        QCOMPARE(item.replicas.size(), size_t(6));
    }

    void liveViewsWatchOnlyWhatTheyShow() {
        using W = PartitionWatch;
        const auto job = PartitionRecipe::StreamJob;
        QCOMPARE(partitionWatchOf(job, "members"), W::Children);
        QCOMPARE(partitionWatchOf(job, "locks"), W::Children);
        QCOMPARE(partitionWatchOf(job, "assignment"), W::Data);
        for (const char* quiet : {"offsets", "offsets/3", "config", "members/w1", "locks/0", "status"})
            QCOMPARE(partitionWatchOf(job, quiet), W::None);
        const auto sp = PartitionRecipe::KazooSetPartitioner;
        QCOMPARE(partitionWatchOf(sp, "party"), W::Children);
        QCOMPARE(partitionWatchOf(sp, "locks/item-1"), W::Children);
        QCOMPARE(partitionWatchOf(sp, "locks/item-1/" + kH1 + "__lock__0000000001"), W::None);
        const auto k = PartitionRecipe::Kafka;
        QCOMPARE(partitionWatchOf(k, "brokers/ids"), W::Children);
        QCOMPARE(partitionWatchOf(k, "controller"), W::Data);
        QCOMPARE(partitionWatchOf(k, "brokers/topics/t/partitions/7/state"), W::Data);
        for (const char* quiet : {"brokers/ids/1", "brokers/topics/t", "brokers/topics/t/partitions", "brokers/seqid", ""})
            QCOMPARE(partitionWatchOf(k, quiet), W::None);
    }

    void kafkaLeaderOnADeadBrokerIsOffline() {
        auto k = kafka({{"0", state(4, "[4]")}, {"1", state(1, "[1,2,3]")}, {"2", state(2, "[1,2,3]")},
                        {"3", state(3, "[1,2,3]")}, {"4", state(1, "[1,2,3]")}, {"5", state(2, "[1,2,3]")}});
        const PartitionItem item = readPartitions("/", PartitionRecipe::Kafka, k);
        QCOMPARE(item.offline, std::vector<std::string>{"t/0"});
        QCOMPARE(item.underReplicated, std::vector<std::string>{"t/0"});
        QCOMPARE(item.skewPercent.at("1"), 20.0);
        QCOMPARE(item.skewPercent.at("3"), -40.0);
    }

    void kafkaDamaged() {
        // Garbage state, a state without isr, a missing state node, a
        // controller without brokerid, a dead controller, a broker id that is
        // no number, a topic without its assignment.
        auto k = kafka({{"0", node("garbage")}, {"1", node(R"({"leader":1})")}, {"2", state(1, "[1]")}},
                       R"({"version":1})");
        k.children["brokers"].children["ids"].children["x"] = node("{}", 0x5);
        k.children["brokers"].children["topics"].children["u"] =
            node("nope", 0, {{"partitions", node({}, 0, {{"0", node({}, 0, {{"state", state(2, "[2]")}})}})}});
        PartitionItem item = readPartitions("/", PartitionRecipe::Kafka, k);
        QVERIFY2(flagged(item, "t/0: the state is not"), qPrintable(flags(item)));
        QVERIFY2(flagged(item, "t/1: the state is not"), qPrintable(flags(item)));
        QVERIFY2(flagged(item, "t/3 has no state node"), qPrintable(flags(item)));
        QVERIFY2(flagged(item, "/controller does not name a broker"), qPrintable(flags(item)));
        QVERIFY2(flagged(item, "brokers/ids/x is not a broker id"), qPrintable(flags(item)));
        QVERIFY2(flagged(item, "brokers/topics/u has no partition assignment"), qPrintable(flags(item)));
        QVERIFY(!owner(item, "t/0"));
        QCOMPARE(owner(item, "u/0"), std::optional<std::string>("2"));
        QVERIFY(!item.controller);

        k.children.erase("controller");
        k.children["brokers"].children.erase("ids");
        item = readPartitions("/", PartitionRecipe::Kafka, k);
        QVERIFY2(flagged(item, "no controller"), qPrintable(flags(item)));
        QVERIFY2(flagged(item, "brokers/ids is missing"), qPrintable(flags(item)));
        QVERIFY(item.members.empty());
        QVERIFY(item.skewPercent.empty());

        k = kafka({}, R"({"version":1,"brokerid":7})");
        item = readPartitions("/", PartitionRecipe::Kafka, k);
        QVERIFY2(flagged(item, "the controller 7 is not a live broker"), qPrintable(flags(item)));
        QCOMPARE(item.skewPercent.at("1"), 0.0);  // nobody leads anything: no skew, no division by zero
    }

    void emptyLayoutsDoNotCrash() {
        for (auto r : {PartitionRecipe::StreamJob, PartitionRecipe::KazooSetPartitioner, PartitionRecipe::Kafka}) {
            const PartitionItem item = readPartitions("/x", r, LoadedNode{});
            QVERIFY(item.assignments.empty());
        }
    }

    void wchkAnswerParsed() {
        const std::string text =
            "Watches by kind: data=1 exists=1 child=1 persistent=0 persistent-recursive=1\n"
            "0x1000001\n\t/a\tdata,child\n\t/m\texists\n0x1000002\n\t/r\tpersistent-recursive\n\n";
        const auto a = monitor::parseWchk(text);
        QVERIFY2(a.ok(), a.message.c_str());
        QCOMPARE(a.value.counts.size(), size_t(5));
        QCOMPARE(a.value.counts[4].first, std::string("persistent-recursive"));
        QCOMPARE(a.value.counts[2].second, int64_t(1));
        QCOMPARE(a.value.sessions.size(), size_t(2));
        QCOMPARE(a.value.sessions[0].sessionId, int64_t(0x1000001));
        QCOMPARE(a.value.sessions[0].paths[0].kinds, (std::vector<std::string>{"data", "child"}));
        QCOMPARE(a.value.sessions[1].paths[0].path, std::string("/r"));
    }

    void wchkGarbageIsNotAnAnswer_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("status");
        using S = monitor::AnswerStatus;
        QTest::newRow("empty") << QByteArray() << int(S::Empty);
        QTest::newRow("refused") << QByteArray("wchk is not executed because it is not in the whitelist.\n") << int(S::Refused);
        QTest::newRow("cut") << QByteArray("Watches by kind: data=1\n0x1\n\t/a\tda") << int(S::Truncated);
        QTest::newRow("no blank end") << QByteArray("Watches by kind: data=0\n") << int(S::Truncated);
        QTest::newRow("no head") << QByteArray("0x1\n\t/a\tdata\n\n") << int(S::Malformed);
        QTest::newRow("path before session") << QByteArray("Watches by kind: data=1\n\t/a\tdata\n\n") << int(S::Malformed);
        QTest::newRow("no kinds") << QByteArray("Watches by kind: data=1\n0x1\n\t/a\t\n\n") << int(S::Malformed);
        QTest::newRow("bad count") << QByteArray("Watches by kind: data=x\n\n") << int(S::Malformed);
        QTest::newRow("wchc") << QByteArray("0x1\n\t/a\n\n") << int(S::Malformed);
        QTest::newRow("binary") << QByteArray("\x00\xff\t\n\n", 5) << int(S::Malformed);
    }
    void wchkGarbageIsNotAnAnswer() {
        QFETCH(QByteArray, text);
        QFETCH(int, status);
        const auto a = monitor::parseWchk(std::string_view(text.constData(), size_t(text.size())));
        QCOMPARE(int(a.status), status);
        QVERIFY(!a.message.empty());
    }
};

QTEST_GUILESS_MAIN(TstPartitionReaders)
#include "tst_partition_readers.moc"
