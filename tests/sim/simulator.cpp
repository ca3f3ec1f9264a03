#include "simulator.h"

#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <random>
#include <stdexcept>

#include "env/fault_injection_env.h"
#include "linearizability.h"
#include "mem_env.h"
#include "proto/archive.h"
#include "proto/records.h"
#include "server/four_letter_words.h"
#include "server/server_core.h"
#include "storage/snapshot.h"
#include "storage/tree_dump.h"
#include "storage/txn_codec.h"

namespace zooscope::sim {
namespace {

using namespace quorum;
using proto::Err;
using proto::OpCode;

constexpr int32_t kTickTimeMs = 100;  // the servers' tickTime: a 50 ms protocol tick, initLimit 1 s, syncLimit 0.5 s
constexpr int64_t kRequestTimeoutMs = 2000;
constexpr int32_t kSessionTimeoutMs = 10000;
constexpr int kPostHealOps = 3;
constexpr size_t kMaxEvents = 3'000'000;
constexpr int64_t kWallBase = 1'700'000'000'000;
constexpr char kDataDir[] = "/data";

struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string hex(Zxid z) {
    char b[32];
    std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(z));
    return b;
}

class Sim;
struct Client;

// One server: the production engine (server::ServerCore with its QuorumHost)
// on a simulated disk and clock, simulated timers and a simulated network.
struct Node {
    ServerId id = 0;
    bool up = false;
    int64_t incarnation = 0;  // guards callbacks scheduled by an earlier life
    std::shared_ptr<MemEnv> disk;
    std::shared_ptr<FaultInjectionEnv> env;  // the disk as a crash sees it; the wall clock (jumps)
    std::unique_ptr<server::Timers> timers;
    std::unique_ptr<server::PeerLink> peers;
    std::unique_ptr<server::ServerCore> core;
    bool slowDisk = false;
    int64_t lastPostDue = 0;  // posts run in the order posted
    // What the checks know of it: its applied history is global_[0, applied),
    // its state said to be through lastApplied (the last of those, or an
    // epoch's base when recovery found only a log of that epoch).
    size_t applied = 0;
    Zxid lastApplied = 0;
    Zxid lastLogged = 0;

    server::QuorumHost& host() { return *core->quorumHost(); }
    const QuorumPeer& peer() const { return core->quorumHost()->peer(); }
};

// A client connection to one node's engine, as the socket layer would give it.
class SimLink final : public server::ClientLink {
public:
    SimLink(Sim& sim, Client& client, uint64_t id, Node& node)
        : sim_(sim), client_(client), id_(id), node_(&node), incarnation_(node.incarnation) {}
    void send(std::string framed) override;
    void closeAfterFlush() override;
    uint64_t linkId() const override { return id_; }
    const std::string& remoteAddress() const override { return address_; }

