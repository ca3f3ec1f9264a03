// recipes/recipe_base: what every recipe core shares — its session and path,
// the State its listener is told, one pending call with a timeout, and the
// creation of a sequential node that survives a connection loss.
//
// Threads: a core's logic runs on its session's recipe thread; the public
// getters read the snapshot under mu_. Callbacks to the user are made on the
// recipe thread, never while mu_ is held.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "recipes/layout.h"
#include "recipes/session_core.h"

namespace zooscope::recipes::detail {

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

// Calls waiting for one thing to happen (leadership, joining, a first
// snapshot), each with its own timeout. Recipe thread.
template <class T>
class Awaiters {
public:
    // TimedOut says "<what> within <timeout> ms".
    void add(SessionCore& session, Timeout timeout, Callback<T> done, std::string what) {
        const uint64_t key = ++calls_->next;
        std::weak_ptr<Calls> weak = calls_;
        const std::string message = what + " within " + std::to_string(timeout.count()) + " ms";
        calls_->pending[key].start(session, timeout, std::move(done), [weak, key, message] {
            auto calls = weak.lock();
            if (!calls) return;
            auto it = calls->pending.find(key);
            if (it == calls->pending.end()) return;
            PendingCall<T> call = std::move(it->second);
            calls->pending.erase(it);
            call.fail(status(Code::TimedOut, message));
        });
    }
    void finishAll(const T& value) {
        for (auto& call : takeAll()) {
            Result<T> r;
            r.value = value;
            call.finish(std::move(r));
        }
    }
    void failAll(const Status& s) {
        for (auto& call : takeAll()) call.fail(s);
    }
    // Ok: every call gets T{}; else every call fails with `s`.
    void endAll(const Status& s) {
        if (s.ok())
            finishAll(T{});
        else
            failAll(s);
    }

private:
    struct Calls {
        uint64_t next = 0;
        std::map<uint64_t, PendingCall<T>> pending;
    };
    std::vector<PendingCall<T>> takeAll() {
        std::vector<PendingCall<T>> all;
        for (auto& [key, call] : calls_->pending) all.push_back(std::move(call));
        calls_->pending.clear();
        return all;
    }
    std::shared_ptr<Calls> calls_ = std::make_shared<Calls>();
};

class RecipeBase : public SessionObserver, public std::enable_shared_from_this<RecipeBase> {
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
    // This core as its own type, for callbacks that keep it alive.
    template <class T>
    std::shared_ptr<T> selfAs() {
        return std::static_pointer_cast<T>(shared_from_this());
    }
    // Recipe thread: records the state; tells the listener when it changed.
    void setState(State s);
    State loopState() const { return state_; }
    // Recipe thread: runs a user listener call unless detached.
    template <class Fn>
    void callListener(Fn&& fn) {
        std::lock_guard lock(callMu_);
        if (!detached_) fn();
    }
    // Recipe thread: answers a "wait until" call at once when it can
    // (reached: Ok; closed: Closed with closedText; Failed or Lost: the last
    // error), else queues it in `awaiters` (TimedOut says "<what> within ...").
    void awaitOrQueue(Awaiters<Empty>& awaiters, bool reached, bool closed, const std::string& closedText,
                      Timeout timeout, const Callback<Empty>& done, const std::string& what) {
        if (reached) return done(Result<Empty>{});
        if (closed) return done(withStatus<Empty>(status(Code::Closed, closedText)));
        if (state_ == State::Failed || state_ == State::Lost) return done(withStatus<Empty>(lastError()));
        awaiters.add(*session_, timeout, done, what);
    }
    // Recipe thread: remembers why the recipe is Failed / a wait ended.
    void setLastError(const Status& s);

    // Runs fn on the recipe thread; when the session is closed, fails `done`
    // at once (on the calling thread) with Closed instead.
    template <class T>
    void onLoop(std::function<void()> fn, const Callback<T>& done) {
        if (!session_->post(std::move(fn)) && done)
            done(withStatus<T>(status(Code::Closed, "the recipe session was closed")));
    }
    bool onLoop(std::function<void()> fn) { return session_->post(std::move(fn)); }

    // The path problem as a Status (Misuse), or nullopt when the path is fine.
    std::optional<Status> pathMisuse() const;

    std::shared_ptr<SessionCore> session_;
    const std::string path_;

private:
    std::recursive_mutex callMu_;  // held while a listener runs
    bool detached_ = false;        // GUARDED_BY(callMu_)
    mutable std::mutex mu_;
    State shown_ = State::Idle;  // GUARDED_BY(mu_)
    StateListener listener_;     // GUARDED_BY(mu_)
    Status lastError_;           // GUARDED_BY(mu_)
    State state_ = State::Idle;  // recipe thread
    std::string pathProblem_;
};

// Lists `parent`, orders its children by `scheme` (layout::contenders) and
// reads the data and stat of each contender in that order; rows of nodes
// that went meanwhile are left out. A missing parent: no rows.
// DamagedLayout "<what>: <problem>" when the layout is damaged. Recipe thread.
void readContenders(const std::shared_ptr<SessionCore>& session, const std::string& parent, layout::Scheme scheme,
                    const std::string& what, std::function<void(Result<std::vector<client::ChildRow>>)> done);

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
