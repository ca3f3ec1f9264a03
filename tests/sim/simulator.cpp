#include "simulator.h"

#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <random>
#include <set>

#include "linearizability.h"
#include "proto/records.h"
#include "quorum/peer.h"
#include "server/request_processor.h"
#include "tree/data_tree.h"

namespace zooscope::sim {
namespace {

using namespace quorum;
using proto::OpCode;

constexpr int64_t kTickMs = 100;
constexpr int64_t kRequestTimeoutMs = 2000;
constexpr int32_t kSessionTimeoutMs = 10000;
constexpr int kPostHealOps = 3;
constexpr size_t kMaxEvents = 3'000'000;
constexpr int64_t kWallBase = 1'700'000'000'000;

struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string encodeId(uint64_t id) { return std::string(reinterpret_cast<const char*>(&id), 8); }
uint64_t decodeId(std::string_view s) {
    uint64_t v = 0;
    if (s.size() == 8) std::memcpy(&v, s.data(), 8);
    return v;
}

using Applied = std::vector<std::pair<Zxid, uint64_t>>;  // (zxid, txn id)
std::string encodeApplied(const Applied& a) {
    std::string s;
    for (const auto& [z, id] : a) s += encodeId(uint64_t(z)) + encodeId(id);
    return s;
}
Applied decodeApplied(std::string_view s) {
    Applied a;
    for (size_t i = 0; i + 16 <= s.size(); i += 16)
        a.emplace_back(Zxid(decodeId(s.substr(i, 8))), decodeId(s.substr(i + 8, 8)));
    return a;
}

struct ClientReq {
    int64_t session = 0;
    int32_t cxid = 0;
    OpCode op = OpCode::Error;
    std::string body;
};

struct Disk {
    int64_t acceptedEpoch = 0, currentEpoch = 0;
    Zxid snapZxid = 0;
    std::string snap;
    std::vector<LogEntry> log;
    size_t durable = 0;  // log[0, durable) survives a crash
};

struct Node {
    ServerId id = 0;
    bool up = false;
    int64_t incarnation = 0;
    std::unique_ptr<QuorumPeer> peer;
    std::unique_ptr<tree::DataTree> tree;
    std::unique_ptr<server::RequestProcessor> rp;  // established leader only
    Applied applied;
    std::map<int64_t, int32_t> sessions;  // applied sessions -> timeout
    Disk disk;
    bool syncScheduled = false;
    bool slowDisk = false;
    int64_t clockOffset = 0;
    std::map<std::pair<int64_t, int32_t>, uint64_t> pending;  // (session, cxid) -> client op id
    std::map<int64_t, uint64_t> pendingSyncs;                // tag -> client op id
    std::map<int64_t, int64_t> deadlines;                    // leader: session -> expiry (monotonic)
    std::map<int64_t, int32_t> lastCxid;                     // leader: duplicate filter
    Zxid lastApplied() const { return applied.empty() ? 0 : applied.back().first; }
};

struct Client {
    int idx = 0;
    int node = 0;
    int64_t session = 0;
    int32_t cxid = 0;
    bool busy = false;
    uint64_t opId = 0;
    RegOp op;
    bool record = false;    // goes into the linearizability history
    bool isSession = false; // a createSession request
    int writes = 0;
    int postHeal = 0;
    bool ephemeral = false;
};

struct Event {
    int64_t t;
    uint64_t seq;
    std::function<void()> fn;
    bool operator>(const Event& o) const { return t != o.t ? t > o.t : seq > o.seq; }
};

class Sim {
public:
    Sim(uint64_t seed, const SimOptions& opt) : rng_(seed), opt_(opt) {
        report_.seed = seed;
        int voters = 3 + int(rnd(3));
        int observers = rnd(4) == 0 ? 1 : 0;
        report_.voters = voters;
        report_.observers = observers;
        for (int i = 1; i <= voters; ++i) cfgVoters_.push_back(i);
        for (int i = 0; i < observers; ++i) cfgObservers_.push_back(voters + 1 + i);
        nodes_.resize(size_t(voters + observers));
        for (size_t i = 0; i < nodes_.size(); ++i) nodes_[i].id = ServerId(i + 1);
        blocked_.assign(nodes_.size() + 1, std::vector<bool>(nodes_.size() + 1, false));
        int nClients = 2 + int(rnd(3));
        clients_.resize(size_t(nClients));
        for (int i = 0; i < nClients; ++i) {
            clients_[size_t(i)].idx = i;
            clients_[size_t(i)].node = int(rnd(nodes_.size()));
        }
    }

