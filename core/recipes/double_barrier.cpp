// DoubleBarrier: Curator DistributedDoubleBarrier's layout and algorithm
// (members "<path>/<uuid>", ephemeral; "<path>/ready", persistent).
#include <spdlog/spdlog.h>

#include <algorithm>

#include "recipes/layout.h"
#include "recipes/recipe_base.h"

namespace zooscope::recipes {

namespace detail {

namespace {
constexpr const char* kReady = "ready";
}  // namespace

class BarrierCore final : public RecipeBase {
public:
    BarrierCore(std::shared_ptr<SessionCore> session, std::string path, int memberCount, std::string identity)
        : RecipeBase(std::move(session), std::move(path)),
          memberCount_(memberCount),
          identity_(identity.empty() ? defaultIdentity() : std::move(identity)),
          readyPath_(path_ + "/" + kReady) {}

    static std::shared_ptr<BarrierCore> make(std::shared_ptr<SessionCore> session, std::string path, int memberCount,
                                             std::string identity) {
        auto core = std::make_shared<BarrierCore>(session, std::move(path), memberCount, std::move(identity));
        session->post([core] { core->session_->addObserver(core); });
        return core;
    }

    std::string ourPath() const {
        std::lock_guard lock(snapMu_);
        return shownPath_;
    }

    void enter(Timeout timeout, Callback<Empty> done) {
        auto self = selfAs<BarrierCore>();
        onLoop<Empty>([self, timeout, done] { self->startEnter(timeout, done); }, done);
    }
    void leave(Timeout timeout, Callback<Empty> done) {
        auto self = selfAs<BarrierCore>();
        onLoop<Empty>([self, timeout, done] { self->startLeave(timeout, done); }, done);
    }
    void cancel() {
        auto self = selfAs<BarrierCore>();
        onLoop([self] {
            self->failWait(status(Code::Cancelled, "waiting at the barrier " + self->path_ + " was cancelled"));
        });
    }
    void shutdown() {
        detachListeners();
        auto self = selfAs<BarrierCore>();
        onLoop([self] {
            self->failWait(status(Code::Cancelled, "the barrier object was destroyed"));
            self->dropOurNode();
            self->phase_ = Phase::Idle;
            self->session_->removeObserver(self.get());
        });
    }

    void onSessionState(client::SessionState s) override {
        using S = client::SessionState;
        if (phase_ == Phase::Idle) return;
        if (s == S::Suspended) {
            setState(State::Suspended);
        } else if (s == S::Reconnected || s == S::Connected) {  // (Connected: a late first connection)
            if (phase_ == Phase::Entered) return setState(State::Held);
            setState(State::Waiting);
            // Look again (new watches) unless our create is still in flight:
            // it retries by itself and goes on from there.
            if (phase_ == Phase::Entering && created_)
                recheckEntering(++generation_);
            else if (phase_ == Phase::Leaving)
                leaveStep(++generation_);
        } else if (client::isTerminal(s)) {
            const Status lost = session_->statusFor(proto::Err::SessionExpired, "");
            ++generation_;
            phase_ = Phase::Idle;
            ourName_.clear();
            publish();
            setLastError(lost);
            setState(State::Lost);
            pending_.fail(lost);
        }
    }
    void onSessionClosed() override {
        ++generation_;
        phase_ = Phase::Idle;
        ourName_.clear();
        publish();
        setState(State::Idle);
        pending_.fail(session_->closedStatus());
    }

private:
    enum class Phase { Idle, Entering, Entered, Leaving };

    void publish() {
        std::lock_guard lock(snapMu_);
        shownPath_ = ourName_.empty() ? std::string() : childPath(path_, ourName_);
    }

    bool begin(Timeout timeout, const Callback<Empty>& done, const char* what) {
        const uint64_t gen = ++generation_;
        std::weak_ptr<BarrierCore> weak = selfAs<BarrierCore>();
        pending_.start(*session_, timeout, done, [weak, gen, timeout, what] {
            if (auto self = weak.lock(); self && self->generation_ >= gen && self->pending_.active())
                self->failWait(status(Code::TimedOut, std::string(what) + " the barrier " + self->path_ +
                                                          " took longer than " + std::to_string(timeout.count()) +
                                                          " ms"));
        });
        setState(session_->connected() ? State::Waiting : State::Suspended);
        return true;
    }

