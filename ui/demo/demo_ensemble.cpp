#include "demo/demo_ensemble.h"

#include <QCoreApplication>
#include <QThread>
#include <QTimer>
#include <spdlog/spdlog.h>

#include <future>
#include <set>

#include "zooscope/apache_zookeeper.h"
#include "zooscope/child_process.h"
#include "zooscope/client.h"
#include "zooscope/stream.h"
#include "zooscope/stream_workers.h"

namespace zooscope::ui {

namespace {

using namespace std::chrono_literals;

// Generous: Apache nodes are JVMs, and the machine may be busy.
constexpr auto kServeTimeout = 120s;
// A worker asked to stop commits and leaves in well under a second; quitting
// the app waits at most this long for it before SIGKILL.
constexpr auto kWorkerStopGrace = 3s;

// Waits for every node to serve (a Mode in srvr); false + *error.
bool waitServing(Ensemble& ensemble, std::string* error) {
    const auto deadline = std::chrono::steady_clock::now() + kServeTimeout;
    for (int i = 0; i < ensemble.nodeCount(); ++i)
        for (;;) {
            if (ensemble.waitReady(i, 1s, error)) break;
            if (ensemble.node(i).state != NodeState::Running || std::chrono::steady_clock::now() >= deadline)
                return false;
        }
    return true;
}

// Sets up the job over a session of its own, waiting (the demo thread may).
// AlreadySetUp is fine: a kept folder's job carries on.
bool setUpJob(const std::string& connect, const std::string& job, const WorkloadSpec& w, std::string* error) {
    auto connected = std::make_shared<std::promise<bool>>();
    auto once = std::make_shared<std::once_flag>();
    client::ClientOptions options;
    options.connectString = connect;
    client::Callbacks callbacks;
    callbacks.onState = [connected, once](client::SessionState s) {
        if (s == client::SessionState::Connected) std::call_once(*once, [&] { connected->set_value(true); });
        else if (client::isTerminal(s)) std::call_once(*once, [&] { connected->set_value(false); });
    };
    auto c = client::Client::connect(options, callbacks, error);
    if (!c) return false;
    auto up = connected->get_future();
    if (up.wait_for(kServeTimeout) != std::future_status::ready || !up.get()) {
        *error = "no session with " + connect + " within " + std::to_string(kServeTimeout.count()) + " s.";
        c->close();
        return false;
    }
    stream::JobConfig config;
    config.partitions = w.partitions;
    config.vnodes = w.vnodes;
    std::promise<stream::Result<client::Empty>> done;
    auto result = done.get_future();
    stream::setupJob(*c, job, config, [&done](stream::Result<client::Empty> r) { done.set_value(std::move(r)); });
    const auto r = result.get();  // every callback comes, at the latest with ConnectionLoss on close
    c->close();
    if (r.ok() || r.code == stream::Code::AlreadySetUp) return true;
    *error = "cannot set up " + job + ": " + r.message;
    return false;
}

// The demos whose shutDown() is under way (GUI thread only).
std::set<DemoEnsemble*>& shuttingDown() {
    static std::set<DemoEnsemble*> demos;
    return demos;
}

}  // namespace

QString nodeActionName(NodeAction action) {
    switch (action) {
    case NodeAction::Kill: return QStringLiteral("kill");
    case NodeAction::Stop: return QStringLiteral("stop");
    case NodeAction::Pause: return QStringLiteral("pause");
    case NodeAction::Resume: return QStringLiteral("resume");
    case NodeAction::Restart: return QStringLiteral("restart");
    case NodeAction::Start: return QStringLiteral("start");
    case NodeAction::Isolate: return QStringLiteral("isolate");
    case NodeAction::Heal: return QStringLiteral("heal");
    case NodeAction::Slow: return QStringLiteral("slow");
    }
    return QStringLiteral("?");
}

QString workerActionName(WorkerAction action) {
    switch (action) {
    case WorkerAction::Kill: return QStringLiteral("kill");
    case WorkerAction::Pause: return QStringLiteral("pause");
    case WorkerAction::Resume: return QStringLiteral("resume");
    case WorkerAction::Stop: return QStringLiteral("stop");
    }
    return QStringLiteral("?");
}

DemoEnsemble::DemoEnsemble(const DemoSpec& spec, QObject* parent)
    : QObject(parent), spec_(spec), thread_(new QThread), context_(new QObject) {
    qRegisterMetaType<NodeAction>();
    qRegisterMetaType<WorkerAction>();
    qRegisterMetaType<ProcessExit>();
    thread_->setObjectName(QStringLiteral("demo"));
    context_->moveToThread(thread_);
    thread_->start();
    // Workers that end on their own are noticed once a second.
    post([this] {
        auto* timer = new QTimer(context_);
        timer->setObjectName(QStringLiteral("workerCheck"));
        QObject::connect(timer, &QTimer::timeout, context_, [this] { checkWorkers(); });
        timer->start(1000);
    });
}

DemoEnsemble::~DemoEnsemble() {
    shuttingDown().erase(this);
    if (!stopping_) {
        QMetaObject::invokeMethod(context_, [this] { stopAll(); }, Qt::BlockingQueuedConnection);
        thread_->quit();
    }
    // After shutDown() the demo thread quits once its stopping is done.
    thread_->wait();
    delete context_;
    delete thread_;
}

void DemoEnsemble::stopAll() {
    // The workers leave first (they commit and close their sessions while the
    // nodes still serve), then the nodes go: all on the demo thread, which
    // started the workers. Timers stop on their own thread.
    delete context_->findChild<QTimer*>(QStringLiteral("workerCheck"));
    if (processes_) processes_->stopAll(kWorkerStopGrace);
    processes_.reset();
    std::shared_ptr<Ensemble> e;
    {
        std::lock_guard lock(mutex_);
        e.swap(ensemble_);
    }
    e.reset();
    spdlog::info("demo ensemble stopped");
}

void DemoEnsemble::shutDown() {
    if (stopping_) return;
    stopping_ = true;
    setParent(nullptr);
    shuttingDown().insert(this);
    // After every request already posted; the thread quits after this task,
    // so `this` stays valid until it has (finishShutdowns() and the
    // destructor wait for the thread before anything goes).
    QMetaObject::invokeMethod(context_, [this] {
        stopAll();
        QMetaObject::invokeMethod(this, [this] {
            emit stopped();
            deleteLater();
        });
        thread_->quit();
    }, Qt::QueuedConnection);
}

void DemoEnsemble::finishShutdowns() {
    // Each destructor waits for its demo thread, which is stopping already.
    const std::set<DemoEnsemble*> pending = shuttingDown();
    for (DemoEnsemble* demo : pending) delete demo;
}

bool DemoEnsemble::apacheAvailable(QString* why) {
    std::string error;
    const bool ok = !apacheClassPath(&error).empty() && !findJava({}, &error).empty();
    if (!ok && why) *why = QString::fromStdString(error);
    return ok;
}

QString DemoEnsemble::title() const {
    const QString kind = spec_.kind == NodeKind::Engine ? tr("engine") : tr("ZooKeeper");
    return spec_.observer ? tr("Demo: %1 × %2 + observer", "3 × engine").arg(spec_.nodes).arg(kind)
                          : tr("Demo: %1 × %2", "3 × engine").arg(spec_.nodes).arg(kind);
}

void DemoEnsemble::post(std::function<void()> task) {
    if (stopping_) return;  // the demo thread is stopping: nothing more to do
    QMetaObject::invokeMethod(context_, std::move(task), Qt::QueuedConnection);
}

void DemoEnsemble::start() {
    const DemoSpec spec = spec_;
    post([this, spec] {
        EnsembleSpec es;
        es.kind = spec.kind;
        es.size = spec.nodes;
        es.observers = spec.observer ? 1 : 0;
        es.baseDir = spec.dir.toStdString();
        es.proxiedPeers = true;  // the peer links can be cut and slowed
        es.adminServer = true;   // on free ports, for the dashboard
        spdlog::info("demo: starting {} {} node(s){}", spec.nodes + es.observers, toString(es.kind),
                     es.baseDir.empty() ? "" : " in " + es.baseDir);
        std::string error;
        std::shared_ptr<Ensemble> e = Ensemble::start(es, &error);
        if (e && !waitServing(*e, &error)) e.reset();
        if (!e) {
            const QString why = QString::fromStdString(error);
            QMetaObject::invokeMethod(this, [this, why] { emit failed(why); });
            return;
        }
        {
            std::lock_guard lock(mutex_);
            ensemble_ = e;
        }
        const QString connect = QString::fromStdString(e->connectString());
        const QString dir = QString::fromStdString(e->baseDir());
        spdlog::info("demo: serving on {}, files in {}", e->connectString(), e->baseDir());
        QMetaObject::invokeMethod(this, [this, connect, dir] {
            connect_ = connect;
            baseDir_ = dir;
            emit started(connect);
        });
    });
}

std::shared_ptr<Ensemble> DemoEnsemble::ensemble() const {
    std::lock_guard lock(mutex_);
    return ensemble_;
}

std::vector<NodeInfo> DemoEnsemble::nodes() const {
    const std::shared_ptr<Ensemble> e = ensemble();
    return e ? e->nodes() : std::vector<NodeInfo>{};
}

QString DemoEnsemble::adminPorts() const {
    QStringList out;
    for (const NodeInfo& n : nodes()) out << QStringLiteral("127.0.0.1:%1=%2").arg(n.clientPort).arg(n.adminPort);
    return out.join(QLatin1Char(' '));
}

int DemoEnsemble::nodeIndex(const QString& server) const {
    const auto all = nodes();
    for (size_t i = 0; i < all.size(); ++i)
        if (server == QStringLiteral("127.0.0.1:%1").arg(all[i].clientPort)) return int(i);
    return -1;
}

void DemoEnsemble::act(int index, NodeAction action, std::chrono::milliseconds delay) {
    post([this, index, action, delay] {
        const std::shared_ptr<Ensemble> e = ensemble();
        std::string error = "the demo ensemble is not running.";
        bool ok = false;
        if (e) switch (action) {
            case NodeAction::Kill: ok = e->kill(index, &error); break;
            case NodeAction::Stop: ok = e->stop(index, &error); break;
            case NodeAction::Pause: ok = e->pause(index, &error); break;
            case NodeAction::Resume: ok = e->resume(index, &error); break;
            case NodeAction::Restart: ok = e->restart(index, &error); break;
            case NodeAction::Start: ok = e->startNode(index, &error); break;
            case NodeAction::Isolate: ok = e->isolate(index, &error); break;
            case NodeAction::Heal: ok = e->heal(index, &error); break;
            case NodeAction::Slow: ok = e->slow(index, delay, &error); break;
            }
        if (ok) error.clear();
        spdlog::info("demo: {} node {}: {}", nodeActionName(action).toStdString(), index + 1, ok ? "done" : error);
        const QString why = QString::fromStdString(error);
        QMetaObject::invokeMethod(this, [this, index, action, ok, why] { emit nodeActionDone(index, action, ok, why); });
    });
}

void DemoEnsemble::startWorkload(const WorkloadSpec& workload) {
    const std::string job = spec_.job.toStdString();
    post([this, workload, job] {
        const std::shared_ptr<Ensemble> e = ensemble();
        std::string error = "the demo ensemble is not running.";
        std::string program;
        bool ok = e && !(program = findZooScopeExecutable("zooscope-ctl", &error)).empty() &&
                  setUpJob(e->connectString(), job, workload, &error);
        if (ok) {
            processes_ = std::make_unique<stream::WorkerProcesses>(program, e->connectString(), job,
                                                                   e->baseDir() + "/workers");
            for (int k = 0; ok && k < workload.workers; ++k) ok = startWorker("worker-" + std::to_string(nextWorker_++), &error);
            publishWorkers();
        }
        const QString why = QString::fromStdString(error);
        const QString path = QString::fromStdString(job);
        QMetaObject::invokeMethod(this, [this, ok, why, path] {
            if (!ok) return emit failed(tr("The workload could not start: %1").arg(why));
            workloadStarted_ = true;
            emit workloadStarted(path);
        });
    });
}

bool DemoEnsemble::startWorker(const std::string& id, std::string* error) {
    if (!processes_->start(id, error)) return false;
    spdlog::info("demo: worker {} started (pid {})", id, processes_->pid(id));
    return true;
}

void DemoEnsemble::addWorker() {
    post([this] {
        if (!processes_) return;
        std::string id;
        do id = "worker-" + std::to_string(nextWorker_++);
        while (processes_->has(id));
        std::string error;
        const bool ok = startWorker(id, &error);
        publishWorkers();
        const QString qid = QString::fromStdString(id), why = QString::fromStdString(error);
        QMetaObject::invokeMethod(this, [this, qid, ok, why] {
            if (!ok) emit failed(tr("Worker %1 could not start: %2").arg(qid, why));
        });
    });
}

void DemoEnsemble::actOnWorker(const QString& qid, WorkerAction action) {
    const std::string id = qid.toStdString();
    post([this, id, qid, action] {
        std::string error = "the workload is not running.";
        bool ok = false;
        if (processes_) switch (action) {
            case WorkerAction::Kill: ok = processes_->kill(id, &error); break;
            case WorkerAction::Pause: ok = processes_->pause(id, &error); break;
            case WorkerAction::Resume: ok = processes_->resume(id, &error); break;
            case WorkerAction::Stop: ok = processes_->stop(id, &error, kWorkerStopGrace); break;
            }
        if (ok) error.clear();
        spdlog::info("demo: {} worker {}: {}", workerActionName(action).toStdString(), id, ok ? "done" : error);
        publishWorkers();
        const QString why = QString::fromStdString(error);
        QMetaObject::invokeMethod(this, [this, qid, action, ok, why] { emit workerActionDone(qid, action, ok, why); });
    });
}

void DemoEnsemble::checkWorkers() {
    if (!processes_) return;
    bool changed = false;
    while (auto gone = processes_->ended()) {
        changed = true;
        spdlog::warn("demo: {}", stream::WorkerProcesses::endedText(*gone));
        const QString id = QString::fromStdString(gone->id), tail = QString::fromStdString(gone->logTail);
        QMetaObject::invokeMethod(this, [this, id, how = gone->how, tail] { emit workerEnded(id, how, tail); });
    }
    if (changed) publishWorkers();
}

void DemoEnsemble::publishWorkers() {
    QList<DemoWorker> list;
    if (processes_)
        for (const std::string& id : processes_->ids())
            list.append({QString::fromStdString(id), processes_->pid(id), processes_->paused(id)});
    QMetaObject::invokeMethod(this, [this, list] {
        workers_ = list;
        emit workersChanged();
    });
}

}  // namespace zooscope::ui
