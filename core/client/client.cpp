// Client over the ZooKeeper C client (libzookeeper-mt 3.8.0).
//
// How requests flow: each async call allocates a Request that owns the user's
// callback, passes it to zoo_a*() as the completion's `data`, and the C
// client's completion thread hands it back to one of the shims below, which
// copy the reply out of the C buffers, build the Result and call the user.
// Requests the C client refuses at once never reach it; they are completed on
// this client's Dispatcher thread so no callback runs on the submitting thread.
//
// Lock contracts:
//   handleMu_  shared by every submission (zh_ is used under it), exclusive
//              only while close() detaches zh_ - so zookeeper_close never runs
//              concurrently with a zoo_a*() call.
//   stateMu_   guards state_, everConnected_, credentials_, negotiatedMs_.
//   inflightMu_ guards inflight_: every Request handed to the C client and not
//              completed yet, so close() can complete the ones it drops.
#include <zookeeper/zookeeper.h>

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <unordered_set>

#include "client_text.h"

namespace zooscope::client {

using proto::Err;

namespace {

// ------------------------------------------------------------ C client logs

spdlog::level::level_enum levelOfCMessage(std::string_view msg) {
    if (msg.find(":ZOO_ERROR@") != std::string_view::npos) return spdlog::level::warn;
    if (msg.find(":ZOO_WARN@") != std::string_view::npos) return spdlog::level::info;
    if (msg.find(":ZOO_INFO@") != std::string_view::npos) return spdlog::level::debug;
    return spdlog::level::trace;
}

// Drops the C client's own timestamp/pid prefix ("2024-..:123(0x..):ZOO_INFO@")
// keeping "function@line: message".
std::string_view stripCPrefix(std::string_view msg) {
    const size_t at = msg.find(":ZOO_");
    if (at == std::string_view::npos) return msg;
    const size_t level_end = msg.find('@', at);
    if (level_end == std::string_view::npos) return msg;
    msg.remove_prefix(level_end + 1);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == '\r')) msg.remove_suffix(1);
    return msg;
}

void cLogCallback(const char* message) {
    if (!message) return;
    const std::string_view m(message);
    spdlog::log(levelOfCMessage(m), "zkc: {}", stripCPrefix(m));
}

// Messages logged without a handle go to the C client's log stream (stderr by
// default); a glibc cookie stream sends them to spdlog too, line by line.
ssize_t cookieWrite(void*, const char* buf, size_t size) {
    static std::mutex mu;
    static std::string pending;
    std::lock_guard<std::mutex> lock(mu);
    pending.append(buf, size);
    size_t nl;
    while ((nl = pending.find('\n')) != std::string::npos) {
        const std::string line = pending.substr(0, nl);
        pending.erase(0, nl + 1);
        if (!line.empty()) cLogCallback(line.c_str());
    }
    return static_cast<ssize_t>(size);
}

void setUpCLogging() {
    static std::once_flag once;
    std::call_once(once, [] {
        cookie_io_functions_t io{};
        io.write = cookieWrite;
        if (FILE* f = fopencookie(nullptr, "w", io)) {
            setvbuf(f, nullptr, _IOLBF, 0);
            zoo_set_log_stream(f);  // lives as long as the process
        }
    });
    // The C client filters globally before formatting; follow spdlog's level so
    // it does no work for lines spdlog would drop.
    const auto lvl = spdlog::get_level();
    ZooLogLevel c = ZOO_LOG_LEVEL_ERROR;
    if (lvl <= spdlog::level::trace) c = ZOO_LOG_LEVEL_DEBUG;
    else if (lvl <= spdlog::level::debug) c = ZOO_LOG_LEVEL_INFO;
    else if (lvl <= spdlog::level::info) c = ZOO_LOG_LEVEL_WARN;
    zoo_set_debug_level(c);
}

// ------------------------------------------------------------ conversions

proto::Stat fromC(const ::Stat* s) {
    proto::Stat o;
    if (!s) return o;
    o.czxid = s->czxid;
    o.mzxid = s->mzxid;
    o.ctime = s->ctime;
    o.mtime = s->mtime;
    o.version = s->version;
    o.cversion = s->cversion;
    o.aversion = s->aversion;
    o.ephemeralOwner = s->ephemeralOwner;
    o.dataLength = s->dataLength;
    o.numChildren = s->numChildren;
    o.pzxid = s->pzxid;
    return o;
}

std::vector<std::string> fromC(const String_vector* v) {
    std::vector<std::string> out;
    if (!v) return out;
    out.reserve(static_cast<size_t>(v->count));
    for (int32_t i = 0; i < v->count; ++i) out.emplace_back(v->data[i] ? v->data[i] : "");
    return out;
}

proto::ACLList fromC(const ACL_vector* v) {
    proto::ACLList out;
    if (!v) return out;
    for (int32_t i = 0; i < v->count; ++i) {
        const ::ACL& a = v->data[i];
        out.push_back(proto::ACL{a.perms, proto::Id{a.id.scheme ? a.id.scheme : "", a.id.id ? a.id.id : ""}});
    }
    return out;
}

// An ACL list in the C client's layout. The C structs point into `strings`, so
// the object must not move once built: hold it by unique_ptr.
struct CAcl {
    explicit CAcl(const proto::ACLList& acl) {
        strings.reserve(acl.size() * 2);
        for (const proto::ACL& a : acl) {
            strings.push_back(a.id.scheme);
            strings.push_back(a.id.id);
        }
        entries.resize(acl.size());
        for (size_t i = 0; i < acl.size(); ++i) {
            entries[i].perms = acl[i].perms;
            entries[i].id.scheme = strings[2 * i].data();
            entries[i].id.id = strings[2 * i + 1].data();
        }
        vec.count = static_cast<int32_t>(entries.size());
        vec.data = entries.empty() ? nullptr : entries.data();
    }
    CAcl(const CAcl&) = delete;
    CAcl& operator=(const CAcl&) = delete;
    std::vector<std::string> strings;
    std::vector<::ACL> entries;
    ACL_vector vec{};
};

ZooWatcherType toC(proto::WatcherType t) {
    switch (t) {
    case proto::WatcherType::Children: return ZWATCHTYPE_CHILD;
    case proto::WatcherType::Data: return ZWATCHTYPE_DATA;
    case proto::WatcherType::Any: return ZWATCHTYPE_ANY;
    }
    return ZWATCHTYPE_ANY;
}

std::string hexId(int64_t id) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(id));
    return buf;
}

