// Lock and ReadWriteLock: one LockCore per lock side, driven by the layout's
// decide() (recipes/layout.h).
#include <spdlog/spdlog.h>

#include "recipes/lock_core.h"

namespace zooscope::recipes {

namespace detail {

LockCore::LockCore(std::shared_ptr<SessionCore> session, std::string path, layout::Scheme scheme, std::string identity,
                   std::weak_ptr<LockCore> writeSide)
    : RecipeBase(std::move(session), std::move(path)),
      scheme_(scheme),
      identity_(identity.empty() ? defaultIdentity() : std::move(identity)),
      writeSide_(std::move(writeSide)) {}

std::shared_ptr<LockCore> LockCore::make(std::shared_ptr<SessionCore> session, std::string path, layout::Scheme scheme,
                                         std::string identity, std::weak_ptr<LockCore> writeSide) {
    auto core = std::make_shared<LockCore>(session, std::move(path), scheme, std::move(identity), std::move(writeSide));
    session->post([core] { core->session_->addObserver(core); });
    return core;
}

int LockCore::holdCount() const {
    std::lock_guard lock(snapMu_);
    return shownCount_;
}
std::string LockCore::nodePath() const {
    std::lock_guard lock(snapMu_);
    return shownNode_;
}

void LockCore::acquire(Timeout timeout, Callback<Empty> done) {
    auto self = selfAs<LockCore>();
    onLoop<Empty>([self, timeout, done] { self->startAcquire(timeout, done); }, done);
}
void LockCore::release(Callback<Empty> done) {
    auto self = selfAs<LockCore>();
    onLoop<Empty>([self, done] { self->doRelease(done); }, done);
}
void LockCore::cancel() {
    auto self = selfAs<LockCore>();
    onLoop([self] {
        self->failAcquire(status(Code::Cancelled, "acquiring the lock on " + self->path_ + " was cancelled"));
    });
}
// The public object is going: give everything back.
void LockCore::shutdown() {
    detachListeners();
    auto self = selfAs<LockCore>();
    onLoop([self] {
        self->failAcquire(status(Code::Cancelled, "the lock object was destroyed"));
        if (self->phase_ == Phase::Held) {
            self->count_ = 1;
            self->doRelease([](Result<Empty>) {});
        }
        self->session_->removeObserver(self.get());
    });
}
void LockCore::contenders(Callback<std::vector<Contender>> done) {
    auto self = selfAs<LockCore>();
    onLoop<std::vector<Contender>>([self, done] { self->readContenders(done); }, done);
}

// ---- SessionObserver (recipe thread)
void LockCore::onSessionState(client::SessionState s) {
    using S = client::SessionState;
    if (s == S::Suspended) {
        if (phase_ != Phase::Idle) setState(State::Suspended);
    } else if (s == S::Reconnected || s == S::Connected) {  // (Connected: a late first connection)
        if (phase_ == Phase::Held) {
            confirmHeld();
        } else if (phase_ == Phase::Acquiring) {
            setState(State::Waiting);
            // Decide again: whatever changed while we were away.
            if (!node_.empty()) check(attempt_);
        }
    } else if (client::isTerminal(s)) {
        if (phase_ == Phase::Idle) return;
        const Status lost = session_->statusFor(proto::Err::SessionExpired, "");
        failAcquire(lost);
        becomeLost(lost.message);
    }
}
void LockCore::onSessionClosed() {
    failAcquire(session_->closedStatus());
    ++attempt_;
    phase_ = Phase::Idle;
    count_ = 0;
    node_.clear();
    publish();
    setState(State::Idle);
}

void LockCore::publish() {
    std::lock_guard lock(snapMu_);
    shownCount_ = count_;
    shownNode_ = node_.empty() ? std::string() : childPath(path_, node_);
}

std::string LockCore::newNodeName() const {
    switch (scheme_) {
    case layout::Scheme::CuratorMutex: return layout::curatorProtectedName(layout::newUuid(), layout::kMutexMarker);
    case layout::Scheme::CuratorLatch: return layout::curatorProtectedName(layout::newUuid(), layout::kLatchMarker);
    case layout::Scheme::CuratorRead: return layout::curatorProtectedName(layout::newUuid(), layout::kReadMarker);
    case layout::Scheme::CuratorWrite: return layout::curatorProtectedName(layout::newUuid(), layout::kWriteMarker);
    case layout::Scheme::KazooLock: return layout::kazooName(layout::newUuidHex(), layout::kKazooLockMarker);
    }
    return {};
}
// Curator makes missing parents as containers, kazoo as plain nodes.
proto::CreateMode LockCore::parentMode() const {
    return scheme_ == layout::Scheme::KazooLock ? proto::CreateMode::Persistent : proto::CreateMode::Container;
}

void LockCore::startAcquire(Timeout timeout, const Callback<Empty>& done) {
    if (auto misuse = pathMisuse()) return done(withStatus<Empty>(*misuse));
    if (session_->terminal()) return done(withStatus<Empty>(session_->statusFor(proto::Err::SessionExpired, "")));
    if (phase_ == Phase::Held) {
        ++count_;
        publish();
        return done(Result<Empty>{});
    }
    if (pending_.active())
        return done(
            withStatus<Empty>(status(Code::Misuse, "an acquire of the lock on " + path_ + " is already pending")));
    const uint64_t attempt = ++attempt_;
    phase_ = Phase::Acquiring;
    std::weak_ptr<LockCore> weak = selfAs<LockCore>();
    pending_.start(*session_, timeout, done, [weak, attempt, timeout] {
        if (auto self = weak.lock(); self && self->attempt_ == attempt)
            self->failAcquire(status(Code::TimedOut, "the lock on " + self->path_ + " was not acquired within " +
                                                         std::to_string(timeout.count()) + " ms"));
    });
    setState(session_->connected() ? State::Waiting : State::Suspended);
    createNode(attempt);
}

void LockCore::createNode(uint64_t attempt) {
    auto self = selfAs<LockCore>();
    createSequential(session_, path_, newNodeName(), identity_, parentMode(), [self, attempt](Result<std::string> r) {
        if (self->attempt_ != attempt) {
            // Given up meanwhile: the node is not wanted.
            if (r.ok()) self->session_->remove(childPath(self->path_, r.value), -1, [](Status) {});
            return;
        }
        if (!r.ok()) return self->failAcquire(r);
        self->node_ = r.value;
        self->publish();
        self->check(attempt);
    });
}

// Lists the children and decides: hold, wait for the predecessor, or fail.
void LockCore::check(uint64_t attempt) {
    const uint64_t seq = ++checkSeq_;
    auto self = selfAs<LockCore>();
    session_->getChildren(path_, false, [self, attempt, seq](Result<std::vector<std::string>> r) {
        if (self->attempt_ != attempt || self->checkSeq_ != seq || self->phase_ != Phase::Acquiring) return;
        if (!r.ok()) return self->failAcquire(r);
        bool ownsWrite = false;
        if (auto w = self->writeSide_.lock()) ownsWrite = w->heldOnLoop();
        const layout::Decision d = layout::decide(self->scheme_, r.value, self->node_, ownsWrite);
        switch (d.kind) {
        case layout::Decision::Kind::Holds: return self->becomeHeld(attempt);
        case layout::Decision::Kind::Waits: return self->watchPredecessor(attempt, seq, d.watch);
        case layout::Decision::Kind::Missing:
            // Our node went while we waited (deleted by someone): queue again.
            spdlog::info("recipes: lock node {}/{} vanished while waiting; creating a new one", self->path_,
                         self->node_);
            self->node_.clear();
            self->publish();
            return self->createNode(attempt);
        case layout::Decision::Kind::Damaged:
            return self->failAcquire(
                status(Code::DamagedLayout, "cannot take the lock on " + self->path_ + ": " + d.problem));
        }
    });
}

void LockCore::watchPredecessor(uint64_t attempt, uint64_t seq, const std::string& name) {
    const std::string watched = childPath(path_, name);
    std::weak_ptr<LockCore> weak = selfAs<LockCore>();
    const auto id = session_->expectWatch(watched, [weak, attempt, seq](proto::EventType) {
        if (auto self = weak.lock(); self && self->attempt_ == attempt && self->checkSeq_ == seq) self->check(attempt);
    });
    auto self = selfAs<LockCore>();
    // getData rather than exists: no watch is left behind when it is gone.
    session_->getData(watched, true, [self, attempt, seq, id, watched](Result<client::NodeData> r) {
        if (self->attempt_ != attempt || self->checkSeq_ != seq) return self->session_->cancelWatch(id);
        if (r.err == proto::Err::NoNode) {
            self->session_->cancelWatch(id);
            return self->check(attempt);
        }
        if (!r.ok()) {
            self->session_->cancelWatch(id);
            return self->failAcquire(r);
        }
        if (r.value.stat.ephemeralOwner == 0) {
            self->session_->cancelWatch(id);
            return self->failAcquire(
                status(Code::DamagedLayout, "cannot take the lock on " + self->path_ + ": the contender " + watched +
                                                " ahead of us is not ephemeral, so no session ending would ever "
                                                "remove it; delete it by hand if it is stale"));
        }
        // Wait for the watch.
    });
}

void LockCore::becomeHeld(uint64_t attempt) {
    phase_ = Phase::Held;
    count_ = 1;
    publish();
    watchOwnNode(attempt);
    // A decision that arrives after the connection dropped: held, but only
    // Reconnected (confirmHeld) may say so.
    setState(session_->connected() ? State::Held : State::Suspended);
    pending_.finish(Result<Empty>{});
}

// While held, a deletion of our node (by an admin, say) ends the hold.
void LockCore::watchOwnNode(uint64_t attempt) {
    const std::string own = childPath(path_, node_);
    std::weak_ptr<LockCore> weak = selfAs<LockCore>();
    const auto id = session_->expectWatch(own, [weak, attempt](proto::EventType type) {
        auto self = weak.lock();
        if (!self || self->attempt_ != attempt || self->phase_ != Phase::Held) return;
        if (type == proto::EventType::NodeDeleted)
            self->becomeLost("the lock node " + childPath(self->path_, self->node_) + " was deleted by someone else");
        else
            self->watchOwnNode(attempt);
    });
    auto self = selfAs<LockCore>();
    session_->exists(own, true, [self, attempt, id](Result<std::optional<proto::Stat>> r) {
        if (self->attempt_ != attempt || self->phase_ != Phase::Held) return self->session_->cancelWatch(id);
        if (r.ok() && !r.value) {
            self->session_->cancelWatch(id);
            self->becomeLost("the lock node " + childPath(self->path_, self->node_) + " is gone");
        }
    });
}

// After a suspension: held again if our node is still ours.
void LockCore::confirmHeld() {
    const uint64_t attempt = attempt_;
    auto self = selfAs<LockCore>();
    session_->exists(childPath(path_, node_), false, [self, attempt](Result<std::optional<proto::Stat>> r) {
        if (self->attempt_ != attempt || self->phase_ != Phase::Held) return;
        if (!r.ok()) return;  // a later state change decides
        if (r.value && r.value->ephemeralOwner == self->session_->sessionId())
            self->setState(State::Held);
        else
            self->becomeLost("the lock node " + childPath(self->path_, self->node_) +
                             " did not survive the suspension");
    });
}

void LockCore::becomeLost(const std::string& why) {
    spdlog::warn("recipes: lock on {} lost: {}", path_, why);
    ++attempt_;
    phase_ = Phase::Idle;
    count_ = 0;
    node_.clear();
    publish();
    setLastError(status(Code::SessionLost, why));
    setState(State::Lost);
}

// Ends a pending acquire (no-op when none) and deletes its node.
void LockCore::failAcquire(const Status& s) {
    if (phase_ != Phase::Acquiring) return;
    ++attempt_;
    phase_ = Phase::Idle;
    if (!node_.empty()) session_->remove(childPath(path_, node_), -1, [](Status) {});
    node_.clear();
    publish();
    setLastError(s);
    setState(s.code == Code::SessionLost ? State::Lost : State::Idle);
    pending_.fail(s);
}

void LockCore::doRelease(const Callback<Empty>& done) {
    if (phase_ != Phase::Held) {
        const bool lost = loopState() == State::Lost;
        return done(withStatus<Empty>(status(lost ? Code::SessionLost : Code::Misuse,
                                             lost ? "the lock on " + path_ + " was lost before the release"
                                                  : "the lock on " + path_ + " is not held by this object")));
    }
    if (--count_ > 0) {
        publish();
        return done(Result<Empty>{});
    }
    const std::string node = childPath(path_, node_);
    ++attempt_;
    phase_ = Phase::Idle;
    node_.clear();
    publish();
    setState(State::Idle);
    session_->remove(node, -1, [done](Status s) { done(withStatus<Empty>(s)); });
}

void LockCore::readContenders(const Callback<std::vector<Contender>>& done) {
    using Out = std::vector<Contender>;
    if (auto misuse = pathMisuse()) return done(withStatus<Out>(*misuse));
    const std::string what = "the lock on " + path_;
    const layout::Scheme scheme = scheme_;
    detail::readContenders(
        session_, path_, scheme_, what, [done, what, scheme](Result<std::vector<client::ChildRow>> rows) {
            if (!rows.ok()) return done(withStatus<Out>(rows));
            const bool rw = scheme == layout::Scheme::CuratorRead || scheme == layout::Scheme::CuratorWrite;
            Result<Out> out;
            bool writerSeen = false;
            for (const client::ChildRow& row : rows.value) {
                // Curator's read-write lock: readers before the first writer hold together.
                const bool writer = !rw || row.name.find(layout::kWriteMarker) != std::string::npos;
                Contender c{row.name, row.data, row.stat.ephemeralOwner,
                            out.value.empty() || (rw && !writer && !writerSeen)};
                writerSeen = writerSeen || writer;
                if (c.holder && c.sessionId == 0)
                    return done(withStatus<Out>(
                        status(Code::DamagedLayout, what + ": the first contender " + row.name +
                                                        " is not ephemeral, so it would hold the lock forever")));
                out.value.push_back(std::move(c));
            }
            done(std::move(out));
        });
}

layout::Scheme schemeFor(LockLayout layout) {
    return layout == LockLayout::Kazoo ? layout::Scheme::KazooLock : layout::Scheme::CuratorMutex;
}

}  // namespace detail

// ------------------------------------------------------------ Lock

Lock::Lock(Session& session, std::string path, LockOptions options)
    : core_(detail::LockCore::make(session.core_, std::move(path), detail::schemeFor(options.layout),
                                   std::move(options.identity))) {}

Lock::Lock(std::shared_ptr<detail::LockCore> core) : core_(std::move(core)) {}

Lock::~Lock() { core_->shutdown(); }

void Lock::acquireAsync(Timeout timeout, Callback<Empty> done) { core_->acquire(timeout, std::move(done)); }

Status Lock::acquire(Timeout timeout, std::stop_token stop) {
    return detail::waitForCall<Empty>(
        *core_->sessionCore(), [&](Callback<Empty> cb) { core_->acquire(timeout, std::move(cb)); },
        [&] { core_->cancel(); }, std::move(stop));
}

void Lock::releaseAsync(Callback<Empty> done) { core_->release(std::move(done)); }

Status Lock::release(Timeout timeout) {
    return detail::waitForCall<Empty>(
        *core_->sessionCore(), [&](Callback<Empty> cb) { core_->release(std::move(cb)); }, [] {}, {}, timeout);
}

void Lock::cancel() { core_->cancel(); }

State Lock::state() const { return core_->state(); }
bool Lock::isHeld() const { return core_->state() == State::Held; }
int Lock::holdCount() const { return core_->holdCount(); }
std::string Lock::nodePath() const { return core_->nodePath(); }
const std::string& Lock::path() const { return core_->path(); }
LockLayout Lock::layout() const {
    return core_->scheme() == layout::Scheme::KazooLock ? LockLayout::Kazoo : LockLayout::Curator;
}
void Lock::setStateListener(StateListener listener) { core_->setStateListener(std::move(listener)); }

void Lock::contendersAsync(Callback<std::vector<Contender>> done) { core_->contenders(std::move(done)); }

Result<std::vector<Contender>> Lock::contenders(Timeout timeout) {
    return detail::waitForCall<std::vector<Contender>>(
        *core_->sessionCore(), [&](Callback<std::vector<Contender>> cb) { core_->contenders(std::move(cb)); }, [] {},
        {}, timeout);
}

// ------------------------------------------------------------ ReadWriteLock

ReadWriteLock::ReadWriteLock(Session& session, std::string path, std::string identity) {
    auto write = detail::LockCore::make(session.core_, path, layout::Scheme::CuratorWrite, identity);
    auto read =
        detail::LockCore::make(session.core_, std::move(path), layout::Scheme::CuratorRead, std::move(identity), write);
    write_.reset(new Lock(std::move(write)));
    read_.reset(new Lock(std::move(read)));
}

ReadWriteLock::~ReadWriteLock() {
    read_.reset();
    write_.reset();
}

Lock& ReadWriteLock::readLock() { return *read_; }
Lock& ReadWriteLock::writeLock() { return *write_; }

}  // namespace zooscope::recipes
