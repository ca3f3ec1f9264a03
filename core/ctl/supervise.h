// Running a lock/elect COMMAND while something is held, and noticing when it
// no longer is. Internal to core/ctl.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "ctl/commands.h"

namespace zooscope::ctl {

// Follows the session's state for a holder. Lost once the session is gone
// (expired, auth failed, closed) or has been Suspended for longer than the
// negotiated session timeout: by then the server has expired it (and given
// the lock to someone else) even if this client cannot hear that yet, which
// is Curator's rule for LOST. Thread-safe; removes its listener on destruction.
class SessionLossWatch {
public:
    explicit SessionLossWatch(recipes::Session& session);
    ~SessionLossWatch();
    SessionLossWatch(const SessionLossWatch&) = delete;
    SessionLossWatch& operator=(const SessionLossWatch&) = delete;

    // Why the session counts as lost; nullopt while it does not.
    std::optional<std::string> lost() const;

private:
    struct State;
    recipes::Session& session_;
    std::shared_ptr<State> state_;
    int handle_ = -1;
};

// Starts ctx.inv.command, polls `lostReason` while it runs and passes its exit
// status through. When `lostReason` gives a reason: sends the command SIGTERM,
// waits for it, says why on ctx.err and returns kExitLost. A stop request
// sends SIGTERM too (the command's status is returned). `what` names what is
// held, e.g. "the lock /a".
int superviseCommand(Context& ctx, const std::string& what,
                     const std::function<std::optional<std::string>()>& lostReason);

}  // namespace zooscope::ctl
