#include "quorum/peer.h"

#include <algorithm>

namespace zooscope::quorum {

Message makeSnap(const effect::SendSnapshot& e, std::string state) {
    return Message{e.from, e.link, e.seq, Snap{e.zxid, std::move(state)}};
}

QuorumPeer::QuorumPeer(QuorumConfig config, DurableState durable) : cfg_(std::move(config)) {
    observer_ = std::find(cfg_.observers.begin(), cfg_.observers.end(), cfg_.self) != cfg_.observers.end();
    acceptedEpoch_ = durable.acceptedEpoch;
    currentEpoch_ = durable.currentEpoch;
    logBase_ = durable.snapshotZxid;
    log_ = std::move(durable.log);
    durable_ = lastZxid();
    commit_ = applied_ = logBase_;
}

bool QuorumPeer::isVoter(ServerId id) const {
    return std::find(cfg_.voters.begin(), cfg_.voters.end(), id) != cfg_.voters.end();
}

bool QuorumPeer::established() const {
    if (state_ == PeerState::Leading) return established_;
    return (state_ == PeerState::Following || state_ == PeerState::Observing) && synced_;
}

void QuorumPeer::send(ServerId to, Message::Body body, Effects& out, int64_t link, int64_t seq) {
    out.push_back(effect::Send{to, Message{cfg_.self, link, seq, std::move(body)}});
}

void QuorumPeer::toLeader(Message::Body body, Effects& out) { send(leader_, std::move(body), out, link_, ++sendSeq_); }

void QuorumPeer::setRole(PeerState s, ServerId leader, Effects& out) {
    state_ = s;
    leader_ = leader;
    out.push_back(effect::RoleChanged{s, leader, currentEpoch_, established()});
}

// ---------------------------------------------------------------- election

Effects QuorumPeer::start() {
    Effects out;
    startLooking(out);
    return out;
}

void QuorumPeer::startLooking(Effects& out) {
    handlers_.clear();
    syncs_.clear();
    established_ = false;
    synced_ = false;
    syncing_ = false;
    pendingSyncs_.clear();
    ++round_;
    vote_ = observer_ ? Vote{0, 0, 0} : Vote{cfg_.self, lastZxid(), currentEpoch_};
    recv_.clear();
    outOfElection_.clear();
    finalizeLeft_ = -1;
    resendLeft_ = cfg_.electionResendTicks;
    setRole(PeerState::Looking, 0, out);
    broadcastNotification(out);
}

void QuorumPeer::broadcastNotification(Effects& out) {
    for (ServerId id : cfg_.voters)
        if (id != cfg_.self) send(id, Notification{vote_, round_, state_}, out);
    for (ServerId id : cfg_.observers)
        if (id != cfg_.self && state_ != PeerState::Looking) send(id, Notification{vote_, round_, state_}, out);
}

bool QuorumPeer::voteHasQuorum() const {
    size_t n = isVoter(cfg_.self) ? 1 : 0;
    for (const auto& [id, note] : recv_)
        if (id != cfg_.self && isVoter(id) && note.vote == vote_) ++n;
    return isQuorum(n);
}

void QuorumPeer::onNotification(ServerId from, const Notification& n, Effects& out) {
    if (state_ != PeerState::Looking) {
        // Tell a searching peer who leads (FastLeaderElection's reply path).
        if (n.state == PeerState::Looking) send(from, Notification{vote_, round_, state_}, out);
        // Our leader announces that it now leads, and our FOLLOWERINFO got no
        // answer yet (it may have arrived while the leader was still
        // deciding): send it again now rather than after two silent ticks.
        if ((state_ == PeerState::Following || state_ == PeerState::Observing) && from == leader_ &&
            n.state == PeerState::Leading && n.vote.leader == from && expectSeq_ == 1)
            rejoin(out);
        return;
    }
    if (observer_) {
        if (n.state == PeerState::Leading && n.vote.leader == from && isVoter(from)) {
            vote_ = n.vote;
            startLearning(from, out);
        }
        return;
    }
    if (!isVoter(from)) {  // an observer: answer it while it searches, never count it
        if (n.state == PeerState::Looking) send(from, Notification{vote_, round_, state_}, out);
        return;
    }
    const Vote mine{cfg_.self, lastZxid(), currentEpoch_};
    if (n.state == PeerState::Looking) {
        bool valid = isVoter(n.vote.leader);
        if (n.round > round_) {
            round_ = n.round;
            recv_.clear();
            vote_ = valid && voteGreater(n.vote, mine) ? n.vote : mine;
            finalizeLeft_ = -1;
            broadcastNotification(out);
        } else if (n.round < round_) {
            send(from, Notification{vote_, round_, state_}, out);
            return;
        } else if (valid && voteGreater(n.vote, vote_)) {
            vote_ = n.vote;
            finalizeLeft_ = -1;
            broadcastNotification(out);
        } else if (!(n.vote == vote_)) {
            // Same round, a worse vote: the sender may have missed ours (it
            // was not looking yet when we broadcast). Tell it now instead of
            // at the next re-broadcast; it converges on the better vote.
            send(from, Notification{vote_, round_, state_}, out);
        }
        recv_[from] = n;
        if (finalizeLeft_ < 0 && voteHasQuorum()) {
            finalizeLeft_ = cfg_.finalizeWaitTicks;
            if (finalizeLeft_ == 0) decide(out);
        }
        return;
    }
    // The sender is FOLLOWING or LEADING: an ensemble already exists. Join the
    // leader once the leader itself says it leads (checkLeader).
    outOfElection_[from] = n;
    if (n.state == PeerState::Leading && n.vote.leader == from) {
        vote_ = n.vote;
        startLearning(from, out);
    }
}

void QuorumPeer::decide(Effects& out) {
    finalizeLeft_ = -1;
    if (vote_.leader == cfg_.self)
        startLeading(out);
    else
        startLearning(vote_.leader, out);
}

// ---------------------------------------------------------------- learner

void QuorumPeer::startLearning(ServerId leader, Effects& out) {
    finalizeLeft_ = -1;
    leaderSilentTicks_ = 0;
    unsyncedTicks_ = 0;
    setRole(observer_ ? PeerState::Observing : PeerState::Following, leader, out);
    rejoin(out);
}

void QuorumPeer::rejoin(Effects& out) {
    link_ = (cfg_.incarnation << 24) + ++linkCounter_;
    expectSeq_ = 1;
    sendSeq_ = 0;
    synced_ = false;
    syncing_ = false;
    newLeaderZxid_ = -1;
    newLeaderAcked_ = false;
    pendingCommit_ = commit_;
    pendingSyncs_.clear();
    toLeader(FollowerInfo{acceptedEpoch_, lastZxid(), observer_}, out);
}

void QuorumPeer::learnerAckIfReady(Effects& out) {
    if (newLeaderZxid_ < 0 || newLeaderAcked_ || durable_ < newLeaderZxid_) return;
    // The synced log is durable: only now may our vote carry the new epoch
    // (else a crash could leave a high epoch over a short log).
    if (currentEpoch_ != newLeaderEpoch_) {
        currentEpoch_ = newLeaderEpoch_;
        out.push_back(effect::PersistEpochs{acceptedEpoch_, currentEpoch_});
    }
    newLeaderAcked_ = true;
    toLeader(Ack{durable_, lastPingRound_}, out);
}

void QuorumPeer::onLeaderMessage(const Message& m, Effects& out) {
    if (m.link != link_ || m.seq < expectSeq_) return;  // another link, or a duplicate
    if (m.seq > expectSeq_) {                          // a gap: the stream is broken
        rejoin(out);
        return;
    }
    ++expectSeq_;
    leaderSilentTicks_ = 0;
    if (const auto* li = std::get_if<LeaderInfo>(&m.body)) {
        if (li->newEpoch < acceptedEpoch_) {
            startLooking(out);
            return;
        }
        if (li->newEpoch > acceptedEpoch_) {
            acceptedEpoch_ = li->newEpoch;
            out.push_back(effect::PersistEpochs{acceptedEpoch_, currentEpoch_});
        }
        toLeader(AckEpoch{currentEpoch_, lastZxid()}, out);
    } else if (std::get_if<Diff>(&m.body)) {
        syncing_ = true;
    } else if (const auto* t = std::get_if<Trunc>(&m.body)) {
        syncing_ = true;
        while (!log_.empty() && log_.back().zxid > t->zxid) log_.pop_back();
        durable_ = std::min(durable_, t->zxid);
        out.push_back(effect::TruncateLog{t->zxid});
    } else if (const auto* s = std::get_if<Snap>(&m.body)) {
        syncing_ = true;
        log_.clear();
        logBase_ = durable_ = commit_ = applied_ = pendingCommit_ = s->zxid;
        sinceSnapshot_ = 0;
        out.push_back(effect::InstallSnapshot{s->zxid, s->state});
    } else if (const auto* p = std::get_if<Proposal>(&m.body)) {
        if (p->entry.zxid <= lastZxid()) {  // cannot happen on an intact stream
            rejoin(out);
            return;
        }
        appendEntries({p->entry}, out);
    } else if (const auto* nl = std::get_if<NewLeader>(&m.body)) {
        newLeaderZxid_ = nl->zxid;
        newLeaderEpoch_ = nl->epoch;
        learnerAckIfReady(out);
    } else if (const auto* u = std::get_if<UpToDate>(&m.body)) {
        syncing_ = false;
        synced_ = true;
        commitTo(std::max(u->commit, pendingCommit_), out);
        setRole(state_, leader_, out);
        toLeader(Ack{durable_, lastPingRound_}, out);
    } else if (const auto* c = std::get_if<Commit>(&m.body)) {
        if (synced_)
            commitTo(c->zxid, out);
        else
            pendingCommit_ = std::max(pendingCommit_, c->zxid);
    } else if (const auto* pg = std::get_if<Ping>(&m.body)) {
        lastPingRound_ = std::max(lastPingRound_, pg->round);
        // Before our NEWLEADER ack, a durable zxid must not read as that ack.
        Zxid z = (syncing_ || !synced_) && !newLeaderAcked_ ? 0 : durable_;
        toLeader(Ack{z, lastPingRound_}, out);
    } else if (const auto* sd = std::get_if<SyncDone>(&m.body)) {
        if (pendingSyncs_.erase(sd->tag)) out.push_back(effect::SyncDone{sd->tag});
    }
}

// ---------------------------------------------------------------- leader

void QuorumPeer::startLeading(Effects& out) {
    handlers_.clear();
    syncs_.clear();
    newEpoch_ = -1;
    epochQuorum_ = false;
    established_ = false;
    selfNewLeaderAcked_ = false;
    leadTicks_ = 0;
    counter_ = 0;
    setRole(PeerState::Leading, cfg_.self, out);
    // Announce it: learners whose FOLLOWERINFO came too early resend it at
    // once, and peers still looking join.
    broadcastNotification(out);
    maybeDecideEpoch(out);
}

void QuorumPeer::leaderSend(ServerId to, Handler& h, Message::Body body, Effects& out) {
    send(to, std::move(body), out, h.link, ++h.seq);
}

void QuorumPeer::maybeDecideEpoch(Effects& out) {
    if (newEpoch_ >= 0) return;
    size_t n = 1;
    int64_t maxEpoch = acceptedEpoch_;
    for (const auto& [id, h] : handlers_) {
        if (!isVoter(id)) continue;
        ++n;
        maxEpoch = std::max(maxEpoch, h.acceptedEpoch);
    }
    if (!isQuorum(n)) return;
    newEpoch_ = maxEpoch + 1;
    acceptedEpoch_ = newEpoch_;
    out.push_back(effect::PersistEpochs{acceptedEpoch_, currentEpoch_});
    for (auto& [id, h] : handlers_) leaderSend(id, h, LeaderInfo{newEpoch_}, out);
    // A one-voter ensemble has its epoch quorum already.
    size_t acked = 1;
    for (const auto& [id, h] : handlers_)
        if (isVoter(id) && h.stage != Handler::Info) ++acked;
    if (isQuorum(acked)) {
        epochQuorum_ = true;
        establishZxid_ = lastZxid();
        maybeEstablish(out);
    }
}

void QuorumPeer::syncLearner(ServerId id, Handler& h, Effects& out) {
    const Zxid peerLast = h.lastZxid;
    Zxid from;
    if (peerLast == lastZxid() || hasEntry(peerLast)) {
        from = peerLast;
        leaderSend(id, h, Diff{from}, out);
    } else {
        // The largest zxid we hold at or below the learner's last: it and the
        // learner agree up to there (a zxid names one proposal of one epoch).
        Zxid common = -1;
        if (peerLast > logBase_) {
            common = logBase_;
            for (const auto& e : log_) {
                if (e.zxid > peerLast) break;
                common = e.zxid;
            }
        }
        if (common >= 0) {
            from = common;
            leaderSend(id, h, Trunc{common}, out);
        } else {
            from = applied_;
            out.push_back(effect::SendSnapshot{id, applied_, h.link, ++h.seq, cfg_.self});
        }
    }
    for (const auto& e : log_)
        if (e.zxid > from) leaderSend(id, h, Proposal{e}, out);
    h.stage = Handler::Syncing;
    h.syncZxid = lastZxid();
    h.match = 0;
    leaderSend(id, h, NewLeader{newEpoch_, h.syncZxid}, out);
    if (established_) {
        // Commits that happened before the sync point are in UPTODATE.
    }
}

void QuorumPeer::maybeEstablish(Effects& out) {
    if (established_ || !epochQuorum_) return;
    if (!selfNewLeaderAcked_ && durable_ >= establishZxid_) {
        selfNewLeaderAcked_ = true;
        currentEpoch_ = newEpoch_;
        out.push_back(effect::PersistEpochs{acceptedEpoch_, currentEpoch_});
    }
    // The leader counts itself only once its own log is durable and the new
    // epoch persisted; it never establishes before that, even when enough
    // learners acked first (else it would lead under an epoch it has not
    // recorded, and its votes after a restart would carry the old one).
    if (!selfNewLeaderAcked_) return;
    size_t n = 1;
    for (const auto& [id, h] : handlers_)
        if (isVoter(id) && h.stage == Handler::Syncing && h.match >= h.syncZxid) ++n;
    if (!isQuorum(n)) return;
    established_ = true;
    commitTo(establishZxid_, out);
    for (auto& [id, h] : handlers_) {
        if (h.stage == Handler::Syncing && h.match >= h.syncZxid) {
            h.stage = Handler::Broadcast;
            leaderSend(id, h, UpToDate{commit_}, out);
        }
    }
    setRole(PeerState::Leading, cfg_.self, out);
}

void QuorumPeer::maybeCommit(Effects& out) {
    if (!established_) return;
    std::vector<Zxid> matches{durable_};
    for (const auto& [id, h] : handlers_)
        if (isVoter(id) && (h.stage == Handler::Broadcast || h.stage == Handler::Syncing)) matches.push_back(h.match);
    const size_t need = cfg_.voters.size() / 2 + 1;
    if (matches.size() < need) return;
    std::sort(matches.begin(), matches.end(), std::greater<>());
    Zxid q = std::min(matches[need - 1], lastZxid());
    // Only entries of our own epoch are committed by counting acks (ZAB).
    if (q <= commit_ || epochOf(q) != newEpoch_) return;
    commitTo(q, out);
    for (auto& [id, h] : handlers_)
        if (h.stage == Handler::Broadcast || h.stage == Handler::Syncing) leaderSend(id, h, Commit{commit_}, out);
}

void QuorumPeer::maybeFinishSyncs(Effects& out) {
    for (auto it = syncs_.begin(); it != syncs_.end();) {
        size_t n = 1;
        for (const auto& [id, h] : handlers_)
            if (isVoter(id) && h.pingRound >= it->round) ++n;
        if (commit_ < it->zxid || !isQuorum(n)) {
            ++it;
            continue;
        }
        if (it->origin == cfg_.self) {
            out.push_back(effect::SyncDone{it->tag});
        } else if (auto h = handlers_.find(it->origin); h != handlers_.end() && h->second.stage == Handler::Broadcast) {
            leaderSend(it->origin, h->second, SyncDone{it->tag}, out);
        }
        it = syncs_.erase(it);
    }
}

void QuorumPeer::confirmRound(Effects& out) {
    ++pingRound_;
    for (auto& [id, h] : handlers_) leaderSend(id, h, Ping{pingRound_}, out);
}

bool QuorumPeer::takeRequest(const Message& m, Handler& h) {
    // Client requests and syncs are not idempotent: each is taken once, in
    // the order the learner sent them. A duplicate, or one overtaken by a
    // later one, is dropped like a lost message (its client times out).
    if (m.seq <= h.requestSeq) return false;
    h.requestSeq = m.seq;
    return true;
}

void QuorumPeer::onLearnerMessage(const Message& m, Effects& out) {
    if (const auto* fi = std::get_if<FollowerInfo>(&m.body)) {
        if (!isVoter(m.from) && std::find(cfg_.observers.begin(), cfg_.observers.end(), m.from) == cfg_.observers.end())
            return;
        auto it = handlers_.find(m.from);
        if (it != handlers_.end() && m.link <= it->second.link) return;  // stale or duplicate
        if (newEpoch_ >= 0 && isVoter(m.from) &&
            (fi->acceptedEpoch > newEpoch_ || (fi->acceptedEpoch == newEpoch_ && !established_))) {
            // The learner promised a later epoch (to a leader that never got
            // established) and will refuse ours forever: elect again, so the
            // next epoch is above its promise. While we are still in
            // discovery, the same epoch promised to someone else counts too.
            // Once we are established, a learner that accepted our epoch
            // (it followed us, crashed and came back) simply joins: a leader
            // that never got established proposed nothing in this epoch.
            startLooking(out);
            return;
        }
        Handler h;
        h.link = m.link;
        h.observer = !isVoter(m.from);
        h.acceptedEpoch = fi->acceptedEpoch;
        h.lastZxid = fi->lastZxid;
        Handler& ref = handlers_[m.from] = h;
        if (newEpoch_ >= 0)
            leaderSend(m.from, ref, LeaderInfo{newEpoch_}, out);
        else
            maybeDecideEpoch(out);
        return;
    }
    auto it = handlers_.find(m.from);
    if (it == handlers_.end() || it->second.link != m.link) return;
    Handler& h = it->second;
    h.silentTicks = 0;
    if (const auto* ae = std::get_if<AckEpoch>(&m.body)) {
        if (h.stage != Handler::Info || newEpoch_ < 0) return;
        if (ae->currentEpoch > currentEpoch_ || (ae->currentEpoch == currentEpoch_ && ae->lastZxid > lastZxid())) {
            // A learner is ahead of us: we must not lead (Leader.waitForEpochAck).
            startLooking(out);
            return;
        }
        h.stage = Handler::EpochAcked;
        h.lastZxid = ae->lastZxid;
        if (epochQuorum_) {
            syncLearner(m.from, h, out);
            return;
        }
        size_t n = 1;
        for (const auto& [id, hh] : handlers_)
            if (isVoter(id) && hh.stage != Handler::Info) ++n;
        if (!isQuorum(n)) return;
        epochQuorum_ = true;
        establishZxid_ = lastZxid();
        for (auto& [id, hh] : handlers_)
            if (hh.stage == Handler::EpochAcked) syncLearner(id, hh, out);
        maybeEstablish(out);
    } else if (const auto* a = std::get_if<Ack>(&m.body)) {
        h.pingRound = std::max(h.pingRound, a->round);
        if (h.stage == Handler::Syncing || h.stage == Handler::Broadcast) h.match = std::max(h.match, a->zxid);
        if (h.stage == Handler::Syncing && h.match >= h.syncZxid) {
            if (established_) {
                h.stage = Handler::Broadcast;
                leaderSend(m.from, h, UpToDate{commit_}, out);
            } else {
                maybeEstablish(out);
            }
        }
        maybeCommit(out);
        maybeFinishSyncs(out);
    } else if (const auto* r = std::get_if<Request>(&m.body)) {
        if (!takeRequest(m, h)) return;
        if (established_ && h.stage == Handler::Broadcast) out.push_back(effect::ClientRequest{m.from, r->payload});
    } else if (const auto* sr = std::get_if<SyncRequest>(&m.body)) {
        if (!takeRequest(m, h)) return;
        if (!established_ || h.stage != Handler::Broadcast) return;
        syncs_.push_back({m.from, sr->tag, lastZxid(), pingRound_ + 1});
        confirmRound(out);
    }
}

// ---------------------------------------------------------------- inputs

Effects QuorumPeer::receive(const Message& m) {
    Effects out;
    if (m.from == cfg_.self) return out;
    if (const auto* n = std::get_if<Notification>(&m.body)) {
        onNotification(m.from, *n, out);
    } else if (state_ == PeerState::Leading) {
        onLearnerMessage(m, out);
    } else if ((state_ == PeerState::Following || state_ == PeerState::Observing) && m.from == leader_) {
        onLeaderMessage(m, out);
    }
    return out;
}

Effects QuorumPeer::tick() {
    Effects out;
    switch (state_) {
    case PeerState::Looking:
        if (finalizeLeft_ >= 0 && --finalizeLeft_ <= 0) {
            if (voteHasQuorum()) {
                decide(out);
                return out;
            }
            finalizeLeft_ = -1;
        }
        if (--resendLeft_ <= 0) {
            resendLeft_ = cfg_.electionResendTicks;
            // A long silence means our round may be stale: start a new one.
            broadcastNotification(out);
        }
        break;
    case PeerState::Following:
    case PeerState::Observing:
        ++leaderSilentTicks_;
        if (!synced_) ++unsyncedTicks_;
        if (leaderSilentTicks_ > cfg_.syncLimit || unsyncedTicks_ > cfg_.initLimit) {
            startLooking(out);
        } else if (expectSeq_ == 1 && leaderSilentTicks_ >= 2) {
            rejoin(out);  // FOLLOWERINFO (or its answer) was lost
        }
        break;
    case PeerState::Leading: {
        ++leadTicks_;
        for (auto it = handlers_.begin(); it != handlers_.end();) {
            if (++it->second.silentTicks > cfg_.syncLimit)
                it = handlers_.erase(it);
            else
                ++it;
        }
        if (!established_) {
            if (leadTicks_ > cfg_.initLimit) {
                startLooking(out);
                return out;
            }
        } else {
            if (!isQuorum(followingVoters())) {
                startLooking(out);  // Leader.lead: "not sufficient followers synced"
                return out;
            }
        }
        confirmRound(out);
        break;
    }
    }
    return out;
}

Effects QuorumPeer::onLogSynced(Zxid zxid) {
    Effects out;
    Zxid z = std::min(zxid, lastZxid());
    if (z > durable_) durable_ = z;
    if (state_ == PeerState::Leading) {
        maybeEstablish(out);
        maybeCommit(out);
        maybeFinishSyncs(out);
    } else if (state_ == PeerState::Following || state_ == PeerState::Observing) {
        if (synced_)
            toLeader(Ack{durable_, lastPingRound_}, out);
        else
            learnerAckIfReady(out);
    }
    return out;
}

size_t QuorumPeer::followingVoters() const {
    size_t n = 1;  // the leader itself
    for (const auto& [id, h] : handlers_)
        if (isVoter(id) && (h.stage == Handler::Broadcast || h.stage == Handler::Syncing)) ++n;
    return n;
}

size_t QuorumPeer::syncedFollowerCount() const {
    if (state_ != PeerState::Leading) return 0;
    size_t n = 0;
    for (const auto& [id, h] : handlers_)
        if (!h.observer && h.stage == Handler::Broadcast) ++n;
    return n;
}

Effects QuorumPeer::peerConnected(ServerId id) {
    Effects out;
    if (state_ == PeerState::Looking && id != cfg_.self && (isVoter(id) || !observer_))
        send(id, Notification{vote_, round_, state_}, out);
    return out;
}

Effects QuorumPeer::peerUnreachable(ServerId id) {
    Effects out;
    if ((state_ == PeerState::Following || state_ == PeerState::Observing) && id == leader_) {
        startLooking(out);
    } else if (state_ == PeerState::Leading && handlers_.erase(id) > 0 && established_) {
        if (!isQuorum(followingVoters())) startLooking(out);
    }
    return out;
}

bool QuorumPeer::submit(std::string payload, Effects& out) {
    if (state_ == PeerState::Leading && established_) {
        out.push_back(effect::ClientRequest{cfg_.self, std::move(payload)});
        return true;
    }
    if ((state_ == PeerState::Following || state_ == PeerState::Observing) && synced_) {
        toLeader(Request{std::move(payload)}, out);
        return true;
    }
    return false;
}

std::optional<Zxid> QuorumPeer::propose(const std::function<std::string(Zxid)>& make, Effects& out) {
    if (state_ != PeerState::Leading || !established_) return std::nullopt;
    Zxid z = makeZxid(newEpoch_, ++counter_);
    LogEntry e{z, make(z)};
    for (auto& [id, h] : handlers_)
        if (h.stage == Handler::Syncing || h.stage == Handler::Broadcast) leaderSend(id, h, Proposal{e}, out);
    appendEntries({std::move(e)}, out);
    return z;
}

bool QuorumPeer::sync(int64_t tag, Effects& out) {
    if (state_ == PeerState::Leading && established_) {
        syncs_.push_back({cfg_.self, tag, lastZxid(), pingRound_ + 1});
        confirmRound(out);
        maybeFinishSyncs(out);
        return true;
    }
    if ((state_ == PeerState::Following || state_ == PeerState::Observing) && synced_) {
        pendingSyncs_[tag] = true;
        toLeader(SyncRequest{tag}, out);
        return true;
    }
    return false;
}

// ---------------------------------------------------------------- log

bool QuorumPeer::hasEntry(Zxid z) const {
    if (z == logBase_) return true;
    auto it = std::lower_bound(log_.begin(), log_.end(), z, [](const LogEntry& e, Zxid v) { return e.zxid < v; });
    return it != log_.end() && it->zxid == z;
}

void QuorumPeer::appendEntries(std::vector<LogEntry> entries, Effects& out) {
    for (const auto& e : entries) log_.push_back(e);
    out.push_back(effect::AppendLog{std::move(entries)});
}

void QuorumPeer::commitTo(Zxid z, Effects& out) {
    z = std::min(z, lastZxid());
    if (z <= commit_) return;
    commit_ = z;
    auto it = std::upper_bound(log_.begin(), log_.end(), applied_, [](Zxid v, const LogEntry& e) { return v < e.zxid; });
    for (; it != log_.end() && it->zxid <= commit_; ++it) {
        out.push_back(effect::Apply{*it});
        applied_ = it->zxid;
        ++sinceSnapshot_;
    }
    maybeSnapshot(out);
}

void QuorumPeer::maybeSnapshot(Effects& out) {
    if (cfg_.snapCount <= 0 || sinceSnapshot_ < cfg_.snapCount) return;
    sinceSnapshot_ = 0;
    out.push_back(effect::TakeSnapshot{applied_});
    auto it = std::upper_bound(log_.begin(), log_.end(), applied_, [](Zxid v, const LogEntry& e) { return v < e.zxid; });
    log_.erase(log_.begin(), it);
    logBase_ = applied_;
}

}  // namespace zooscope::quorum