// "host:port,host:port" as the C client parses it (it splits host from port
// at the last ':', so IPv6 hosts go without brackets).
std::string joinHosts(const std::vector<HostPort>& hosts) {
    std::string out;
    for (const HostPort& h : hosts) {
        if (!out.empty()) out += ',';
        out += h.host + ":" + std::to_string(h.port);
    }
    return out;
}

// The hosts part of a connect string, normalised; "" when it does not parse.
std::string hostsOf(const std::string& connectString) {
    const auto cs = parseConnectString(connectString, nullptr);
    return cs ? joinHosts(cs->hosts) : std::string();
}

std::string lowerFirst(std::string s) {
    if (!s.empty() && s.front() >= 'A' && s.front() <= 'Z') s.front() = char(s.front() - 'A' + 'a');
    return s;
}

// One resolved server address: IP (v4 or v6 bytes) and port.
struct ResolvedAddr {
    int family = 0;
    std::string ip;  // raw address bytes
    uint16_t port = 0;
};

// Resolves `hosts` the way the C client does (getaddrinfo, AF_UNSPEC,
// SOCK_STREAM, AI_ADDRCONFIG); hosts that do not resolve are skipped, as the
// C client skips them.
std::vector<ResolvedAddr> resolveLikeC(const std::vector<HostPort>& hosts) {
    std::vector<ResolvedAddr> out;
    for (const HostPort& h : hosts) {
        addrinfo hints{};
        hints.ai_flags = AI_ADDRCONFIG;
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_protocol = IPPROTO_TCP;
        addrinfo* res = nullptr;
        if (getaddrinfo(h.host.c_str(), std::to_string(h.port).c_str(), &hints, &res) != 0) continue;
        for (addrinfo* a = res; a; a = a->ai_next) {
            if (a->ai_family == AF_INET) {
                const auto* in = reinterpret_cast<const sockaddr_in*>(a->ai_addr);
                out.push_back({AF_INET, std::string(reinterpret_cast<const char*>(&in->sin_addr), sizeof in->sin_addr),
                               ntohs(in->sin_port)});
            } else if (a->ai_family == AF_INET6) {
                const auto* in6 = reinterpret_cast<const sockaddr_in6*>(a->ai_addr);
                out.push_back({AF_INET6,
                               std::string(reinterpret_cast<const char*>(&in6->sin6_addr), sizeof in6->sin6_addr),
                               ntohs(in6->sin6_port)});
            }
        }
        freeaddrinfo(res);
    }
    return out;
}

// The C client's list comparison (addrvec_eq): same count, and every address
// of `a` in `b`. withPorts=false is what 3.8.0 really does: it compares IPs
// only (addrvec_contains ignores the port).
bool sameAddresses(const std::vector<ResolvedAddr>& a, const std::vector<ResolvedAddr>& b, bool withPorts) {
    if (a.size() != b.size()) return false;
    for (const ResolvedAddr& x : a) {
        bool found = false;
        for (const ResolvedAddr& y : b)
            found = found || (x.family == y.family && x.ip == y.ip && (!withPorts || x.port == y.port));
        if (!found) return false;
    }
    return true;
}

// nullptr for a reconfig field that was not given (empty or blank).
const char* optionalField(const std::string& s) {
    return s.find_first_not_of(" \t") == std::string::npos ? nullptr : s.c_str();
}

// ------------------------------------------------------------ dispatcher

// One thread that runs queued closures in order. Used for completions that
// must not run on the caller's thread.
class Dispatcher {
public:
    Dispatcher() : thread_([this] { run(); }) {}
    ~Dispatcher() { stop(); }
    void post(std::function<void()> fn) {
        {
            std::lock_guard<std::mutex> lock(mu_);
            queue_.push_back(std::move(fn));
        }
        cv_.notify_all();
    }
    // Waits until everything posted so far has run (no-op on its own thread).
    void drain() {
        if (std::this_thread::get_id() == thread_.get_id()) return;
        std::unique_lock<std::mutex> lock(mu_);
        idleCv_.wait(lock, [this] { return queue_.empty() && !busy_; });
    }
    void stop() {
        {
            std::lock_guard<std::mutex> lock(mu_);
            if (stopping_) return;
            stopping_ = true;
        }
        cv_.notify_all();
        if (thread_.joinable()) {
            if (std::this_thread::get_id() == thread_.get_id()) thread_.detach();
            else thread_.join();
        }
    }
    std::thread::id id() const { return thread_.get_id(); }

private:
    void run() {
        std::unique_lock<std::mutex> lock(mu_);
        for (;;) {
            cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) break;  // stopping, and everything ran
            auto fn = std::move(queue_.front());
            queue_.pop_front();
            busy_ = true;
            lock.unlock();
            fn();
            lock.lock();
            busy_ = false;
            if (queue_.empty()) idleCv_.notify_all();
        }
        idleCv_.notify_all();
    }
    std::mutex mu_;
    std::condition_variable cv_, idleCv_;
    std::deque<std::function<void()>> queue_;
    bool busy_ = false;
    bool stopping_ = false;
    std::thread thread_;  // last: starts after the members above exist
};

// Calls a user callback, never letting an exception escape into C code.
template <class Fn>
void guarded(const char* what, Fn&& fn) {
    try {
        fn();
    } catch (const std::exception& e) {
        spdlog::error("client: a {} callback threw: {}", what, e.what());
    } catch (...) {
        spdlog::error("client: a {} callback threw a non-standard exception", what);
    }
}

// What a C completion hands back; unused fields stay null.
struct Raw {
    const char* value = nullptr;
    int valueLen = -1;
    const ::Stat* stat = nullptr;
    const String_vector* strings = nullptr;
    const ACL_vector* acl = nullptr;
};

class ClientImpl;

// One in-flight request. complete() runs once; a second call (possible only
// in the C client's out-of-memory paths) is ignored.
struct RequestBase {
    RequestBase(ClientImpl* s, Operation o, std::string p) : self(s), op(o), path(std::move(p)) {}
    virtual ~RequestBase() = default;
    // Builds the result from the C reply (copying it) and returns the call of
    // the user's callback.
    virtual std::function<void()> build(int rc, const Raw& raw) = 0;
    // The call of the user's callback with an error.
    virtual std::function<void()> buildError(Err err, std::string message) = 0;
    ClientImpl* self;
    Operation op;
    std::string path;
    std::atomic<bool> finished{false};
};

