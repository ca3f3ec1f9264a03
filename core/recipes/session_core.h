// recipes/session_core: what every recipe of one session shares — the
// Client, the recipe thread (a task queue with timers) on which all recipe
// logic runs, the session state as that thread saw it, and the fan-out of
// the client's one watch callback to the recipes that asked for a path.
//
// Threads: post()/schedule() and the client wrappers may be called from any
// thread; everything else (and every callback they take) runs on the recipe
// thread. State guarded by mu_ is marked; the rest is touched only on the
// recipe thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "zooscope/client.h"
#include "zooscope/recipes.h"

namespace zooscope::recipes::detail {

using Clock = std::chrono::steady_clock;

// A recipe core the session tells about state changes and close().
class SessionObserver {
public:
    virtual ~SessionObserver() = default;
    virtual void onSessionState(client::SessionState state) = 0;
    // The session is closing: end every wait with Closed.
    virtual void onSessionClosed() = 0;
};

class SessionCore : public std::enable_shared_from_this<SessionCore> {
public:
    SessionCore();
    ~SessionCore();

    // Creates the client (its callbacks post here). False + *error when refused.
    bool start(const client::ClientOptions& options, client::Callbacks forward, std::string* error);
    // Session::close (see recipes.h). Not on the recipe thread.
    void close();
    bool closed() const;

    client::Client& client() { return *client_; }

    // ---- the recipe thread
    // Queues fn; false (and fn not run) once the session is closed.
    bool post(std::function<void()> fn);
    using TimerId = uint64_t;
    // Runs fn on the recipe thread at `when` unless cancelled first. 0 when closed.
    TimerId schedule(Clock::time_point when, std::function<void()> fn);
    void cancelTimer(TimerId id);
    bool onRecipeThread() const;

    // ---- session state (recipe thread)
    client::SessionState state() const { return state_; }
    bool connected() const;
    bool terminal() const;
    // Counts Connected/Reconnected transitions: a request submitted at epoch
    // e that failed with ConnectionLoss is retried once epoch > e.
    uint64_t connectEpoch() const { return connectEpoch_; }
    int64_t sessionId() const;
    // Runs fn(Ok) once connected with an epoch above `after`, or fn(error)
    // when the session ends first (terminal state, close).
    void whenConnectedAfter(uint64_t after, std::function<void(Status)> fn);
    void addObserver(const std::shared_ptr<SessionObserver>& observer);
    void removeObserver(const SessionObserver* observer);
    int addStateListener(std::function<void(client::SessionState)> listener);
    void removeStateListener(int handle);
    // Blocks (not on the recipe thread) until connected or terminal.
    Status waitConnected(Timeout timeout, std::stop_token stop);
    client::SessionState publishedState() const;

    // ---- watches (recipe thread): fn runs once, on the next event for path.
    using WatchId = uint64_t;
    WatchId expectWatch(const std::string& path, std::function<void(proto::EventType)> fn);
    void cancelWatch(WatchId id);

    // ---- client calls whose results arrive on the recipe thread. Each
    // retries on ConnectionLoss / OperationTimeout once the connection is
    // back (they are idempotent as used: reads, delete treating NoNode as
    // done), and ends with SessionLost or Closed when the session does.
    void getChildren(const std::string& path, bool watch, std::function<void(Result<std::vector<std::string>>)> done);
    void getData(const std::string& path, bool watch, std::function<void(Result<client::NodeData>)> done);
    void exists(const std::string& path, bool watch, std::function<void(Result<std::optional<proto::Stat>>)> done);
    void setData(const std::string& path, const std::string& data, int32_t version,
                 std::function<void(Result<proto::Stat>)> done);
    // NoNode counts as done (the node is gone either way).
    void remove(const std::string& path, int32_t version, std::function<void(Status)> done);
    void childrenWithData(const std::string& parent, const std::vector<std::string>& names,
                          std::function<void(Result<std::vector<client::ChildRow>>)> done);
    // One create attempt, not retried (a sequential create is not
    // idempotent): the caller decides. Parents are made as `parentMode`
    // (Container or Persistent) when missing.
    void create(const std::string& path, const std::string& data, proto::CreateMode mode, proto::CreateMode parentMode,
                std::function<void(client::Result<client::Created>)> done);
    // Makes every missing ancestor of path (not path itself) as parentMode.
    void ensureParents(const std::string& path, proto::CreateMode parentMode, std::function<void(Status)> done);

