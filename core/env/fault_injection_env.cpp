#include "env/fault_injection_env.h"

#include <algorithm>
#include <chrono>

namespace zooscope {

class FaultWritableFile final : public WritableFile {
public:
    FaultWritableFile(FaultInjectionEnv* env, std::string path, std::unique_ptr<WritableFile> base)
        : env_(env), path_(std::move(path)), base_(std::move(base)), generation_(env->generation_.load()) {}
    ~FaultWritableFile() override {
        if (alive()) (void)close();
    }

    Status append(std::string_view data) override {
        if (!alive()) return dead();
        buf_.append(data);
        return Status::ok();
    }
    // Our own buffer stands in for the page-cache boundary: bytes leave it only
    // through flush(), where a torn write can strike.
    Status flush() override {
        if (!alive()) return dead();
        if (buf_.empty()) return Status::ok();
        std::string out;
        out.swap(buf_);
        int64_t keep = env_->tearAt_.exchange(-1);
        if (keep >= 0 && size_t(keep) < out.size()) {
            out.resize(size_t(keep));
            Status s = base_->append(out);
            if (s) s = base_->flush();
            written_ += out.size();
            return Status::ioError(path_ + ": simulated torn write");
        }
        Status s = base_->append(out);
        if (s) s = base_->flush();
        if (s) written_ += out.size();
        return s;
    }
    Status sync() override {
        if (Status s = flush(); !s) return s;
        env_->holdSync();
        if (!alive()) return dead();
        if (env_->failSync_.exchange(false)) return Status::ioError(path_ + ": simulated fdatasync failure");
        if (Status s = base_->sync(); !s) return s;
        markSynced(written_);
        return Status::ok();
    }
    // Another thread than the writer's: reads nothing the writer changes
    // (`written_` comes in as flushedBytes), and only raises what counts as
    // durable, so syncs finishing out of order keep the larger mark.
    Status syncFlushed(uint64_t flushedBytes) override {
        env_->holdSync();
        if (!alive()) return dead();
        if (env_->failSync_.exchange(false)) return Status::ioError(path_ + ": simulated fdatasync failure");
        if (Status s = base_->syncFlushed(flushedBytes); !s) return s;
        markSynced(flushedBytes);
        return Status::ok();
    }
    Status preallocate(uint64_t bytes) override {
        if (!alive()) return dead();
        if (Status s = base_->preallocate(bytes); !s) return s;
        std::lock_guard lk(env_->mu_);
        auto it = env_->files_.find(path_);
        if (it != env_->files_.end()) it->second.allocated = std::max(it->second.allocated, bytes);
        return Status::ok();
    }
    Status close() override {
        if (!alive()) return dead();
        Status s = flush();
        Status c = base_->close();
        return s ? c : s;
    }
    uint64_t size() const override { return written_ + buf_.size(); }

private:
    void markSynced(uint64_t len) {
        env_->syncs_++;
        std::lock_guard lk(env_->mu_);
        auto it = env_->files_.find(path_);
        if (it != env_->files_.end()) {
            it->second.syncedLen = std::max(it->second.syncedLen, len);
            it->second.syncedSize = std::max({it->second.syncedSize, len, it->second.allocated});
        }
    }
    bool alive() const { return generation_ == env_->generation_.load(); }
    Status dead() const { return Status::ioError(path_ + ": file object from before a simulated crash"); }

