// runLoad(): the pipelined load. See loadgen.h for the model.
//
// Locking: each Session's mutable state is guarded by its mu_, taken by the
// main thread (initial fill, refill, final merge) and by the session's C
// client completion thread. Lock order: Session::mu_ -> RecordWriter.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <climits>
#include <cstdio>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

#include "loadgen.h"
#include "proto/records.h"
#include "record.h"
#include "wire_session.h"
#include "zk_handle.h"

namespace zooscope::bench {

uint64_t valueHash(const char* data, size_t size) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < size; ++i) {
        h ^= static_cast<unsigned char>(data[i]);
        h *= 1099511628211ULL;
    }
    return h;
}

namespace {

using Clock = std::chrono::steady_clock;
int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

// State shared by every session of one run.
struct RunState {
    explicit RunState(const Options& o) : options(o) {}
    const Options& options;
    std::atomic<bool> stop{false};      // no more submissions
    std::atomic<bool> closing{false};   // ZCLOSING completions are ours, not errors
    std::atomic<int64_t> budget{INT64_MAX};  // submissions left (--ops)
    int64_t warmupEndNs = 0;            // set before the first submission
    int64_t windowEndNs = INT64_MAX;
    std::atomic<int64_t> lastOkNs{0};
    std::atomic<int64_t> inflight{0};
    RecordWriter* record = nullptr;
    std::array<int, 100> opTable{};     // percent slot -> op
};

class Session;

struct Slot {
    Session* session = nullptr;
    Op op = Op::Get;
    int key = 0;
    int64_t t0 = 0;
    uint64_t hash = 0;
};

class Session {
public:
    Session(int index, RunState& run, uint64_t seed) : index_(index), run_(run), rng_(seed) {
        const Options& o = run.options;
        dir_ = o.root + "/s" + std::to_string(index);
        createPrefix_ = dir_ + "/c-";
        keyPaths_.reserve(static_cast<size_t>(o.keys));
        for (int k = 0; k < o.keys; ++k) keyPaths_.push_back(dir_ + "/k" + std::to_string(k));
        value_.assign(static_cast<size_t>(o.valueSize), 'v');
        slots_.resize(static_cast<size_t>(o.window));
        for (int i = o.window - 1; i >= 0; --i) freeSlots_.push_back(i);
    }

    ~Session() { close(); }  // completions of a closing handle still use this object
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    bool connect(std::string* error) {
        const Options& o = run_.options;
        zk_ = ZkHandle::connect(o.connect, o.sessionTimeoutMs, o.connectTimeoutMs, error);
        return zk_ != nullptr;
    }

    // Creates dir and keys (absent ones) with pipelined creates; acknowledged
    // creates go to the record like any other write.
    bool prepare(bool withKeys, std::string* error) {
        if (!createBatch({dir_}, error)) return false;
        if (withKeys && !createBatch(keyPaths_, error)) return false;
        return true;
    }

    // Keeps the window full (closed loop only). Returns the number submitted.
    int fill() {
        std::lock_guard<std::mutex> lock(mu_);
        int n = 0;
        while (!paced() && submitLocked(0)) ++n;
        return n;
    }

    // --rate: one request that was due at `dueNs`; false when the window is
    // full (or the run stops), to be tried again.
    bool submitDue(int64_t dueNs) {
        std::lock_guard<std::mutex> lock(mu_);
        return submitLocked(dueNs);
    }

    void close() {
        if (zk_) zk_->close();
    }

    bool expired() const { return (zk_ && zk_->expired()) || (wire_ && wire_->dead()); }

    // --client wire: the measured load goes over `wire`, set up after
    // prepare(); the C client's session (setup only) is closed.
    void useWire(WireSession* wire) {
        std::lock_guard<std::mutex> lock(mu_);
        wire_ = wire;
        if (zk_) zk_->close();
    }
    // Before the WireLoop that owns the session goes.
    void dropWire() {
        std::lock_guard<std::mutex> lock(mu_);
        wire_ = nullptr;
    }

