// GroupView (the children of a path and their data, followed) and
// GroupMember (Curator GroupMember: an ephemeral "<path>/<id>" plus the view).
#include <spdlog/spdlog.h>

#include <set>

#include "recipes/recipe_base.h"

namespace zooscope::recipes {

namespace detail {

class MembershipCore final : public RecipeBase, public std::enable_shared_from_this<MembershipCore> {
public:
    MembershipCore(std::shared_ptr<SessionCore> session, std::string path) : RecipeBase(std::move(session), std::move(path)) {}

    static std::shared_ptr<MembershipCore> make(std::shared_ptr<SessionCore> session, std::string path) {
        auto core = std::make_shared<MembershipCore>(session, std::move(path));
        session->post([core] { core->session_->addObserver(core); });
        return core;
    }

    Members members() const {
        std::lock_guard lock(snapMu_);
        return shown_;
    }
    void setMembersListener(std::function<void(const Members&)> listener) {
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
            self->list(++self->generation_);
        });
    }
    void stop() {
        auto self = shared_from_this();
        onLoop([self] { self->doStop(status(Code::Closed, "the group view was closed")); });
    }
    void shutdown() {
        detachListeners();
        auto self = shared_from_this();
        onLoop([self] {
            self->doStop(status(Code::Cancelled, "the group view was destroyed"));
            self->session_->removeObserver(self.get());
        });
    }
    void awaitMembers(Timeout timeout, Callback<Members> done) {
        auto self = shared_from_this();
        onLoop<Members>(
            [self, timeout, done] {
                if (self->haveSnapshot_) {
                    Result<Members> r;
                    r.value = self->members_;
                    return done(std::move(r));
                }
                if (self->stopped_ || self->loopState() == State::Failed || self->loopState() == State::Lost) {
                    const Status err = self->lastError();
                    return done(withStatus<Members>(err.ok() ? status(Code::Closed, "the group view is closed") : err));
                }
                const uint64_t key = ++self->nextAwait_;
                std::weak_ptr<MembershipCore> weak = self;
                self->awaiters_[key].start(*self->session_, timeout, done, [weak, key, timeout] {
                    auto s = weak.lock();
                    if (!s) return;
                    auto it = s->awaiters_.find(key);
                    if (it == s->awaiters_.end()) return;
                    PendingCall<Members> call = std::move(it->second);
                    s->awaiters_.erase(it);
                    call.fail(status(Code::TimedOut, "no members of " + s->path_ + " read within " +
                                                         std::to_string(timeout.count()) + " ms"));
                });
            },
            done);
    }
    void cancelAwaits() {
        auto self = shared_from_this();
        onLoop([self] { self->endAwaits(status(Code::Cancelled, "waiting for the members was cancelled")); });
    }

