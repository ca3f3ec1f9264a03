// The Partitions view live (issue 19), on Apache ZooKeeper 3.8 and on the
// engine, with a cluster tab over one root holding:
// - a stream job (16 partitions) run by three of core's stream Workers;
// - a real kazoo SetPartitioner with two members (python3-kazoo);
// - a Kafka layout written here: five brokers leading 7, 6, 4, 3 and 5 of 25
//   partitions (skew +40, +20, -20, -40, 0 %), one partition under-replicated.
// Checked:
// - the PartitionsModel (under QAbstractItemModelTester) names the same
//   members and owners as `zooscope-ctl partitions --json`, Kafka's
//   controller and leaders too;
// - the ring places every partition where core's ring does (its hash
//   position) with the owner core's ringOwners() gives the members;
// - a worker stops: the model and the ring follow through the watches alone
//   (the rescan timer is set far beyond the test), with the move animated;
// - the broker table colours the skew (red, amber, amber, red, none), the
//   under-replicated partition is red and on the timeline; its ISR restored
//   and a broker gone: the view follows through the data and child watches;
// - a row selects its znode in the browser;
// - screenshots of the ring settled and mid-animation, English and Chinese,
//   and of the Kafka table, into $ZS_SCREENSHOT_DIR (run under xvfb-run).
// Every wait has a generous deadline; nothing asserts on time.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtTest>

#include <future>

#include "blocking_call.h"
#include "both_servers.h"
#include "ctl_process.h"
#include "kazoo_set_partitioner.h"
#include "screenshot_support.h"
#include "models/kafka_brokers_model.h"
#include "models/partitions_model.h"
#include "models/timeline_model.h"
#include "session/ensemble_watch.h"
#include "session/recipe_watch.h"
#include "widgets/browser_page.h"
#include "widgets/cluster_tab.h"
#include "widgets/language.h"
#include "widgets/partition_ring.h"
#include "widgets/partitions_page.h"
#include "zooscope/recipes.h"
#include "zooscope/stream.h"

using namespace zooscope;
using namespace zooscope::ui;
using namespace zooscope::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kWaitMs = 60000;  // a wait, never an assertion on time
constexpr int kPartitions = 16;
constexpr int kVnodes = 16;
const QString kPython = QStringLiteral("/usr/bin/python3");  // the one with python3-kazoo

// Leaders per broker 1..5 over 25 partitions: mean 5, skew +40, +20, -20, -40, 0 %.
constexpr int kLeadersOf[] = {7, 6, 4, 3, 5};

QStringList strings(const QJsonValue& v) {
    QStringList out;
    for (const QJsonValue& e : v.toArray()) out << e.toString();
    return out;
}

QStringList members(const readers::PartitionItem& item) {
    QStringList out;
    for (const std::string& m : item.members) out << QString::fromStdString(m);
    return out;
}

}  // namespace

class TstPartitionsView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void liveLayouts_data() { BothServers::addRows(); }
    void liveLayouts();

private:
    QString serverName() {
        QFETCH(QString, server);
        return server;
    }
    QString hosts() { return QString::fromStdString(servers_.current()->connectString()); }
    bool create(recipes::Session& s, const std::string& path, const std::string& data,
                proto::CreateMode mode = proto::CreateMode::Persistent);
    bool setData(recipes::Session& s, const std::string& path, const std::string& data);
    void writeKafka(recipes::Session& s, const std::string& root);
    // "" when the model says what `zooscope-ctl partitions --json` says about `root`.
    QString disagreement(const PartitionsModel& model, const QString& root);
    // "" when the ring shows `job` with core's ring for its members.
    QString ringDisagreement(const PartitionsPage& page, const PartitionsModel& model, const QString& job);
    void save(QWidget* w, const QString& name);

    BothServers servers_;
    QTemporaryDir dir_;
    QString shots_;
};

