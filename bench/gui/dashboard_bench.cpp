// zooscope-dashboard-bench: the ensemble dashboard (issue 16) measured from
// the outside, on the app's own widgets (MainWindow, ClusterTab,
// DashboardPage) against ensembles the launcher starts on 127.0.0.1.
//
//   --mode leader-kill --kind engine|apache [--runs N] [--tick MS]
//       A 3-node ensemble (an AdminServer per node; Apache with ZooKeeper
//       3.8's default whitelist, srvr only). Per run: kill -9 the leader;
//       "on screen" is the first turn of the GUI thread's event loop (a 1 ms
//       probe) at which another server's card says Leader; "servers" is the
//       timestamp of the new leader's own log line saying it leads (Apache:
//       "LEADING - LEADER ELECTION TOOK - N MS", with N; the engine:
//       "quorum: LEADING"). Both from the kill; the node is restarted
//       between runs.
//   --mode load [--tabs 3] [--servers 5] [--seconds 120]
//       TABS engine ensembles of SERVERS nodes, one tab each, every tab on
//       its dashboard; after 10 s of warm-up, the app's CPU (getrusage: this
//       process, every thread; the servers are other processes) and RSS over
//       SECONDS.
// Both report the longest UI stall (a 5 ms precise timer's longest gap,
// StallProbe); load also the GUI thread's own CPU (in all, and per gap: the
// work, apart from waits for a CPU) and the models' resets (each rebuilds a
// dashboard's cards). One JSON line per run or measurement on stdout.
#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>

#include "models/ensemble_model.h"
#include "session/ensemble_watch.h"
#include "settings/secret_store.h"
#include "stall_probe.h"
#include "widgets/cluster_tab.h"
#include "widgets/dashboard_page.h"
#include "widgets/main_window.h"
#include "widgets/server_card.h"
#include "zooscope/ensemble.h"

using namespace zooscope;
using namespace zooscope::ui;
using zooscope::bench::StallProbe;
using zooscope::bench::procStatusKib;
using monitor::ServerMode;

namespace {

void emitJson(QJsonObject o) {
    o["loadavg"] = QString::fromUtf8([] {
                       QFile f("/proc/loadavg");
                       return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed() : QByteArray();
                   }())
                       .section(' ', 0, 2);
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

// Runs the event loop until `done` (checked by a 1 ms timer, so the moment
// is that of the first loop turn at which it holds) or `ms` pass; false on
// the deadline. The loop sleeps in between: no busy wait adds to the CPU
// figures.
bool runUntil(const std::function<bool()>& done, int ms) {
    if (done()) return true;
    QEventLoop loop;
    bool ok = false;
    QTimer check;
    check.setTimerType(Qt::PreciseTimer);
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (!done()) return;
        ok = true;
        loop.quit();
    });
    check.start(1);
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
    return ok;
}