template <class T>
struct Request final : RequestBase {
    using Fill = std::function<void(Result<T>&, const Raw&)>;
    Request(ClientImpl* s, Operation o, std::string p, Callback<T> d, Fill f)
        : RequestBase(s, o, std::move(p)), done(std::move(d)), fill(std::move(f)) {}
    std::function<void()> build(int rc, const Raw& raw) override;
    std::function<void()> buildError(Err err, std::string message) override {
        Result<T> r;
        r.err = err;
        r.message = std::move(message);
        return [cb = std::move(done), r = std::move(r)]() mutable {
            if (cb) guarded("result", [&] { cb(std::move(r)); });
        };
    }
    Callback<T> done;
    Fill fill;  // runs for Ok replies (and for those `fill` wants to reinterpret)
};

// ------------------------------------------------------------ the client

class ClientImpl final : public Client {
public:
    ClientImpl(ClientOptions options, Callbacks callbacks)
        : options_(std::move(options)), callbacks_(std::move(callbacks)), servers_(hostsOf(options_.connectString)) {}

    ~ClientImpl() override {
        close();
        dispatcher_.stop();
    }

    bool start(std::string* error) {
        setUpCLogging();
        clientid_t cid{};
        const clientid_t* cidp = nullptr;
        if (options_.resume) {
            cid.client_id = options_.resume->sessionId;
            std::memcpy(cid.passwd, options_.resume->password.data(), sizeof cid.passwd);
            cidp = &cid;
        }
        setState(SessionState::Connecting);
        spdlog::info("client: connecting to {} (session timeout {} ms{})", options_.connectString,
                     options_.sessionTimeout.count(),
                     options_.resume ? ", resuming session " + hexId(options_.resume->sessionId) : std::string());
        zhandle_t* zh = zookeeper_init2(options_.connectString.c_str(), &ClientImpl::watcherShim,
                                        static_cast<int>(options_.sessionTimeout.count()), cidp, this,
                                        options_.canBeReadOnly ? ZOO_READONLY : 0, &cLogCallback);
        if (!zh) {
            const int e = errno;
            *error = "The ZooKeeper C client could not start a session for \"" + options_.connectString +
                     "\": " + std::strerror(e) + ".";
            spdlog::warn("client: {}", *error);
            setState(SessionState::Closed);
            dispatcher_.drain();
            return false;
        }
        {
            std::unique_lock<std::shared_mutex> lock(handleMu_);
            zh_ = zh;
        }
        for (const AuthInfo& a : options_.auth) {
            addAuth(a, [scheme = a.scheme](Result<Empty> r) {
                if (!r.ok()) spdlog::warn("client: adding {} credentials failed: {}", scheme, r.message);
            });
        }
        return true;
    }

    void close() override {
        zhandle_t* zh = nullptr;
        {
            std::unique_lock<std::shared_mutex> lock(handleMu_);
            if (closed_) return;
            closed_ = true;
            zh = zh_;
            zh_ = nullptr;
        }
        if (zh) {
            spdlog::info("client: closing session {}", hexId(sessionId()));
            // zookeeper_close may complete outstanding requests (ZCLOSING) on
            // this thread; deliver() sends those to the dispatcher instead.
            closingThread_.store(std::this_thread::get_id());
            zookeeper_close(zh);
            closingThread_.store(std::thread::id());
        }
        // The multi-threaded C client 3.8.0 queues ZCLOSING completions but
        // its completion thread may exit before running them (process_async()
        // is 0 in mt_adaptor.c), so some never come. The handle is gone now:
        // complete whatever is left here, once each.
        std::unordered_set<RequestBase*> left;
        {
            std::lock_guard<std::mutex> lock(inflightMu_);
            left.swap(inflight_);
        }
        for (RequestBase* req : left) {
            if (!req->finished.exchange(true))
                dispatcher_.post(req->buildError(Err::ConnectionLoss,
                                                 "Cannot " + actionPhrase(req->op, req->path) +
                                                     ": the client was closed."));
            delete req;
        }
        setState(SessionState::Closed);
        dispatcher_.drain();
    }

    SessionState state() const override {
        std::lock_guard<std::mutex> lock(stateMu_);
        return state_;
    }
    int64_t sessionId() const override {
        std::lock_guard<std::mutex> lock(stateMu_);
        return credentials_.sessionId;
    }
    SessionCredentials sessionCredentials() const override {
        std::lock_guard<std::mutex> lock(stateMu_);
        return credentials_;
    }
    std::chrono::milliseconds negotiatedTimeout() const override {
        std::lock_guard<std::mutex> lock(stateMu_);
        return std::chrono::milliseconds(negotiatedMs_);
    }
    std::string currentServer() const override {
        std::shared_lock<std::shared_mutex> lock(handleMu_);
        if (!zh_ || (zoo_state(zh_) != ZOO_CONNECTED_STATE && zoo_state(zh_) != ZOO_READONLY_STATE)) return {};
        const char* s = zoo_get_current_server(zh_);
        return s ? s : "";
    }
    const ClientOptions& options() const override { return options_; }

    // ---- operations

    void create(const std::string& path, const std::string& data, const CreateOptions& co,
                Callback<Created> done) override {
        auto* req = new Request<Created>(this, Operation::Create, path, std::move(done),
                                         [](Result<Created>& r, const Raw& raw) {
                                             r.value.path = raw.value ? raw.value : "";
                                             r.value.stat = fromC(raw.stat);
                                         });
        if (!checkPath(req) || !checkSize(req, data.size())) return;
        if (proto::isTtl(co.mode) ? (co.ttlMs <= 0 || co.ttlMs > proto::ephemeral::kMaxTtl) : co.ttlMs != 0) {
            return refuse(req, Err::BadArguments,
                          "Cannot create " + path +
                              (proto::isTtl(co.mode) ? ": a TTL node needs a TTL between 1 ms and 2^40-1 ms."
                                                     : ": a TTL is only allowed with the TTL create modes."));
        }
        auto acl = std::make_unique<CAcl>(co.acl);
        submit(req, [&](zhandle_t* zh) {
            return zoo_acreate2_ttl(zh, path.c_str(), co.nullData ? nullptr : data.data(),
                                    co.nullData ? -1 : static_cast<int>(data.size()), &acl->vec,
                                    static_cast<int>(co.mode), proto::isTtl(co.mode) ? co.ttlMs : -1,
                                    &ClientImpl::stringStatShim, req);
        });
    }

