// zooscope::recipes — coordination recipes (locks, semaphore, leader latch,
// double barrier, group membership, a followed value) on top of
// zooscope::client, laid out in ZooKeeper the way Apache Curator 5.4 and kazoo
// 2.8 lay them out, so C++, Java and Python services can share one path.
// Qt-free. docs/recipes.md has the layouts, the tests and the libraries' limits.
//
// Sessions. Every recipe works on a Session: a Client (client.h) plus the one
// thread on which all recipe logic of that session runs (the "recipe thread").
// A recipe object lives on one ZooKeeper session; it never moves to another.
//
// Threads (the contract):
// - Every method of Session and of the recipe classes is safe to call from any
//   thread, concurrently. Async methods queue the work and return at once.
// - Callbacks (async results, state and leadership listeners, value and
//   membership listeners) run on the session's recipe thread, one at a time,
//   never on the thread that called the method, with one exception: once the
//   Session is closed, calls complete at once, on the calling thread, with
//   Code::Closed. Callbacks must not block, must not call the blocking methods
//   of the same session (they would wait for the thread they block), and must
//   not destroy the Session. They may call async methods and destroy recipe
//   objects.
// - Each async call's callback is called exactly once.
// - Blocking methods wait on the calling thread with a timeout and a
//   std::stop_token; a stop request cancels the wait (Code::Cancelled). They
//   must not be called on the recipe thread.
//
// Ownership: Session::connect returns a unique_ptr; recipe objects are values
// the caller owns, made from a Session& and usable until destroyed. A recipe
// may outlive its Session (its calls then fail with Closed), but the Session's
// close() is the moment every recipe stops. Destroying a recipe object gives
// back what it holds (deletes its lock, lease, latch or member node, in the
// background) and cancels what it waits for; pending async callbacks still
// run, with Cancelled, but no listener (state, leadership, members, value)
// is called once the destructor has returned. Strings passed in are copied.
//
// Errors: every result has a Code and, when it is not Ok, an English sentence
// for logs and as a UI fallback. Code::ZooKeeper carries the server's refusal
// in `err` (NoAuth on the recipe path, ...). Nothing throws for runtime
// conditions.
//
// Connection loss and session expiry (what Curator calls SUSPENDED and LOST):
// - Suspended: the connection dropped; the session may still be alive, but the
//   server may also already have expired it and given the lock to another
//   client. A holder MUST assume it may have lost what it holds until the
//   state is Held again (Reconnected, its node still there). Waits carry on
//   across a suspension; requests that failed with ConnectionLoss are retried
//   once the connection is back (a sequential create is found again by its
//   unique prefix, as Curator's "protected" mode and kazoo do), so nothing is
//   created twice.
// - Lost: the session expired (or auth failed or the client was closed), or a
//   node this object held was deleted behind its back. Whatever it held is
//   gone; waits end with Code::SessionLost. An expired session never comes
//   back: connect a new Session and make new recipe objects.
// - LeaderLatch follows Curator's default (standard) error policy: it gives up
//   leadership on Suspended and takes it again on Reconnected if its node is
//   still the lowest.
//
// Damaged layouts: a child under a recipe path that the layout does not allow
// (a name the library would not write, a lock node that is not ephemeral, the
// other library's nodes) is reported as Code::DamagedLayout naming the node,
// whenever it could change who holds, leads or waits. A reader never names a
// junk node as holder or leader. Children that cannot change the outcome
// (e.g. a junk name after every contender) are ignored, as the libraries
// ignore them.
//
// Limits of the libraries themselves (see docs/recipes.md):
// - Curator sorts every child of a lock path by the text after its marker
//   ("lock-"), and a name without the marker by the whole name; kazoo nodes
//   ("<hex>__lock__<seq>") therefore sort by their random hex prefix. A lock
//   path shared by Curator and kazoo clients is unsafe whatever ZooScope does;
//   ZooScope refuses (DamagedLayout) to take part when it sees the other
//   library's nodes.
// - Both compare sequence numbers as text. After the parent's counter
//   overflows (2^31 creates and deletes), ZooKeeper writes negative sequence
//   numbers ("-2147483648"), which sort before every positive one and among
//   themselves in reverse order, and kazoo ignores "-999999999" and above
//   (its pattern wants 10 digits). ZooScope orders as the writing library
//   does, so it agrees with its peers, misorders included.
//
// Logging: spdlog's default logger, prefix "recipes:". Node data (identities)
// is logged at debug level only; credentials never.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "zooscope/client.h"

