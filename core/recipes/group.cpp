// GroupView (the children of a path and their data, followed) and
// GroupMember (Curator GroupMember: an ephemeral "<path>/<id>" plus the view).
#include <spdlog/spdlog.h>

#include <set>

#include "recipes/follower.h"

namespace zooscope::recipes {

namespace detail {

class MembershipCore final : public FollowerCore<Members> {
public:
    MembershipCore(std::shared_ptr<SessionCore> session, std::string path)
        : FollowerCore<Members>(std::move(session), path, "the members of " + path) {}

    static std::shared_ptr<MembershipCore> make(std::shared_ptr<SessionCore> session, std::string path) {
        auto core = std::make_shared<MembershipCore>(session, std::move(path));
        session->post([core] { core->session_->addObserver(core); });
        return core;
    }

    Members members() const { return latest().value_or(Members{}); }

private:
    // Lists the children (child watch) and reads the new ones (data watch
    // each); a missing path is watched for its creation.
    void refresh(uint64_t gen) override {
        std::weak_ptr<MembershipCore> weak = selfAs<MembershipCore>();
        const auto id = session_->expectWatch(path_, [weak, gen](proto::EventType) {
            if (auto self = weak.lock(); self && self->current(gen)) self->refresh(self->nextGeneration());
        });
        auto self = selfAs<MembershipCore>();
        session_->getChildren(path_, true, [self, gen, id](Result<std::vector<std::string>> r) {
            if (!self->current(gen)) return self->session_->cancelWatch(id);
            if (r.err == proto::Err::NoNode) {
                // exists() leaves a watch for the creation; the same handler lists again.
                self->session_->exists(self->path_, true, [self, gen](Result<std::optional<proto::Stat>> e) {
                    if (!self->current(gen)) return;
                    if (e.ok() && e.value) return self->refresh(self->nextGeneration());
                    self->members_.clear();
                    self->readData_.clear();
                    self->publish(self->members_);
                });
                return;
            }
            if (!r.ok()) {
                self->session_->cancelWatch(id);
                if (r.code == Code::SessionLost || r.code == Code::Closed) return;
                return self->fail(r);
            }
            const std::set<std::string> now(r.value.begin(), r.value.end());
            std::erase_if(self->members_, [&now](const auto& m) { return !now.count(m.first); });
            std::erase_if(self->readData_, [&now](const std::string& n) { return !now.count(n); });
            size_t fresh = 0;
            for (const std::string& name : now) {
                if (self->readData_.count(name)) continue;
                self->readData_.insert(name);
                ++fresh;
                self->readMember(name, gen, true);
            }
            self->outstanding_ = fresh;
            if (fresh == 0) self->publish(self->members_);
        });
    }

    // getData with a watch; `initial`: part of a listing (publish once all are in).
    void readMember(const std::string& name, uint64_t gen, bool initial) {
        const std::string full = childPath(path_, name);
        std::weak_ptr<MembershipCore> weak = selfAs<MembershipCore>();
        const uint64_t memberGen = memberGen_;
        const auto id = session_->expectWatch(full, [weak, name, memberGen](proto::EventType type) {
            auto self = weak.lock();
            if (!self || !self->running() || self->memberGen_ != memberGen || !self->readData_.count(name)) return;
            if (type == proto::EventType::NodeDeleted) {
                self->readData_.erase(name);
                if (self->members_.erase(name)) self->publish(self->members_);
                return;
            }
            self->readMember(name, self->generation(), false);
        });
        auto self = selfAs<MembershipCore>();
        session_->getData(full, true, [self, name, gen, initial, id](Result<client::NodeData> r) {
            if (!self->running()) return self->session_->cancelWatch(id);
            if (r.ok()) {
                self->members_[name] = r.value.data;
            } else {
                self->session_->cancelWatch(id);
                self->members_.erase(name);
                self->readData_.erase(name);
            }
            if (!initial) return self->publish(self->members_);
            if (self->generation() == gen && self->outstanding_ > 0 && --self->outstanding_ == 0)
                self->publish(self->members_);
        });
    }

    // Member watches of a stopped view go quiet.
    void onHalt() override { ++memberGen_; }

    // recipe thread
    uint64_t memberGen_ = 0;
    size_t outstanding_ = 0;
    Members members_;
    std::set<std::string> readData_;  // children whose data is read (and watched)
};

class MemberCore final : public RecipeBase {
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
        std::weak_ptr<MemberCore> weak = selfAs<MemberCore>();
        view_->setListener([weak, listener](const Members&) {
            if (auto self = weak.lock(); self && listener) listener(self->currentMembers());
        });
    }

