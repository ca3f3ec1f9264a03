// The ensemble dashboard end to end, on 3-node ensembles the launcher starts:
// the engine (every four-letter word allowed, no AdminServer: the words alone)
// and Apache ZooKeeper 3.8 with its default whitelist (srvr only) and an
// AdminServer per node (the AdminServer gives the rest). A real ClusterTab
// (session, EnsembleWatch, DashboardPage), offscreen:
// - every server gets a card with its mode, and the rows learn their
//   server.N from /zookeeper/config;
// - kill -9 the leader: the model names a new leader and the timeline
//   records the death and the election;
// - kill a second node: quorum lost (ensemble alert, timeline, tab title);
//   restart it: regained, the alert clears;
// - both back, then SIGSTOP one node: the others' rows keep refreshing, the
//   paused one goes down; SIGCONT: it comes back.
// Times (leader death -> new leader in the model) are printed for
// docs/BENCHMARKS.md, never asserted.
// And without a server: a page not on screen skips its redraws and catches
// up from the model when shown.
#include <QElapsedTimer>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>

#include "models/ensemble_model.h"
#include "models/timeline_model.h"
#include "session/ensemble_watch.h"
#include "widgets/cluster_tab.h"
#include "widgets/dashboard_page.h"
#include "widgets/metric_charts.h"
#include "widgets/server_card.h"
#include "zooscope/ensemble.h"

using namespace zooscope::ui;
using namespace std::chrono_literals;
using zooscope::Ensemble;
using zooscope::EnsembleSpec;
using zooscope::NodeKind;
using zooscope::monitor::ServerMode;
using zooscope::monitor::SampleNote;

namespace {

constexpr int kDeadlineMs = 90000;  // elections of a loaded machine's JVMs

bool timelineHas(const TimelineModel& t, EventKind kind, const QString& server = QString(), int from = 0) {
    for (int r = from; r < t.rowCount(); ++r)
        if (t.event(r).kind == kind && (server.isNull() || t.event(r).server == server)) return true;
    return false;
}

}  // namespace

class TstDashboard : public QObject {
    Q_OBJECT

    void run(NodeKind kind);

private slots:
    void hiddenPageCatchesUpWhenShown();
    void engine() { run(NodeKind::Engine); }
    void apacheDefaultWhitelist() { run(NodeKind::ApacheZooKeeper); }
};

