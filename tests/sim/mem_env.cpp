#include "mem_env.h"

#include <algorithm>

namespace zooscope::sim {

namespace {

std::string parentOf(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string trimmed(std::string dir) {
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    return dir;
}

class MemWritableFile final : public WritableFile {
public:
    MemWritableFile(std::shared_ptr<MemEnv::Disk> disk, std::shared_ptr<std::string> data)
        : disk_(std::move(disk)), data_(std::move(data)) {}
    Status append(std::string_view bytes) override {
        if (closed_) return Status::ioError("append after close");
        std::lock_guard lk(disk_->mu);
        // Positional: the file may be longer than the logical end (preallocated).
        if (data_->size() < written_ + bytes.size()) data_->resize(written_ + bytes.size());
        std::copy(bytes.begin(), bytes.end(), data_->begin() + std::ptrdiff_t(written_));
        written_ += bytes.size();
        return Status::ok();
    }
    Status flush() override { return closed_ ? Status::ioError("flush after close") : Status::ok(); }
    Status sync() override { return flush(); }
    Status syncFlushed(uint64_t) override { return flush(); }
    Status preallocate(uint64_t bytes) override {
        if (closed_) return Status::ioError("preallocate after close");
        std::lock_guard lk(disk_->mu);
        if (data_->size() < bytes) data_->resize(bytes, '\0');
        return Status::ok();
    }
    Status close() override {
        closed_ = true;
        return Status::ok();
    }
    uint64_t size() const override { return written_; }

private:
    std::shared_ptr<MemEnv::Disk> disk_;
    std::shared_ptr<std::string> data_;
    uint64_t written_ = 0;
    bool closed_ = false;
};

class MemSequentialFile final : public SequentialFile {
public:
    MemSequentialFile(std::shared_ptr<MemEnv::Disk> disk, std::shared_ptr<std::string> data)
        : disk_(std::move(disk)), data_(std::move(data)) {}
    Status read(size_t n, std::string* out) override {
        std::lock_guard lk(disk_->mu);
        const size_t at = std::min<size_t>(pos_, data_->size());
        *out = data_->substr(at, n);
        pos_ = at + out->size();
        return Status::ok();
    }
    Status skip(uint64_t n) override {
        pos_ += n;
        return Status::ok();
    }

private:
    std::shared_ptr<MemEnv::Disk> disk_;
    std::shared_ptr<std::string> data_;
    uint64_t pos_ = 0;
};

class MemRandomAccessFile final : public RandomAccessFile {
public:
    MemRandomAccessFile(std::shared_ptr<MemEnv::Disk> disk, std::shared_ptr<std::string> data)
        : disk_(std::move(disk)), data_(std::move(data)) {}
    Status read(uint64_t offset, size_t n, std::string* out) const override {
        std::lock_guard lk(disk_->mu);
        *out = offset < data_->size() ? data_->substr(size_t(offset), n) : std::string();
        return Status::ok();
    }

private:
    std::shared_ptr<MemEnv::Disk> disk_;
    std::shared_ptr<std::string> data_;
};

class MemFileLock final : public FileLock {
public:
    MemFileLock(std::shared_ptr<MemEnv::Disk> disk, std::string path) : disk_(std::move(disk)), path_(std::move(path)) {}
    ~MemFileLock() override {
        std::lock_guard lk(disk_->mu);
        disk_->locked.erase(path_);
    }

private:
    std::shared_ptr<MemEnv::Disk> disk_;
    std::string path_;
};

}  // namespace

MemEnv::MemEnv(std::function<int64_t()> now, int64_t wallBase)
    : now_(std::move(now)), wallBase_(wallBase), disk_(std::make_shared<Disk>()) {
    disk_->dirs.insert("/");
}

Status MemEnv::newWritableFile(const std::string& path, std::unique_ptr<WritableFile>* out) {
    std::lock_guard lk(disk_->mu);
    if (!disk_->dirs.count(parentOf(path))) return Status::notFound(path + ": open for writing: no such directory");
    auto data = std::make_shared<std::string>();
    disk_->files[path] = data;
    *out = std::make_unique<MemWritableFile>(disk_, std::move(data));
    return Status::ok();
}

Status MemEnv::newSequentialFile(const std::string& path, std::unique_ptr<SequentialFile>* out) {
    std::lock_guard lk(disk_->mu);
    auto it = disk_->files.find(path);
    if (it == disk_->files.end()) return Status::notFound(path + ": open: no such file");
    *out = std::make_unique<MemSequentialFile>(disk_, it->second);
    return Status::ok();
}

Status MemEnv::newRandomAccessFile(const std::string& path, std::unique_ptr<RandomAccessFile>* out) {
    std::lock_guard lk(disk_->mu);
    auto it = disk_->files.find(path);
    if (it == disk_->files.end()) return Status::notFound(path + ": open: no such file");
    *out = std::make_unique<MemRandomAccessFile>(disk_, it->second);
    return Status::ok();
}

bool MemEnv::fileExists(const std::string& path) {
    std::lock_guard lk(disk_->mu);
    return disk_->files.count(path) || disk_->dirs.count(trimmed(path));
}

Status MemEnv::listDir(const std::string& dirIn, std::vector<std::string>* names) {
    const std::string dir = trimmed(dirIn);
    std::lock_guard lk(disk_->mu);
    names->clear();
    if (!disk_->dirs.count(dir)) return Status::notFound(dir + ": opendir: no such directory");
    for (const auto& [path, data] : disk_->files)
        if (parentOf(path) == dir) names->push_back(path.substr(path.rfind('/') + 1));
    for (const auto& d : disk_->dirs)
        if (d != dir && parentOf(d) == dir) names->push_back(d.substr(d.rfind('/') + 1));
    return Status::ok();
}

Status MemEnv::fileSize(const std::string& path, uint64_t* size) {
    std::lock_guard lk(disk_->mu);
    auto it = disk_->files.find(path);
    if (it == disk_->files.end()) return Status::notFound(path + ": stat: no such file");
    *size = it->second->size();
    return Status::ok();
}

Status MemEnv::renameFile(const std::string& from, const std::string& to) {
    std::lock_guard lk(disk_->mu);
    auto it = disk_->files.find(from);
    if (it == disk_->files.end()) return Status::notFound("rename " + from + " -> " + to + ": no such file");
    if (!disk_->dirs.count(parentOf(to))) return Status::notFound("rename " + from + " -> " + to + ": no such directory");
    auto data = it->second;
    disk_->files.erase(it);
    disk_->files[to] = std::move(data);
    return Status::ok();
}

Status MemEnv::removeFile(const std::string& path) {
    std::lock_guard lk(disk_->mu);
    if (!disk_->files.erase(path)) return Status::notFound(path + ": unlink: no such file");
    return Status::ok();
}

Status MemEnv::createDirs(const std::string& dirIn) {
    if (dirIn.empty()) return Status::invalidArgument("empty directory name");
    const std::string dir = trimmed(dirIn);
    std::lock_guard lk(disk_->mu);
    if (disk_->files.count(dir)) return Status::ioError(dir + ": exists and is not a directory");
    for (size_t pos = 1; pos != std::string::npos;) {
        pos = dir.find('/', pos + 1);
        disk_->dirs.insert(dir.substr(0, pos));
    }
    return Status::ok();
}

Status MemEnv::truncateFile(const std::string& path, uint64_t size) {
    std::lock_guard lk(disk_->mu);
    auto it = disk_->files.find(path);
    if (it == disk_->files.end()) return Status::notFound(path + ": truncate: no such file");
    it->second->resize(size, '\0');
    return Status::ok();
}

Status MemEnv::syncFile(const std::string& path) {
    std::lock_guard lk(disk_->mu);
    return disk_->files.count(path) ? Status::ok() : Status::notFound(path + ": open: no such file");
}

Status MemEnv::syncDir(const std::string& dir) {
    std::lock_guard lk(disk_->mu);
    return disk_->dirs.count(trimmed(dir)) ? Status::ok() : Status::notFound(dir + ": open directory: no such directory");
}

Status MemEnv::lockFile(const std::string& path, std::unique_ptr<FileLock>* out) {
    std::lock_guard lk(disk_->mu);
    if (!disk_->dirs.count(parentOf(path))) return Status::notFound(path + ": open lock file: no such directory");
    if (!disk_->locked.insert(path).second) return Status::ioError(path + ": already locked");
    if (!disk_->files.count(path)) disk_->files[path] = std::make_shared<std::string>();
    *out = std::make_unique<MemFileLock>(disk_, path);
    return Status::ok();
}

}  // namespace zooscope::sim
