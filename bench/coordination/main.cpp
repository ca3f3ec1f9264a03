// zooscope-coordination-bench: the Locks view (the app's RecipeWatch,
// LocksModel and CoordinationPage in a shown window) over LOCKS locks in
// kazoo's layout, each with a holder and a waiter, while a writer on its own
// thread and its own session churns them at RATE changes per second for
// SECONDS: each change deletes a lock's holder (its waiter takes over, the
// lock's child watch fires) and queues a new waiter. It measures:
// - the UI stall: the longest gap between two firings of a 5 ms precise
//   QTimer on the GUI thread while the churn runs (and the 99th percentile);
// - the lag: after the writer stops, how long until every row names the
//   holder the writer expects;
// - the recipe watch's jobs (reads of fired recipes, batched) and the
//   child watches it holds.
// Prints one JSON object; exit status 1 when the view never agrees.
//
//   zooscope-coordination-bench (--connect HOST:PORT | --embedded)
//                               [--locks 1000] [--rate 500] [--seconds 20]
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <atomic>
#include <deque>
#include <future>
#include <iostream>
#include <mutex>
#include <thread>

#include "adapter/client_adapter.h"
#include "bench_server.h"
#include "models/locks_model.h"
#include "session/recipe_watch.h"
#include "widgets/coordination_page.h"
#include "zooscope/client.h"
#include "zooscope/server.h"

using namespace zooscope;

namespace {

constexpr const char* kHolderData = "worker";

// The writer's side: its own session, one change at a time per call.
class Churner {
public:
    Churner(std::string connect, std::string root, int locks) : root_(std::move(root)), locks_(locks) {
        client::ClientOptions options;
        options.connectString = std::move(connect);
        std::string error;
        // Shared: the client calls back for as long as it lives.
        auto connected = std::make_shared<std::promise<void>>();
        auto once = std::make_shared<std::once_flag>();
        auto ready = connected->get_future();
        client::Callbacks callbacks;
        callbacks.onState = [connected, once](client::SessionState s) {
            if (s == client::SessionState::Connected) std::call_once(*once, [&] { connected->set_value(); });
        };
        client_ = client::Client::connect(options, callbacks, &error);
        if (!client_) throw std::runtime_error(error);
        if (ready.wait_for(std::chrono::seconds(30)) != std::future_status::ready)
            throw std::runtime_error("the writer did not connect");
    }
    // Creates ROOT, the locks and two contenders each; false on a failure.
    bool populate() {
        if (!wait<client::Created>([&](auto done) { client_->create(root_, "", {}, done); })) return false;
        queues_.resize(size_t(locks_));
        for (int i = 0; i < locks_; ++i) {
            if (!wait<client::Created>([&](auto done) { client_->create(lock(i), "", {}, done); })) return false;
            for (int k = 0; k < 2; ++k)
                if (!enqueue(i)) return false;
        }
        return true;
    }
    // Lock i: its holder leaves, a new waiter queues.
    bool change(int i) {
        const std::string holder = queues_[size_t(i)].front();
        if (!wait<client::Empty>([&](auto done) { client_->remove(lock(i) + "/" + holder, -1, done); })) return false;
        queues_[size_t(i)].pop_front();
        return enqueue(i);
    }
    std::string lock(int i) const { return root_ + "/lock-" + std::to_string(i); }
    // The node that holds lock i now.
    std::string holder(int i) const { return queues_[size_t(i)].front(); }

private:
    template <class T, class Call>
    bool wait(Call call) {
        std::promise<bool> ok;
        call([&](client::Result<T> r) { ok.set_value(r.ok()); });
        return ok.get_future().get();
    }
    bool enqueue(int i) {
        client::CreateOptions ephemeral;
        ephemeral.mode = proto::CreateMode::EphemeralSequential;
        std::promise<std::string> made;
        client_->create(lock(i) + "/0123456789abcdef0123456789abcdef__lock__", kHolderData, ephemeral,
                        [&](client::Result<client::Created> r) { made.set_value(r.ok() ? r.value.path : std::string()); });
        const std::string path = made.get_future().get();
        if (path.empty()) return false;
        queues_[size_t(i)].push_back(path.substr(path.rfind('/') + 1));
        return true;
    }