void TstDashboard::hiddenPageCatchesUpWhenShown() {
    EnsembleModel model;
    TimelineModel timeline;
    QObject::connect(&model, &EnsembleModel::eventsOccurred, &timeline, &TimelineModel::append);
    const QString server = "127.0.0.1:2181";
    model.setMembers({{server, 1, false, true}});
    QWidget window;  // not shown yet: the page is not on screen
    auto* page = new DashboardPage(&model, &timeline, &window);
    QCOMPARE(page->cards().size(), size_t(1));
    QCOMPARE(page->card(server)->modeText(), EnsembleModel::modeText(std::nullopt));

    zooscope::monitor::ServerSample s;
    s.mode = ServerMode::Leader;
    s.znodes = 42;
    model.apply(PollResult{server, s, QDateTime::currentMSecsSinceEpoch(), 3});
    // An event redraws a page on screen at once; the one-second redraw
    // comes too while we wait.
    timeline.append({{QDateTime::currentMSecsSinceEpoch(), server, EventKind::ModeChanged, "follower -> leader"}});
    QTest::qWait(1500);
    QCOMPARE(page->card(server)->modeText(), EnsembleModel::modeText(std::nullopt));

    window.resize(1000, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // Caught up at the show, not at the next redraw.
    QCOMPARE(page->card(server)->modeText(), EnsembleModel::modeText(ServerMode::Leader));
    QVERIFY2(page->card(server)->figuresText().contains("42"), qPrintable(page->card(server)->figuresText()));
    QVERIFY(page->charts()->pointCount(int(Metric::Znodes), server) == 1);
}

void TstDashboard::run(NodeKind kind) {
    EnsembleSpec spec;
    spec.kind = kind;
    spec.size = 3;
    spec.tickTime = 500;
    if (kind == NodeKind::ApacheZooKeeper) {
        spec.fourLetterWhitelist = "srvr";  // ZooKeeper 3.8's default
        spec.adminServer = true;
    }
    std::string error;
    auto e = Ensemble::start(spec, &error);
    QVERIFY2(e, error.c_str());
    for (int i = 0; i < 3; ++i) QVERIFY2(e->waitReady(i, 90s, &error), error.c_str());

    ConnectionProfile profile;
    profile.name = kind == NodeKind::Engine ? "engine ensemble" : "apache ensemble";
    profile.hosts = QString::fromStdString(e->connectString());
    profile.adminPort = 0;
    QStringList adminPorts;
    for (const auto& n : e->nodes())
        if (n.adminPort) adminPorts << QString("127.0.0.1:%1=%2").arg(n.clientPort).arg(n.adminPort);
    profile.adminPorts = adminPorts.join(',');
    QVERIFY(validateProfile(profile).isEmpty());
    auto server = [&](int i) { return QString("127.0.0.1:%1").arg(e->node(i).clientPort); };

    ClusterTab tab(profile, QString());
    tab.resize(1300, 900);
    tab.show();
    EnsembleModel* model = tab.ensemble()->model();
    TimelineModel* timeline = tab.ensemble()->timeline();
    DashboardPage* page = tab.dashboard();
    tab.pages()->setCurrentWidget(page);
    QCOMPARE(model->rowCount(), 3);

    // Every server answers, one leads, the membership names them.
    QTRY_VERIFY_WITH_TIMEOUT(model->leaderRow() >= 0 && model->row(0).samples && model->row(1).samples &&
                                 model->row(2).samples && !model->quorumLost(),
                             kDeadlineMs);
    QTRY_VERIFY_WITH_TIMEOUT(model->row(0).member.memberId && model->row(1).member.memberId &&
                                 model->row(2).member.memberId,
                             kDeadlineMs);
    const int leader = model->leaderRow();
    for (int r = 0; r < 3; ++r) {
        const auto m = model->row(r).mode();
        QVERIFY2(m == ServerMode::Leader || m == ServerMode::Follower, qPrintable(model->row(r).member.server));
        QCOMPARE(model->row(r).member.memberId, std::optional<qint64>(e->node(r).id));
    }
    page->refresh();
    ServerCard* leaderCard = page->card(server(leader));
    QVERIFY(leaderCard);
    QCOMPARE(leaderCard->modeText(), EnsembleModel::modeText(ServerMode::Leader));
    // The figures each source gives: the words (engine) or the AdminServer
    // (Apache's srvr-only whitelist) both give watches and the followers.
    QTRY_VERIFY_WITH_TIMEOUT(model->row(leader).sample->watches.has_value(), kDeadlineMs);
    QVERIFY(model->row(leader).sample->followers.has_value());
    QVERIFY2(!leaderCard->figuresText().contains("Followers: –"), qPrintable(leaderCard->figuresText()));
    if (kind == NodeKind::ApacheZooKeeper) QVERIFY(model->row(leader).sample->fromAdminServer);

    // kill -9 the leader.
    const int eventsBefore = timeline->rowCount();
    QElapsedTimer clock;
    clock.start();
    QVERIFY2(e->kill(leader, &error), error.c_str());
    QTRY_VERIFY_WITH_TIMEOUT(model->leaderRow() >= 0 && model->leaderRow() != leader, kDeadlineMs);
    qInfo("%s: leader killed -> new leader in the model after %lld ms", profile.name.toUtf8().constData(),
          clock.elapsed());
    const int newLeader = model->leaderRow();
    QTRY_VERIFY_WITH_TIMEOUT(timelineHas(*timeline, EventKind::ServerDown, server(leader), eventsBefore), kDeadlineMs);
    QVERIFY(timelineHas(*timeline, EventKind::Election, server(newLeader), eventsBefore));
    QTRY_COMPARE_WITH_TIMEOUT(model->row(leader).mode(), std::optional(ServerMode::Down), kDeadlineMs);
    QVERIFY(model->row(leader).alerts.size() > 0);
    QVERIFY(model->ensembleAlerts().size() > 0);  // the election
    QVERIFY2(tab.title().contains(profile.name) && tab.title() != profile.name, qPrintable(tab.title()));
    page->refresh();
    QCOMPARE(page->card(server(newLeader))->modeText(), EnsembleModel::modeText(ServerMode::Leader));
    QVERIFY(!page->card(server(leader))->alertsText().isEmpty());

    // Kill a second: one of three cannot serve.
    const int second = 3 - leader - newLeader;  // the remaining follower
    QVERIFY2(e->kill(second, &error), error.c_str());
    QTRY_VERIFY_WITH_TIMEOUT(model->quorumLost(), kDeadlineMs);
    QTRY_VERIFY_WITH_TIMEOUT(timelineHas(*timeline, EventKind::QuorumLost), kDeadlineMs);
    QVERIFY(model->hasCriticalAlert());
    page->refresh();
    QVERIFY2(!page->ensembleAlertsText().isEmpty(), "the quorum alert shows above the cards");

    // Restart it: a quorum again, the alert clears.
    QVERIFY2(e->startNode(second, &error), error.c_str());
    QTRY_VERIFY_WITH_TIMEOUT(!model->quorumLost() && model->leaderRow() >= 0, kDeadlineMs);
    QTRY_VERIFY_WITH_TIMEOUT(timelineHas(*timeline, EventKind::QuorumRegained), kDeadlineMs);
    QVERIFY(std::none_of(model->ensembleAlerts().begin(), model->ensembleAlerts().end(),
                         [](const ServerAlert& a) { return a.rule == "quorum-lost"; }));

    // The first leader back too, then SIGSTOP one: the others keep refreshing.
    QVERIFY2(e->startNode(leader, &error), error.c_str());
    QTRY_VERIFY_WITH_TIMEOUT(timelineHas(*timeline, EventKind::ServerUp, server(leader)), kDeadlineMs);
    QTRY_VERIFY_WITH_TIMEOUT(model->row(0).mode() != ServerMode::Down && model->row(1).mode() != ServerMode::Down &&
                                 model->row(2).mode() != ServerMode::Down && model->leaderRow() >= 0,
                             kDeadlineMs);
    const int paused = (model->leaderRow() + 1) % 3;
    QVERIFY2(e->pause(paused, &error), error.c_str());
    auto describe = [&](int r) {
        QString s = EnsembleModel::modeText(model->row(r).mode()) + QString(" after %1 samples:").arg(model->row(r).samples);
        if (model->row(r).sample)
            for (const SampleNote& n : model->row(r).sample->notes) s += "\n  " + QString::fromStdString(zooscope::monitor::noteText(n));
        return s.toUtf8();
    };
    QTRY_VERIFY2_WITH_TIMEOUT(model->row(paused).mode() == ServerMode::Down, describe(paused).constData(), kDeadlineMs);
    const int before[3] = {model->row(0).samples, model->row(1).samples, model->row(2).samples};
    const int pausedBefore = model->row(paused).samples;
    // Each live server is still polled about every second; the paused one
    // costs only its own loop a timeout per poll.
    for (int r = 0; r < 3; ++r)
        if (r != paused) QTRY_VERIFY_WITH_TIMEOUT(model->row(r).samples >= before[r] + 5, 20000);
    qInfo("%s: while one node was paused, the others were polled %d and %d times, the paused one %d times",
          profile.name.toUtf8().constData(), model->row((paused + 1) % 3).samples - before[(paused + 1) % 3],
          model->row((paused + 2) % 3).samples - before[(paused + 2) % 3], model->row(paused).samples - pausedBefore);
    QVERIFY2(e->resume(paused, &error), error.c_str());
    QTRY_VERIFY_WITH_TIMEOUT(model->row(paused).mode() != ServerMode::Down, kDeadlineMs);

    // The timeline exports.
    QTemporaryDir dir;
    QString exportError;
    QVERIFY2(page->exportTimeline(dir.filePath("t.csv"), &exportError), qPrintable(exportError));
    QFile csv(dir.filePath("t.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray text = csv.readAll();
    QVERIFY(text.startsWith("time,server,event,details\r\n"));
    QVERIFY(text.contains(",election,") && text.contains(",quorum-lost,") && text.contains(",quorum-regained,"));
    QVERIFY(!page->exportTimeline(dir.filePath("no/such/dir/t.csv"), &exportError));
    QVERIFY(!exportError.isEmpty());
}

QTEST_MAIN(TstDashboard)
#include "tst_dashboard.moc"
