// Semaphore: Curator InterProcessSemaphoreV2's layout and algorithm. A lease
// is taken while holding the Curator mutex "<path>/locks": create
// "leases/_c_<uuid>-lease-<seq>", then count the children of leases/ until
// there are at most maxLeases, then give the mutex back.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "recipes/lock_core.h"

namespace zooscope::recipes {

namespace detail {

class SemaphoreCore final : public RecipeBase {
public:
    SemaphoreCore(std::shared_ptr<SessionCore> session, std::string path, int maxLeases, std::string identity)
        : RecipeBase(session, path),
          maxLeases_(maxLeases),
          identity_(identity.empty() ? defaultIdentity() : std::move(identity)),
          leasesPath_(path_ + "/leases"),
          mutex_(LockCore::make(session, path_ + "/locks", layout::Scheme::CuratorMutex, identity_)) {}

    static std::shared_ptr<SemaphoreCore> make(std::shared_ptr<SessionCore> session, std::string path, int maxLeases,
                                               std::string identity) {
        auto core = std::make_shared<SemaphoreCore>(session, std::move(path), maxLeases, std::move(identity));
        session->post([core] { core->session_->addObserver(core); });
        return core;
    }

    int maxLeases() const { return maxLeases_; }
    std::vector<std::string> leases() const {
        std::lock_guard lock(snapMu_);
        return shownLeases_;
    }

    void acquire(Timeout timeout, Callback<std::string> done) {
        auto self = selfAs<SemaphoreCore>();
        onLoop<std::string>([self, timeout, done] { self->startAcquire(timeout, done); }, done);
    }
    void release(const std::string& lease, Callback<Empty> done) {
        auto self = selfAs<SemaphoreCore>();
        onLoop<Empty>([self, lease, done] { self->doRelease(lease, done); }, done);
    }
    void cancel() {
        auto self = selfAs<SemaphoreCore>();
        onLoop([self] {
            self->failAcquire(status(Code::Cancelled, "acquiring a lease of " + self->path_ + " was cancelled"));
        });
    }
    void shutdown() {
        detachListeners();
        auto self = selfAs<SemaphoreCore>();
        onLoop([self] {
            self->failAcquire(status(Code::Cancelled, "the semaphore object was destroyed"));
            for (const std::string& lease : self->leases_)
                self->session_->remove(childPath(self->leasesPath_, lease), -1, [](Status) {});
            self->leases_.clear();
            self->publish();
            self->session_->removeObserver(self.get());
        });
        mutex_->shutdown();
    }
    void participants(Callback<std::vector<std::string>> done) {
        auto self = selfAs<SemaphoreCore>();
        onLoop<std::vector<std::string>>(
            [self, done] {
                self->session_->getChildren(self->leasesPath_, false, [done](Result<std::vector<std::string>> r) {
                    if (r.err == proto::Err::NoNode) return done(Result<std::vector<std::string>>{});
                    done(std::move(r));
                });
            },
            done);
    }

    void onSessionState(client::SessionState s) override {
        using S = client::SessionState;
        const bool busy = pending_.active() || !leases_.empty();
        if (s == S::Suspended) {
            if (busy) setState(State::Suspended);
        } else if (s == S::Reconnected || s == S::Connected) {  // (Connected: a late first connection)
            if (!leases_.empty())
                confirmLeases();
            else if (pending_.active())
                setState(State::Waiting);
        } else if (client::isTerminal(s)) {
            if (!busy) return;
            const Status lost = session_->statusFor(proto::Err::SessionExpired, "");
            failAcquire(lost);
            leases_.clear();
            publish();
            setLastError(lost);
            setState(State::Lost);
        }
    }
    void onSessionClosed() override {
        failAcquire(session_->closedStatus());
        leases_.clear();
        publish();
        setState(State::Idle);
    }

private:
    void publish() {
        std::lock_guard lock(snapMu_);
        shownLeases_ = leases_;
    }

    void startAcquire(Timeout timeout, const Callback<std::string>& done) {
        if (auto misuse = pathMisuse()) return done(withStatus<std::string>(*misuse));
        if (maxLeases_ < 1)
            return done(withStatus<std::string>(status(Code::Misuse, "a semaphore needs at least one lease")));
        if (session_->terminal())
            return done(withStatus<std::string>(session_->statusFor(proto::Err::SessionExpired, "")));
        if (pending_.active())
            return done(withStatus<std::string>(
                status(Code::Misuse, "an acquire of a lease of " + path_ + " is already pending")));
        const uint64_t attempt = ++attempt_;
        std::weak_ptr<SemaphoreCore> weak = selfAs<SemaphoreCore>();
        pending_.start(*session_, timeout, done, [weak, attempt, timeout] {
            if (auto self = weak.lock(); self && self->attempt_ == attempt)
                self->failAcquire(status(Code::TimedOut, "no lease of " + self->path_ + " within " +
                                                             std::to_string(timeout.count()) + " ms"));
        });
        if (leases_.empty()) setState(session_->connected() ? State::Waiting : State::Suspended);
        auto self = selfAs<SemaphoreCore>();
        // The mutex serialises the lease takers, as in Curator.
        mutex_->acquire(timeout, [self, attempt](Result<Empty> r) {
            if (self->attempt_ != attempt) {
                if (r.ok()) self->mutex_->release([](Result<Empty>) {});
                return;
            }
            if (!r.ok()) return self->failAcquire(r);
            self->holdsMutex_ = true;
            self->createLease(attempt);
        });
    }