    SimReport run() {
        try {
            for (auto& n : nodes_) restart(n, rnd(kTickMs));
            for (auto& c : clients_) at(50 + rnd(200), [this, &c] { clientNext(c); });
            scheduleFault();
            at(opt_.faultMs, [this] { heal(); });
            while (!queue_.empty()) {
                Event e = queue_.top();
                queue_.pop();
                now_ = e.t;
                ++report_.events;
                e.fn();
                if (healed_ && settled()) break;
                if (report_.events > kMaxEvents) throw Failure("event budget exhausted (a message storm?)");
                if (now_ > opt_.faultMs + opt_.settleLimitMs)
                    throw Failure("liveness: not settled " + std::to_string(opt_.settleLimitMs) +
                                  " ms after faults stopped (" + settleState() + ")");
            }
            finalChecks();
        } catch (const Failure& f) {
            report_.ok = false;
            report_.failure = f.what();
        }
        report_.committed = global_.size();
        return report_;
    }

private:
    // ---------------------------------------------------------------- plumbing
    uint64_t rnd(uint64_t n) { return n ? rng_() % n : 0; }
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
    void at(int64_t delay, std::function<void()> fn) { queue_.push(Event{now_ + delay, ++seq_, std::move(fn)}); }
    void trace(const std::string& s) {
        if (opt_.trace) std::fprintf(stderr, "%7lld %s\n", static_cast<long long>(now_), s.c_str());
    }
    Node& node(ServerId id) { return nodes_[size_t(id - 1)]; }
    QuorumConfig config(const Node& n) const {
        QuorumConfig c;
        c.self = n.id;
        c.voters = cfgVoters_;
        c.observers = cfgObservers_;
        c.snapCount = 40;
        c.incarnation = n.incarnation;
        return c;
    }

    // ---------------------------------------------------------------- network
    void sendMsg(ServerId from, ServerId to, const Message& m) {
        if (const auto* d = std::get_if<Diff>(&m.body)) { (void)d; ++report_.diffSyncs; }
        if (std::holds_alternative<Trunc>(m.body)) ++report_.truncSyncs;
        if (std::holds_alternative<Snap>(m.body)) ++report_.snapSyncs;
        std::string bytes = encode(m);
        if (blocked_[size_t(from)][size_t(to)] || chance(loss_)) return;
        int copies = chance(dup_) ? 2 : 1;
        for (int i = 0; i < copies; ++i) {
            int64_t delay = 1 + int64_t(rnd(8)) + (spike_ && chance(0.3) ? int64_t(rnd(400)) : 0);
            // A channel is FIFO (as TCP) unless the reorder fault is on.
            int64_t& last = lastArrival_[{from, to}];
            if (!reorder_) delay = std::max(delay, last - now_);
            last = std::max(last, now_ + delay);
            at(delay, [this, to, bytes] { deliver(to, bytes); });
        }
    }
    void deliver(ServerId to, const std::string& bytes) {
        Node& n = node(to);
        if (!n.up) return;
        std::string err;
        auto m = decode(bytes, &err);
        if (!m) throw Failure("undecodable message: " + err);
        trace("deliver " + std::to_string(m->from) + "->" + std::to_string(to) + " " + typeName(*m));
        process(n, n.peer->receive(*m));
    }