    void startEnter(Timeout timeout, const Callback<Empty>& done) {
        if (auto misuse = pathMisuse()) return done(withStatus<Empty>(*misuse));
        if (memberCount_ < 1)
            return done(withStatus<Empty>(status(Code::Misuse, "a barrier needs at least one member")));
        if (session_->terminal()) return done(withStatus<Empty>(session_->statusFor(proto::Err::SessionExpired, "")));
        if (phase_ != Phase::Idle)
            return done(withStatus<Empty>(status(Code::Misuse, "this barrier object has already entered " + path_)));
        phase_ = Phase::Entering;
        created_ = false;
        ourName_ = layout::newUuid();
        publish();
        begin(timeout, done, "entering");
        const uint64_t gen = generation_;
        auto self = selfAs<BarrierCore>();
        watchReady(gen, [self, gen](bool readyExisted) {
            createEphemeral(self->session_, childPath(self->path_, self->ourName_), self->identity_,
                            proto::CreateMode::Container, [self, gen, readyExisted](Status s) {
                                if (self->generation_ != gen) return;
                                if (!s.ok()) return self->failWait(s);
                                self->created_ = true;
                                if (readyExisted) return self->entered();
                                self->countMembers(gen);
                            });
        });
    }

    // exists(ready) with a watch; next(exists) unless the attempt is stale.
    void watchReady(uint64_t gen, std::function<void(bool)> next) {
        std::weak_ptr<BarrierCore> weak = selfAs<BarrierCore>();
        const auto id = session_->expectWatch(readyPath_, [weak, gen](proto::EventType) {
            auto self = weak.lock();
            if (!self || self->generation_ != gen || self->phase_ != Phase::Entering || !self->created_) return;
            self->recheckEntering(gen);
        });
        auto self = selfAs<BarrierCore>();
        session_->exists(readyPath_, true, [self, gen, id, next](Result<std::optional<proto::Stat>> r) {
            if (self->generation_ != gen) return self->session_->cancelWatch(id);
            if (!r.ok()) {
                self->session_->cancelWatch(id);
                return self->failWait(r);
            }
            next(r.value.has_value());
        });
    }

    // "ready" there (with a new watch): in; else count the members.
    void recheckEntering(uint64_t gen) {
        auto self = selfAs<BarrierCore>();
        watchReady(gen, [self, gen](bool exists) {
            if (exists)
                self->entered();
            else
                self->countMembers(gen);
        });
    }

    // Curator's enter: every child counts; enough of them: create "ready".
    void countMembers(uint64_t gen) {
        auto self = selfAs<BarrierCore>();
        session_->getChildren(path_, false, [self, gen](Result<std::vector<std::string>> r) {
            if (self->generation_ != gen || self->phase_ != Phase::Entering) return;
            if (!r.ok()) return self->failWait(r);
            if (auto junk = self->junkChild(r.value)) return self->failWait(*junk);
            if (std::find(r.value.begin(), r.value.end(), kReady) != r.value.end()) return self->entered();
            if (static_cast<int>(r.value.size()) < self->memberCount_) return;  // the ready watch wakes us
            self->session_->create(self->readyPath_, "", proto::CreateMode::Persistent, proto::CreateMode::Container,
                                   [self, gen](client::Result<client::Created> c) {
                                       if (self->generation_ != gen) return;
                                       if (c.ok() || c.err == proto::Err::NodeExists) return self->entered();
                                       // A lost reply: look again once back.
                                       if (c.err == proto::Err::ConnectionLoss) return;
                                       self->failWait(self->session_->statusFor(c.err, c.message));
                                   });
        });
    }

    std::optional<Status> junkChild(const std::vector<std::string>& children) const {
        for (const std::string& c : children) {
            if (c != kReady && !layout::isUuid(c))
                return status(Code::DamagedLayout,
                              "the barrier " + path_ + " has a child '" + c +
                                  "' that is not a member node (a UUID) nor 'ready'; Curator would "
                                  "count it as a member");
        }
        return std::nullopt;
    }

    void entered() {
        if (phase_ != Phase::Entering) return;
        ++generation_;
        phase_ = Phase::Entered;
        setState(State::Held);
        pending_.finish(Result<Empty>{});
    }

    void startLeave(Timeout timeout, const Callback<Empty>& done) {
        if (phase_ != Phase::Entered)
            return done(withStatus<Empty>(status(Code::Misuse, "this barrier object has not entered " + path_)));
        phase_ = Phase::Leaving;
        ourShouldExist_ = true;
        begin(timeout, done, "leaving");
        leaveStep(generation_);
    }

