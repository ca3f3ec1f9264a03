// `zooscope-ctl --connect HOSTS ensemble [--json]`, the executable in child
// processes, against 3-node ensembles the launcher starts on 127.0.0.1: Apache
// ZooKeeper 3.8 with its default whitelist (srvr only) and an AdminServer
// per node, and the engine with every word allowed and its AdminServer.
// One sample names one leader and two followers with their figures; the
// members /zookeeper/config lists come in when the connect string names one
// server; kill -9 of the leader: a later sample names a new leader and the
// dead one "down"; a second kill: "quorum-lost"; the node restarted: the
// quorum is back. A SIGSTOPped follower is "down" and costs the others
// nothing. A standalone server is one object. Bad options exit 2.
//
// Every wait is an upper bound for a condition, never an assertion on time;
// the time from the leader's kill to the sample naming a new leader is
// printed for docs/BENCHMARKS.md.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>
#include <memory>

#include "ctl_process.h"
#include "zooscope/ensemble.h"

using namespace zooscope;
using namespace zooscope::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kConditionMs = 90000;  // an election, a quorum lost or regained

QString serverName(const NodeInfo& n) { return QStringLiteral("127.0.0.1:%1").arg(n.clientPort); }

// --admin-port HOST:PORT=ADMIN for every node: the per-server form.
QStringList adminPorts(const Ensemble& e) {
    QStringList args;
    for (const NodeInfo& n : e.nodes()) args << "--admin-port" << QStringLiteral("%1=%2").arg(serverName(n)).arg(n.adminPort);
    return args;
}

// One sample, as JSON, by server name; empty when the run failed (then
// *why says how).
QMap<QString, QJsonObject> sample(const QString& hosts, const QStringList& extra, QString* why) {
    // 5 s per server: room for a loaded machine and a JVM's first answers.
    const Run r = runCtl(QStringList{"--connect", hosts, "--json", "ensemble", "--timeout", "5"} + extra);
    QMap<QString, QJsonObject> out;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
    if (r.code != 0 || !doc.isArray()) {
        *why = r.describe();
        return out;
    }
    for (const QJsonValue& v : doc.array()) out[v.toObject()["server"].toString()] = v.toObject();
    *why = r.describe();
    return out;
}

QStringList alertsOf(const QJsonObject& o) {
    QStringList out;
    for (const QJsonValue& a : o["alerts"].toArray()) out << a.toString();
    return out;
}

QString leaderOf(const QMap<QString, QJsonObject>& s) {
    QString leader;
    for (auto it = s.begin(); it != s.end(); ++it) {
        if (it.value()["mode"].toString() == "leader") leader = it.key();
    }
    return leader;
}

}  // namespace

class TstCtlEnsemble : public QObject {
    Q_OBJECT

    std::unique_ptr<Ensemble> ensemble_;

    void startEnsemble(const QString& kind) {
        EnsembleSpec spec;
        spec.kind = kind == "apache" ? NodeKind::ApacheZooKeeper : NodeKind::Engine;
        spec.size = 3;
        spec.tickTime = 500;
        spec.adminServer = true;
        // Apache: ZooKeeper 3.8's default whitelist, as on real clusters; the
        // engine: every word, so both sources answer.
        spec.fourLetterWhitelist = kind == "apache" ? "srvr" : "*";
        std::string error;
        ensemble_ = Ensemble::start(spec, &error);
        QVERIFY2(ensemble_, error.c_str());
        for (int i = 0; i < 3; ++i) QVERIFY2(ensemble_->waitReady(i, 60s, &error), error.c_str());
    }

    // Runs samples until `done` holds for one (or the deadline passes).
    bool sampleUntil(const QString& hosts, const std::function<bool(const QMap<QString, QJsonObject>&)>& done,
                     QMap<QString, QJsonObject>* last, QString* why) {
        QDeadlineTimer deadline(kConditionMs);
        for (;;) {
            *last = sample(hosts, adminPorts(*ensemble_), why);
            if (!last->isEmpty() && done(*last)) return true;
            if (deadline.hasExpired()) return false;
            QTest::qWait(200);
        }
    }

private slots:
    void cleanup() { ensemble_.reset(); }

