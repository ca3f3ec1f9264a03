// The built-in alert rules (zooscope/alert_rules.h) on samples read from the
// answers captured in tests/data/monitor/ (docs/monitoring.md): the fixed
// list of names, thresholds as a profile sets them (bad ones refused), each
// of ZooKeeper's gauges on both sides of its threshold, the quorum over
// members answering, down, unreachable and observing, split brain and a
// stale leader from captured leaders' answers (one with its zxid moved to a
// later epoch, as a newly elected leader's reads), a follower behind, and
// garbage samples. No server is started here.
#include <QtTest>

#include <algorithm>
#include <random>
#include <set>

#include "monitor_fixtures.h"
#include "zooscope/alert_rules.h"

using namespace zooscope::monitor;
using namespace zooscope::testing;

namespace {

// Both sources of one captured scenario, merged as a probe merges them.
ServerSample capturedSample(const std::string& scenario) {
    return mergeSamples(sampleFromFourLetterWords(wordsOf(scenario)), sampleFromAdminServer(adminOf(scenario)));
}

// A scenario's srvr alone (ZooKeeper 3.8's default whitelist), with its
// "Zxid:" line replaced when `zxid` is given.
ServerSample srvrSample(const std::string& scenario, const char* zxid = nullptr) {
    std::string srvr = fixture(scenario, "4lw/srvr.txt");
    if (zxid) {
        const size_t at = srvr.find("Zxid: ");
        if (at == std::string::npos) qFatal("%s: srvr has no Zxid line", scenario.c_str());
        srvr.replace(at, srvr.find('\n', at) - at, std::string("Zxid: ") + zxid);
    }
    FourLetterAnswers words;
    words.srvr = srvr;
    return sampleFromFourLetterWords(words);
}

ServerSample modeOnly(ServerMode mode) {
    ServerSample s;
    s.mode = mode;
    return s;
}

Membership capturedMembership() {
    const ServerConf conf = must(parseConf(fixture("apache-leader", "4lw/conf.txt")), "conf");
    if (!conf.membership) qFatal("the captured leader's conf has no membership");
    return *conf.membership;
}

// "rule@server" for each alert (the ensemble's: "rule@"), in order.
QStringList names(const std::vector<Alert>& alerts) {
    QStringList out;
    for (const Alert& a : alerts) out << QString::fromStdString(std::string(alertRuleName(a.rule)) + "@" + a.server);
    return out;
}

const Alert* find(const std::vector<Alert>& alerts, AlertRule rule) {
    const auto it = std::find_if(alerts.begin(), alerts.end(), [&](const Alert& a) { return a.rule == rule; });
    return it == alerts.end() ? nullptr : &*it;
}

}  // namespace

class TstAlertRules : public QObject {
    Q_OBJECT

private slots:
    // The documented list (docs/monitoring.md): names never change.
    void fixedNames() {
        const QStringList documented = {"server-down",         "too-many-znodes",        "too-many-connections",
                                        "data-size-too-big",   "too-many-watches",       "too-many-open-files",
                                        "fsync-time-too-long", "snapshot-time-too-long", "average-latency-too-high",
                                        "not-serving",         "quorum-lost",            "follower-behind",
                                        "split-brain",         "stale-leader"};
        QStringList listed;
        for (const AlertRule r : allAlertRules()) {
            listed << QString::fromStdString(std::string(alertRuleName(r)));
            QCOMPARE(alertRuleFromName(alertRuleName(r)), std::optional<AlertRule>(r));
        }
        QCOMPARE(listed, documented);
        QVERIFY(!alertRuleFromName("Server-Down"));
        QVERIFY(!alertRuleFromName(""));
    }