    // The WireLoop's completion: decodes the reply body for the slot's op
    // and completes it like a C client completion.
    static void onWire(void* tag, int rc, std::string_view body) {
        auto* slot = static_cast<Slot*>(tag);
        struct Stat cstat{};
        std::string path;
        bool haveStat = false;
        if (rc == ZOK) {
            try {
                proto::Stat st;
                switch (slot->op) {
                case Op::Create: {
                    auto r = proto::decode<proto::Create2Response>(body);
                    path = std::move(r.path);
                    st = r.stat;
                    break;
                }
                case Op::Set: st = proto::decode<proto::SetDataResponse>(body).stat; break;
                case Op::Get: st = proto::decode<proto::GetDataResponse>(body).stat; break;
                case Op::Exists: st = proto::decode<proto::ExistsResponse>(body).stat; break;
                }
                cstat = {st.czxid,    st.mzxid,    st.ctime,          st.mtime,      st.version, st.cversion,
                         st.aversion, st.ephemeralOwner, st.dataLength, st.numChildren, st.pzxid};
                haveStat = true;
            } catch (const std::exception&) {
                rc = ZMARSHALLINGERROR;
            }
        }
        slot->session->complete(*slot, rc, path.empty() ? nullptr : path.c_str(), haveStat ? &cstat : nullptr);
    }

    void mergeInto(Report& report) {
        std::lock_guard<std::mutex> lock(mu_);
        for (int i = 0; i < kOpCount; ++i) {
            auto& dst = report.perOp[static_cast<size_t>(i)];
            const auto& src = stats_[static_cast<size_t>(i)];
            dst.ok += src.ok;
            dst.errors += src.errors;
            dst.latencyNs.merge(src.latencyNs);
        }
        for (const auto& [rc, n] : errors_) report.errorsByCode[errorName(rc)] += n;
    }

    static void onStringStat(int rc, const char* path, const struct Stat* stat, const void* data) {
        auto* slot = static_cast<Slot*>(const_cast<void*>(data));
        slot->session->complete(*slot, rc, path, stat);
    }
    static void onStat(int rc, const struct Stat* stat, const void* data) {
        auto* slot = static_cast<Slot*>(const_cast<void*>(data));
        slot->session->complete(*slot, rc, nullptr, stat);
    }
    static void onData(int rc, const char*, int, const struct Stat* stat, const void* data) {
        auto* slot = static_cast<Slot*>(const_cast<void*>(data));
        slot->session->complete(*slot, rc, nullptr, stat);
    }

private:
    struct BatchItem {
        Session* session;
        InflightLimiter* limiter;
        std::atomic<int>* firstError;
    };
    static void onBatchCreate(int rc, const char* path, const struct Stat* stat, const void* data) {
        const auto* item = static_cast<const BatchItem*>(data);
        if (rc == ZOK && stat && item->session->run_.record)
            item->session->run_.record->append(path, stat->version, stat->mzxid, item->session->setupHash_);
        if (rc != ZOK && rc != ZNODEEXISTS) {
            int expected = ZOK;
            item->firstError->compare_exchange_strong(expected, rc);
        }
        item->limiter->release();
    }

    bool createBatch(const std::vector<std::string>& paths, std::string* error) {
        InflightLimiter limiter(run_.options.window);
        std::atomic<int> firstError{ZOK};
        BatchItem item{this, &limiter, &firstError};
        setupHash_ = valueHash(value_.data(), value_.size());
        for (const auto& p : paths) {
            limiter.acquire();
            const int rc = zoo_acreate2(zk_->handle(), p.c_str(), value_.data(), static_cast<int>(value_.size()),
                                        &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, &Session::onBatchCreate, &item);
            if (rc != ZOK) {
                limiter.release();
                *error = "create " + p + " refused: " + errorName(rc);
                close();  // completes whatever is outstanding while `item` lives
                return false;
            }
        }
        if (!limiter.drain(run_.options.sessionTimeoutMs * 2)) {
            *error = "setup creates under " + dir_ + " did not complete";
            close();
            return false;
        }
        if (firstError != ZOK) {
            *error = "setup create under " + dir_ + " failed: " + errorName(firstError);
            return false;
        }
        return true;
    }

