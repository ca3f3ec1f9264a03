// LeaderLatch: Curator LeaderLatch's layout ("_c_<uuid>-latch-<seq>", the
// participant id as data) and its reactions to the connection (standard
// error policy: Suspended ends leadership, Reconnected checks again).
#include <spdlog/spdlog.h>

#include <map>

#include "recipes/layout.h"
#include "recipes/recipe_base.h"

namespace zooscope::recipes {

namespace detail {

class LatchCore final : public RecipeBase {
public:
    LatchCore(std::shared_ptr<SessionCore> session, std::string path, std::string id)
        : RecipeBase(std::move(session), std::move(path)), id_(std::move(id)) {}

    static std::shared_ptr<LatchCore> make(std::shared_ptr<SessionCore> session, std::string path, std::string id) {
        auto core = std::make_shared<LatchCore>(session, std::move(path), std::move(id));
        session->post([core] { core->session_->addObserver(core); });
        return core;
    }

    const std::string& id() const { return id_; }
    bool hasLeadership() const {
        std::lock_guard lock(snapMu_);
        return shownLeader_;
    }
    std::string ourPath() const {
        std::lock_guard lock(snapMu_);
        return shownNode_;
    }
    void setLeadershipListener(std::function<void(bool)> listener) {
        std::lock_guard lock(snapMu_);
        leadershipListener_ = std::move(listener);
    }

    void start() {
        auto self = selfAs<LatchCore>();
        onLoop([self] {
            if (self->started_) return;
            self->started_ = true;
            if (auto misuse = self->pathMisuse()) return self->fail(*misuse);
            self->setState(State::Waiting);
            self->reset();
        });
    }
    void close(const Status& why) {
        auto self = selfAs<LatchCore>();
        onLoop([self, why] { self->doClose(why); });
    }
    void shutdown() {
        detachListeners();
        auto self = selfAs<LatchCore>();
        onLoop([self] {
            self->doClose(status(Code::Cancelled, "the leader latch object was destroyed"));
            self->session_->removeObserver(self.get());
        });
    }

    void await(Timeout timeout, Callback<Empty> done) {
        auto self = selfAs<LatchCore>();
        onLoop<Empty>(
            [self, timeout, done] {
                self->awaitOrQueue(self->awaiters_, self->leader_, self->closed_, "the leader latch is closed", timeout,
                                   done, "not leader of " + self->path_);
            },
            done);
    }
    void cancelAwaits() {
        auto self = selfAs<LatchCore>();
        onLoop([self] { self->awaiters_.endAll(status(Code::Cancelled, "waiting for leadership was cancelled")); });
    }

    void participants(Callback<std::vector<Participant>> done) {
        auto self = selfAs<LatchCore>();
        onLoop<std::vector<Participant>>([self, done] { self->readParticipants(done); }, done);
    }

    void onSessionState(client::SessionState s) override {
        using S = client::SessionState;
        if (!started_ || closed_ || loopState() == State::Failed) return;
        if (s == S::Suspended) {
            setLeader(false);
            setState(State::Suspended);
        } else if (s == S::Reconnected || s == S::Connected) {  // (Connected: a late first connection)
            setState(State::Waiting);
            if (!node_.empty())
                check();
            else if (!creating_)
                reset();
        } else if (client::isTerminal(s)) {
            setLeader(false);
            ++generation_;
            node_.clear();
            publish();
            const Status lost = session_->statusFor(proto::Err::SessionExpired, "");
            setLastError(lost);
            setState(State::Lost);
            awaiters_.endAll(lost);
        }
    }
    void onSessionClosed() override {
        setLeader(false);
        ++generation_;
        node_.clear();
        publish();
        closed_ = true;
        awaiters_.endAll(session_->closedStatus());
        setState(State::Idle);
    }

private:
    void publish() {
        std::lock_guard lock(snapMu_);
        shownLeader_ = leader_;
        shownNode_ = node_.empty() ? std::string() : childPath(path_, node_);
    }

    // Leadership changes are told before anything else happens (in
    // particular before our node is deleted), so a leader stops acting as one
    // before the next candidate can start.
    void setLeader(bool leader) {
        if (leader == leader_) return;
        leader_ = leader;
        publish();
        std::function<void(bool)> listener;
        {
            std::lock_guard lock(snapMu_);
            listener = leadershipListener_;
        }
        spdlog::debug("recipes: {} {} leadership of {}", id_, leader ? "takes" : "gives up", path_);
        if (listener) callListener([&] { listener(leader); });
        if (leader) {
            setState(State::Held);
            awaiters_.endAll(Status{});
        }
    }

