// ConfigValue: one znode's value, followed with a data watch (or an exists
// watch while it is missing).
#include <spdlog/spdlog.h>

#include <map>

#include "recipes/recipe_base.h"

namespace zooscope::recipes {

namespace detail {

class ValueCore final : public RecipeBase, public std::enable_shared_from_this<ValueCore> {
public:
    ValueCore(std::shared_ptr<SessionCore> session, std::string path) : RecipeBase(std::move(session), std::move(path)) {}

    static std::shared_ptr<ValueCore> make(std::shared_ptr<SessionCore> session, std::string path) {
        auto core = std::make_shared<ValueCore>(session, std::move(path));
        session->post([core] { core->session_->addObserver(core); });
        return core;
    }

    std::optional<Value> current() const {
        std::lock_guard lock(snapMu_);
        return shown_;
    }
    void setValueListener(std::function<void(const Value&)> listener) {
        std::lock_guard lock(snapMu_);
        listener_ = std::move(listener);
    }

    void start() {
        auto self = shared_from_this();
        onLoop([self] {
            if (self->running_ || self->stopped_) return;
            if (auto misuse = self->pathMisuse()) return self->fail(*misuse);
            self->running_ = true;
            self->setState(self->session_->connected() ? State::Held : State::Suspended);
            self->read(++self->generation_);
        });
    }
    void stop(const Status& why) {
        auto self = shared_from_this();
        onLoop([self, why] {
            if (self->stopped_) return;
            self->stopped_ = true;
            self->running_ = false;
            ++self->generation_;
            self->endAwaits(why);
            self->setState(State::Idle);
        });
    }
    void shutdown() {
        detachListeners();
        stop(status(Code::Cancelled, "the value object was destroyed"));
        auto self = shared_from_this();
        onLoop([self] { self->session_->removeObserver(self.get()); });
    }

    void awaitValue(Timeout timeout, Callback<Value> done) {
        auto self = shared_from_this();
        onLoop<Value>(
            [self, timeout, done] {
                if (self->value_) {
                    Result<Value> r;
                    r.value = *self->value_;
                    return done(std::move(r));
                }
                if (self->stopped_ || self->loopState() == State::Failed || self->loopState() == State::Lost) {
                    const Status err = self->lastError();
                    return done(withStatus<Value>(err.ok() ? status(Code::Closed, "the value is not followed") : err));
                }
                const uint64_t key = ++self->nextAwait_;
                std::weak_ptr<ValueCore> weak = self;
                self->awaiters_[key].start(*self->session_, timeout, done, [weak, key, timeout] {
                    auto s = weak.lock();
                    if (!s) return;
                    auto it = s->awaiters_.find(key);
                    if (it == s->awaiters_.end()) return;
                    PendingCall<Value> call = std::move(it->second);
                    s->awaiters_.erase(it);
                    call.fail(status(Code::TimedOut, "no value of " + s->path_ + " read within " +
                                                         std::to_string(timeout.count()) + " ms"));
                });
            },
            done);
    }
    void cancelAwaits() {
        auto self = shared_from_this();
        onLoop([self] { self->endAwaits(status(Code::Cancelled, "waiting for the value was cancelled")); });
    }

    void set(std::string data, int32_t version, Callback<int32_t> done) {
        auto self = shared_from_this();
        onLoop<int32_t>(
            [self, data = std::move(data), version, done] {
                if (auto misuse = self->pathMisuse()) return done(withStatus<int32_t>(*misuse));
                self->session_->setData(self->path_, data, version, [done](Result<proto::Stat> r) {
                    Result<int32_t> out;
                    static_cast<Status&>(out) = r;
                    out.value = r.value.version;
                    done(std::move(out));
                });
            },
            done);
    }

