#include "recipes/session_core.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <climits>

namespace zooscope::recipes::detail {

namespace {

// Between a request failing with ConnectionLoss and the Suspended state
// that explains it, the session still looks connected; retry after this
// pause rather than at once.
constexpr auto kLossRetryPause = std::chrono::milliseconds(200);

bool isConnectedState(client::SessionState s) {
    return s == client::SessionState::Connected || s == client::SessionState::Reconnected;
}

bool retryable(proto::Err err) { return err == proto::Err::ConnectionLoss || err == proto::Err::OperationTimeout; }

template <class T>
Result<T> fromClient(const SessionCore& core, client::Result<T> r) {
    Result<T> out;
    static_cast<Status&>(out) = r.ok() ? Status{} : core.statusFor(r.err, r.message);
    out.value = std::move(r.value);
    return out;
}

}  // namespace

Status status(Code code, std::string message) {
    Status s;
    s.code = code;
    s.message = std::move(message);
    return s;
}

std::string defaultIdentity() {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    return std::string(host) + ":" + std::to_string(getpid());
}

std::string checkRecipePath(const std::string& path) {
    if (path.empty() || path[0] != '/')
        return "the recipe path '" + path + "' is not absolute (it must start with '/')";
    if (path == "/") return "the recipe path must not be the root: its nodes would sit among the top-level nodes";
    if (path.back() == '/') return "the recipe path '" + path + "' ends with '/'";
    if (path.find('\0') != std::string::npos) return "the recipe path contains a NUL character";
    size_t start = 1;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        const std::string_view seg(path.data() + start, end - start);
        if (seg.empty()) return "the recipe path '" + path + "' has an empty segment ('//')";
        if (seg == "." || seg == "..") return "the recipe path '" + path + "' has a '.' or '..' segment";
        start = end + 1;
    }
    return {};
}

std::string childPath(const std::string& parent, const std::string& name) { return parent + "/" + name; }

std::string nodeName(const std::string& path) {
    const size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// ------------------------------------------------------------ lifetime

SessionCore::SessionCore() {
    thread_ = std::thread([this] { run(); });
    threadId_ = thread_.get_id();
}

SessionCore::~SessionCore() {
    close();
    client_.reset();
}

bool SessionCore::start(const client::ClientOptions& options, client::Callbacks forward, std::string* error) {
    client::Callbacks callbacks;
    callbacks.onState = [this, fwd = forward.onState](client::SessionState s) {
        // Queued before it is published: a caller that waitConnected() saw
        // it and then makes a recipe finds the state change ahead of it.
        post([this, s] { onClientState(s); });
        {
            std::lock_guard lock(mu_);
            published_ = s;
        }
        cv_.notify_all();
        if (fwd) fwd(s);
    };
    callbacks.onWatch = [this, fwd = forward.onWatch](proto::EventType type, const std::string& path) {
        if (fwd) fwd(type, path);
        post([this, type, path] { onClientWatch(type, path); });
    };
    client_ = client::Client::connect(options, std::move(callbacks), error);
    return client_ != nullptr;
}

void SessionCore::close() {
    {
        std::lock_guard lock(mu_);
        if (closed_ || stopping_) return;
    }
    // First every recipe ends its waits (Closed) while the client still
    // works, then the client goes (outstanding requests come back as
    // ConnectionLoss, seen as Closed), then the thread drains and stops.
    post([this] {
        closing_ = true;
        auto waiters = std::move(connectWaiters_);
        connectWaiters_.clear();
        for (auto& [after, fn] : waiters) fn(closedStatus());
        watches_.clear();
        for (const auto& weak : observers_)
            if (auto o = weak.lock()) o->onSessionClosed();
    });
    if (client_) client_->close();
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) {
        if (std::this_thread::get_id() == threadId_)
            thread_.detach();
        else
            thread_.join();
    }
    {
        std::lock_guard lock(mu_);
        closed_ = true;
        if (published_ != client::SessionState::Expired && published_ != client::SessionState::AuthFailed)
            published_ = client::SessionState::Closed;
    }
    cv_.notify_all();
}

bool SessionCore::closed() const {
    std::lock_guard lock(mu_);
    return closed_ || stopping_;
}

// ------------------------------------------------------------ the recipe thread

bool SessionCore::post(std::function<void()> fn) {
    {
        std::lock_guard lock(mu_);
        if (closed_) return false;
        tasks_.push_back(std::move(fn));
    }
    cv_.notify_all();
    return true;
}

