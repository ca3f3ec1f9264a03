// The Partitions view's parts without a server: PartitionsModel and
// KafkaBrokersModel under QAbstractItemModelTester over snapshots that change
// (items come and go, owners move, damaged layouts), the skew thresholds, the
// under-replicated highlight on the timeline, which events concern a layout,
// and PartitionRing: core's ring placement, stable colours, the animated move.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QtTest>

#include "models/kafka_brokers_model.h"
#include "models/partitions_model.h"
#include "models/recipe_highlights.h"
#include "widgets/partition_ring.h"
#include "zooscope/stream.h"

using namespace zooscope;
using namespace zooscope::ui;

namespace {

readers::PartitionItem streamJob(const std::vector<std::string>& members, int partitions, int vnodes) {
    readers::PartitionItem item;
    item.path = "/jobs/j";
    item.recipe = readers::PartitionRecipe::StreamJob;
    item.members = members;
    item.partitions = partitions;
    item.vnodes = vnodes;
    item.generation = 1;
    const auto owners = stream::ringOwners(members, partitions, vnodes);
    for (int p = 0; p < partitions; ++p) {
        item.assignments[std::to_string(p)] = owners[size_t(p)];
        item.claims[std::to_string(p)] = owners[size_t(p)];
        item.offsets[std::to_string(p)] = uint64_t(10 * p);
    }
    return item;
}

readers::PartitionItem kafka() {
    readers::PartitionItem item;
    item.path = "/";
    item.recipe = readers::PartitionRecipe::Kafka;
    item.members = {"1", "2", "10"};
    item.controller = "10";
    item.leaders = {{"1", 2}, {"2", 1}, {"10", 0}};
    item.skewPercent = {{"1", 100}, {"2", 0}, {"10", -100}};
    item.assignments = {{"t/0", "1"}, {"t/1", "1"}, {"t/10", "2"}, {"t/2", std::nullopt}};
    item.replicas = {{"t/0", {"1", "2"}}, {"t/1", {"1", "2"}}, {"t/10", {"2", "1"}}, {"t/2", {"3"}}};
    item.isr = {{"t/0", {"1"}}, {"t/1", {"1", "2"}}, {"t/10", {"2", "1"}}, {"t/2", {}}};
    item.underReplicated = {"t/0", "t/2"};
    item.offline = {"t/2"};
    return item;
}

RecipeSnapshotPtr snapshotOf(const std::vector<readers::PartitionItem>& items) {
    auto s = std::make_shared<RecipeSnapshot>();
    for (const auto& item : items) s->partitions[item.path] = item;
    return s;
}

}  // namespace

class TstPartitionsModels : public QObject {
    Q_OBJECT
private slots:
    void modelFollowsSnapshots();
    void damagedLayoutsShowFlags();
    void skewLevels_data();
    void skewLevels();
    void brokerTable();
    void underReplicatedOnTimeline();
    void eventsOfALayout();
    void ringPlacesAsCore();
    void ringColoursAndMoves();
};