    // A new node (Curator's reset()).
    void reset() {
        setLeader(false);
        const uint64_t gen = ++generation_;
        if (!node_.empty()) session_->remove(childPath(path_, node_), -1, [](Status) {});
        node_.clear();
        publish();
        auto self = selfAs<LatchCore>();
        creating_ = true;
        createSequential(session_, path_, layout::curatorProtectedName(layout::newUuid(), layout::kLatchMarker), id_,
                         proto::CreateMode::Container, [self, gen](Result<std::string> r) {
                             if (self->generation_ == gen) self->creating_ = false;
                             if (self->generation_ != gen) {
                                 if (r.ok()) self->session_->remove(childPath(self->path_, r.value), -1, [](Status) {});
                                 return;
                             }
                             if (!r.ok()) {
                                 if (r.code == Code::SessionLost || r.code == Code::Closed)
                                     return;  // told by the session
                                 return self->fail(r);
                             }
                             self->node_ = r.value;
                             self->publish();
                             self->check();
                         });
    }

    void check() {
        const uint64_t gen = generation_;
        const uint64_t seq = ++checkSeq_;
        auto self = selfAs<LatchCore>();
        session_->getChildren(path_, false, [self, gen, seq](Result<std::vector<std::string>> r) {
            if (self->generation_ != gen || self->checkSeq_ != seq || self->closed_) return;
            if (!r.ok()) {
                if (r.code == Code::SessionLost || r.code == Code::Closed) return;
                return self->fail(r);
            }
            const layout::Decision d = layout::decide(layout::Scheme::CuratorLatch, r.value, self->node_);
            switch (d.kind) {
            case layout::Decision::Kind::Holds:
                // Not while the connection is down: Reconnected checks again.
                if (!self->session_->connected()) return;
                return self->lead(gen);
            case layout::Decision::Kind::Waits:
                self->setLeader(false);
                if (self->loopState() != State::Suspended) self->setState(State::Waiting);
                return self->watchPredecessor(gen, seq, d.watch);
            case layout::Decision::Kind::Missing:
                spdlog::info("recipes: latch node {}/{} vanished; joining again", self->path_, self->node_);
                self->node_.clear();
                return self->reset();
            case layout::Decision::Kind::Damaged:
                return self->fail(status(Code::DamagedLayout,
                                         "cannot take part in the election at " + self->path_ + ": " + d.problem));
            }
        });
    }

    void watchPredecessor(uint64_t gen, uint64_t seq, const std::string& name) {
        const std::string watched = childPath(path_, name);
        std::weak_ptr<LatchCore> weak = selfAs<LatchCore>();
        const auto id = session_->expectWatch(watched, [weak, gen, seq](proto::EventType) {
            if (auto self = weak.lock(); self && self->generation_ == gen && self->checkSeq_ == seq) self->check();
        });
        auto self = selfAs<LatchCore>();
        session_->getData(watched, true, [self, gen, seq, id, watched](Result<client::NodeData> r) {
            if (self->generation_ != gen || self->checkSeq_ != seq) return self->session_->cancelWatch(id);
            if (r.err == proto::Err::NoNode) {
                self->session_->cancelWatch(id);
                return self->check();
            }
            if (!r.ok()) return self->session_->cancelWatch(id);
            if (r.value.stat.ephemeralOwner == 0) {
                self->session_->cancelWatch(id);
                self->fail(status(Code::DamagedLayout, "cannot take part in the election at " + self->path_ +
                                                           ": the candidate " + watched +
                                                           " ahead of us is not ephemeral, so it would never go"));
            }
        });
    }

    // Leads; watches our node, whose deletion behind our back ends it.
    void lead(uint64_t gen) {
        const std::string own = childPath(path_, node_);
        std::weak_ptr<LatchCore> weak = selfAs<LatchCore>();
        session_->cancelWatch(ownWatch_);
        const auto id = ownWatch_ = session_->expectWatch(own, [weak, gen](proto::EventType type) {
            auto self = weak.lock();
            if (!self || self->generation_ != gen || self->closed_) return;
            if (type == proto::EventType::NodeDeleted) {
                spdlog::warn("recipes: latch node of {} at {} was deleted; joining again", self->id_, self->path_);
                self->node_.clear();
                self->reset();
            } else if (self->leader_) {
                self->lead(gen);
            }
        });
        auto self = selfAs<LatchCore>();
        session_->exists(own, true, [self, gen, id](Result<std::optional<proto::Stat>> r) {
            if (self->generation_ != gen) return self->session_->cancelWatch(id);
            if (r.ok() && !r.value) {
                self->session_->cancelWatch(id);
                self->node_.clear();
                return self->reset();
            }
        });
        setLeader(true);
    }