    void onSessionState(client::SessionState s) override {
        using S = client::SessionState;
        if (!running_) return;
        if (s == S::Suspended) {
            setState(State::Suspended);
        } else if (s == S::Reconnected) {
            setState(State::Held);
            list(++generation_);  // whatever changed while away
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
    // Lists the children (child watch) and reads the new ones (data watch
    // each); a missing path is watched for its creation.
    void list(uint64_t gen) {
        std::weak_ptr<MembershipCore> weak = shared_from_this();
        const auto id = session_->expectWatch(path_, [weak, gen](proto::EventType) {
            if (auto self = weak.lock(); self && self->generation_ == gen && self->running_) self->list(++self->generation_);
        });
        auto self = shared_from_this();
        session_->getChildren(path_, true, [self, gen, id](Result<std::vector<std::string>> r) {
            if (self->generation_ != gen || !self->running_) return self->session_->cancelWatch(id);
            if (r.err == proto::Err::NoNode) {
                // exists() leaves a watch for the creation; the same handler lists again.
                self->session_->exists(self->path_, true, [self, gen](Result<std::optional<proto::Stat>> e) {
                    if (self->generation_ != gen) return;
                    if (e.ok() && e.value) return self->list(++self->generation_);
                    self->members_.clear();
                    self->readData_.clear();
                    self->publish();
                });
                return;
            }
            if (!r.ok()) {
                self->session_->cancelWatch(id);
                if (r.code == Code::SessionLost || r.code == Code::Closed) return;
                return self->fail(r);
            }
            const std::set<std::string> now(r.value.begin(), r.value.end());
            for (auto it = self->members_.begin(); it != self->members_.end();) {
                if (now.count(it->first)) ++it;
                else it = self->members_.erase(it);
            }
            std::erase_if(self->readData_, [&now](const std::string& n) { return !now.count(n); });
            size_t fresh = 0;
            for (const std::string& name : now) {
                if (self->readData_.count(name)) continue;
                self->readData_.insert(name);
                ++fresh;
                self->readMember(name, gen, true);
            }
            self->outstanding_ = fresh;
            if (fresh == 0) self->publish();
        });
    }

    // getData with a watch; `initial`: part of a listing (publish once all are in).
    void readMember(const std::string& name, uint64_t gen, bool initial) {
        const std::string full = childPath(path_, name);
        std::weak_ptr<MembershipCore> weak = shared_from_this();
        const uint64_t memberGen = memberGen_;
        const auto id = session_->expectWatch(full, [weak, name, memberGen](proto::EventType type) {
            auto self = weak.lock();
            if (!self || !self->running_ || self->memberGen_ != memberGen || !self->readData_.count(name)) return;
            if (type == proto::EventType::NodeDeleted) {
                self->readData_.erase(name);
                if (self->members_.erase(name)) self->publish();
                return;
            }
            self->readMember(name, self->generation_, false);
        });
        auto self = shared_from_this();
        session_->getData(full, true, [self, name, gen, initial, id](Result<client::NodeData> r) {
            if (!self->running_) return self->session_->cancelWatch(id);
            if (r.ok()) {
                self->members_[name] = r.value.data;
            } else {
                self->session_->cancelWatch(id);
                self->members_.erase(name);
                self->readData_.erase(name);
            }
            if (initial && self->generation_ == gen) {
                if (self->outstanding_ > 0 && --self->outstanding_ == 0) self->publish();
            } else if (!initial) {
                self->publish();
            }
        });
    }

    void publish() {
        haveSnapshot_ = true;
        std::function<void(const Members&)> listener;
        bool changed = false;
        {
            std::lock_guard lock(snapMu_);
            changed = shown_ != members_ || !publishedOnce_;
            shown_ = members_;
            publishedOnce_ = true;
            listener = listener_;
        }
        if (!awaiters_.empty()) {
            auto all = std::move(awaiters_);
            awaiters_.clear();
            for (auto& [key, call] : all) {
                Result<Members> r;
                r.value = members_;
                call.finish(std::move(r));
            }
        }
        if (changed && listener) callListener([&] { listener(members_); });
    }

    void fail(const Status& s) {
        running_ = false;
        ++generation_;
        setLastError(s);
        setState(State::Failed);
        endAwaits(s);
    }

    void doStop(const Status& why) {
        if (stopped_) return;
        stopped_ = true;
        running_ = false;
        ++generation_;
        ++memberGen_;
        endAwaits(why);
        setState(State::Idle);
    }

    void endAwaits(const Status& s) {
        auto all = std::move(awaiters_);
        awaiters_.clear();
        for (auto& [key, call] : all) call.fail(s);
    }

    // recipe thread
    bool running_ = false;
    bool stopped_ = false;
    bool haveSnapshot_ = false;
    uint64_t generation_ = 0;  // listings
    uint64_t memberGen_ = 0;   // bumps on stop: member watches go quiet
    size_t outstanding_ = 0;
    Members members_;
    std::set<std::string> readData_;  // children whose data is read (and watched)
    uint64_t nextAwait_ = 0;
    std::map<uint64_t, PendingCall<Members>> awaiters_;

    mutable std::mutex snapMu_;
    Members shown_;                                     // GUARDED_BY(snapMu_)
    bool publishedOnce_ = false;                        // GUARDED_BY(snapMu_)
    std::function<void(const Members&)> listener_;      // GUARDED_BY(snapMu_)
};

class MemberCore final : public RecipeBase, public std::enable_shared_from_this<MemberCore> {
public:
    MemberCore(std::shared_ptr<SessionCore> session, std::string path, std::string id, std::string data)
        : RecipeBase(session, path),
          id_(std::move(id)),
          data_(std::move(data)),
          view_(MembershipCore::make(session, path_)) {}

    static std::shared_ptr<MemberCore> make(std::shared_ptr<SessionCore> session, std::string path, std::string id,
                                            std::string data) {
        auto core = std::make_shared<MemberCore>(session, std::move(path), std::move(id), std::move(data));
        session->post([core] { core->session_->addObserver(core); });
        return core;
    }

    MembershipCore& view() { return *view_; }

    Members currentMembers() const {
        Members m = view_->members();
        std::lock_guard lock(snapMu_);
        if (!m.count(id_)) m[id_] = shownData_;
        return m;
    }
    void setMembersListener(std::function<void(const Members&)> listener) {
        std::weak_ptr<MemberCore> weak = shared_from_this();
        view_->setMembersListener([weak, listener](const Members&) {
            if (auto self = weak.lock(); self && listener) listener(self->currentMembers());
        });
    }

    void start() {
        auto self = shared_from_this();
        onLoop([self] {
            if (self->started_) return;
            self->started_ = true;
            if (auto misuse = self->pathMisuse()) return self->fail(*misuse);
            if (self->id_.empty() || self->id_.find('/') != std::string::npos || self->id_ == "." || self->id_ == "..")
                return self->fail(status(Code::Misuse, "the member id '" + self->id_ + "' cannot be a node name"));
            self->view_->start();
            self->setState(State::Waiting);
            self->join(++self->generation_);
        });
    }
    void close() {
        auto self = shared_from_this();
        onLoop([self] { self->doClose(status(Code::Closed, "the group member was closed")); });
        view_->stop();
    }
    void shutdown() {
        detachListeners();
        auto self = shared_from_this();
        onLoop([self] {
            self->doClose(status(Code::Cancelled, "the group member object was destroyed"));
            self->session_->removeObserver(self.get());
        });
        view_->shutdown();
    }
    void setData(std::string data) {
        auto self = shared_from_this();
        onLoop([self, data = std::move(data)] {
            self->data_ = data;
            {
                std::lock_guard lock(self->snapMu_);
                self->shownData_ = data;
            }
            if (self->joined_) self->session_->setData(self->nodePath(), data, -1, [](Result<proto::Stat>) {});
        });
    }
    void awaitJoined(Timeout timeout, Callback<Empty> done) {
        auto self = shared_from_this();
        onLoop<Empty>(
            [self, timeout, done] {
                if (self->joined_) return done(Result<Empty>{});
                if (self->closed_) return done(withStatus<Empty>(status(Code::Closed, "the group member is closed")));
                if (self->loopState() == State::Failed || self->loopState() == State::Lost)
                    return done(withStatus<Empty>(self->lastError()));
                const uint64_t key = ++self->nextAwait_;
                std::weak_ptr<MemberCore> weak = self;
                self->awaiters_[key].start(*self->session_, timeout, done, [weak, key, timeout] {
                    auto s = weak.lock();
                    if (!s) return;
                    auto it = s->awaiters_.find(key);
                    if (it == s->awaiters_.end()) return;
                    PendingCall<Empty> call = std::move(it->second);
                    s->awaiters_.erase(it);
                    call.fail(status(Code::TimedOut, "not a member of " + s->path_ + " within " +
                                                         std::to_string(timeout.count()) + " ms"));
                });
            },
            done);
    }
    void cancelAwaits() {
        auto self = shared_from_this();
        onLoop([self] { self->endAwaits(status(Code::Cancelled, "waiting to join was cancelled")); });
    }

    void onSessionState(client::SessionState s) override {
        using S = client::SessionState;
        if (!started_ || closed_ || loopState() == State::Failed) return;
        if (s == S::Suspended) {
            setState(State::Suspended);
        } else if (s == S::Reconnected) {
            setState(joined_ ? State::Held : State::Waiting);
            join(++generation_);  // our node may be gone, or another's may have gone
        } else if (client::isTerminal(s)) {
            joined_ = false;
            ++generation_;
            const Status lost = session_->statusFor(proto::Err::SessionExpired, "");
            setLastError(lost);
            setState(State::Lost);
            endAwaits(lost);
        }
    }
    void onSessionClosed() override {
        joined_ = false;
        closed_ = true;
        ++generation_;
        endAwaits(session_->closedStatus());
        setState(State::Idle);
    }

private:
    std::string nodePath() const { return childPath(path_, id_); }

    // Curator's PersistentNode, ephemeral: create; if ours exists, keep it;
    // if another session's exists, wait for it to go.
    void join(uint64_t gen) {
        auto self = shared_from_this();
        createEphemeral(session_, nodePath(), data_, proto::CreateMode::Container, [self, gen](Status s) {
            if (self->generation_ != gen || self->closed_) return;
            if (s.ok()) return self->joinedNode(gen);
            if (s.code == Code::ZooKeeper && s.err == proto::Err::NodeExists) return self->waitForOther(gen);
            if (s.code == Code::SessionLost || s.code == Code::Closed) return;
            self->fail(s);
        });
    }

    void joinedNode(uint64_t gen) {
        joined_ = true;
        setState(State::Held);
        endAwaits(Status{});
        // Our node may hold old data (found again after a lost reply).
        session_->setData(nodePath(), data_, -1, [](Result<proto::Stat>) {});
        watchOwn(gen);
    }

    void watchOwn(uint64_t gen) {
        std::weak_ptr<MemberCore> weak = shared_from_this();
        const auto id = session_->expectWatch(nodePath(), [weak, gen](proto::EventType type) {
            auto self = weak.lock();
            if (!self || self->generation_ != gen || self->closed_ || !self->joined_) return;
            if (type == proto::EventType::NodeDeleted) {
                spdlog::info("recipes: member node {} was deleted; creating it again", self->nodePath());
                self->joined_ = false;
                self->setState(State::Waiting);
                self->join(++self->generation_);
            } else {
                self->watchOwn(gen);
            }
        });
        auto self = shared_from_this();
        session_->exists(nodePath(), true, [self, gen, id](Result<std::optional<proto::Stat>> r) {
            if (self->generation_ != gen) return self->session_->cancelWatch(id);
            if (r.ok() && !r.value) {
                self->session_->cancelWatch(id);
                self->joined_ = false;
                self->join(++self->generation_);
            }
        });
    }

    void waitForOther(uint64_t gen) {
        spdlog::info("recipes: member id {} of {} is taken by another session; waiting for it to go", id_, path_);
        std::weak_ptr<MemberCore> weak = shared_from_this();
        const auto id = session_->expectWatch(nodePath(), [weak, gen](proto::EventType) {
            if (auto self = weak.lock(); self && self->generation_ == gen && !self->closed_) self->join(++self->generation_);
        });
        auto self = shared_from_this();
        session_->exists(nodePath(), true, [self, gen, id](Result<std::optional<proto::Stat>> r) {
            if (self->generation_ != gen) return self->session_->cancelWatch(id);
            if (r.ok() && !r.value) {
                self->session_->cancelWatch(id);
                self->join(++self->generation_);
            }
        });
    }

    void fail(const Status& s) {
        joined_ = false;
        ++generation_;
        setLastError(s);
        setState(State::Failed);
        endAwaits(s);
    }

    void doClose(const Status& why) {
        if (closed_) return;
        closed_ = true;
        ++generation_;
        if (joined_) session_->remove(nodePath(), -1, [](Status) {});
        joined_ = false;
        endAwaits(why);
        setState(State::Idle);
    }

    void endAwaits(const Status& s) {
        auto all = std::move(awaiters_);
        awaiters_.clear();
        for (auto& [key, call] : all) {
            if (s.ok()) call.finish(Result<Empty>{});
            else call.fail(s);
        }
    }

    const std::string id_;
    std::string data_;  // recipe thread
    const std::shared_ptr<MembershipCore> view_;

    // recipe thread
    bool started_ = false;
    bool closed_ = false;
    bool joined_ = false;
    uint64_t generation_ = 0;
    uint64_t nextAwait_ = 0;
    std::map<uint64_t, PendingCall<Empty>> awaiters_;

    mutable std::mutex snapMu_;
    std::string shownData_ = data_;  // GUARDED_BY(snapMu_)
};

}  // namespace detail

// ------------------------------------------------------------ GroupView

GroupView::GroupView(Session& session, std::string path)
    : core_(detail::MembershipCore::make(session.core_, std::move(path))) {}
GroupView::~GroupView() { core_->shutdown(); }
void GroupView::start() { core_->start(); }
void GroupView::close() { core_->stop(); }
Members GroupView::members() const { return core_->members(); }
State GroupView::state() const { return core_->state(); }
void GroupView::setMembersListener(std::function<void(const Members&)> listener) {
    core_->setMembersListener(std::move(listener));
}
void GroupView::setStateListener(StateListener listener) { core_->setStateListener(std::move(listener)); }
Result<Members> GroupView::awaitMembers(Timeout timeout, std::stop_token stop) {
    return detail::waitForCall<Members>(
        *core_->sessionCore(), [&](Callback<Members> cb) { core_->awaitMembers(timeout, std::move(cb)); },
        [&] { core_->cancelAwaits(); }, std::move(stop));
}

// ------------------------------------------------------------ GroupMember

GroupMember::GroupMember(Session& session, std::string path, std::string id, std::string data)
    : core_(detail::MemberCore::make(session.core_, std::move(path), std::move(id), std::move(data))) {}
GroupMember::~GroupMember() { core_->shutdown(); }
void GroupMember::start() { core_->start(); }
void GroupMember::close() { core_->close(); }
void GroupMember::setData(std::string data) { core_->setData(std::move(data)); }
Members GroupMember::currentMembers() const { return core_->currentMembers(); }
State GroupMember::state() const { return core_->state(); }
Status GroupMember::lastError() const { return core_->lastError(); }
void GroupMember::setMembersListener(std::function<void(const Members&)> listener) {
    core_->setMembersListener(std::move(listener));
}
void GroupMember::setStateListener(StateListener listener) { core_->setStateListener(std::move(listener)); }
Status GroupMember::awaitJoined(Timeout timeout, std::stop_token stop) {
    return detail::waitForCall<Empty>(
        *core_->sessionCore(), [&](Callback<Empty> cb) { core_->awaitJoined(timeout, std::move(cb)); },
        [&] { core_->cancelAwaits(); }, std::move(stop));
}

}  // namespace zooscope::recipes
