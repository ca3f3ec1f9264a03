// SessionTracker: the table of live sessions and their expiry, as ZooKeeper's
// SessionTrackerImpl + ExpiryQueue: deadlines are rounded up to the next tick
// so expiry is checked once per tick, not per session.
//
// Single-threaded: owned by the server's network thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace zooscope::server {

struct SessionInfo {
    int64_t id = 0;
    int32_t timeoutMs = 0;
    int64_t deadlineMs = 0;  // monotonic; a multiple of the tick
    bool closing = false;    // closeSession prepared, not yet applied
};

class SessionTracker {
public:
    // `serverId` goes into the top byte of every id, as in ZooKeeper, so ids
    // from different ensemble members never collide.
    SessionTracker(int64_t serverId, int32_t tickMs, int64_t nowWallMs);

    // A fresh id, never 0 and never the container marker.
    int64_t nextSessionId();

    // Registers (or re-registers) a session and touches it.
    void add(int64_t id, int32_t timeoutMs, int64_t nowMs);
    void remove(int64_t id);
    // Extends the deadline; false when the session is unknown or closing.
    bool touch(int64_t id, int64_t nowMs);
    void setClosing(int64_t id);

    const SessionInfo* find(int64_t id) const;
    bool alive(int64_t id) const;
    size_t size() const { return sessions_.size(); }
    const std::unordered_map<int64_t, SessionInfo>& all() const { return sessions_; }

    // Sessions whose deadline is <= now and not already closing.
    std::vector<int64_t> expired(int64_t nowMs) const;

    // 16-byte password of a session: a keyed hash of its id, so any server of
    // the ensemble (and a restarted one) can check it without shared state,
    // as ZooKeeper derives it from the id and a fixed secret.
    static std::string passwordFor(int64_t sessionId);

private:
    int64_t roundToTick(int64_t t) const { return (t / tickMs_ + 1) * tickMs_; }

    int32_t tickMs_;
    int64_t nextId_;
    std::unordered_map<int64_t, SessionInfo> sessions_;
};

}  // namespace zooscope::server