void TstPartitionsView::initTestCase() {
    QVERIFY2(QFileInfo(ctlExe()).isExecutable(), qPrintable(ctlExe() + " is not built"));
    shots_ = qEnvironmentVariable("ZS_SCREENSHOT_DIR", dir_.filePath("shots"));
    QDir().mkpath(shots_);
    std::string error;
    QVERIFY2(servers_.start(&error), error.c_str());
}

void TstPartitionsView::cleanupTestCase() { servers_.stop(); }

bool TstPartitionsView::create(recipes::Session& s, const std::string& path, const std::string& data,
                               proto::CreateMode mode) {
    client::CreateOptions o;
    o.mode = mode;
    auto r = blockingCall<client::Created>([&](auto cb) { s.client().create(path, data, o, cb); });
    if (!r.ok()) qWarning("create %s: %s", path.c_str(), r.message.c_str());
    return r.ok();
}

bool TstPartitionsView::setData(recipes::Session& s, const std::string& path, const std::string& data) {
    return blockingCall<proto::Stat>([&](auto cb) { s.client().setData(path, data, -1, cb); }).ok();
}

void TstPartitionsView::writeKafka(recipes::Session& s, const std::string& root) {
    const std::string k = root + "/kafka";
    for (const std::string& p : {k, k + "/brokers", k + "/brokers/ids", k + "/brokers/topics"}) QVERIFY(create(s, p, ""));
    QVERIFY(create(s, k + "/controller", R"({"version":1,"brokerid":2,"timestamp":"1700000000000"})",
                   proto::CreateMode::Ephemeral));
    QVERIFY(create(s, k + "/controller_epoch", "3"));
    for (int b = 1; b <= 5; ++b)
        QVERIFY(create(s, k + "/brokers/ids/" + std::to_string(b),
                       R"({"host":"127.0.0.1","port":)" + std::to_string(9090 + b) + "}", proto::CreateMode::Ephemeral));
    // Partition i: leader as kLeadersOf says, replicas [leader, next broker]; ISR short on partition 0.
    std::vector<int> leader;
    for (int b = 1; b <= 5; ++b)
        for (int n = 0; n < kLeadersOf[b - 1]; ++n) leader.push_back(b);
    std::string assignment = R"({"version":3,"partitions":{)";
    for (size_t p = 0; p < leader.size(); ++p)
        assignment += (p ? "," : "") + ("\"" + std::to_string(p) + "\":[") + std::to_string(leader[p]) + "," +
                      std::to_string(leader[p] % 5 + 1) + "]";
    assignment += "}}";
    QVERIFY(create(s, k + "/brokers/topics/events", assignment));
    QVERIFY(create(s, k + "/brokers/topics/events/partitions", ""));
    for (size_t p = 0; p < leader.size(); ++p) {
        const std::string dir = k + "/brokers/topics/events/partitions/" + std::to_string(p);
        const std::string isr = p == 0 ? "[" + std::to_string(leader[p]) + "]"
                                       : "[" + std::to_string(leader[p]) + "," + std::to_string(leader[p] % 5 + 1) + "]";
        QVERIFY(create(s, dir, ""));
        QVERIFY(create(s, dir + "/state",
                       R"({"controller_epoch":3,"leader":)" + std::to_string(leader[p]) + R"(,"leader_epoch":1,"isr":)" +
                           isr + "}"));
    }
}