    void remove(const std::string& path, int32_t version, Callback<Empty> done) override {
        auto* req = new Request<Empty>(this, Operation::Delete, path, std::move(done), nullptr);
        if (!checkPath(req)) return;
        submit(req, [&](zhandle_t* zh) { return zoo_adelete(zh, path.c_str(), version, &ClientImpl::voidShim, req); });
    }

    void exists(const std::string& path, bool watch, Callback<std::optional<proto::Stat>> done) override {
        auto* req = new Request<std::optional<proto::Stat>>(
            this, Operation::Exists, path, std::move(done),
            [](Result<std::optional<proto::Stat>>& r, const Raw& raw) {
                if (r.err == Err::NoNode) {  // absence is an answer, not an error
                    r.err = Err::Ok;
                    r.message.clear();
                    r.value.reset();
                } else {
                    r.value = fromC(raw.stat);
                }
            });
        if (!checkPath(req)) return;
        submit(req, [&](zhandle_t* zh) { return zoo_aexists(zh, path.c_str(), watch ? 1 : 0, &ClientImpl::statShim, req); });
    }

    void getData(const std::string& path, bool watch, Callback<NodeData> done) override {
        auto* req = new Request<NodeData>(this, Operation::GetData, path, std::move(done), fillNodeData);
        if (!checkPath(req)) return;
        submit(req, [&](zhandle_t* zh) { return zoo_aget(zh, path.c_str(), watch ? 1 : 0, &ClientImpl::dataShim, req); });
    }

    void setData(const std::string& path, const std::string& data, int32_t version,
                 Callback<proto::Stat> done) override {
        auto* req = new Request<proto::Stat>(this, Operation::SetData, path, std::move(done),
                                             [](Result<proto::Stat>& r, const Raw& raw) { r.value = fromC(raw.stat); });
        if (!checkPath(req) || !checkSize(req, data.size())) return;
        submit(req, [&](zhandle_t* zh) {
            return zoo_aset(zh, path.c_str(), data.data(), static_cast<int>(data.size()), version,
                            &ClientImpl::statShim, req);
        });
    }

    void getChildren(const std::string& path, bool watch, Callback<std::vector<std::string>> done) override {
        auto* req = new Request<std::vector<std::string>>(
            this, Operation::GetChildren, path, std::move(done),
            [](Result<std::vector<std::string>>& r, const Raw& raw) { r.value = fromC(raw.strings); });
        if (!checkPath(req)) return;
        submit(req, [&](zhandle_t* zh) {
            return zoo_aget_children(zh, path.c_str(), watch ? 1 : 0, &ClientImpl::stringsShim, req);
        });
    }

    void getChildren2(const std::string& path, bool watch, Callback<Children> done) override {
        auto* req = new Request<Children>(this, Operation::GetChildren, path, std::move(done),
                                          [](Result<Children>& r, const Raw& raw) {
                                              r.value.names = fromC(raw.strings);
                                              r.value.stat = fromC(raw.stat);
                                          });
        if (!checkPath(req)) return;
        submit(req, [&](zhandle_t* zh) {
            return zoo_aget_children2(zh, path.c_str(), watch ? 1 : 0, &ClientImpl::stringsStatShim, req);
        });
    }

    void getACL(const std::string& path, Callback<AclData> done) override {
        auto* req = new Request<AclData>(this, Operation::GetACL, path, std::move(done),
                                         [](Result<AclData>& r, const Raw& raw) {
                                             r.value.acl = fromC(raw.acl);
                                             r.value.stat = fromC(raw.stat);
                                         });
        if (!checkPath(req)) return;
        submit(req, [&](zhandle_t* zh) { return zoo_aget_acl(zh, path.c_str(), &ClientImpl::aclShim, req); });
    }

    void setACL(const std::string& path, const proto::ACLList& acl, int32_t version, Callback<Empty> done) override {
        auto* req = new Request<Empty>(this, Operation::SetACL, path, std::move(done), nullptr);
        if (!checkPath(req)) return;
        auto cacl = std::make_unique<CAcl>(acl);
        submit(req, [&](zhandle_t* zh) {
            return zoo_aset_acl(zh, path.c_str(), version, &cacl->vec, &ClientImpl::voidShim, req);
        });
    }

    void sync(const std::string& path, Callback<std::string> done) override {
        auto* req = new Request<std::string>(this, Operation::Sync, path, std::move(done),
                                             [](Result<std::string>& r, const Raw& raw) {
                                                 r.value = raw.value ? raw.value : "";
                                             });
        if (!checkPath(req)) return;
        submit(req, [&](zhandle_t* zh) { return zoo_async(zh, path.c_str(), &ClientImpl::stringShim, req); });
    }

    void multi(const std::vector<Op>& ops, Callback<std::vector<OpResult>> done) override;

    void removeWatches(const std::string& path, proto::WatcherType type, bool local, Callback<Empty> done) override {
        removeWatchesImpl(path, type, local, /*all=*/false, std::move(done));
    }
    void removeAllWatches(const std::string& path, proto::WatcherType type, bool local,
                          Callback<Empty> done) override {
        removeWatchesImpl(path, type, local, /*all=*/true, std::move(done));
    }

    void getConfig(bool watch, Callback<NodeData> done) override {
        auto* req = new Request<NodeData>(this, Operation::GetConfig, "", std::move(done), fillNodeData);
        submit(req, [&](zhandle_t* zh) { return zoo_agetconfig(zh, watch ? 1 : 0, &ClientImpl::dataShim, req); });
    }

    void addAuth(const AuthInfo& auth, Callback<Empty> done) override {
        auto* req = new Request<Empty>(this, Operation::AddAuth, "", std::move(done), nullptr);
        // Logged by scheme only: the credential is a secret.
        spdlog::debug("client: adding {} credentials", auth.scheme);
        submit(req, [&](zhandle_t* zh) {
            return zoo_add_auth(zh, auth.scheme.c_str(), auth.credential.data(),
                                static_cast<int>(auth.credential.size()), &ClientImpl::voidShim, req);
        });
    }

    void setServers(const std::string& hosts, Callback<std::string> done) override;

    std::string servers() const override {
        std::lock_guard<std::mutex> lock(serversMu_);
        return servers_;
    }

