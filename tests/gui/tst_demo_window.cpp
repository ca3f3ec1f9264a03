// Demo ensembles from the window, end to end on the engine (Xvfb, xcb):
// - "New demo ensemble…" driven as a user would (the modal dialog's fields
//   set, Start clicked): a tab opens with the dashboard in front, three cards
//   and a leader, the workload's workers own every partition, sums exact;
// - kill -9 the leader from its card's menu: a new leader on the cards, the
//   timeline has the kill and the election, the workload's sums stay exact;
// - pause and resume a node, isolate and heal one, slow one's links: each on
//   the timeline and on its card;
// - kill a worker from the workload page: its partitions move, sums exact;
//   pause the job live and resume it; pause one worker's commits through its
//   own config (JOB/overrides/<id>): only its partitions stand still, sums
//   exact; back on the job's config it commits again; a worker killed from
//   outside is said in Chinese on the timeline (screenshot);
// - the same start and leader kill with Apache ZooKeeper nodes, and closing
//   its tab does not wait for its processes (they stop on the demo's
//   thread), and then leaves none of them;
// - screenshots of the demo with its workload before and after the leader
//   kill, in English and Chinese ($ZS_SCREENSHOT_DIR);
// - the window destroyed (what quitting does) leaves no node or worker
//   process; the real app (zooscope --demo) killed -9 leaves none either.
// Times are printed for docs/BENCHMARKS.md, never asserted.
#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QGroupBox>
#include <QMenu>
#include <QProcess>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <set>

#include "demo/demo_ensemble.h"
#include "screenshot_support.h"
#include "demo/workload_model.h"
#include "models/ensemble_model.h"
#include "models/timeline_model.h"
#include "session/ensemble_watch.h"
#include "settings/secret_store.h"
#include "widgets/cluster_tab.h"
#include "widgets/dashboard_page.h"
#include "widgets/language.h"
#include "widgets/main_window.h"
#include "widgets/new_demo_dialog.h"
#include "widgets/server_card.h"
#include "widgets/workload_page.h"

using namespace zooscope::ui;
using zooscope::monitor::ServerMode;

namespace {

constexpr int kDeadlineMs = 90000;  // elections and session expiries on a loaded machine

bool timelineHas(const TimelineModel& t, EventKind kind, const QString& server, const QString& text, int from) {
    for (int r = from; r < t.rowCount(); ++r) {
        const TimelineEvent& e = t.event(r);
        if (e.kind == kind && (server.isNull() || e.server == server) && e.text.contains(text)) return true;
    }
    return false;
}

// A process is gone when /proc has no entry for it, or only a zombie's.
bool processGone(int pid) {
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) return true;
    const QByteArray line = stat.readAll();
    const int close = line.lastIndexOf(')');
    return close > 0 && line.mid(close + 2, 1) == "Z";
}

// Every live descendant of `root` (walking /proc's parent links).
std::set<int> descendants(int root) {
    std::map<int, int> parent;
    for (const QString& name : QDir("/proc").entryList(QDir::Dirs)) {
        bool ok = false;
        const int pid = name.toInt(&ok);
        if (!ok) continue;
        QFile stat("/proc/" + name + "/stat");
        if (!stat.open(QIODevice::ReadOnly)) continue;
        const QByteArray line = stat.readAll();
        const int close = line.lastIndexOf(')');
        const QList<QByteArray> fields = line.mid(close + 2).split(' ');
        if (fields.size() > 1 && fields[0] != "Z") parent[pid] = fields[1].toInt();
    }
    std::set<int> out{root};
    for (bool grew = true; grew;) {
        grew = false;
        for (auto [pid, ppid] : parent)
            if (out.count(ppid) && !out.count(pid)) grew = out.insert(pid).second;
    }
    out.erase(root);
    return out;
}

QString commOf(int pid) {
    QFile f(QStringLiteral("/proc/%1/comm").arg(pid));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).trimmed() : QString();
}

}  // namespace