    // The Status for a client error (SessionLost for the terminal ones).
    Status statusFor(proto::Err err, const std::string& message) const;
    Status closedStatus() const;

private:
    template <class T>
    void retrying(std::function<void(client::Callback<T>)> submit, std::function<void(client::Result<T>)> done);
    void run();
    void onClientState(client::SessionState state);
    void onClientWatch(proto::EventType type, const std::string& path);
    void notifyObservers(client::SessionState state);

    std::unique_ptr<client::Client> client_;

    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> tasks_;                                             // GUARDED_BY(mu_)
    std::multimap<Clock::time_point, std::pair<TimerId, std::function<void()>>> timers_;  // GUARDED_BY(mu_)
    TimerId nextTimer_ = 1;                                                               // GUARDED_BY(mu_)
    bool stopping_ = false;                                                               // GUARDED_BY(mu_)
    bool closed_ = false;                                                                 // GUARDED_BY(mu_)
    client::SessionState published_ = client::SessionState::Connecting;                   // GUARDED_BY(mu_)
    std::thread thread_;
    std::thread::id threadId_;

    // recipe thread only
    client::SessionState state_ = client::SessionState::Connecting;
    uint64_t connectEpoch_ = 0;
    std::vector<std::pair<uint64_t, std::function<void(Status)>>> connectWaiters_;
    std::vector<std::weak_ptr<SessionObserver>> observers_;
    std::map<int, std::function<void(client::SessionState)>> listeners_;
    int nextListener_ = 1;
    std::unordered_multimap<std::string, std::pair<WatchId, std::function<void(proto::EventType)>>> watches_;
    WatchId nextWatch_ = 1;
    bool closing_ = false;
};

// Identity written into nodes when the caller gives none: "<hostname>:<pid>".
std::string defaultIdentity();
// "" when path is a valid absolute znode path for a recipe, else why not.
std::string checkRecipePath(const std::string& path);
// Path of a child.
std::string childPath(const std::string& parent, const std::string& name);
// The last segment of a path.
std::string nodeName(const std::string& path);

// A Status with a code and a sentence.
Status status(Code code, std::string message);

// A Result carrying `s` (and no value).
template <class T>
Result<T> withStatus(const Status& s) {
    Result<T> r;
    static_cast<Status&>(r) = s;
    return r;
}

// Runs an async recipe call and waits for its callback on the calling
// thread; a stop request calls `cancel` (which must end the call, with
// Cancelled). `limit` bounds the wait for calls that have no timeout of their
// own (TimedOut; the call itself carries on). On the recipe thread it would
// wait for itself: Misuse.
template <class T, class Start, class Cancel>
Result<T> waitForCall(SessionCore& core, Start&& start, Cancel&& cancel, std::stop_token stop,
                      Timeout limit = kForever) {
    if (core.onRecipeThread()) {
        Result<T> r;
        r.code = Code::Misuse;
        r.message = "a blocking recipe call from a recipe callback would wait for its own thread; use the async call";
        return r;
    }
    auto promise = std::make_shared<std::promise<Result<T>>>();
    auto future = promise->get_future();
    start([promise](Result<T> r) { promise->set_value(std::move(r)); });
    std::stop_callback onStop(stop, [&cancel] { cancel(); });
    if (limit != kForever && future.wait_for(limit) != std::future_status::ready) {
        Result<T> r;
        r.code = Code::TimedOut;
        r.message = "no answer within " + std::to_string(limit.count()) + " ms";
        return r;
    }
    return future.get();
}

}  // namespace zooscope::recipes::detail
