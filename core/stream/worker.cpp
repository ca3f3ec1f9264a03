// Worker: one worker's logic on its own TaskLoop. Everything below the
// public methods runs on the loop thread; client and recipe callbacks are
// posted there, tagged with the session generation (and, for a partition,
// its epoch) they belong to, so a late answer for an old session or an
// abandoned claim is dropped.
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <mutex>

#include "stream/task_loop.h"
#include "zooscope/recipes.h"
#include "zooscope/stream.h"

namespace zooscope::stream {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kTick{20};           // how often due events are looked at
constexpr milliseconds kLinger{500};        // a partition with due events commits at least this often
constexpr milliseconds kRetry{250};         // after a refused or cut-off request
constexpr milliseconds kDamagedRetry{2000};  // after a damaged job node

// Where a partition is. Idle: not ours. Claiming: creating JOB/locks/<p>.
// Waiting: another session's claim is there (an exists watch is set).
// Fencing: reading and rewriting JOB/offsets/<p> with our id. Active:
// committing; `inFlight` while a commit is out.
enum class Phase { Idle, Claiming, Waiting, Fencing, Active };

struct Partition {
    Phase phase = Phase::Idle;
    uint64_t epoch = 0;  // bumped on every reset: answers for an older epoch are dropped
    uint64_t offset = 0;
    uint64_t sum = 0;
    int32_t version = -1;  // of JOB/offsets/<p> as this worker last wrote it
    bool inFlight = false;
    double due = 0;  // events due and not yet committed (capped at batch)
    Clock::time_point lastCommit{};
    // JOB/locks/<p> may be this session's: from the moment a create is sent
    // until a delete (or a look) shows it is not, whatever the phase. A
    // partition that is not ours must not keep a claim: its next owner waits
    // for it to go.
    bool mayHoldClaim = false;
    bool deleting = false;  // deleteOwnClaim() under way
    // A commit cut off by a connection loss: counted once read back.
    std::optional<uint64_t> unsureOffset;
    uint64_t unsureEvents = 0;
};

std::string hostIdentity() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    return std::string(host) + ":" + std::to_string(::getpid());
}

}  // namespace

class Worker::Core : public std::enable_shared_from_this<Core> {
public:
    explicit Core(WorkerOptions options) : options_(std::move(options)), paths_(options_.job) {
        snapshot_.id = options_.id;
    }

    void begin() {
        post([](Core& c) { c.connect(); });
    }

    Status waitStarted(milliseconds timeout, std::stop_token stop) {
        std::unique_lock lock(mu_);
        if (!cv_.wait_for(lock, stop, timeout, [&] { return startStatus_.has_value(); })) {
            if (stop.stop_requested()) return {Code::Cancelled, proto::Err::Ok, "Stopped while starting."};
            Status s;
            s.code = Code::ZooKeeper;
            s.err = proto::Err::ConnectionLoss;
            s.message = "No session with " + options_.client.connectString + " and no " + paths_.config() +
                        " read within " + std::to_string(timeout.count()) + " ms.";
            return s;
        }
        return *startStatus_;
    }

    void stop(milliseconds grace) {
        {
            std::lock_guard lock(mu_);
            if (stopped_) return;
        }
        const auto deadline = Clock::now() + grace;
        if (!post([deadline](Core& c) { c.beginStop(deadline); })) return;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [&] { return stopped_; });
        }
        loop_.stop();
    }

    WorkerSnapshot snapshot() const {
        std::lock_guard lock(mu_);
        return snapshot_;
    }

    const std::string& id() const { return options_.id; }

