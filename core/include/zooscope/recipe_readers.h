// zooscope::readers — what the znodes of the recipes people run mean: who
// holds a lock and who waits, who leads an election and who stands. Qt-free.
//
// Three parts:
// - readNode(): pure. The children of one znode (names, stats, data) and the
//   node's own data -> the locks and elections they form, contenders in the
//   order the writing library orders them. Damaged layouts give suspicious
//   reasons, never a wrong holder: when the order cannot be trusted the holder
//   is left unknown (holders empty) and the reason says why.
// - scanSubtree(): a bounded, pipelined walk of a subtree over a client
//   (a window of outstanding reads, a limit on nodes read and on time) that
//   calls readNode() where the child names look like a recipe's. The result
//   says whether the walk covered the whole subtree. It joins each
//   semaphore's acquire queue to it (joinSemaphoreQueues(), pure).
// - clientAddresses(): which client address each session connects from, from
//   the servers' cons, for the holders' addresses.
//
// Layouts (docs/recipes.md and ../shared/ANCHORS.md): Curator
// InterProcessMutex / LeaderSelector ("_c_<uuid>-lock-<seq>"), read-write lock
// ("__READ__"/"__WRIT__"), SemaphoreV2 ("leases/_c_<uuid>-lease-<seq>"),
// LeaderLatch ("-latch-"); kazoo Lock / Election ("<hex>__lock__<seq>"),
// ReadLock ("__rlock__"), Semaphore (leases "<path>/<hex32>", max leases in
// <path>'s data); ZooKeeper's lock recipe ("x-<sessionId>-<seq>") and
// election recipe ("n_<seq>"); ZooScope's stream job claims (JOB/locks/<p>).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "zooscope/client.h"
#include "zooscope/server_answers.h"
#include "zooscope/server_probe.h"