    void badOptions() {
        for (const QStringList& args :
             {QStringList{"--connect", "127.0.0.1:1", "ensemble", "--admin-port", "x"},
              QStringList{"--connect", "127.0.0.1:1", "ensemble", "--admin-port", "70000"},
              QStringList{"--connect", "127.0.0.1:1", "ensemble", "--admin-port", "nohost=8080"},
              QStringList{"--connect", "127.0.0.1:1", "ensemble", "--threshold", "znodes=5"},
              QStringList{"--connect", "127.0.0.1:1", "ensemble", "--threshold", "znode-count=-5"},
              QStringList{"--connect", "127.0.0.1:1", "ensemble", "--timeout", "0"},
              QStringList{"--connect", "127.0.0.1:1", "ensemble", "/path"}, QStringList{"ensemble"}}) {
            const Run r = runCtl(args);
            QVERIFY2(r.code == 2, qPrintable(args.join(' ') + ": " + r.describe()));
            QVERIFY2(!r.err.isEmpty() && r.out.isEmpty(), qPrintable(r.describe()));
        }
        // Nothing listens: every server down, exit 0, the sample says so.
        const Run r = runCtl({"--connect", "127.0.0.1:1", "--json", "ensemble", "--admin-port", "0"});
        QVERIFY2(r.code == 0, qPrintable(r.describe()));
        const QJsonArray a = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(a.size(), 1);
        QCOMPARE(a[0].toObject()["mode"].toString(), QString("down"));
        QCOMPARE(a[0].toObject()["source"].toString(), QString("client"));
        QVERIFY(a[0].toObject()["zxid"].isNull());
        QCOMPARE(alertsOf(a[0].toObject()), QStringList{"server-down"});
        QVERIFY2(r.err.contains("/zookeeper/config was not read"), qPrintable(r.describe()));
    }

    // A standalone server: one object, its empty /zookeeper/config read
    // without a word on stderr.
    void standalone() {
        EnsembleSpec spec;
        spec.size = 1;
        spec.adminServer = true;
        std::string error;
        ensemble_ = Ensemble::start(spec, &error);
        QVERIFY2(ensemble_, error.c_str());
        QVERIFY2(ensemble_->waitReady(0, 60s, &error), error.c_str());
        const Run r = runCtl(QStringList{"--connect", QString::fromStdString(ensemble_->connectString()), "--json",
                                         "ensemble", "--timeout", "5"} +
                             adminPorts(*ensemble_));
        QVERIFY2(r.code == 0 && r.err.isEmpty(), qPrintable(r.describe()));
        const QJsonArray a = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(a.size(), 1);
        const QJsonObject o = a[0].toObject();
        QCOMPARE(o["mode"].toString(), QString("standalone"));
        QCOMPARE(o["source"].toString(), QString("admin"));
        QVERIFY(o["followers"].isNull());
        QVERIFY2(alertsOf(o).isEmpty(), qPrintable(r.describe()));
    }