    void reconfig(const ReconfigChange& change, Callback<NodeData> done) override {
        auto* req = new Request<NodeData>(this, Operation::Reconfig, "", std::move(done), fillNodeData);
        if (std::string why = validateReconfig(change); !why.empty())
            return refuse(req, Err::BadArguments, std::move(why));
        if (!checkSize(req, change.joining.size() + change.leaving.size() + change.members.size() + 16)) return;
        spdlog::info("client: reconfig joining=\"{}\" leaving=\"{}\" members=\"{}\" from config {}", change.joining,
                     change.leaving, change.members, change.fromConfigVersion);
        // zoo_areconfig serialises the strings before it returns.
        submit(req, [&](zhandle_t* zh) {
            return zoo_areconfig(zh, optionalField(change.joining), optionalField(change.leaving),
                                 optionalField(change.members), change.fromConfigVersion, &ClientImpl::dataShim,
                                 req);
        });
    }

    void getChildrenWithStats(const std::string& parent, const std::vector<std::string>& names, RowDetail detail,
                              Callback<std::vector<ChildRow>> done) override;

    // ---- called from the shims / rows

    // Completes a request from a C completion (any thread).
    void complete(RequestBase* req, int rc, const Raw& raw) {
        {
            std::lock_guard<std::mutex> lock(inflightMu_);
            if (inflight_.erase(req) == 0) return;  // swept by close() already
        }
        if (!req->finished.exchange(true)) deliver(req->build(rc, raw));
        delete req;
    }

    // Maps a C client return code to the protocol's error code.
    Err mapRc(int rc) const {
        switch (rc) {
        case ZINVALIDSTATE: {
            const SessionState s = state();
            if (s == SessionState::Expired) return Err::SessionExpired;
            if (s == SessionState::AuthFailed) return Err::AuthFailed;
            return Err::ConnectionLoss;
        }
        case ZCLOSING:
        case ZSSLCONNECTIONERROR: return Err::ConnectionLoss;
        case ZNOTHING: return Err::SystemError;
        default: return static_cast<Err>(rc);
        }
    }

    std::string messageFor(int rc, Err err, Operation op, const std::string& path) const {
        if (rc == ZCLOSING || (rc == ZINVALIDSTATE && err == Err::ConnectionLoss))
            return "Cannot " + actionPhrase(op, path) + ": the client was closed.";
        return describeError(err, op, path);
    }

private:

    static void fillNodeData(Result<NodeData>& r, const Raw& raw) {
        if (raw.value && raw.valueLen >= 0) {
            r.value.data.assign(raw.value, static_cast<size_t>(raw.valueLen));
        } else {
            r.value.isNull = true;
        }
        r.value.stat = fromC(raw.stat);
    }

    // Runs the user's callback here, unless this is the thread inside close()
    // (whose caller may be a GUI thread): then on the dispatcher.
    void deliver(std::function<void()> call) {
        if (std::this_thread::get_id() == closingThread_.load()) dispatcher_.post(std::move(call));
        else call();
    }

    // Completes a request that never reached the C client, on the dispatcher.
    void refuse(RequestBase* req, Err err, std::string message) {
        spdlog::debug("client: refused: {}", message);
        dispatcher_.post(req->buildError(err, std::move(message)));
        delete req;
    }

    bool checkPath(RequestBase* req) {
        if (req->path.empty() || req->path.front() != '/' || req->path.find('\0') != std::string::npos) {
            refuse(req, Err::BadArguments,
                   "Cannot " + actionPhrase(req->op, req->path) + ": \"" + req->path +
                       "\" is not a valid znode path (it must start with '/').");
            return false;
        }
        return true;
    }

    bool checkSize(RequestBase* req, size_t bytes) {
        if (bytes > static_cast<size_t>(options_.juteMaxBuffer)) {
            refuse(req, Err::BadArguments,
                   "Cannot " + actionPhrase(req->op, req->path) + ": " + std::to_string(bytes) +
                       " bytes is more than jute.maxbuffer (" + std::to_string(options_.juteMaxBuffer) +
                       " bytes) allows; the server would drop the connection.");
            return false;
        }
        return true;
    }

    // Hands `req` to the C client via `call`; on a synchronous refusal the C
    // client did not keep `req` (except ZMARSHALLINGERROR, see below).
    template <class Call>
    void submit(RequestBase* req, Call&& call) {
        int rc;
        {
            std::shared_lock<std::shared_mutex> lock(handleMu_);
            if (!zh_) {
                lock.unlock();
                refuse(req, Err::ConnectionLoss,
                       "Cannot " + actionPhrase(req->op, req->path) + ": the client was closed.");
                return;
            }
            {
                // Registered first: the completion may run before call() returns.
                std::lock_guard<std::mutex> reg(inflightMu_);
                inflight_.insert(req);
            }
            rc = call(zh_);
        }
        if (rc == ZOK) return;
        const Err err = mapRc(rc);
        std::string msg = messageFor(rc, err, req->op, req->path);
        if (rc == ZMARSHALLINGERROR) {
            // The C client may have registered the completion before failing
            // to queue the bytes (out of memory); it could still call it, so
            // keep `req` registered (close() frees it) and mark it finished.
            if (!req->finished.exchange(true)) dispatcher_.post(req->buildError(err, std::move(msg)));
            return;
        }
        {
            std::lock_guard<std::mutex> reg(inflightMu_);
            inflight_.erase(req);
        }
        refuse(req, err, std::move(msg));
    }

    void removeWatchesImpl(const std::string& path, proto::WatcherType type, bool local, bool all,
                           Callback<Empty> done);

    void setState(SessionState s) {
        {
            std::lock_guard<std::mutex> lock(stateMu_);
            if (state_ == s && reported_) return;
            // Terminal states stay, except that close() after expiry reports Closed.
            if (reported_ && isTerminal(state_) && s != SessionState::Closed) return;
            if (reported_ && state_ == SessionState::Closed) return;
            state_ = s;
            reported_ = true;
        }
        spdlog::info("client: session {} {}", hexId(sessionId()), sessionStateName(s));
        if (!callbacks_.onState) return;
        // Always through the dispatcher: the first state (Connecting) cannot
        // be reported on the caller's thread, and one thread keeps them in order.
        dispatcher_.post([cb = callbacks_.onState, s] { guarded("state", [&] { cb(s); }); });
    }