    // Curator's leave loop.
    void leaveStep(uint64_t gen) {
        auto self = selfAs<BarrierCore>();
        session_->getChildren(path_, false, [self, gen](Result<std::vector<std::string>> r) {
            if (self->generation_ != gen || self->phase_ != Phase::Leaving) return;
            if (!r.ok() && r.err != proto::Err::NoNode) return self->failWait(r);
            if (auto junk = self->junkChild(r.value)) return self->failWait(*junk);
            std::vector<std::string> members;
            for (const std::string& c : r.value)
                if (c != kReady) members.push_back(c);
            std::sort(members.begin(), members.end());
            if (members.empty()) return self->left(gen);
            const auto it = std::find(members.begin(), members.end(), self->ourName_);
            if (it == members.end() && self->ourShouldExist_)
                return self->failWait(status(Code::SessionLost, "our member node " +
                                                                    childPath(self->path_, self->ourName_) +
                                                                    " vanished while leaving the barrier"));
            if (members.size() == 1) {
                if (self->ourShouldExist_) self->deleteOurs();
                return self->left(gen);
            }
            const bool lowest = it == members.begin();
            const std::string watched = childPath(self->path_, lowest ? members.back() : members.front());
            const auto id =
                self->session_->expectWatch(watched, [weak = std::weak_ptr<BarrierCore>(self), gen](proto::EventType) {
                    if (auto s = weak.lock(); s && s->generation_ == gen && s->phase_ == Phase::Leaving)
                        s->leaveStep(gen);
                });
            self->session_->exists(watched, true, [self, gen, id](Result<std::optional<proto::Stat>> e) {
                if (self->generation_ != gen) return self->session_->cancelWatch(id);
                if (!e.ok()) {
                    self->session_->cancelWatch(id);
                    return self->failWait(e);
                }
                if (!e.value) {
                    self->session_->cancelWatch(id);
                    self->leaveStep(gen);
                }
            });
            if (!lowest && self->ourShouldExist_) self->deleteOurs();
        });
    }

    void deleteOurs() {
        ourShouldExist_ = false;
        session_->remove(childPath(path_, ourName_), -1, [](Status) {});
    }

    void left(uint64_t gen) {
        auto self = selfAs<BarrierCore>();
        session_->remove(readyPath_, -1, [self, gen](Status s) {
            if (self->generation_ != gen) return;
            ++self->generation_;
            self->phase_ = Phase::Idle;
            self->ourName_.clear();
            self->publish();
            self->setState(State::Idle);
            if (s.ok())
                self->pending_.finish(Result<Empty>{});
            else
                self->pending_.fail(s);
        });
    }

    void dropOurNode() {
        if (!ourName_.empty() && (phase_ != Phase::Leaving || ourShouldExist_))
            session_->remove(childPath(path_, ourName_), -1, [](Status) {});
        ourName_.clear();
        publish();
    }

    // Ends a pending enter/leave: our node goes, the object is Idle.
    void failWait(const Status& s) {
        if (!pending_.active()) return;
        ++generation_;
        dropOurNode();
        phase_ = Phase::Idle;
        setLastError(s);
        setState(s.code == Code::SessionLost ? State::Lost : State::Idle);
        pending_.fail(s);
    }

    const int memberCount_;
    const std::string identity_;
    const std::string readyPath_;

    // recipe thread
    Phase phase_ = Phase::Idle;
    std::string ourName_;
    bool created_ = false;
    bool ourShouldExist_ = true;
    uint64_t generation_ = 0;
    PendingCall<Empty> pending_;

    mutable std::mutex snapMu_;
    std::string shownPath_;  // GUARDED_BY(snapMu_)
};

}  // namespace detail

DoubleBarrier::DoubleBarrier(Session& session, std::string path, int memberCount, std::string identity)
    : core_(detail::BarrierCore::make(session.core_, std::move(path), memberCount, std::move(identity))) {}

DoubleBarrier::~DoubleBarrier() { core_->shutdown(); }

void DoubleBarrier::enterAsync(Timeout timeout, Callback<Empty> done) { core_->enter(timeout, std::move(done)); }

Status DoubleBarrier::enter(Timeout timeout, std::stop_token stop) {
    return detail::waitForCall<Empty>(
        *core_->sessionCore(), [&](Callback<Empty> cb) { core_->enter(timeout, std::move(cb)); },
        [&] { core_->cancel(); }, std::move(stop));
}

void DoubleBarrier::leaveAsync(Timeout timeout, Callback<Empty> done) { core_->leave(timeout, std::move(done)); }

Status DoubleBarrier::leave(Timeout timeout, std::stop_token stop) {
    return detail::waitForCall<Empty>(
        *core_->sessionCore(), [&](Callback<Empty> cb) { core_->leave(timeout, std::move(cb)); },
        [&] { core_->cancel(); }, std::move(stop));
}

void DoubleBarrier::cancel() { core_->cancel(); }
State DoubleBarrier::state() const { return core_->state(); }
std::string DoubleBarrier::ourPath() const { return core_->ourPath(); }
void DoubleBarrier::setStateListener(StateListener listener) { core_->setStateListener(std::move(listener)); }

}  // namespace zooscope::recipes