    void createLease(uint64_t attempt) {
        auto self = selfAs<SemaphoreCore>();
        createSequential(session_, leasesPath_, layout::curatorProtectedName(layout::newUuid(), layout::kLeaseMarker),
                         identity_, proto::CreateMode::Container, [self, attempt](Result<std::string> r) {
                             if (self->attempt_ != attempt) {
                                 if (r.ok())
                                     self->session_->remove(childPath(self->leasesPath_, r.value), -1, [](Status) {});
                                 return;
                             }
                             if (!r.ok()) return self->failAcquire(r);
                             self->node_ = r.value;
                             self->count(attempt);
                         });
    }

    // Curator's loop: all children of leases/ count; at most maxLeases: ours.
    void count(uint64_t attempt) {
        const uint64_t seq = ++countSeq_;
        std::weak_ptr<SemaphoreCore> weak = selfAs<SemaphoreCore>();
        const auto id = session_->expectWatch(leasesPath_, [weak, attempt, seq](proto::EventType) {
            if (auto self = weak.lock(); self && self->attempt_ == attempt && self->countSeq_ == seq)
                self->count(attempt);
        });
        auto self = selfAs<SemaphoreCore>();
        session_->getChildren(leasesPath_, true, [self, attempt, seq, id](Result<std::vector<std::string>> r) {
            if (self->attempt_ != attempt || self->countSeq_ != seq) return self->session_->cancelWatch(id);
            if (!r.ok()) {
                self->session_->cancelWatch(id);
                return self->failAcquire(r);
            }
            const std::vector<std::string>& children = r.value;
            if (std::find(children.begin(), children.end(), self->node_) == children.end()) {
                self->session_->cancelWatch(id);
                spdlog::info("recipes: lease node {}/{} vanished while waiting; creating a new one", self->leasesPath_,
                             self->node_);
                self->node_.clear();
                return self->createLease(attempt);
            }
            if (static_cast<int>(children.size()) <= self->maxLeases_) {
                self->session_->cancelWatch(id);
                return self->becomeHolder();
            }
            for (const std::string& c : children) {
                if (!layout::isCuratorNode(c, layout::kLeaseMarker)) {
                    self->session_->cancelWatch(id);
                    return self->failAcquire(status(
                        Code::DamagedLayout, "cannot take a lease of " + self->path_ + ": child '" + c +
                                                 "' of leases/ is not a lease node, yet Curator counts it as a lease"));
                }
            }
            self->checkEphemeral(attempt, seq, id, children);
        });
    }

    // Waiting: a lease that is not ephemeral would never be given back.
    void checkEphemeral(uint64_t attempt, uint64_t seq, SessionCore::WatchId id,
                        const std::vector<std::string>& children) {
        auto self = selfAs<SemaphoreCore>();
        session_->childrenWithData(
            leasesPath_, children, [self, attempt, seq, id](Result<std::vector<client::ChildRow>> r) {
                if (self->attempt_ != attempt || self->countSeq_ != seq || !r.ok()) return;
                for (const client::ChildRow& row : r.value) {
                    if (row.err == proto::Err::Ok && row.stat.ephemeralOwner == 0) {
                        self->session_->cancelWatch(id);
                        return self->failAcquire(
                            status(Code::DamagedLayout,
                                   "cannot take a lease of " + self->path_ + ": the lease " +
                                       childPath(self->leasesPath_, row.name) +
                                       " is not ephemeral, so no session ending would ever give it back"));
                    }
                }
            });
    }

    void becomeHolder() {
        const std::string node = node_;
        node_.clear();
        leases_.push_back(node);
        publish();
        releaseMutex();
        ++attempt_;
        watchLease(node);
        setState(session_->connected() ? State::Held : State::Suspended);  // Reconnected confirms
        Result<std::string> r;
        r.value = node;
        pending_.finish(std::move(r));
    }

    void releaseMutex() {
        if (!holdsMutex_) return;
        holdsMutex_ = false;
        mutex_->release([](Result<Empty>) {});
    }

