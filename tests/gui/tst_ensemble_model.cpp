// The dashboard's models without a server, under QAbstractItemModelTester:
// EnsembleModel fed PollResults (made by hand, and from the answers captured
// from real servers in tests/data/monitor), its history rules and timeline
// events (a leader's death and the election after it, quorum lost and
// regained, a restart, a version change), TimelineModel's bound and CSV,
// MetricSeries' bound and buckets, and EnsembleWatch's membership: the
// connect string completed by /zookeeper/config, a member without a client
// address, and garbage.
#include <QAbstractItemModelTester>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "marking_translator.h"
#include "models/ensemble_model.h"
#include "models/metric_series.h"
#include "models/timeline_model.h"
#include "monitor_fixtures.h"  // tests/monitor: the captured answers
#include "session/ensemble_watch.h"
#include "settings/profile_store.h"
#include "zooscope/server_sample.h"

using namespace zooscope::ui;
using zooscope::testing::MarkingTranslator;
using zooscope::monitor::ServerMode;
using zooscope::monitor::NoteKind;
using zooscope::monitor::SampleNote;
using zooscope::monitor::ServerSample;

namespace {

const QString kA = "127.0.0.1:2181", kB = "127.0.0.1:2182", kC = "127.0.0.1:2183";
constexpr qint64 kT0 = 1'700'000'000'000;

ServerSample sample(ServerMode mode, int64_t zxid = 0x100000005, int64_t uptimeMs = 60000) {
    ServerSample s;
    s.mode = mode;
    if (mode != ServerMode::Down && mode != ServerMode::NotServing) {
        s.zxid = zxid;
        s.latency = zooscope::monitor::Latency{0, 1.5, 7};
        s.connections = 2;
        s.outstanding = 0;
        s.znodes = 10;
        s.uptimeMs = uptimeMs;
        s.version = "3.8.0-abc, built on 2022";
        s.packetsReceived = 100;
        s.packetsSent = 100;
    }
    if (mode == ServerMode::Leader) {
        s.followers = 2;
        s.syncedFollowers = 2;
    }
    if (mode == ServerMode::Down) s.notes = {SampleNote{NoteKind::NoAnswer, "srvr", "127.0.0.1:2181", {}, 2000}};
    return s;
}

PollResult at(qint64 t, const QString& server, ServerSample s) { return PollResult{server, std::move(s), t, 3}; }

QStringList kinds(const TimelineModel& m) {
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r) out << m.index(r, 0).data(TimelineModel::KindRole).toString();
    return out;
}

}  // namespace

class TstEnsembleModel : public QObject {
    Q_OBJECT
    std::unique_ptr<EnsembleModel> model_;
    std::unique_ptr<TimelineModel> timeline_;
    std::unique_ptr<QAbstractItemModelTester> testers_[2];

