// lock, elect, barrier, members, watch: the recipes (recipes.h) on the
// command line.
#include <atomic>
#include <deque>

#include "ctl/commands.h"
#include "ctl/output.h"
#include "ctl/supervise.h"

namespace zooscope::ctl {

namespace {

using Clock = std::chrono::steady_clock;

// A failed wait for a recipe, in words, with its exit code.
int waitFailed(Context& ctx, const recipes::Status& status, const std::string& waitingFor) {
    if (status.code == recipes::Code::TimedOut)
        return fail(ctx, kExitTimedOut, "Timed out after " + durationText(ctx.inv.timeout) + " waiting for " + waitingFor + ".");
    if (status.code == recipes::Code::Cancelled) return kExitInterrupted;
    return fail(ctx, exitCodeFor(status), "Cannot get " + waitingFor + ": " + status.message);
}

// The time left of `timeout` from `start` (kForever stays kForever).
recipes::Timeout remaining(recipes::Timeout timeout, Clock::time_point start) {
    if (timeout == recipes::kForever) return timeout;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(timeout - (Clock::now() - start));
    return std::max(left, std::chrono::milliseconds(0));
}

}  // namespace

int runLock(Context& ctx) {
    const std::string what = "the lock " + ctx.inv.path;
    recipes::LockOptions options;
    options.layout = ctx.inv.layout;
    SessionLossWatch session(*ctx.session);
    auto lockLost = std::make_shared<std::atomic<bool>>(false);
    recipes::Lock lock(*ctx.session, ctx.inv.path, options);
    lock.setStateListener([lockLost](recipes::State s) {
        if (s == recipes::State::Lost || s == recipes::State::Failed) *lockLost = true;
    });
    recipes::Status got = lock.acquire(ctx.inv.timeout, ctx.env.stop);
    if (!got.ok()) return waitFailed(ctx, got, what);

    const std::string node = lock.nodePath();
    const int code = superviseCommand(ctx, what, [&]() -> std::optional<std::string> {
        if (auto why = session.lost()) return why;
        if (*lockLost) return "its node " + node + " was deleted, or did not survive a suspension";
        return std::nullopt;
    });
    if (code != kExitLost) lock.release();
    return code;
}

int runElect(Context& ctx) {
    const std::string what = "the leadership of " + ctx.inv.path;
    SessionLossWatch session(*ctx.session);
    recipes::LeaderLatch latch(*ctx.session, ctx.inv.path, ctx.inv.id);
    latch.start();
    recipes::Status led = latch.await(ctx.inv.timeout, ctx.env.stop);
    if (!led.ok()) return waitFailed(ctx, led, what);

    const int code = superviseCommand(ctx, what, [&]() -> std::optional<std::string> {
        if (auto why = session.lost()) return why;
        if (!latch.hasLeadership()) return "leadership ended (connection suspended, or the latch node is gone)";
        return std::nullopt;
    });
    latch.close();
    return code;
}

int runBarrier(Context& ctx) {
    const auto start = Clock::now();
    recipes::DoubleBarrier barrier(*ctx.session, ctx.inv.path, ctx.inv.count);
    const std::string members = std::to_string(ctx.inv.count) + " members at the barrier " + ctx.inv.path;
    recipes::Status entered = barrier.enter(remaining(ctx.inv.timeout, start), ctx.env.stop);
    if (!entered.ok()) return waitFailed(ctx, entered, members + " to enter");
    recipes::Status left = barrier.leave(remaining(ctx.inv.timeout, start), ctx.env.stop);
    if (!left.ok()) return waitFailed(ctx, left, members + " to leave");
    return kExitOk;
}

int runMembers(Context& ctx) {
    int code = kExitOk;
    if (!statOf(ctx, &code)) return code;
    recipes::GroupView view(*ctx.session, ctx.inv.path);
    view.start();
    recipes::Result<recipes::Members> members = view.awaitMembers(recipes::kForever, ctx.env.stop);
    if (!members.ok()) return waitFailed(ctx, members, "the members of " + ctx.inv.path);
    if (ctx.inv.global.json) {
        auto list = nlohmann::ordered_json::array();
        for (const auto& [name, data] : members.value) {
            nlohmann::ordered_json m;
            m["name"] = name;
            putData(m, data, false);
            list.push_back(std::move(m));
        }
        ctx.out << dumpJson(list, 2) << '\n';
    } else {
        for (const auto& [name, data] : members.value) ctx.out << name << '\t' << lineData(data) << '\n';
    }
    return kExitOk;
}

int runWatch(Context& ctx) {
    int code = kExitOk;
    if (!statOf(ctx, &code)) return code;
    // Values and state changes arrive on the recipe thread; they are written
    // here, on the caller's thread, in order.
    struct Queue {
        std::mutex mutex;
        std::condition_variable_any cv;
        std::deque<recipes::Value> values;
        std::optional<recipes::State> ended;  // Lost or Failed
    };
    auto queue = std::make_shared<Queue>();
    recipes::ConfigValue value(*ctx.session, ctx.inv.path);
    value.setValueListener([queue](const recipes::Value& v) {
        std::lock_guard lock(queue->mutex);
        queue->values.push_back(v);
        queue->cv.notify_all();
    });
    value.setStateListener([queue](recipes::State s) {
        if (s != recipes::State::Lost && s != recipes::State::Failed) return;
        std::lock_guard lock(queue->mutex);
        queue->ended = s;
        queue->cv.notify_all();
    });
    value.start();

    std::optional<recipes::Value> last;
    for (;;) {
        std::unique_lock lock(queue->mutex);
        queue->cv.wait(lock, ctx.env.stop, [&] { return !queue->values.empty() || queue->ended; });
        if (ctx.env.stop.stop_requested()) return kExitOk;
        while (!queue->values.empty()) {
            recipes::Value v = std::move(queue->values.front());
            queue->values.pop_front();
            if (last && last->exists == v.exists && last->version == v.version) continue;
            if (!v.exists) return fail(ctx, kExitRefused, ctx.inv.path + " was deleted.");
            last = v;
            if (ctx.inv.global.json) {
                ctx.out << dumpJson(nodeJson(ctx.inv.path, client::NodeData{v.data, v.isNull, v.stat}), -1) << '\n';
            } else {
                ctx.out << v.version << ' ' << lineData(v.data) << '\n';
            }
            ctx.out.flush();
        }
        if (queue->ended) {
            if (*queue->ended == recipes::State::Lost)
                return fail(ctx, kExitCannotConnect, "Stopped watching " + ctx.inv.path + ": the session was lost.");
            return fail(ctx, kExitRefused, "Stopped watching " + ctx.inv.path + ".");
        }
    }
}

}  // namespace zooscope::ctl
