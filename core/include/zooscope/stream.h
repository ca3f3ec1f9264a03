// zooscope::stream — the stream-processing workload: P partitions spread over
// the workers of a job by a consistent-hash ring, a coordinator that publishes
// the assignment, live configuration, and exactly-once sums with fencing.
// Qt-free; built on recipes.h (GroupMember, LeaderLatch, ConfigValue) and
// client.h. docs/stream.md has the job's znode layout and JSON shapes, which
// the desktop app, zooscope-ctl and outside checkers read.
//
// Three parts:
// - Pure functions (ring, JSON forms, event values): no I/O, no state,
//   thread-safe. The ring is a pure function of (members, partitions, vnodes),
//   so every process computes the same assignment.
// - Readers and writers of a job over any client::Client (setupJob,
//   readJobStatus, changeConfig): usable from outside a worker (the app, the
//   CLI). Asynchronous; each callback is called exactly once, on the client's
//   threads (see client.h: never on the caller's thread, must not block).
// - Worker: one worker process's logic (member, coordinator candidate,
//   partition owner), on its own thread, with its own sessions.
//
// Errors: results carry a Code and an English sentence; nothing throws for
// runtime conditions. A znode under the job whose data is not the documented
// JSON is reported by name (readJobStatus: JobStatus::problems; the worker:
// logged, the partition left alone until the node is fixed).
//
// Logging: spdlog's default logger, prefix "stream:". Worker ids and paths at
// info; credentials never.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "zooscope/client.h"

