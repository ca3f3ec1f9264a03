// recipes/recipe_base: what every recipe core shares — its session and path,
// the State its listener is told, one pending call with a timeout, and the
// creation of a sequential node that survives a connection loss.
//
// Threads: a core's logic runs on its session's recipe thread; the public
// getters read the snapshot under mu_. Callbacks to the user are made on the
// recipe thread, never while mu_ is held.
#pragma once

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "recipes/session_core.h"

namespace zooscope::recipes::detail {

class RecipeBase : public SessionObserver {
public:
    RecipeBase(std::shared_ptr<SessionCore> session, std::string path);

    State state() const;
    void setStateListener(StateListener listener);
    // Any thread, from the public object's destructor: no listener of this
    // recipe is called once this returns (a call in progress on the recipe
    // thread is waited for, unless this runs on that thread).
    void detachListeners();
    const std::string& path() const { return path_; }
    SessionCore* sessionCore() const { return session_.get(); }
    Status lastError() const;

protected:
    // Recipe thread: records the state; tells the listener when it changed.
    void setState(State s);
    State loopState() const { return state_; }
    // Recipe thread: runs a user listener call unless detached.
    template <class Fn>
    void callListener(Fn&& fn) {
        std::lock_guard lock(callMu_);
        if (!detached_) fn();
    }
    // Recipe thread: remembers why the recipe is Failed / a wait ended.
    void setLastError(const Status& s);

    // Runs fn on the recipe thread; when the session is closed, fails `done`
    // at once (on the calling thread) with Closed instead.
    template <class T>
    void onLoop(std::function<void()> fn, const Callback<T>& done) {
        if (!session_->post(std::move(fn)) && done) done(closed<T>());
    }
    bool onLoop(std::function<void()> fn) { return session_->post(std::move(fn)); }

    template <class T>
    static Result<T> closed() {
        Result<T> r;
        r.code = Code::Closed;
        r.message = "the recipe session was closed";
        return r;
    }
    template <class T>
    static Result<T> withStatus(const Status& s) {
        Result<T> r;
        static_cast<Status&>(r) = s;
        return r;
    }
    // The path problem as a Status (Misuse), or nullopt when the path is fine.
    std::optional<Status> pathMisuse() const;

    std::shared_ptr<SessionCore> session_;
    const std::string path_;

private:
    std::recursive_mutex callMu_;  // held while a listener runs
    bool detached_ = false;         // GUARDED_BY(callMu_)
    mutable std::mutex mu_;
    State shown_ = State::Idle;     // GUARDED_BY(mu_)
    StateListener listener_;        // GUARDED_BY(mu_)
    Status lastError_;              // GUARDED_BY(mu_)
    State state_ = State::Idle;     // recipe thread
    std::string pathProblem_;
};

// One call that waits (acquire, enter, await...), with its timeout timer.
// Recipe thread only.
template <class T>
class PendingCall {
public:
    bool active() const { return static_cast<bool>(done_); }
    // onTimeout runs on the recipe thread when the timeout passes first.
    void start(SessionCore& session, Timeout timeout, Callback<T> done, std::function<void()> onTimeout) {
        done_ = std::move(done);
        session_ = &session;
        if (timeout != kForever)
            timer_ = session.schedule(Clock::now() + std::max(timeout, Timeout::zero()), std::move(onTimeout));
    }
    void finish(Result<T> r) {
        if (!done_) return;
        auto done = std::move(done_);
        done_ = nullptr;
        if (session_) session_->cancelTimer(timer_);
        timer_ = 0;
        done(std::move(r));
    }
    void fail(const Status& s) {
        Result<T> r;
        static_cast<Status&>(r) = s;
        finish(std::move(r));
    }

private:
    Callback<T> done_;
    SessionCore* session_ = nullptr;
    SessionCore::TimerId timer_ = 0;
};

// Creates "<parent>/<name><sequence>" (EphemeralSequential, `data`), making
// missing parents as parentMode. `name` must be unique to this call (it
// carries a random id): after a ConnectionLoss the node is looked for among
// the parent's children once the connection is back, and created only if it
// is not there, so a lost reply never leaves a second node. Value: the
// child's name. Recipe thread.
void createSequential(const std::shared_ptr<SessionCore>& session, const std::string& parent, const std::string& name,
                      const std::string& data, proto::CreateMode parentMode,
                      std::function<void(Result<std::string>)> done);

// Creates the ephemeral node `path` (parents as parentMode). After a
// ConnectionLoss it tries again once the connection is back; NodeExists with
// the node owned by this session counts as created (our first try went
// through). NodeExists owned by another session comes back as Code::ZooKeeper
// with err NodeExists. Recipe thread.
void createEphemeral(const std::shared_ptr<SessionCore>& session, const std::string& path, const std::string& data,
                     proto::CreateMode parentMode, std::function<void(Status)> done);

}  // namespace zooscope::recipes::detail