    // A held lease deleted behind our back is lost.
    void watchLease(const std::string& lease) {
        const std::string full = childPath(leasesPath_, lease);
        std::weak_ptr<SemaphoreCore> weak = selfAs<SemaphoreCore>();
        const auto id = session_->expectWatch(full, [weak, lease](proto::EventType type) {
            auto self = weak.lock();
            if (!self || std::find(self->leases_.begin(), self->leases_.end(), lease) == self->leases_.end()) return;
            if (type == proto::EventType::NodeDeleted)
                self->leaseLost(lease,
                                "the lease " + childPath(self->leasesPath_, lease) + " was deleted by someone else");
            else
                self->watchLease(lease);
        });
        auto self = selfAs<SemaphoreCore>();
        session_->exists(full, true, [self, lease, id](Result<std::optional<proto::Stat>> r) {
            if (std::find(self->leases_.begin(), self->leases_.end(), lease) == self->leases_.end())
                return self->session_->cancelWatch(id);
            if (r.ok() && !r.value) {
                self->session_->cancelWatch(id);
                self->leaseLost(lease, "the lease " + childPath(self->leasesPath_, lease) + " is gone");
            }
        });
    }

    void leaseLost(const std::string& lease, const std::string& why) {
        spdlog::warn("recipes: semaphore {}: {}", path_, why);
        std::erase(leases_, lease);
        publish();
        setLastError(status(Code::SessionLost, why));
        setState(State::Lost);
    }

    void confirmLeases() {
        auto self = selfAs<SemaphoreCore>();
        for (const std::string& lease : leases_) {
            session_->exists(childPath(leasesPath_, lease), false, [self, lease](Result<std::optional<proto::Stat>> r) {
                if (!r.ok() || std::find(self->leases_.begin(), self->leases_.end(), lease) == self->leases_.end())
                    return;
                if (r.value && r.value->ephemeralOwner == self->session_->sessionId()) {
                    if (self->loopState() == State::Suspended) self->setState(State::Held);
                } else {
                    self->leaseLost(
                        lease, "the lease " + childPath(self->leasesPath_, lease) + " did not survive the suspension");
                }
            });
        }
    }

    void failAcquire(const Status& s) {
        if (!pending_.active()) return;
        ++attempt_;
        if (!node_.empty()) session_->remove(childPath(leasesPath_, node_), -1, [](Status) {});
        node_.clear();
        releaseMutex();
        mutex_->cancel();
        setLastError(s);
        if (s.code == Code::SessionLost)
            setState(State::Lost);
        else if (leases_.empty())
            setState(State::Idle);
        pending_.fail(s);
    }

    void doRelease(const std::string& lease, const Callback<Empty>& done) {
        if (std::find(leases_.begin(), leases_.end(), lease) == leases_.end())
            return done(
                withStatus<Empty>(status(Code::Misuse, "'" + lease + "' is not a lease this semaphore object holds")));
        std::erase(leases_, lease);
        publish();
        if (leases_.empty() && !pending_.active()) setState(State::Idle);
        session_->remove(childPath(leasesPath_, lease), -1, [done](Status s) { done(withStatus<Empty>(s)); });
    }

    const int maxLeases_;
    const std::string identity_;
    const std::string leasesPath_;
    const std::shared_ptr<LockCore> mutex_;

    // recipe thread
    std::vector<std::string> leases_;
    std::string node_;  // the lease being acquired
    bool holdsMutex_ = false;
    uint64_t attempt_ = 0;
    uint64_t countSeq_ = 0;
    PendingCall<std::string> pending_;

    mutable std::mutex snapMu_;
    std::vector<std::string> shownLeases_;  // GUARDED_BY(snapMu_)
};

}  // namespace detail

Semaphore::Semaphore(Session& session, std::string path, int maxLeases, std::string identity)
    : core_(detail::SemaphoreCore::make(session.core_, std::move(path), maxLeases, std::move(identity))) {}

Semaphore::~Semaphore() { core_->shutdown(); }

void Semaphore::acquireAsync(Timeout timeout, Callback<std::string> done) { core_->acquire(timeout, std::move(done)); }

Result<std::string> Semaphore::acquire(Timeout timeout, std::stop_token stop) {
    return detail::waitForCall<std::string>(
        *core_->sessionCore(), [&](Callback<std::string> cb) { core_->acquire(timeout, std::move(cb)); },
        [&] { core_->cancel(); }, std::move(stop));
}

void Semaphore::releaseAsync(const std::string& lease, Callback<Empty> done) { core_->release(lease, std::move(done)); }

Status Semaphore::release(const std::string& lease, Timeout timeout) {
    return detail::waitForCall<Empty>(
        *core_->sessionCore(), [&](Callback<Empty> cb) { core_->release(lease, std::move(cb)); }, [] {}, {}, timeout);
}

void Semaphore::cancel() { core_->cancel(); }
State Semaphore::state() const { return core_->state(); }
std::vector<std::string> Semaphore::leases() const { return core_->leases(); }
int Semaphore::maxLeases() const { return core_->maxLeases(); }
void Semaphore::setStateListener(StateListener listener) { core_->setStateListener(std::move(listener)); }
void Semaphore::participantsAsync(Callback<std::vector<std::string>> done) { core_->participants(std::move(done)); }

}  // namespace zooscope::recipes