namespace zooscope::recipes {

namespace detail {
class SessionCore;
class LockCore;
class SemaphoreCore;
class LatchCore;
class BarrierCore;
class MembershipCore;
class MemberCore;
class ValueCore;
}  // namespace detail

// ---------------------------------------------------------------- results

enum class Code {
    Ok,
    ZooKeeper,      // the server refused an operation; `err` says which
    TimedOut,       // the timeout passed before the recipe got what it waited for
    Cancelled,      // cancel(), a stop request, or the object was destroyed
    DamagedLayout,  // a child under the recipe path breaks the layout (message names it)
    SessionLost,    // the session expired / auth failed / client closed, or our node vanished
    Closed,         // the Session was closed
    Misuse,         // e.g. release() without holding, a second acquire in flight, a bad path
};
// "ok", "zookeeper error", "timed out", "cancelled", "damaged layout",
// "session lost", "closed", "misuse".
std::string_view codeName(Code code);

struct Status {
    Code code = Code::Ok;
    proto::Err err = proto::Err::Ok;  // meaningful for Code::ZooKeeper
    std::string message;              // "" when ok()
    bool ok() const { return code == Code::Ok; }
};

template <class T>
struct Result : Status {
    T value{};  // meaningful only when ok()
};

using Empty = client::Empty;

template <class T>
using Callback = std::function<void(Result<T>)>;

// Timeouts of blocking and async waits; kForever waits without end.
using Timeout = std::chrono::milliseconds;
inline constexpr Timeout kForever{-1};

// What a recipe object has, as its listeners are told (on the recipe thread,
// in order, only on change).
enum class State {
    Idle,       // holds nothing and waits for nothing
    Waiting,    // acquiring / a candidate that does not lead / entering / joining
    Held,       // holds the lock or a lease, leads, is a member, follows the value
    Suspended,  // connection lost while Waiting or Held: assume nothing is held
    Lost,       // what it held or waited for is gone (see the header comment)
    Failed,     // stopped on an error it cannot wait out; lastError() says why
};
// "idle", "waiting", "held", "suspended", "lost", "failed".
std::string_view stateName(State state);
using StateListener = std::function<void(State state)>;

// ---------------------------------------------------------------- session

class Session {
public:
    // Starts connecting (client::Client::connect) and returns at once.
    // `forward` receives the client's own callbacks too (on the client's
    // threads, see client.h), e.g. for watches the caller sets through
    // client(). nullptr + *error when the options are refused.
    static std::unique_ptr<Session> connect(const client::ClientOptions& options, std::string* error,
                                            client::Callbacks forward = {});
    ~Session();  // close()
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Waits until the session is established. Ok; TimedOut; Cancelled;
    // SessionLost when the client gave up (auth failed, expired, closed).
    Status waitConnected(Timeout timeout, std::stop_token stop = {});

    // The underlying client, for plain operations on the same session.
    client::Client& client();
    client::SessionState state() const;
    int64_t sessionId() const;

    // Session state changes, on the recipe thread, in order. Returns a handle
    // for removeStateListener.
    int addStateListener(std::function<void(client::SessionState)> listener);
    void removeStateListener(int handle);