QString TstPartitionsView::disagreement(const PartitionsModel& model, const QString& root) {
    const Run run = runCtl({"--connect", hosts(), "--json", "partitions", "--root", root});
    if (run.code != 0) return run.describe();
    const QJsonArray items = QJsonDocument::fromJson(run.out).object()[QStringLiteral("items")].toArray();
    QStringList bad;
    if (model.rowCount() != items.size())
        bad << QStringLiteral("%1 rows, zooscope-ctl %2 items").arg(model.rowCount()).arg(items.size());
    for (const QJsonValue& v : items) {
        const QString path = v[QStringLiteral("path")].toString();
        const int row = model.rowOf(path);
        if (row < 0) {
            bad << "no row " + path;
            continue;
        }
        const readers::PartitionItem& item = model.item(row);
        if (QString::fromLatin1(readers::partitionRecipeName(item.recipe)) != v[QStringLiteral("recipe")].toString())
            bad << path + ": recipe";
        if (members(item) != strings(v[QStringLiteral("members")]))
            bad << path + ": members " + members(item).join(',') + ", ctl " + strings(v[QStringLiteral("members")]).join(',');
        // Every partition row's owner against the ctl's assignments.
        const QJsonObject assignments = v[QStringLiteral("assignments")].toObject();
        const QModelIndex parent = model.index(row, 0);
        if (model.rowCount(parent) != assignments.size())
            bad << QStringLiteral("%1: %2 partitions, ctl %3").arg(path).arg(model.rowCount(parent)).arg(assignments.size());
        for (int r = 0; r < model.rowCount(parent); ++r) {
            const QString name = model.index(r, PartitionsModel::NameColumn, parent).data().toString();
            const QString owner = model.index(r, 0, parent).data(PartitionsModel::OwnerRole).toString();
            const QString want = assignments[name].isNull() ? QString() : assignments[name].toString();
            if (owner != want) bad << QStringLiteral("%1 %2: owner '%3', ctl '%4'").arg(path, name, owner, want);
        }
        if (item.recipe == readers::PartitionRecipe::Kafka &&
            QString::fromStdString(item.controller.value_or("")) != v[QStringLiteral("controller")].toString())
            bad << path + ": controller";
    }
    return bad.join('\n');
}

QString TstPartitionsView::ringDisagreement(const PartitionsPage& page, const PartitionsModel& model, const QString& job) {
    const int row = model.rowOf(job);
    if (row < 0) return "no row " + job;
    if (page.shownPath() != job) return "the ring shows " + page.shownPath();
    const readers::PartitionItem& item = model.item(row);
    const std::vector<std::string> owners = stream::ringOwners(item.members, kPartitions, kVnodes);
    const PartitionRing* ring = page.ring();
    if (ring->partitions() != kPartitions) return QStringLiteral("the ring has %1 partitions").arg(ring->partitions());
    QStringList bad;
    for (int p = 0; p < kPartitions; ++p) {
        const auto placed = ring->placement(p);
        const double angle = double(stream::ringHash(std::to_string(p))) / 18446744073709551616.0 * 360.0;
        if (!placed || std::abs(placed->angleDegrees - angle) > 1e-9)
            bad << QStringLiteral("partition %1 not at %2°").arg(p).arg(angle);
        else if (placed->owner != QString::fromStdString(owners[size_t(p)]) ||
                 ring->ringOwner(p) != QString::fromStdString(owners[size_t(p)]))
            bad << QStringLiteral("partition %1 drawn for '%2', core's ring gives '%3'")
                       .arg(p)
                       .arg(placed->owner, QString::fromStdString(owners[size_t(p)]));
    }
    return bad.join('\n');
}

void TstPartitionsView::save(QWidget* w, const QString& name) {
    const QImage shot = w->grab().toImage();
    const QString file = shots_ + "/" + name + ".png";
    QVERIFY2(shot.width() > 600 && shot.height() > 300 && distinctColours(shot) > 20, qPrintable(name));
    QVERIFY2(shot.save(file), qPrintable(file));
    qInfo("saved %s", qPrintable(file));
}