    void onSessionState(client::SessionState s) override {
        using S = client::SessionState;
        if (!running_) return;
        if (s == S::Suspended) {
            setState(State::Suspended);
        } else if (s == S::Reconnected) {
            setState(State::Held);
            read(++generation_);
        } else if (client::isTerminal(s)) {
            running_ = false;
            ++generation_;
            const Status lost = session_->statusFor(proto::Err::SessionExpired, "");
            setLastError(lost);
            setState(State::Lost);
            endAwaits(lost);
        }
    }
    void onSessionClosed() override {
        running_ = false;
        stopped_ = true;
        ++generation_;
        endAwaits(session_->closedStatus());
        setState(State::Idle);
    }

private:
    void read(uint64_t gen) {
        std::weak_ptr<ValueCore> weak = shared_from_this();
        const auto id = session_->expectWatch(path_, [weak, gen](proto::EventType) {
            if (auto self = weak.lock(); self && self->generation_ == gen && self->running_) self->read(++self->generation_);
        });
        auto self = shared_from_this();
        session_->getData(path_, true, [self, gen, id](Result<client::NodeData> r) {
            if (self->generation_ != gen || !self->running_) return self->session_->cancelWatch(id);
            if (r.ok()) {
                Value v;
                v.exists = true;
                v.data = std::move(r.value.data);
                v.isNull = r.value.isNull;
                v.version = r.value.stat.version;
                v.stat = r.value.stat;
                return self->publish(std::move(v));
            }
            if (r.err != proto::Err::NoNode) {
                self->session_->cancelWatch(id);
                if (r.code == Code::SessionLost || r.code == Code::Closed) return;
                return self->fail(r);
            }
            // Missing: an exists watch catches its creation (same handler).
            self->session_->exists(self->path_, true, [self, gen](Result<std::optional<proto::Stat>> e) {
                if (self->generation_ != gen) return;
                if (e.ok() && e.value) return self->read(++self->generation_);  // created meanwhile
                if (!e.ok()) return;
                self->publish(Value{});
            });
        });
    }

    void publish(Value v) {
        const bool changed = !value_ || value_->exists != v.exists || value_->version != v.version ||
                             value_->stat.mzxid != v.stat.mzxid || value_->stat.czxid != v.stat.czxid;
        if (!changed) return;
        value_ = v;
        std::function<void(const Value&)> listener;
        {
            std::lock_guard lock(snapMu_);
            shown_ = v;
            listener = listener_;
        }
        if (!awaiters_.empty()) {
            auto all = std::move(awaiters_);
            awaiters_.clear();
            for (auto& [key, call] : all) {
                Result<Value> r;
                r.value = v;
                call.finish(std::move(r));
            }
        }
        if (listener) callListener([&] { listener(v); });
    }

    void fail(const Status& s) {
        running_ = false;
        ++generation_;
        setLastError(s);
        setState(State::Failed);
        endAwaits(s);
    }

    void endAwaits(const Status& s) {
        auto all = std::move(awaiters_);
        awaiters_.clear();
        for (auto& [key, call] : all) call.fail(s);
    }

    // recipe thread
    bool running_ = false;
    bool stopped_ = false;
    uint64_t generation_ = 0;
    std::optional<Value> value_;
    uint64_t nextAwait_ = 0;
    std::map<uint64_t, PendingCall<Value>> awaiters_;

    mutable std::mutex snapMu_;
    std::optional<Value> shown_;                  // GUARDED_BY(snapMu_)
    std::function<void(const Value&)> listener_;  // GUARDED_BY(snapMu_)
};

}  // namespace detail

ConfigValue::ConfigValue(Session& session, std::string path) : core_(detail::ValueCore::make(session.core_, std::move(path))) {}
ConfigValue::~ConfigValue() { core_->shutdown(); }
void ConfigValue::start() { core_->start(); }
void ConfigValue::close() { core_->stop(detail::status(Code::Closed, "the value was closed")); }
std::optional<Value> ConfigValue::current() const { return core_->current(); }
State ConfigValue::state() const { return core_->state(); }
void ConfigValue::setValueListener(std::function<void(const Value&)> listener) {
    core_->setValueListener(std::move(listener));
}
void ConfigValue::setStateListener(StateListener listener) { core_->setStateListener(std::move(listener)); }
Result<Value> ConfigValue::awaitValue(Timeout timeout, std::stop_token stop) {
    return detail::waitForCall<Value>(
        *core_->sessionCore(), [&](Callback<Value> cb) { core_->awaitValue(timeout, std::move(cb)); },
        [&] { core_->cancelAwaits(); }, std::move(stop));
}
void ConfigValue::setAsync(std::string data, int32_t expectedVersion, Callback<int32_t> done) {
    core_->set(std::move(data), expectedVersion, std::move(done));
}

}  // namespace zooscope::recipes
