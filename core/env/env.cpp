#include "env/env.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <set>

namespace zooscope {

namespace {

Status posixError(const std::string& context, int err) {
    std::string msg = context + ": " + std::strerror(err);
    if (err == ENOENT) return Status::notFound(msg);
    return Status::ioError(msg);
}

constexpr size_t kWriteBuffer = 64 * 1024;

class PosixWritableFile final : public WritableFile {
public:
    PosixWritableFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
    ~PosixWritableFile() override { (void)close(); }

    Status append(std::string_view data) override {
        if (fd_ < 0) return Status::ioError(path_ + ": append after close");
        if (buf_.size() + data.size() > kWriteBuffer) {
            if (Status s = flush(); !s) return s;
            if (data.size() > kWriteBuffer) return writeAt(data);
        }
        buf_.append(data);
        return Status::ok();
    }
    Status flush() override {
        if (fd_ < 0) return Status::ioError(path_ + ": flush after close");
        if (buf_.empty()) return Status::ok();
        Status s = writeAt(buf_);
        buf_.clear();
        return s;
    }
    Status sync() override {
        if (Status s = flush(); !s) return s;
        if (::fdatasync(fd_) != 0) return posixError(path_ + ": fdatasync", errno);
        return Status::ok();
    }
    // fdatasync covers every byte written before the call; fd_ only changes in close().
    Status syncFlushed(uint64_t) override {
        if (fd_ < 0) return Status::ioError(path_ + ": sync after close");
        if (::fdatasync(fd_) != 0) return posixError(path_ + ": fdatasync", errno);
        return Status::ok();
    }
    Status preallocate(uint64_t bytes) override {
        if (fd_ < 0) return Status::ioError(path_ + ": preallocate after close");
        // posix_fallocate reserves blocks and sets the size; the new range
        // reads as zeros.
        int rc = ::posix_fallocate(fd_, 0, off_t(bytes));
        if (rc != 0) return posixError(path_ + ": posix_fallocate", rc);
        return Status::ok();
    }
    Status close() override {
        if (fd_ < 0) return Status::ok();
        Status s = flush();
        if (::close(fd_) != 0 && s) s = posixError(path_ + ": close", errno);
        fd_ = -1;
        return s;
    }
    uint64_t size() const override { return written_ + buf_.size(); }

private:
    // Positional writes: the file may be longer than the logical end (preallocated).
    Status writeAt(std::string_view data) {
        while (!data.empty()) {
            ssize_t n = ::pwrite(fd_, data.data(), data.size(), off_t(written_));
            if (n < 0) {
                if (errno == EINTR) continue;
                return posixError(path_ + ": write", errno);
            }
            written_ += uint64_t(n);
            data.remove_prefix(size_t(n));
        }
        return Status::ok();
    }

    std::string path_;
    int fd_;
    uint64_t written_ = 0;
    std::string buf_;
};

class PosixSequentialFile final : public SequentialFile {
public:
    PosixSequentialFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
    ~PosixSequentialFile() override { ::close(fd_); }
    Status read(size_t n, std::string* out) override {
        out->resize(n);
        size_t got = 0;
        while (got < n) {
            ssize_t r = ::read(fd_, out->data() + got, n - got);
            if (r < 0) {
                if (errno == EINTR) continue;
                out->clear();
                return posixError(path_ + ": read", errno);
            }
            if (r == 0) break;
            got += size_t(r);
        }
        out->resize(got);
        return Status::ok();
    }
    Status skip(uint64_t n) override {
        if (::lseek(fd_, off_t(n), SEEK_CUR) == off_t(-1)) return posixError(path_ + ": lseek", errno);
        return Status::ok();
    }

private:
    std::string path_;
    int fd_;
};

class PosixRandomAccessFile final : public RandomAccessFile {
public:
    PosixRandomAccessFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
    ~PosixRandomAccessFile() override { ::close(fd_); }
    Status read(uint64_t offset, size_t n, std::string* out) const override {
        out->resize(n);
        size_t got = 0;
        while (got < n) {
            ssize_t r = ::pread(fd_, out->data() + got, n - got, off_t(offset + got));
            if (r < 0) {
                if (errno == EINTR) continue;
                out->clear();
                return posixError(path_ + ": pread", errno);
            }
            if (r == 0) break;
            got += size_t(r);
        }
        out->resize(got);
        return Status::ok();
    }

private:
    std::string path_;
    int fd_;
};

// flock() locks belong to the open file description, so a second open in the
// same process would succeed; the set refuses that case too.
std::mutex gLockMutex;
std::set<std::string> gLockedPaths;

class PosixFileLock final : public FileLock {
public:
    PosixFileLock(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
    ~PosixFileLock() override {
        ::flock(fd_, LOCK_UN);
        ::close(fd_);
        std::lock_guard lk(gLockMutex);
        gLockedPaths.erase(path_);
    }

private:
    std::string path_;
    int fd_;
};

class SystemEnv final : public Env {
public:
    int64_t wallMs() override {
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    }
    int64_t monotonicMs() override {
        using namespace std::chrono;
        return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
    }
};

}  // namespace

Status Env::newWritableFile(const std::string& path, std::unique_ptr<WritableFile>* out) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return posixError(path + ": open for writing", errno);
    *out = std::make_unique<PosixWritableFile>(path, fd);
    return Status::ok();
}

Status Env::newSequentialFile(const std::string& path, std::unique_ptr<SequentialFile>* out) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return posixError(path + ": open", errno);
    *out = std::make_unique<PosixSequentialFile>(path, fd);
    return Status::ok();
}