private:
    // ---------------------------------------------------------------- plumbing

    // Runs fn(core) on the loop; false once the loop has stopped.
    bool post(std::function<void(Core&)> fn) {
        std::weak_ptr<Core> weak = weak_from_this();
        return loop_.post([weak, fn = std::move(fn)] {
            if (auto self = weak.lock()) fn(*self);
        });
    }
    void after(milliseconds delay, std::function<void(Core&)> fn) {
        std::weak_ptr<Core> weak = weak_from_this();
        loop_.scheduleIn(delay, [weak, fn = std::move(fn)] {
            if (auto self = weak.lock()) fn(*self);
        });
    }
    // A callback (for any thread) that runs fn(core, value) on the loop while
    // the session that made the request is still the current one.
    template <class T>
    std::function<void(T)> inSession(std::function<void(Core&, T)> fn) {
        std::weak_ptr<Core> weak = weak_from_this();
        const uint64_t gen = sessionGen_;
        return [weak, gen, fn = std::move(fn)](T value) {
            auto self = weak.lock();
            if (!self) return;
            self->loop_.post([weak, gen, fn, value = std::move(value)]() mutable {
                auto s = weak.lock();
                if (s && s->sessionGen_ == gen && s->session_) fn(*s, std::move(value));
            });
        };
    }
    // The same for partition p in its current epoch.
    template <class T>
    std::function<void(T)> inEpoch(int p, std::function<void(Core&, Partition&, T)> fn) {
        const uint64_t epoch = parts_[static_cast<size_t>(p)].epoch;
        return inSession<T>([p, epoch, fn = std::move(fn)](Core& c, T value) {
            Partition& part = c.parts_[static_cast<size_t>(p)];
            if (part.epoch == epoch) fn(c, part, std::move(value));
        });
    }

    client::Client& zk() { return session_->client(); }

    void publishSnapshot() {
        std::lock_guard lock(mu_);
        snapshot_.connected = connected_;
        snapshot_.sessionId = session_ ? session_->sessionId() : snapshot_.sessionId;
        snapshot_.sessionsStarted = sessionsStarted_;
        snapshot_.coordinator = leader_;
        snapshot_.generation = assignment_ ? assignment_->generation : 0;
        snapshot_.configVersion = configVersion_;
        if (config_) snapshot_.config = *config_;
        snapshot_.overrides = overrides_;
        snapshot_.partitions = activePartitions();
        snapshot_.committed = committed_;
        snapshot_.failedCommits = failedCommits_;
        snapshot_.eventsPerSec = eventsPerSec_;
    }

    void setStartStatus(Status s) {
        {
            std::lock_guard lock(mu_);
            if (startStatus_ && startStatus_->ok()) return;
            startStatus_ = std::move(s);
        }
        cv_.notify_all();
    }

    std::vector<int> activePartitions() const {
        std::vector<int> out;
        for (size_t p = 0; p < parts_.size(); ++p)
            if (parts_[p].phase == Phase::Active) out.push_back(static_cast<int>(p));
        return out;
    }

    // ---------------------------------------------------------------- sessions

    void connect() {
        if (stopping_) return;
        ++sessionGen_;
        ++sessionsStarted_;
        client::Callbacks forward;
        forward.onState = inSession<client::SessionState>([](Core& c, client::SessionState s) { c.onSessionState(s); });
        auto watch = inSession<std::pair<proto::EventType, std::string>>(
            [](Core& c, std::pair<proto::EventType, std::string> e) { c.onWatch(e.second); });
        forward.onWatch = [watch](proto::EventType type, const std::string& path) { watch({type, path}); };
        std::string error;
        // inSession() checks session_ is set, so create it before any callback can run.
        session_ = recipes::Session::connect(options_.client, &error, std::move(forward));
        if (!session_) {
            spdlog::error("stream: worker {} cannot connect: {}", options_.id, error);
            Status s;
            s.code = Code::ZooKeeper;
            s.err = proto::Err::BadArguments;
            s.message = error;
            setStartStatus(s);
            after(milliseconds(2000), [](Core& c) { c.connect(); });
            return;
        }
        spdlog::info("stream: worker {} connecting to {} (session {} of this worker)", options_.id,
                     options_.client.connectString, sessionsStarted_);

        configValue_ = std::make_unique<recipes::ConfigValue>(*session_, paths_.config());
        configValue_->setValueListener(listener<recipes::Value>([](Core& c, recipes::Value v) { c.onConfig(v); }));
        configValue_->start();
        assignmentValue_ = std::make_unique<recipes::ConfigValue>(*session_, paths_.assignment());
        assignmentValue_->setValueListener(listener<recipes::Value>([](Core& c, recipes::Value v) { c.onAssignment(v); }));
        assignmentValue_->start();
        overridesValue_ = std::make_unique<recipes::ConfigValue>(*session_, paths_.workerOverrides(options_.id));
        overridesValue_->setValueListener(listener<recipes::Value>([](Core& c, recipes::Value v) { c.onOverrides(v); }));
        overridesValue_->start();
        publishSnapshot();
    }

    // Joins the group and the election, once per session, when the job's
    // config has been read: a worker started on a job that is not set up
    // exits without writing anything (its members/ and election/ parents
    // would otherwise make the job's later `stream setup` fail on them).
    void joinOnce() {
        if (member_ || !session_) return;
        member_ = std::make_unique<recipes::GroupMember>(*session_, paths_.members(), options_.id, hostIdentity());
        member_->setMembersListener(listener<recipes::Members>([](Core& c, recipes::Members m) { c.onMembers(std::move(m)); }));
        member_->start();
        latch_ = std::make_unique<recipes::LeaderLatch>(*session_, paths_.election(), options_.id);
        latch_->setLeadershipListener(listener<bool>([](Core& c, bool leads) { c.onLeadership(leads); }));
        latch_->start();
    }

    // A recipe listener (called on the recipe thread with a const&) that
    // posts a copy to the loop for the current session.
    template <class T>
    std::function<void(const T&)> listener(std::function<void(Core&, T)> fn) {
        auto cb = inSession<T>(std::move(fn));
        return [cb](const T& value) { cb(value); };
    }

    // Drops the session and everything that lived on it; partitions go Idle
    // (their claims went with the session, or go when it is closed).
    void dropSession() {
        for (Partition& part : parts_) {
            resetPartition(part);
            part.mayHoldClaim = false;  // the claims go with the session
        }
        leader_ = false;
        connected_ = false;
        publishing_ = false;
        membersKnown_ = false;
        members_.clear();
        assignment_.reset();
        latch_.reset();
        member_.reset();
        assignmentValue_.reset();
        configValue_.reset();
        overridesValue_.reset();
        if (session_) session_->close();
        session_.reset();
        ++sessionGen_;
        publishSnapshot();
    }

    void onSessionState(client::SessionState s) {
        using S = client::SessionState;
        switch (s) {
            case S::Connected:
            case S::Reconnected:
                connected_ = true;
                spdlog::info("stream: worker {} {} (session 0x{:x})", options_.id, client::sessionStateName(s),
                             session_->sessionId());
                break;
            case S::Suspended:
                connected_ = false;
                spdlog::warn("stream: worker {} suspended: its commits wait until the connection is back",
                             options_.id);
                break;
            case S::Expired:
            case S::AuthFailed:
                spdlog::warn("stream: worker {} lost its session ({}): its partitions are gone; joining again with a new session",
                             options_.id, client::sessionStateName(s));
                dropSession();
                after(kRetry, [](Core& c) { c.connect(); });
                return;
            default:
                break;
        }
        publishSnapshot();
    }

    void onWatch(const std::string& path) {
        // Only the claim watches are ours; the recipes see their own.
        const std::string prefix = paths_.locks() + "/";
        if (path.rfind(prefix, 0) != 0) return;
        const std::string name = path.substr(prefix.size());
        if (name.empty() || name.size() > 4 || name.find_first_not_of("0123456789") != std::string::npos) return;
        const size_t p = std::stoul(name);
        if (p < parts_.size() && parts_[p].phase == Phase::Waiting) claim(static_cast<int>(p));
    }

    // ---------------------------------------------------------------- config and assignment

    void onConfig(const recipes::Value& v) {
        if (!v.exists) {
            spdlog::warn("stream: worker {}: {} does not exist (run stream setup)", options_.id, paths_.config());
            setStartStatus({Code::NotSetUp, proto::Err::NoNode, paths_.root + " is not set up (no " + paths_.config() + ")."});
            return;
        }
        std::string error;
        auto config = parseConfig(v.data, &error);
        if (!config) {
            spdlog::error("stream: worker {}: {}: {} (keeping the last good config)", options_.id, paths_.config(), error);
            setStartStatus({Code::Damaged, proto::Err::Ok, paths_.config() + ": " + error});
            return;
        }
        if (jobConfig_ && (config->partitions != jobConfig_->partitions || config->vnodes != jobConfig_->vnodes)) {
            spdlog::error("stream: worker {}: {} changed partitions/vnodes, which are fixed at setup; keeping {}/{}",
                          options_.id, paths_.config(), jobConfig_->partitions, jobConfig_->vnodes);
            config->partitions = jobConfig_->partitions;
            config->vnodes = jobConfig_->vnodes;
        }
        jobConfig_ = *config;
        configVersion_ = v.version;
        applyConfig();
        joinOnce();
        publishSnapshot();
        setStartStatus({});
        reconcile();
        publishAssignmentIfNeeded();
    }

    // JOB/overrides/<id>: missing = none. A damaged one is logged and the
    // last good one kept, as for JOB/config.
    void onOverrides(const recipes::Value& v) {
        ConfigChange next;
        if (v.exists) {
            std::string error;
            auto parsed = parseOverrides(v.data, &error);
            if (!parsed) {
                spdlog::error("stream: worker {}: {}: {} (keeping the last good overrides)", options_.id,
                              paths_.workerOverrides(options_.id), error);
                return;
            }
            next = *parsed;
        }
        overrides_ = next;
        if (jobConfig_) applyConfig();
        else publishSnapshot();
    }

    // config_ = JOB/config with this worker's overrides; the first time, the
    // partitions and the pacing start.
    void applyConfig() {
        const bool first = !config_;
        config_ = applyChange(*jobConfig_, overrides_);
        if (first) {
            parts_.resize(static_cast<size_t>(config_->partitions));
            scheduleTick();
            scheduleStatus();
        }
        for (Partition& part : parts_) part.due = std::min(part.due, static_cast<double>(config_->batch));
        spdlog::info("stream: worker {} runs config version {}{}: batch {}, rate {}/s, {}", options_.id, configVersion_,
                     overrides_.empty() ? "" : " with its overrides " + toJson(overrides_), config_->batch,
                     config_->ratePerPartition, config_->paused ? "paused" : "running");
        publishSnapshot();
    }

    void onAssignment(const recipes::Value& v) {
        if (!v.exists) return;
        std::string error;
        auto a = parseAssignment(v.data, &error);
        if (!a) {
            spdlog::error("stream: worker {}: {}: {}", options_.id, paths_.assignment(), error);
            return;
        }
        if (assignment_ && a->generation < assignment_->generation) return;  // an older read overtaken
        assignment_ = std::move(*a);
        publishSnapshot();
        reconcile();
        publishAssignmentIfNeeded();
    }

    bool assignedHere(int p) const {
        if (!assignment_ || stopping_) return false;
        auto it = assignment_->owners.find(p);
        return it != assignment_->owners.end() && it->second == options_.id;
    }

    // Claims what the assignment gives us and lets go of what it does not.
    void reconcile() {
        if (!config_ || !session_) return;
        for (int p = 0; p < static_cast<int>(parts_.size()); ++p) {
            Partition& part = parts_[static_cast<size_t>(p)];
            const bool want = assignedHere(p);
            if (want && part.phase == Phase::Idle) {
                claim(p);
            } else if (!want && !part.inFlight && (part.phase != Phase::Idle || (part.mayHoldClaim && !part.deleting))) {
                release(p);
            }
        }
        publishSnapshot();
    }

    // ---------------------------------------------------------------- claims

    void resetPartition(Partition& part) {
        part.phase = Phase::Idle;
        ++part.epoch;
        part.inFlight = false;
        part.deleting = false;
        part.due = 0;
    }

    void claim(int p) {
        Partition& part = parts_[static_cast<size_t>(p)];
        part.phase = Phase::Claiming;
        ++part.epoch;
        if (!connected_) return retryLater(p, kRetry, [](Core& c, int q) { c.claim(q); });
        part.mayHoldClaim = true;
        client::CreateOptions ephemeral;
        ephemeral.mode = proto::CreateMode::Ephemeral;
        zk().create(paths_.lock(p), options_.id, ephemeral,
                    inEpoch<client::Result<client::Created>>(p, [p](Core& c, Partition&, client::Result<client::Created> r) {
                        c.onClaimCreated(p, std::move(r));
                    }));
    }

    void onClaimCreated(int p, client::Result<client::Created> r) {
        if (!assignedHere(p)) return release(p);  // the assignment moved on while the create was out
        if (r.ok()) return fence(p);
        switch (r.err) {
            case proto::Err::NodeExists: return checkClaim(p);
            case proto::Err::ConnectionLoss:
            case proto::Err::OperationTimeout:
                // It may have been created: the retry finds it as our own.
                return retryLater(p, kRetry, [](Core& c, int q) { c.claim(q); });
            default:
                spdlog::error("stream: worker {} cannot claim partition {}: {}", options_.id, p, r.message);
                return retryLater(p, kDamagedRetry, [](Core& c, int q) { c.claim(q); });
        }
    }

    // The claim exists: ours (a create whose answer was lost, or a claim kept
    // through a dropped commit) when its ephemeralOwner is this session;
    // otherwise wait for it to go.
    void checkClaim(int p) {
        zk().exists(paths_.lock(p), true,
                    inEpoch<client::Result<std::optional<proto::Stat>>>(
                        p, [p](Core& c, Partition& part, client::Result<std::optional<proto::Stat>> r) {
                            if (!c.assignedHere(p)) return c.release(p);
                            if (!r.ok()) return c.retryLater(p, kRetry, [](Core& cc, int q) { cc.claim(q); });
                            if (!r.value) return c.claim(p);  // gone meanwhile
                            if (r.value->ephemeralOwner == c.session_->sessionId()) return c.fence(p);
                            part.phase = Phase::Waiting;  // the exists watch calls claim() when it goes
                            spdlog::debug("stream: worker {} waits for the previous claim of partition {} (session 0x{:x})",
                                          c.options_.id, p, r.value->ephemeralOwner);
                        }));
    }

    // Lets go of p: deletes the claim if it is this session's.
    void release(int p) {
        Partition& part = parts_[static_cast<size_t>(p)];
        resetPartition(part);
        part.unsureOffset.reset();  // not read back: neither counted nor failed
        publishSnapshot();
        if (part.mayHoldClaim && !part.deleting) deleteOwnClaim(p, part.epoch);
    }

    // Deletes JOB/locks/<p> if this session holds it, retrying across
    // connection trouble: a claim left behind would keep the next owner
    // waiting until this session ends. Gives up when p is taken up again
    // (the epoch moved: claim() finds the claim as its own).
    void deleteOwnClaim(int p, uint64_t epoch) {
        Partition& part = parts_[static_cast<size_t>(p)];
        if (!session_ || part.epoch != epoch) return;
        part.deleting = true;
        const std::string lock = paths_.lock(p);
        // Runs fn on the loop while p is still in `epoch`; otherwise the
        // delete is over (claim() took p up again and owns the flags).
        auto inEpochOf = [p, epoch](std::function<void(Core&, Partition&)> fn) {
            return [p, epoch, fn](Core& c) {
                Partition& pt = c.parts_[static_cast<size_t>(p)];
                if (pt.epoch != epoch) return;
                fn(c, pt);
            };
        };
        auto done = inEpochOf([](Core&, Partition& pt) {
            pt.deleting = false;
            pt.mayHoldClaim = false;
        });
        auto again = inEpochOf([p, epoch](Core& c, Partition& pt) {
            pt.deleting = false;
            c.deleteOwnClaim(p, epoch);
        });
        zk().exists(lock, false, inSession<client::Result<std::optional<proto::Stat>>>(
                                     [lock, done, again](Core& c, client::Result<std::optional<proto::Stat>> r) {
                                         if (!r.ok()) return c.after(kRetry, again);
                                         if (!r.value || r.value->ephemeralOwner != c.session_->sessionId()) return done(c);
                                         c.zk().remove(lock, r.value->version,
                                                       c.inSession<client::Result<client::Empty>>(
                                                           [done, again](Core& cc, client::Result<client::Empty> d) {
                                                               if (d.ok() || d.err == proto::Err::NoNode) return done(cc);
                                                               cc.after(kRetry, again);
                                                           }));
                                     }));
    }

    // Runs fn(p) after `delay` if p is still in the same epoch.
    void retryLater(int p, milliseconds delay, void (*fn)(Core&, int)) {
        const uint64_t epoch = parts_[static_cast<size_t>(p)].epoch;
        const uint64_t gen = sessionGen_;
        after(delay, [p, epoch, gen, fn](Core& c) {
            if (c.sessionGen_ != gen || !c.session_ || c.parts_[static_cast<size_t>(p)].epoch != epoch) return;
            if (!c.assignedHere(p)) return c.release(p);
            fn(c, p);
        });
    }

    // ---------------------------------------------------------------- fencing and commits

    // Rewrites JOB/offsets/<p> with our id as a compare-and-set: from then on
    // a late commit of the previous owner (on the old version) cannot land.
    void fence(int p) {
        Partition& part = parts_[static_cast<size_t>(p)];
        part.phase = Phase::Fencing;
        zk().getData(paths_.offset(p), false,
                     inEpoch<client::Result<client::NodeData>>(
                         p, [p](Core& c, Partition& pt, client::Result<client::NodeData> r) { c.onFenceRead(p, pt, std::move(r)); }));
    }

    void onFenceRead(int p, Partition& part, client::Result<client::NodeData> r) {
        if (!assignedHere(p)) return release(p);
        if (!r.ok()) {
            if (r.err == proto::Err::NoNode)
                spdlog::error("stream: worker {}: {} is missing (a damaged job); partition {} waits", options_.id,
                              paths_.offset(p), p);
            return retryLater(p, r.err == proto::Err::NoNode ? kDamagedRetry : kRetry, [](Core& c, int q) { c.fence(q); });
        }
        std::string error;
        auto record = parseOffset(r.value.data, &error);
        if (!record) {
            spdlog::error("stream: worker {}: {}: {}; partition {} waits until it is fixed", options_.id, paths_.offset(p),
                          error, p);
            return retryLater(p, kDamagedRetry, [](Core& c, int q) { c.fence(q); });
        }
        if (part.unsureOffset) {
            // The read-back of a commit cut off by a connection loss.
            if (record->owner == options_.id && record->offset == *part.unsureOffset) committed_ += part.unsureEvents;
            else ++failedCommits_;
            part.unsureOffset.reset();
        }
        if (record->sum != expectedSum(p, record->offset))
            spdlog::error("stream: worker {}: {} holds sum {} for offset {}, expected {} (written outside the job)",
                          options_.id, paths_.offset(p), record->sum, record->offset, expectedSum(p, record->offset));
        OffsetRecord fenced = *record;
        fenced.owner = options_.id;
        zk().setData(paths_.offset(p), toJson(fenced), r.value.stat.version,
                     inEpoch<client::Result<proto::Stat>>(p, [p, fenced](Core& c, Partition& pt, client::Result<proto::Stat> w) {
                         if (!c.assignedHere(p)) return c.release(p);
                         if (!w.ok()) {
                             // BadVersion: a last commit of the previous owner landed; read again.
                             return c.retryLater(p, w.err == proto::Err::BadVersion ? milliseconds(0) : kRetry,
                                                 [](Core& cc, int q) { cc.fence(q); });
                         }
                         pt.phase = Phase::Active;
                         pt.offset = fenced.offset;
                         pt.sum = fenced.sum;
                         pt.version = w.value.version;
                         pt.due = 0;
                         pt.lastCommit = Clock::now();
                         spdlog::debug("stream: worker {} owns partition {} from offset {}", c.options_.id, p, fenced.offset);
                         c.publishSnapshot();
                     }));
    }

    bool mayCommit() const { return connected_ && !stopping_ && config_ && !config_->paused; }

    void scheduleTick() {
        after(kTick, [](Core& c) {
            c.tick();
            c.scheduleTick();
        });
    }

    void tick() {
        const auto now = Clock::now();
        const double dt = std::chrono::duration<double>(now - lastTick_).count();
        lastTick_ = now;
        if (!mayCommit() || !session_) return;
        const double cap = config_->batch;
        for (int p = 0; p < static_cast<int>(parts_.size()); ++p) {
            Partition& part = parts_[static_cast<size_t>(p)];
            if (part.phase != Phase::Active || part.inFlight) continue;
            if (config_->ratePerPartition <= 0) {
                commit(p);
                continue;
            }
            part.due = std::min(cap, part.due + config_->ratePerPartition * std::min(dt, 1.0));
            if (part.due >= cap || (part.due >= 1 && now - part.lastCommit >= kLinger)) commit(p);
        }
    }

    // One multi: the claim still exists, and JOB/offsets/<p> is still at the
    // version this worker last wrote.
    void commit(int p) {
        Partition& part = parts_[static_cast<size_t>(p)];
        const uint64_t events =
            config_->ratePerPartition <= 0 ? static_cast<uint64_t>(config_->batch) : static_cast<uint64_t>(std::floor(part.due));
        if (events == 0) return;
        OffsetRecord next{part.offset + events, part.sum, options_.id};
        for (uint64_t i = part.offset; i < next.offset; ++i) next.sum += eventValue(p, i);
        part.inFlight = true;
        part.lastCommit = Clock::now();
        const std::vector<client::Op> ops = {client::Op::makeCheck(paths_.lock(p), -1),
                                             client::Op::makeSetData(paths_.offset(p), toJson(next), part.version)};
        zk().multi(ops, inEpoch<client::Result<std::vector<client::OpResult>>>(
                            p, [p, next, events](Core& c, Partition& pt, client::Result<std::vector<client::OpResult>> r) {
                                c.onCommitted(p, pt, next, events, std::move(r));
                            }));
    }

    void onCommitted(int p, Partition& part, const OffsetRecord& next, uint64_t events,
                     client::Result<std::vector<client::OpResult>> r) {
        part.inFlight = false;
        if (r.ok()) {
            part.offset = next.offset;
            part.sum = next.sum;
            part.version = r.value.size() > 1 ? r.value[1].stat.version : part.version + 1;
            part.due = std::max(0.0, part.due - static_cast<double>(events));
            committed_ += events;
            if (!assignedHere(p)) return release(p);
            if (config_->ratePerPartition <= 0 && mayCommit()) commit(p);
            return;
        }
        const bool cutOff = r.err == proto::Err::ConnectionLoss || r.err == proto::Err::OperationTimeout;
        if (cutOff) {
            part.unsureOffset = next.offset;
            part.unsureEvents = events;
        } else {
            ++failedCommits_;
        }
        spdlog::info("stream: worker {} drops partition {}: its commit {} ({})", options_.id, p,
                     cutOff ? "was cut off" : "was refused", r.message);
        // Drop it, then take it again if the assignment still says so: the
        // claim is created anew (or found to be ours) and fenced again.
        resetPartition(part);
        publishSnapshot();
        if (!assignedHere(p)) return release(p);
        const uint64_t epoch = part.epoch;
        after(cutOff ? kRetry : milliseconds(0), [p, epoch, gen = sessionGen_](Core& c) {
            Partition& pt = c.parts_[static_cast<size_t>(p)];
            if (c.sessionGen_ != gen || !c.session_ || pt.epoch != epoch || pt.phase != Phase::Idle) return;
            c.reconcile();
        });
    }

    // ---------------------------------------------------------------- status

    void scheduleStatus() {
        after(options_.statusInterval, [](Core& c) {
            c.writeStatus();
            c.scheduleStatus();
        });
    }

    // eventsPerSec over the time since the last measurement.
    void measureRate() {
        const auto now = Clock::now();
        const double dt = std::chrono::duration<double>(now - lastStatus_).count();
        eventsPerSec_ = dt > 0 ? static_cast<double>(committed_ - lastStatusCommitted_) / dt : 0;
        lastStatus_ = now;
        lastStatusCommitted_ = committed_;
        publishSnapshot();
    }

    void writeStatus() {
        measureRate();
        if (!session_ || !connected_ || stopping_) return;
        WorkerStatus status;
        status.partitions = activePartitions();
        status.eventsPerSec = eventsPerSec_;
        status.committed = committed_;
        const std::string path = paths_.status(options_.id);
        const std::string json = toJson(status);
        zk().setData(path, json, -1, inSession<client::Result<proto::Stat>>([path, json](Core& c, client::Result<proto::Stat> r) {
                         if (r.err != proto::Err::NoNode) return;
                         client::CreateOptions ephemeral;
                         ephemeral.mode = proto::CreateMode::Ephemeral;
                         c.zk().create(path, json, ephemeral, [](client::Result<client::Created>) {});
                     }));
    }

    // ---------------------------------------------------------------- coordinator

    void onLeadership(bool leads) {
        leader_ = leads;
        spdlog::info("stream: worker {} {} the coordinator", options_.id, leads ? "is now" : "is no longer");
        publishSnapshot();
        publishAssignmentIfNeeded();
    }

    void onMembers(recipes::Members members) {
        members_ = std::move(members);
        membersKnown_ = true;
        publishAssignmentIfNeeded();
    }

    // The coordinator: when the ring of the members differs from
    // JOB/assignment, publish the next generation (compare-and-set on the
    // node's version, so a coordinator that lost its leadership unseen
    // cannot overwrite a newer one).
    void publishAssignmentIfNeeded() {
        if (!leader_ || !membersKnown_ || !config_ || !session_ || stopping_) return;
        if (publishing_) {
            republish_ = true;
            return;
        }
        publishing_ = true;
        republish_ = false;
        zk().getData(paths_.assignment(), false,
                     inSession<client::Result<client::NodeData>>([](Core& c, client::Result<client::NodeData> r) { c.onAssignmentRead(r); }));
    }

    void onAssignmentRead(const client::Result<client::NodeData>& r) {
        if (!leader_) return publishDone();
        if (!r.ok() && r.err != proto::Err::NoNode) return publishDone(kRetry);
        Assignment previous;
        if (r.ok()) {
            std::string error;
            auto parsed = parseAssignment(r.value.data, &error);
            if (parsed) previous = std::move(*parsed);
            else spdlog::error("stream: coordinator {}: {}: {}; replacing it", options_.id, paths_.assignment(), error);
        }
        std::vector<std::string> ids;
        for (const auto& [name, data] : members_) ids.push_back(name);
        const std::vector<std::string> owners = ringOwners(ids, config_->partitions, config_->vnodes);
        Assignment next;
        next.generation = previous.generation + 1;
        next.vnodes = config_->vnodes;
        for (int p = 0; p < static_cast<int>(owners.size()); ++p) {
            if (!owners[static_cast<size_t>(p)].empty()) next.owners[p] = owners[static_cast<size_t>(p)];
            auto was = previous.owners.find(p);
            const std::string before = was == previous.owners.end() ? std::string() : was->second;
            if (before != owners[static_cast<size_t>(p)]) next.moved.push_back(p);
        }
        if (next.owners == previous.owners && next.vnodes == previous.vnodes && r.ok()) return publishDone();
        const std::string json = toJson(next);
        auto written = inSession<client::Result<proto::Stat>>([gen = next.generation, moved = next.moved.size(),
                                                               members = ids.size()](Core& c, client::Result<proto::Stat> w) {
            if (w.ok())
                spdlog::info("stream: coordinator {} published generation {} ({} members, {} partitions moved)",
                             c.options_.id, gen, members, moved);
            // BadVersion: another write came first; look again.
            c.publishDone(w.ok() ? milliseconds(0) : kRetry, !w.ok());
        });
        if (r.ok()) {
            zk().setData(paths_.assignment(), json, r.value.stat.version, std::move(written));
        } else {
            zk().create(paths_.assignment(), json, {}, [written](client::Result<client::Created> cr) {
                client::Result<proto::Stat> w;
                w.err = cr.err;
                w.message = cr.message;
                written(std::move(w));
            });
        }
    }

    void publishDone(milliseconds retryIn = milliseconds(0), bool retry = false) {
        publishing_ = false;
        if (retry) republish_ = true;
        if (!republish_) return;
        after(retryIn, [gen = sessionGen_](Core& c) {
            if (c.sessionGen_ == gen) c.publishAssignmentIfNeeded();
        });
    }

    // ---------------------------------------------------------------- stopping

    void beginStop(Clock::time_point deadline) {
        if (!stopping_) spdlog::info("stream: worker {} leaving: no new commits", options_.id);
        stopping_ = true;
        const bool busy = std::any_of(parts_.begin(), parts_.end(), [](const Partition& p) { return p.inFlight; });
        if (busy && Clock::now() < deadline && session_) {
            after(kTick, [deadline](Core& c) { c.beginStop(deadline); });
            return;
        }
        measureRate();
        dropSession();
        spdlog::info("stream: worker {} left after committing {} events", options_.id, committed_);
        {
            std::lock_guard lock(mu_);
            stopped_ = true;
        }
        cv_.notify_all();
    }

    // ---------------------------------------------------------------- state

    const WorkerOptions options_;
    const JobPaths paths_;

    mutable std::mutex mu_;
    std::condition_variable_any cv_;
    WorkerSnapshot snapshot_;            // GUARDED_BY(mu_)
    std::optional<Status> startStatus_;  // GUARDED_BY(mu_)
    bool stopped_ = false;               // GUARDED_BY(mu_)

    // loop thread only
    std::unique_ptr<recipes::Session> session_;
    uint64_t sessionGen_ = 0;
    int sessionsStarted_ = 0;
    bool connected_ = false;
    bool stopping_ = false;
    std::unique_ptr<recipes::ConfigValue> configValue_;
    std::unique_ptr<recipes::ConfigValue> assignmentValue_;
    std::unique_ptr<recipes::ConfigValue> overridesValue_;
    std::unique_ptr<recipes::GroupMember> member_;
    std::unique_ptr<recipes::LeaderLatch> latch_;
    std::optional<JobConfig> jobConfig_;  // JOB/config as last read (partitions/vnodes: the first ones)
    ConfigChange overrides_;              // JOB/overrides/<id> as last read
    std::optional<JobConfig> config_;     // what runs: jobConfig_ with overrides_ applied
    int32_t configVersion_ = -1;
    std::optional<Assignment> assignment_;
    std::vector<Partition> parts_;
    recipes::Members members_;
    bool membersKnown_ = false;  // a snapshot of JOB/members arrived on this session
    bool leader_ = false;
    bool publishing_ = false;
    bool republish_ = false;
    uint64_t committed_ = 0;
    uint64_t failedCommits_ = 0;
    double eventsPerSec_ = 0;
    Clock::time_point lastTick_ = Clock::now();
    Clock::time_point lastStatus_ = Clock::now();
    uint64_t lastStatusCommitted_ = 0;

    // Last member: destroyed first, so its thread has ended before the state above goes.
    detail::TaskLoop loop_;
};

