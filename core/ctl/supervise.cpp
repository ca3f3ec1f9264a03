#include "ctl/supervise.h"

#include <atomic>
#include <mutex>

namespace zooscope::ctl {

using Clock = std::chrono::steady_clock;

struct SessionLossWatch::State {
    mutable std::mutex mutex;
    std::optional<Clock::time_point> suspendedSince;
};

SessionLossWatch::SessionLossWatch(recipes::Session& session)
    : session_(session), state_(std::make_shared<State>()) {
    if (session.state() == client::SessionState::Suspended) state_->suspendedSince = Clock::now();
    std::weak_ptr<State> weak = state_;
    handle_ = session.addStateListener([weak](client::SessionState s) {
        auto st = weak.lock();
        if (!st) return;
        std::lock_guard lock(st->mutex);
        if (s == client::SessionState::Suspended && !st->suspendedSince) st->suspendedSince = Clock::now();
        if (s == client::SessionState::Connected || s == client::SessionState::Reconnected) st->suspendedSince.reset();
    });
}

SessionLossWatch::~SessionLossWatch() { session_.removeStateListener(handle_); }

std::optional<std::string> SessionLossWatch::lost() const {
    // The published state comes before any listener hears of it (a recipe
    // may report Lost before our listener runs): read it first.
    switch (session_.state()) {
        case client::SessionState::Expired: return "the session expired";
        case client::SessionState::AuthFailed: return "the server refused the session's credentials";
        case client::SessionState::Closed: return "the session was closed";
        default: break;
    }
    const auto timeout = session_.client().negotiatedTimeout();
    std::lock_guard lock(state_->mutex);
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

    // On a loss COMMAND gets SIGTERM at once; why it was lost is worded once
    // it has ended, when the session's own verdict (expired, say) has had
    // time to arrive: a recipe may see its node vanish a moment before the
    // client hears that the session expired.
    bool terminated = false;
    std::optional<std::string> lost;
    for (;;) {
        if (auto status = command->wait(std::chrono::milliseconds(100))) {
            if (!lost) return *status;
            ctx.err << "Lost " << what << ": " << lostReason().value_or(*lost) << ". COMMAND ended with status "
                    << *status << "." << std::endl;
            return kExitLost;
        }
        if (terminated) continue;
        if ((lost = lostReason())) {
            ctx.err << "Lost " << what << ": sending SIGTERM to COMMAND." << std::endl;
            command->terminate();
            terminated = true;
        } else if (ctx.env.stop.stop_requested()) {
            command->terminate();
            terminated = true;
        }
    }
}

}  // namespace zooscope::ctl