    // Open and attached to the node's current life.
    bool live() const { return open_ && node_->up && node_->incarnation == incarnation_; }
    Node& node() { return *node_; }
    void markClosed() { open_ = false; }

private:
    Sim& sim_;
    Client& client_;
    uint64_t id_;
    Node* node_;
    int64_t incarnation_;
    bool open_ = true;
    const std::string address_ = "127.0.0.1";
};

struct Client {
    int idx = 0;
    int node = 0;  // the node it (re)connects to
    int64_t session = 0;
    Zxid lastZxidSeen = 0;
    // As ZooKeeper's clients, one xid sequence across reconnects: members
    // match a committed write to its request by (session, xid).
    int32_t xid = 0;
    std::unique_ptr<SimLink> link;
    bool handshakeDone = false;
    bool busy = false;
    uint64_t opId = 0;
    RegOp op;
    bool record = false;      // goes into the linearizability history
    bool connecting = false;  // the pending op is a ConnectRequest
    int32_t awaitXid = 0;     // the reply that completes the pending op
    bool awaitRead = false;   // ... a GetData reply (else a write's)
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
        nodes_.resize(size_t(voters + observers));
        for (size_t i = 0; i < nodes_.size(); ++i) {
            Node& n = nodes_[i];
            n.id = ServerId(i + 1);
            n.disk = std::make_shared<MemEnv>([this] { return now_; }, kWallBase);
            n.env = std::make_shared<FaultInjectionEnv>(n.disk);
            (void)n.env->createDirs(kDataDir);
            servers_.push_back(PeerSpec{n.id, "127.0.0.1", uint16_t(20000 + i), uint16_t(21000 + i),
                                        int(i) >= voters, std::nullopt, std::nullopt});
        }
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
            // Each node boots at its own moment, so their ticks are out of phase.
            for (auto& n : nodes_) at(int64_t(rnd(kTickTimeMs)), [this, &n] { restart(n); });
            for (auto& c : clients_) at(50 + int64_t(rnd(200)), [this, &c] { clientNext(c); });
            scheduleFault();
            at(opt_.faultMs, [this] { heal(); });
            while (!queue_.empty()) {
                Event e = queue_.top();
                queue_.pop();
                now_ = e.t;
                ++report_.events;
                e.fn();
                retired_.clear();  // no engine call is running now
                for (const auto& n : nodes_)
                    if (n.up && n.core->failed())
                        throw Failure("node " + std::to_string(n.id) + " stopped on a fatal error (replay with --trace)");
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
        } catch (const std::exception& e) {  // e.g. a reply the client cannot decode
            report_.ok = false;
            report_.failure = std::string("unexpected exception: ") + e.what();
        }
        report_.committed = global_.size();
        return report_;
    }

    // ---------------------------------------------------------------- client links
    void onReply(Client& c, SimLink& link, const std::string& framed);
    void onClosed(Client& c, SimLink& link);

    // ---------------------------------------------------------------- seams
    void at(int64_t delay, std::function<void()> fn) { queue_.push(Event{now_ + delay, ++seq_, std::move(fn)}); }
    // Runs fn in `n`'s current life only.
    void atNode(Node& n, int64_t delay, std::function<void()> fn) {
        const int64_t inc = n.incarnation;
        at(delay, [&n, inc, fn = std::move(fn)] {
            if (n.up && n.incarnation == inc) fn();
        });
    }
    // A post is the host's log sync (and snapshot steps): as slow as the disk.
    void post(Node& n, std::function<void()> fn) {
        const int64_t delay = n.slowDisk ? 50 + int64_t(rnd(400)) : 1 + int64_t(rnd(4));
        const int64_t due = std::max(now_ + delay, n.lastPostDue);
        n.lastPostDue = due;
        atNode(n, due - now_, std::move(fn));
    }
    void sendMsg(ServerId from, ServerId to, const Message& m);

private:
    // ---------------------------------------------------------------- plumbing
    uint64_t rnd(uint64_t n) { return n ? rng_() % n : 0; }
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
    void trace(const std::string& s) {
        if (opt_.trace) std::fprintf(stderr, "%7lld %s\n", static_cast<long long>(now_), s.c_str());
    }
    Node& node(ServerId id) { return nodes_[size_t(id - 1)]; }

    ServerConfig config(const Node& n) const {
        ServerConfig c;
        c.tickTime = kTickTimeMs;
        c.initLimit = 10;
        c.syncLimit = 5;
        c.maxSessionTimeout = kSessionTimeoutMs;
        c.dataDir = kDataDir;
        c.preAllocSizeKb = 16;
        c.snapCount = 40;
        c.purgeIntervalHours = 1;
        c.myid = n.id;
        c.servers = servers_;
        return c;
    }