SessionCore::TimerId SessionCore::schedule(Clock::time_point when, std::function<void()> fn) {
    TimerId id = 0;
    {
        std::lock_guard lock(mu_);
        if (closed_ || stopping_) return 0;
        id = nextTimer_++;
        timers_.emplace(when, std::make_pair(id, std::move(fn)));
    }
    cv_.notify_all();
    return id;
}

void SessionCore::cancelTimer(TimerId id) {
    if (id == 0) return;
    std::lock_guard lock(mu_);
    for (auto it = timers_.begin(); it != timers_.end(); ++it) {
        if (it->second.first == id) {
            timers_.erase(it);
            return;
        }
    }
}

bool SessionCore::onRecipeThread() const { return std::this_thread::get_id() == threadId_; }

void SessionCore::run() {
    std::unique_lock lock(mu_);
    for (;;) {
        if (!tasks_.empty()) {
            auto fn = std::move(tasks_.front());
            tasks_.pop_front();
            lock.unlock();
            fn();
            lock.lock();
            continue;
        }
        // Stopping: everything queued has run; pending timers are dropped
        // (every wait they would end was ended by onSessionClosed).
        if (stopping_) break;
        if (!timers_.empty() && timers_.begin()->first <= Clock::now()) {
            auto fn = std::move(timers_.begin()->second.second);
            timers_.erase(timers_.begin());
            lock.unlock();
            fn();
            lock.lock();
            continue;
        }
        if (timers_.empty())
            cv_.wait(lock);
        else
            cv_.wait_until(lock, timers_.begin()->first);
    }
}

// ------------------------------------------------------------ session state

bool SessionCore::connected() const { return !closing_ && isConnectedState(state_); }

bool SessionCore::terminal() const { return closing_ || client::isTerminal(state_); }

int64_t SessionCore::sessionId() const { return client_ ? client_->sessionId() : 0; }

client::SessionState SessionCore::publishedState() const {
    std::lock_guard lock(mu_);
    return published_;
}

Status SessionCore::closedStatus() const { return status(Code::Closed, "the recipe session was closed"); }

Status SessionCore::statusFor(proto::Err err, const std::string& message) const {
    if (err == proto::Err::Ok) return {};
    if (closing_) return closedStatus();
    if (err == proto::Err::SessionExpired || client::isTerminal(state_)) {
        Status s =
            status(Code::SessionLost, "the ZooKeeper session is " +
                                          std::string(client::sessionStateName(
                                              client::isTerminal(state_) ? state_ : client::SessionState::Expired)) +
                                          (message.empty() ? "" : " (" + message + ")"));
        s.err = err;
        return s;
    }
    Status s = status(Code::ZooKeeper, message.empty() ? std::string(proto::errName(err)) : message);
    s.err = err;
    return s;
}

void SessionCore::onClientState(client::SessionState s) {
    if (closing_ && s != client::SessionState::Closed) return;
    state_ = s;
    spdlog::debug("recipes: session state {}", client::sessionStateName(s));
    if (isConnectedState(s)) {
        ++connectEpoch_;
        auto waiters = std::move(connectWaiters_);
        connectWaiters_.clear();
        for (auto& [after, fn] : waiters) {
            if (connectEpoch_ > after)
                fn(Status{});
            else
                connectWaiters_.emplace_back(after, std::move(fn));
        }
    } else if (client::isTerminal(s)) {
        auto waiters = std::move(connectWaiters_);
        connectWaiters_.clear();
        for (auto& [after, fn] : waiters) fn(statusFor(proto::Err::SessionExpired, ""));
        watches_.clear();
    }
    notifyObservers(s);
    const auto listeners = listeners_;  // a listener may remove itself
    for (const auto& [handle, fn] : listeners) fn(s);
}

void SessionCore::notifyObservers(client::SessionState s) {
    std::vector<std::shared_ptr<SessionObserver>> live;
    for (const auto& weak : observers_)
        if (auto o = weak.lock()) live.push_back(std::move(o));
    observers_.clear();
    for (const auto& o : live) observers_.push_back(o);
    for (const auto& o : live) o->onSessionState(s);
}

void SessionCore::whenConnectedAfter(uint64_t after, std::function<void(Status)> fn) {
    if (closing_) return fn(closedStatus());
    if (client::isTerminal(state_)) return fn(statusFor(proto::Err::SessionExpired, ""));
    if (connected() && connectEpoch_ > after) return fn(Status{});
    if (connected()) {
        // Connected at the same epoch as the failed request: the Suspended
        // that explains the loss may be on its way.
        auto self = shared_from_this();
        const TimerId id = schedule(Clock::now() + kLossRetryPause, [self, fn]() mutable {
            if (self->connected())
                fn(Status{});
            else
                self->whenConnectedAfter(self->connectEpoch_, std::move(fn));
        });
        if (id == 0) fn(closedStatus());
        return;
    }
    connectWaiters_.emplace_back(after, std::move(fn));
}