    void nextValue(Slot& slot) {
        // A distinct value per write so the record's hash pins the exact write.
        char prefix[48];
        const int n = std::snprintf(prefix, sizeof prefix, "s%d-%" PRIu64 ";", index_, ++seq_);
        std::copy_n(prefix, std::min<size_t>(static_cast<size_t>(n), value_.size()), value_.begin());
        slot.hash = valueHash(value_.data(), value_.size());
    }

    bool paced() const { return run_.options.rate > 0; }

    // Requires mu_. Returns false when nothing was (or could be) submitted.
    // Latency counts from `dueNs` when given (open loop), else from now.
    bool submitLocked(int64_t dueNs) {
        if (run_.stop.load(std::memory_order_relaxed) || freeSlots_.empty() || expired()) return false;
        if (run_.budget.fetch_sub(1, std::memory_order_relaxed) <= 0) return false;
        const int idx = freeSlots_.back();
        freeSlots_.pop_back();
        Slot& slot = slots_[static_cast<size_t>(idx)];
        slot.session = this;
        slot.op = static_cast<Op>(run_.opTable[std::uniform_int_distribution<int>(0, 99)(rng_)]);
        if (!keyPaths_.empty())
            slot.key = std::uniform_int_distribution<int>(0, static_cast<int>(keyPaths_.size()) - 1)(rng_);
        if (slot.op == Op::Create || slot.op == Op::Set) nextValue(slot);
        run_.inflight.fetch_add(1, std::memory_order_relaxed);
        slot.t0 = dueNs > 0 ? dueNs : nowNs();
        const int rc = wire_ ? submitWire(slot) : submitC(slot);
        if (rc != ZOK) {
            // Refused before it reached the wire (e.g. expired session): the
            // slot comes back; the main loop retries later, not in a spin.
            countError(slot.op, rc);
            freeSlots_.push_back(idx);
            run_.inflight.fetch_sub(1, std::memory_order_relaxed);
            return false;
        }
        return true;
    }

    // Requires mu_.
    int submitWire(Slot& slot) {
        const auto key = [&]() -> const std::string& { return keyPaths_[static_cast<size_t>(slot.key)]; };
        bool sent = false;
        switch (slot.op) {
        case Op::Create:
            sent = wire_->send(proto::OpCode::Create2,
                               proto::encode(proto::CreateRequest{createPrefix_, value_, proto::openAclUnsafe(),
                                                                  static_cast<int32_t>(ZOO_PERSISTENT_SEQUENTIAL)}),
                               &slot);
            break;
        case Op::Set:
            sent = wire_->send(proto::OpCode::SetData, proto::encode(proto::SetDataRequest{key(), value_, -1}), &slot);
            break;
        case Op::Get:
            sent = wire_->send(proto::OpCode::GetData, proto::encode(proto::GetDataRequest{key(), false}), &slot);
            break;
        case Op::Exists:
            sent = wire_->send(proto::OpCode::Exists, proto::encode(proto::ExistsRequest{key(), false}), &slot);
            break;
        }
        return sent ? ZOK : ZCONNECTIONLOSS;
    }

    // Requires mu_.
    int submitC(Slot& slot) {
        zhandle_t* zh = zk_->handle();
        const int vlen = static_cast<int>(value_.size());
        int rc = ZOK;
        switch (slot.op) {
        case Op::Create:
            rc = zoo_acreate2(zh, createPrefix_.c_str(), value_.data(), vlen, &ZOO_OPEN_ACL_UNSAFE,
                              ZOO_PERSISTENT_SEQUENTIAL, &Session::onStringStat, &slot);
            break;
        case Op::Set:
            rc = zoo_aset(zh, keyPaths_[static_cast<size_t>(slot.key)].c_str(), value_.data(), vlen, -1,
                          &Session::onStat, &slot);
            break;
        case Op::Get:
            rc = zoo_aget(zh, keyPaths_[static_cast<size_t>(slot.key)].c_str(), 0, &Session::onData, &slot);
            break;
        case Op::Exists:
            rc = zoo_aexists(zh, keyPaths_[static_cast<size_t>(slot.key)].c_str(), 0, &Session::onStat, &slot);
            break;
        }
        return rc;
    }