// Runs the event loop for `ms`, nothing else.
void runFor(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

QString serverOf(const NodeInfo& n) { return QStringLiteral("127.0.0.1:%1").arg(n.clientPort); }

ConnectionProfile profileFor(const Ensemble& e, const QString& name) {
    ConnectionProfile p;
    p.id = ConnectionProfile::newId();
    p.name = name;
    p.hosts = QString::fromStdString(e.connectString());
    p.adminPort = 0;
    QStringList ports;
    for (const NodeInfo& n : e.nodes()) ports << QStringLiteral("%1=%2").arg(serverOf(n)).arg(n.adminPort);
    p.adminPorts = ports.join(',');
    return p;
}

std::unique_ptr<Ensemble> startEnsemble(NodeKind kind, int size, int tick) {
    EnsembleSpec spec;
    spec.kind = kind;
    spec.size = size;
    spec.tickTime = tick;
    spec.adminServer = true;
    spec.fourLetterWhitelist = kind == NodeKind::ApacheZooKeeper ? "srvr" : "*";
    // Wall-clock timestamps in ZooKeeper's log (slf4j-simple prints ms since start otherwise).
    spec.jvmArgs = {"-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss.SSS"};
    std::string error;
    auto e = Ensemble::start(spec, &error);
    if (!e) qFatal("ensemble: %s", error.c_str());
    for (int i = 0; i < size; ++i)
        if (!e->waitReady(i, std::chrono::seconds(120), &error)) qFatal("ensemble: %s", error.c_str());
    return e;
}

// The card of `server` says leader.
bool cardLeads(DashboardPage* page, const QString& server) {
    ServerCard* c = page->card(server);
    return c && c->modeText() == EnsembleModel::modeText(ServerMode::Leader);
}

// The first line of `logFile` stamped at or after `sinceMs` that holds
// `marker`: its time (ms since the epoch) and the line.
std::optional<std::pair<qint64, QString>> loggedAfter(const std::string& logFile, qint64 sinceMs, const QString& marker) {
    QFile f(QString::fromStdString(logFile));
    if (!f.open(QIODevice::ReadOnly)) return std::nullopt;
    static const QRegularExpression stamp(R"(^\[?(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[.,]\d{3})\]?)");
    for (const QByteArray& raw : f.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (!line.contains(marker)) continue;
        const auto m = stamp.match(line);
        if (!m.hasMatch()) continue;
        QString text = m.captured(1);
        text[19] = '.';
        const qint64 at = QDateTime::fromString(text, "yyyy-MM-dd HH:mm:ss.zzz").toMSecsSinceEpoch();
        if (at >= sinceMs) return std::make_pair(at, line);
    }
    return std::nullopt;
}

// The app's main window on throw-away settings, shown.
struct AppWindow {
    QTemporaryDir dir;
    QSettings settings{dir.filePath("bench.ini"), QSettings::IniFormat};
    SecretStore secrets{QStringLiteral("ZooScope-bench")};
    MainWindow window{&settings, &secrets, nullptr, QString()};
    AppWindow() {
        window.resize(1400, 900);
        window.show();
    }
};

int leaderKill(NodeKind kind, int runs, int tick) {
    const bool apache = kind == NodeKind::ApacheZooKeeper;
    auto e = startEnsemble(kind, 3, tick);
    AppWindow app;
    MainWindow& window = app.window;
    ClusterTab* tab = window.openTab(profileFor(*e, apache ? "apache" : "engine"), QString());
    tab->pages()->setCurrentWidget(tab->dashboard());
    EnsembleModel* model = tab->ensemble()->model();
    DashboardPage* page = tab->dashboard();
    StallProbe stall;
    const QString marker = apache ? QStringLiteral("LEADING - LEADER ELECTION TOOK") : QStringLiteral("quorum: LEADING");
    static const QRegularExpression took(R"(TOOK - (\d+) MS)");

    for (int run = 0; run < runs; ++run) {
        // Settled: a leader on screen and every server sampled as serving.
        if (!runUntil([&] {
                if (model->leaderRow() < 0 || !cardLeads(page, model->row(model->leaderRow()).member.server)) return false;
                for (int r = 0; r < model->rowCount(); ++r) {
                    const auto m = model->row(r).mode();
                    if (m != ServerMode::Leader && m != ServerMode::Follower) return false;
                }
                return true;
            }, 180000))
            qFatal("the ensemble did not settle before run %d", run);
        runFor(3000);  // a few samples of the settled state
        stall.reset();
        const int leader = model->leaderRow();
        const QString oldLeader = model->row(leader).member.server;
        int leaderNode = -1;
        for (int i = 0; i < 3; ++i)
            if (serverOf(e->node(i)) == oldLeader) leaderNode = i;
        const qint64 killedAt = QDateTime::currentMSecsSinceEpoch();
        QElapsedTimer sinceKill;
        sinceKill.start();
        std::string error;
        if (!e->kill(leaderNode, &error)) qFatal("kill: %s", error.c_str());
        QString newLeader;
        qint64 modelMs = -1;
        if (!runUntil([&] {
                const int l = model->leaderRow();
                if (modelMs < 0 && l >= 0 && model->row(l).member.server != oldLeader) modelMs = sinceKill.elapsed();
                for (int i = 0; i < 3; ++i)
                    if (i != leaderNode && cardLeads(page, serverOf(e->node(i)))) newLeader = serverOf(e->node(i));
                return !newLeader.isEmpty();
            }, 180000))
            qFatal("no new leader on screen within 180 s (run %d)", run);
        const qint64 screenMs = sinceKill.elapsed();
        const double stallMs = stall.maxGap();
        int newNode = -1;
        for (int i = 0; i < 3; ++i)
            if (serverOf(e->node(i)) == newLeader) newNode = i;
        const auto logged = loggedAfter(e->node(newNode).logFile, killedAt, marker);
        QJsonObject o{{"mode", "leader-kill"},
                      {"kind", apache ? "apache" : "engine"},
                      {"run", run},
                      {"tick_ms", tick},
                      {"screen_ms", screenMs},
                      {"model_ms", modelMs},
                      {"max_stall_ms", stallMs},
                      {"max_stall_gui_cpu_ms", stall.maxGapCpu()}};
        if (logged) {
            o["servers_ms"] = logged->first - killedAt;
            o["ratio"] = double(screenMs) / double(std::max<qint64>(1, logged->first - killedAt));
            const auto m = took.match(logged->second);
            if (m.hasMatch()) o["zk_election_took_ms"] = m.captured(1).toInt();
        } else {
            o["servers_ms"] = QJsonValue();
            o["log"] = QString::fromStdString(e->node(newNode).logFile);
        }
        emitJson(o);
        if (!e->restart(leaderNode, &error) || !e->waitReady(leaderNode, std::chrono::seconds(120), &error))
            qFatal("restart: %s", error.c_str());
    }
    return 0;
}

double cpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

int load(int tabs, int servers, int seconds) {
    std::vector<std::unique_ptr<Ensemble>> ensembles;
    for (int t = 0; t < tabs; ++t) ensembles.push_back(startEnsemble(NodeKind::Engine, servers, 2000));
    AppWindow app;
    MainWindow& window = app.window;
    std::vector<ClusterTab*> open;
    for (int t = 0; t < tabs; ++t) {
        ClusterTab* tab = window.openTab(profileFor(*ensembles[size_t(t)], QStringLiteral("ensemble %1").arg(t + 1)), {});
        tab->pages()->setCurrentWidget(tab->dashboard());
        open.push_back(tab);
    }
    if (!runUntil([&] {
            for (ClusterTab* tab : open)
                for (int r = 0; r < tab->ensemble()->model()->rowCount(); ++r)
                    if (!tab->ensemble()->model()->row(r).samples) return false;
            return true;
        }, 120000))
        qFatal("not every server was sampled within 120 s");
    runFor(10000);  // warm-up
    // A reset rebuilds a dashboard's cards: counted, as it costs a burst.
    int resets = 0;
    for (ClusterTab* tab : open)
        QObject::connect(tab->ensemble()->model(), &QAbstractItemModel::modelReset, [&resets] { ++resets; });
    StallProbe stall;
    const qint64 rssStart = procStatusKib("VmRSS");
    qint64 rssMax = rssStart;
    const double cpu0 = cpuSeconds();
    QElapsedTimer wall;
    wall.start();
    QTimer rss;
    QObject::connect(&rss, &QTimer::timeout, [&] { rssMax = std::max(rssMax, procStatusKib("VmRSS")); });
    rss.start(1000);
    runFor(seconds * 1000);
    const double cpu = cpuSeconds() - cpu0;
    qint64 samples = 0;
    for (ClusterTab* tab : open)
        for (int r = 0; r < tab->ensemble()->model()->rowCount(); ++r) samples += tab->ensemble()->model()->row(r).samples;
    emitJson(QJsonObject{{"mode", "load"},
                         {"tabs", tabs},
                         {"servers_per_tab", servers},
                         {"seconds", double(wall.elapsed()) / 1000.0},
                         {"cpu_s", cpu},
                         {"cpu_percent_of_one_core", 100.0 * cpu / (double(wall.elapsed()) / 1000.0)},
                         {"rss_start_kib", rssStart},
                         {"rss_max_kib", rssMax},
                         {"rss_end_kib", procStatusKib("VmRSS")},
                         {"hwm_kib", procStatusKib("VmHWM")},
                         {"samples_total", samples},
                         {"model_resets", resets},
                         {"max_stall_ms", stall.maxGap()},
                         {"max_stall_gui_cpu_ms", stall.maxGapCpu()},
                         {"max_gui_cpu_in_a_gap_ms", stall.maxCpu()},
                         {"max_gui_cpu_gap_ended_at_monotonic_s", stall.maxCpuAtMonotonic() / 1000.0},
                         {"p99_gap_ms", stall.percentile(0.99)},
                         {"gaps_over_50ms", stall.countOver(50)},
                         {"gui_thread_cpu_s", stall.totalCpu() / 1000.0},
                         {"p999_gui_cpu_in_a_gap_ms", stall.cpuPercentile(0.999)},
                         {"gaps_with_gui_cpu_over_20ms", stall.countCpuOver(20)},
                         {"probe_firings", qint64(stall.firings())}});
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription("The ensemble dashboard's benchmark (see the top of dashboard_bench.cpp).");
    parser.addHelpOption();
    QCommandLineOption mode("mode", "leader-kill or load.", "MODE", "leader-kill");
    QCommandLineOption kind("kind", "leader-kill: engine or apache.", "KIND", "engine");
    QCommandLineOption runs("runs", "leader-kill: kills (default 5).", "N", "5");
    QCommandLineOption tick("tick", "leader-kill: tickTime in ms (default 2000).", "MS", "2000");
    QCommandLineOption tabs("tabs", "load: tabs, one ensemble each (default 3).", "N", "3");
    QCommandLineOption servers("servers", "load: nodes per ensemble (default 5).", "N", "5");
    QCommandLineOption seconds("seconds", "load: measured seconds after 10 s of warm-up (default 120).", "S", "120");
    parser.addOptions({mode, kind, runs, tick, tabs, servers, seconds});
    parser.process(app);
    auto number = [&](const QCommandLineOption& o) {
        bool ok = false;
        const int v = parser.value(o).toInt(&ok);
        if (!ok || v <= 0) {
            std::fprintf(stderr, "--%s: '%s' is not a positive number\n", qPrintable(o.names().first()),
                         qPrintable(parser.value(o)));
            std::exit(2);
        }
        return v;
    };
    if (parser.value(mode) == "leader-kill") {
        const QString k = parser.value(kind);
        if (k != "engine" && k != "apache") {
            std::fprintf(stderr, "--kind: engine or apache\n");
            return 2;
        }
        return leaderKill(k == "apache" ? NodeKind::ApacheZooKeeper : NodeKind::Engine, number(runs), number(tick));
    }
    if (parser.value(mode) == "load") return load(number(tabs), number(servers), number(seconds));
    std::fprintf(stderr, "--mode: leader-kill or load\n");
    return 2;
}
