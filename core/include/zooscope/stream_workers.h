// zooscope/stream_workers.h — the stream job's worker processes, each a
// `zooscope-ctl --connect CS stream worker JOB --id ID` (one stream::Worker per
// process): what `zooscope-ctl demo up` and the desktop app's demo ensembles
// run, and kill, pause and resume, as the workload of a demo.
//
// Ownership: every worker is a zooscope::ChildProcess (zooscope/child_process.h:
// own process group, PR_SET_PDEATHSIG), so a worker dies with the THREAD that
// started it, and with the owning process even on SIGKILL. Call start() from a
// thread that lives as long as the workers should. Destroying the set stops
// every worker (SIGTERM: each commits and leaves its job; SIGKILL after the
// grace).
// Logs: every worker's stdout and stderr go to <logDir>/<id>.log.
// Errors: false + *error (which may be null), a sentence; nothing throws.
// Thread-safety: none; one thread at a time (the caller's).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "zooscope/child_process.h"

namespace zooscope::stream {

class WorkerProcesses {
public:
    // `program` is zooscope-ctl's path (findZooScopeExecutable), `connect` the
    // ensemble's connect string, `job` the job's path (set up already).
    WorkerProcesses(std::string program, std::string connect, std::string job, std::string logDir);
    ~WorkerProcesses();  // stopAll()
    WorkerProcesses(const WorkerProcesses&) = delete;
    WorkerProcesses& operator=(const WorkerProcesses&) = delete;

    // Starts worker `id` (checkWorkerId()). False when the id is refused, a
    // worker of that id runs already, or the process cannot start.
    bool start(const std::string& id, std::string* error);
    // SIGKILL (a crash: its claims stay until its session expires); the
    // worker leaves the set.
    bool kill(const std::string& id, std::string* error);
    // SIGSTOP / SIGCONT to the worker's process group.
    bool pause(const std::string& id, std::string* error);
    bool resume(const std::string& id, std::string* error);
    // SIGTERM (a clean leave), SIGKILL after `grace`; the worker leaves the set.
    bool stop(const std::string& id, std::string* error, std::chrono::milliseconds grace = std::chrono::seconds(10));
    // stop() for every worker, all signalled at once.
    void stopAll(std::chrono::milliseconds grace = std::chrono::seconds(10));

    // A worker that has ended on its own since the last call (data: a UI words
    // it, endedText() is the English); it leaves the set. nullopt while every
    // worker runs.
    struct Ended {
        std::string id;
        ProcessExit how;
        std::string logTail;  // the last lines of its log, as written
    };
    std::optional<Ended> ended();

    std::vector<std::string> ids() const;  // in start order
    bool has(const std::string& id) const;
    bool paused(const std::string& id) const;
    int pid(const std::string& id) const;  // -1 when not in the set
    std::string logFile(const std::string& id) const;

    // "worker w-1 exited with status 1; last log lines:\n..." for logs and the CLI.
    static std::string endedText(const Ended& ended);

private:
    struct Proc {
        std::string id;
        ChildProcess process;
        bool paused = false;
    };
    Proc* find(const std::string& id);
    const Proc* find(const std::string& id) const;
    void remove(const std::string& id);

    std::string program_, connect_, job_, logDir_;
    std::vector<Proc> procs_;
};

}  // namespace zooscope::stream