std::unique_ptr<Worker> Worker::start(const WorkerOptions& options, std::string* error) {
    if (auto bad = checkJobPath(options.job); !bad.empty()) {
        *error = bad;
        return nullptr;
    }
    if (auto bad = checkWorkerId(options.id); !bad.empty()) {
        *error = bad;
        return nullptr;
    }
    if (options.statusInterval < milliseconds(1000)) {
        *error = "The status interval must be at least 1000 ms (status is written at most once a second).";
        return nullptr;
    }
    const auto problems = client::validateOptions(options.client);
    if (!problems.empty()) {
        *error = problems.front().message;
        return nullptr;
    }
    auto core = std::make_shared<Core>(options);
    core->begin();
    return std::unique_ptr<Worker>(new Worker(std::move(core)));
}

Worker::Worker(std::shared_ptr<Core> core) : core_(std::move(core)) {}
Worker::~Worker() { stop(); }
Status Worker::waitStarted(std::chrono::milliseconds timeout, std::stop_token stop) {
    return core_->waitStarted(timeout, std::move(stop));
}
void Worker::stop(std::chrono::milliseconds grace) { core_->stop(grace); }
WorkerSnapshot Worker::snapshot() const { return core_->snapshot(); }
const std::string& Worker::id() const { return core_->id(); }

}  // namespace zooscope::stream