    void thresholds() {
        AlertThresholds t;
        std::string error;
        QVERIFY(setThreshold(&t, "znode-count=5", &error));
        QCOMPARE(t.znodeCount, 5.0);
        QVERIFY(setThreshold(&t, "average-latency-ms=2.5", &error));
        QCOMPARE(t.averageLatencyMs, 2.5);
        QVERIFY(setThreshold(&t, "data-size-bytes=1e3", &error));
        QCOMPARE(t.dataSizeBytes, 1000.0);
        QVERIFY(setThreshold(&t, "follower-lag-zxids=0", &error));
        QCOMPARE(t.followerLagZxids, 0.0);
        // Every key of the list sets its own field and nothing else.
        for (const ThresholdKey& k : thresholdKeys()) {
            AlertThresholds fresh;
            QVERIFY(setThreshold(&fresh, std::string(k.key) + "=7", &error));
            QCOMPARE(fresh.*(k.field), 7.0);
            int changed = 0;
            for (const ThresholdKey& other : thresholdKeys()) changed += fresh.*(other.field) != AlertThresholds{}.*(other.field);
            QCOMPARE(changed, 1);
        }
        // Bad input: refused with a sentence, the thresholds untouched.
        const AlertThresholds before = t;
        for (const char* bad : {"znodes=5", "znode-count", "znode-count=", "znode-count=abc", "znode-count=-1",
                                "znode-count=nan", "znode-count=inf", "znode-count=5 ", "=5", ""}) {
            error.clear();
            QVERIFY2(!setThreshold(&t, bad, &error), bad);
            QVERIFY2(!error.empty(), bad);
            QCOMPARE(t.znodeCount, before.znodeCount);
        }
        QVERIFY(!setThreshold(&t, "znodes=5", &error));
        QVERIFY2(error.find("znode-count") != std::string::npos, error.c_str());  // names the known keys
    }

