// Implementation of zooscope/child_process.h.
#include "zooscope/child_process.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <utility>

namespace zooscope {

std::string findZooScopeExecutable(const std::string& name, std::string* error) {
    std::vector<std::string> tried;
    if (const char* bin = std::getenv("ZS_BIN_DIR"); bin && *bin) tried.push_back(std::string(bin) + "/" + name);
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) tried.push_back((self.parent_path() / name).string());
    if (const char* path = std::getenv("PATH")) {
        std::stringstream dirs(path);
        std::string dir;
        while (std::getline(dirs, dir, ':'))
            if (!dir.empty()) tried.push_back(dir + "/" + name);
    }
    for (const auto& t : tried)
        if (::access(t.c_str(), X_OK) == 0) return t;
    if (error) *error = name + " not found ($ZS_BIN_DIR, next to the executable, $PATH)";
    return {};
}

ProcessExit processExitOf(int status) {
    if (WIFSIGNALED(status)) return {ProcessExit::Kind::Killed, WTERMSIG(status)};
    return {ProcessExit::Kind::Exited, WIFEXITED(status) ? WEXITSTATUS(status) : 0};
}

std::string signalName(int sig) {
    const char* abbrev = ::sigabbrev_np(sig);  // glibc 2.32
    return abbrev ? "SIG" + std::string(abbrev) : std::string();
}

std::string exitText(const ProcessExit& exit) {
    switch (exit.kind) {
    case ProcessExit::Kind::Exited: return "exited with status " + std::to_string(exit.number);
    case ProcessExit::Kind::Killed: {
        const std::string name = signalName(exit.number);
        return "killed by signal " + std::to_string(exit.number) + (name.empty() ? "" : " (" + name + ")");
    }
    case ProcessExit::Kind::Lost: return "lost (" + std::string(std::strerror(exit.number)) + ")";
    }
    return {};
}

ChildProcess::~ChildProcess() { kill(); }

ChildProcess::ChildProcess(ChildProcess&& other) noexcept : pid_(std::exchange(other.pid_, -1)) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
    if (this != &other) {
        kill();
        pid_ = std::exchange(other.pid_, -1);
    }
    return *this;
}

bool ChildProcess::spawn(const std::vector<std::string>& argv, const std::string& outputFile, std::string* error,
                         const std::string& workingDir) {
    auto fail = [&](std::string message) {
        if (error) *error = std::move(message);
        return false;
    };
    if (running()) return fail("a child process is still running (pid " + std::to_string(pid_) + ")");
    if (argv.empty()) return fail("no command to run");
    // Everything the child needs is prepared before fork(): after fork only
    // async-signal-safe calls are allowed (the owner has other threads).
    std::vector<char*> cargv;
    for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
    cargv.push_back(nullptr);
    const char* dir = workingDir.empty() ? nullptr : workingDir.c_str();
    const int out = ::open(outputFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (out < 0) return fail("cannot open " + outputFile + ": " + std::strerror(errno));
    const int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    const pid_t parent = ::getpid();
    // Until exec the child is a copy of the owner, signal handlers included:
    // a signal sent to it then (a stop() right after spawn()) would run the
    // owner's handler in the child. So every signal stays blocked across
    // fork(), and the child resets the handlers before it unblocks them.
    sigset_t all, ownerMask;
    sigfillset(&all);
    ::pthread_sigmask(SIG_SETMASK, &all, &ownerMask);
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int err = errno;
        ::pthread_sigmask(SIG_SETMASK, &ownerMask, nullptr);
        ::close(out);
        if (devnull >= 0) ::close(devnull);
        return fail(std::string("fork failed: ") + std::strerror(err));
    }
    if (pid == 0) {
        // Handlers back to the default (exec would do it too, later);
        // ignored signals stay ignored, except SIGPIPE: a server must see
        // its own broken pipes as the owner (which may ignore them) does not.
        for (int sig = 1; sig < NSIG; ++sig) {
            struct sigaction old {};
            if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler != SIG_IGN && old.sa_handler != SIG_DFL)
                ::signal(sig, SIG_DFL);
        }
        ::signal(SIGPIPE, SIG_DFL);
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(127);  // the owner died before prctl
        // The owner may block signals (a GUI does); the child starts with none blocked.
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
        ::dup2(out, STDOUT_FILENO);
        ::dup2(out, STDERR_FILENO);
        if (dir && ::chdir(dir) != 0) ::_exit(126);
        ::execv(cargv[0], cargv.data());
        ::_exit(127);
    }
    ::pthread_sigmask(SIG_SETMASK, &ownerMask, nullptr);
    ::setpgid(pid, pid);  // also from the parent, so kill(-pid) works at once
    ::close(out);
    if (devnull >= 0) ::close(devnull);
    pid_ = pid;
    return true;
}

bool ChildProcess::exited(ProcessExit* how) {
    if (pid_ <= 0) return true;
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == 0 || (r < 0 && errno == EINTR)) return false;
    if (how) *how = r > 0 ? processExitOf(status) : ProcessExit{ProcessExit::Kind::Lost, errno};
    pid_ = -1;
    return true;
}

bool ChildProcess::signal(int sig) {
    if (pid_ <= 0) return false;
    ::kill(-pid_, sig);
    return true;
}

bool ChildProcess::waitStopped(std::chrono::milliseconds timeout) const {
    if (pid_ <= 0) return false;
    const std::string tasks = "/proc/" + std::to_string(pid_) + "/task";
    // True when no thread runs: each one's state (the field after the
    // command name in its stat line) is T (stopped), or Z/X (gone).
    auto allStopped = [&] {
        std::error_code ec;
        bool any = false;
        for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
            std::ifstream in(task.path() / "stat");
            std::string stat;
            std::getline(in, stat);
            const size_t paren = stat.rfind(')');
            if (paren == std::string::npos || paren + 2 >= stat.size()) continue;  // the thread just ended
            const char state = stat[paren + 2];
            if (state != 'T' && state != 'Z' && state != 'X') return false;
            any = true;
        }
        return any && !ec;
    };
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (allStopped()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

bool ChildProcess::kill(ProcessExit* how) {
    if (pid_ <= 0) return false;
    ::kill(-pid_, SIGKILL);
    ::kill(pid_, SIGKILL);  // in case it left its group
    int status = 0;
    pid_t r;
    do {
        r = ::waitpid(pid_, &status, 0);
    } while (r < 0 && errno == EINTR);
    if (how) *how = r > 0 ? processExitOf(status) : ProcessExit{ProcessExit::Kind::Lost, errno};
    pid_ = -1;
    return true;
}

void ChildProcess::terminate(std::chrono::milliseconds grace, ProcessExit* how) {
    if (pid_ <= 0) return;
    signal(SIGTERM);
    signal(SIGCONT);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (std::chrono::steady_clock::now() < deadline) {
        if (exited(how)) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(how);
}

}  // namespace zooscope