    void leaderKillAndQuorum_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("apache") << "apache";
        QTest::newRow("engine") << "engine";
    }
    void leaderKillAndQuorum() {
        QFETCH(QString, kind);
        startEnsemble(kind);
        const QString hosts = QString::fromStdString(ensemble_->connectString());
        const std::vector<NodeInfo> nodes = ensemble_->nodes();

        // A healthy sample: one leader, two followers, every field from the
        // AdminServer, no alert.
        QString why;
        QMap<QString, QJsonObject> s;
        // (An AdminServer may start answering after its server serves.)
        QVERIFY2(sampleUntil(hosts,
                             [](const auto& x) {
                                 return x.size() == 3 && !leaderOf(x).isEmpty() &&
                                        std::all_of(x.begin(), x.end(), [](const QJsonObject& o) {
                                            return o["source"].toString() == "admin";
                                        });
                             },
                             &s, &why),
                 qPrintable(why));
        int followers = 0;
        for (const NodeInfo& n : nodes) {
            const QJsonObject o = s.value(serverName(n));
            QVERIFY2(!o.isEmpty(), qPrintable(serverName(n) + " missing: " + why));
            const QString mode = o["mode"].toString();
            QVERIFY2(mode == "leader" || mode == "follower", qPrintable(why));
            followers += mode == "follower";
            QCOMPARE(o["id"].toInt(), n.id);
            QCOMPARE(o["source"].toString(), QString("admin"));
            const QString zxid = o["zxid"].toString();
            QVERIFY2(zxid.startsWith("0x"), qPrintable(why));
            QCOMPARE(o["epoch"].toInteger(), qint64(zxid.mid(2).toULongLong(nullptr, 16) >> 32));
            QVERIFY(o["latency"].toObject().contains("avg"));
            for (const char* field : {"connections", "outstanding", "znodes", "watches", "ephemerals"})
                QVERIFY2(o[field].isDouble(), qPrintable(QString(field) + ": " + why));
            QVERIFY(o["version"].isString());
            if (mode == "leader") {
                QCOMPARE(o["followers"].toInt(), 2);
                QCOMPARE(o["syncedFollowers"].toInt(), 2);
            } else {
                QVERIFY(o["followers"].isNull());
                QVERIFY(o["syncedFollowers"].isNull());
            }
            QVERIFY2(alertsOf(o).isEmpty(), qPrintable(why));
        }
        QCOMPARE(followers, 2);

        // The connect string names one server: the others come from
        // /zookeeper/config, named by their client addresses.
        const QMap<QString, QJsonObject> one = sample(serverName(nodes[0]), adminPorts(*ensemble_), &why);
        QCOMPARE(one.size(), 3);
        for (const NodeInfo& n : nodes) QVERIFY2(one.contains(serverName(n)), qPrintable(why));
        // A chroot in the connect string changes nothing: the client reads
        // /zookeeper/config outside it.
        const QMap<QString, QJsonObject> chrooted = sample(serverName(nodes[0]) + "/app", adminPorts(*ensemble_), &why);
        QCOMPARE(chrooted.size(), 3);
        for (const NodeInfo& n : nodes) QVERIFY2(one.contains(serverName(n)), qPrintable(why));

        // Without AdminServers: the words alone. Apache allows srvr only:
        // no watches, and a note naming the whitelist; the engine answers mntr.
        const QMap<QString, QJsonObject> words = sample(hosts, {"--admin-port", "0"}, &why);
        QCOMPARE(words.size(), 3);
        for (const QJsonObject& o : words) {
            QCOMPARE(o["source"].toString(), QString("4lw"));
            QVERIFY(o["zxid"].isString());
            QCOMPARE(o["watches"].isNull(), kind == "apache");
            if (kind == "apache")
                QVERIFY2(QJsonDocument(o["notes"].toArray()).toJson().contains("whitelist"), qPrintable(why));
        }

        // Text output.
        const Run text = runCtl(QStringList{"--connect", hosts, "ensemble", "--timeout", "5"} + adminPorts(*ensemble_));
        QVERIFY2(text.code == 0 && text.out.contains("  leader  ") && text.out.contains("source admin"),
                 qPrintable(text.describe()));

        // A SIGSTOPped follower answers nothing: down after its own deadline,
        // the others sampled as before.
        std::string error;
        int paused = -1;
        for (int i = 0; i < 3; ++i) {
            if (s[serverName(nodes[size_t(i)])]["mode"].toString() == "follower") paused = i;
        }
        QVERIFY2(ensemble_->pause(paused, &error), error.c_str());
        const QMap<QString, QJsonObject> stopped = sample(hosts, adminPorts(*ensemble_), &why);
        QVERIFY2(ensemble_->resume(paused, &error), error.c_str());
        QCOMPARE(stopped.size(), 3);
        for (const NodeInfo& n : nodes) {
            const QJsonObject o = stopped[serverName(n)];
            if (n.id == paused + 1) {
                QCOMPARE(o["mode"].toString(), QString("down"));
                QVERIFY(alertsOf(o).contains("server-down"));
            } else {
                QVERIFY2(o["mode"].toString() == "leader" || o["mode"].toString() == "follower", qPrintable(why));
                QCOMPARE(o["source"].toString(), QString("admin"));
            }
        }

        // kill -9 the leader: a new leader in a later sample, the old one down.
        const QString oldLeader = leaderOf(s);
        int leaderIndex = -1;
        for (int i = 0; i < 3; ++i) {
            if (serverName(nodes[size_t(i)]) == oldLeader) leaderIndex = i;
        }
        QVERIFY(leaderIndex >= 0);
        QElapsedTimer sinceKill;
        sinceKill.start();
        QVERIFY2(ensemble_->kill(leaderIndex, &error), error.c_str());
        QVERIFY2(sampleUntil(hosts,
                             [&](const auto& x) {
                                 const QString l = leaderOf(x);
                                 return !l.isEmpty() && l != oldLeader;
                             },
                             &s, &why),
                 qPrintable(why));
        qInfo("%s: the leader's kill -9 to a sample naming a new leader: %lld ms", qPrintable(kind),
              sinceKill.elapsed());
        QCOMPARE(s[oldLeader]["mode"].toString(), QString("down"));
        QCOMPARE(s[oldLeader]["source"].toString(), QString("client"));
        QVERIFY(alertsOf(s[oldLeader]).contains("server-down"));
        for (const QJsonObject& o : s) QVERIFY2(!alertsOf(o).contains("quorum-lost"), qPrintable(why));

        // A second kill (the new leader): quorum lost, on every server's alerts.
        const QString newLeader = leaderOf(s);
        int newIndex = -1;
        for (int i = 0; i < 3; ++i) {
            if (serverName(nodes[size_t(i)]) == newLeader) newIndex = i;
        }
        QVERIFY2(ensemble_->kill(newIndex, &error), error.c_str());
        QVERIFY2(sampleUntil(hosts, [](const auto& x) { return alertsOf(x.first()).contains("quorum-lost"); }, &s, &why),
                 qPrintable(why));
        QCOMPARE(s.size(), 3);
        for (const QJsonObject& o : s) QVERIFY2(alertsOf(o).contains("quorum-lost"), qPrintable(why));
        QCOMPARE(s[newLeader]["mode"].toString(), QString("down"));
        const int last = 3 - leaderIndex - newIndex;
        QCOMPARE(s[serverName(nodes[size_t(last)])]["mode"].toString(), QString("not-serving"));

        // The second node back: a quorum, a leader, no quorum-lost.
        QVERIFY2(ensemble_->startNode(newIndex, &error), error.c_str());
        QVERIFY2(sampleUntil(hosts,
                             [](const auto& x) {
                                 return !leaderOf(x).isEmpty() && !alertsOf(x.first()).contains("quorum-lost");
                             },
                             &s, &why),
                 qPrintable(why));
        QCOMPARE(s[oldLeader]["mode"].toString(), QString("down"));
    }
};

QTEST_GUILESS_MAIN(TstCtlEnsemble)
#include "tst_ctl_ensemble.moc"