    void feed(qint64 t, ServerMode a, ServerMode b, ServerMode c, int64_t epoch = 1) {
        const int64_t zxid = epoch << 32 | 5;
        model_->apply(at(t, kA, sample(a, zxid)));
        model_->apply(at(t, kB, sample(b, zxid)));
        model_->apply(at(t, kC, sample(c, zxid)));
    }

private slots:
    void init() {
        model_ = std::make_unique<EnsembleModel>();
        timeline_ = std::make_unique<TimelineModel>();
        testers_[0] = std::make_unique<QAbstractItemModelTester>(model_.get(),
                                                                 QAbstractItemModelTester::FailureReportingMode::QtTest);
        testers_[1] = std::make_unique<QAbstractItemModelTester>(timeline_.get(),
                                                                 QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(model_.get(), &EnsembleModel::eventsOccurred, timeline_.get(), &TimelineModel::append);
        model_->setMembers({{kA, 1, false, true}, {kB, 2, false, true}, {kC, 3, false, true}});
    }
    void cleanup() {
        testers_[0].reset();
        testers_[1].reset();
        model_.reset();
        timeline_.reset();
    }

    void rowsAndColumns() {
        QCOMPARE(model_->rowCount(), 3);
        QCOMPARE(model_->columnCount(), int(EnsembleModel::ColumnCount));
        QCOMPARE(model_->index(1, EnsembleModel::ServerColumn).data().toString(), kB);
        // Nothing sampled yet: a mode saying so, no figures, no quorum verdict.
        QCOMPARE(model_->index(0, EnsembleModel::ModeColumn).data().toString(), EnsembleModel::modeText(std::nullopt));
        QVERIFY(model_->index(0, EnsembleModel::ZxidColumn).data().toString().isEmpty());
        model_->apply(at(kT0 - 1000, kA, sample(ServerMode::Leader)));
        QVERIFY(!model_->quorumLost());  // B and C not heard of yet: they might serve
        feed(kT0, ServerMode::Leader, ServerMode::Follower, ServerMode::Follower);
        QCOMPARE(model_->index(0, EnsembleModel::ModeColumn).data(EnsembleModel::ModeNameRole).toString(),
                 QString("leader"));
        QCOMPARE(model_->index(0, EnsembleModel::ZxidColumn).data().toString(), QString("0x100000005"));
        QCOMPARE(model_->index(0, EnsembleModel::EpochColumn).data().toString(), QString("1"));
        QVERIFY(model_->index(0, EnsembleModel::FollowersColumn).data().toString().contains("2"));
        QVERIFY(model_->index(1, EnsembleModel::FollowersColumn).data().toString().isEmpty());
        QCOMPARE(model_->leaderRow(), 0);
        QVERIFY(!model_->quorumLost());
        QCOMPARE(model_->alertCount(), 0);
        QVERIFY(timeline_->rowCount() == 0);  // the first leader seen is no election
    }

    // kill -9 the leader, a new one is elected; kill a second: quorum lost;
    // restart it: regained.
    void leaderDeathElectionAndQuorum() {
        feed(kT0, ServerMode::Leader, ServerMode::Follower, ServerMode::Follower);
        feed(kT0 + 1000, ServerMode::Down, ServerMode::NotServing, ServerMode::NotServing);
        QCOMPARE(model_->leaderRow(), -1);
        // Electing is not losing the quorum: two of three answer.
        QVERIFY(!model_->quorumLost());
        QVERIFY(model_->hasCriticalAlert());  // A is down
        QCOMPARE(model_->index(0, 0).data(EnsembleModel::AlertRulesRole).toStringList(), QStringList{"server-down"});
        QCOMPARE(model_->index(1, 0).data(EnsembleModel::AlertRulesRole).toStringList(), QStringList{"not-serving"});
        feed(kT0 + 2000, ServerMode::Down, ServerMode::Follower, ServerMode::Leader, 2);
        QCOMPARE(model_->leaderRow(), 2);
        QCOMPARE(kinds(*timeline_), (QStringList{"down", "mode", "mode", "mode", "mode", "election"}));
        const TimelineEvent election = timeline_->event(5);
        QCOMPARE(election.server, kC);
        QCOMPARE(election.atMs, kT0 + 2000);
        QVERIFY2(election.text.contains("2"), qPrintable(election.text));  // the epoch

        // The details follow a later language switch (the zh_CN screenshot
        // showed entries worded before it in English): every entry is worded
        // when shown and exported, in the language of that moment.
        {
            const QString before = timeline_->index(5, TimelineModel::DetailsColumn).data().toString();
            QCOMPARE(before, election.text);
            MarkingTranslator marking("zooscope::ui::EnsembleModel");
            QVERIFY(QCoreApplication::installTranslator(&marking));
            for (int r = 0; r < timeline_->rowCount(); ++r) {
                const QString shown = timeline_->index(r, TimelineModel::DetailsColumn).data().toString();
                QVERIFY2(shown.startsWith(QChar(0xab)) && shown != timeline_->event(r).text, qPrintable(shown));
            }
            QVERIFY(QString::fromUtf8(timeline_->toCsv()).contains(QChar(0xab)));
            QCoreApplication::removeTranslator(&marking);
            QCOMPARE(timeline_->index(5, TimelineModel::DetailsColumn).data().toString(), before);
        }
        // An election in the last five minutes is an ensemble alert, then not.
        QCOMPARE(model_->ensembleAlerts().size(), 1);
        QCOMPARE(model_->ensembleAlerts()[0].rule, QString("recent-election"));
        feed(kT0 + 2000 + EnsembleModel::kRecentMs + 1, ServerMode::Down, ServerMode::Follower, ServerMode::Leader, 2);
        QVERIFY(model_->ensembleAlerts().isEmpty());
        // A second death: B alone cannot serve.
        feed(kT0 + 700000, ServerMode::Down, ServerMode::NotServing, ServerMode::Down, 2);
        QVERIFY(model_->quorumLost());
        QCOMPARE(kinds(*timeline_).mid(6), (QStringList{"mode", "down", "quorum-lost"}));
        QCOMPARE(model_->ensembleAlerts()[0].rule, QString("quorum-lost"));
        QVERIFY(model_->ensembleAlerts()[0].critical);
        feed(kT0 + 701000, ServerMode::Down, ServerMode::Leader, ServerMode::Follower, 3);
        QVERIFY(!model_->quorumLost());
        QCOMPARE(kinds(*timeline_).mid(9), (QStringList{"mode", "election", "up", "quorum-regained"}));
    }

    // A member this profile cannot reach might be serving: no quorum alert
    // on the strength of what cannot be seen.
    void unreachableMemberMightServe() {
        model_->setMembers({{kA, 1, false, true}, {kB, 2, false, true}, {"server.3 (10.0.0.3)", 3, false, false}});
        model_->apply(at(kT0, kA, sample(ServerMode::Leader)));
        model_->apply(at(kT0, kB, sample(ServerMode::Down)));
        QVERIFY(!model_->quorumLost());
        QCOMPARE(model_->row(2).mode(), std::optional(ServerMode::Unreachable));
        QCOMPARE(model_->index(2, EnsembleModel::ModeColumn).data().toString(),
                 EnsembleModel::modeText(ServerMode::Unreachable));
    }

    // Core's rules with the profile's thresholds, worded by the model; split
    // brain and a stale leader from two servers saying leader.
    void coreRules() {
        zooscope::monitor::AlertThresholds t;
        t.znodeCount = 5;  // the samples have 10
        model_->setThresholds(t);
        feed(kT0, ServerMode::Leader, ServerMode::Follower, ServerMode::Follower);
        QVERIFY(model_->index(0, 0).data(EnsembleModel::AlertRulesRole).toStringList().contains("too-many-znodes"));
        QVERIFY2(model_->row(0).alerts[0].text.contains("10"), qPrintable(model_->row(0).alerts[0].text));
        QVERIFY(kinds(*timeline_).contains("alert"));
        // Two leaders of one epoch: split brain, on both cards.
        model_->setThresholds({});
        model_->apply(at(kT0 + 1000, kB, sample(ServerMode::Leader)));
        for (int r : {0, 1}) {
            QVERIFY(model_->index(r, 0).data(EnsembleModel::AlertRulesRole).toStringList().contains("split-brain"));
            QVERIFY(model_->row(r).alerts.first().critical);
        }
        QVERIFY(kinds(*timeline_).contains("alert-cleared"));  // the znodes
        // One of them of an older epoch: a stale leader, not split brain.
        model_->apply(at(kT0 + 2000, kA, sample(ServerMode::Leader, 2LL << 32 | 1)));
        QCOMPARE(model_->index(1, 0).data(EnsembleModel::AlertRulesRole).toStringList(), QStringList{"stale-leader"});
        QVERIFY(model_->index(0, 0).data(EnsembleModel::AlertRulesRole).toStringList().isEmpty());
        QCOMPARE(model_->leaderRow(), 0);  // the newer epoch leads
    }

    void restartAndVersionChange() {
        feed(kT0, ServerMode::Leader, ServerMode::Follower, ServerMode::Follower);
        ServerSample younger = sample(ServerMode::Follower, 0x100000005, 2000);
        younger.version = "3.8.1-def, built on 2023";
        model_->apply(at(kT0 + 1000, kB, younger));
        QCOMPARE(kinds(*timeline_), (QStringList{"restart", "version"}));
        QStringList rules = model_->index(1, 0).data(EnsembleModel::AlertRulesRole).toStringList();
        QCOMPARE(rules, (QStringList{"restart", "version-changed"}));
        QCOMPARE(model_->alertCount(), 2);
        // Five minutes on, both are history.
        model_->apply(at(kT0 + 1000 + EnsembleModel::kRecentMs, kB, younger));
        QCOMPARE(model_->alertCount(), 0);
        QCOMPARE(timeline_->rowCount(), 2);
    }

    // The charts' series: a point per sample, packets as a rate, follower lag
    // against the leader; members named again keep theirs (reconnects, a
    // new /zookeeper/config).
    void seriesSurvive() {
        ServerSample leader = sample(ServerMode::Leader, 0x100000010);
        ServerSample follower = sample(ServerMode::Follower, 0x10000000a);
        model_->apply(at(kT0, kA, leader));
        model_->apply(at(kT0, kB, follower));
        leader.packetsReceived = 150;
        leader.packetsSent = 150;
        model_->apply(at(kT0 + 2000, kA, leader));
        model_->apply(at(kT0 + 2000, kB, follower));
        QCOMPARE(model_->row(0).seriesOf(Metric::Znodes).size(), size_t(2));
        QCOMPARE(model_->row(0).seriesOf(Metric::PacketsPerSecond).last().y(), 50.0);
        QCOMPARE(model_->row(1).followerLag, std::optional<qint64>(6));
        QCOMPARE(model_->row(1).seriesOf(Metric::FollowerLag).last().y(), 6.0);
        // A counter that fell (srst, a restart) gives no rate.
        leader.packetsReceived = 1;
        model_->apply(at(kT0 + 3000, kA, leader));
        QCOMPARE(model_->row(0).seriesOf(Metric::PacketsPerSecond).size(), size_t(1));
        model_->setMembers({{kC, 3, false, true}, {kA, 1, false, true}});
        QCOMPARE(model_->rowCount(), 2);
        QCOMPARE(model_->row(1).member.server, kA);
        QCOMPARE(model_->row(1).seriesOf(Metric::Znodes).size(), size_t(3));
        // A result for a server no longer shown is dropped.
        model_->apply(at(kT0 + 4000, kB, follower));
        QCOMPARE(model_->rowOf(kB), -1);
    }

    // The same rows named again (EnsembleWatch re-reads /zookeeper/config
    // every 30 s) are a dataChanged, not a reset: a reset rebuilds every
    // view's rows (the dashboard's cards).
    void sameMembersAreNotAReset() {
        model_->apply(at(kT0, kA, sample(ServerMode::Leader)));
        QSignalSpy resets(model_.get(), &QAbstractItemModel::modelReset);
        QSignalSpy changes(model_.get(), &QAbstractItemModel::dataChanged);
        model_->setMembers({{kA, 11, false, true}, {kB, 12, false, true}, {kC, 13, false, true}});
        QCOMPARE(resets.count(), 0);
        QCOMPARE(changes.count(), 1);
        QCOMPARE(model_->row(0).member.memberId, std::optional<qint64>(11));
        QCOMPARE(model_->row(0).samples, 1);
        // Named twice: still the same three rows.
        model_->setMembers({{kA, 1, false, true}, {kB, 2, false, true}, {kA, 1, false, true}, {kC, 3, false, true}});
        QCOMPARE(resets.count(), 0);
        QCOMPARE(model_->rowCount(), 3);
        // Another order is other rows.
        model_->setMembers({{kB, 2, false, true}, {kA, 1, false, true}, {kC, 3, false, true}});
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model_->row(1).member.server, kA);
        QCOMPARE(model_->row(1).samples, 1);
    }