    // ---------------------------------------------------------------- network
    void deliver(ServerId to, const std::string& bytes) {
        Node& n = node(to);
        if (!n.up) return;
        std::string err;
        auto m = decode(bytes, &err);
        if (!m) throw Failure("undecodable message: " + err);
        trace("deliver " + std::to_string(m->from) + "->" + std::to_string(to) + " " + typeName(*m));
        n.host().onPeerMessage(*m);
    }

    // ---------------------------------------------------------------- nodes
    void restart(Node& n);
    void crash(Node& n) {
        if (!n.up) return;
        trace("crash " + std::to_string(n.id));
        ++report_.crashes;
        n.up = false;
        // Power loss: unsynced bytes and unsynced renames go; then the process is gone.
        (void)n.env->simulateCrash(FaultInjectionEnv::CrashMode::DropUnsynced);
        n.core.reset();
        // The survivors' transports, and the clients connected here, see the connections close.
        for (auto& m : nodes_)
            if (m.id != n.id) unreachable(m, n.id);
        for (auto& c : clients_)
            if (c.link && &c.link->node() == &n) {
                const uint64_t id = c.link->linkId();
                at(1 + c.idx % 5, [this, &c, id] {
                    if (c.link && c.link->linkId() == id) onClosed(c, *c.link);
                });
            }
    }
    // The host's transport reports a lost connection (PeerTransport does on
    // a close or refused connect), a few ms later; no randomness, so seeds
    // keep their fault schedule.
    void unreachable(Node& n, ServerId peer) {
        if (!n.up) return;
        atNode(n, 1 + (n.id + peer) % 5, [this, &n, peer] {
            trace("unreachable " + std::to_string(peer) + " at " + std::to_string(n.id));
            n.host().onPeerUnreachable(peer);
        });
    }

    // ---------------------------------------------------------------- checks
    // Sees every quorum effect of `n` before its host executes it.
    void observe(Node& n, const Effect& effect);
    // `state` (said to be through zxid z) must be the committed history's
    // state there: global_[0, k) applied to an empty tree. z is a committed
    // zxid, or an epoch's base (counter 0) when the log is all a member has.
    // Returns k.
    size_t checkCommittedState(const tree::DataTree& state, Zxid z, const std::string& what) const {
        size_t k = 0;
        while (k < global_.size() && global_[k].first <= z) ++k;
        if (z != 0 && counterOf(z) != 0 && (k == 0 || global_[k - 1].first != z))
            throw Failure(what + " at " + hex(z) + ", which is not in the committed history");
        tree::DataTree ref;
        for (size_t i = 0; i < k; ++i) {
            tree::TxnHeader h;
            tree::Txn t;
            (void)storage::decodeTxn(global_[i].second, &h, &t);
            ref.apply(h, t);
        }
        ref.setConfigData(server::membershipText(config(nodes_[0])));
        if (storage::dumpTree(ref) != storage::dumpTree(state))
            throw Failure(what + " at " + hex(z) + " a state other than the committed one");
        return k;
    }

    // ---------------------------------------------------------------- clients
    void clientNext(Client& c);
    void send(Client& c, int32_t xid, OpCode type, const std::string& body) {
        proto::OutputArchive o;
        proto::write(o, proto::RequestHeader{xid, type});
        std::string frame = o.take() + body;
        c.link->node().core->onFrame(*c.link, frame);
    }
    void dropLink(Client& c) {
        if (!c.link) return;
        if (c.link->live()) c.link->node().core->detach(*c.link);
        c.link->markClosed();
        // Not destroyed here: the engine may still be inside a call on it.
        retired_.push_back(std::move(c.link));
        c.handshakeDone = false;
    }
    void armTimeout(Client& c) {
        const uint64_t id = c.opId;
        at(kRequestTimeoutMs, [this, &c, id] {
            if (!c.busy || c.opId != id) return;
            // No answer: the client gives up on the connection and its request.
            dropLink(c);
            complete(c, false);
        });
    }
    void connectionLoss(Client& c) {
        dropLink(c);
        c.node = int(rnd(nodes_.size()));  // the client reconnects elsewhere
        at(20 + int64_t(rnd(60)), [this, &c] { clientNext(c); });
    }
    void complete(Client& c, bool responded) {
        c.busy = false;
        if (responded) c.op.response = now_;
        // A connection that failed before its handshake is not a request.
        const bool attempt = c.connecting && !responded;
        if (!attempt) ++report_.clientOps;
        if (!responded && !attempt) ++report_.indeterminate;
        if (c.record && (responded || c.op.kind != RegOp::Read)) history_.push_back(c.op);
        if (healed_ && c.op.invoke >= healAt_ && !attempt) {
            report_.maxRequestMsAfterHeal = std::max(report_.maxRequestMsAfterHeal, now_ - c.op.invoke);
            if (responded) ++c.postHeal;
        }
        if (!responded) {
            dropLink(c);
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
                    restart(n);
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
        case 9: nodes_[rnd(k)].env->jumpWallClock(rnd(2) ? 3'600'000 : -3'600'000); break;  // clock jump
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
            if (!n.up) restart(n);
        }
    }

