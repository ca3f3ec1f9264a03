// Timers: how the engine schedules work on the thread that owns it. The
// socket layer implements them over its io_context (network.cpp), the quorum
// simulator over its event queue (tests/sim). The clock itself is Env's.
//
// Contract: callbacks run on the owning thread, never inside the call that
// scheduled them, in the order they fall due (posts in the order posted).
// Once the owner stops, pending callbacks are dropped without running, so a
// callback may capture objects that live as long as the owner runs.
// post() may also be called from another thread - the log syncer's
// (log_syncer.h) - whenever the engine's Env allows background threads; an
// implementation for such an Env must allow that (asio::post does). The
// simulator's Env allows none, so its Timers are only ever called on its loop.
#pragma once

#include <cstdint>
#include <functional>

namespace zooscope::server {

class Timers {
public:
    virtual ~Timers() = default;
    // Runs `fn` after the work already queued on the owning thread (the group
    // commit runs that way, once per burst of requests).
    virtual void post(std::function<void()> fn) = 0;
    // Runs `fn` once, `delayMs` from now.
    virtual void after(int64_t delayMs, std::function<void()> fn) = 0;
};

}  // namespace zooscope::server