    void fail(const Status& s) {
        spdlog::warn("recipes: leader latch {} at {} failed: {}", id_, path_, s.message);
        setLeader(false);
        ++generation_;
        if (!node_.empty()) session_->remove(childPath(path_, node_), -1, [](Status) {});
        node_.clear();
        publish();
        setLastError(s);
        setState(State::Failed);
        awaiters_.endAll(s);
    }

    void doClose(const Status& why) {
        if (closed_) return;
        closed_ = true;
        setLeader(false);
        ++generation_;
        if (!node_.empty()) session_->remove(childPath(path_, node_), -1, [](Status) {});
        node_.clear();
        publish();
        awaiters_.endAll(why);
        setState(State::Idle);
    }

    void readParticipants(const Callback<std::vector<Participant>>& done) {
        using Out = std::vector<Participant>;
        if (auto misuse = pathMisuse()) return done(withStatus<Out>(*misuse));
        const std::string what = "the election at " + path_;
        readContenders(session_, path_, layout::Scheme::CuratorLatch, what,
                       [done, what](Result<std::vector<client::ChildRow>> rows) {
                           if (!rows.ok()) return done(withStatus<Out>(rows));
                           Result<Out> out;
                           for (const client::ChildRow& row : rows.value) {
                               const bool first = out.value.empty();
                               if (first && row.stat.ephemeralOwner == 0)
                                   return done(withStatus<Out>(
                                       status(Code::DamagedLayout, what + ": the first candidate " + row.name +
                                                                       " is not ephemeral, so it would lead forever")));
                               out.value.push_back(Participant{row.data, first});
                           }
                           done(std::move(out));
                       });
    }

    const std::string id_;

    // recipe thread
    bool started_ = false;
    bool closed_ = false;
    bool leader_ = false;
    bool creating_ = false;  // our node's create is in flight
    std::string node_;
    uint64_t generation_ = 0;  // bumps when callbacks about the old node must be ignored
    uint64_t checkSeq_ = 0;
    SessionCore::WatchId ownWatch_ = 0;
    Awaiters<Empty> awaiters_;

    mutable std::mutex snapMu_;
    bool shownLeader_ = false;                      // GUARDED_BY(snapMu_)
    std::string shownNode_;                         // GUARDED_BY(snapMu_)
    std::function<void(bool)> leadershipListener_;  // GUARDED_BY(snapMu_)
};

}  // namespace detail

LeaderLatch::LeaderLatch(Session& session, std::string path, std::string id)
    : core_(detail::LatchCore::make(session.core_, std::move(path), std::move(id))) {}

LeaderLatch::~LeaderLatch() { core_->shutdown(); }

void LeaderLatch::start() { core_->start(); }
void LeaderLatch::close() { core_->close(detail::status(Code::Closed, "the leader latch was closed")); }
bool LeaderLatch::hasLeadership() const { return core_->hasLeadership(); }
State LeaderLatch::state() const { return core_->state(); }
Status LeaderLatch::lastError() const { return core_->lastError(); }
const std::string& LeaderLatch::id() const { return core_->id(); }
std::string LeaderLatch::ourPath() const { return core_->ourPath(); }
void LeaderLatch::setLeadershipListener(std::function<void(bool leader)> listener) {
    core_->setLeadershipListener(std::move(listener));
}
void LeaderLatch::setStateListener(StateListener listener) { core_->setStateListener(std::move(listener)); }

void LeaderLatch::awaitAsync(Timeout timeout, Callback<Empty> done) { core_->await(timeout, std::move(done)); }

Status LeaderLatch::await(Timeout timeout, std::stop_token stop) {
    return detail::waitForCall<Empty>(
        *core_->sessionCore(), [&](Callback<Empty> cb) { core_->await(timeout, std::move(cb)); },
        [&] { core_->cancelAwaits(); }, std::move(stop));
}

void LeaderLatch::participantsAsync(Callback<std::vector<Participant>> done) { core_->participants(std::move(done)); }

Result<std::vector<Participant>> LeaderLatch::participants(Timeout timeout) {
    return detail::waitForCall<std::vector<Participant>>(
        *core_->sessionCore(), [&](Callback<std::vector<Participant>> cb) { core_->participants(std::move(cb)); },
        [] {}, {}, timeout);
}

void LeaderLatch::leaderAsync(Callback<Participant> done) {
    core_->participants([done](Result<std::vector<Participant>> r) {
        Result<Participant> out;
        static_cast<Status&>(out) = r;
        if (r.ok() && !r.value.empty()) out.value = r.value.front();
        done(std::move(out));
    });
}

Result<Participant> LeaderLatch::leader(Timeout timeout) {
    return detail::waitForCall<Participant>(
        *core_->sessionCore(), [&](Callback<Participant> cb) { leaderAsync(std::move(cb)); }, [] {}, {}, timeout);
}

}  // namespace zooscope::recipes