void TstPartitionsModels::modelFollowsSnapshots() {
    PartitionsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(snapshotOf({streamJob({"w1", "w2"}, 12, 8), kafka()}));
    QCOMPARE(model.rowCount(), 2);
    const int k = model.rowOf("/");
    const int j = model.rowOf("/jobs/j");
    QVERIFY(k >= 0 && j >= 0);
    // Partitions in number order (10 after 2), Kafka's by topic then number.
    QCOMPARE(model.index(2, 0, model.index(j, 0)).data().toString(), QStringLiteral("2"));
    QCOMPARE(model.index(11, 0, model.index(j, 0)).data().toString(), QStringLiteral("11"));
    const QModelIndex kafkaRow = model.index(k, 0);
    QCOMPARE(model.index(2, 0, kafkaRow).data().toString(), QStringLiteral("t/2"));
    QCOMPARE(model.index(3, 0, kafkaRow).data().toString(), QStringLiteral("t/10"));
    QCOMPARE(model.index(2, PartitionsModel::OwnerColumn, kafkaRow).data().toString(), QStringLiteral("(no leader)"));
    QCOMPARE(model.index(2, 0, kafkaRow).data(PartitionsModel::HighlightsRole).toInt(),
             int(PartitionsModel::UnderReplicated | PartitionsModel::Offline));
    QCOMPARE(model.index(2, 0, kafkaRow).data(PartitionsModel::PathRole).toString(),
             QStringLiteral("/brokers/topics/t/partitions/2/state"));
    QCOMPARE(model.index(0, PartitionsModel::IsrColumn, kafkaRow).data().toString(), QStringLiteral("1"));
    QVERIFY(model.index(k, PartitionsModel::FlagsColumn).data().toString().contains("2 under-replicated"));
    QCOMPARE(model.index(0, 0, model.index(j, 0)).data(PartitionsModel::PathRole).toString(), QStringLiteral("/jobs/j/locks/0"));

    // A member leaves: the owners move in place; a SetPartitioner appears; Kafka goes.
    QPersistentModelIndex jobIndex = model.index(j, 0);
    readers::PartitionItem sp;
    sp.path = "/sp";
    sp.recipe = readers::PartitionRecipe::KazooSetPartitioner;
    sp.members = {"m1"};
    sp.assignments = {{"a", "m1"}, {"b", std::nullopt}};
    model.setSnapshot(snapshotOf({streamJob({"w2"}, 12, 8), sp}));
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(jobIndex.isValid());
    for (int p = 0; p < 12; ++p) QCOMPARE(model.index(p, 0, jobIndex).data(PartitionsModel::OwnerRole).toString(), QStringLiteral("w2"));
    const QModelIndex spRow = model.index(model.rowOf("/sp"), 0);
    QCOMPARE(model.index(1, PartitionsModel::OwnerColumn, spRow).data().toString(), QStringLiteral("(nobody)"));
    QVERIFY(model.index(1, 0, spRow).data(PartitionsModel::HighlightsRole).toInt() & PartitionsModel::Unowned);
    // Partitions change: the children are replaced.
    model.setSnapshot(snapshotOf({streamJob({"w2"}, 4, 8)}));
    QCOMPARE(model.rowCount(model.index(0, 0)), 4);
    model.setSnapshot(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

void TstPartitionsModels::damagedLayoutsShowFlags() {
    // A stream job whose claim names another worker, through core's reader.
    readers::LoadedNode root;
    stream::JobConfig config;
    config.partitions = 2;
    config.vnodes = 4;
    root.children["config"].data = stream::toJson(config);
    stream::Assignment a;
    a.generation = 3;
    a.vnodes = 4;
    a.owners = {{0, "w1"}, {1, "w1"}};
    root.children["assignment"].data = stream::toJson(a);
    root.children["members"].children["w1"].stat.ephemeralOwner = 7;
    auto& claim = root.children["locks"].children["1"];
    claim.data = "w9";
    claim.stat.ephemeralOwner = 7;
    root.children["offsets"];
    const readers::PartitionItem job = readers::readPartitions("/j", readers::PartitionRecipe::StreamJob, root);
    QCOMPARE(job.partitions, 2);
    QCOMPARE(job.vnodes, 4);
    PartitionsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(snapshotOf({job}));
    const QModelIndex item = model.index(0, 0);
    QVERIFY(model.index(1, 0, item).data(PartitionsModel::HighlightsRole).toInt() & PartitionsModel::ClaimMismatch);
    QVERIFY(model.index(1, PartitionsModel::FlagsColumn, item).data().toString().contains("claimed by another worker"));
    QVERIFY(model.index(1, 0, item).data(Qt::BackgroundRole).isValid());

    // Garbage everywhere: flags, no owner, no crash.
    readers::LoadedNode junk;
    junk.children["config"].data = "\x01{";
    junk.children["assignment"].data = "[";
    const readers::PartitionItem bad = readers::readPartitions("/j", readers::PartitionRecipe::StreamJob, junk);
    model.setSnapshot(snapshotOf({bad}));
    QVERIFY(model.index(0, PartitionsModel::FlagsColumn).data().toString().contains("suspicious"));
    QCOMPARE(model.rowCount(model.index(0, 0)), 0);
    PartitionRing ring;
    ring.setItem(bad);  // no partitions known: nothing drawn
    QCOMPARE(ring.partitions(), 0);
}

void TstPartitionsModels::skewLevels_data() {
    QTest::addColumn<double>("percent");
    QTest::addColumn<int>("level");
    using S = KafkaBrokersModel::Skew;
    QTest::newRow("0") << 0.0 << int(S::Even);
    QTest::newRow("10") << 10.0 << int(S::Even);
    QTest::newRow("10.1") << 10.1 << int(S::Amber);
    QTest::newRow("-15") << -15.0 << int(S::Amber);
    QTest::newRow("20") << 20.0 << int(S::Amber);
    QTest::newRow("20.1") << 20.1 << int(S::Red);
    QTest::newRow("-100") << -100.0 << int(S::Red);
}

void TstPartitionsModels::skewLevels() {
    QFETCH(double, percent);
    QFETCH(int, level);
    QCOMPARE(int(KafkaBrokersModel::skewLevel(percent)), level);
}

void TstPartitionsModels::brokerTable() {
    KafkaBrokersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setItem(kafka());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(2, KafkaBrokersModel::BrokerColumn).data().toString(), QStringLiteral("10 (controller)"));
    QCOMPARE(model.index(0, KafkaBrokersModel::SkewColumn).data().toString(), QStringLiteral("+100 %"));
    QCOMPARE(model.index(0, KafkaBrokersModel::ReplicasColumn).data().toInt(), 3);
    QCOMPARE(model.index(0, KafkaBrokersModel::UnderReplicatedColumn).data().toInt(), 1);  // t/0
    QVERIFY(model.index(1, KafkaBrokersModel::SkewColumn).data(Qt::BackgroundRole).isNull());
    QVERIFY(!model.index(0, KafkaBrokersModel::SkewColumn).data(Qt::BackgroundRole).isNull());
    readers::PartitionItem notKafka;
    model.setItem(notKafka);
    QCOMPARE(model.rowCount(), 0);
}

void TstPartitionsModels::underReplicatedOnTimeline() {
    RecipeHighlights highlights;
    RecipeSnapshot s;
    s.partitions["/"] = kafka();
    QList<TimelineEvent> events = highlights.update(s, 1000, 0);
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[0].kind, EventKind::UnderReplicated);
    QVERIFY(events[0].text.contains("t/0") && events[0].text.contains("1 of 2"));
    QCOMPARE(highlights.update(s, 2000, 0).size(), 0);  // once while it lasts
    s.partitions["/"].underReplicated = {"t/2"};
    QCOMPARE(highlights.update(s, 3000, 0).size(), 0);
    s.partitions["/"].underReplicated = {"t/0", "t/2"};
    QCOMPARE(highlights.update(s, 4000, 0).size(), 1);  // again when it starts again
    QCOMPARE(eventKindName(EventKind::UnderReplicated), QStringLiteral("under-replicated"));
}

