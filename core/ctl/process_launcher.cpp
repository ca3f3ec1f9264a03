// processLauncher(): lock/elect COMMANDs as child processes (fork + execv).
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "zooscope/ctl.h"

namespace zooscope::ctl {

namespace {

// The descriptors open now, above stderr.
std::vector<int> openDescriptors() {
    std::vector<int> fds;
    DIR* dir = ::opendir("/proc/self/fd");
    if (!dir) return fds;
    const int own = ::dirfd(dir);
    while (dirent* e = ::readdir(dir)) {
        char* end = nullptr;
        const long fd = std::strtol(e->d_name, &end, 10);
        if (end != e->d_name && *end == '\0' && fd > 2 && fd != own) fds.push_back(static_cast<int>(fd));
    }
    ::closedir(dir);
    std::sort(fds.begin(), fds.end());
    return fds;
}

bool isExecutableFile(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// argv[0] as execv needs it: as given when it holds a '/', else the first
// executable match in PATH. "" + *exitCode 127/126 when there is none.
std::string resolve(const std::string& name, std::string* error, int* exitCode) {
    if (name.find('/') != std::string::npos) {
        if (isExecutableFile(name)) return name;
        const bool exists = ::access(name.c_str(), F_OK) == 0;
        *exitCode = exists ? 126 : 127;
        *error = name + (exists ? ": cannot run it (not an executable file)." : ": no such file.");
        return {};
    }
    const char* env = std::getenv("PATH");
    const std::string path = env ? env : "/usr/local/bin:/usr/bin:/bin";
    bool foundNonExecutable = false;
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find(':', start);
        if (end == std::string::npos) end = path.size();
        const std::string dir = end > start ? path.substr(start, end - start) : ".";
        const std::string candidate = dir + "/" + name;
        if (isExecutableFile(candidate)) return candidate;
        if (::access(candidate.c_str(), F_OK) == 0) foundNonExecutable = true;
        start = end + 1;
    }
    *exitCode = foundNonExecutable ? 126 : 127;
    *error = name + (foundNonExecutable ? ": cannot run it (not an executable file)." : ": command not found.");
    return {};
}

int shellStatus(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 128;
}

class ChildProcess final : public RunningCommand {
public:
    explicit ChildProcess(pid_t pid) : pid_(pid) {
        pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    }
    ~ChildProcess() override {
        // run() always waits for the end; this is the last resort for a host
        // that does not.
        if (!status_) {
            ::kill(pid_, SIGKILL);
            int st = 0;
            ::waitpid(pid_, &st, 0);
        }
        if (pidfd_ >= 0) ::close(pidfd_);
    }

    std::optional<int> wait(std::chrono::milliseconds timeout) override {
        if (status_) return status_;
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            int st = 0;
            const pid_t r = ::waitpid(pid_, &st, WNOHANG);
            if (r == pid_) {
                status_ = shellStatus(st);
                return status_;
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return std::nullopt;
            if (pidfd_ >= 0) {
                pollfd p{pidfd_, POLLIN, 0};
                ::poll(&p, 1, static_cast<int>(left.count()));
            } else {
                std::this_thread::sleep_for(std::min(left, std::chrono::milliseconds(20)));
            }
        }
    }

    void terminate() override {
        if (!status_) ::kill(pid_, SIGTERM);
    }

private:
    pid_t pid_;
    int pidfd_ = -1;
    std::optional<int> status_;
};

class ProcessLauncher final : public CommandLauncher {
public:
    ProcessLauncher() : inherited_(openDescriptors()) {}

    std::unique_ptr<RunningCommand> start(const std::vector<std::string>& argv, std::string* error,
                                          int* exitCode) override {
        if (argv.empty()) {
            *error = "no COMMAND given.";
            *exitCode = kExitUsage;
            return nullptr;
        }
        const std::string file = resolve(argv[0], error, exitCode);
        if (file.empty()) return nullptr;

        // Everything the child needs is prepared here: after fork() it may
        // only make async-signal-safe calls.
        std::vector<char*> cargv;
        for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
        cargv.push_back(nullptr);
        const std::vector<int> closeFds = descriptorsToClose();
        int errPipe[2];
        if (::pipe2(errPipe, O_CLOEXEC) != 0) {
            *error = std::string("cannot start ") + argv[0] + ": " + std::strerror(errno);
            *exitCode = 126;
            return nullptr;
        }
        sigset_t none;
        sigemptyset(&none);
        const pid_t parent = ::getpid();

        const pid_t pid = ::fork();
        if (pid < 0) {
            *error = std::string("cannot start ") + argv[0] + ": " + std::strerror(errno);
            *exitCode = 126;
            ::close(errPipe[0]);
            ::close(errPipe[1]);
            return nullptr;
        }
        if (pid == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (::getppid() != parent) ::_exit(126);  // the parent is already gone
            for (int fd : closeFds)
                if (fd != errPipe[1]) ::close(fd);
            ::signal(SIGPIPE, SIG_DFL);
            ::signal(SIGINT, SIG_DFL);
            ::signal(SIGTERM, SIG_DFL);
            ::sigprocmask(SIG_SETMASK, &none, nullptr);
            ::execv(file.c_str(), cargv.data());
            const int e = errno;
            [[maybe_unused]] auto n = ::write(errPipe[1], &e, sizeof e);
            ::_exit(126);
        }
        ::close(errPipe[1]);
        int childErrno = 0;
        ssize_t n;
        do {
            n = ::read(errPipe[0], &childErrno, sizeof childErrno);
        } while (n < 0 && errno == EINTR);
        ::close(errPipe[0]);
        if (n == static_cast<ssize_t>(sizeof childErrno)) {
            int st = 0;
            ::waitpid(pid, &st, 0);
            *error = std::string("cannot run ") + argv[0] + ": " + std::strerror(childErrno) + ".";
            *exitCode = childErrno == ENOENT ? 127 : 126;
            return nullptr;
        }
        return std::make_unique<ChildProcess>(pid);
    }

private:
    // Open now but not open when the launcher was made: the ZooKeeper
    // connections and whatever else this process opened since.
    std::vector<int> descriptorsToClose() const {
        std::vector<int> out;
        for (int fd : openDescriptors())
            if (!std::binary_search(inherited_.begin(), inherited_.end(), fd)) out.push_back(fd);
        return out;
    }

    std::vector<int> inherited_;
};

}  // namespace

std::unique_ptr<CommandLauncher> processLauncher() { return std::make_unique<ProcessLauncher>(); }

}  // namespace zooscope::ctl
