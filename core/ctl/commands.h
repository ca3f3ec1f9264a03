// The commands of zooscope-ctl, each run on an established session. Internal
// to core/ctl: run() (ctl.cpp) parses, connects, applies the guard and calls
// one of these.
#pragma once

#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <stop_token>

#include "ctl/grammar.h"
#include "zooscope/client.h"
#include "zooscope/ctl.h"
#include "zooscope/recipes.h"
#include "zooscope/stream.h"

namespace zooscope::ctl {

struct Context {
    const Invocation& inv;
    const Environment& env;
    client::Client& client;
    // Set for the commands that need a recipe session (needsRecipeSession);
    // may be nullptr for the others when the host gave only a client.
    recipes::Session* session;
    std::ostream& out;
    std::ostream& err;
    std::string data;  // set: the new data, read before connecting
};

int runLs(Context& ctx);
int runGet(Context& ctx);
int runStat(Context& ctx);
int runSet(Context& ctx);
int runLock(Context& ctx);
int runElect(Context& ctx);
int runBarrier(Context& ctx);
int runMembers(Context& ctx);
int runWatch(Context& ctx);
int runStreamSetup(Context& ctx);
int runStreamStatus(Context& ctx);
int runStreamConfig(Context& ctx);
// A worker makes its own sessions (a new one after an expiry), so it gets
// the connection's options instead of an opened session; runs until a stop
// request, then leaves cleanly.
int runStreamWorker(const Invocation& inv, const Environment& env, client::ClientOptions options);
int runLocks(Context& ctx);
int runElections(Context& ctx);
int runPartitions(Context& ctx);
int runWatches(Context& ctx);

// A client for `ensemble`, asked for only when a server serves: the host's,
// or one opened now; nullptr and *why (a sentence) when there is none.
using ClientSource = std::function<client::Client*(std::string* why)>;
// ensemble reports on servers that may have no session to give, so it runs
// before (and without) run()'s session: `connectString` names the servers.
int runEnsemble(const Invocation& inv, const Environment& env, const std::string& connectString,
                const ClientSource& client);

// The exit code for a client error: connection trouble 3, refused arguments
// 2, every refusal of the server 1.
int exitCodeFor(proto::Err err);
// The exit code for a recipe result that is not Ok (while not yet holding).
int exitCodeFor(const recipes::Status& status);
// Writes `message` as one line on ctx.err and returns `code`.
int fail(Context& ctx, int code, const std::string& message);

// Runs one asynchronous client call on ctx's session and waits for it. Its
// value, or nullopt and *code: kExitInterrupted on a stop request, else the
// refusal's code with its sentence written to ctx.err. Client calls always
// complete (ConnectionLoss when the connection goes), so there is no timeout.
template <class T, class Submit>
std::optional<T> callClient(Context& ctx, Submit&& submit, int* code) {
    struct Shared {
        std::mutex mutex;
        std::condition_variable_any cv;
        std::optional<client::Result<T>> result;
    };
    auto shared = std::make_shared<Shared>();
    submit(ctx.client, [shared](client::Result<T> r) {
        std::lock_guard lock(shared->mutex);
        shared->result = std::move(r);
        shared->cv.notify_all();
    });
    std::unique_lock lock(shared->mutex);
    if (!shared->cv.wait(lock, ctx.env.stop, [&] { return shared->result.has_value(); })) {
        *code = kExitInterrupted;
        return std::nullopt;
    }
    if (!shared->result->ok()) {
        *code = fail(ctx, exitCodeFor(shared->result->err), shared->result->message);
        return std::nullopt;
    }
    return std::move(shared->result->value);
}

// Starts one asynchronous stream call and waits for its result; nullopt when
// a stop request comes first (the call itself completes in the background).
template <class T>
std::optional<stream::Result<T>> awaitStream(const std::stop_token& stop,
                                             const std::function<void(stream::Callback<T>)>& start) {
    auto promise = std::make_shared<std::promise<stream::Result<T>>>();
    auto future = promise->get_future();
    start([promise](stream::Result<T> r) { promise->set_value(std::move(r)); });
    while (future.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready)
        if (stop.stop_requested()) return std::nullopt;
    return future.get();
}

// demo up: runs until a stop request (no session: it starts the servers).
int runDemoUp(const Invocation& inv, const Environment& env);

// The stat of ctx.inv.path; a missing node is a refusal (kExitRefused).
std::optional<proto::Stat> statOf(Context& ctx, int* code);

}  // namespace zooscope::ctl