    // ---------------------------------------------------------------- nodes
    void restart(Node& n, int64_t firstTick) {
        n.up = true;
        ++n.incarnation;
        n.tree = std::make_unique<tree::DataTree>();
        n.rp.reset();
        n.applied.clear();
        n.sessions.clear();
        n.pending.clear();
        n.pendingSyncs.clear();
        n.deadlines.clear();
        n.syncScheduled = false;
        for (const auto& [z, id] : decodeApplied(n.disk.snap)) applyLocal(n, z, id, false);
        DurableState d{n.disk.acceptedEpoch, n.disk.currentEpoch, n.disk.snapZxid, n.disk.log};
        n.peer = std::make_unique<QuorumPeer>(config(n), std::move(d));
        trace("start " + std::to_string(n.id) + " log=" + std::to_string(n.disk.log.size()));
        process(n, n.peer->start());
        int64_t inc = n.incarnation;
        at(firstTick, [this, &n, inc] { tick(n, inc); });
    }
    void crash(Node& n) {
        if (!n.up) return;
        trace("crash " + std::to_string(n.id));
        ++report_.crashes;
        n.up = false;
        n.peer.reset();
        // The survivors' transports see the connections close.
        for (auto& m : nodes_)
            if (m.id != n.id) unreachable(m, n.id);
        n.rp.reset();
        n.disk.log.resize(n.disk.durable);  // unsynced entries are lost
    }
    // The host's transport reports a lost connection (PeerTransport does on
    // a close or refused connect), a few ms later; no randomness, so seeds
    // keep their fault schedule.
    void unreachable(Node& n, ServerId peer) {
        if (!n.up) return;
        int64_t inc = n.incarnation;
        at(1 + (n.id + peer) % 5, [this, &n, inc, peer] {
            if (!n.up || n.incarnation != inc) return;
            trace("unreachable " + std::to_string(peer) + " at " + std::to_string(n.id));
            process(n, n.peer->peerUnreachable(peer));
        });
    }
    void tick(Node& n, int64_t inc) {
        if (!n.up || n.incarnation != inc) return;
        process(n, n.peer->tick());
        if (n.rp) expireSessions(n);
        at(kTickMs, [this, &n, inc] { tick(n, inc); });
    }
    void diskSync(Node& n, int64_t inc) {
        if (!n.up || n.incarnation != inc) return;
        n.syncScheduled = false;
        n.disk.durable = n.disk.log.size();
        Zxid z = n.disk.log.empty() ? n.disk.snapZxid : n.disk.log.back().zxid;
        process(n, n.peer->onLogSynced(z));
    }

    void process(Node& n, Effects effects) {
        for (auto& e : effects) {
            if (!n.up) return;
            std::visit([&](auto& x) { handle(n, x); }, e);
        }
    }
    void handle(Node& n, effect::Send& e) { sendMsg(n.id, e.to, e.msg); }
    void handle(Node& n, effect::PersistEpochs& e) {
        n.disk.acceptedEpoch = e.acceptedEpoch;
        n.disk.currentEpoch = e.currentEpoch;
    }
    void handle(Node& n, effect::AppendLog& e) {
        for (auto& x : e.entries) {
            if (!n.disk.log.empty() && x.zxid <= n.disk.log.back().zxid)
                throw Failure("node " + std::to_string(n.id) + " appended out of order");
            n.disk.log.push_back(x);
        }
        if (!n.syncScheduled) {
            n.syncScheduled = true;
            int64_t inc = n.incarnation;
            at(n.slowDisk ? 50 + int64_t(rnd(400)) : 1 + int64_t(rnd(4)), [this, &n, inc] { diskSync(n, inc); });
        }
    }
    void handle(Node& n, effect::TruncateLog& e) {
        if (e.zxid < n.lastApplied())
            throw Failure("node " + std::to_string(n.id) + " told to truncate to " + hex(e.zxid) +
                          " below applied " + hex(n.lastApplied()));
        while (!n.disk.log.empty() && n.disk.log.back().zxid > e.zxid) n.disk.log.pop_back();
        n.disk.durable = std::min(n.disk.durable, n.disk.log.size());
    }
    void handle(Node& n, effect::InstallSnapshot& e) {
        Applied a = decodeApplied(e.state);
        if (a.size() < n.applied.size() || !std::equal(n.applied.begin(), n.applied.end(), a.begin()))
            throw Failure("node " + std::to_string(n.id) + " snapshot does not extend its applied history");
        n.tree = std::make_unique<tree::DataTree>();
        n.applied.clear();
        n.sessions.clear();
        for (const auto& [z, id] : a) applyLocal(n, z, id, false);
        n.disk.snap = e.state;
        n.disk.snapZxid = e.zxid;
        n.disk.log.clear();
        n.disk.durable = 0;
    }
    void handle(Node& n, effect::TakeSnapshot& e) {
        if (e.zxid != n.lastApplied()) throw Failure("snapshot zxid is not the applied zxid");
        n.disk.snap = encodeApplied(n.applied);
        n.disk.snapZxid = e.zxid;
        size_t drop = 0;
        while (drop < n.disk.log.size() && n.disk.log[drop].zxid <= e.zxid) ++drop;
        n.disk.log.erase(n.disk.log.begin(), n.disk.log.begin() + long(drop));
        n.disk.durable = n.disk.durable > drop ? n.disk.durable - drop : 0;
    }
    void handle(Node& n, effect::SendSnapshot& e) {
        if (e.zxid != n.lastApplied()) throw Failure("SNAP zxid is not the applied zxid");
        sendMsg(n.id, e.to, makeSnap(e, encodeApplied(n.applied)));
    }
    void handle(Node& n, effect::Apply& e) { applyLocal(n, e.entry.zxid, decodeId(e.entry.payload), true); }
    void handle(Node& n, effect::ClientRequest& e) { leaderPrepare(n, reqs_.at(decodeId(e.payload))); }
    void handle(Node& n, effect::SyncDone& e) {
        auto it = n.pendingSyncs.find(e.tag);
        if (it == n.pendingSyncs.end()) return;
        uint64_t opId = it->second;
        n.pendingSyncs.erase(it);
        for (auto& c : clients_)
            if (c.busy && c.opId == opId) finishRead(c, n);
    }
    void handle(Node& n, effect::RoleChanged& e) {
        trace("role " + std::to_string(n.id) + " " + stateName(e.state) + " leader=" + std::to_string(e.leader) +
              " epoch=" + std::to_string(e.epoch) + (e.established ? " established" : ""));
        n.rp.reset();
        n.deadlines.clear();
        n.lastCxid.clear();
        if (e.state == PeerState::Leading && e.established) {
            auto [it, fresh] = epochLeader_.emplace(e.epoch, n.id);
            if (!fresh && it->second != n.id)
                throw Failure("two leaders in epoch " + std::to_string(e.epoch) + ": " + std::to_string(it->second) +
                              " and " + std::to_string(n.id));
            n.rp = std::make_unique<server::RequestProcessor>(*n.tree, serverConfig_);
            // Sessions survive a leader change: the new leader restarts their clocks.
            for (const auto& [s, t] : n.sessions) n.deadlines[s] = now_ + t;
            if (healed_ && electedAfterHeal_ < 0) electedAfterHeal_ = now_;
        }
    }