class TstDemoWindow : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString shots_;
    std::unique_ptr<QSettings> settings_;
    std::unique_ptr<SecretStore> secrets_;
    std::unique_ptr<MainWindow> window_;
    ClusterTab* tab_ = nullptr;

    EnsembleModel* model() const { return tab_->ensemble()->model(); }
    TimelineModel* timeline() const { return tab_->ensemble()->timeline(); }
    WorkloadModel* workload() const { return tab_->workload()->model(); }
    QString server(int row) const { return model()->row(row).member.server; }

    // Triggers the action `name` of the card of `server`'s menu.
    void act(const QString& server, const QString& name) {
        ServerCard* card = tab_->dashboard()->card(server);
        QVERIFY2(card, qPrintable(server));
        QMenu* menu = card->actionsMenu();
        QAction* action = menu->findChild<QAction*>(name);
        if (!action)
            for (QMenu* sub : menu->findChildren<QMenu*>())
                if ((action = sub->findChild<QAction*>(name))) break;
        QVERIFY2(action, qPrintable(name));
        QVERIFY2(action->isEnabled(), qPrintable(name + " is disabled"));
        action->trigger();
    }

    // The workload has every partition owned by a live worker, and committing.
    void waitWorkloadHealthy(const QString& why) {
        const quint64 before = workload()->totalOffset();
        QTRY_VERIFY2_WITH_TIMEOUT(workload()->status() &&
                                      workload()->ownedPartitions() == workload()->status()->config.partitions &&
                                      workload()->totalOffset() > before + 100,
                                  qPrintable(why + ": " + workload()->summary()), kDeadlineMs);
        QVERIFY2(workload()->inexactSums().isEmpty(), qPrintable(workload()->inexactSums().join('\n')));
    }

    QString qmDir() { return zooscope::testing::chineseCatalogue(dir_.filePath("i18n")); }

    void save(const QString& name) {
        QTest::qWait(300);
        const QPixmap pm = window_->grab();
        const QString file = shots_ + "/" + name + ".png";
        QVERIFY2(pm.save(file), qPrintable(file));
        QVERIFY2(zooscope::testing::distinctColours(pm.toImage()) > 20, qPrintable(name + ": looks blank"));
        qInfo("saved %s", qPrintable(file));
    }

    // The dashboard, then the workload page, in English and Chinese.
    void shoot(const QString& name) {
        tab_->dashboard()->refresh();
        tab_->pages()->setCurrentWidget(tab_->dashboard());
        save("demo_" + name);
        tab_->pages()->setCurrentWidget(tab_->workload());
        save("demo_workload_" + name);
        const QString english = tab_->workload()->summaryText();
        QVERIFY(switchLanguage("zh_CN", qmDir()));
        QTRY_VERIFY(tab_->workload()->summaryText() != english);
        save("demo_workload_" + name + "_zh_CN");
        tab_->pages()->setCurrentWidget(tab_->dashboard());
        tab_->dashboard()->refresh();
        save("demo_" + name + "_zh_CN");
        switchLanguage("en", qmDir());
    }