    const Node* establishedLeader() const {
        for (const auto& n : nodes_)
            if (n.up && n.peer().state() == PeerState::Leading && n.peer().established()) return &n;
        return nullptr;
    }
    bool settled() {
        for (const auto& c : clients_)
            if (c.busy || c.postHeal < kPostHealOps) return false;
        const Node* l = establishedLeader();
        if (!l) return false;
        if (report_.settleMs < 0) report_.settleMs = now_ - healAt_;
        for (const auto& n : nodes_)
            if (!n.up || !n.peer().established() || n.applied != l->applied ||
                n.peer().lastZxid() != l->peer().lastZxid())
                return false;
        return true;
    }
    std::string settleState() const {
        std::string s;
        for (const auto& n : nodes_)
            s += std::to_string(n.id) + ":" + (n.up ? stateName(n.peer().state()) : "down") +
                 (n.up && n.peer().established() ? "+" : "") + " applied=" + hex(n.lastApplied) + " ";
        for (const auto& c : clients_) s += "c" + std::to_string(c.idx) + "=" + std::to_string(c.postHeal) + " ";
        return s;
    }

    void finalChecks() {
        report_.electionAfterHealMs = electedAfterHeal_ < 0 ? 0 : electedAfterHeal_ - healAt_;
        // Every replica holds the same tree: nodes, data, ACLs, stats, and the
        // ephemeral, container and TTL indexes (so sessions' ephemerals agree).
        const std::string ref = storage::dumpTree(nodes_[0].core->tree());
        for (const auto& n : nodes_)
            if (storage::dumpTree(n.core->tree()) != ref)
                throw Failure("trees differ between nodes 1 and " + std::to_string(n.id) + " after settling");
        LinResult lin = checkLinearizable(history_, 200000);
        if (!lin.linearizable) throw Failure("not linearizable: " + lin.explanation);
    }

    std::mt19937_64 rng_;
    SimOptions opt_;
    SimReport report_;
    int64_t now_ = 0;
    uint64_t seq_ = 0;
    std::priority_queue<Event, std::vector<Event>, std::greater<>> queue_;
    std::vector<PeerSpec> servers_;
    std::vector<Node> nodes_;
    std::vector<Client> clients_;
    std::vector<std::unique_ptr<SimLink>> retired_;
    std::vector<std::vector<bool>> blocked_;
    double loss_ = 0, dup_ = 0;
    bool spike_ = false;
    bool reorder_ = false;
    std::map<std::pair<ServerId, ServerId>, int64_t> lastArrival_;
    bool healed_ = false;
    int64_t healAt_ = 0;
    int64_t electedAfterHeal_ = -1;
    std::map<int64_t, ServerId> epochLeader_;
    std::vector<std::pair<Zxid, std::string>> global_;  // every committed txn, in order
    std::vector<RegOp> history_;
    uint64_t opCounter_ = 0;
    uint64_t linkCounter_ = 0;
};