    static std::string hex(Zxid z) {
        char b[32];
        std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(z));
        return b;
    }

    // ---------------------------------------------------------------- state machine host
    void applyLocal(Node& n, Zxid z, uint64_t id, bool live) {
        if (z <= n.lastApplied()) throw Failure("node " + std::to_string(n.id) + " applied " + hex(z) + " twice/out of order");
        const auto& p = txns_.at(id);
        if (p.header.zxid != z) throw Failure("payload/zxid mismatch");
        size_t idx = n.applied.size();
        if (idx < global_.size()) {
            if (global_[idx] != std::make_pair(z, id))
                throw Failure("node " + std::to_string(n.id) + " applied " + hex(z) + " at position " +
                              std::to_string(idx) + " where the history has " + hex(global_[idx].first));
        } else {
            global_.emplace_back(z, id);
        }
        n.applied.emplace_back(z, id);
        tree::ApplyResult r = n.tree->apply(p.header, p.txn);
        if (n.rp) n.rp->applied(z);
        if (p.header.type == OpCode::CreateSession) {
            int32_t t = std::get<tree::CreateSessionTxn>(p.txn.body).timeoutMs;
            n.sessions[p.header.clientId] = t;
            if (n.rp) n.deadlines[p.header.clientId] = now_ + t;
        } else if (p.header.type == OpCode::CloseSession) {
            n.sessions.erase(p.header.clientId);
            n.deadlines.erase(p.header.clientId);
        }
        if (!live) return;
        auto it = n.pending.find({p.header.clientId, p.header.cxid});
        if (it == n.pending.end()) return;
        uint64_t opId = it->second;
        n.pending.erase(it);
        for (auto& c : clients_) {
            if (!c.busy || c.opId != opId) continue;
            if (c.isSession) {
                c.session = p.header.clientId;
                complete(c, true);
            } else {
                c.op.ok = r.err == proto::Err::Ok;
                complete(c, true);
            }
        }
    }

