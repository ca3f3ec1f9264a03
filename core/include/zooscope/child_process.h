// zooscope/child_process.h — a child process that cannot outlive its owner:
// the servers of the ensemble launcher (zooscope/ensemble.h), of the desktop
// app's demo ensembles and of the test harness.
//
// spawn() forks and execs argv[0] (a path; no $PATH search) with:
//   - its own process group, so signals reach what it starts (a JVM's
//     threads, a shell's children): every signal here goes to the group;
//   - stdin from /dev/null, stdout and stderr appended to one file;
//   - no blocked signals and SIGPIPE at its default (a GUI or a test runner
//     may block or ignore signals; the child must not inherit that), and
//     never one of the owner's signal handlers, even for a signal that
//     arrives between fork and exec (a stop right after spawn());
//   - PR_SET_PDEATHSIG(SIGKILL): the kernel kills the child when the THREAD
//     that called spawn() ends, and so when the owning process dies for any
//     reason, even SIGKILL. Call spawn() from a thread that lives as long as
//     the child should (the main thread, or a launcher thread).
//
// Ownership: the ChildProcess owns the child; destroying it kills the process
// group and reaps the child, so no process is left behind.
// Errors: spawn() returns false and fills *error (which may be null); nothing
// throws.
// Thread-safety: none. One thread at a time, or the caller's lock (the
// ensemble launcher holds its node table's mutex around every call).
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace zooscope {

// How a child process ended, as data: a UI words it in the user's language,
// logs and errors with exitText() in English.
struct ProcessExit {
    enum class Kind {
        Exited,  // number: its exit status
        Killed,  // number: the signal that ended it
        Lost,    // number: waitpid()'s errno; the child could not be waited for
    };
    Kind kind = Kind::Exited;
    int number = 0;
    bool operator==(const ProcessExit&) const = default;
};

class ChildProcess {
public:
    ChildProcess() = default;
    ~ChildProcess();  // kill()
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // Starts argv (argv[0] is the executable's path) with stdout and stderr
    // appended to outputFile, in workingDir ("" = the caller's). False if a
    // child is still running, argv is empty, the file cannot be opened or
    // fork() fails. A child whose exec fails exits with status 127 (126 when
    // workingDir does not exist); exited() reports it.
    bool spawn(const std::vector<std::string>& argv, const std::string& outputFile, std::string* error,
               const std::string& workingDir = {});

    // The child's pid until it is reaped; -1 before spawn() and after.
    int pid() const { return pid_; }
    bool running() const { return pid_ > 0; }

    // Reaps the child if it has ended, without blocking. True once it has
    // (and also when nothing runs); *how (may be null) then says how (left
    // as it was when nothing ran).
    bool exited(ProcessExit* how = nullptr);

    // Sends `sig` to the child's process group. False when nothing runs.
    bool signal(int sig);

    // After SIGSTOP: waits until every thread of the child has stopped. The
    // kernel stops each thread when it next runs, which on a busy machine
    // takes milliseconds in which a server still answers. True once all
    // have; false when nothing runs or `timeout` passes first. Reads
    // /proc/<pid>/task (Linux).
    bool waitStopped(std::chrono::milliseconds timeout) const;

    // SIGKILL to the process group, then waits for the child and reaps it.
    // False when nothing ran; *how as for exited().
    bool kill(ProcessExit* how = nullptr);

    // SIGTERM (and SIGCONT, so a stopped child can handle it) to the process
    // group, then SIGKILL if it has not ended after `grace`. Returns once the
    // child is reaped; *how as for exited().
    void terminate(std::chrono::milliseconds grace, ProcessExit* how = nullptr);

private:
    int pid_ = -1;
};

// The path of ZooScope's executable `name` (zooscope-server, zooscope-ctl):
// $ZS_BIN_DIR/name, then name next to the current executable, then $PATH.
// "" + *error (which may be null) when none is executable.
std::string findZooScopeExecutable(const std::string& name, std::string* error = nullptr);

// A waitpid() status (of a child that ended) as a ProcessExit.
ProcessExit processExitOf(int waitStatus);
// "exited with status 1", "killed by signal 9 (SIGKILL)", "lost (No child processes)".
std::string exitText(const ProcessExit& exit);
// The signal's abbreviation with "SIG" ("SIGKILL"); "" for a number that is not one.
std::string signalName(int sig);

}  // namespace zooscope