namespace zooscope::stream {

// ---------------------------------------------------------------- the ring

// XXH64 with seed 0 of the bytes (the UTF-8 string).
uint64_t ringHash(std::string_view bytes);

// The owner of every partition 0..partitions-1: worker w has the points
// ringHash("<w>#<v>") for v in 0..vnodes-1; partition p sits at
// ringHash("<p>") (decimal) and is owned by the first point at or after that
// position (unsigned 64-bit order), wrapping to the smallest; points at the
// same position are ordered by the bytewise-smaller worker id first. With no
// members every owner is "". Duplicate members count once. partitions and
// vnodes must be >= 1 (else an empty result).
std::vector<std::string> ringOwners(const std::vector<std::string>& members, int partitions, int vnodes);

// The ring itself, for drawing it: ringOwners() is this layout's owners.
// points: every member's vnode points (position, member), in ring order;
// partitionAt[p]: ringHash("<p>"); owners[p]: as ringOwners(). Empty members:
// no points, every owner "".
struct RingLayout {
    std::vector<std::pair<uint64_t, std::string>> points;
    std::vector<uint64_t> partitionAt;
    std::vector<std::string> owners;
};
RingLayout ringLayout(const std::vector<std::string>& members, int partitions, int vnodes);

// How uneven an assignment is: the most partitions any member owns over the
// mean (partitions / members; members owning nothing count). 1 is perfect;
// 0 when owners is empty or members is 0.
double loadImbalance(const std::vector<std::string>& owners, size_t members);

// ---------------------------------------------------------------- events

// The value of event i (0, 1, 2, ...) of partition p: ((p + 1) * (i + 1)) % 997.
uint64_t eventValue(int partition, uint64_t index);
// The sum of events 0..offset-1 of partition p (closed form: the values repeat
// every 997 events).
uint64_t expectedSum(int partition, uint64_t offset);

// ---------------------------------------------------------------- JSON forms

// Limits of setup: the offsets are created by one multi, which must stay
// under the server's jute.maxbuffer.
inline constexpr int kMaxPartitions = 4096;
inline constexpr int kMaxVnodes = 1024;

// JOB/config. partitions and vnodes are fixed at setup; the rest is live.
struct JobConfig {
    int partitions = 0;
    int vnodes = 128;
    int batch = 100;               // at most this many events per commit (>= 1)
    double ratePerPartition = 50;  // events per second per partition; 0 = as fast as commits go
    bool paused = false;           // true: workers keep their partitions but commit nothing
    friend bool operator==(const JobConfig&, const JobConfig&) = default;
};

// JOB/assignment, published by the coordinator.
struct Assignment {
    int64_t generation = 0;
    int vnodes = 0;
    std::map<int, std::string> owners;  // partition -> worker id (absent: nobody)
    std::vector<int> moved;             // partitions whose owner changed in this generation
    friend bool operator==(const Assignment&, const Assignment&) = default;
};

// JOB/offsets/<p>: `sum` is the sum of the first `offset` events.
struct OffsetRecord {
    uint64_t offset = 0;
    uint64_t sum = 0;
    std::string owner;
    friend bool operator==(const OffsetRecord&, const OffsetRecord&) = default;
};

// JOB/status/<id>, written by the worker at most once a second.
struct WorkerStatus {
    std::vector<int> partitions;  // partitions it commits for now, ascending
    double eventsPerSec = 0;
    uint64_t committed = 0;       // events it committed since it started
    friend bool operator==(const WorkerStatus&, const WorkerStatus&) = default;
};

// Compact JSON, keys in the documented order.
std::string toJson(const JobConfig& config);
std::string toJson(const Assignment& assignment);
std::string toJson(const OffsetRecord& record);
std::string toJson(const WorkerStatus& status);

// Parsers: nullopt + *error (a sentence naming the field) for anything that
// is not the documented shape: not JSON, a missing or mistyped field, a
// negative or out-of-range number, a partition key that is not a decimal in
// 0..partitions-1. Unknown fields are ignored (later versions may add some).
std::optional<JobConfig> parseConfig(std::string_view json, std::string* error);
std::optional<Assignment> parseAssignment(std::string_view json, std::string* error);
std::optional<OffsetRecord> parseOffset(std::string_view json, std::string* error);
std::optional<WorkerStatus> parseWorkerStatus(std::string_view json, std::string* error);

// A change of the live keys, from "key=value" words (zooscope-ctl stream
// config): batch=N (>= 1), ratePerPartition=R (>= 0), paused=true|false.
// partitions and vnodes are fixed at setup and refused; unknown keys,
// malformed words and bad values are refused; the last word for a key wins.
struct ConfigChange {
    std::optional<int> batch;
    std::optional<double> ratePerPartition;
    std::optional<bool> paused;
    bool empty() const { return !batch && !ratePerPartition && !paused; }
};
std::optional<ConfigChange> parseConfigChange(const std::vector<std::string>& words, std::string* error);
JobConfig applyChange(JobConfig config, const ConfigChange& change);
// `change`'s keys over `base`'s (what a second change of a worker's
// overrides leaves).
ConfigChange mergeChange(ConfigChange base, const ConfigChange& change);

// JOB/overrides/<id>: one worker's own values of the live keys, over
// JOB/config's: only the keys present override ("{}" overrides nothing).
// Compact JSON, keys in the order batch, ratePerPartition, paused.
std::string toJson(const ConfigChange& overrides);
// As the other parsers; a key that is present must hold a valid value.
std::optional<ConfigChange> parseOverrides(std::string_view json, std::string* error);

// "" when the setup values are acceptable, else why not (a sentence).
std::string checkSetup(const JobConfig& config);
// "" when id can be a worker id (a znode name: not empty, no '/', not "."
// or "..", no control characters, valid UTF-8), else why not.
std::string checkWorkerId(std::string_view id);
// "" when `job` can root a job (a valid znode path other than "/"), else why
// not.
std::string checkJobPath(std::string_view job);

// ---------------------------------------------------------------- the job

// The znodes of the job rooted at `job` (an absolute path).
struct JobPaths {
    explicit JobPaths(std::string job);
    std::string root;
    std::string config() const;      // JOB/config
    std::string members() const;     // JOB/members (GroupMember children)
    std::string election() const;    // JOB/election (the coordinator's LeaderLatch)
    std::string assignment() const;  // JOB/assignment
    std::string locks() const;       // JOB/locks
    std::string lock(int partition) const;
    std::string offsets() const;
    std::string offset(int partition) const;
    std::string statuses() const;  // JOB/status
    std::string status(const std::string& worker) const;
    std::string overrides() const;  // JOB/overrides (created by the first changeWorkerConfig)
    std::string workerOverrides(const std::string& worker) const;
};

enum class Code {
    Ok,
    ZooKeeper,     // the server refused; `err` says which (NoAuth, ConnectionLoss...)
    NotSetUp,      // JOB/config is missing
    AlreadySetUp,  // setupJob: JOB/config exists
    Damaged,       // a job node's data is not the documented JSON (message names it)
    BadArgument,   // a refused value or key (the message says which)
    Cancelled,     // a stop request ended a wait
};

struct Status {
    Code code = Code::Ok;
    proto::Err err = proto::Err::Ok;
    std::string message;
    bool ok() const { return code == Code::Ok; }
};

template <class T>
struct Result : Status {
    T value{};
};

template <class T>
using Callback = std::function<void(Result<T>)>;

// Creates the job: JOB (and missing ancestors, persistent), then in one multi
// JOB/config, members, election, locks, offsets with every offsets/<p> at
// {"offset":0,"sum":0,"owner":""}, status, and assignment at generation 0
// with no owners. AlreadySetUp when JOB/config exists; BadArgument for
// values checkSetup() refuses.
void setupJob(client::Client& client, const std::string& job, const JobConfig& config, Callback<client::Empty> done);

// Everything `zooscope-ctl stream status` shows, read without joining the job.
struct JobStatus {
    JobConfig config;
    int32_t configVersion = -1;
    int64_t generation = 0;            // of JOB/assignment (0: none published yet)
    std::vector<std::string> members;  // ids under JOB/members, sorted
    Assignment assignment;
    std::map<int, OffsetRecord> offsets;             // partitions whose node reads well
    std::map<std::string, WorkerStatus> workers;     // JOB/status/<id>
    std::map<std::string, ConfigChange> overrides;   // JOB/overrides/<id> (none when the node is missing)
    // One sentence per node that could not be read as documented (damaged
    // JSON, a missing offsets node, ...). The rest is still filled in.
    std::vector<std::string> problems;
};

// Reads config, members, assignment, every offsets/<p> and status/<id>
// (pipelined; a few round trips whatever P is). NotSetUp when JOB/config is
// missing; Damaged when JOB/config itself cannot be read; ZooKeeper for a
// refusal or lost connection.
void readJobStatus(client::Client& client, const std::string& job, Callback<JobStatus> done);

// Applies `change` to JOB/config as a compare-and-set on its version
// (re-read and retried when another writer got there first). Value: the new
// config. NotSetUp, Damaged, ZooKeeper as above; an empty change is
// BadArgument.
void changeConfig(client::Client& client, const std::string& job, const ConfigChange& change,
                  Callback<JobConfig> done);

// Merges `change` into worker `id`'s overrides, JOB/overrides/<id>
// (mergeChange; created, with JOB/overrides, when missing), as a
// compare-and-set retried like changeConfig. The worker need not run: a
// worker of that id follows its overrides whenever it runs. Value: the
// worker's overrides now. NotSetUp when JOB/config is missing; BadArgument
// for an empty change or an id checkWorkerId() refuses; Damaged when the
// node holds something else than the documented JSON (it is left as it is).
void changeWorkerConfig(client::Client& client, const std::string& job, const std::string& id,
                        const ConfigChange& change, Callback<ConfigChange> done);
// Deletes JOB/overrides/<id>: the worker runs JOB/config again. Ok when it
// had none.
void clearWorkerConfig(client::Client& client, const std::string& job, const std::string& id,
                       Callback<client::Empty> done);

// ---------------------------------------------------------------- worker

struct WorkerOptions {
    // Where to connect; sessionTimeout is the worker's session timeout (10 s
    // by default for workers: how long a dead worker keeps its partitions).
    client::ClientOptions client = [] {
        client::ClientOptions o;
        o.sessionTimeout = std::chrono::milliseconds(10000);
        return o;
    }();
    std::string job;  // absolute path of a set-up job
    std::string id;   // checkWorkerId()
    // How often JOB/status/<id> is written (at most once a second).
    std::chrono::milliseconds statusInterval{1000};
};

// What a worker is doing, as a copy.
struct WorkerSnapshot {
    std::string id;
    bool connected = false;        // has a session that is connected now
    int64_t sessionId = 0;         // of the current session (0 before the first)
    int sessionsStarted = 0;       // 1 + sessions made after an expiry
    bool coordinator = false;      // leads JOB/election
    int64_t generation = 0;        // of the assignment it follows
    int32_t configVersion = -1;    // JOB/config version it runs with
    JobConfig config;              // what it runs: JOB/config with its overrides applied
    ConfigChange overrides;        // JOB/overrides/<id> as last read (empty: none)
    std::vector<int> partitions;   // committing now (claimed and fenced), ascending
    uint64_t committed = 0;        // events committed since start()
    uint64_t failedCommits = 0;    // commits refused (claim gone, fenced, session lost)
    double eventsPerSec = 0;       // over the last status interval
};

// One worker: joins JOB/members as `id` (GroupMember), runs for coordinator
// (LeaderLatch on JOB/election; the leader publishes JOB/assignment from the
// ring of the members whenever they change), follows JOB/config,
// JOB/assignment and its own JOB/overrides/<id> (ConfigValue; the overrides'
// keys win over JOB/config's), claims JOB/locks/<p> for its partitions once
// the previous owner's claim is gone, fences JOB/offsets/<p> by rewriting it
// with its own id as a compare-and-set, then commits batches of events, each
// one multi: check the claim + set JOB/offsets/<p> on the version it last
// wrote. A refused commit (claim gone, version moved, session expired) drops
// the partition, which is claimed again if the assignment still names this
// worker. A commit cut off by a connection loss counts as failed until read
// back (the next fence's read tells). A partition it no longer owns gives
// up its claim at once, so the next owner does not wait for a timeout.
//
// Connection loss: while the session is suspended the worker starts no
// commit (the claims stay, they belong to the session); commits in flight
// fail as above. Expiry: everything held went with the session; the worker
// starts a new session after 250 ms and joins again as a new member, with a
// new member node, latch node and claims. It never gives up on its own; a
// JOB/config that is missing or damaged is logged and waited out. A config
// whose partitions or vnodes differ from the first one read is logged and
// not followed in those two keys.
//
// Threads: all of the worker's logic runs on one thread of its own (an asio
// io_context); the methods are safe from any thread. Logs go to spdlog's
// default logger. Ownership: the caller owns the Worker; destroying it is
// stop().
class Worker {
public:
    // Checks the options (job path, id, client options) and starts the thread,
    // which connects in the background. nullptr + *error when refused.
    static std::unique_ptr<Worker> start(const WorkerOptions& options, std::string* error);
    ~Worker();  // stop()
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    // Waits (up to `timeout`) until the first session is connected and
    // JOB/config has been read. Ok; NotSetUp (JOB/config missing); Damaged;
    // ZooKeeper (err ConnectionLoss when no session came up in time);
    // Cancelled on a stop request.
    Status waitStarted(std::chrono::milliseconds timeout, std::stop_token stop = {});

    // Leaves cleanly: no new commits, waits for the commits in flight (up to
    // `grace`), then closes the session, so the claims, the member node and the
    // status node go at once and the partitions move without waiting for a
    // session timeout. Idempotent; blocks until done. Not from a listener.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));

    WorkerSnapshot snapshot() const;
    const std::string& id() const;

    class Core;

private:
    explicit Worker(std::shared_ptr<Core> core);
    std::shared_ptr<Core> core_;
};

}  // namespace zooscope::stream