    void leaderPrepare(Node& n, const ClientReq& req) {
        if (!n.rp) return;
        if (req.op == OpCode::CreateSession) {
            if (n.sessions.count(req.session) || n.deadlines.count(req.session)) return;
            n.deadlines[req.session] = now_ + kSessionTimeoutMs;
        } else {
            auto d = n.deadlines.find(req.session);
            if (d == n.deadlines.end()) return;  // expired or unknown: the client times out
            d->second = now_ + kSessionTimeoutMs;
            auto [lc, fresh] = n.lastCxid.emplace(req.session, req.cxid);
            if (!fresh) {
                if (req.cxid <= lc->second) return;  // a duplicated message
                lc->second = req.cxid;
            }
        }
        Effects out;
        const int64_t wall = kWallBase + now_ + n.clockOffset;
        n.peer->propose([&](Zxid z) {
            server::Prepared p;
            if (req.op == OpCode::CreateSession) {
                p = n.rp->prepareCreateSession(req.session, kSessionTimeoutMs, z, wall);
            } else {
                server::ClientContext ctx;
                ctx.sessionId = req.session;
                ctx.authIds = {proto::Id{"ip", "127.0.0.1"}};
                p = n.rp->prepare(ctx, req.cxid, req.op, req.body, z, wall);
            }
            txns_.push_back(std::move(p));
            return encodeId(txns_.size() - 1);
        }, out);
        process(n, std::move(out));
    }

    void expireSessions(Node& n) {
        std::vector<int64_t> dead;
        for (const auto& [s, dl] : n.deadlines)
            if (dl <= now_ && n.sessions.count(s)) dead.push_back(s);
        for (int64_t s : dead) {
            n.deadlines.erase(s);
            ++report_.sessionsExpired;
            Effects out;
            const int64_t wall = kWallBase + now_ + n.clockOffset;
            n.peer->propose([&](Zxid z) {
                txns_.push_back(n.rp->prepareCloseSession(s, z, wall));
                return encodeId(txns_.size() - 1);
            }, out);
            process(n, std::move(out));
            if (!n.rp) return;
        }
    }