void TstPartitionsModels::eventsOfALayout() {
    using R = readers::PartitionRecipe;
    QVERIFY(layoutWatches("/jobs/j", R::StreamJob, "/jobs/j"));
    QVERIFY(layoutWatches("/jobs/j", R::StreamJob, "/jobs/j/members"));
    QVERIFY(layoutWatches("/jobs/j", R::StreamJob, "/jobs/j/assignment"));
    QVERIFY(!layoutWatches("/jobs/j", R::StreamJob, "/jobs/j/offsets"));
    QVERIFY(!layoutWatches("/jobs/j", R::StreamJob, "/jobs/jj/members"));
    QVERIFY(layoutWatches("/sp", R::KazooSetPartitioner, "/sp/locks/a"));
    QVERIFY(!layoutWatches("/sp", R::KazooSetPartitioner, "/sp/locks/a/x"));
    QVERIFY(layoutWatches("/", R::Kafka, "/brokers/ids"));
    QVERIFY(layoutWatches("/", R::Kafka, "/brokers/topics/t/partitions/3/state"));
    QVERIFY(!layoutWatches("/", R::Kafka, "/jobs/j/members"));  // another layout's node under Kafka's root
    QVERIFY(layoutWatches("/jobs/j", std::nullopt, "/jobs/j/party"));
}

void TstPartitionsModels::ringPlacesAsCore() {
    PartitionRing ring;
    const std::vector<std::string> members = {"w1", "w2", "w3", "w4", "w5", "w6"};
    ring.setItem(streamJob(members, 64, 32));
    QCOMPARE(ring.partitions(), 64);
    const stream::RingLayout core = stream::ringLayout(members, 64, 32);
    QCOMPARE(core.owners, stream::ringOwners(members, 64, 32));
    for (int p = 0; p < 64; ++p) {
        const auto placed = ring.placement(p);
        QVERIFY(placed);
        QCOMPARE(placed->angleDegrees, double(stream::ringHash(std::to_string(p))) / 18446744073709551616.0 * 360.0);
        QCOMPARE(placed->owner, QString::fromStdString(core.owners[size_t(p)]));
        QCOMPARE(ring.ringOwner(p), placed->owner);
    }
    QVERIFY(!ring.placement(64));
    QCOMPARE(core.points.size(), size_t(6 * 32));
    QVERIFY(std::is_sorted(core.points.begin(), core.points.end()));
}

void TstPartitionsModels::ringColoursAndMoves() {
    PartitionRing ring;
    ring.resize(600, 400);
    ring.show();
    ring.setItem(streamJob({"w1", "w2", "w3", "w4", "w5", "w6"}, 64, 16));
    QSet<QRgb> colours;
    for (const char* w : {"w1", "w2", "w3", "w4", "w5", "w6"}) colours.insert(ring.colourOf(w).rgb());
    QCOMPARE(colours.size(), 6);  // told apart
    const QColor w2 = ring.colourOf("w2");
    QVERIFY(!ring.animating());
    // w1 leaves: the move is animated and the colours stay.
    ring.setItem(streamJob({"w2", "w3", "w4", "w5", "w6"}, 64, 16));
    QVERIFY(ring.animating());
    QCOMPARE(ring.colourOf("w2"), w2);
    QTRY_VERIFY_WITH_TIMEOUT(!ring.animating(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(ring.paintedGeneration() == 1, 10000);
    // The same owners again: nothing moves.
    ring.setItem(streamJob({"w2", "w3", "w4", "w5", "w6"}, 64, 16));
    QVERIFY(!ring.animating());
}

QTEST_MAIN(TstPartitionsModels)
#include "tst_partitions_models.moc"
