// zooscope::ctl — the command grammar and the commands of zooscope-ctl, as a
// Qt-free library: the zooscope-ctl executable is a thin main() around run(),
// and the desktop app's console runs the same grammar in-process.
//
// run() takes the arguments (without the program name), parses them (CLI11),
// opens a session (or uses one the host already has), runs one command and
// returns the exit code. It writes only to the streams in Environment, never
// to stdout/stderr directly, keeps no global state and never exits the
// process. Commands and exit codes are listed by `zooscope-ctl --help`
// (helpText()) and in the README.
//
// Threads: run() blocks the calling thread until the command ends; several
// run() calls may run at once on different threads with different
// Environments. Streams are written only from the calling thread.
// `demo up` starts server and worker processes and runs until a stop request
// (exit 0); they are children of the calling thread (PR_SET_PDEATHSIG), so
// they end with it, and with the process even on SIGKILL: call run() for it
// from a thread that lives as long as the demo should.
// Cancellation: a stop request on Environment::stop ends waits (exit 130),
// ends `watch` (exit 0) and sends SIGTERM to a lock/elect COMMAND (its exit
// status is then passed through).
//
// Errors: one sentence on Environment::err per failure, in plain words (the
// server's refusal named, e.g. "No node /a." or the guard's refusal); nothing
// throws.
#pragma once

#include <chrono>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "zooscope/alert_rules.h"
#include "zooscope/client.h"
#include "zooscope/ensemble_sample.h"

namespace zooscope::recipes {
class Session;
}

namespace zooscope::ctl {

// Exit codes. A lock/elect COMMAND's own exit status is passed through (128 +
// signal number when a signal ended it, 127 when it cannot be found, 126 when
// it cannot be executed).
inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;        // ZooKeeper refused (no node, bad version, NoAuth), the guard
inline constexpr int kExitUsage = 2;          // bad command line: unknown option, bad path, missing --
inline constexpr int kExitCannotConnect = 3;  // no session within the connect timeout, or it was lost
inline constexpr int kExitTimedOut = 4;       // --timeout passed while waiting
inline constexpr int kExitLost = 75;          // the lock or the leadership was lost while COMMAND ran
inline constexpr int kExitInterrupted = 130;  // a stop request ended a wait

// What `--profile NAME` names: a connection saved in the desktop app. The
// app keeps profiles in its QSettings file and the password in the OS
// keychain; this library reads neither (core never links Qt): the host
// resolves the name through the app's own ProfileStore (one reader of that
// format) and hands over these plain values.
struct ProfileConnection {
    client::ClientOptions options;  // may carry a digest password: never log it
    bool guarded = false;           // the read-only guard: writes need --unlock-writes
    // `ensemble`: where the AdminServers are and the alert thresholds, as
    // the profile says; --admin-port and --threshold go over them.
    monitor::AdminPorts adminPorts;
    monitor::AlertThresholds thresholds;
};

struct ProfileLookup {
    std::optional<ProfileConnection> connection;
    int exitCode = kExitOk;  // when !connection: kExitUsage (unknown name), kExitCannotConnect (no password)
    std::string error;       // when !connection: a sentence
};

// Resolves a profile name. Supplied by a host that has the profile store
// (the executable, the app); without one `--profile` is refused (usage).
using ProfileResolver = std::function<ProfileLookup(const std::string& name)>;

// A COMMAND started by lock/elect.
class RunningCommand {
public:
    virtual ~RunningCommand() = default;
    // Waits up to `timeout` for the command to end; its exit status as a shell
    // reports it (the exit code, or 128 + the signal), nullopt while it runs.
    virtual std::optional<int> wait(std::chrono::milliseconds timeout) = 0;
    // Asks it to stop (SIGTERM). The caller keeps waiting for its end.
    virtual void terminate() = 0;
};

// Starts COMMANDs. The default (processLauncher()) runs them as child
// processes with the host's stdin/stdout/stderr.
class CommandLauncher {
public:
    virtual ~CommandLauncher() = default;
    // argv[0] is looked up in PATH unless it holds a '/'. nullptr + *error +
    // *exitCode (127 not found, 126 not executable or cannot start) on failure.
    virtual std::unique_ptr<RunningCommand> start(const std::vector<std::string>& argv, std::string* error,
                                                  int* exitCode) = 0;
};

// fork/exec child processes. A child inherits stdin/stdout/stderr and the
// descriptors that were open when the launcher was made, never those opened
// since (the ZooKeeper connections); its signal mask is cleared and SIGINT,
// SIGTERM and SIGPIPE are back to their defaults. It gets SIGTERM when the
// thread that started it ends (PR_SET_PDEATHSIG), so a COMMAND never outlives
// the zooscope-ctl that holds its lock. Make it before opening sessions.
std::unique_ptr<CommandLauncher> processLauncher();

struct Environment {
    std::ostream* out = nullptr;  // results (get writes raw bytes here)
    std::ostream* err = nullptr;  // error sentences
    std::istream* in = nullptr;   // `set PATH --file -`; nullptr: refused
    // For --profile; empty: --profile is refused.
    ProfileResolver profiles;
    // For lock/elect; nullptr: those commands are refused.
    CommandLauncher* launcher = nullptr;
    // A session the host already has open (the app's console): --connect and
    // --profile are then refused, and `writesAllowed` stands for the guard
    // (--unlock-writes does not lift it: the host unlocks). run() never
    // closes it.
    recipes::Session* session = nullptr;
    // Or a client the host already has open (the app's console runs on its
    // tab's connection), used as `session` is, except that the commands built
    // on a recipe (lock, elect, barrier, members, watch) open a session of
    // their own with its options (its credentials) and close it when they
    // end. The host keeps it alive while run() runs; run() never closes it.
    client::Client* client = nullptr;
    bool writesAllowed = true;
    // With `session` or `client`: where the host's servers' AdminServers
    // listen and its alert thresholds (the app's profile), for the commands
    // that ask the servers themselves (ensemble, watches); --admin-port and
    // --threshold go over them. nullopt: the defaults (port 8080).
    struct HostServers {
        monitor::AdminPorts adminPorts;
        monitor::AlertThresholds thresholds;
    };
    std::optional<HostServers> hostServers;
    std::stop_token stop;
};

// Parses `args` (no program name), runs the command, returns the exit code.
int run(const std::vector<std::string>& args, const Environment& env);

// What a line would run, without running it: the command as typed ("ls",
// "stream setup") and whether it creates, changes or deletes znodes (what a
// read-only guard refuses). nullopt for --help and for a line the grammar
// refuses (run() says why). Pure.
struct LineSummary {
    std::string command;
    bool changesTree = false;
};
std::optional<LineSummary> summarizeLine(const std::vector<std::string>& args);

// A console line's words, as a POSIX shell splits them without expanding
// anything: blanks separate words; '...' keeps everything literally; "..."
// keeps everything, a backslash escaping only \" \\ \$ \` there; outside
// quotes a backslash escapes the next character. nullopt + *error (a
// sentence) for an unclosed quote or a trailing backslash. Pure.
std::optional<std::vector<std::string>> splitWords(std::string_view line, std::string* error);

// The --help text (commands, options, exit codes).
std::string helpText();

}  // namespace zooscope::ctl