    // ---------------------------------------------------------------- clients
    void clientNext(Client& c) {
        if (c.busy) return;
        if (healed_ && c.postHeal >= kPostHealOps) return;
        Node& n = nodes_[size_t(c.node)];
        c.op = RegOp{};
        c.op.client = c.idx;
        c.op.invoke = now_;
        c.opId = ++opCounter_;
        c.record = false;
        c.isSession = false;
        ClientReq req;
        if (c.session == 0) {
            c.isSession = true;
            req.session = (int64_t(n.id) << 56) | ++sessionCounter_;
            req.op = OpCode::CreateSession;
        } else {
            req.session = c.session;
            req.cxid = ++c.cxid;
            std::string key = "/k" + std::to_string(rnd(2));
            std::string value = "c" + std::to_string(c.idx) + "-" + std::to_string(++c.writes);
            c.op.key = key;
            uint64_t r = rnd(100);
            if (r < 30) {  // sync + read: linearizable in this design
                c.op.kind = RegOp::Read;
                c.record = true;
                int64_t tag = ++tagCounter_;
                Effects out;
                if (!n.up || !n.peer->sync(tag, out)) return connectionLoss(c);
                c.busy = true;
                n.pendingSyncs[tag] = c.opId;
                armTimeout(c);
                process(n, std::move(out));
                return;
            }
            if (r < 40) {  // a plain local read: sequentially consistent only, not recorded
                if (!n.up || !n.peer->established()) return connectionLoss(c);
                at(1 + int64_t(rnd(50)), [this, &c] { clientNext(c); });
                return;
            }
            c.record = true;
            if (r < 52) {
                c.op.kind = RegOp::Create;
                req.op = OpCode::Create;
                req.body = proto::encode(proto::CreateRequest{key, value, proto::openAclUnsafe(), 0});
            } else if (r < 75) {
                c.op.kind = RegOp::Write;
                req.op = OpCode::SetData;
                req.body = proto::encode(proto::SetDataRequest{key, value, -1});
            } else if (r < 95 || c.ephemeral) {
                c.op.kind = RegOp::Cas;
                c.op.expectVersion = int32_t(rnd(4));
                req.op = OpCode::SetData;
                req.body = proto::encode(proto::SetDataRequest{key, value, c.op.expectVersion});
            } else {
                c.record = false;
                c.ephemeral = true;
                req.op = OpCode::Create;
                req.body = proto::encode(proto::CreateRequest{"/e" + std::to_string(c.idx), value,
                                                              proto::openAclUnsafe(), 1 /* ephemeral */});
            }
            c.op.value = value;
        }
        reqs_.push_back(req);
        Effects out;
        if (!n.up || !n.peer->submit(encodeId(reqs_.size() - 1), out)) {
            if (!c.isSession) --c.cxid;
            return connectionLoss(c);
        }
        c.busy = true;
        n.pending[{req.session, req.cxid}] = c.opId;
        armTimeout(c);
        process(n, std::move(out));
    }
    void connectionLoss(Client& c) {
        c.node = int(rnd(nodes_.size()));  // the client reconnects elsewhere
        at(20 + int64_t(rnd(60)), [this, &c] { clientNext(c); });
    }
    void armTimeout(Client& c) {
        uint64_t id = c.opId;
        at(kRequestTimeoutMs, [this, &c, id] {
            if (!c.busy || c.opId != id) return;
            complete(c, false);
        });
    }
    void finishRead(Client& c, Node& n) {
        const tree::Node* z = n.tree->find(c.op.key);
        c.op.exists = z != nullptr;
        if (z) {
            c.op.readValue = std::string(z->data());
            c.op.readVersion = z->stat().version;
        }
        complete(c, true);
    }
    void complete(Client& c, bool responded) {
        c.busy = false;
        if (responded) c.op.response = now_;
        ++report_.clientOps;
        if (!responded) ++report_.indeterminate;
        if (c.record && (responded || c.op.kind != RegOp::Read)) history_.push_back(c.op);
        if (c.isSession && !responded) c.session = 0;  // unknown outcome: open another one
        if (healed_ && c.op.invoke >= healAt_) {
            report_.maxRequestMsAfterHeal =
                std::max(report_.maxRequestMsAfterHeal, (responded ? now_ : now_) - c.op.invoke);
            if (responded) ++c.postHeal;
        }
        if (!responded) {
            // An unanswered session may have been expired by the leader; a
            // ZooKeeper client would learn that on reconnect.
            if (!c.isSession && rnd(3) == 0) c.session = 0;
            c.node = int(rnd(nodes_.size()));
        }
        at(1 + int64_t(rnd(healed_ ? 20 : 150)), [this, &c] { clientNext(c); });
    }

    // ---------------------------------------------------------------- faults
    void scheduleFault() {
        at(100 + int64_t(rnd(600)), [this] {
            if (healed_) return;
            fault();
            scheduleFault();
        });
    }
    void fault() {
        size_t k = nodes_.size();
        switch (rnd(10)) {
        case 0: crash(nodes_[rnd(k)]); break;
        case 1:
            for (auto& n : nodes_)
                if (!n.up) {
                    restart(n, 1 + int64_t(rnd(kTickMs)));
                    break;
                }
            break;
        case 2: {  // symmetric partition into two sides
            std::vector<int> side(k + 1);
            for (size_t i = 1; i <= k; ++i) side[i] = int(rnd(2));
            for (size_t a = 1; a <= k; ++a)
                for (size_t b = 1; b <= k; ++b) blocked_[a][b] = side[a] != side[b];
            trace("partition");
            for (size_t a = 1; a <= k; ++a)
                for (size_t b = 1; b <= k; ++b)
                    if (side[a] != side[b]) unreachable(nodes_[a - 1], ServerId(b));
            break;
        }
        case 3: {  // one direction only; the sender's transport notices
            const size_t a = 1 + rnd(k), b = 1 + rnd(k);
            blocked_[a][b] = true;
            trace("asymmetric block");
            if (a != b) unreachable(nodes_[a - 1], ServerId(b));
            break;
        }
        case 4:
            for (auto& row : blocked_) std::fill(row.begin(), row.end(), false);
            trace("heal partitions");
            break;
        case 5: loss_ = chance(0.5) ? 0.0 : 0.05 * double(1 + rnd(4)); break;
        case 6: dup_ = chance(0.5) ? 0.0 : 0.1; break;
        case 7:
            if (chance(0.5))
                spike_ = !spike_;
            else
                reorder_ = !reorder_;
            break;
        case 8: { Node& n = nodes_[rnd(k)]; n.slowDisk = !n.slowDisk; break; }
        case 9: nodes_[rnd(k)].clockOffset += int64_t(rnd(2)) ? 3'600'000 : -3'600'000; break;  // clock jump
        }
    }
    void heal() {
        trace("faults stop");
        healed_ = true;
        healAt_ = now_;
        loss_ = dup_ = 0;
        spike_ = false;
        reorder_ = false;
        for (auto& row : blocked_) std::fill(row.begin(), row.end(), false);
        for (auto& n : nodes_) {
            n.slowDisk = false;
            if (!n.up) restart(n, 1 + int64_t(rnd(kTickMs)));
        }
    }