    void onSessionEvent(zhandle_t* zh, int cstate) {
        if (cstate == ZOO_CONNECTED_STATE || cstate == ZOO_READONLY_STATE) {
            bool reconnect;
            {
                std::lock_guard<std::mutex> lock(stateMu_);
                reconnect = everConnected_;
                everConnected_ = true;
                if (const clientid_t* id = zoo_client_id(zh)) {
                    credentials_.sessionId = id->client_id;
                    std::memcpy(credentials_.password.data(), id->passwd, credentials_.password.size());
                }
                negotiatedMs_ = zoo_recv_timeout(zh);
            }
            setState(reconnect ? SessionState::Reconnected : SessionState::Connected);
        } else if (cstate == ZOO_CONNECTING_STATE || cstate == ZOO_ASSOCIATING_STATE) {
            bool was;
            {
                std::lock_guard<std::mutex> lock(stateMu_);
                was = everConnected_;
            }
            setState(was ? SessionState::Suspended : SessionState::Connecting);
        } else if (cstate == ZOO_EXPIRED_SESSION_STATE) {
            setState(SessionState::Expired);
        } else if (cstate == ZOO_AUTH_FAILED_STATE) {
            setState(SessionState::AuthFailed);
        }
    }

    // ---- C shims (run on the C client's completion thread, or inside
    // zookeeper_close on the closing thread)
    static void watcherShim(zhandle_t* zh, int type, int cstate, const char* path, void* ctx) {
        auto* self = static_cast<ClientImpl*>(ctx);
        if (!self) return;
        if (type == ZOO_SESSION_EVENT) {
            self->onSessionEvent(zh, cstate);
            return;
        }
        if (type == ZOO_NOTWATCHING_EVENT) return;
        const std::string p = path ? path : "";
        spdlog::debug("client: watch {} on {}", type, p);
        if (!self->callbacks_.onWatch) return;
        self->deliver([cb = self->callbacks_.onWatch, t = static_cast<proto::EventType>(type), p] {
            guarded("watch", [&] { cb(t, p); });
        });
    }
    static RequestBase* req(const void* data) { return static_cast<RequestBase*>(const_cast<void*>(data)); }
    static void voidShim(int rc, const void* data) { req(data)->self->complete(req(data), rc, Raw{}); }
    static void statShim(int rc, const ::Stat* stat, const void* data) {
        Raw raw;
        raw.stat = stat;
        req(data)->self->complete(req(data), rc, raw);
    }
    static void dataShim(int rc, const char* value, int len, const ::Stat* stat, const void* data) {
        Raw raw;
        raw.value = value;
        raw.valueLen = len;
        raw.stat = stat;
        req(data)->self->complete(req(data), rc, raw);
    }
    static void stringsShim(int rc, const String_vector* strings, const void* data) {
        Raw raw;
        raw.strings = strings;
        req(data)->self->complete(req(data), rc, raw);
    }
    static void stringsStatShim(int rc, const String_vector* strings, const ::Stat* stat, const void* data) {
        Raw raw;
        raw.strings = strings;
        raw.stat = stat;
        req(data)->self->complete(req(data), rc, raw);
    }
    static void stringShim(int rc, const char* value, const void* data) {
        Raw raw;
        raw.value = value;
        req(data)->self->complete(req(data), rc, raw);
    }
    static void stringStatShim(int rc, const char* value, const ::Stat* stat, const void* data) {
        Raw raw;
        raw.value = value;
        raw.stat = stat;
        req(data)->self->complete(req(data), rc, raw);
    }
    static void aclShim(int rc, ACL_vector* acl, ::Stat* stat, const void* data) {
        Raw raw;
        raw.acl = acl;
        raw.stat = stat;
        req(data)->self->complete(req(data), rc, raw);
    }

    friend struct MultiRequest;

    const ClientOptions options_;
    const Callbacks callbacks_;

    mutable std::shared_mutex handleMu_;
    zhandle_t* zh_ = nullptr;  // guarded by handleMu_
    bool closed_ = false;      // guarded by handleMu_ (exclusive)
    std::atomic<std::thread::id> closingThread_{};

    mutable std::mutex stateMu_;
    SessionState state_ = SessionState::Connecting;  // guarded by stateMu_
    bool reported_ = false;                          // guarded by stateMu_
    bool everConnected_ = false;                     // guarded by stateMu_
    SessionCredentials credentials_;                 // guarded by stateMu_
    int negotiatedMs_ = 0;                           // guarded by stateMu_

    std::mutex inflightMu_;
    std::unordered_set<RequestBase*> inflight_;  // guarded by inflightMu_; owned

    mutable std::mutex serversMu_;  // a leaf lock: nothing is locked while holding it
    std::string servers_;           // guarded by serversMu_

    Dispatcher dispatcher_;  // last: its thread must stop before the rest goes
};

template <class T>
std::function<void()> Request<T>::build(int rc, const Raw& raw) {
    Result<T> r;
    r.err = self->mapRc(rc);
    if (!r.ok()) r.message = self->messageFor(rc, r.err, op, path);
    // exists() turns NoNode into an answer, so its fill also sees errors.
    if (fill && (r.ok() || op == Operation::Exists)) fill(r, raw);
    if (!r.ok()) spdlog::debug("client: {}", r.message);
    return [cb = std::move(done), r = std::move(r)]() mutable {
        if (cb) guarded("result", [&] { cb(std::move(r)); });
    };
}

// ------------------------------------------------------------ multi

// Everything zoo_amulti's ops and results point into, kept alive until the
// completion: paths, data, ACLs, the create path buffers and set stats.
struct MultiRequest final : RequestBase {
    MultiRequest(ClientImpl* s, const std::vector<Op>& o, Callback<std::vector<OpResult>> d)
        : RequestBase(s, Operation::Multi, o.empty() ? std::string() : o.front().path), ops(o), done(std::move(d)) {}

    std::function<void()> build(int rc, const Raw&) override {
        Result<std::vector<OpResult>> r;
        r.err = self->mapRc(rc);
        r.value.resize(ops.size());
        std::string failedPath = path;
        for (size_t i = 0; i < ops.size(); ++i) {
            OpResult& o = r.value[i];
            o.err = self->mapRc(results[i].err);
            if (o.err == Err::Ok && ops[i].kind == Op::Kind::Create) o.path = pathBufs[i].data();
            if (o.err == Err::Ok && ops[i].kind == Op::Kind::SetData) o.stat = fromC(&stats[i]);
            if (o.err != Err::Ok && o.err != Err::RuntimeInconsistency && failedPath == path) failedPath = ops[i].path;
        }
        // A failed multi the server never answered (connection loss, close)
        // leaves every op result untouched: give each op the overall error.
        bool anyOpResult = false;
        for (const zoo_op_result_t& res : results) anyOpResult = anyOpResult || res.err != 0;
        if (!r.ok() && !anyOpResult)
            for (OpResult& o : r.value) o.err = r.err;
        if (!r.ok()) r.message = self->messageFor(rc, r.err, Operation::Multi, failedPath);
        return [cb = std::move(done), r = std::move(r)]() mutable {
            if (cb) guarded("result", [&] { cb(std::move(r)); });
        };
    }
    std::function<void()> buildError(Err err, std::string message) override {
        Result<std::vector<OpResult>> r;
        r.err = err;
        r.message = std::move(message);
        r.value.resize(ops.size());
        for (OpResult& o : r.value) o.err = err;
        return [cb = std::move(done), r = std::move(r)]() mutable {
            if (cb) guarded("result", [&] { cb(std::move(r)); });
        };
    }