    void start() {
        auto self = selfAs<MemberCore>();
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
        auto self = selfAs<MemberCore>();
        onLoop([self] { self->doClose(status(Code::Closed, "the group member was closed")); });
        view_->stop(status(Code::Closed, "the group member was closed"));
    }
    void shutdown() {
        detachListeners();
        auto self = selfAs<MemberCore>();
        onLoop([self] {
            self->doClose(status(Code::Cancelled, "the group member object was destroyed"));
            self->session_->removeObserver(self.get());
        });
        view_->shutdown(status(Code::Cancelled, "the group member object was destroyed"));
    }
    void setData(std::string data) {
        auto self = selfAs<MemberCore>();
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
        auto self = selfAs<MemberCore>();
        onLoop<Empty>(
            [self, timeout, done] {
                self->awaitOrQueue(self->awaiters_, self->joined_, self->closed_, "the group member is closed", timeout,
                                   done, "not a member of " + self->path_);
            },
            done);
    }
    void cancelAwaits() {
        auto self = selfAs<MemberCore>();
        onLoop([self] { self->awaiters_.endAll(status(Code::Cancelled, "waiting to join was cancelled")); });
    }

    void onSessionState(client::SessionState s) override {
        using S = client::SessionState;
        if (!started_ || closed_ || loopState() == State::Failed) return;
        if (s == S::Suspended) {
            setState(State::Suspended);
        } else if (s == S::Reconnected || s == S::Connected) {  // (Connected: a late first connection)
            setState(joined_ ? State::Held : State::Waiting);
            join(++generation_);  // our node may be gone, or another's may have gone
        } else if (client::isTerminal(s)) {
            joined_ = false;
            ++generation_;
            const Status lost = session_->statusFor(proto::Err::SessionExpired, "");
            setLastError(lost);
            setState(State::Lost);
            awaiters_.endAll(lost);
        }
    }
    void onSessionClosed() override {
        joined_ = false;
        closed_ = true;
        ++generation_;
        awaiters_.endAll(session_->closedStatus());
        setState(State::Idle);
    }

private:
    std::string nodePath() const { return childPath(path_, id_); }

    // Curator's PersistentNode, ephemeral: create; if ours exists, keep it;
    // if another session's exists, wait for it to go.
    void join(uint64_t gen) {
        auto self = selfAs<MemberCore>();
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
        awaiters_.endAll(Status{});
        // Our node may hold old data (found again after a lost reply).
        session_->setData(nodePath(), data_, -1, [](Result<proto::Stat>) {});
        watchOwn(gen);
    }

    void watchOwn(uint64_t gen) {
        std::weak_ptr<MemberCore> weak = selfAs<MemberCore>();
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
        auto self = selfAs<MemberCore>();
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
        std::weak_ptr<MemberCore> weak = selfAs<MemberCore>();
        const auto id = session_->expectWatch(nodePath(), [weak, gen](proto::EventType) {
            if (auto self = weak.lock(); self && self->generation_ == gen && !self->closed_)
                self->join(++self->generation_);
        });
        auto self = selfAs<MemberCore>();
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
        awaiters_.endAll(s);
    }

    void doClose(const Status& why) {
        if (closed_) return;
        closed_ = true;
        ++generation_;
        if (joined_) session_->remove(nodePath(), -1, [](Status) {});
        joined_ = false;
        awaiters_.endAll(why);
        setState(State::Idle);
    }

    const std::string id_;
    std::string data_;  // recipe thread
    const std::shared_ptr<MembershipCore> view_;

    // recipe thread
    bool started_ = false;
    bool closed_ = false;
    bool joined_ = false;
    uint64_t generation_ = 0;
    Awaiters<Empty> awaiters_;

    mutable std::mutex snapMu_;
    std::string shownData_ = data_;  // GUARDED_BY(snapMu_)
};

}  // namespace detail

// ------------------------------------------------------------ GroupView

GroupView::GroupView(Session& session, std::string path)
    : core_(detail::MembershipCore::make(session.core_, std::move(path))) {}
GroupView::~GroupView() { core_->shutdown(detail::status(Code::Cancelled, "the group view was destroyed")); }
void GroupView::start() { core_->start(); }
void GroupView::close() { core_->stop(detail::status(Code::Closed, "the group view was closed")); }
Members GroupView::members() const { return core_->members(); }
State GroupView::state() const { return core_->state(); }
void GroupView::setMembersListener(std::function<void(const Members&)> listener) {
    core_->setListener(std::move(listener));
}
void GroupView::setStateListener(StateListener listener) { core_->setStateListener(std::move(listener)); }
Result<Members> GroupView::awaitMembers(Timeout timeout, std::stop_token stop) {
    return detail::waitForCall<Members>(
        *core_->sessionCore(), [&](Callback<Members> cb) { core_->awaitFirst(timeout, std::move(cb)); },
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
