#include "zk_session.h"

#include <chrono>

namespace zooscope::conformance {

std::string rcName(int rc) {
    switch (rc) {
#define ZS_RC(x) \
    case x:      \
        return #x;
        ZS_RC(ZOK) ZS_RC(ZSYSTEMERROR) ZS_RC(ZRUNTIMEINCONSISTENCY) ZS_RC(ZDATAINCONSISTENCY)
        ZS_RC(ZCONNECTIONLOSS) ZS_RC(ZMARSHALLINGERROR) ZS_RC(ZUNIMPLEMENTED) ZS_RC(ZOPERATIONTIMEOUT)
        ZS_RC(ZBADARGUMENTS) ZS_RC(ZINVALIDSTATE) ZS_RC(ZNEWCONFIGNOQUORUM) ZS_RC(ZRECONFIGINPROGRESS)
        ZS_RC(ZSSLCONNECTIONERROR) ZS_RC(ZAPIERROR) ZS_RC(ZNONODE) ZS_RC(ZNOAUTH) ZS_RC(ZBADVERSION)
        ZS_RC(ZNOCHILDRENFOREPHEMERALS) ZS_RC(ZNODEEXISTS) ZS_RC(ZNOTEMPTY) ZS_RC(ZSESSIONEXPIRED)
        ZS_RC(ZINVALIDCALLBACK) ZS_RC(ZINVALIDACL) ZS_RC(ZAUTHFAILED) ZS_RC(ZCLOSING) ZS_RC(ZNOTHING)
        ZS_RC(ZSESSIONMOVED) ZS_RC(ZNOTREADONLY) ZS_RC(ZEPHEMERALONLOCALSESSION) ZS_RC(ZNOWATCHER)
        ZS_RC(ZRECONFIGDISABLED) ZS_RC(ZSESSIONCLOSEDREQUIRESASLAUTH) ZS_RC(ZTHROTTLEDOP)
#undef ZS_RC
    }
    return "Z" + std::to_string(rc);
}

std::string eventTypeName(int type) {
    if (type == ZOO_CREATED_EVENT) return "NodeCreated";
    if (type == ZOO_DELETED_EVENT) return "NodeDeleted";
    if (type == ZOO_CHANGED_EVENT) return "NodeDataChanged";
    if (type == ZOO_CHILD_EVENT) return "NodeChildrenChanged";
    if (type == ZOO_SESSION_EVENT) return "Session";
    if (type == ZOO_NOTWATCHING_EVENT) return "NotWatching";
    return "Event" + std::to_string(type);
}

std::string stateName(int state) {
    if (state == ZOO_CONNECTED_STATE) return "CONNECTED";
    if (state == ZOO_EXPIRED_SESSION_STATE) return "EXPIRED";
    if (state == ZOO_AUTH_FAILED_STATE) return "AUTH_FAILED";
    if (state == ZOO_CONNECTING_STATE) return "CONNECTING";
    if (state == ZOO_ASSOCIATING_STATE) return "ASSOCIATING";
    if (state == ZOO_READONLY_STATE) return "READONLY";
    if (state == ZOO_NOTCONNECTED_STATE) return "NOTCONNECTED";
    if (state == 0) return "CLOSED";
    return "State" + std::to_string(state);
}

AclList::AclList(std::initializer_list<std::tuple<int, std::string, std::string>> entries) {
    for (const auto& [perms, scheme, id] : entries) add(perms, scheme, id);
}

AclList::AclList(const AclList& other) {
    for (const ACL& a : other.acls_) add(a.perms, a.id.scheme, a.id.id);
}

void AclList::add(int perms, std::string scheme, std::string id) {
    strings_.push_back(std::move(scheme));
    char* s = strings_.back().data();
    strings_.push_back(std::move(id));
    char* i = strings_.back().data();
    acls_.push_back(ACL{perms, Id{s, i}});
}

ACL_vector* AclList::vector() {
    vec_.count = static_cast<int32_t>(acls_.size());
    vec_.data = acls_.empty() ? nullptr : acls_.data();
    return &vec_;
}

Session::Session(std::string label, const std::string& hosts, int sessionTimeoutMs, const clientid_t* clientId,
                 int connectTimeoutMs)
    : label_(std::move(label)), defaultTag_{this, "default"} {
    zh_ = zookeeper_init(hosts.c_str(), &Session::watcherFn, sessionTimeoutMs, clientId, &defaultTag_, 0);
    if (!zh_) return;
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(connectTimeoutMs), [&] {
        for (int s : states_)
            if (s == ZOO_CONNECTED_STATE || s == ZOO_EXPIRED_SESSION_STATE || s == ZOO_AUTH_FAILED_STATE) return true;
        return false;
    });
}