    std::vector<Op> ops;
    Callback<std::vector<OpResult>> done;
    std::vector<std::unique_ptr<CAcl>> acls;
    std::vector<std::vector<char>> pathBufs;
    std::vector<::Stat> stats;
    std::vector<zoo_op_t> cops;
    std::vector<zoo_op_result_t> results;
};

void ClientImpl::multi(const std::vector<Op>& ops, Callback<std::vector<OpResult>> done) {
    auto* req = new MultiRequest(this, ops, std::move(done));
    size_t bytes = 0;
    for (const Op& op : req->ops) {
        bytes += op.path.size() + op.data.size() + 16;
        if (op.path.empty() || op.path.front() != '/' || op.path.find('\0') != std::string::npos) {
            return refuse(req, Err::BadArguments,
                          "Cannot run the transaction: \"" + op.path + "\" is not a valid znode path.");
        }
        if (op.kind == Op::Kind::Create && proto::isTtl(op.create.mode)) {
            return refuse(req, Err::Unimplemented,
                          "Cannot create " + op.path +
                              " in a transaction: the ZooKeeper C client 3.8 cannot send TTL creates inside "
                              "multi; create TTL nodes on their own.");
        }
        if (op.kind == Op::Kind::Create && op.create.ttlMs != 0) {
            return refuse(req, Err::BadArguments,
                          "Cannot create " + op.path + ": a TTL is only allowed with the TTL create modes.");
        }
    }
    if (!checkSize(req, bytes)) return;
    const size_t n = req->ops.size();
    if (n == 0) {
        // Nothing to send; an empty transaction trivially succeeds.
        dispatcher_.post(req->buildError(Err::Ok, ""));
        delete req;
        return;
    }
    req->pathBufs.resize(n);
    req->stats.resize(n);
    req->cops.resize(n);
    req->results.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const Op& op = req->ops[i];
        zoo_op_t& c = req->cops[i];
        switch (op.kind) {
        case Op::Kind::Create: {
            req->acls.push_back(std::make_unique<CAcl>(op.create.acl));
            // Room for the path plus a 10-digit sequence counter and the chroot.
            req->pathBufs[i].assign(op.path.size() + 64 + options_.connectString.size(), '\0');
            zoo_create_op_init(&c, op.path.c_str(), op.create.nullData ? nullptr : op.data.data(),
                               op.create.nullData ? -1 : static_cast<int>(op.data.size()), &req->acls.back()->vec,
                               static_cast<int>(op.create.mode), req->pathBufs[i].data(),
                               static_cast<int>(req->pathBufs[i].size()));
            break;
        }
        case Op::Kind::Delete: zoo_delete_op_init(&c, op.path.c_str(), op.version); break;
        case Op::Kind::SetData:
            zoo_set_op_init(&c, op.path.c_str(), op.data.data(), static_cast<int>(op.data.size()), op.version,
                            &req->stats[i]);
            break;
        case Op::Kind::Check: zoo_check_op_init(&c, op.path.c_str(), op.version); break;
        }
    }
    submit(req, [&](zhandle_t* zh) {
        // zoo_amulti must not meet a handle whose session is gone: when an
        // op's path check fails with ZINVALIDSTATE it frees the chrooted path
        // twice, and every later op frees a path it never set (zookeeper.c
        // 3.8.0, still so upstream): a double free or heap corruption that
        // killed a stream worker right after its session expired. Answer as
        // the C client does for every other request in that state. A session
        // expires only at a reconnect's handshake, so the state cannot turn
        // between this check and the call below except in that round trip.
        // (The C client's is_unrecoverable(): a negative state, i.e. the
        // session expired or authentication failed.)
        if (zoo_state(zh) < 0) return static_cast<int>(ZINVALIDSTATE);
        return zoo_amulti(zh, static_cast<int>(n), req->cops.data(), req->results.data(), &ClientImpl::voidShim, req);
    });
}

// ------------------------------------------------------------ watches

void ClientImpl::removeWatchesImpl(const std::string& path, proto::WatcherType type, bool local, bool all,
                                   Callback<Empty> done) {
    auto* req = new Request<Empty>(this, Operation::RemoveWatches, path, std::move(done), nullptr);
    if (!checkPath(req)) return;
    if (local) {
        // zoo_aremove_watches' local path signals its `data` as a C sync
        // completion (a bug in 3.8.0), so use the synchronous call: with
        // local=1 it only edits the client's tables and never waits.
        int rc;
        {
            std::shared_lock<std::shared_mutex> lock(handleMu_);
            if (!zh_) {
                lock.unlock();
                return refuse(req, Err::ConnectionLoss,
                              "Cannot " + actionPhrase(req->op, path) + ": the client was closed.");
            }
            rc = all ? zoo_remove_all_watches(zh_, path.c_str(), toC(type), 1)
                     : zoo_remove_watches(zh_, path.c_str(), toC(type), &ClientImpl::watcherShim, this, 1);
        }
        req->finished = true;
        dispatcher_.post(req->build(rc, Raw{}));
        delete req;
        return;
    }
    // zoo_aremove_*watches declare their completion as void_completion_t* but
    // store and call the value as the function itself (zookeeper.c 3.8.0,
    // create_completion_entry: `(void_completion_t)dc`): pass the function.
    void_completion_t* completion = reinterpret_cast<void_completion_t*>(&ClientImpl::voidShim);
    submit(req, [&](zhandle_t* zh) {
        return all ? zoo_aremove_all_watches(zh, path.c_str(), toC(type), 0, completion, req)
                   : zoo_aremove_watches(zh, path.c_str(), toC(type), &ClientImpl::watcherShim, this, 0,
                                         completion, req);
    });
}

// ------------------------------------------------------------ server list