private slots:
    void initTestCase() {
        QVERIFY2(QGuiApplication::platformName() == "xcb", "run under xvfb-run with QT_QPA_PLATFORM=xcb");
        shots_ = qEnvironmentVariable("ZS_SCREENSHOT_DIR", dir_.filePath("shots"));
        QDir().mkpath(shots_);
        settings_ = std::make_unique<QSettings>(dir_.filePath("s.ini"), QSettings::IniFormat);
        secrets_ = std::make_unique<SecretStore>("ZooScope-test");
        window_ = std::make_unique<MainWindow>(settings_.get(), secrets_.get(), nullptr, QString());
        window_->resize(1360, 840);
        window_->show();
    }

    // The dialog as a user fills it: 3 engine nodes, a temp folder, the
    // workload with 3 workers on 12 partitions.
    void startFromTheDialog() {
        QSignalSpy opened(window_.get(), &MainWindow::demoOpened);
        QSignalSpy failed(window_.get(), &MainWindow::demoFailed);
        bool filled = false;
        QTimer::singleShot(0, this, [&] {
            QTRY_VERIFY(qobject_cast<NewDemoDialog*>(QApplication::activeModalWidget()));
            auto* dialog = qobject_cast<NewDemoDialog*>(QApplication::activeModalWidget());
            // A named folder left empty is refused, and the dialog stays.
            dialog->keepFolderButton()->setChecked(true);
            dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
            QVERIFY(dialog->isVisible());
            for (QRadioButton* b : dialog->findChildren<QRadioButton*>())
                if (b != dialog->keepFolderButton()) b->setChecked(true);
            dialog->kindBox()->setCurrentIndex(0);
            dialog->nodesBox()->setCurrentIndex(dialog->nodesBox()->findData(3));
            dialog->observerBox()->setChecked(false);
            dialog->workloadBox()->setChecked(true);
            dialog->workersBox()->setValue(3);
            dialog->partitionsBox()->setValue(12);
            dialog->vnodesBox()->setValue(64);
            QCOMPARE(dialog->spec().nodes, 3);
            QVERIFY(dialog->spec().dir.isEmpty());
            dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
            filled = true;
        });
        QElapsedTimer took;
        took.start();
        window_->newDemo();
        QVERIFY(filled);
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() == 1 || failed.count() > 0, kDeadlineMs);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        tab_ = opened.first().first().value<ClusterTab*>();
        qInfo("demo of 3 engine nodes serving %lld ms after Start", took.elapsed());
        QCOMPARE(window_->currentTab(), tab_);
        QCOMPARE(tab_->pages()->currentWidget(), tab_->dashboard());
        QVERIFY(tab_->demo() && tab_->workload());
        QCOMPARE(int(tab_->demo()->nodes().size()), 3);

        QTRY_VERIFY_WITH_TIMEOUT(model()->rowCount() == 3 && model()->leaderRow() >= 0, kDeadlineMs);
        QCOMPARE(int(tab_->dashboard()->cards().size()), 3);
        for (ServerCard* c : tab_->dashboard()->cards()) QTRY_VERIFY(c->noteText().contains("pid"));
        QTRY_VERIFY_WITH_TIMEOUT(tab_->demo()->hasWorkload(), kDeadlineMs);
        QCOMPARE(tab_->demo()->workers().size(), 3);
        waitWorkloadHealthy("after start");
        QTRY_COMPARE_WITH_TIMEOUT(workload()->rowCount(), 3, kDeadlineMs);
        qInfo("workload committing %lld ms after Start", took.elapsed());
    }

    void screenshotsBefore() {
        QTest::qWait(4000);  // a few chart points
        shoot("before");
    }

    // kill -9 of the leader from its card.
    void killTheLeaderFromItsCard() {
        const int leader = model()->leaderRow();
        QVERIFY(leader >= 0);
        const QString leaderServer = server(leader);
        const int from = timeline()->rowCount();
        QElapsedTimer took;
        took.start();
        act(leaderServer, "kill");
        QTRY_VERIFY_WITH_TIMEOUT(timelineHas(*timeline(), EventKind::Action, leaderServer, "SIGKILL", from), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(model()->leaderRow() >= 0 && model()->leaderRow() != leader, kDeadlineMs);
        qInfo("leader killed from its card -> new leader on the cards after %lld ms", took.elapsed());
        QTRY_VERIFY_WITH_TIMEOUT(timelineHas(*timeline(), EventKind::Election, QString(), QString(), from), kDeadlineMs);
        QTRY_VERIFY_WITH_TIMEOUT(timelineHas(*timeline(), EventKind::ServerDown, leaderServer, QString(), from), kDeadlineMs);
        tab_->dashboard()->refresh();
        QCOMPARE(tab_->dashboard()->card(server(model()->leaderRow()))->modeText(),
                 EnsembleModel::modeText(ServerMode::Leader));
        QVERIFY2(tab_->dashboard()->card(leaderServer)->noteText().contains("signal 9"),
                 qPrintable(tab_->dashboard()->card(leaderServer)->noteText()));
        waitWorkloadHealthy("after the leader's kill");
    }

    void screenshotsAfter() {
        QTest::qWait(3000);
        shoot("after_leader_kill");
    }

    // The killed node back: restart from its card.
    void restartTheKilledNode() {
        int dead = -1;
        for (int r = 0; r < 3; ++r)
            if (model()->row(r).mode() == ServerMode::Down) dead = r;
        QVERIFY(dead >= 0);
        act(server(dead), "restart");
        QTRY_VERIFY_WITH_TIMEOUT(model()->row(dead).mode() == ServerMode::Follower, kDeadlineMs);
    }

    void pauseAndResume() {
        const int leader = model()->leaderRow();
        const int node = (leader + 1) % 3;
        const int from = timeline()->rowCount();
        act(server(node), "pause");
        QTRY_VERIFY_WITH_TIMEOUT(tab_->dashboard()->card(server(node))->noteText().contains("SIGSTOP"), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(model()->row(node).mode(), std::optional(ServerMode::Down), kDeadlineMs);
        act(server(node), "resume");
        QTRY_VERIFY_WITH_TIMEOUT(model()->row(node).mode() == ServerMode::Follower ||
                                     model()->row(node).mode() == ServerMode::Leader,
                                 kDeadlineMs);
        QVERIFY(timelineHas(*timeline(), EventKind::Action, server(node), "SIGSTOP", from));
        QVERIFY(timelineHas(*timeline(), EventKind::Action, server(node), "SIGCONT", from));
        QTRY_VERIFY_WITH_TIMEOUT(!tab_->dashboard()->card(server(node))->noteText().contains("SIGSTOP"), 10000);
    }

    // An isolated follower loses its leader and stops serving; healed, it
    // rejoins.
    void isolateAndHeal() {
        const int leader = model()->leaderRow();
        const int node = (leader + 2) % 3;
        const int from = timeline()->rowCount();
        act(server(node), "isolate");
        QTRY_VERIFY_WITH_TIMEOUT(tab_->dashboard()->card(server(node))->noteText().contains("isolated"), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(model()->row(node).mode() != ServerMode::Follower, kDeadlineMs);
        QCOMPARE(model()->leaderRow(), leader);  // the other two keep the quorum
        act(server(node), "heal");
        QTRY_VERIFY_WITH_TIMEOUT(model()->row(node).mode() == ServerMode::Follower, kDeadlineMs);
        QVERIFY(timelineHas(*timeline(), EventKind::Action, server(node), "isolate", from));
        QVERIFY(timelineHas(*timeline(), EventKind::Action, server(node), "heal", from));
        waitWorkloadHealthy("after isolate and heal");
    }

    void slowLinks() {
        const QString s = server((model()->leaderRow() + 1) % 3);
        act(s, "slow-200");
        QTRY_VERIFY_WITH_TIMEOUT(tab_->dashboard()->card(s)->noteText().contains("+200 ms"), 20000);
        QTRY_VERIFY(timelineHas(*timeline(), EventKind::Action, s, "200 ms", 0));
        act(s, "slow-0");
        QTRY_VERIFY_WITH_TIMEOUT(!tab_->dashboard()->card(s)->noteText().contains("+200 ms"), 20000);
    }

    // A worker killed -9 from the workload page: the others take its
    // partitions once its session expires; the sums stay exact.
    void killAWorker() {
        const QString victim = tab_->demo()->workers().first().id;
        tab_->workload()->actOnWorker(victim, WorkerAction::Kill);
        auto victimGone = [&] {
            const QList<DemoWorker> workers = tab_->demo()->workers();
            return std::none_of(workers.begin(), workers.end(), [&](const DemoWorker& w) { return w.id == victim; });
        };
        QTRY_VERIFY_WITH_TIMEOUT(victimGone(), 20000);
        auto victimOwnsNothing = [&] {
            const auto status = workload()->status();
            return status && std::none_of(status->assignment.owners.begin(), status->assignment.owners.end(),
                                          [&](const auto& o) { return o.second == victim.toStdString(); });
        };
        QTRY_VERIFY_WITH_TIMEOUT(victimOwnsNothing(), kDeadlineMs);
        waitWorkloadHealthy("after a worker's kill");
        QVERIFY(timelineHas(*timeline(), EventKind::Action, QString(), victim, 0));
    }

    // The job paused live from the page (its Pause button): the status says
    // so and the offsets stand still; resumed, it commits again.
    void pauseAndResumeTheJob() {
        auto* pauseJob = tab_->workload()->findChild<QPushButton*>("pauseJob");
        QVERIFY(pauseJob && pauseJob->isEnabled());
        pauseJob->click();
        QTRY_VERIFY_WITH_TIMEOUT(workload()->status() && workload()->status()->config.paused, 20000);
        QVERIFY(workload()->summary().contains("paused"));
        QTest::qWait(2000);  // commits in flight land
        const quint64 still = workload()->totalOffset();
        QTest::qWait(2000);
        QCOMPARE(workload()->totalOffset(), still);
        QTRY_VERIFY(pauseJob->text().contains("Resume"));
        pauseJob->click();
        QTRY_VERIFY_WITH_TIMEOUT(workload()->status() && !workload()->status()->config.paused, 20000);
        waitWorkloadHealthy("after the job's resume");
        QVERIFY(timelineHas(*timeline(), EventKind::Action, QString(), "pause the job", 0));
    }

    // One worker's own config, live from the page: its commits paused through
    // JOB/overrides/<id> stop its partitions only; the others keep
    // committing; every sum stays exact; back on the job's config it commits.
    void oneWorkersOwnConfig() {
        waitWorkloadHealthy("before a worker's own config");
        auto partitionsOf = [&](const QString& id) {
            std::set<int> out;
            const auto status = workload()->status();  // a copy: the loop must not run over a temporary
            for (const auto& [p, owner] : status->assignment.owners)
                if (owner == id.toStdString()) out.insert(p);
            return out;
        };
        QString target;
        for (const DemoWorker& w : tab_->demo()->workers())
            if (target.isEmpty() && !partitionsOf(w.id).empty()) target = w.id;
        QVERIFY2(!target.isEmpty(), qPrintable(workload()->summary()));
        const std::set<int> mine = partitionsOf(target);
        // Offsets of its partitions, and of the others', summed.
        auto offsets = [&] {
            quint64 own = 0, others = 0;
            const auto status = workload()->status();
            for (const auto& [p, r] : status->offsets) (mine.count(p) ? own : others) += r.offset;
            return std::pair{own, others};
        };
        tab_->workload()->table()->selectRow(workload()->rowOf(target));
        QCOMPARE(tab_->workload()->selectedWorker(), target);
        auto* pauseIts = tab_->workload()->findChild<QPushButton*>("pauseWorkerCommits");
        auto* clear = tab_->workload()->findChild<QPushButton*>("clearWorkerConfig");
        QVERIFY(pauseIts && clear);
        QVERIFY(pauseIts->isEnabled());
        QVERIFY(!clear->isEnabled());  // nothing to clear yet
        pauseIts->click();
        QTRY_VERIFY_WITH_TIMEOUT(workload()->overrides(target).paused.value_or(false), 20000);
        QTRY_VERIFY(pauseIts->text().contains("Resume"));
        QVERIFY(clear->isEnabled());
        const QString shown = workload()->data(workload()->index(workload()->rowOf(target), WorkloadModel::ConfigColumn),
                                               Qt::DisplayRole).toString();
        QVERIFY2(shown.contains("paused"), qPrintable(shown));
        QTest::qWait(2000);  // its commits in flight land
        const auto before = offsets();
        QTest::qWait(3000);
        const auto after = offsets();
        QCOMPARE(partitionsOf(target), mine);  // nothing moved meanwhile
        QCOMPARE(after.first, before.first);   // its partitions stand still
        QVERIFY2(after.second > before.second, "the other workers stopped too");
        QVERIFY2(workload()->inexactSums().isEmpty(), qPrintable(workload()->inexactSums().join('\n')));
        QVERIFY(!workload()->status()->config.paused);  // the job's config is untouched
        QVERIFY(timelineHas(*timeline(), EventKind::Action, QString(), "pause the commits of worker " + target, 0));

        clear->click();
        QTRY_VERIFY_WITH_TIMEOUT(workload()->overrides(target).empty(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(offsets().first > after.first, kDeadlineMs);
        waitWorkloadHealthy("after a worker's own config was cleared");
    }

    // A worker killed from outside the app, in Chinese: the timeline says so
    // in Chinese, with its id and the signal's name (core's data worded by
    // the UI); a screenshot to look at. A new worker keeps the count.
    void workerEndsOnItsOwnInChinese() {
        const DemoWorker victim = tab_->demo()->workers().first();
        const int count = int(tab_->demo()->workers().size());
        QVERIFY(switchLanguage("zh_CN", qmDir()));
        tab_->pages()->setCurrentWidget(tab_->workload());
        const int from = timeline()->rowCount();
        QSignalSpy messages(tab_->workload(), &WorkloadPage::message);
        ::kill(victim.pid, SIGKILL);
        QTRY_VERIFY_WITH_TIMEOUT(timelineHas(*timeline(), EventKind::Action, QString(), victim.id, from), 20000);
        QString said;
        for (int r = from; r < timeline()->rowCount(); ++r)
            if (timeline()->event(r).text.contains(victim.id)) said = timeline()->event(r).text;
        QVERIFY2(said.contains("SIGKILL") && said.contains(QStringLiteral("工作进程")) && !said.contains("Worker"),
                 qPrintable(said));
        QTRY_VERIFY(!messages.isEmpty());
        const QString message = messages.first().first().toString();
        QVERIFY2(message.startsWith(said), qPrintable(message));
        save("demo_workload_worker_ended_zh_CN");
        switchLanguage("en", qmDir());
        tab_->workload()->findChild<QPushButton*>("addWorker")->click();
        QTRY_VERIFY_WITH_TIMEOUT(int(tab_->demo()->workers().size()) == count, 20000);
        waitWorkloadHealthy("after a worker ended on its own");
    }

    // The other kind: Apache ZooKeeper nodes (JVMs) in a second tab, with a
    // small workload; its leader killed -9 from its card; closing the tab
    // leaves none of its processes.
    void apacheKind() {
        QString why;
        QVERIFY2(DemoEnsemble::apacheAvailable(&why), qPrintable(why));  // scripts install it: never a skip
        ClusterTab* engineTab = tab_;
        QSignalSpy opened(window_.get(), &MainWindow::demoOpened);
        QSignalSpy failed(window_.get(), &MainWindow::demoFailed);
        DemoSpec spec;
        spec.kind = zooscope::NodeKind::ApacheZooKeeper;
        QElapsedTimer took;
        took.start();
        window_->startDemo(spec, WorkloadSpec{2, 4, 32});
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() == 1 || failed.count() > 0, kDeadlineMs);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        tab_ = opened.first().first().value<ClusterTab*>();
        qInfo("apache demo of 3 nodes serving %lld ms after the start", took.elapsed());
        QTRY_VERIFY_WITH_TIMEOUT(model()->rowCount() == 3 && model()->leaderRow() >= 0, kDeadlineMs);
        QTRY_VERIFY_WITH_TIMEOUT(tab_->demo()->hasWorkload(), kDeadlineMs);
        waitWorkloadHealthy("apache, after start");
        const int leader = model()->leaderRow();
        const QString leaderServer = server(leader);
        const int from = timeline()->rowCount();
        took.restart();
        act(leaderServer, "kill");
        QTRY_VERIFY_WITH_TIMEOUT(model()->leaderRow() >= 0 && model()->leaderRow() != leader, kDeadlineMs);
        qInfo("apache: leader killed from its card -> new leader on the cards after %lld ms", took.elapsed());
        QVERIFY(timelineHas(*timeline(), EventKind::Action, leaderServer, "SIGKILL", from));
        QTRY_VERIFY_WITH_TIMEOUT(timelineHas(*timeline(), EventKind::Election, QString(), QString(), from), kDeadlineMs);
        waitWorkloadHealthy("apache, after the leader's kill");

        std::vector<int> pids;
        for (const auto& n : tab_->demo()->nodes())
            if (n.pid > 0) pids.push_back(n.pid);
        for (const DemoWorker& w : tab_->demo()->workers()) pids.push_back(w.pid);
        QCOMPARE(int(pids.size()), 2 + 2);
        // The tab deleted as the event loop deletes it: the deletion returns
        // without waiting for the demo's processes. The demo's stopping runs
        // on its own thread and reports through the event loop (stopped(),
        // then the demo is deleted), which has not run yet here, so both
        // checks below are exact; a GUI that waited would have deleted the
        // demo already. How many processes were still there is printed.
        QPointer<DemoEnsemble> demo = tab_->demo();
        QSignalSpy stopped(demo.data(), &DemoEnsemble::stopped);
        ClusterTab* closing = tab_;
        window_->tabs()->removeTab(window_->tabs()->indexOf(closing));
        tab_ = engineTab;
        QElapsedTimer closeTook;
        closeTook.start();
        delete closing;
        const qint64 returnedAfter = closeTook.elapsed();
        const int runningThen = int(std::count_if(pids.begin(), pids.end(), [](int p) { return !processGone(p); }));
        QVERIFY2(demo, "closing the tab waited for the demo");
        QCOMPARE(stopped.count(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(stopped.count() == 1, 60000);
        qInfo("apache demo tab closed: the deletion returned after %lld ms with %d of its %d processes still running; "
              "all gone after %lld ms",
              returnedAfter, runningThen, int(pids.size()), closeTook.elapsed());
        QTRY_VERIFY(demo.isNull());  // it deletes itself once stopped
        for (int pid : pids) QVERIFY2(processGone(pid), qPrintable(QString("pid %1 (%2) is left").arg(pid).arg(commOf(pid))));
    }

    // What quitting does: the window (and its tabs) destroyed. No node and no
    // worker process is left.
    void windowGoneLeavesNoProcess() {
        std::vector<int> pids;
        for (const auto& n : tab_->demo()->nodes())
            if (n.pid > 0) pids.push_back(n.pid);
        for (const DemoWorker& w : tab_->demo()->workers()) pids.push_back(w.pid);
        QCOMPARE(int(pids.size()), 3 + 2);
        const QString base = tab_->demo()->baseDir();
        QVERIFY(QDir(base).exists());
        tab_ = nullptr;
        window_.reset();
        for (int pid : pids) QVERIFY2(processGone(pid), qPrintable(QString("pid %1 (%2) is left").arg(pid).arg(commOf(pid))));
        QVERIFY2(!QDir(base).exists(), qPrintable(base + " is left"));
    }

    // The real app killed -9 with a demo and its workers running: the kernel
    // kills every one of them (PR_SET_PDEATHSIG).
    void appKilledLeavesNoProcess() {
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("HOME", dir_.filePath("home"));
        env.insert("XDG_CONFIG_HOME", dir_.filePath("home/config"));
        env.insert("XDG_DATA_HOME", dir_.filePath("home/data"));
        app.setProcessEnvironment(env);
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app.start(qEnvironmentVariable("ZS_BIN_DIR") + "/zooscope", {"--demo"});
        QVERIFY2(app.waitForStarted(), qPrintable(app.errorString()));
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += app.readAllStandardOutput()).contains("demo serving on") ||
                                     app.state() != QProcess::Running,
                                 kDeadlineMs);
        QCOMPARE(app.state(), QProcess::Running);
        const int appPid = int(app.processId());
        // Three nodes and three workers.
        std::set<int> children;
        auto count = [&](const QString& comm) {
            return std::count_if(children.begin(), children.end(), [&](int p) { return commOf(p) == comm; });
        };
        QTRY_VERIFY_WITH_TIMEOUT((children = descendants(appPid), count("zooscope-server") == 3 && count("zooscope-ctl") == 3),
                                 kDeadlineMs);
        ::kill(appPid, SIGKILL);
        QVERIFY(app.waitForFinished(10000));
        for (int pid : children)
            QTRY_VERIFY2_WITH_TIMEOUT(processGone(pid), qPrintable(QString("pid %1 (%2) is left").arg(pid).arg(commOf(pid))),
                                      20000);
    }
};

QTEST_MAIN(TstDemoWindow)
#include "tst_demo_window.moc"