    // A healthy captured ensemble raises nothing at the official defaults,
    // on either kind of server, from either source.
    void healthyEnsembleIsQuiet_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("apache") << "apache";
        QTest::newRow("engine") << "engine";
    }
    void healthyEnsembleIsQuiet() {
        QFETCH(QString, kind);
        const std::string k = kind.toStdString();
        EnsembleObservation e;
        e.membership = capturedMembership();
        e.servers = {{"leader:1", 3, capturedSample(k + "-leader")},
                     {"follower:1", 1, capturedSample(k + "-follower")},
                     {"follower:2", 2, srvrSample(k + "-follower")}};
        QCOMPARE(names(evaluateAlerts(e)), QStringList{});
        // A standalone server, both sources, and srvr alone.
        QCOMPARE(names(evaluateAlerts({{{"alone:1", {}, capturedSample(k + "-standalone")}}, {}})), QStringList{});
        QCOMPARE(names(evaluateAlerts({{{"alone:1", {}, srvrSample(k + "-default-whitelist")}}, {}})), QStringList{});
    }

    // ZooKeeper's gauges: a threshold equal to the value is quiet, one below
    // fires (strictly above, as its rules compare), on the captured values.
    void gaugesAtTheirThresholds_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<double>("value");
        const ServerSample s = capturedSample("apache-leader");
        QVERIFY(s.znodes && s.connections && s.approximateDataSize && s.watches && s.openFileDescriptors &&
                s.latency);
        QTest::newRow("znodes") << "znode-count" << "too-many-znodes" << double(*s.znodes);
        QTest::newRow("connections") << "connections" << "too-many-connections" << double(*s.connections);
        QTest::newRow("data size") << "data-size-bytes" << "data-size-too-big" << double(*s.approximateDataSize);
        QTest::newRow("watches") << "watch-count" << "too-many-watches" << double(*s.watches);
        QTest::newRow("fds") << "open-file-descriptors" << "too-many-open-files" << double(*s.openFileDescriptors);
        QTest::newRow("latency") << "average-latency-ms" << "average-latency-too-high" << s.latency->avgMs;
    }
    void gaugesAtTheirThresholds() {
        QFETCH(QString, key);
        QFETCH(QString, rule);
        QFETCH(double, value);
        QVERIFY(value > 0);
        const EnsembleObservation e{{{"leader:1", {}, capturedSample("apache-leader")}}, {}};
        AlertThresholds t;
        std::string error;
        QVERIFY(setThreshold(&t, key.toStdString() + "=" + QString::number(value, 'g', 17).toStdString(), &error));
        QCOMPARE(names(evaluateAlerts(e, t)), QStringList{});
        QVERIFY(setThreshold(&t, key.toStdString() + "=" + QString::number(value / 2, 'g', 17).toStdString(), &error));
        const auto alerts = evaluateAlerts(e, t);
        QCOMPARE(names(alerts), QStringList{rule + "@leader:1"});
        QCOMPARE(alerts[0].severity, AlertSeverity::Warning);
        QVERIFY2(alerts[0].detail.find("leader:1") != std::string::npos, alerts[0].detail.c_str());
        // srvr alone has no watches, data size or descriptors: those never fire.
        const EnsembleObservation bare{{{"leader:1", {}, srvrSample("apache-leader")}}, {}};
        AlertThresholds zero;
        for (const ThresholdKey& k : thresholdKeys()) zero.*(k.field) = 0;
        const QStringList fromSrvr = names(evaluateAlerts(bare, zero));
        for (const char* absent : {"too-many-watches", "data-size-too-big", "too-many-open-files",
                                   "fsync-time-too-long", "snapshot-time-too-long"})
            QVERIFY(!fromSrvr.contains(QString(absent) + "@leader:1"));
        QVERIFY(fromSrvr.contains("too-many-znodes@leader:1"));
    }

    // fsync and snapshot time: the summary's sum over the uptime, in ms per
    // second (the captured leader: 5 fsyncs of 0.6 ms and 1 snapshot of 1 ms).
    void timeSpentPerSecond() {
        ServerSample s = capturedSample("apache-leader");
        QVERIFY(s.fsync && s.snapshot && s.uptimeMs);
        const double fsyncRate = s.fsync->avgMs * double(s.fsync->count) / (double(*s.uptimeMs) / 1000);
        QVERIFY(fsyncRate > 0);
        AlertThresholds t;
        t.fsyncMsPerSecond = fsyncRate * 1.01;
        QCOMPARE(names(evaluateAlerts({{{"l:1", {}, s}}, {}}, t)), QStringList{});
        t.fsyncMsPerSecond = fsyncRate * 0.99;
        QCOMPARE(names(evaluateAlerts({{{"l:1", {}, s}}, {}}, t)), QStringList{"fsync-time-too-long@l:1"});
        // A heavy disk at the defaults: 300 fsyncs of 500 ms in one minute.
        s.fsync = TimingSummary{500, 900, 300};
        s.snapshot = TimingSummary{20000, 20000, 1};
        s.uptimeMs = 60'000;
        QCOMPARE(names(evaluateAlerts({{{"l:1", {}, s}}, {}})),
                 (QStringList{"fsync-time-too-long@l:1", "snapshot-time-too-long@l:1"}));
        s.uptimeMs = 0;  // no window: nothing to say
        QCOMPARE(names(evaluateAlerts({{{"l:1", {}, s}}, {}})), QStringList{});
    }

    // The captured last node standing (its two peers killed): not serving,
    // the others down, the quorum lost, on both kinds of server.
    void quorumLost_data() { healthyEnsembleIsQuiet_data(); }
    void quorumLost() {
        QFETCH(QString, kind);
        const std::string k = kind.toStdString();
        EnsembleObservation e;
        e.servers = {{"a:1", {}, modeOnly(ServerMode::Down)},
                     {"b:1", {}, capturedSample(k + "-not-serving")},
                     {"c:1", {}, modeOnly(ServerMode::Down)}};
        QCOMPARE(e.servers[1].sample.mode, std::optional<ServerMode>(ServerMode::NotServing));
        auto alerts = evaluateAlerts(e);
        QCOMPARE(names(alerts), (QStringList{"server-down@a:1", "not-serving@b:1", "server-down@c:1", "quorum-lost@"}));
        QCOMPARE(find(alerts, AlertRule::QuorumLost)->severity, AlertSeverity::Critical);
        QCOMPARE(find(alerts, AlertRule::ServerDown)->severity, AlertSeverity::Critical);
        QCOMPARE(find(alerts, AlertRule::QuorumLost)->detail, std::string("1 of 3 voters answer; a quorum needs 2"));
        // The same with the membership read earlier: ids from the members.
        e.membership = capturedMembership();
        e.servers[0].memberId = 1;
        e.servers[1].memberId = 2;
        e.servers[2].memberId = 3;
        QVERIFY(find(evaluateAlerts(e), AlertRule::QuorumLost));
        // One peer back (the captured follower): a quorum answers again.
        e.servers[0].sample = capturedSample(k + "-follower");
        e.servers[0].memberId.reset();  // matched by the serverId the follower reports: 1
        QCOMPARE(e.servers[0].sample.serverId, std::optional<int64_t>(1));
        alerts = evaluateAlerts(e);
        QVERIFY(!find(alerts, AlertRule::QuorumLost));
        QCOMPARE(names(alerts), (QStringList{"not-serving@b:1", "server-down@c:1"}));
    }

    // Members this profile cannot reach are not counted as down: the rule
    // fires only when they could not make a quorum either.
    void quorumWithUnreachableAndObservers() {
        Membership m = capturedMembership();  // voters 1, 2, 3
        EnsembleObservation e;
        e.membership = m;
        e.servers = {{"a:1", 1, capturedSample("apache-leader")}, {"b:1", 2, modeOnly(ServerMode::Unreachable)}};
        // 3 is not observed at all, 2 unreachable: 1 answers, 2 unknown.
        QVERIFY(!find(evaluateAlerts(e), AlertRule::QuorumLost));
        e.servers.push_back({"c:1", 3, modeOnly(ServerMode::Down)});
        QVERIFY(!find(evaluateAlerts(e), AlertRule::QuorumLost));  // 1 up + 1 unknown = 2
        e.servers[0].sample = modeOnly(ServerMode::Down);
        const auto alerts = evaluateAlerts(e);
        QVERIFY(find(alerts, AlertRule::QuorumLost));  // 0 up + 1 unknown < 2
        QCOMPARE(find(alerts, AlertRule::QuorumLost)->detail, std::string("0 of 3 voters answer; a quorum needs 2"));
        // Observers are not voters: five members, two observers, two voters down.
        EnsembleMember o4 = m.members[0], o5 = m.members[0];
        o4.id = 4, o5.id = 5;
        o4.observer = o5.observer = true;
        e.membership->members.push_back(o4);
        e.membership->members.push_back(o5);
        e.servers = {{"a:1", 1, modeOnly(ServerMode::Down)},
                     {"b:1", 2, modeOnly(ServerMode::Down)},
                     {"c:1", 3, capturedSample("apache-leader")},
                     {"d:1", 4, srvrSample("apache-follower")},
                     {"e:1", 5, srvrSample("apache-follower")}};
        QVERIFY(find(evaluateAlerts(e), AlertRule::QuorumLost));
        // Without a membership, a server reporting observer is no voter; a
        // down one counts as a voter (nothing says otherwise).
        e.membership.reset();
        e.servers = {{"a:1", {}, modeOnly(ServerMode::Observer)},
                     {"b:1", {}, modeOnly(ServerMode::Observer)},
                     {"c:1", {}, capturedSample("apache-leader")},
                     {"d:1", {}, srvrSample("apache-follower")},
                     {"e:1", {}, modeOnly(ServerMode::Down)}};
        QVERIFY(!find(evaluateAlerts(e), AlertRule::QuorumLost));  // 2 of 3 voters
        e.servers.push_back({"f:1", {}, modeOnly(ServerMode::Down)});
        QCOMPARE(find(evaluateAlerts(e), AlertRule::QuorumLost)->detail,
                 std::string("2 of 4 voters answer; a quorum needs 3"));
        // One server, down: server-down only (a standalone or an ensemble
        // of one cannot tell; the rule needs two voters).
        QCOMPARE(names(evaluateAlerts({{{"a:1", {}, modeOnly(ServerMode::Down)}}, {}})), QStringList{"server-down@a:1"});
    }

    // Two captured leaders of epoch 1 (one Apache, one engine: two ensembles
    // in one connect string, or a real split): split brain on each, critical,
    // naming the other; no stale leader.
    void splitBrain_data() {
        QTest::addColumn<bool>("bothSources");
        QTest::newRow("srvr alone") << false;
        QTest::newRow("4lw and AdminServer") << true;
    }
    void splitBrain() {
        QFETCH(bool, bothSources);
        const auto of = [&](const std::string& s) { return bothSources ? capturedSample(s) : srvrSample(s); };
        EnsembleObservation e;
        e.servers = {{"a:1", {}, of("apache-leader")}, {"b:1", {}, of("apache-follower")}, {"c:1", {}, of("engine-leader")}};
        QCOMPARE(e.servers[0].sample.epoch(), std::optional<int64_t>(1));
        QCOMPARE(e.servers[2].sample.epoch(), std::optional<int64_t>(1));
        const auto alerts = evaluateAlerts(e);
        QCOMPARE(names(alerts), (QStringList{"split-brain@a:1", "split-brain@c:1"}));
        QCOMPARE(alerts[0].severity, AlertSeverity::Critical);
        QCOMPARE(alerts[0].detail, std::string("a:1 says it leads epoch 1, and so does c:1"));
        QCOMPARE(alerts[1].detail, std::string("c:1 says it leads epoch 1, and so does a:1"));
    }

    // A leader elected after the captured one (its srvr reads zxid
    // 0x200000002) next to the captured leader still saying leader in epoch
    // 1: a stale leader, a warning on the old one, not split brain. The
    // captured follower (epoch 1) has missed the new epoch's 2 transactions.
    void staleLeader() {
        EnsembleObservation e;
        e.servers = {{"old:1", {}, srvrSample("apache-leader")},
                     {"new:1", {}, srvrSample("engine-leader", "0x200000002")},
                     {"f:1", {}, srvrSample("apache-follower")}};
        QCOMPARE(e.servers[1].sample.epoch(), std::optional<int64_t>(2));
        auto alerts = evaluateAlerts(e);
        QCOMPARE(names(alerts), QStringList{"stale-leader@old:1"});
        QCOMPARE(alerts[0].severity, AlertSeverity::Warning);
        QCOMPARE(alerts[0].detail, std::string("old:1 still says leader in epoch 1, while new:1 leads epoch 2"));
        AlertThresholds t;
        t.followerLagZxids = 1;
        alerts = evaluateAlerts(e, t);
        QCOMPARE(names(alerts), (QStringList{"stale-leader@old:1", "follower-behind@f:1"}));
        QVERIFY2(alerts[1].detail.find("2 transactions behind the leader new:1") != std::string::npos,
                 alerts[1].detail.c_str());
        // Two old leaders and two new: two stale ones, and split brain in
        // each epoch (two leaders of one epoch, whichever it is).
        e.servers.push_back({"old:2", {}, srvrSample("engine-leader")});
        e.servers.push_back({"new:2", {}, srvrSample("apache-leader", "0x200000001")});
        alerts = evaluateAlerts(e);
        QCOMPARE(names(alerts), (QStringList{"split-brain@old:1", "stale-leader@old:1", "split-brain@new:1",
                                             "split-brain@old:2", "stale-leader@old:2", "split-brain@new:2"}));
        QCOMPARE(alerts[0].detail, std::string("old:1 says it leads epoch 1, and so does old:2"));
        QCOMPARE(alerts[2].detail, std::string("new:1 says it leads epoch 2, and so does new:2"));
    }

    // Lag in zxids within the leader's epoch, against the threshold.
    void followerBehind() {
        EnsembleObservation e;
        e.servers = {{"l:1", {}, srvrSample("apache-leader")},  // 0x100000005
                     {"f:1", {}, srvrSample("apache-follower", "0x100000001")},
                     {"f:2", {}, srvrSample("engine-follower", "0x100000007")}};  // sampled later: ahead
        AlertThresholds t;
        t.followerLagZxids = 4;
        QCOMPARE(names(evaluateAlerts(e, t)), QStringList{});
        t.followerLagZxids = 3;
        auto alerts = evaluateAlerts(e, t);
        QCOMPARE(names(alerts), QStringList{"follower-behind@f:1"});
        QCOMPARE(alerts[0].detail,
                 std::string("f:1 (follower, zxid 0x100000001) is 4 transactions behind the leader l:1 "
                             "(zxid 0x100000005), more than 3"));
        // Observers too; down or not-serving learners are other rules' business.
        e.servers[1].sample.mode = ServerMode::Observer;
        QCOMPARE(names(evaluateAlerts(e, t)), QStringList{"follower-behind@f:1"});
        e.servers[1].sample.mode = ServerMode::NotServing;
        QCOMPARE(names(evaluateAlerts(e, t)), QStringList{"not-serving@f:1"});
        // No leader in the sample: no lag to measure.
        e.servers.erase(e.servers.begin());
        e.servers[0].sample.mode = ServerMode::Follower;
        QCOMPARE(names(evaluateAlerts(e, t)), QStringList{});
    }

    // leaderServes=no: the captured leader's srvr says not serving, its
    // AdminServer leader; the merged sample is a leader, no alert.
    void leaderServesNo() {
        const ServerSample merged = capturedSample("apache-leader-serves-no");
        QCOMPARE(merged.mode, std::optional<ServerMode>(ServerMode::Leader));
        QCOMPARE(names(evaluateAlerts({{{"l:1", {}, merged}}, {}})), QStringList{});
        const ServerSample words = sampleFromFourLetterWords(wordsOf("apache-leader-serves-no"));
        QCOMPARE(names(evaluateAlerts({{{"l:1", {}, words}}, {}})), QStringList{"not-serving@l:1"});
    }

    // Any sample is acceptable input: random fields, odd zxids (negative,
    // the top epoch), duplicate names, empty ensembles.
    void garbageSamples() {
        QCOMPARE(evaluateAlerts({}).size(), size_t(0));
        std::mt19937_64 rng(16);
        const auto maybe = [&](int64_t v) { return rng() % 3 ? std::optional<int64_t>(v) : std::nullopt; };
        const int64_t odd[] = {0, -1, INT64_MIN, INT64_MAX, 0x7fffffff00000000LL, 5, 0x100000005LL};
        const ServerMode modes[] = {ServerMode::Leader,     ServerMode::Follower, ServerMode::Observer,
                                    ServerMode::Standalone, ServerMode::ReadOnly, ServerMode::NotServing,
                                    ServerMode::Down,       ServerMode::Unreachable};
        for (int round = 0; round < 2000; ++round) {
            EnsembleObservation e;
            const int n = int(rng() % 6);
            for (int i = 0; i < n; ++i) {
                ServerSample s;
                if (rng() % 5) s.mode = modes[rng() % std::size(modes)];
                s.zxid = maybe(odd[rng() % std::size(odd)]);
                s.znodes = maybe(odd[rng() % std::size(odd)]);
                s.uptimeMs = maybe(odd[rng() % std::size(odd)]);
                s.serverId = maybe(int64_t(rng() % 4));
                if (rng() % 2) s.fsync = TimingSummary{double(rng() % 1000), 1, odd[rng() % std::size(odd)]};
                if (rng() % 2) s.latency = Latency{0, double(rng() % 300), 0};
                e.servers.push_back({"s:" + std::to_string(rng() % 3), maybe(int64_t(rng() % 4)), s});
            }
            if (rng() % 2) e.membership = capturedMembership();
            for (const Alert& a : evaluateAlerts(e)) {
                QVERIFY(alertRuleFromName(alertRuleName(a.rule)));
                QVERIFY(!a.detail.empty());
            }
        }
    }

    // Lag in transactions across epochs (zxid = epoch << 32 | counter).
    void zxidsBehind_data() {
        QTest::addColumn<qint64>("leader");
        QTest::addColumn<qint64>("learner");
        QTest::addColumn<qint64>("behind");
        QTest::newRow("same epoch") << qint64(0x100000010) << qint64(0x10000000a) << qint64(6);
        QTest::newRow("caught up") << qint64(0x100000010) << qint64(0x100000010) << qint64(0);
        QTest::newRow("ahead: sampled later") << qint64(0x100000010) << qint64(0x100000012) << qint64(0);
        QTest::newRow("older epoch: the leader's epoch's transactions")
            << qint64(0x300000007) << qint64(0x1000000ff) << qint64(7);
        QTest::newRow("newer epoch") << qint64(0x100000007) << qint64(0x200000001) << qint64(0);
    }
    void zxidsBehind() {
        QFETCH(qint64, leader);
        QFETCH(qint64, learner);
        QFETCH(qint64, behind);
        QCOMPARE(qint64(zooscope::monitor::zxidsBehind(leader, learner)), behind);
    }
};

QTEST_GUILESS_MAIN(TstAlertRules)
#include "tst_alert_rules.moc"