    FaultInjectionEnv* env_;
    std::string path_;
    std::unique_ptr<WritableFile> base_;
    uint64_t generation_;
    uint64_t written_ = 0;
    std::string buf_;
};

FaultInjectionEnv::FaultInjectionEnv(std::shared_ptr<Env> base) : base_(std::move(base)) {}

std::string FaultInjectionEnv::dirOf(const std::string& path) {
    auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

void FaultInjectionEnv::tearNextWrite(size_t keepBytes) { tearAt_ = int64_t(keepBytes); }

void FaultInjectionEnv::pauseSyncs() {
    std::lock_guard lk(gateMu_);
    syncsPaused_ = true;
}

void FaultInjectionEnv::resumeSyncs() {
    {
        std::lock_guard lk(gateMu_);
        syncsPaused_ = false;
    }
    gate_.notify_all();
}

bool FaultInjectionEnv::waitForHeldSync(int64_t timeoutMs, int count) {
    std::unique_lock lk(gateMu_);
    return gate_.wait_for(lk, std::chrono::milliseconds(timeoutMs), [&] { return heldSyncs_ >= count; });
}

void FaultInjectionEnv::holdSync() {
    std::unique_lock lk(gateMu_);
    if (!syncsPaused_) return;
    ++heldSyncs_;
    gate_.notify_all();
    gate_.wait(lk, [this] { return !syncsPaused_; });
    --heldSyncs_;
}
void FaultInjectionEnv::failNextSync() { failSync_ = true; }

Status FaultInjectionEnv::newWritableFile(const std::string& path, std::unique_ptr<WritableFile>* out) {
    const bool existed = base_->fileExists(path);
    std::unique_ptr<WritableFile> f;
    if (Status s = base_->newWritableFile(path, &f); !s) return s;
    {
        std::lock_guard lk(mu_);
        FileState st;
        st.newSinceDirSync = !existed || (files_.count(path) && files_[path].newSinceDirSync);
        files_[path] = st;
    }
    *out = std::make_unique<FaultWritableFile>(this, path, std::move(f));
    return Status::ok();
}

Status FaultInjectionEnv::newSequentialFile(const std::string& path, std::unique_ptr<SequentialFile>* out) {
    return base_->newSequentialFile(path, out);
}
Status FaultInjectionEnv::newRandomAccessFile(const std::string& path, std::unique_ptr<RandomAccessFile>* out) {
    return base_->newRandomAccessFile(path, out);
}
bool FaultInjectionEnv::fileExists(const std::string& path) { return base_->fileExists(path); }
Status FaultInjectionEnv::listDir(const std::string& dir, std::vector<std::string>* names) {
    return base_->listDir(dir, names);
}
Status FaultInjectionEnv::fileSize(const std::string& path, uint64_t* size) { return base_->fileSize(path, size); }
Status FaultInjectionEnv::createDirs(const std::string& dir) { return base_->createDirs(dir); }
Status FaultInjectionEnv::lockFile(const std::string& path, std::unique_ptr<FileLock>* out) {
    return base_->lockFile(path, out);
}

Status FaultInjectionEnv::renameFile(const std::string& from, const std::string& to) {
    if (Status s = base_->renameFile(from, to); !s) return s;
    std::lock_guard lk(mu_);
    auto it = files_.find(from);
    FileState st;
    if (it != files_.end()) {
        st = it->second;
        files_.erase(it);
    } else {
        // A file we never wrote: durable as it is.
        uint64_t size = 0;
        (void)base_->fileSize(to, &size);
        st.syncedLen = st.syncedSize = st.allocated = size;
    }
    files_[to] = st;
    renames_.push_back({from, to});
    return Status::ok();
}

Status FaultInjectionEnv::removeFile(const std::string& path) {
    if (Status s = base_->removeFile(path); !s) return s;
    std::lock_guard lk(mu_);
    files_.erase(path);
    std::erase_if(renames_, [&](const PendingRename& r) { return r.to == path; });
    return Status::ok();
}

Status FaultInjectionEnv::truncateFile(const std::string& path, uint64_t size) {
    if (Status s = base_->truncateFile(path, size); !s) return s;
    std::lock_guard lk(mu_);
    auto it = files_.find(path);
    if (it != files_.end()) {
        // The base fsynced the file: what it holds up to `size` is durable.
        it->second.syncedLen = it->second.syncedSize = it->second.allocated = size;
    }
    return Status::ok();
}

Status FaultInjectionEnv::syncFile(const std::string& path) {
    if (failSync_.exchange(false)) return Status::ioError(path + ": simulated fsync failure");
    if (Status s = base_->syncFile(path); !s) return s;
    uint64_t size = 0;
    if (Status s = base_->fileSize(path, &size); !s) return s;
    std::lock_guard lk(mu_);
    auto it = files_.find(path);
    if (it != files_.end()) {
        // Everything the file holds now is durable (logical length unknown
        // here: the whole size counts as data).
        it->second.syncedLen = it->second.syncedSize = std::max(size, it->second.syncedSize);
        it->second.allocated = std::max(it->second.allocated, size);
    }
    return Status::ok();
}

Status FaultInjectionEnv::syncDir(const std::string& dir) {
    if (Status s = base_->syncDir(dir); !s) return s;
    std::lock_guard lk(mu_);
    for (auto& [path, st] : files_) {
        if (dirOf(path) == dir) st.newSinceDirSync = false;
    }
    std::erase_if(renames_, [&](const PendingRename& r) { return dirOf(r.to) == dir; });
    return Status::ok();
}

Status FaultInjectionEnv::simulateCrash(CrashMode mode) {
    std::lock_guard lk(mu_);
    generation_++;
    tearAt_ = -1;
    failSync_ = false;
    Status first;
    auto note = [&](Status s) {
        if (!s && first) first = std::move(s);
    };
    if (mode == CrashMode::DropUnsynced) {
        // Undo un-synced renames, newest first, so chains unwind in order.
        for (auto it = renames_.rbegin(); it != renames_.rend(); ++it) {
            if (!base_->fileExists(it->to) || base_->fileExists(it->from)) continue;
            note(base_->renameFile(it->to, it->from));
            auto fs = files_.find(it->to);
            if (fs != files_.end()) {
                FileState st = fs->second;
                files_.erase(fs);
                files_[it->from] = st;
            }
        }
        for (auto it = files_.begin(); it != files_.end();) {
            const std::string& path = it->first;
            const FileState& st = it->second;
            if (!base_->fileExists(path)) {
                it = files_.erase(it);
                continue;
            }
            if (st.newSinceDirSync) {
                note(base_->removeFile(path));
                it = files_.erase(it);
                continue;
            }
            note(base_->truncateFile(path, st.syncedLen));
            if (st.syncedSize > st.syncedLen) note(base_->truncateFile(path, st.syncedSize));
            it->second.allocated = st.syncedSize;
            ++it;
        }
    }
    renames_.clear();
    return first;
}

}  // namespace zooscope
