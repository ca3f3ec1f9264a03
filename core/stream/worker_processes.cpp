#include <csignal>
#include <filesystem>

#include "zooscope/stream.h"
#include "zooscope/stream_workers.h"
#include "zooscope/text_file.h"

namespace zooscope::stream {

namespace {
bool refuse(std::string* error, std::string sentence) {
    if (error) *error = std::move(sentence);
    return false;
}
}  // namespace

WorkerProcesses::WorkerProcesses(std::string program, std::string connect, std::string job, std::string logDir)
    : program_(std::move(program)), connect_(std::move(connect)), job_(std::move(job)), logDir_(std::move(logDir)) {}

WorkerProcesses::~WorkerProcesses() { stopAll(); }

bool WorkerProcesses::start(const std::string& id, std::string* error) {
    if (const std::string why = checkWorkerId(id); !why.empty()) return refuse(error, why);
    if (find(id)) return refuse(error, "worker " + id + " runs already.");
    std::error_code ec;
    std::filesystem::create_directories(logDir_, ec);
    ChildProcess p;
    if (!p.spawn({program_, "--connect", connect_, "stream", "worker", job_, "--id", id}, logFile(id), error))
        return false;
    procs_.push_back(Proc{id, std::move(p), false});
    return true;
}

bool WorkerProcesses::kill(const std::string& id, std::string* error) {
    Proc* p = find(id);
    if (!p) return refuse(error, "no worker " + id + ".");
    p->process.kill();
    remove(id);
    return true;
}

bool WorkerProcesses::pause(const std::string& id, std::string* error) {
    Proc* p = find(id);
    if (!p) return refuse(error, "no worker " + id + ".");
    if (!p->process.signal(SIGSTOP)) return refuse(error, "worker " + id + " has ended.");
    p->paused = true;
    return true;
}

bool WorkerProcesses::resume(const std::string& id, std::string* error) {
    Proc* p = find(id);
    if (!p) return refuse(error, "no worker " + id + ".");
    if (!p->process.signal(SIGCONT)) return refuse(error, "worker " + id + " has ended.");
    p->paused = false;
    return true;
}

bool WorkerProcesses::stop(const std::string& id, std::string* error, std::chrono::milliseconds grace) {
    Proc* p = find(id);
    if (!p) return refuse(error, "no worker " + id + ".");
    p->process.terminate(grace);
    remove(id);
    return true;
}

void WorkerProcesses::stopAll(std::chrono::milliseconds grace) {
    // Signalled together, so the workers leave in parallel; terminate() adds
    // SIGCONT for a paused one.
    for (auto& p : procs_) {
        p.process.signal(SIGTERM);
        if (p.paused) p.process.signal(SIGCONT);
    }
    for (auto& p : procs_) p.process.terminate(grace);
    procs_.clear();
}

std::optional<WorkerProcesses::Ended> WorkerProcesses::ended() {
    for (auto& p : procs_) {
        ProcessExit how;
        if (!p.process.exited(&how)) continue;
        Ended out{p.id, how, readTail(logFile(p.id), 20)};
        remove(std::string(p.id));
        return out;
    }
    return std::nullopt;
}

std::string WorkerProcesses::endedText(const Ended& e) {
    return "worker " + e.id + " " + exitText(e.how) + "; last log lines:\n" + e.logTail;
}

std::vector<std::string> WorkerProcesses::ids() const {
    std::vector<std::string> out;
    for (const auto& p : procs_) out.push_back(p.id);
    return out;
}

bool WorkerProcesses::has(const std::string& id) const { return find(id) != nullptr; }

bool WorkerProcesses::paused(const std::string& id) const {
    const Proc* p = find(id);
    return p && p->paused;
}

int WorkerProcesses::pid(const std::string& id) const {
    const Proc* p = find(id);
    return p ? p->process.pid() : -1;
}

std::string WorkerProcesses::logFile(const std::string& id) const { return logDir_ + "/" + id + ".log"; }

WorkerProcesses::Proc* WorkerProcesses::find(const std::string& id) {
    for (auto& p : procs_)
        if (p.id == id) return &p;
    return nullptr;
}

const WorkerProcesses::Proc* WorkerProcesses::find(const std::string& id) const {
    for (const auto& p : procs_)
        if (p.id == id) return &p;
    return nullptr;
}

void WorkerProcesses::remove(const std::string& id) {
    std::erase_if(procs_, [&](const Proc& p) { return p.id == id; });
}

}  // namespace zooscope::stream