Status Env::newRandomAccessFile(const std::string& path, std::unique_ptr<RandomAccessFile>* out) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return posixError(path + ": open", errno);
    *out = std::make_unique<PosixRandomAccessFile>(path, fd);
    return Status::ok();
}

bool Env::fileExists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

Status Env::listDir(const std::string& dir, std::vector<std::string>* names) {
    names->clear();
    DIR* d = ::opendir(dir.c_str());
    if (!d) return posixError(dir + ": opendir", errno);
    while (struct dirent* e = ::readdir(d)) {
        std::string n = e->d_name;
        if (n != "." && n != "..") names->push_back(std::move(n));
    }
    ::closedir(d);
    return Status::ok();
}

Status Env::fileSize(const std::string& path, uint64_t* size) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return posixError(path + ": stat", errno);
    *size = uint64_t(st.st_size);
    return Status::ok();
}

Status Env::renameFile(const std::string& from, const std::string& to) {
    if (::rename(from.c_str(), to.c_str()) != 0) return posixError("rename " + from + " -> " + to, errno);
    return Status::ok();
}

Status Env::removeFile(const std::string& path) {
    if (::unlink(path.c_str()) != 0) return posixError(path + ": unlink", errno);
    return Status::ok();
}

Status Env::createDirs(const std::string& dir) {
    if (dir.empty()) return Status::invalidArgument("empty directory name");
    std::string cur;
    size_t pos = 0;
    while (pos != std::string::npos) {
        pos = dir.find('/', pos + 1);
        cur = dir.substr(0, pos);
        if (cur.empty()) continue;
        if (::mkdir(cur.c_str(), 0755) != 0 && errno != EEXIST) return posixError(cur + ": mkdir", errno);
    }
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        return Status::ioError(dir + ": exists and is not a directory");
    return Status::ok();
}

Status Env::truncateFile(const std::string& path, uint64_t size) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return posixError(path + ": open for truncate", errno);
    Status s;
    if (::ftruncate(fd, off_t(size)) != 0) s = posixError(path + ": ftruncate", errno);
    else if (::fsync(fd) != 0) s = posixError(path + ": fsync after truncate", errno);
    ::close(fd);
    return s;
}

Status Env::syncFile(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return posixError(path + ": open for fsync", errno);
    Status s;
    if (::fsync(fd) != 0) s = posixError(path + ": fsync", errno);
    ::close(fd);
    return s;
}

Status Env::syncDir(const std::string& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return posixError(dir + ": open directory", errno);
    Status s;
    if (::fsync(fd) != 0) s = posixError(dir + ": fsync directory", errno);
    ::close(fd);
    return s;
}

Status Env::lockFile(const std::string& path, std::unique_ptr<FileLock>* out) {
    {
        std::lock_guard lk(gLockMutex);
        if (!gLockedPaths.insert(path).second) return Status::ioError(path + ": already locked by this process");
    }
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 || ::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        Status s = posixError(path + (fd < 0 ? ": open lock file" : ": lock held by another process"), errno);
        if (fd >= 0) ::close(fd);
        std::lock_guard lk(gLockMutex);
        gLockedPaths.erase(path);
        return s;
    }
    *out = std::make_unique<PosixFileLock>(path, fd);
    return Status::ok();
}

Status Env::readFileToString(const std::string& path, std::string* out) {
    std::unique_ptr<SequentialFile> f;
    if (Status s = newSequentialFile(path, &f); !s) return s;
    out->clear();
    std::string chunk;
    for (;;) {
        if (Status s = f->read(1 << 20, &chunk); !s) return s;
        if (chunk.empty()) break;
        out->append(chunk);
    }
    return Status::ok();
}

std::shared_ptr<Env> Env::system() {
    static const std::shared_ptr<Env> env = std::make_shared<SystemEnv>();
    return env;
}

}  // namespace zooscope
