// zooscope-ring-bench: the Partitions view's ring (the app's RecipeWatch,
// PartitionsModel and PartitionsPage in a shown window) over the demo
// workload's stream job, PARTITIONS partitions run by WORKERS of core's
// stream Workers (each its own session, in this process). Each of ROUNDS
// rounds stops one worker (it leaves as a killed worker's session does once
// the server expires it: its members node goes; the server's expiry wait
// is not part of what is measured), waits until the coordinator has published
// the new assignment and the ring has painted it, then starts the worker
// again and waits the same way. It measures, per change:
// - the lag from the assignment change on the server (the assignment node's
//   mtime, the server's clock: same machine) to the first paint of the ring
//   showing that generation (wall clock);
// and prints one JSON object with every lag and their median and maximum;
// exit status 1 when the ring never shows the server's assignment.
//
//   zooscope-ring-bench (--connect HOST:PORT | --embedded)
//                       [--partitions 64] [--workers 6] [--rounds 5]
#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <future>
#include <iostream>
#include <map>
#include <thread>

#include "adapter/client_adapter.h"
#include "bench_server.h"
#include "models/partitions_model.h"
#include "session/recipe_watch.h"
#include "widgets/partition_ring.h"
#include "widgets/partitions_page.h"
#include "zooscope/recipes.h"
#include "zooscope/server.h"
#include "zooscope/stream.h"

using namespace zooscope;
using namespace std::chrono_literals;

