#include "ctl/supervise.h"

#include <atomic>
#include <mutex>

namespace zooscope::ctl {

using Clock = std::chrono::steady_clock;

struct SessionLossWatch::State {
    mutable std::mutex mutex;
    std::optional<Clock::time_point> suspendedSince;
    std::optional<std::string> lost;
};

SessionLossWatch::SessionLossWatch(recipes::Session& session)
    : session_(session), state_(std::make_shared<State>()) {
    if (session.state() == client::SessionState::Suspended) state_->suspendedSince = Clock::now();
    std::weak_ptr<State> weak = state_;
    handle_ = session.addStateListener([weak](client::SessionState s) {
        auto st = weak.lock();
        if (!st) return;
        std::lock_guard lock(st->mutex);
        switch (s) {
            case client::SessionState::Suspended:
                if (!st->suspendedSince) st->suspendedSince = Clock::now();
                break;
            case client::SessionState::Connected:
            case client::SessionState::Reconnected:
                st->suspendedSince.reset();
                break;
            case client::SessionState::Expired:
                if (!st->lost) st->lost = "the session expired";
                break;
            case client::SessionState::AuthFailed:
                if (!st->lost) st->lost = "the server refused the session's credentials";
                break;
            case client::SessionState::Closed:
                if (!st->lost) st->lost = "the session was closed";
                break;
            case client::SessionState::Connecting:
                break;
        }
    });
}

SessionLossWatch::~SessionLossWatch() { session_.removeStateListener(handle_); }

std::optional<std::string> SessionLossWatch::lost() const {
    const auto timeout = session_.client().negotiatedTimeout();
    std::lock_guard lock(state_->mutex);
    if (state_->lost) return state_->lost;
    if (state_->suspendedSince && timeout.count() > 0 && Clock::now() - *state_->suspendedSince > timeout)
        return "the connection was suspended for longer than the session timeout (" +
               std::to_string(timeout.count()) + " ms), so the server has expired the session";
    return std::nullopt;
}

int superviseCommand(Context& ctx, const std::string& what,
                     const std::function<std::optional<std::string>()>& lostReason) {
    std::string error;
    int startCode = kExitUsage;
    auto command = ctx.env.launcher->start(ctx.inv.command, &error, &startCode);
    if (!command) return fail(ctx, startCode, error);

    bool terminated = false;
    bool lost = false;
    for (;;) {
        if (auto status = command->wait(std::chrono::milliseconds(100))) return lost ? kExitLost : *status;
        if (terminated) continue;
        if (auto why = lostReason()) {
            ctx.err << "Lost " << what << ": " << *why << ". Sent SIGTERM to COMMAND." << std::endl;
            command->terminate();
            terminated = lost = true;
        } else if (ctx.env.stop.stop_requested()) {
            command->terminate();
            terminated = true;
        }
    }
}

}  // namespace zooscope::ctl
