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
    if (threaded_) thread_ = std::thread([this] { run(); });
}

LogSyncer::~LogSyncer() {
    {
        std::lock_guard lk(mu_);
        stop_ = true;
    }
    work_.notify_all();
    if (thread_.joinable()) thread_.join();
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

std::optional<std::string> LogSyncer::writeAndSync(const std::vector<Record>& batch) {
    if (!storage_) return std::nullopt;
    for (const auto& r : batch) {
        if (auto st = storage_->appendEncoded(r.zxid, r.bytes); !st)
            return "cannot append to the transaction log: " + st.toString();
    }
    if (auto st = storage_->commit(); !st) return "cannot sync the transaction log: " + st.toString();
    return std::nullopt;
}

void LogSyncer::run() {
    std::unique_lock lk(mu_);
    for (;;) {
        work_.wait(lk, [this] { return stop_ || (!queue_.empty() && !error_); });
        if (stop_) return;
        std::vector<Record> batch;
        batch.swap(queue_);
        busy_ = true;
        lk.unlock();
        const auto started = std::chrono::steady_clock::now();
        std::optional<std::string> err = writeAndSync(batch);
        const int64_t us = microsSince(started);
        lk.lock();
        busy_ = false;
        if (err) {
            error_ = std::move(err);
            queue_.clear();
        } else {
            durable_ = batch.back().zxid;
            stats_.batchTxns.add(int64_t(batch.size()));
            stats_.syncMicros.add(us);
        }
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
    idle_.wait(lk, [this] { return error_ || (queue_.empty() && !busy_); });
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
