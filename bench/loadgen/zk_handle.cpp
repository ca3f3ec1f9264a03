#include "zk_handle.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>

namespace zooscope::bench {

std::string errorName(int rc) {
    switch (rc) {
#define ZS_CASE(name) \
    case name: return #name;
    ZS_CASE(ZOK)
    ZS_CASE(ZSYSTEMERROR)
    ZS_CASE(ZRUNTIMEINCONSISTENCY)
    ZS_CASE(ZDATAINCONSISTENCY)
    ZS_CASE(ZCONNECTIONLOSS)
    ZS_CASE(ZMARSHALLINGERROR)
    ZS_CASE(ZUNIMPLEMENTED)
    ZS_CASE(ZOPERATIONTIMEOUT)
    ZS_CASE(ZBADARGUMENTS)
    ZS_CASE(ZINVALIDSTATE)
    ZS_CASE(ZNEWCONFIGNOQUORUM)
    ZS_CASE(ZRECONFIGINPROGRESS)
    ZS_CASE(ZSSLCONNECTIONERROR)
    ZS_CASE(ZAPIERROR)
    ZS_CASE(ZNONODE)
    ZS_CASE(ZNOAUTH)
    ZS_CASE(ZBADVERSION)
    ZS_CASE(ZNOCHILDRENFOREPHEMERALS)
    ZS_CASE(ZNODEEXISTS)
    ZS_CASE(ZNOTEMPTY)
    ZS_CASE(ZSESSIONEXPIRED)
    ZS_CASE(ZINVALIDCALLBACK)
    ZS_CASE(ZINVALIDACL)
    ZS_CASE(ZAUTHFAILED)
    ZS_CASE(ZCLOSING)
    ZS_CASE(ZNOTHING)
    ZS_CASE(ZSESSIONMOVED)
    ZS_CASE(ZNOTREADONLY)
    ZS_CASE(ZEPHEMERALONLOCALSESSION)
    ZS_CASE(ZNOWATCHER)
    ZS_CASE(ZRECONFIGDISABLED)
    ZS_CASE(ZSESSIONCLOSEDREQUIRESASLAUTH)
    ZS_CASE(ZTHROTTLEDOP)
#undef ZS_CASE
    default: return "Z" + std::to_string(rc);
    }
}

void setClientLogLevel(bool verbose) {
    static std::once_flag once;
    std::call_once(once, [verbose] { zoo_set_debug_level(verbose ? ZOO_LOG_LEVEL_INFO : ZOO_LOG_LEVEL_ERROR); });
}

void ZkHandle::onWatch(zhandle_t*, int type, int state, const char*, void* context) {
    if (type != ZOO_SESSION_EVENT) return;
    auto* self = static_cast<ZkHandle*>(context);
    if (state == ZOO_EXPIRED_SESSION_STATE || state == ZOO_AUTH_FAILED_STATE) self->expired_ = true;
    std::lock_guard<std::mutex> lock(self->mu_);
    self->connected_ = state == ZOO_CONNECTED_STATE;
    self->cv_.notify_all();
}

std::unique_ptr<ZkHandle> ZkHandle::connect(const std::string& hosts, int sessionTimeoutMs, int connectTimeoutMs,
                                            std::string* error) {
    std::unique_ptr<ZkHandle> h(new ZkHandle());
    h->zh_ = zookeeper_init(hosts.c_str(), &ZkHandle::onWatch, sessionTimeoutMs, nullptr, h.get(), 0);
    if (!h->zh_) {
        *error = "zookeeper_init('" + hosts + "') failed: " + std::string(std::strerror(errno));
        return nullptr;
    }
    std::unique_lock<std::mutex> lock(h->mu_);
    const bool ok = h->cv_.wait_for(lock, std::chrono::milliseconds(connectTimeoutMs),
                                    [&] { return h->connected_ || h->expired_.load(); });
    if (!ok || !h->connected_) {
        *error = "could not connect to " + hosts + " within " + std::to_string(connectTimeoutMs) + " ms";
        lock.unlock();
        return nullptr;  // the destructor closes the handle
    }
    return h;
}

void ZkHandle::close() {
    if (zh_) {
        zookeeper_close(zh_);
        zh_ = nullptr;
    }
}

ZkHandle::~ZkHandle() { close(); }

void InflightLimiter::acquire() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return inflight_ < window_; });
    ++inflight_;
}

void InflightLimiter::release() {
    std::lock_guard<std::mutex> lock(mu_);
    --inflight_;
    cv_.notify_all();
}

bool InflightLimiter::drain(int timeoutMs) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] { return inflight_ == 0; });
}

}  // namespace zooscope::bench