namespace {

// The assignment on the server: its generation and mtime (0, 0 when unreadable).
std::pair<int64_t, int64_t> serverAssignment(client::Client& c, const std::string& job) {
    std::promise<client::Result<client::NodeData>> read;
    auto got = read.get_future();
    c.getData(job + "/assignment", false, [&read](client::Result<client::NodeData> r) { read.set_value(std::move(r)); });
    if (got.wait_for(30s) != std::future_status::ready) return {0, 0};
    const auto r = got.get();
    if (!r.ok()) return {0, 0};
    std::string error;
    const auto a = stream::parseAssignment(r.value.data, &error);
    return a ? std::make_pair(a->generation, r.value.stat.mtime) : std::make_pair(int64_t(0), int64_t(0));
}

double median(std::vector<qint64> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? double(v[v.size() / 2]) : double(v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const bench::ServerChoice choice;
    QCommandLineOption partitionsOption{"partitions", "Partitions of the job (default 64).", "N", "64"};
    QCommandLineOption workersOption{"workers", "Workers (default 6).", "N", "6"};
    QCommandLineOption roundsOption{"rounds", "Stop-and-start rounds (default 5).", "N", "5"};
    parser.addOptions({choice.connect, choice.embedded, partitionsOption, workersOption, roundsOption});
    parser.process(app);
    bool ok1 = false, ok2 = false, ok3 = false;
    const int partitions = parser.value(partitionsOption).toInt(&ok1);
    const int workerCount = parser.value(workersOption).toInt(&ok2);
    const int rounds = parser.value(roundsOption).toInt(&ok3);
    if (!ok1 || !ok2 || !ok3 || partitions < 1 || workerCount < 2 || rounds < 1 ||
        !choice.given(parser)) {
        std::cerr << "zooscope-ring-bench: give --connect HOST:PORT or --embedded, and positive numbers (workers >= 2)\n";
        return 2;
    }
    std::unique_ptr<Server> server;
    std::string serverError;
    const std::string hosts = choice.hosts(parser, &server, &serverError);
    if (hosts.empty()) {
        std::cerr << "zooscope-ring-bench: " << serverError << "\n";
        return 1;
    }

    // The job and its workers.
    client::ClientOptions options;
    options.connectString = hosts;
    std::string error;
    auto writer = recipes::Session::connect(options, &error);
    if (!writer || !writer->waitConnected(30s).ok()) {
        std::cerr << "zooscope-ring-bench: " << error << "\n";
        return 1;
    }
    const std::string job = "/ring-bench-" + std::to_string(QDateTime::currentMSecsSinceEpoch());
    stream::JobConfig config;
    config.partitions = partitions;
    config.ratePerPartition = 20;
    std::promise<stream::Status> setUp;
    auto setUpDone = setUp.get_future();
    stream::setupJob(writer->client(), job, config, [&setUp](stream::Result<client::Empty> r) { setUp.set_value(r); });
    if (setUpDone.wait_for(30s) != std::future_status::ready || !setUpDone.get().ok()) {
        std::cerr << "zooscope-ring-bench: the job's setup failed\n";
        return 1;
    }
    std::map<std::string, std::unique_ptr<stream::Worker>> workers;
    auto startWorker = [&](const std::string& id) {
        stream::WorkerOptions o;
        o.client.connectString = hosts;
        o.client.sessionTimeout = 10s;
        o.job = job;
        o.id = id;
        std::string why;
        auto w = stream::Worker::start(o, &why);
        if (!w || !w->waitStarted(30s).ok()) return false;
        workers[id] = std::move(w);
        return true;
    };
    for (int i = 1; i <= workerCount; ++i)
        if (!startWorker("w" + std::to_string(i))) {
            std::cerr << "zooscope-ring-bench: a worker did not start\n";
            return 1;
        }

    // The view.
    ui::ClientAdapter adapter;
    QString openError;
    if (!adapter.open(options, &openError)) {
        std::cerr << openError.toStdString() << "\n";
        return 1;
    }
    ui::RecipeWatch watch(&adapter, nullptr);
    watch.setRescanIntervalMs(3600 * 1000);
    watch.setRoot(QString::fromStdString(job));
    QWidget window;
    auto* layout = new QVBoxLayout(&window);
    auto* page = new ui::PartitionsPage(&watch);
    layout->addWidget(page);
    window.resize(1400, 900);
    window.show();
    std::map<qint64, qint64> firstPaintMs;  // generation -> wall clock of its first paint
    QObject::connect(page->ring(), &ui::PartitionRing::painted, [&](qint64 generation) {
        firstPaintMs.try_emplace(generation, QDateTime::currentMSecsSinceEpoch());
    });
    watch.start();
    // The event loop runs as the app's does; `done` (a server round trip) is
    // asked every 20 ms.
    auto spinUntil = [&](const std::function<bool()>& done, int timeoutMs) {
        QEventLoop loop;
        QTimer check;
        QElapsedTimer t;
        t.start();
        QObject::connect(&check, &QTimer::timeout, &loop, [&] {
            if (done() || t.elapsed() > timeoutMs) loop.quit();
        });
        check.start(20);
        loop.exec();
        return done();
    };
    // Settled: the ring shows the assignment on the server, for `members` workers.
    auto settled = [&](size_t members) {
        return spinUntil(
            [&] {
                const auto [generation, mtime] = serverAssignment(writer->client(), job);
                const auto& items = watch.snapshot()->partitions;
                const auto it = items.find(job);
                return generation > 0 && it != items.end() && it->second.members.size() == members &&
                       page->ring()->paintedGeneration() == generation &&
                       int(std::count_if(it->second.assignments.begin(), it->second.assignments.end(),
                                         [](const auto& e) { return e.second.has_value(); })) == partitions;
            },
            120000);
    };
    // The lag of the last change: its first paint minus the server's mtime.
    auto lag = [&]() -> qint64 {
        const auto [generation, mtime] = serverAssignment(writer->client(), job);
        const auto it = firstPaintMs.find(generation);
        return it == firstPaintMs.end() ? -1 : it->second - mtime;
    };

    bool ok = settled(size_t(workerCount));
    std::vector<qint64> leaveLags, joinLags;
    for (int round = 0; ok && round < rounds; ++round) {
        const std::string id = "w" + std::to_string(round % workerCount + 1);
        // stop() waits for the worker to leave: off the GUI thread, which must paint meanwhile.
        std::unique_ptr<stream::Worker> leaving = std::move(workers[id]);
        workers.erase(id);
        std::thread stopper([&leaving] { leaving->stop(); });
        ok = settled(size_t(workerCount - 1));
        stopper.join();
        if (ok) leaveLags.push_back(lag());
        ok = ok && startWorker(id) && settled(size_t(workerCount));
        if (ok) joinLags.push_back(lag());
    }

    QJsonArray leaves, joins;
    for (qint64 v : leaveLags) leaves.append(v);
    for (qint64 v : joinLags) joins.append(v);
    QJsonObject j{{"server", parser.isSet(choice.embedded) ? "embedded engine" : QString::fromStdString(hosts)},
                  {"partitions", partitions},
                  {"workers", workerCount},
                  {"rounds", rounds},
                  {"settled", ok},
                  {"leaveLagsMs", leaves},
                  {"joinLagsMs", joins},
                  {"leaveMedianMs", median(leaveLags)},
                  {"leaveMaxMs", leaveLags.empty() ? 0 : double(*std::max_element(leaveLags.begin(), leaveLags.end()))},
                  {"joinMedianMs", median(joinLags)},
                  {"layoutsWatched", watch.layoutsWatched()},
                  {"jobs", watch.jobsDone()}};
    std::cout << QJsonDocument(j).toJson(QJsonDocument::Compact).toStdString() << std::endl;
    for (auto& [id, w] : workers) w->stop();
    adapter.close();
    writer->close();
    return ok ? 0 : 1;
}
