#include "server/log_syncer.h"

#include <algorithm>
#include <chrono>

namespace zooscope::server {

namespace {

int64_t microsSince(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

LogSyncer::LogSyncer(storage::Storage* storage, int64_t lastZxid, Timers& timers, bool threaded, Callbacks callbacks)
    : storage_(storage),
      timers_(timers),
      threaded_(threaded),
      callbacks_(std::move(callbacks)),
      durable_(lastZxid),
      appended_(lastZxid),
      reported_(lastZxid) {
    if (threaded_) {
        for (int i = 0; i < kSyncThreads; ++i) threads_.emplace_back([this] { run(); });
    }
}

LogSyncer::~LogSyncer() {
    {
        std::lock_guard lk(mu_);
        stop_ = true;
    }
    work_.notify_all();
    for (auto& t : threads_) t.join();
}

void LogSyncer::append(int64_t zxid, std::string record) {
    appended_ = zxid;
    if (threaded_) {
        {
            std::lock_guard lk(mu_);
            if (error_) return;  // nothing after a failure is written
            queue_.push_back(Record{zxid, std::move(record)});
        }
        work_.notify_one();
        return;
    }
    bool post = false, failed = false;
    {
        std::lock_guard lk(mu_);
        if (error_) return;
        if (storage_) {
            if (auto st = storage_->appendEncoded(zxid, record); !st)
                error_ = "cannot append to the transaction log: " + st.toString();
        }
        failed = error_.has_value();
        post = !reportPosted_ && !failed;
        if (post) reportPosted_ = true;
    }
    if (post) timers_.post([this] { syncInline(); });
    // A failed append is fatal at once, as before the sync had a thread.
    if (failed) report();
}

void LogSyncer::syncInline() {
    {
        std::lock_guard lk(mu_);
        reportPosted_ = false;
    }
    const auto started = std::chrono::steady_clock::now();
    std::optional<std::string> err;
    if (storage_) {
        if (auto st = storage_->commit(); !st) err = "cannot sync the transaction log: " + st.toString();
    }
    {
        std::lock_guard lk(mu_);
        if (err && !error_) error_ = std::move(err);
        if (!error_) {
            stats_.batchTxns.add(std::max<int64_t>(0, appended_ - durable_));
            stats_.syncMicros.add(microsSince(started));
            durable_ = appended_;
        }
    }
    report();
}

std::optional<std::string> LogSyncer::write(const std::vector<Record>& batch, storage::TxnLog::SyncPoint* point) {
    for (const auto& r : batch) {
        if (auto st = storage_->appendEncoded(r.zxid, r.bytes); !st)
            return "cannot append to the transaction log: " + st.toString();
    }
    if (auto st = storage_->flushForSync(point); !st) return "cannot write the transaction log: " + st.toString();
    return std::nullopt;
}

void LogSyncer::run() {
    std::unique_lock lk(mu_);
    for (;;) {
        work_.wait(lk, [this] { return stop_ || (!queue_.empty() && !writing_ && !error_); });
        if (stop_) return;
        std::vector<Record> batch;
        batch.swap(queue_);
        writing_ = true;
        ++busy_;
        const auto started = std::chrono::steady_clock::now();
        lk.unlock();
        storage::TxnLog::SyncPoint point;
        std::optional<std::string> err;
        if (storage_) err = write(batch, &point);
        lk.lock();
        writing_ = false;
        Group* mine = nullptr;
        if (!err && !error_) {
            groups_.push_back(Group{batch.back().zxid, int64_t(batch.size()), started, false});
            mine = &groups_.back();  // deque: stays valid while later groups are pushed
        }
        lk.unlock();
        // The other thread may write the next group while this one's sync runs.
        work_.notify_all();
        if (mine && storage_) {
            if (auto st = storage_->syncPoint(point); !st) err = "cannot sync the transaction log: " + st.toString();
        }
        point = {};  // a rolled segment closes once no point holds it
        lk.lock();
        --busy_;
        if (err) {
            if (!error_) error_ = std::move(err);
            queue_.clear();
        } else if (mine) {
            mine->done = true;
        }
        advance();
        idle_.notify_all();
        if (!reportPosted_) {
            reportPosted_ = true;
            // Timers::post may be called from this thread (timers.h); the
            // callback runs on the owner's, after the requests already there.
            lk.unlock();
            timers_.post([this] { report(); });
            lk.lock();
        }
    }
}

void LogSyncer::advance() {
    // After a failure nothing more is reported (a group after the failed one
    // is never durable, whatever its own sync said). The groups stay: a sync
    // thread may still be waiting on its own.
    while (!error_ && !groups_.empty() && groups_.front().done) {
        const Group& g = groups_.front();
        durable_ = g.zxid;
        stats_.batchTxns.add(g.txns);
        stats_.syncMicros.add(microsSince(g.started));
        groups_.pop_front();
    }
    if (storage_ && !error_) storage_->markSynced(durable_);
}

void LogSyncer::report() {
    int64_t durable;
    std::optional<std::string> err;
    {
        std::lock_guard lk(mu_);
        if (threaded_) reportPosted_ = false;
        durable = durable_;
        err = error_;
    }
    // What was synced before a failure is durable: it is reported first.
    if (durable > reported_) {
        reported_ = durable;
        callbacks_.synced(durable);
    }
    if (err && !failureReported_) {
        failureReported_ = true;
        callbacks_.failed(*err);
    }
}

int64_t LogSyncer::waitIdle() {
    if (!threaded_) {
        bool pending;
        {
            std::lock_guard lk(mu_);
            pending = reportPosted_;
        }
        // The posted sync still runs later; it finds nothing left to do.
        if (pending) {
            std::optional<std::string> err;
            if (storage_) {
                if (auto st = storage_->commit(); !st) err = "cannot sync the transaction log: " + st.toString();
            }
            std::lock_guard lk(mu_);
            if (err && !error_) error_ = std::move(err);
            if (!error_) durable_ = appended_;
        }
        std::lock_guard lk(mu_);
        return durable_;
    }
    std::unique_lock lk(mu_);
    // After a failure the queue is dropped; still wait for a sync in flight.
    idle_.wait(lk, [this] { return busy_ == 0 && (error_ || queue_.empty()); });
    return durable_;
}

void LogSyncer::resetTo(int64_t zxid) {
    std::lock_guard lk(mu_);
    durable_ = zxid;
    appended_ = zxid;
    reported_ = std::min(reported_, zxid);
}

SyncStats LogSyncer::stats() const {
    std::lock_guard lk(mu_);
    return stats_;
}

}  // namespace zooscope::server
