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

// Where to connect and whether the guard applies: the host's session, a
// profile, or --connect.
struct Target {
    client::ClientOptions options;  // unless the host gave a session
    bool guarded = false;
    std::string name;  // for messages: the connect string or 'profile "x"'
};

// The commands that ask the servers beyond the session (four-letter words,
// AdminServers): they take the profile's AdminServer ports, under what the
// command line says.
bool asksServers(CommandKind kind) {
    return kind == CommandKind::Ensemble || kind == CommandKind::Watches || kind == CommandKind::Locks;
}

// Fills *target (and, for ensemble, watches and locks, *inv's AdminServer ports and
// thresholds from a profile or the host); an exit code when that cannot be
// done.
std::optional<int> resolveTarget(Invocation& inv, const Environment& env, Target* target) {
    if (env.session || env.client) {
        if (!inv.global.connect.empty() || !inv.global.profile.empty())
            return usageError(env, "Already connected here: --connect and --profile are not used.");
        target->guarded = !env.writesAllowed;
        if (env.hostServers && asksServers(inv.kind))
            layEnsembleOptions(&inv, env.hostServers->adminPorts, env.hostServers->thresholds);
        return std::nullopt;
    }
    if (!inv.global.profile.empty()) {
        if (!env.profiles) return usageError(env, "--profile is not available here; use --connect.");
        ProfileLookup found = env.profiles(inv.global.profile);
        if (!found.connection) {
            *env.err << found.error << '\n';
            return found.exitCode == kExitOk ? kExitUsage : found.exitCode;
        }
        target->options = found.connection->options;
        target->guarded = found.connection->guarded && !inv.global.unlockWrites;
        target->name = "profile \"" + inv.global.profile + "\"";
        if (asksServers(inv.kind))
            layEnsembleOptions(&inv, found.connection->adminPorts, found.connection->thresholds);
        return std::nullopt;
    }
    if (!inv.global.connect.empty()) {
        std::string error;
        if (!client::parseConnectString(inv.global.connect, &error))
            return usageError(env, "--connect " + inv.global.connect + ": " + error);
        target->options.connectString = inv.global.connect;
        target->name = inv.global.connect;
        return std::nullopt;
    }
    return usageError(env, "Say where to connect: --connect HOST:PORT[/chroot] or --profile NAME.");
}

// Connects for the command (--connect or a profile) and waits for the
// session; nullptr + *code when there is none.
std::unique_ptr<recipes::Session> openSession(const Invocation& inv, const Environment& env, Target& target,
                                              int* code) {
    client::ClientOptions& options = target.options;
    if (inv.global.sessionTimeout) options.sessionTimeout = *inv.global.sessionTimeout;
    const auto problems = client::validateOptions(options);
    if (!problems.empty()) {
        *code = usageError(env, problems.front().message);
        return nullptr;
    }
    std::string error;
    auto session = recipes::Session::connect(options, &error);
    if (!session) {
        *env.err << "Cannot connect to " << target.name << ": " << error << '\n';
        *code = kExitCannotConnect;
        return nullptr;
    }
    recipes::Status up = session->waitConnected(inv.global.connectTimeout, env.stop);
    if (up.ok()) return session;
    if (up.code == recipes::Code::Cancelled) {
        *code = kExitInterrupted;
    } else {
        *env.err << "Cannot connect to " << target.name << ": "
                 << (up.code == recipes::Code::TimedOut ? "no session within " + durationText(inv.global.connectTimeout) + "."
                                                        : up.message)
                 << '\n';
        *code = kExitCannotConnect;
    }
    return nullptr;
}

