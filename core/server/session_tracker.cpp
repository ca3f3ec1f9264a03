#include "server/session_tracker.h"

#include <openssl/sha.h>

#include <cstring>

#include "tree/txn.h"

namespace zooscope::server {

SessionTracker::SessionTracker(int64_t serverId, int32_t tickMs, int64_t nowWallMs)
    : tickMs_(tickMs > 0 ? tickMs : 2000) {
    // ZooKeeper's layout: server id in the top byte, then the start time in ms
    // shifted so that restarts do not reuse ids.
    uint64_t base = (uint64_t(nowWallMs) << 24) >> 8;
    nextId_ = int64_t(base | (uint64_t(serverId & 0xff) << 56));
}

int64_t SessionTracker::nextSessionId() {
    int64_t id = nextId_++;
    if (id == 0 || id == tree::ephemeral::kContainerOwner || tree::ephemeral::isTtl(id)) id = nextId_++;
    return id;
}

void SessionTracker::add(int64_t id, int32_t timeoutMs, int64_t nowMs) {
    auto& s = sessions_[id];
    s.id = id;
    s.timeoutMs = timeoutMs;
    s.closing = false;
    s.deadlineMs = roundToTick(nowMs + timeoutMs);
}

void SessionTracker::remove(int64_t id) { sessions_.erase(id); }

bool SessionTracker::touch(int64_t id, int64_t nowMs) {
    auto it = sessions_.find(id);
    if (it == sessions_.end() || it->second.closing) return false;
    int64_t d = roundToTick(nowMs + it->second.timeoutMs);
    if (d > it->second.deadlineMs) it->second.deadlineMs = d;
    return true;
}

void SessionTracker::setClosing(int64_t id) {
    auto it = sessions_.find(id);
    if (it != sessions_.end()) it->second.closing = true;
}

const SessionInfo* SessionTracker::find(int64_t id) const {
    auto it = sessions_.find(id);
    return it == sessions_.end() ? nullptr : &it->second;
}

bool SessionTracker::alive(int64_t id) const {
    auto* s = find(id);
    return s && !s->closing;
}

std::vector<int64_t> SessionTracker::expired(int64_t nowMs) const {
    std::vector<int64_t> out;
    for (const auto& [id, s] : sessions_) {
        if (!s.closing && s.deadlineMs <= nowMs) out.push_back(id);
    }
    return out;
}

std::string SessionTracker::passwordFor(int64_t sessionId) {
    static constexpr char kSecret[] = "zooscope-session-secret-v1";
    unsigned char in[sizeof(kSecret) + 8];
    std::memcpy(in, kSecret, sizeof(kSecret));
    for (int i = 0; i < 8; ++i) in[sizeof(kSecret) + i] = uint8_t(uint64_t(sessionId) >> (56 - 8 * i));
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(in, sizeof(in), digest);
    return std::string(reinterpret_cast<const char*>(digest), 16);
}

}  // namespace zooscope::server