Session::~Session() { close(); }

int Session::close() {
    if (!zh_) return ZOK;
    int rc = zookeeper_close(zh_);
    zh_ = nullptr;
    return rc;
}

int Session::state() const { return zh_ ? zoo_state(zh_) : 0; }

int64_t Session::sessionId() const {
    const clientid_t* id = zh_ ? zoo_client_id(zh_) : nullptr;
    return id ? id->client_id : 0;
}

clientid_t Session::clientId() const {
    const clientid_t* id = zh_ ? zoo_client_id(zh_) : nullptr;
    return id ? *id : clientid_t{};
}

Session::WatchTag* Session::tag(const std::string& name) {
    tags_.push_back(WatchTag{this, name});
    return &tags_.back();
}

void Session::watcherFn(zhandle_t*, int type, int state, const char* path, void* ctx) {
    auto* tag = static_cast<WatchTag*>(ctx);
    if (!tag) return;
    Session* self = tag->session;
    if (type == ZOO_SESSION_EVENT && tag == &self->defaultTag_) {
        std::lock_guard lock(self->mu_);
        self->states_.push_back(state);
        self->cv_.notify_all();
        return;
    }
    self->push(tag->tag + ": " + eventTypeName(type) + " " + stateName(state) + " " + (path ? path : "(null)"));
}

void Session::push(std::string event) {
    std::lock_guard lock(mu_);
    events_.push_back(std::move(event));
    cv_.notify_all();
}

void Session::barrierDone(int, const Stat*, const void* data) {
    auto* self = static_cast<Session*>(const_cast<void*>(data));
    std::lock_guard lock(self->mu_);
    ++self->barriersDone_;
    self->cv_.notify_all();
}

std::vector<std::string> Session::drainEvents(int timeoutMs) {
    if (zh_ && zoo_aexists(zh_, "/", 0, &Session::barrierDone, this) == ZOK) {
        const int want = ++barriersSent_;
        std::unique_lock lock(mu_);
        if (!cv_.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] { return barriersDone_ >= want; })) {
            events_.push_back("(barrier timed out)");
        }
    }
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    out.swap(events_);
    return out;
}

bool Session::waitState(int state, int timeoutMs) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] {
        for (int s : states_)
            if (s == state) return true;
        return false;
    });
}

std::vector<std::string> Session::sessionStates() {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    for (int s : states_) out.push_back(stateName(s));
    states_.clear();
    return out;
}

void Session::voidDone(int rc, const void* data) {
    auto* self = static_cast<Session*>(const_cast<void*>(data));
    std::lock_guard lock(self->mu_);
    self->completionRc_ = rc;
    self->cv_.notify_all();
}

void Session::stringDone(int rc, const char* value, const void* data) {
    auto* self = static_cast<Session*>(const_cast<void*>(data));
    std::lock_guard lock(self->mu_);
    self->completionRc_ = rc;
    self->completionValue_ = value ? value : "(null)";
    self->cv_.notify_all();
}

int Session::addAuth(const std::string& scheme, const std::string& cert, int timeoutMs) {
    {
        std::lock_guard lock(mu_);
        completionRc_.reset();
    }
    int rc = zoo_add_auth(zh_, scheme.c_str(), cert.data(), static_cast<int>(cert.size()), &Session::voidDone, this);
    if (rc != ZOK) return rc;
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] { return completionRc_.has_value(); }))
        return ZOPERATIONTIMEOUT;
    return *completionRc_;
}

int Session::sync(const std::string& path, std::string* returnedPath, int timeoutMs) {
    {
        std::lock_guard lock(mu_);
        completionRc_.reset();
        completionValue_.clear();
    }
    int rc = zoo_async(zh_, path.c_str(), &Session::stringDone, this);
    if (rc != ZOK) return rc;
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] { return completionRc_.has_value(); }))
        return ZOPERATIONTIMEOUT;
    if (returnedPath) *returnedPath = completionValue_;
    return *completionRc_;
}

}  // namespace zooscope::conformance
