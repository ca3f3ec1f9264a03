// recipes/follower: what GroupView and ConfigValue share — a recipe that
// follows something in ZooKeeper (a group's members, a node's value) through
// watches and publishes snapshots of type T: start/stop, waiting for the
// first snapshot, the listener, and the reactions to the session (read
// everything again on Reconnected; Lost when the session ends).
// Recipe thread, except the public methods, which post to it.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "recipes/recipe_base.h"

namespace zooscope::recipes::detail {

template <class T>
class FollowerCore : public RecipeBase {
public:
    // `what` names what is followed in sentences ("the members of /g").
    FollowerCore(std::shared_ptr<SessionCore> session, std::string path, std::string what)
        : RecipeBase(std::move(session), std::move(path)), what_(std::move(what)) {}

    std::optional<T> latest() const {
        std::lock_guard lock(snapMu_);
        return shown_;
    }
    void setListener(std::function<void(const T&)> listener) {
        std::lock_guard lock(snapMu_);
        listener_ = std::move(listener);
    }

    void start() {
        auto self = selfAs<FollowerCore>();
        onLoop([self] {
            if (self->running_ || self->stopped_) return;
            if (auto misuse = self->pathMisuse()) return self->fail(*misuse);
            self->running_ = true;
            self->setState(self->session_->connected() ? State::Held : State::Suspended);
            self->refresh(++self->generation_);
        });
    }
    void stop(const Status& why) {
        auto self = selfAs<FollowerCore>();
        onLoop([self, why] { self->doStop(why); });
    }
    // The public object is going.
    void shutdown(const Status& why) {
        detachListeners();
        auto self = selfAs<FollowerCore>();
        onLoop([self, why] {
            self->doStop(why);
            self->session_->removeObserver(self.get());
        });
    }
    // The current snapshot, or the first one to come.
    void awaitFirst(Timeout timeout, Callback<T> done) {
        auto self = selfAs<FollowerCore>();
        onLoop<T>(
            [self, timeout, done] {
                if (self->value_) {
                    Result<T> r;
                    r.value = *self->value_;
                    return done(std::move(r));
                }
                if (self->stopped_ || self->loopState() == State::Failed || self->loopState() == State::Lost) {
                    const Status err = self->lastError();
                    return done(
                        withStatus<T>(err.ok() ? status(Code::Closed, "stopped following " + self->what_) : err));
                }
                self->awaiters_.add(*self->session_, timeout, done, self->what_ + " not read");
            },
            done);
    }
    void cancelAwaits() {
        auto self = selfAs<FollowerCore>();
        onLoop([self] {
            self->awaiters_.failAll(status(Code::Cancelled, "waiting for " + self->what_ + " was cancelled"));
        });
    }

    void onSessionState(client::SessionState s) override {
        using S = client::SessionState;
        if (!running_) return;
        if (s == S::Suspended) {
            setState(State::Suspended);
        } else if (s == S::Reconnected || s == S::Connected) {  // (Connected: a late first connection)
            setState(State::Held);
            refresh(++generation_);  // whatever changed while away
        } else if (client::isTerminal(s)) {
            const Status lost = session_->statusFor(proto::Err::SessionExpired, "");
            halt(lost, State::Lost);
        }
    }
    void onSessionClosed() override {
        stopped_ = true;
        halt(session_->closedStatus(), State::Idle);
    }

protected:
    // Reads everything again under generation `gen`, then publish().
    virtual void refresh(uint64_t gen) = 0;
    // Whether a new snapshot is news for the listener.
    virtual bool changed(const T& before, const T& after) const { return !(before == after); }
    // Following stopped (stop, session end, failure).
    virtual void onHalt() {}

    bool running() const { return running_; }
    bool current(uint64_t gen) const { return running_ && generation_ == gen; }
    uint64_t generation() const { return generation_; }
    uint64_t nextGeneration() { return ++generation_; }

    // A snapshot: the first ends the waits; a changed one goes to the listener.
    void publish(const T& v) {
        const bool news = !value_ || changed(*value_, v);
        value_ = v;
        std::function<void(const T&)> listener;
        {
            std::lock_guard lock(snapMu_);
            shown_ = v;
            listener = listener_;
        }
        awaiters_.finishAll(v);
        if (news && listener) callListener([&] { listener(v); });
    }
    // An error that ends the following (Failed).
    void fail(const Status& s) { halt(s, State::Failed); }

private:
    void doStop(const Status& why) {
        if (stopped_) return;
        stopped_ = true;
        halt(why, State::Idle);
    }
    void halt(const Status& why, State state) {
        running_ = false;
        ++generation_;
        onHalt();
        if (state != State::Idle) setLastError(why);
        setState(state);
        awaiters_.failAll(why);
    }

    const std::string what_;

    // recipe thread
    bool running_ = false;
    bool stopped_ = false;
    uint64_t generation_ = 0;
    std::optional<T> value_;
    Awaiters<T> awaiters_;

    mutable std::mutex snapMu_;
    std::optional<T> shown_;                  // GUARDED_BY(snapMu_)
    std::function<void(const T&)> listener_;  // GUARDED_BY(snapMu_)
};

}  // namespace zooscope::recipes::detail