void SessionCore::addObserver(const std::shared_ptr<SessionObserver>& observer) { observers_.push_back(observer); }

void SessionCore::removeObserver(const SessionObserver* observer) {
    std::erase_if(observers_, [observer](const std::weak_ptr<SessionObserver>& w) {
        auto o = w.lock();
        return !o || o.get() == observer;
    });
}

int SessionCore::addStateListener(std::function<void(client::SessionState)> listener) {
    // Handles are handed out here, on the caller's thread, so the caller
    // can remove the listener before it was ever registered.
    static std::atomic<int> next{1};
    const int handle = next++;
    post([this, handle, listener = std::move(listener)]() mutable { listeners_[handle] = std::move(listener); });
    return handle;
}

void SessionCore::removeStateListener(int handle) {
    post([this, handle] { listeners_.erase(handle); });
}

Status SessionCore::waitConnected(Timeout timeout, std::stop_token stop) {
    if (onRecipeThread()) return status(Code::Misuse, "waitConnected() from a recipe callback would wait for itself");
    const auto deadline = Clock::now() + timeout;
    std::unique_lock lock(mu_);
    std::stop_callback wake(stop, [this] {
        std::lock_guard l(mu_);
        cv_.notify_all();
    });
    for (;;) {
        if (isConnectedState(published_)) return {};
        if (client::isTerminal(published_) || closed_)
            return status(
                closed_ && published_ == client::SessionState::Closed ? Code::Closed : Code::SessionLost,
                "the session ended before it was established: " + std::string(client::sessionStateName(published_)));
        if (stop.stop_requested()) return status(Code::Cancelled, "waiting for the session was cancelled");
        if (timeout == kForever)
            cv_.wait(lock);
        else if (cv_.wait_until(lock, deadline) == std::cv_status::timeout && !isConnectedState(published_))
            return status(Code::TimedOut, "no session within " + std::to_string(timeout.count()) + " ms");
    }
}

// ------------------------------------------------------------ watches

SessionCore::WatchId SessionCore::expectWatch(const std::string& path, std::function<void(proto::EventType)> fn) {
    const WatchId id = nextWatch_++;
    watches_.emplace(path, std::make_pair(id, std::move(fn)));
    return id;
}

void SessionCore::cancelWatch(WatchId id) {
    for (auto it = watches_.begin(); it != watches_.end(); ++it) {
        if (it->second.first == id) {
            watches_.erase(it);
            return;
        }
    }
}

void SessionCore::onClientWatch(proto::EventType type, const std::string& path) {
    if (closing_) return;
    std::vector<std::function<void(proto::EventType)>> due;
    auto [first, last] = watches_.equal_range(path);
    for (auto it = first; it != last; ++it) due.push_back(std::move(it->second.second));
    watches_.erase(first, last);
    for (auto& fn : due) fn(type);
}

// ------------------------------------------------------------ client calls

template <class T>
void SessionCore::retrying(std::function<void(client::Callback<T>)> submit,
                           std::function<void(client::Result<T>)> done) {
    auto self = shared_from_this();
    if (closing_) {
        client::Result<T> r;
        r.err = proto::Err::ConnectionLoss;
        done(std::move(r));
        return;
    }
    const uint64_t epoch = connectEpoch_;
    submit([self, submit, done, epoch](client::Result<T> r) mutable {
        const bool queued = self->post([self, submit, done, epoch, r = std::move(r)]() mutable {
            if (retryable(r.err) && !self->terminal()) {
                self->whenConnectedAfter(epoch, [self, submit, done, r](Status s) mutable {
                    if (s.ok())
                        self->retrying<T>(std::move(submit), std::move(done));
                    else
                        done(std::move(r));
                });
                return;
            }
            done(std::move(r));
        });
        (void)queued;  // not queued: the session is closed, and so is every recipe
    });
}

void SessionCore::getChildren(const std::string& path, bool watch,
                              std::function<void(Result<std::vector<std::string>>)> done) {
    retrying<std::vector<std::string>>(
        [this, path, watch](client::Callback<std::vector<std::string>> cb) {
            client_->getChildren(path, watch, std::move(cb));
        },
        [this, done = std::move(done)](client::Result<std::vector<std::string>> r) {
            done(fromClient(*this, std::move(r)));
        });
}