    void countError(Op op, int rc) {
        ++stats_[static_cast<size_t>(op)].errors;
        ++errors_[rc];
    }

    void complete(Slot& slot, int rc, const char* createdPath, const struct Stat* stat) {
        const int64_t t1 = nowNs();
        std::lock_guard<std::mutex> lock(mu_);
        if (rc == ZOK) {
            if (t1 >= run_.warmupEndNs && t1 <= run_.windowEndNs) {
                auto& st = stats_[static_cast<size_t>(slot.op)];
                ++st.ok;
                st.latencyNs.record(t1 - slot.t0);
                int64_t last = run_.lastOkNs.load(std::memory_order_relaxed);
                while (last < t1 && !run_.lastOkNs.compare_exchange_weak(last, t1)) {
                }
            }
            if (run_.record && stat) {
                if (slot.op == Op::Create && createdPath)
                    run_.record->append(createdPath, stat->version, stat->mzxid, slot.hash);
                else if (slot.op == Op::Set)
                    run_.record->append(keyPaths_[static_cast<size_t>(slot.key)].c_str(), stat->version, stat->mzxid,
                                        slot.hash);
            }
        } else if (!(rc == ZCLOSING && run_.closing.load())) {
            countError(slot.op, rc);
        }
        freeSlots_.push_back(static_cast<int>(&slot - slots_.data()));
        run_.inflight.fetch_sub(1, std::memory_order_relaxed);
        if (!paced()) submitLocked(0);
    }

    const int index_;
    RunState& run_;
    std::unique_ptr<ZkHandle> zk_;
    WireSession* wire_ = nullptr;  // guarded by mu_; owned by runLoad's WireLoop
    std::string dir_;
    std::string createPrefix_;
    std::vector<std::string> keyPaths_;
    uint64_t setupHash_ = 0;

    std::mutex mu_;
    std::mt19937_64 rng_;                 // guarded by mu_
    std::string value_;                   // guarded by mu_ (after setup)
    uint64_t seq_ = 0;                    // guarded by mu_
    std::vector<Slot> slots_;             // guarded by mu_; never resized after construction
    std::vector<int> freeSlots_;          // guarded by mu_
    std::array<OpStats, kOpCount> stats_; // guarded by mu_
    std::map<int, uint64_t> errors_;      // guarded by mu_
};

bool ensureRoot(ZkHandle& zk, const std::string& root, std::string* error) {
    // Parents of the root first (e.g. /a for /a/b), then the root itself.
    for (size_t pos = 1; pos != std::string::npos;) {
        pos = root.find('/', pos + 1);
        const std::string p = root.substr(0, pos);
        const int rc = zoo_create(zk.handle(), p.c_str(), nullptr, -1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, nullptr, 0);
        if (rc != ZOK && rc != ZNODEEXISTS) {
            *error = "create " + p + " failed: " + errorName(rc);
            return false;
        }
    }
    return true;
}

}  // namespace

