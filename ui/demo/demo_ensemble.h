// DemoEnsemble: one demo ensemble of the app, the thing a newcomer breaks on
// purpose: a local ensemble (core's Ensemble: engine or Apache ZooKeeper nodes
// as child processes on free 127.0.0.1 ports, peer links through relays that
// can be cut and slowed, every node's AdminServer on a free port) and the
// stream job's worker processes (zooscope-ctl stream worker, core's
// stream::WorkerProcesses).
//
// Why child processes and not an in-process engine: a node must be killable
// with SIGKILL and pausable with SIGSTOP without taking the app along, and
// nothing may outlive the app even when the app is killed -9. The nodes are
// children of the Ensemble's launcher thread and the workers are children of
// this object's demo thread, all with PR_SET_PDEATHSIG, so the kernel kills
// them with the app. Stopping stops the workers (SIGTERM, SIGKILL after a
// grace) and then kills the nodes; a temp folder is removed, a named one
// kept. Closing a tab calls shutDown(), which does that on the demo thread
// and never blocks the GUI; quitting waits for it (finishShutdowns()), and
// destroying a DemoEnsemble that was not shut down stops it and waits.
//
// Threads: the public methods are for the GUI thread. Everything that waits
// (starting nodes, stop/pause/restart, setting up the job, worker stops)
// runs on the demo thread, one request after the other in the order asked;
// results come back as signals on the GUI thread. nodes() reads the
// launcher's table, which is thread-safe, and never waits on a process.
#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "zooscope/child_process.h"
#include "zooscope/ensemble.h"

class QThread;

namespace zooscope::stream {
class WorkerProcesses;
}

namespace zooscope::ui {

struct DemoSpec {
    NodeKind kind = NodeKind::Engine;
    int nodes = 3;          // voting members: 1, 3 or 5
    bool observer = false;  // one more, non-voting
    QString dir;            // "" = a temp folder, removed at the end; else kept
    QString job = QStringLiteral("/zooscope/demo");
};

struct WorkloadSpec {
    int workers = 3;
    int partitions = 16;
    int vnodes = 128;
};

// What a server card can do to a demo node (core's Ensemble calls).
enum class NodeAction { Kill, Stop, Pause, Resume, Restart, Start, Isolate, Heal, Slow };
// What the workload page can do to a worker process.
enum class WorkerAction { Kill, Pause, Resume, Stop };

// The stable English name ("kill", "stop", "pause", ...), for logs and tests.
QString nodeActionName(NodeAction action);
QString workerActionName(WorkerAction action);

struct DemoWorker {
    QString id;
    int pid = -1;
    bool paused = false;
};

class DemoEnsemble : public QObject {
    Q_OBJECT
public:
    explicit DemoEnsemble(const DemoSpec& spec, QObject* parent = nullptr);
    ~DemoEnsemble() override;  // stops everything; returns once the processes are gone

    // Stops the workers and the nodes without waiting: the demo leaves its
    // parent, does the stopping on its own thread, emits stopped() and
    // deletes itself. Later requests are ignored. For a tab that closes.
    void shutDown();
    // Waits until every shutDown() under way has finished and its
    // processes are gone (the app quitting; MainWindow's destructor).
    static void finishShutdowns();

    // Is Apache ZooKeeper (Debian's package and Java) installed? *why (may be
    // null) says what is missing when not.
    static bool apacheAvailable(QString* why = nullptr);

    const DemoSpec& spec() const { return spec_; }
    // A short name for the tab: "Demo: 3 × engine".
    QString title() const;

    // Starts the nodes and waits until each serves; then started() or failed().
    void start();
    bool isStarted() const { return !connect_.isEmpty(); }
    QString connectString() const { return connect_; }
    // "127.0.0.1:clientPort=adminPort ..." for ConnectionProfile::adminPorts.
    QString adminPorts() const;
    QString baseDir() const { return baseDir_; }

    // The launcher's view of the nodes (empty before started()).
    std::vector<NodeInfo> nodes() const;
    // The node whose client address is `server` ("127.0.0.1:port"); -1 if none.
    int nodeIndex(const QString& server) const;

    // Runs `action` on node `index` (delay: Slow's added latency, 0 restores).
    // Answered by nodeActionDone().
    void act(int index, NodeAction action, std::chrono::milliseconds delay = {});

    // Sets up the job (once; a kept folder may have it) and starts `workers`
    // processes, worker-1 ... Answered by the signal workloadStarted() or failed().
    void startWorkload(const WorkloadSpec& workload);
    bool hasWorkload() const { return workloadStarted_; }
    // One more worker, the next free worker-N.
    void addWorker();
    void actOnWorker(const QString& id, WorkerAction action);
    // The worker processes as of the last change (GUI thread copy).
    QList<DemoWorker> workers() const { return workers_; }

signals:
    void started(const QString& connectString);
    void failed(const QString& error);
    void nodeActionDone(int index, zooscope::ui::NodeAction action, bool ok, const QString& error);
    void workloadStarted(const QString& job);
    void workerActionDone(const QString& id, zooscope::ui::WorkerAction action, bool ok, const QString& error);
    void workersChanged();
    // After shutDown(): every process of the demo is gone.
    void stopped();
    // A worker process ended on its own: how (data; describeWorkerEnd() words
    // it), and its log's last lines as the worker wrote them.
    void workerEnded(const QString& id, const zooscope::ProcessExit& how, const QString& logTail);

private:
    // The launcher, from any thread (null before started() and after the end).
    std::shared_ptr<Ensemble> ensemble() const;
    // Runs `task` on the demo thread.
    void post(std::function<void()> task);
    // On the demo thread: the processes' list to the GUI thread.
    void publishWorkers();
    void checkWorkers();  // on the demo thread, every second
    void stopAll();       // on the demo thread: the workers, then the nodes
    bool startWorker(const std::string& id, std::string* error);

    DemoSpec spec_;
    QThread* thread_;
    QObject* context_;  // lives on thread_: invokeMethod's target

    // Written on the demo thread, read by nodes() on the GUI thread.
    mutable std::mutex mutex_;
    std::shared_ptr<Ensemble> ensemble_;
    // Demo thread only.
    std::unique_ptr<stream::WorkerProcesses> processes_;
    int nextWorker_ = 1;

    // GUI thread.
    bool stopping_ = false;  // shutDown() was called
    QString connect_;
    QString baseDir_;
    bool workloadStarted_ = false;
    QList<DemoWorker> workers_;
};

}  // namespace zooscope::ui

Q_DECLARE_METATYPE(zooscope::ui::NodeAction)
Q_DECLARE_METATYPE(zooscope::ui::WorkerAction)
Q_DECLARE_METATYPE(zooscope::ProcessExit)