void TstPartitionsView::liveLayouts() {
    const std::string root = "/parts-" + serverName().toStdString();
    const QString qroot = QString::fromStdString(root);
    const QString job = qroot + "/job";
    client::ClientOptions options;
    options.connectString = hosts().toStdString();
    std::string error;
    auto writer = recipes::Session::connect(options, &error);
    QVERIFY2(writer, error.c_str());
    QVERIFY(writer->waitConnected(30s).ok());
    QVERIFY(create(*writer, root, ""));

    // The stream job and three workers.
    stream::JobConfig config;
    config.partitions = kPartitions;
    config.vnodes = kVnodes;
    config.ratePerPartition = 5;
    auto done = std::make_shared<std::promise<stream::Status>>();
    auto setUp = done->get_future();
    stream::setupJob(writer->client(), job.toStdString(), config,
                     [done](stream::Result<client::Empty> r) { done->set_value(r); });
    QVERIFY(setUp.wait_for(30s) == std::future_status::ready);
    const stream::Status set = setUp.get();
    QVERIFY2(set.ok(), set.message.c_str());
    std::map<std::string, std::unique_ptr<stream::Worker>> workers;
    auto startWorker = [&](const std::string& id) {
        stream::WorkerOptions o;
        o.client.connectString = hosts().toStdString();
        o.client.sessionTimeout = 10s;
        o.job = job.toStdString();
        o.id = id;
        std::string why;
        auto w = stream::Worker::start(o, &why);
        if (!w || !w->waitStarted(30s).ok()) return why.empty() ? std::string("not started") : why;
        workers[id] = std::move(w);
        return std::string();
    };
    for (const char* id : {"w1", "w2", "w3"}) {
        const std::string why = startWorker(id);
        QVERIFY2(why.empty(), why.c_str());
    }
    // The kazoo SetPartitioner and the Kafka layout.
    QProcess py;
    py.start(kPython, {"-c", kKazooSetPartitioner, hosts(), qroot + "/sp"});
    QVERIFY(py.waitForStarted(10000));
    writeKafka(*writer, root);

    // The cluster tab.
    ConnectionProfile profile;
    profile.name = QStringLiteral("Partitions (%1)").arg(serverName());
    profile.hosts = hosts();
    profile.adminPort = 0;
    QWidget window;
    auto* layout = new QVBoxLayout(&window);
    auto* tab = new ClusterTab(profile, QString());
    layout->addWidget(tab);
    window.resize(1360, 700);
    window.show();
    RecipeWatch* watch = tab->recipes();
    PartitionsPage* page = tab->partitionsPage();
    PartitionsModel* model = watch->partitions();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester brokersTester(page->brokers(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    watch->setRescanIntervalMs(3600 * 1000);  // only watches bring the changes after the first scan
    watch->setRoot(qroot);
    tab->pages()->setCurrentWidget(page);

    QDeadlineTimer pyDeadline(kWaitMs);
    while (!py.canReadLine() && py.state() == QProcess::Running && !pyDeadline.hasExpired()) py.waitForReadyRead(200);
    const QJsonObject owned = QJsonDocument::fromJson(py.readLine()).object();
    QVERIFY2(owned.contains("m1") && owned.contains("m2"), qPrintable(QString::fromUtf8(py.readAllStandardError())));

    // Settled: three layouts, agreeing with zooscope-ctl; the stream job on
    // its final assignment (every partition owned as core's ring says).
    QString why;
    QVERIFY2(QTest::qWaitFor([&] {
                 if (model->rowCount() != 3) {
                     why = QStringLiteral("%1 rows").arg(model->rowCount());
                     return false;
                 }
                 return (why = ringDisagreement(*page, *model, job)).isEmpty() &&
                        (why = disagreement(*model, qroot)).isEmpty();
             }, kWaitMs),
             qPrintable(why));
    QCOMPARE(members(model->item(model->rowOf(job))), (QStringList{"w1", "w2", "w3"}));
    // The kazoo owners are the ones the partitioners report about themselves.
    {
        const int row = model->rowOf(qroot + "/sp");
        QVERIFY(row >= 0);
        const readers::PartitionItem& sp = model->item(row);
        QCOMPARE(members(sp), (QStringList{"m1", "m2"}));
        for (const QString& member : {QStringLiteral("m1"), QStringLiteral("m2")})
            for (const QString& item : strings(owned[member]))
                QCOMPARE(QString::fromStdString(sp.assignments.at(item.toStdString()).value_or("")), member);
    }
    QTRY_COMPARE_WITH_TIMEOUT(watch->layoutsWatched(), 3, kWaitMs);

    // Kafka: skew colours, the under-replicated partition red and on the timeline.
    const int kafkaRow = model->rowOf(qroot + "/kafka");
    QVERIFY(kafkaRow >= 0);
    page->showItem(qroot + "/kafka");
    KafkaBrokersModel* brokers = page->brokers();
    QCOMPARE(brokers->rowCount(), 5);
    using Skew = KafkaBrokersModel::Skew;
    const Skew levels[] = {Skew::Red, Skew::Amber, Skew::Amber, Skew::Red, Skew::Even};
    for (int b = 0; b < 5; ++b) {
        QCOMPARE(brokers->index(b, KafkaBrokersModel::SkewColumn).data(KafkaBrokersModel::SkewLevelRole).toInt(),
                 int(levels[b]));
        const QVariant background = brokers->index(b, KafkaBrokersModel::SkewColumn).data(Qt::BackgroundRole);
        QCOMPARE(background.isValid(), levels[b] != Skew::Even);
    }
    QVERIFY(brokers->index(1, KafkaBrokersModel::BrokerColumn).data().toString().contains("2"));
    QCOMPARE(brokers->controller(), QStringLiteral("2"));
    {
        const QModelIndex kafka = model->index(kafkaRow, 0);
        QCOMPARE(model->rowCount(kafka), 25);
        const QModelIndex p0 = model->index(0, 0, kafka);
        QCOMPARE(p0.data().toString(), QStringLiteral("events/0"));
        QVERIFY(p0.data(PartitionsModel::HighlightsRole).toInt() & PartitionsModel::UnderReplicated);
        QVERIFY(p0.data(Qt::BackgroundRole).isValid());
        QCOMPARE(model->index(0, PartitionsModel::IsrColumn, kafka).data().toString(), QStringLiteral("1"));
        QVERIFY(!(model->index(1, 0, kafka).data(PartitionsModel::HighlightsRole).toInt() & PartitionsModel::UnderReplicated));
    }
    auto urpOnTimeline = [&] {
        int n = 0;
        for (const TimelineEvent& e : tab->ensemble()->timeline()->events())
            n += e.kind == EventKind::UnderReplicated && e.text.contains("events/0");
        return n;
    };
    QCOMPARE(urpOnTimeline(), 1);
    tab->pages()->setCurrentWidget(page);
    page->view()->expand(page->view()->model()->index(kafkaRow, 0));
    save(&window, "partitions_kafka_" + serverName());

    // Kafka live: the ISR restored (a data watch) and broker 4 gone (a child watch).
    const std::string state0 = root + "/kafka/brokers/topics/events/partitions/0/state";
    QVERIFY(setData(*writer, state0, R"({"controller_epoch":3,"leader":1,"leader_epoch":2,"isr":[1,2]})"));
    QVERIFY(blockingCall<client::Empty>([&](auto cb) { writer->client().remove(root + "/kafka/brokers/ids/4", -1, cb); }).ok());
    QVERIFY2(QTest::qWaitFor([&] {
                 const readers::PartitionItem& k = model->item(model->rowOf(qroot + "/kafka"));
                 return k.underReplicated.empty() && members(k) == QStringList{"1", "2", "3", "5"} &&
                        (why = disagreement(*model, qroot)).isEmpty();
             }, kWaitMs),
             qPrintable(why));
    QCOMPARE(brokers->rowCount(), 4);

    // The ring, settled; a row selects its znode in the browser.
    page->showItem(job);
    QCOMPARE(page->shownPath(), job);
    QVERIFY(page->ring()->isVisible());
    save(&window, "partitions_ring_" + serverName());
    {
        const QModelIndex jobIndex = model->index(model->rowOf(job), 0);
        const QModelIndex p3 = model->index(3, 0, jobIndex);
        emit page->view()->activated(p3);
        QCOMPARE(tab->pages()->currentWidget(), static_cast<QWidget*>(tab->browser()));
        QTRY_COMPARE_WITH_TIMEOUT(tab->browser()->currentPath(), p3.data(PartitionsModel::PathRole).toString(), kWaitMs);
        QVERIFY(p3.data(PartitionsModel::PathRole).toString().startsWith(job + "/"));
        tab->pages()->setCurrentWidget(page);
    }

    // A worker stops: the model and the ring follow, the move animated.
    bool sawMove = false;
    const auto moves = connect(page->ring(), &PartitionRing::painted, this, [&] { sawMove |= page->ring()->animating(); });
    auto stopAndFollow = [&](const std::string& id, const QString& shot) {
        workers.at(id)->stop();
        workers.erase(id);
        QStringList want;
        for (const auto& [w, worker] : workers) want << QString::fromStdString(w);
        if (!shot.isEmpty()) {
            // Mid-animation: about half way through the move.
            QVERIFY2(QTest::qWaitFor([&] { return page->ring()->animating(); }, kWaitMs), "the ring never moved");
            QTest::qWait(PartitionRing::kMoveMs / 2);
            save(&window, shot);
        }
        QVERIFY2(QTest::qWaitFor([&] {
                     const int row = model->rowOf(job);
                     if (row < 0 || members(model->item(row)) != want) {
                         why = "members " + (row < 0 ? QString() : members(model->item(row)).join(','));
                         return false;
                     }
                     return (why = ringDisagreement(*page, *model, job)).isEmpty() &&
                            (why = disagreement(*model, qroot)).isEmpty();
                 }, kWaitMs),
                 qPrintable(why));
    };
    stopAndFollow("w1", serverName() == QLatin1String("engine") ? QStringLiteral("partitions_ring_moving") : QString());
    if (QTest::currentTestFailed()) return;
    QTRY_VERIFY_WITH_TIMEOUT(sawMove, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!page->ring()->animating(), kWaitMs);
    if (serverName() == QLatin1String("engine")) {
        save(&window, "partitions_ring_after_stop");
        // Chinese: a worker joins, then the ring mid-move and settled.
        QVERIFY(switchLanguage("zh_CN", chineseCatalogue(dir_.filePath("i18n"))));
        QTest::qWait(100);
        QVERIFY(page->statusText().contains(QStringLiteral("已")) || page->statusText().contains(QStringLiteral("根")));
        const std::string started = startWorker("w4");
        QVERIFY2(started.empty(), started.c_str());
        QVERIFY2(QTest::qWaitFor([&] { return page->ring()->animating(); }, kWaitMs), "the ring never moved");
        QTest::qWait(PartitionRing::kMoveMs / 2);
        save(&window, "partitions_ring_moving_zh_CN");
        QVERIFY2(QTest::qWaitFor([&] {
                     const int row = model->rowOf(job);
                     return row >= 0 && members(model->item(row)) == QStringList{"w2", "w3", "w4"} &&
                            (why = ringDisagreement(*page, *model, job)).isEmpty();
                 }, kWaitMs),
                 qPrintable(why));
        QTRY_VERIFY_WITH_TIMEOUT(!page->ring()->animating(), kWaitMs);
        save(&window, "partitions_ring_zh_CN");
        page->showItem(qroot + "/kafka");
        save(&window, "partitions_kafka_zh_CN");
        switchLanguage("en", chineseCatalogue(dir_.filePath("i18n")));
    }
    disconnect(moves);

    for (auto& [id, w] : workers) w->stop();
    py.closeWriteChannel();
    QVERIFY(py.waitForFinished(30000));
    writer->close();
}

QTEST_MAIN(TstPartitionsView)
#include "tst_partitions_view.moc"
