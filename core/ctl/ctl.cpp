// run(): parse, read --file, resolve the connection, apply the guard,
// connect, dispatch to one command.
#include "zooscope/ctl.h"

#include <fstream>
#include <iterator>
#include <sstream>

#include <cerrno>
#include <cstring>

#include "ctl/commands.h"
#include "ctl/grammar.h"
#include "ctl/output.h"

namespace zooscope::ctl {

namespace {

int usageError(const Environment& env, const std::string& message) {
    *env.err << message << '\n';
    return kExitUsage;
}

// The bytes of `set --file F` ("-": env.in); nullopt + *error when unreadable.
std::optional<std::string> readData(const std::string& file, const Environment& env, std::string* error) {
    if (file == "-") {
        if (!env.in) {
            *error = "set --file -: there is no standard input here.";
            return std::nullopt;
        }
        return std::string(std::istreambuf_iterator<char>(*env.in), std::istreambuf_iterator<char>());
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        *error = "Cannot read " + file + ": " + std::strerror(errno) + ".";
        return std::nullopt;
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) {
        *error = "Cannot read " + file + ": a read error.";
        return std::nullopt;
    }
    return bytes.str();
}

int dispatch(Context& ctx) {
    switch (ctx.inv.kind) {
        case CommandKind::Ls: return runLs(ctx);
        case CommandKind::Get: return runGet(ctx);
        case CommandKind::Stat: return runStat(ctx);
        case CommandKind::Set: return runSet(ctx);
        case CommandKind::Lock: return runLock(ctx);
        case CommandKind::Elect: return runElect(ctx);
        case CommandKind::Barrier: return runBarrier(ctx);
        case CommandKind::Members: return runMembers(ctx);
        case CommandKind::Watch: return runWatch(ctx);
    }
    return kExitUsage;
}

}  // namespace

int exitCodeFor(proto::Err err) {
    switch (err) {
        case proto::Err::Ok: return kExitOk;
        case proto::Err::ConnectionLoss:
        case proto::Err::SessionExpired:
        case proto::Err::OperationTimeout:
        case proto::Err::RequestTimeout:
        case proto::Err::AuthFailed:
        case proto::Err::SessionMoved:
        case proto::Err::Throttled:
            return kExitCannotConnect;
        case proto::Err::BadArguments: return kExitUsage;
        default: return kExitRefused;
    }
}

int exitCodeFor(const recipes::Status& status) {
    switch (status.code) {
        case recipes::Code::Ok: return kExitOk;
        case recipes::Code::ZooKeeper: return exitCodeFor(status.err);
        case recipes::Code::TimedOut: return kExitTimedOut;
        case recipes::Code::Cancelled: return kExitInterrupted;
        case recipes::Code::DamagedLayout: return kExitRefused;
        case recipes::Code::SessionLost:
        case recipes::Code::Closed: return kExitCannotConnect;
        case recipes::Code::Misuse: return kExitUsage;
    }
    return kExitRefused;
}

int fail(Context& ctx, int code, const std::string& message) {
    ctx.err << message << '\n';
    return code;
}

std::string helpText() { return topLevelHelp(); }

int run(const std::vector<std::string>& args, const Environment& env) {
    ParseResult parsed = parseCommandLine(args);
    if (!parsed.invocation) {
        if (parsed.exitCode == kExitOk) {
            *env.out << parsed.text;
            return kExitOk;
        }
        return usageError(env, parsed.text);
    }
    const Invocation& inv = *parsed.invocation;
    const char* name = commandName(inv.kind);

    if (!inv.command.empty() && !env.launcher)
        return usageError(env, std::string(name) + ": running a COMMAND is not available here.");

    std::string data;
    if (inv.value) data = *inv.value;
    if (inv.file) {
        std::string error;
        auto bytes = readData(*inv.file, env, &error);
        if (!bytes) return usageError(env, error);
        data = std::move(*bytes);
    }

    // Where to connect, and whether the guard applies.
    client::ClientOptions options;
    bool guarded = false;
    std::string target;
    if (env.session) {
        if (!inv.global.connect.empty() || !inv.global.profile.empty())
            return usageError(env, "Already connected here: --connect and --profile are not used.");
        guarded = !env.writesAllowed;
    } else if (!inv.global.profile.empty()) {
        if (!env.profiles) return usageError(env, "--profile is not available here; use --connect.");
        ProfileLookup found = env.profiles(inv.global.profile);
        if (!found.connection) {
            *env.err << found.error << '\n';
            return found.exitCode == kExitOk ? kExitUsage : found.exitCode;
        }
        options = found.connection->options;
        guarded = found.connection->guarded && !inv.global.unlockWrites;
        target = "profile \"" + inv.global.profile + "\"";
    } else if (!inv.global.connect.empty()) {
        std::string error;
        if (!client::parseConnectString(inv.global.connect, &error))
            return usageError(env, "--connect " + inv.global.connect + ": " + error);
        options.connectString = inv.global.connect;
        target = inv.global.connect;
    } else {
        return usageError(env, "Say where to connect: --connect HOST:PORT[/chroot] or --profile NAME.");
    }
    if (guarded && changesTree(inv.kind)) {
        if (env.session)
            *env.err << "Refused: this connection is read-only guarded; " << name
                     << " would change the cluster. Unlock writes for it first.\n";
        else
            *env.err << "Refused: " << target << " is read-only guarded; " << name
                     << " would change the cluster. Add --unlock-writes to allow it for this run.\n";
        return kExitRefused;
    }

    std::unique_ptr<recipes::Session> owned;
    recipes::Session* session = env.session;
    if (!session) {
        if (inv.global.sessionTimeout) options.sessionTimeout = *inv.global.sessionTimeout;
        const auto problems = client::validateOptions(options);
        if (!problems.empty()) return usageError(env, problems.front().message);
        std::string error;
        owned = recipes::Session::connect(options, &error);
        if (!owned) {
            *env.err << "Cannot connect to " << target << ": " << error << '\n';
            return kExitCannotConnect;
        }
        recipes::Status up = owned->waitConnected(inv.global.connectTimeout, env.stop);
        if (up.code == recipes::Code::Cancelled) return kExitInterrupted;
        if (!up.ok()) {
            if (up.code == recipes::Code::TimedOut)
                *env.err << "Cannot connect to " << target << ": no session within "
                         << durationText(inv.global.connectTimeout) << ".\n";
            else
                *env.err << "Cannot connect to " << target << ": " << up.message << '\n';
            return kExitCannotConnect;
        }
        session = owned.get();
    }

    Context ctx{inv, env, *session, *env.out, *env.err, std::move(data)};
    const int code = dispatch(ctx);
    env.out->flush();
    if (owned) owned->close();
    return code;
}

}  // namespace zooscope::ctl