// ---------------------------------------------------------------- seams of one node

class SimTimers final : public server::Timers {
public:
    SimTimers(Sim& sim, Node& n) : sim_(sim), node_(n) {}
    void post(std::function<void()> fn) override { sim_.post(node_, std::move(fn)); }
    void after(int64_t delayMs, std::function<void()> fn) override { sim_.atNode(node_, delayMs, std::move(fn)); }

private:
    Sim& sim_;
    Node& node_;
};

class SimPeers final : public server::PeerLink {
public:
    SimPeers(Sim& sim, ServerId self) : sim_(sim), self_(self) {}
    void send(ServerId to, const Message& msg) override { sim_.sendMsg(self_, to, msg); }

private:
    Sim& sim_;
    ServerId self_;
};

void SimLink::send(std::string framed) {
    if (live()) sim_.onReply(client_, *this, framed);
}

void SimLink::closeAfterFlush() {
    if (!live()) return;
    // As the socket layer may: the engine hears of it at once.
    node_->core->detach(*this);
    open_ = false;
    sim_.onClosed(client_, *this);
}

void Sim::sendMsg(ServerId from, ServerId to, const Message& m) {
    if (std::holds_alternative<Diff>(m.body)) ++report_.diffSyncs;
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

void Sim::restart(Node& n) {
    n.up = true;
    ++n.incarnation;
    n.lastPostDue = 0;
    n.timers = std::make_unique<SimTimers>(*this, n);
    n.peers = std::make_unique<SimPeers>(*this, n.id);
    std::string error;
    n.core = server::ServerCore::open(config(n),
                                      server::Seams{n.env, n.timers.get(), n.peers.get(),
                                                    [this, &n](const Effect& e) { observe(n, e); }},
                                      &error);
    if (!n.core) throw Failure("node " + std::to_string(n.id) + " does not start: " + error);
    // Recovery gives back a committed state: a prefix of the history.
    n.lastApplied = n.core->tree().lastProcessedZxid();
    n.applied = checkCommittedState(n.core->tree(), n.lastApplied, "node " + std::to_string(n.id) + " recovered");
    n.lastLogged = n.peer().lastZxid();
    trace("start " + std::to_string(n.id) + " applied=" + hex(n.lastApplied) + " log to " + hex(n.lastLogged));
    n.core->start();
}

void Sim::observe(Node& n, const Effect& effect) {
    const std::string who = "node " + std::to_string(n.id);
    if (const auto* e = std::get_if<effect::AppendLog>(&effect)) {
        for (const auto& x : e->entries) {
            if (x.zxid <= n.lastLogged) throw Failure(who + " appended " + hex(x.zxid) + " out of order");
            n.lastLogged = x.zxid;
        }
    } else if (const auto* e = std::get_if<effect::TruncateLog>(&effect)) {
        if (n.applied > 0 && global_[n.applied - 1].first > e->zxid)
            throw Failure(who + " told to truncate to " + hex(e->zxid) + " below applied " +
                          hex(global_[n.applied - 1].first));
        n.lastLogged = std::min(n.lastLogged, e->zxid);
    } else if (const auto* e = std::get_if<effect::InstallSnapshot>(&effect)) {
        tree::DataTree image;
        storage::SnapshotContents contents;
        if (auto st = storage::decodeSnapshotImage(e->state, "SNAP", &image, &contents); !st)
            throw Failure(who + " got a SNAP that does not decode: " + st.toString());
        const size_t k = checkCommittedState(image, e->zxid, who + " installs");
        if (k < n.applied) throw Failure(who + " snapshot does not extend its applied history");
        n.applied = k;
        n.lastApplied = n.lastLogged = e->zxid;
    } else if (const auto* e = std::get_if<effect::TakeSnapshot>(&effect)) {
        if (e->zxid != n.lastApplied || n.core->tree().lastProcessedZxid() != e->zxid)
            throw Failure(who + " snapshot zxid is not the applied zxid");
    } else if (const auto* e = std::get_if<effect::SendSnapshot>(&effect)) {
        if (e->zxid != n.lastApplied) throw Failure(who + " SNAP zxid is not the applied zxid");
    } else if (const auto* e = std::get_if<effect::Apply>(&effect)) {
        const Zxid z = e->entry.zxid;
        if (z <= n.lastApplied) throw Failure(who + " applied " + hex(z) + " twice/out of order");
        if (n.applied < global_.size()) {
            if (global_[n.applied].first != z || global_[n.applied].second != e->entry.payload)
                throw Failure(who + " applied " + hex(z) + " at position " + std::to_string(n.applied) +
                              " where the history has " + hex(global_[n.applied].first));
        } else {
            global_.emplace_back(z, e->entry.payload);
            tree::TxnHeader h;
            tree::Txn t;
            if (storage::decodeTxn(e->entry.payload, &h, &t) && h.type == OpCode::CloseSession)
                ++report_.sessionsExpired;  // the simulated clients never close their sessions
        }
        ++n.applied;
        n.lastApplied = z;
    } else if (const auto* e = std::get_if<effect::RoleChanged>(&effect)) {
        trace("role " + std::to_string(n.id) + " " + stateName(e->state) + " leader=" + std::to_string(e->leader) +
              " epoch=" + std::to_string(e->epoch) + (e->established ? " established" : ""));
        if (e->state == PeerState::Leading && e->established) {
            // At most one established leader per epoch.
            auto [it, fresh] = epochLeader_.emplace(e->epoch, n.id);
            if (!fresh && it->second != n.id)
                throw Failure("two leaders in epoch " + std::to_string(e->epoch) + ": " + std::to_string(it->second) +
                              " and " + std::to_string(n.id));
            if (healed_ && electedAfterHeal_ < 0) electedAfterHeal_ = now_;
        }
    }
}

// ---------------------------------------------------------------- clients

void Sim::clientNext(Client& c) {
    if (c.busy) return;
    if (healed_ && c.postHeal >= kPostHealOps) return;
    c.op = RegOp{};
    c.op.client = c.idx;
    c.op.invoke = now_;
    c.opId = ++opCounter_;
    c.record = false;
    c.connecting = false;
    if (!c.link || !c.link->live() || c.session == 0) {
        // (Re)connect: a new session, or the client's own again.
        dropLink(c);
        Node& n = nodes_[size_t(c.node)];
        if (!n.up) return connectionLoss(c);
        c.link = std::make_unique<SimLink>(*this, c, ++linkCounter_, n);
        if (!n.core->attach(*c.link)) return connectionLoss(c);
        c.connecting = true;
        c.busy = true;
        armTimeout(c);
        proto::ConnectRequest req;
        req.lastZxidSeen = c.lastZxidSeen;
        req.timeOut = kSessionTimeoutMs;
        req.sessionId = c.session;
        req.passwd = c.session ? server::SessionTracker::passwordFor(c.session) : std::string(16, '\0');
        n.core->onFrame(*c.link, proto::encode(req));
        return;
    }
    const std::string key = "/k" + std::to_string(rnd(2));
    const std::string value = "c" + std::to_string(c.idx) + "-" + std::to_string(++c.writes);
    c.op.key = key;
    const uint64_t r = rnd(100);
    c.busy = true;
    armTimeout(c);
    const uint64_t opId = c.opId;
    c.awaitRead = r < 40;
    if (r < 30) {  // sync + read: linearizable in this design
        c.op.kind = RegOp::Read;
        c.record = true;
        const int32_t syncXid = ++c.xid;
        c.awaitXid = ++c.xid;
        send(c, syncXid, OpCode::Sync, proto::encode(proto::SyncRequest{key}));
        // The read waits on the server behind the sync (unless the sync closed the connection).
        if (c.busy && c.opId == opId && c.link && c.link->live())
            send(c, c.awaitXid, OpCode::GetData, proto::encode(proto::GetDataRequest{key, false}));
        return;
    }
    c.awaitXid = ++c.xid;
    if (r < 40) {  // a plain local read: sequentially consistent only, not recorded
        c.op.kind = RegOp::Read;
        send(c, c.awaitXid, OpCode::GetData, proto::encode(proto::GetDataRequest{key, false}));
        return;
    }
    c.record = true;
    if (r < 52) {
        c.op.kind = RegOp::Create;
        c.op.value = value;
        send(c, c.awaitXid, OpCode::Create, proto::encode(proto::CreateRequest{key, value, proto::openAclUnsafe(), 0}));
    } else if (r < 75) {
        c.op.kind = RegOp::Write;
        c.op.value = value;
        send(c, c.awaitXid, OpCode::SetData, proto::encode(proto::SetDataRequest{key, value, -1}));
    } else if (r < 95 || c.ephemeral) {
        c.op.kind = RegOp::Cas;
        c.op.value = value;
        c.op.expectVersion = int32_t(rnd(4));
        send(c, c.awaitXid, OpCode::SetData, proto::encode(proto::SetDataRequest{key, value, c.op.expectVersion}));
    } else {
        c.record = false;
        c.ephemeral = true;
        send(c, c.awaitXid, OpCode::Create,
             proto::encode(proto::CreateRequest{"/e" + std::to_string(c.idx), value, proto::openAclUnsafe(),
                                                1 /* ephemeral */}));
    }
}

void Sim::onReply(Client& c, SimLink& link, const std::string& framed) {
    if (c.link.get() != &link) return;
    const std::string_view payload = std::string_view(framed).substr(4);
    if (!c.handshakeDone) {
        const auto resp = proto::decode<proto::ConnectResponse>(payload);
        if (!c.busy || !c.connecting) throw Failure("a ConnectResponse nobody asked for");
        c.handshakeDone = true;
        // A zero timeout: the session expired (the server closes the connection).
        c.session = resp.timeOut > 0 ? resp.sessionId : 0;
        complete(c, true);
        return;
    }
    proto::InputArchive in(payload);
    proto::ReplyHeader h;
    proto::read(in, h);
    if (h.xid == proto::kXidNotification || h.xid == proto::kXidPing) return;
    if (h.zxid > 0) c.lastZxidSeen = std::max(c.lastZxidSeen, h.zxid);
    if (!c.busy || h.xid != c.awaitXid) return;  // the sync before a read
    if (h.err == Err::SessionExpired) c.session = 0;
    if (c.awaitRead) {
        if (h.err == Err::Ok) {
            proto::GetDataResponse r;
            proto::read(in, r);
            c.op.exists = true;
            c.op.readValue = r.data.value_or("");
            c.op.readVersion = r.stat.version;
        } else if (h.err == Err::NoNode) {
            c.op.exists = false;
        } else {
            c.record = false;  // an error, not a value: nothing to check
        }
    } else {
        // An error reply means the write did not take effect (an ErrorTxn).
        c.op.ok = h.err == Err::Ok;
    }
    complete(c, true);
}

void Sim::onClosed(Client& c, SimLink& link) {
    if (c.link.get() != &link) return;
    trace("client " + std::to_string(c.idx) + " lost its connection to " + std::to_string(link.node().id));
    link.markClosed();
    c.handshakeDone = false;
    if (c.busy) {
        complete(c, false);  // the request's fate is unknown
        return;
    }
    c.node = int(rnd(nodes_.size()));
}

}  // namespace

SimReport runSeed(uint64_t seed, const SimOptions& options) { return Sim(seed, options).run(); }

}  // namespace zooscope::sim