    const Node* establishedLeader() const {
        for (const auto& n : nodes_)
            if (n.up && n.peer->state() == PeerState::Leading && n.peer->established()) return &n;
        return nullptr;
    }
    bool settled() {
        for (const auto& c : clients_)
            if (c.busy || c.postHeal < kPostHealOps) return false;
        const Node* l = establishedLeader();
        if (!l) return false;
        if (report_.settleMs < 0) report_.settleMs = now_ - healAt_;
        for (const auto& n : nodes_)
            if (!n.peer->established() || n.lastApplied() != l->lastApplied() ||
                n.peer->lastZxid() != l->peer->lastZxid())
                return false;
        return true;
    }
    std::string settleState() const {
        std::string s;
        for (const auto& n : nodes_)
            s += std::to_string(n.id) + ":" + stateName(n.peer->state()) + (n.peer->established() ? "+" : "") +
                 " applied=" + hex(n.lastApplied()) + " ";
        for (const auto& c : clients_) s += "c" + std::to_string(c.idx) + "=" + std::to_string(c.postHeal) + " ";
        return s;
    }

    void finalChecks() {
        report_.electionAfterHealMs = electedAfterHeal_ < 0 ? 0 : electedAfterHeal_ - healAt_;
        // Sessions and ephemerals agree across replicas.
        const Node& ref = nodes_[0];
        for (const auto& n : nodes_) {
            if (n.sessions != ref.sessions)
                throw Failure("session tables differ between nodes " + std::to_string(ref.id) + " and " +
                              std::to_string(n.id));
            for (const auto& [s, t] : n.sessions)
                if (n.tree->ephemeralsOf(s) != ref.tree->ephemeralsOf(s))
                    throw Failure("ephemerals of a session differ between replicas");
            if (n.tree->nodeCount() != ref.tree->nodeCount() ||
                n.tree->approximateDataSize() != ref.tree->approximateDataSize())
                throw Failure("trees differ after settling");
        }
        LinResult lin = checkLinearizable(history_, 200000);
        if (!lin.linearizable) throw Failure("not linearizable: " + lin.explanation);
    }

    std::mt19937_64 rng_;
    SimOptions opt_;
    SimReport report_;
    int64_t now_ = 0;
    uint64_t seq_ = 0;
    std::priority_queue<Event, std::vector<Event>, std::greater<>> queue_;
    std::vector<ServerId> cfgVoters_, cfgObservers_;
    std::vector<Node> nodes_;
    std::vector<Client> clients_;
    std::vector<std::vector<bool>> blocked_;
    double loss_ = 0, dup_ = 0;
    bool spike_ = false;
    bool reorder_ = false;
    std::map<std::pair<ServerId, ServerId>, int64_t> lastArrival_;
    bool healed_ = false;
    int64_t healAt_ = 0;
    int64_t electedAfterHeal_ = -1;
    std::map<int64_t, ServerId> epochLeader_;
    std::vector<server::Prepared> txns_;
    std::vector<ClientReq> reqs_;
    Applied global_;
    std::vector<RegOp> history_;
    ServerConfig serverConfig_;
    uint64_t opCounter_ = 0;
    int64_t tagCounter_ = 0;
    int64_t sessionCounter_ = 0;
};

}  // namespace

SimReport runSeed(uint64_t seed, const SimOptions& options) { return Sim(seed, options).run(); }

}  // namespace zooscope::sim