void SessionCore::getData(const std::string& path, bool watch, std::function<void(Result<client::NodeData>)> done) {
    retrying<client::NodeData>(
        [this, path, watch](client::Callback<client::NodeData> cb) { client_->getData(path, watch, std::move(cb)); },
        [this, done = std::move(done)](client::Result<client::NodeData> r) { done(fromClient(*this, std::move(r))); });
}

void SessionCore::exists(const std::string& path, bool watch,
                         std::function<void(Result<std::optional<proto::Stat>>)> done) {
    retrying<std::optional<proto::Stat>>(
        [this, path, watch](client::Callback<std::optional<proto::Stat>> cb) {
            client_->exists(path, watch, std::move(cb));
        },
        [this, done = std::move(done)](client::Result<std::optional<proto::Stat>> r) {
            done(fromClient(*this, std::move(r)));
        });
}

void SessionCore::setData(const std::string& path, const std::string& data, int32_t version,
                          std::function<void(Result<proto::Stat>)> done) {
    retrying<proto::Stat>(
        [this, path, data, version](client::Callback<proto::Stat> cb) {
            client_->setData(path, data, version, std::move(cb));
        },
        [this, done = std::move(done)](client::Result<proto::Stat> r) { done(fromClient(*this, std::move(r))); });
}

void SessionCore::remove(const std::string& path, int32_t version, std::function<void(Status)> done) {
    retrying<client::Empty>(
        [this, path, version](client::Callback<client::Empty> cb) { client_->remove(path, version, std::move(cb)); },
        [this, done = std::move(done)](client::Result<client::Empty> r) {
            if (r.err == proto::Err::NoNode) r.err = proto::Err::Ok;
            done(r.ok() ? Status{} : statusFor(r.err, r.message));
        });
}

void SessionCore::childrenWithData(const std::string& parent, const std::vector<std::string>& names,
                                   std::function<void(Result<std::vector<client::ChildRow>>)> done) {
    retrying<std::vector<client::ChildRow>>(
        [this, parent, names](client::Callback<std::vector<client::ChildRow>> cb) {
            client_->getChildrenWithStats(parent, names, client::RowDetail::StatAndData, std::move(cb));
        },
        [this, done = std::move(done)](client::Result<std::vector<client::ChildRow>> r) {
            done(fromClient(*this, std::move(r)));
        });
}

void SessionCore::create(const std::string& path, const std::string& data, proto::CreateMode mode,
                         proto::CreateMode parentMode, std::function<void(client::Result<client::Created>)> done) {
    auto self = shared_from_this();
    if (closing_) {
        client::Result<client::Created> r;
        r.err = proto::Err::ConnectionLoss;
        r.message = "the recipe session was closed";
        done(std::move(r));
        return;
    }
    client::CreateOptions options;
    options.mode = mode;
    client_->create(
        path, data, options, [self, path, data, mode, parentMode, done](client::Result<client::Created> r) mutable {
            self->post([self, path, data, mode, parentMode, done = std::move(done), r = std::move(r)]() mutable {
                if (r.err != proto::Err::NoNode || self->closing_) return done(std::move(r));
                // A parent is missing: make the ancestors, then one more try.
                self->ensureParents(path, parentMode, [self, path, data, mode, done, r](Status s) mutable {
                    if (!s.ok()) return done(std::move(r));
                    client::CreateOptions again;
                    again.mode = mode;
                    self->client_->create(path, data, again, [self, done](client::Result<client::Created> r2) mutable {
                        self->post([done = std::move(done), r2 = std::move(r2)]() mutable { done(std::move(r2)); });
                    });
                });
            });
        });
}

void SessionCore::ensureParents(const std::string& path, proto::CreateMode parentMode,
                                std::function<void(Status)> done) {
    std::vector<std::string> ancestors;
    for (size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1))
        ancestors.push_back(path.substr(0, slash));
    auto self = shared_from_this();
    // Creates ancestors[i..] in order; NodeExists is fine.
    auto step = std::make_shared<std::function<void(size_t)>>();
    *step = [self, ancestors, parentMode, done, weakStep = std::weak_ptr<std::function<void(size_t)>>(step)](size_t i) {
        if (i == ancestors.size()) return done(Status{});
        auto next = weakStep.lock();
        client::CreateOptions options;
        options.mode = parentMode;
        self->retrying<client::Created>(
            [self, path = ancestors[i], options](client::Callback<client::Created> cb) {
                self->client_->create(path, "", options, std::move(cb));
            },
            [self, i, next, done](client::Result<client::Created> r) {
                if (r.ok() || r.err == proto::Err::NodeExists)
                    (*next)(i + 1);
                else
                    done(self->statusFor(r.err, r.message));
            });
    };
    (*step)(0);
}

}  // namespace zooscope::recipes::detail