    // Stops every recipe (their waits end with Closed), closes the client
    // (ephemeral nodes go with the session), joins the recipe thread.
    // Idempotent. Not from a callback.
    void close();

private:
    friend class Lock;
    friend class ReadWriteLock;
    friend class Semaphore;
    friend class LeaderLatch;
    friend class DoubleBarrier;
    friend class GroupView;
    friend class GroupMember;
    friend class ConfigValue;
    explicit Session(std::shared_ptr<detail::SessionCore> core);
    std::shared_ptr<detail::SessionCore> core_;
};

// ---------------------------------------------------------------- locks

// Node layout of a lock path.
enum class LockLayout {
    // Curator InterProcessMutex: "_c_<uuid>-lock-<seq>", ephemeral sequential,
    // parents created as containers. Children are ordered by Curator's key
    // (the text after the last "lock-", else the whole name).
    Curator,
    // kazoo Lock: "<uuid hex>__lock__<seq>", ephemeral sequential, parents
    // created persistent. Contenders are the children matching
    // "__lock__(-?\d{10})$", ordered by that sequence as text.
    Kazoo,
};
std::string_view layoutName(LockLayout layout);  // "curator", "kazoo"

struct LockOptions {
    LockLayout layout = LockLayout::Curator;
    // Written as the lock node's data, for whoever looks at contenders().
    // "" = "<hostname>:<pid>".
    std::string identity;
};

// One node under a lock, latch or semaphore path, in the owning library's order.
struct Contender {
    std::string node;       // the child's name
    std::string data;       // its data (the identity / participant id)
    int64_t sessionId = 0;  // ephemeralOwner
    bool holder = false;    // holds the lock / leads
};

// An exclusive lock, re-entrant as a count per Lock object (not per thread:
// every thread using one Lock object shares its hold). Each waiter watches
// only its predecessor. While held, the Lock watches its own node: if it is
// deleted behind its back, the state goes Lost.
class Lock {
public:
    Lock(Session& session, std::string path, LockOptions options = {});
    ~Lock();  // gives the lock back (whatever the count) and cancels a pending acquire
    Lock(const Lock&) = delete;
    Lock& operator=(const Lock&) = delete;

    // Held already: the count goes up, Ok at once (still via the recipe
    // thread). Otherwise creates this object's node and waits until it is
    // first. A second acquire while one is pending: Misuse. On TimedOut,
    // Cancelled or an error the node is deleted again.
    void acquireAsync(Timeout timeout, Callback<Empty> done);
    Status acquire(Timeout timeout, std::stop_token stop = {});
    // Counts down; at zero deletes the node (retried across a suspension).
    // Misuse when not held.
    void releaseAsync(Callback<Empty> done);
    Status release(Timeout timeout = std::chrono::seconds(30));
    // Ends a pending acquire with Cancelled. No-op otherwise.
    void cancel();

    State state() const;
    bool isHeld() const;  // state() == Held
    int holdCount() const;
    std::string nodePath() const;  // this object's node, "" when it has none
    const std::string& path() const;
    LockLayout layout() const;
    // Replaces the listener; called on every state change.
    void setStateListener(StateListener listener);

    // Who contends, in the owning library's order; the first holds.
    // DamagedLayout as described at the top.
    void contendersAsync(Callback<std::vector<Contender>> done);
    Result<std::vector<Contender>> contenders(Timeout timeout = std::chrono::seconds(30));

private:
    friend class ReadWriteLock;
    explicit Lock(std::shared_ptr<detail::LockCore> core);
    std::shared_ptr<detail::LockCore> core_;
};

// Curator InterProcessReadWriteLock: "_c_<uuid>-__READ__<seq>" and
// "_c_<uuid>-__WRIT__<seq>" under one path, ordered by the text after the
// marker. A writer holds when its node is first; a reader when no writer's
// node is before it, or when this object holds the write lock (Curator's
// write-to-read downgrade). Both sides are Locks with the API above.
class ReadWriteLock {
public:
    ReadWriteLock(Session& session, std::string path, std::string identity = {});
    ~ReadWriteLock();
    Lock& readLock();
    Lock& writeLock();

private:
    std::unique_ptr<Lock> write_;
    std::unique_ptr<Lock> read_;
};

// ---------------------------------------------------------------- semaphore

// Curator InterProcessSemaphoreV2: holders are "leases/_c_<uuid>-lease-<seq>"
// (ephemeral sequential); "locks/" is a Curator mutex held only while a lease
// is being acquired. Every child of leases/ counts as a lease (as Curator
// counts them); maxLeases is not stored in ZooKeeper, so every participant
// must be configured with the same value.
class Semaphore {
public:
    Semaphore(Session& session, std::string path, int maxLeases, std::string identity = {});
    ~Semaphore();  // returns every lease and cancels a pending acquire
    Semaphore(const Semaphore&) = delete;
    Semaphore& operator=(const Semaphore&) = delete;