    std::unique_ptr<client::Client> client_;
    std::string root_;
    int locks_;
    std::vector<std::deque<std::string>> queues_;  // per lock, in sequence order
};

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const bench::ServerChoice choice;
    QCommandLineOption locksOption{"locks", "Locks under /coordination-bench (default 1000).", "N", "1000"};
    QCommandLineOption rateOption{"rate", "Changes per second (default 500).", "OPS", "500"};
    QCommandLineOption secondsOption{"seconds", "How long the churn runs (default 20).", "SECONDS", "20"};
    parser.addOptions({choice.connect, choice.embedded, locksOption, rateOption, secondsOption});
    parser.process(app);
    bool ok1 = false, ok2 = false, ok3 = false;
    const int locks = parser.value(locksOption).toInt(&ok1);
    const double rate = parser.value(rateOption).toDouble(&ok2);
    const double seconds = parser.value(secondsOption).toDouble(&ok3);
    if (!ok1 || !ok2 || !ok3 || locks < 1 || rate <= 0 || seconds <= 0 || !choice.given(parser)) {
        std::cerr << "zooscope-coordination-bench: give --connect HOST:PORT or --embedded, and positive numbers\n";
        return 2;
    }
    std::unique_ptr<Server> server;
    std::string serverError;
    const std::string hosts = choice.hosts(parser, &server, &serverError);
    if (hosts.empty()) {
        std::cerr << "zooscope-coordination-bench: " << serverError << "\n";
        return 1;
    }
    const std::string root = "/coordination-bench-" + std::to_string(QDateTime::currentMSecsSinceEpoch());
    Churner churner(hosts, root, locks);
    QElapsedTimer clock;
    clock.start();
    if (!churner.populate()) {
        std::cerr << "zooscope-coordination-bench: populating " << root << " failed\n";
        return 1;
    }
    const qint64 populateMs = clock.restart();

    ui::ClientAdapter adapter;
    client::ClientOptions options;
    options.connectString = hosts;
    QString error;
    if (!adapter.open(options, &error)) {
        std::cerr << error.toStdString() << "\n";
        return 1;
    }
    ui::RecipeWatch watch(&adapter, nullptr);
    watch.setRescanIntervalMs(3600 * 1000);
    watch.setRoot(QString::fromStdString(root));
    QWidget window;
    auto* layout = new QVBoxLayout(&window);
    layout->addWidget(new ui::CoordinationPage(&watch, watch.locks(), ui::LocksModel::SessionColumn));
    window.resize(1400, 900);
    window.show();
    watch.start();
    auto spinUntil = [&](const std::function<bool()>& done, int timeoutMs) {
        QElapsedTimer t;
        t.start();
        while (!done() && t.elapsed() < timeoutMs) QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        return done();
    };
    const bool loaded = spinUntil([&] { return watch.locks()->rowCount() == locks && watch.childWatches() == locks; }, 120000);
    const qint64 loadMs = clock.restart();

    // The stall probe and the churn.
    std::vector<qint64> gaps;
    QElapsedTimer probeClock;
    probeClock.start();
    qint64 last = 0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(5);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = probeClock.nsecsElapsed() / 1000;
        if (last) gaps.push_back(now - last);
        last = now;
    });
    probe.start();
    const int jobsBefore = watch.jobsDone();
    std::atomic<bool> writerOk{true};
    std::atomic<qint64> changes{0};
    std::thread writer([&] {
        const auto start = std::chrono::steady_clock::now();
        const auto until = start + std::chrono::duration<double>(seconds);
        for (qint64 n = 0; std::chrono::steady_clock::now() < until; ++n) {
            std::this_thread::sleep_until(start + std::chrono::duration<double>(double(n) / rate));
            if (!churner.change(int(n % locks))) {
                writerOk = false;
                return;
            }
            changes = n + 1;
        }
    });
    std::atomic<bool> writerDone{false};
    std::thread joiner([&] {
        writer.join();
        writerDone = true;
    });
    spinUntil([&] { return writerDone.load(); }, int(seconds * 1000) + 120000);
    joiner.join();
    probe.stop();
    const qint64 churnMs = clock.restart();

    // Lag: until every row names the writer's holder.
    auto agrees = [&] {
        for (int i = 0; i < locks; ++i) {
            const int row = watch.locks()->rowOf(QString::fromStdString(churner.lock(i)));
            if (row < 0) return false;
            const QModelIndex first = watch.locks()->index(0, ui::LocksModel::PathColumn, watch.locks()->index(row, 0));
            if (first.data().toString().toStdString() != churner.holder(i)) return false;
        }
        return true;
    };
    const bool agreed = spinUntil(agrees, 120000);
    const qint64 lagMs = clock.elapsed();

    std::vector<qint64> sorted = gaps;
    std::sort(sorted.begin(), sorted.end());
    const double maxStallMs = sorted.empty() ? 0 : double(sorted.back()) / 1000.0;
    const double p99Ms = sorted.empty() ? 0 : double(sorted[size_t(double(sorted.size() - 1) * 0.99)]) / 1000.0;
    QJsonObject j{{"server", parser.isSet(choice.embedded) ? "embedded engine" : QString::fromStdString(hosts)},
                  {"locks", locks},
                  {"znodes", 3 * locks + 1},
                  {"populateMs", populateMs},
                  {"loaded", loaded},
                  {"firstScanToRowsMs", loadMs},
                  {"childWatches", watch.childWatches()},
                  {"rate", rate},
                  {"changes", qint64(changes)},
                  {"churnMs", churnMs},
                  {"writerOk", writerOk.load()},
                  {"jobs", watch.jobsDone() - jobsBefore},
                  {"maxStallMs", maxStallMs},
                  {"p99GapMs", p99Ms},
                  {"agreed", agreed},
                  {"lagAfterChurnMs", lagMs}};
    std::cout << QJsonDocument(j).toJson(QJsonDocument::Compact).toStdString() << std::endl;
    adapter.close();
    return loaded && agreed && writerOk ? 0 : 1;
}