    // Samples made from the answers real servers gave (the engine's and
    // Apache's captured leader, follower and not-serving words).
    void capturedAnswers_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("engine") << "engine";
        QTest::newRow("apache") << "apache";
    }
    void capturedAnswers() {
        QFETCH(QString, kind);
        const std::string k = kind.toStdString();
        auto fromFixture = [&](const std::string& scenario) {
            return zooscope::monitor::sampleFromFourLetterWords(zooscope::testing::wordsOf(k + "-" + scenario));
        };
        model_->apply(at(kT0, kA, fromFixture("leader")));
        model_->apply(at(kT0, kB, fromFixture("follower")));
        model_->apply(at(kT0, kC, fromFixture("not-serving")));
        QCOMPARE(model_->row(0).mode(), std::optional(ServerMode::Leader));
        QCOMPARE(model_->row(1).mode(), std::optional(ServerMode::Follower));
        QCOMPARE(model_->row(2).mode(), std::optional(ServerMode::NotServing));
        QVERIFY(!model_->index(0, EnsembleModel::VersionColumn).data().toString().isEmpty());
        QVERIFY(model_->index(0, EnsembleModel::VersionColumn).data().toString().startsWith("3.8"));
        QVERIFY(!model_->index(0, EnsembleModel::WatchesColumn).data().toString().isEmpty());
        QVERIFY(!model_->index(1, EnsembleModel::LatencyColumn).data().toString().isEmpty());
        QVERIFY(model_->row(1).followerLag.has_value());
    }

    void timelineBoundAndCsv() {
        TimelineModel t(nullptr, 3);
        QAbstractItemModelTester tester(&t, QAbstractItemModelTester::FailureReportingMode::QtTest);
        t.append({{kT0, kA, EventKind::ServerDown, "a"}, {kT0 + 1, kB, EventKind::Election, "b, \"quoted\""}});
        t.append({{kT0 + 2, QString(), EventKind::QuorumLost, "c\nd"}, {kT0 + 3, kC, EventKind::ServerUp, "e"}});
        QCOMPARE(t.rowCount(), 3);
        QCOMPARE(t.event(0).text, QString("b, \"quoted\""));
        QCOMPARE(t.index(1, TimelineModel::ServerColumn).data().toString(), QString("ensemble"));
        const QByteArray csv = t.toCsv();
        QCOMPARE(csv, QByteArray("time,server,event,details\r\n"
                                 "2023-11-14T22:13:20.001Z,127.0.0.1:2182,election,\"b, \"\"quoted\"\"\"\r\n"
                                 "2023-11-14T22:13:20.002Z,,quorum-lost,\"c\nd\"\r\n"
                                 "2023-11-14T22:13:20.003Z,127.0.0.1:2183,up,e\r\n"));
        // More at once than it holds: the newest.
        QList<TimelineEvent> many;
        for (int i = 0; i < 5; ++i) many.append({kT0 + 10 + i, kA, EventKind::ModeChanged, QString::number(i)});
        t.append(many);
        QCOMPARE(t.rowCount(), 3);
        QCOMPARE(t.event(0).text, QString("2"));
        t.clear();
        QCOMPARE(t.rowCount(), 0);
    }

    void seriesBoundAndBuckets() {
        MetricSeries s(4);
        for (int i = 0; i < 6; ++i) s.append(i * 1000, i == 3 ? 100 : i);
        QCOMPARE(s.size(), size_t(4));
        QCOMPARE(s.points(0, 10).first(), QPointF(2000, 2));
        s.append(1000, 7);  // older than the last: dropped
        QCOMPARE(s.last(), QPointF(5000, 5));
        QCOMPARE(s.points(4000, 10), (QList<QPointF>{{4000, 4}, {5000, 5}}));
        // Two buckets of two: the spike stays.
        QCOMPARE(s.points(0, 2), (QList<QPointF>{{3000, 100}, {5000, 5}}));
        QVERIFY(s.points(6000, 10).isEmpty());
    }

    // Bounded memory: more than an hour of one-second samples of three
    // servers (their times are the clock: no real hour) fill every chart's
    // ring; past that the retained points and their memory stop growing.
    void historyIsBounded() {
        bool withinCapacity = true;
        auto retained = [&] {
            std::pair<size_t, size_t> pointsAndBytes{0, 0};
            for (int r = 0; r < model_->rowCount(); ++r)
                for (const MetricSeries& s : model_->row(r).series) {
                    withinCapacity = withinCapacity && s.size() <= s.capacity() &&
                                     s.bytes() <= s.capacity() * sizeof(QPointF);
                    pointsAndBytes.first += s.size();
                    pointsAndBytes.second += s.bytes();
                }
            return pointsAndBytes;
        };
        const size_t hour = MetricSeries::kDefaultCapacity;  // points: one a second
        std::vector<std::pair<size_t, size_t>> checkpoints;  // after every 10 minutes
        for (size_t second = 0; second < hour * 2; ++second) {
            const qint64 t = kT0 + qint64(second) * 1000;
            for (const QString& server : {kA, kB, kC}) {
                ServerSample s = sample(server == kA ? ServerMode::Leader : ServerMode::Follower,
                                        int64_t(1) << 32 | int64_t(second), 60000 + qint64(second) * 1000);
                s.watches = 3;
                s.approximateDataSize = 1000 + int64_t(second);
                s.packetsReceived = 100 + int64_t(second) * 10;
                s.packetsSent = *s.packetsReceived;
                model_->apply(at(t, server, std::move(s)));
            }
            if ((second + 1) % 600 == 0) checkpoints.push_back(retained());
        }
        QCOMPARE(checkpoints.size(), size_t(12));
        QVERIFY(withinCapacity);
        // Every metric of every server has a line: 7 series x 3 rows.
        const size_t series = size_t(kMetricCount) * 3;
        // Growing for the first hour...
        QVERIFY(checkpoints[0].first < checkpoints[5].first);
        QCOMPARE(checkpoints[0].first, series * 600 - 3);  // the first sample gives no packet rate
        // ...then full, and no more.
        const size_t full = series * hour;
        for (size_t i = 6; i < checkpoints.size(); ++i) {
            QCOMPARE(checkpoints[i].first, full);
            QCOMPARE(checkpoints[i].second, full * sizeof(QPointF));
        }
        QCOMPARE(model_->row(0).seriesOf(Metric::Znodes).points(0, int(hour)).first().x(), double(kT0 + 3600 * 1000));
        // The timeline holds no more than its bound either (a steady
        // ensemble: few events at all).
        QVERIFY(timeline_->rowCount() <= TimelineModel::kDefaultCapacity);
        qInfo("full rings: %zu points, %.2f MiB for 3 servers (%.2f MiB a server)", full,
              double(full * sizeof(QPointF)) / (1 << 20), double(full * sizeof(QPointF)) / 3 / (1 << 20));
    }

    void membership() {
        const QString hosts = "127.0.0.1:35779,127.0.0.1:38047";
        const QString config = "server.1=127.0.0.1:39445:38223:participant;127.0.0.1:35779\n"
                               "server.2=127.0.0.1:57003:54253:participant;0.0.0.0:38047\n"
                               "server.3=127.0.0.1:58931:41907:participant;127.0.0.1:50461\n"
                               "server.4=10.0.0.4:2888:3888:observer\n"
                               "version=100000000\n";
        zooscope::monitor::AdminPorts ports;
        ports.defaultPort = 0;
        ports.perServer["127.0.0.1:50461"] = 9090;
        const EnsembleWatch::Plan plan = EnsembleWatch::plan(hosts, config, ports);
        const QList<EnsembleMember>& m = plan.members;
        QCOMPARE(m.size(), 4);
        QCOMPARE(m[0], (EnsembleMember{"127.0.0.1:35779", 1, false, true}));
        QCOMPARE(m[1], (EnsembleMember{"127.0.0.1:38047", 2, false, true}));
        QCOMPARE(m[2], (EnsembleMember{"127.0.0.1:50461", 3, false, true}));
        QCOMPARE(m[3].memberId, std::optional<qint64>(4));
        QVERIFY(m[3].observer);
        QVERIFY(!m[3].reachable);
        QVERIFY(plan.membership.has_value());
        // Polled: the three with a client address; an AdminServer only where
        // the profile names one.
        QCOMPARE(plan.targets.size(), 3);
        QVERIFY(!plan.targets[0].target.admin);
        QCOMPARE(plan.targets[2].target.admin->port, uint16_t(9090));
        QCOMPARE(plan.targets[2].target.client.port, uint16_t(50461));
        // Garbage, or no /zookeeper/config: the connect string alone.
        QCOMPARE(EnsembleWatch::plan(hosts, "\x01garbage", ports).members.size(), 2);
        QVERIFY(!EnsembleWatch::plan(hosts, "\x01garbage", ports).membership);
        QCOMPARE(EnsembleWatch::plan(hosts, QString(), ports).members.size(), 2);
        QCOMPARE(EnsembleWatch::plan("[::1]:2181", QString(), ports).members[0].server, QString("[::1]:2181"));
        QCOMPARE(EnsembleWatch::plan("", config, ports).members.size(), 4);
    }

    void adminPortsPerProfile() {
        ConnectionProfile p;
        p.name = "x";
        p.hosts = "a:2181,b:2181";
        QCOMPARE(p.adminServerPorts().portFor("a:2181"), uint16_t(8080));
        p.adminPorts = "b:2181=9090, a:2182=1";
        QCOMPARE(p.adminServerPorts().portFor("b:2181"), uint16_t(9090));
        QCOMPARE(p.adminServerPorts().portFor("a:2181"), uint16_t(8080));
        QVERIFY(validateProfile(p).isEmpty());
        p.adminPorts = "b=9090 c:1=x";
        QCOMPARE(validateProfile(p).size(), 2);
        p.adminPorts.clear();
        p.adminPort = 70000;
        QCOMPARE(validateProfile(p).size(), 1);
        p.adminPort = 8081;
        p.adminPorts = "a:2181=9000";
        // Thresholds: by core's keys; the rest stay ZooKeeper's.
        p.alertThresholds = {{"znode-count", 5}, {"average-latency-ms", 20}};
        QVERIFY(validateProfile(p).isEmpty());
        QCOMPARE(p.thresholds().znodeCount, 5.0);
        QCOMPARE(p.thresholds().averageLatencyMs, 20.0);
        QCOMPARE(p.thresholds().connections, zooscope::monitor::AlertThresholds{}.connections);
        // Saved and read back, in QSettings and through the JSON export.
        QTemporaryDir dir;
        QSettings settings(dir.filePath("s.ini"), QSettings::IniFormat);
        ProfileStore store(&settings);
        const QString id = store.save(p);
        const auto back = store.find(id);
        QVERIFY(back);
        QCOMPARE(back->adminPort, 8081);
        QCOMPARE(back->adminPorts, p.adminPorts);
        QCOMPARE(back->alertThresholds, p.alertThresholds);
        QString error;
        const auto imported = ProfileStore::parseJson(ProfileStore::exportJson({*back}), &error);
        QVERIFY2(imported, qPrintable(error));
        QCOMPARE(imported->first().alertThresholds, p.alertThresholds);
        QCOMPARE(imported->first().adminPort, 8081);
        // Saving fewer thresholds forgets the others.
        p.id = id;
        p.alertThresholds = {{"connections", 7}};
        store.save(p);
        QCOMPARE(store.find(id)->alertThresholds, p.alertThresholds);
        // Bad input: a key core does not know, a negative value; skipped by
        // thresholds(), reported by validateProfile.
        p.alertThresholds = {{"no-such-threshold", 1}, {"watch-count", -3}};
        QCOMPARE(validateProfile(p).size(), 2);
        QCOMPARE(p.thresholds().watchCount, zooscope::monitor::AlertThresholds{}.watchCount);
    }

    // A follower still on the old epoch after an election is behind by the
    // leader's epoch's transactions, not by 2^32 per epoch (the lag chart of
    // the zh_CN screenshot showed a spike of 4,939,212,392 after a kill).
    void followerLagAcrossEpochs() {
        model_->apply(at(kT0, kA, sample(ServerMode::Leader, 0x200000003)));
        model_->apply(at(kT0, kB, sample(ServerMode::Follower, 0x10000000a)));
        QCOMPARE(model_->row(1).followerLag, std::optional<qint64>(3));
        QCOMPARE(model_->row(1).seriesOf(Metric::FollowerLag).last().y(), 3.0);
        model_->apply(at(kT0 + 1000, kB, sample(ServerMode::Follower, 0x200000003)));
        QCOMPARE(model_->row(1).followerLag, std::optional<qint64>(0));
    }
};

QTEST_GUILESS_MAIN(TstEnsembleModel)
#include "tst_ensemble_model.moc"