void ClientImpl::setServers(const std::string& hosts, Callback<std::string> done) {
    const std::string what = "Cannot change the server list to \"" + hosts + "\": ";
    auto finish = [this](Callback<std::string> cb, Err err, std::string message, std::string value) {
        Result<std::string> r;
        r.err = err;
        r.message = std::move(message);
        r.value = std::move(value);
        if (!r.ok()) spdlog::debug("client: {}", r.message);
        dispatcher_.post([cb = std::move(cb), r = std::move(r)]() mutable {
            if (cb) guarded("result", [&] { cb(std::move(r)); });
        });
    };
    // Checked here: zoo_set_servers adopts whatever it is given as the list
    // to re-resolve later, even text it cannot parse.
    std::string why;
    const auto parsed = parseConnectString(hosts, &why);
    if (!parsed) return finish(std::move(done), Err::BadArguments, what + lowerFirst(why), {});
    if (hosts.find('/') != std::string::npos)
        return finish(std::move(done), Err::BadArguments,
                      what + "a server list has no chroot (the chroot is fixed when the session starts).", {});
    // Host names are resolved here and inside zoo_set_servers: never on the
    // caller's thread.
    dispatcher_.post([this, wanted = parsed->hosts, list = joinHosts(parsed->hosts), what, done = std::move(done),
                      finish]() mutable {
        // Resolved before zoo_set_servers, and outside handleMu_ (DNS may be
        // slow; close() must not wait for it).
        const std::string previous = servers();
        const auto before = parseConnectString(previous, nullptr);
        const auto now = resolveLikeC(wanted);
        const auto was = before ? resolveLikeC(before->hosts) : std::vector<ResolvedAddr>();
        if (now.empty()) {
            // The C client adopts a list before resolving it, and its I/O
            // thread may re-resolve it (and fail) before the old one is put
            // back: never hand it one that does not resolve.
            return finish(std::move(done), Err::SystemError,
                          what + "none of its host names could be resolved; the previous list stays in use.", {});
        }
        // zoo_set_servers compares address lists by IP only: a list that
        // differs from the current one only in ports (servers on one host)
        // would be accepted and then silently ignored.
        if (sameAddresses(now, was, false) && !sameAddresses(now, was, true)) {
            return finish(std::move(done), Err::Unimplemented,
                          what +
                              "the ZooKeeper C client 3.8.0 compares server addresses without their ports, so it "
                              "cannot move between servers that share an address; reconnect with the new connect "
                              "string instead.",
                          {});
        }
        int rc = ZOK;
        {
            std::shared_lock<std::shared_mutex> lock(handleMu_);
            if (!zh_) {
                rc = ZCLOSING;
            } else {
                rc = zoo_set_servers(zh_, list.c_str());
                if (rc != ZOK) {
                    // The C client keeps the failed list as the one it
                    // re-resolves on reconnect: put the previous one back.
                    const int back = zoo_set_servers(zh_, previous.c_str());
                    if (back != ZOK)
                        spdlog::warn("client: could not restore the server list \"{}\" (C client error {})",
                                     previous, back);
                } else {
                    std::lock_guard<std::mutex> sl(serversMu_);
                    servers_ = list;
                }
            }
        }
        switch (rc) {
        case ZOK:
            spdlog::info("client: session {} now uses the servers {}", hexId(sessionId()), list);
            return finish(std::move(done), Err::Ok, {}, list);
        case ZCLOSING:
            return finish(std::move(done), Err::ConnectionLoss, what + "the client was closed.", {});
        case ZSYSTEMERROR:
            return finish(std::move(done), Err::SystemError,
                          what + "none of its host names could be resolved; the previous list stays in use.", {});
        default:
            return finish(std::move(done), mapRc(rc),
                          what + "the ZooKeeper C client refused it (" + zerror(rc) +
                              "); the previous list stays in use.",
                          {});
        }
    });
}

// ------------------------------------------------------------ bulk rows

void ClientImpl::getChildrenWithStats(const std::string& parent, const std::vector<std::string>& names,
                                      RowDetail detail, Callback<std::vector<ChildRow>> done) {
    struct Rows {
        std::mutex mu;
        std::vector<ChildRow> rows;
        size_t remaining = 0;
        Callback<std::vector<ChildRow>> done;
        void finishOne() {
            Callback<std::vector<ChildRow>> cb;
            {
                std::lock_guard<std::mutex> lock(mu);
                if (--remaining != 0) return;
                cb = std::move(done);
            }
            Result<std::vector<ChildRow>> r;
            r.value = std::move(rows);
            if (cb) guarded("result", [&] { cb(std::move(r)); });
        }
    };
    auto rows = std::make_shared<Rows>();
    rows->rows.resize(names.size());
    rows->remaining = names.size();
    rows->done = std::move(done);
    if (names.empty()) {
        dispatcher_.post([rows] {
            Result<std::vector<ChildRow>> r;
            if (rows->done) guarded("result", [&] { rows->done(std::move(r)); });
        });
        return;
    }
    const std::string base = parent == "/" ? std::string() : parent;
    // All requests go out before any reply is awaited: the C client queues
    // them on one socket, so N rows cost one round trip, not N.
    for (size_t i = 0; i < names.size(); ++i) {
        rows->rows[i].name = names[i];
        const std::string path = base + "/" + names[i];
        if (detail == RowDetail::Stat) {
            exists(path, false, [rows, i](Result<std::optional<proto::Stat>> r) {
                ChildRow& row = rows->rows[i];  // each index is written by one callback only
                if (!r.ok()) row.err = r.err;
                else if (!r.value) row.err = Err::NoNode;
                else row.stat = *r.value;
                rows->finishOne();
            });
        } else {
            getData(path, false, [rows, i](Result<NodeData> r) {
                ChildRow& row = rows->rows[i];
                row.err = r.err;
                if (r.ok()) {
                    row.stat = r.value.stat;
                    row.data = std::move(r.value.data);
                    row.isNull = r.value.isNull;
                }
                rows->finishOne();
            });
        }
    }
}

}  // namespace

std::unique_ptr<Client> Client::connect(const ClientOptions& options, Callbacks callbacks, std::string* error) {
    std::string ignored;
    if (!error) error = &ignored;
    const std::vector<OptionProblem> problems = validateOptions(options);
    if (!problems.empty()) {
        error->clear();
        for (const OptionProblem& p : problems) {
            if (!error->empty()) *error += ' ';
            *error += p.message;
        }
        spdlog::warn("client: refusing to connect to \"{}\": {}", options.connectString, *error);
        return nullptr;
    }
    auto client = std::make_unique<ClientImpl>(options, std::move(callbacks));
    if (!client->start(error)) return nullptr;
    return client;
}

}  // namespace zooscope::client