// ensemble: its session only when a server serves, and a missing one is
// not an error (the sample says why).
int runEnsembleOn(const Invocation& inv, const Environment& env, Target& target) {
    std::unique_ptr<recipes::Session> owned;
    const auto client = [&](std::string* why) -> client::Client* {
        if (env.session) return &env.session->client();
        if (env.client) return env.client;
        std::ostringstream refusal;
        Environment quiet = env;
        quiet.err = &refusal;
        int code = kExitOk;
        owned = openSession(inv, quiet, target, &code);
        if (!owned) {
            *why = refusal.str().substr(0, refusal.str().find('\n'));
            return nullptr;
        }
        return &owned->client();
    };
    const std::string hosts = env.session ? env.session->client().options().connectString
                              : env.client ? env.client->options().connectString
                                           : target.options.connectString;
    const int code = runEnsemble(inv, env, hosts, client);
    env.out->flush();
    if (owned) owned->close();
    return code;
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
        case CommandKind::StreamSetup: return runStreamSetup(ctx);
        case CommandKind::StreamStatus: return runStreamStatus(ctx);
        case CommandKind::StreamConfig: return runStreamConfig(ctx);
        case CommandKind::Locks: return runLocks(ctx);
        case CommandKind::Elections: return runElections(ctx);
        case CommandKind::Partitions: return runPartitions(ctx);
        case CommandKind::Watches: return runWatches(ctx);
        case CommandKind::StreamWorker:  // run() starts it with the options, not a session
        case CommandKind::DemoUp:  // run() starts it without a connection
        case CommandKind::Ensemble: break;  // runs before the session: runEnsembleOn
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

std::optional<LineSummary> summarizeLine(const std::vector<std::string>& args) {
    const ParseResult parsed = parseCommandLine(args);
    if (!parsed.invocation) return std::nullopt;
    return LineSummary{commandName(parsed.invocation->kind), changesTree(parsed.invocation->kind)};
}

int run(const std::vector<std::string>& args, const Environment& env) {
    ParseResult parsed = parseCommandLine(args);
    if (!parsed.invocation) {
        if (parsed.exitCode == kExitOk) {
            *env.out << parsed.text;
            return kExitOk;
        }
        return usageError(env, parsed.text);
    }
    Invocation& inv = *parsed.invocation;
    const char* name = commandName(inv.kind);

    // demo up starts its own servers: there is nothing to connect to first.
    if (inv.kind == CommandKind::DemoUp) {
        if (env.session || env.client || !inv.global.connect.empty() || !inv.global.profile.empty())
            return usageError(env, "demo up starts its own ensemble: --connect and --profile are not used.");
        return runDemoUp(inv, env);
    }

    if (!inv.command.empty() && !env.launcher)
        return usageError(env, std::string(name) + ": running a COMMAND is not available here.");

    Target target;
    if (auto code = resolveTarget(inv, env, &target)) return *code;
    if (target.guarded && changesTree(inv.kind)) {
        if (env.session || env.client)
            *env.err << "Refused: this connection is read-only guarded; " << name
                     << " would change the cluster. Unlock writes for it first.\n";
        else
            *env.err << "Refused: " << target.name << " is read-only guarded; " << name
                     << " would change the cluster. Add --unlock-writes to allow it for this run.\n";
        return kExitRefused;
    }

    if (inv.kind == CommandKind::Ensemble) return runEnsembleOn(inv, env, target);

    // Read only once the guard let the command through, so a refused
    // `set --file -` leaves standard input alone.
    std::string data;
    if (inv.value) data = *inv.value;
    if (inv.file) {
        std::string error;
        auto bytes = readData(*inv.file, env, &error);
        if (!bytes) return usageError(env, error);
        data = std::move(*bytes);
    }

    if (inv.kind == CommandKind::StreamWorker) {
        if (env.session || env.client)
            return usageError(env, "stream worker makes its own sessions; run it with --connect or --profile.");
        return runStreamWorker(inv, env, target.options);
    }

    // A host's client serves the plain commands; a recipe gets a session of
    // its own on the same servers with the same credentials.
    std::unique_ptr<recipes::Session> owned;
    if (!env.session && (!env.client || needsRecipeSession(inv.kind))) {
        if (env.client) {
            target.options = env.client->options();
            target.options.resume.reset();
            target.name = target.options.connectString;
        }
        int code = kExitOk;
        owned = openSession(inv, env, target, &code);
        if (!owned) return code;
    }
    recipes::Session* session = env.session ? env.session : owned.get();
    client::Client& client = session ? session->client() : *env.client;

    Context ctx{inv, env, client, session, *env.out, *env.err, std::move(data)};
    const int code = dispatch(ctx);
    env.out->flush();
    if (owned) owned->close();
    return code;
}

}  // namespace zooscope::ctl