Report runLoad(const Options& options) {
    setClientLogLevel(options.verbose);
    Report report;
    report.options = options;
    RunState run(options);
    {
        int slot = 0;
        for (int op = 0; op < kOpCount; ++op)
            for (int i = 0; i < options.mix[static_cast<size_t>(op)]; ++i) run.opTable[static_cast<size_t>(slot++)] = op;
    }

    RecordWriter record;
    if (!options.recordPath.empty()) {
        if (!record.open(options.recordPath, &report.setupError)) return report;
        run.record = &record;
    }

    const uint64_t seed = options.seed ? options.seed : static_cast<uint64_t>(nowNs());
    std::vector<std::unique_ptr<Session>> sessions;
    for (int i = 0; i < options.sessions; ++i)
        sessions.push_back(std::make_unique<Session>(i, run, seed + static_cast<uint64_t>(i) * 0x9E3779B97F4A7C15ULL));
    for (auto& s : sessions)
        if (!s->connect(&report.setupError)) return report;
    {
        std::string error;
        auto rootSession = ZkHandle::connect(options.connect, options.sessionTimeoutMs, options.connectTimeoutMs, &error);
        if (!rootSession || !ensureRoot(*rootSession, options.root, &error)) {
            report.setupError = error;
            return report;
        }
    }
    const bool keyed = options.mix[static_cast<size_t>(Op::Set)] + options.mix[static_cast<size_t>(Op::Get)] +
                           options.mix[static_cast<size_t>(Op::Exists)] > 0;
    for (auto& s : sessions)
        if (!s->prepare(keyed, &report.setupError)) return report;
    std::unique_ptr<WireLoop> wire;
    if (options.client == ClientKind::Wire) {
        wire = std::make_unique<WireLoop>(&Session::onWire);
        for (size_t i = 0; i < sessions.size(); ++i) {
            WireSession* ws = wire->connect(options.connect, static_cast<int>(i), options.sessionTimeoutMs,
                                            options.connectTimeoutMs, &report.setupError);
            if (!ws) return report;
            sessions[i]->useWire(ws);
        }
    }
    report.setupOk = true;

    const int64_t start = nowNs();
    run.warmupEndNs = start + static_cast<int64_t>(options.warmupSeconds * 1e9);
    if (options.totalOps)
        run.budget = static_cast<int64_t>(*options.totalOps);
    else
        run.windowEndNs = run.warmupEndNs + static_cast<int64_t>(options.durationSeconds * 1e9);
    for (auto& s : sessions) s->fill();

    int64_t lastFlush = start, lastRefill = start;
    uint64_t paced = 0;  // --rate: requests submitted so far
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(options.rate > 0 ? 1 : 5));
        const int64_t t = nowNs();
        if (!options.totalOps && t >= run.windowEndNs) break;
        if (options.totalOps && run.budget.load() <= 0 && run.inflight.load() == 0) break;
        // --rate: every request due by now, round robin; one that finds its
        // session's window full waits for the next turn (and is counted late).
        while (options.rate > 0 && run.budget.load() > 0) {
            const auto due = start + static_cast<int64_t>(double(paced) * 1e9 / options.rate);
            if (due > t) break;
            if (!sessions[paced % sessions.size()]->submitDue(due)) {
                ++report.lateSubmits;
                break;
            }
            ++paced;
        }
        if (t - lastRefill >= 100'000'000) {
            for (auto& s : sessions) s->fill();
            lastRefill = t;
        }
        if (t - lastFlush >= 1'000'000'000) {
            record.flush();
            lastFlush = t;
        }
    }
    run.stop = true;
    // Drain: outstanding requests complete normally (bounded wait).
    const int64_t drainDeadline = nowNs() + static_cast<int64_t>(options.sessionTimeoutMs) * 1'000'000;
    while (run.inflight.load() > 0 && nowNs() < drainDeadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    report.unfinished = static_cast<uint64_t>(std::max<int64_t>(0, run.inflight.load()));
    run.closing = true;
    for (auto& s : sessions) {
        if (s->expired()) ++report.sessionsExpired;
        s->dropWire();
        s->close();
    }
    wire.reset();
    record.flush();

    const int64_t windowEnd = options.totalOps ? run.lastOkNs.load() : run.windowEndNs;
    report.warmupSeconds = options.warmupSeconds;
    report.measuredSeconds = std::max<double>(0, double(windowEnd - run.warmupEndNs) / 1e9);
    for (auto& s : sessions) s->mergeInto(report);
    for (const auto& op : report.perOp) {
        report.total.ok += op.ok;
        report.total.errors += op.errors;
        report.total.latencyNs.merge(op.latencyNs);
    }
    report.recordedWrites = record.lines();
    return report;
}

}  // namespace zooscope::bench