    // One lease; value: the lease node's name. One acquire at a time (Misuse).
    void acquireAsync(Timeout timeout, Callback<std::string> done);
    Result<std::string> acquire(Timeout timeout, std::stop_token stop = {});
    void releaseAsync(const std::string& lease, Callback<Empty> done);
    Status release(const std::string& lease, Timeout timeout = std::chrono::seconds(30));
    void cancel();

    State state() const;  // Held while this object has a lease
    std::vector<std::string> leases() const;
    int maxLeases() const;
    void setStateListener(StateListener listener);
    // The names under leases/ (as Curator's getParticipantNodes()).
    void participantsAsync(Callback<std::vector<std::string>> done);

private:
    std::shared_ptr<detail::SemaphoreCore> core_;
};

// ---------------------------------------------------------------- leader latch

struct Participant {
    std::string id;
    bool isLeader = false;
    friend bool operator==(const Participant&, const Participant&) = default;
};

// Curator LeaderLatch: "_c_<uuid>-latch-<seq>" with the participant id as
// data; the lowest (by the text after "latch-") leads; each candidate
// watches its predecessor.
class LeaderLatch {
public:
    LeaderLatch(Session& session, std::string path, std::string id);
    ~LeaderLatch();  // close()
    LeaderLatch(const LeaderLatch&) = delete;
    LeaderLatch& operator=(const LeaderLatch&) = delete;

    // Joins the election (creates the node, in the background). Once only.
    void start();
    // Leaves it: leadership ends (listener told) and the node is deleted.
    void close();

    bool hasLeadership() const;
    State state() const;       // Held = leads, Waiting = candidate
    Status lastError() const;  // why the state is Failed
    const std::string& id() const;
    std::string ourPath() const;
    // Called with true when leadership starts and false when it ends, on the
    // recipe thread, in order; set before start() to see every change.
    void setLeadershipListener(std::function<void(bool leader)> listener);
    void setStateListener(StateListener listener);

    // Waits until this candidate leads: Ok; TimedOut; Cancelled; Closed
    // (latch closed); SessionLost; DamagedLayout.
    void awaitAsync(Timeout timeout, Callback<Empty> done);
    Status await(Timeout timeout, std::stop_token stop = {});

    // As Curator's getParticipants(): every latch node in order with its id,
    // the first marked leader; and getLeader(): the first, or a Participant
    // with an empty id and isLeader false when there is none.
    void participantsAsync(Callback<std::vector<Participant>> done);
    Result<std::vector<Participant>> participants(Timeout timeout = std::chrono::seconds(30));
    void leaderAsync(Callback<Participant> done);
    Result<Participant> leader(Timeout timeout = std::chrono::seconds(30));

private:
    std::shared_ptr<detail::LatchCore> core_;
};

// ---------------------------------------------------------------- barrier

// Curator DistributedDoubleBarrier: each member is an ephemeral child named
// by a random UUID; the member that sees memberCount children creates the
// persistent "ready" node, which lets everyone in. Leaving: the lowest
// member waits for the highest to go, every other member deletes its node
// and waits for the lowest; the last one out deletes "ready".
class DoubleBarrier {
public:
    DoubleBarrier(Session& session, std::string path, int memberCount, std::string identity = {});
    ~DoubleBarrier();  // deletes its member node, cancels a pending wait
    DoubleBarrier(const DoubleBarrier&) = delete;
    DoubleBarrier& operator=(const DoubleBarrier&) = delete;

