// The zooscope-ctl command line: tokens -> one Invocation, or a usage error,
// or a help text. Pure (CLI11 underneath); no I/O, no connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "zooscope/alert_rules.h"
#include "zooscope/ensemble_sample.h"
#include "zooscope/recipes.h"

namespace zooscope::ctl {

enum class CommandKind {
    Ls, Get, Stat, Set, Lock, Elect, Barrier, Members, Watch,
    StreamSetup, StreamWorker, StreamStatus, StreamConfig,  // stream setup|worker|status|config JOB
    Ensemble,
    DemoUp,  // demo up: a local ensemble with the stream workload, no --connect
    Locks, Elections,  // locks|elections [--root PATH]
    Partitions,        // partitions [--root PATH]
    Watches,           // watches [--detail] (no PATH)
};

// Commands that create, change or delete znodes: refused by the guard.
bool changesTree(CommandKind kind);
// Commands built on a recipe (lock, elect, barrier, members, watch): they
// need a recipes::Session, not only a client.
bool needsRecipeSession(CommandKind kind);
// "ls", "get", ..., "stream setup" as typed.
const char* commandName(CommandKind kind);

struct GlobalOptions {
    std::string connect;  // --connect HOSTS[/chroot], "" when not given
    std::string profile;  // --profile NAME, "" when not given
    bool unlockWrites = false;
    bool json = false;
    std::chrono::milliseconds connectTimeout{15000};
    std::optional<std::chrono::milliseconds> sessionTimeout;  // else the profile's or the client's default
};

struct Invocation {
    GlobalOptions global;
    CommandKind kind = CommandKind::Ls;
    std::string path;  // a valid znode path (checked here); "" for ensemble; locks/elections: --root

    // set: exactly one of value / file ("-" = stdin).
    std::optional<std::string> value;
    std::optional<std::string> file;
    int32_t version = -1;  // --version N, -1 = any

    // lock, elect, barrier: --timeout S (kForever when not given).
    recipes::Timeout timeout = recipes::kForever;
    recipes::LockLayout layout = recipes::LockLayout::Curator;  // lock --layout
    std::string id;                                             // elect --id
    int count = 0;                                              // barrier --count
    std::vector<std::string> command;                           // lock/elect: after "--"

    // stream (path is JOB). setup: the job's values (stream::JobConfig's
    // defaults unless given); worker: --id and --session-timeout MS; config:
    // the key=value words, and --worker ID (that worker's overrides; with
    // --reset: removes them).
    struct Stream {
        int partitions = 0;
        int vnodes = 0;
        int batch = 0;
        double rate = 0;
        std::string id;
        std::optional<std::chrono::milliseconds> sessionTimeout;
        std::vector<std::string> settings;
        std::string worker;  // config --worker
        bool reset = false;  // config --reset
    } stream;
    // ensemble (no PATH): where the AdminServers are (--admin-port), the
    // alert thresholds (--threshold), each server's deadline (--timeout).
    monitor::AdminPorts adminPorts;
    monitor::AlertThresholds thresholds;
    std::chrono::milliseconds probeTimeout{2000};
    // --admin-port and --threshold as typed (checked), so they can be laid
    // over a profile's values (layEnsembleOptions).
    std::vector<std::string> adminPortWords;
    std::vector<std::string> thresholdWords;

    // demo up (path is the job, /zooscope/demo unless --job).
    struct Demo {
        int nodes = 3;  // 1, 3 or 5
        bool observer = false;
        bool apache = false;  // --kind apache
        int workers = 3;
        int partitions = 16;
        int vnodes = 0;       // stream::JobConfig's default unless given
        std::string dir;      // --dir: kept; "" = a temp dir removed at the end
    } demo;
    // locks, elections: how far the walk under --root may go (--max-nodes,
    // --timeout S for the whole walk).
    size_t scanMaxNodes = 200000;
    std::chrono::milliseconds scanTime{10000};
    // watches: per session and path (wchc / wchk) instead of the summary; the
    // AdminServer is found through adminPorts, each server's deadline is
    // probeTimeout.
    bool watchDetail = false;
};

struct ParseResult {
    std::optional<Invocation> invocation;  // set when the line is a command to run
    // Otherwise: help was asked for (exitCode 0, text = the help) or the line
    // is wrong (exitCode kExitUsage, text = what is wrong, one or two lines).
    int exitCode = 0;
    std::string text;
};

ParseResult parseCommandLine(const std::vector<std::string>& args);

// ensemble with --profile: the profile's AdminServer ports and thresholds,
// then the command line's --admin-port and --threshold over them.
void layEnsembleOptions(Invocation* inv, const monitor::AdminPorts& ports, const monitor::AlertThresholds& thresholds);

std::string topLevelHelp();

}  // namespace zooscope::ctl