namespace zooscope::readers {

// The fixed list of recipe names the readers report (the JSON's "recipe").
enum class Recipe {
    LockOrElection,        // Curator mutex / LeaderSelector, kazoo Lock / Election
    CuratorReadWriteLock,  // InterProcessReadWriteLock
    CuratorSemaphore,      // InterProcessSemaphoreV2
    KazooReadWriteLock,    // kazoo ReadLock / WriteLock (both kinds present)
    KazooSemaphore,        // kazoo Semaphore
    ZooKeeperLock,         // zookeeper-recipes-lock WriteLock
    CuratorLeaderLatch,    // LeaderLatch
    ZooKeeperElection,     // zookeeper-recipes-election LeaderElectionSupport
    StreamClaim,           // ZooScope's stream job: JOB/locks/<p>, one item per partition
};

// "lock-or-election", "curator-read-write-lock", "curator-semaphore",
// "kazoo-read-write-lock", "kazoo-semaphore", "zookeeper-lock",
// "curator-leader-latch", "zookeeper-election", "zooscope-stream-claim".
const char* recipeName(Recipe recipe);

// True for the recipes shown in the locks view; LockOrElection is in both.
bool isLockRecipe(Recipe recipe);
bool isElectionRecipe(Recipe recipe);

// One child of a recipe node, as read with its stat and data.
struct ChildNode {
    std::string name;
    proto::Stat stat;
    std::string data;
    bool gone = false;  // deleted between listing and reading
};

// A znode and its children: the input of readNode().
struct NodeView {
    std::string path;
    std::string data;  // the node's own data (kazoo Semaphore: max leases)
    std::vector<ChildNode> children;
};

// A contender: its node name, the session that owns it (ephemeralOwner; 0 for
// a persistent node) and what identifies it (participant id or data text; for
// ZooKeeper's lock recipe the session id its name carries, as "0x..." hex).
struct Contender {
    std::string node;
    int64_t session = 0;
    std::string id;
    int64_t ctimeMs = 0;
};

// A lock, semaphore or election found under one path. For locks, `holders`
// hold (one for a mutex, several for read locks and semaphores) and `waiters`
// wait in order; for elections holders is {leader} and waiters the other
// candidates in order. holders empty: nobody holds, or the layout is damaged
// so the holder cannot be known (suspicious says why).
struct RecipeItem {
    std::string path;
    Recipe recipe = Recipe::LockOrElection;
    std::vector<std::string> suspicious;
    std::vector<Contender> holders;
    std::vector<Contender> waiters;
    std::optional<int64_t> leases;     // semaphores: leases held
    std::optional<int64_t> maxLeases;  // semaphores: the maximum when stored
};

// What the children of `node` mean: zero or more items (a path can carry
// one recipe; its name's kind decides which). Pure; never throws on any input.
std::vector<RecipeItem> readNode(const NodeView& node);

// True when some name in `children` is a node a known recipe writes, so a
// scan should read the children's stats and data (and the node's data).
bool looksLikeRecipe(const std::vector<std::string>& children);
// The same, also for layouts known by where they are: the stream job's
// claims (a "locks" node whose children are partition numbers).
bool looksLikeRecipe(std::string_view path, const std::vector<std::string>& children);

// A semaphore's waiters queue in a lock beside its leases (Curator
// "<semaphore>/locks", kazoo "<semaphore>-__lock__"). Puts each such queue,
// when among `items`, on its semaphore as waiters (the queue's first, then
// the rest in its order) and removes the queue's own item. Curator makes the
// first waiter's lease node before it waits, so that node moves from holders
// to waiters. Pure; scanSubtree() applies it.
void joinSemaphoreQueues(std::vector<RecipeItem>& items);

struct ScanLimits {
    size_t maxNodes = 200000;  // nodes whose children are listed
    std::chrono::milliseconds maxTime{10000};
    size_t window = 64;  // reads outstanding at once (listings: in the per-node walk)
    // A walk lists many nodes per request (multiRead, over a session of its
    // own to the client's current server, with the client's session timeout
    // and credentials) where the server serves it (ZooKeeper 3.6+, the
    // engine); else, or with TLS or SASL in the options, or false here, one
    // listing per node through the client. The result is the same either way.
    bool multiRead = true;
};

struct ScanResult {
    bool complete = true;
    std::string stoppedBecause;  // "" when complete, else why not (a sentence)
    size_t nodesRead = 0;
    std::vector<RecipeItem> items;  // sorted by path
    proto::Err err = proto::Err::Ok;  // a refusal that ended the walk (root missing: NoNode)
    std::string message;
    std::vector<std::string> gone;  // readRecipeNodes(): the paths that do not exist (sorted)
};

// Walks `root` and everything under it through `client` (the listings in
// bulk where ScanLimits::multiRead allows), blocking until done,
// a limit is reached or `stop` is requested (then complete is false). A node
// deleted during the walk is skipped; a node below root that is not readable
// (NoAuth) is skipped and makes the result incomplete (stoppedBecause names
// it). A refusal on root itself, or a lost connection, is in err/message.
ScanResult scanSubtree(client::Client& client, const std::string& root, const ScanLimits& limits,
                       std::stop_token stop = {});

// Reads exactly the nodes `paths` as recipe nodes (no walk below them), the
// same reads as scanSubtree() and with the same limits: what a live view
// does when a watch fires on a recipe node it shows. With `watchChildren`
// each listing leaves a child watch (reported through the client's onWatch),
// set by the read itself, so no change between read and watch is missed.
// A path that does not exist is in `gone` (and leaves no watch); one that
// exists but holds no recipe gives no item; neither is an error. Semaphore
// queues among `paths` are joined as scanSubtree() joins them. Blocks.
ScanResult readRecipeNodes(client::Client& client, const std::vector<std::string>& paths, bool watchChildren,
                           const ScanLimits& limits, std::stop_token stop = {});

// Client addresses by session, from `cons` on each of `servers` (a session
// is connected to one of them), else from the server's AdminServer
// (`connections`) when the target names one. `unanswered` has one sentence
// per server that gave neither: cons refused (outside
// 4lw.commands.whitelist; ZooKeeper 3.8 allows only srvr by default) or
// unanswered within `timeout`, and what the AdminServer said.
struct ClientAddresses {
    std::map<int64_t, std::string> bySession;  // "127.0.0.1:41234", "[::1]:41234"
    std::vector<std::string> unanswered;
};
ClientAddresses clientAddresses(const std::vector<monitor::ProbeTarget>& servers, std::chrono::milliseconds timeout,
                                const monitor::FourLetterWordTransport& words,
                                const monitor::AdminTransport& admin = monitor::httpAdminTransport());
// One cons entry's client as "host:port", an IPv6 host in brackets.
std::string clientAddressText(const monitor::ClientConnection& c);

}  // namespace zooscope::readers