    void enterAsync(Timeout timeout, Callback<Empty> done);
    Status enter(Timeout timeout, std::stop_token stop = {});
    void leaveAsync(Timeout timeout, Callback<Empty> done);
    Status leave(Timeout timeout, std::stop_token stop = {});
    void cancel();

    State state() const;  // Waiting while entering or leaving, Held between
    std::string ourPath() const;
    void setStateListener(StateListener listener);

private:
    std::shared_ptr<detail::BarrierCore> core_;
};

// ---------------------------------------------------------------- groups

// Members of a group path: child name -> data. Ordered by name.
using Members = std::map<std::string, std::string>;

// Follows the children of a path and their data without joining (what
// Curator's GroupMember reads through its cache). Listeners get the whole
// snapshot after every change it sees.
class GroupView {
public:
    GroupView(Session& session, std::string path);
    ~GroupView();
    GroupView(const GroupView&) = delete;
    GroupView& operator=(const GroupView&) = delete;

    void start();
    void close();
    // The last snapshot ({} before the first read; the path missing = {}).
    Members members() const;
    State state() const;  // Held while following, Suspended, Lost, Failed
    void setMembersListener(std::function<void(const Members&)> listener);
    void setStateListener(StateListener listener);
    // Waits for the first snapshot.
    Result<Members> awaitMembers(Timeout timeout, std::stop_token stop = {});

private:
    std::shared_ptr<detail::MembershipCore> core_;
};

// Curator GroupMember: an ephemeral node "<path>/<id>" holding `data`, kept
// while this object lives (recreated if deleted while the session lives),
// plus the membership snapshot. A node of that name owned by another
// session is waited out (this object is Waiting until it goes).
class GroupMember {
public:
    GroupMember(Session& session, std::string path, std::string id, std::string data = {});
    ~GroupMember();  // close()
    GroupMember(const GroupMember&) = delete;
    GroupMember& operator=(const GroupMember&) = delete;

    void start();
    void close();
    void setData(std::string data);
    // As Curator's getCurrentMembers(): the snapshot, always including this
    // member with its data.
    Members currentMembers() const;
    State state() const;  // Held once the node exists
    Status lastError() const;
    void setMembersListener(std::function<void(const Members&)> listener);
    void setStateListener(StateListener listener);
    // Waits until this member's node exists.
    Status awaitJoined(Timeout timeout, std::stop_token stop = {});

private:
    std::shared_ptr<detail::MemberCore> core_;
};

// ---------------------------------------------------------------- value

// A znode's value as last read, with the version it came from.
struct Value {
    bool exists = false;
    std::string data;
    bool isNull = false;
    int32_t version = -1;  // -1 when !exists
    proto::Stat stat;
    friend bool operator==(const Value&, const Value&) = default;
};

// Follows one znode's value (data watch, re-read on every change; a missing
// node is followed until it appears). ZooKeeper's watches are one-shot: two
// writes in quick succession may be seen as one (the later). The listener is
// told every value read whose version (or existence) differs from the last.
class ConfigValue {
public:
    ConfigValue(Session& session, std::string path);
    ~ConfigValue();
    ConfigValue(const ConfigValue&) = delete;
    ConfigValue& operator=(const ConfigValue&) = delete;

    void start();
    void close();
    std::optional<Value> current() const;  // nullopt before the first read
    State state() const;
    void setValueListener(std::function<void(const Value&)> listener);
    void setStateListener(StateListener listener);
    Result<Value> awaitValue(Timeout timeout, std::stop_token stop = {});
    // Writes a new value if the node is still at `expectedVersion` (-1: any);
    // value: the new version. BadVersion comes back as Code::ZooKeeper.
    void setAsync(std::string data, int32_t expectedVersion, Callback<int32_t> done);

private:
    std::shared_ptr<detail::ValueCore> core_;
};

}  // namespace zooscope::recipes
