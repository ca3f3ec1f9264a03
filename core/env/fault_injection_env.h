// FaultInjectionEnv: an Env wrapper for crash and failure tests (leveldb's
// db/fault_injection_test.cc is the model). It forwards to a base Env and
// remembers, per file it wrote, what was made durable, so a test can pull the
// plug at any point and see only what a real disk would have kept.
//
// What simulateCrash(DropUnsynced) keeps - the rules of a power loss:
//   - bytes of a file up to its last successful WritableFile::sync(), or as far
//     as the furthest successful syncFlushed() said; later bytes are cut. A
//     file that was preallocate()d and synced keeps its synced size, the
//     unsynced part reading as zeros (as a real extent does);
//   - a file created through this Env whose directory was not syncDir()ed since
//     it was created is deleted, even if its data was synced (POSIX promises
//     the directory entry only after fsync of the directory);
//   - a rename not followed by syncDir() of the target's directory is undone
//     (the file goes back to its old name) when the old name is free;
//   - removals are taken as durable at once; truncateFile() fsyncs the file
//     (it is documented as durable on return), so everything the file holds
//     up to its new size is durable from then on;
//   - files this Env never wrote are not touched.
// simulateCrash(KeepWritten) models a process crash (kill -9): every byte
// handed to the OS stays, only data still buffered in a WritableFile is lost.
//
// After a crash every file object opened before it is dead: its calls fail
// with IoError and its destructor writes nothing.
//
// Faults armed for the next call: tearNextWrite(n) makes the next write that
// reaches the OS keep only its first n bytes and fail; failNextSync() makes the
// next WritableFile::sync() or syncFlushed() fail without syncing. Clocks can jump.
//
// A slow disk on demand: after pauseSyncs(), every WritableFile::sync() stops
// after its flush, before the fdatasync (syncFlushed() before its
// fdatasync), until resumeSyncs(); a crash
// meanwhile makes the held syncs fail (their file objects are dead). Tests
// use it to look at a server while a sync is in progress.
//
// Thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "env/env.h"

namespace zooscope {

class FaultInjectionEnv final : public Env {
public:
    explicit FaultInjectionEnv(std::shared_ptr<Env> base);

    enum class CrashMode { DropUnsynced, KeepWritten };
    // Applies the crash rules above to the files on disk. Returns the first
    // error of the base Env while doing so.
    Status simulateCrash(CrashMode mode = CrashMode::DropUnsynced);

    void tearNextWrite(size_t keepBytes);
    void failNextSync();
    // Successful WritableFile::sync() and syncFlushed() calls so far (counts group commits).
    uint64_t syncCount() const { return syncs_.load(); }

    void pauseSyncs();
    void resumeSyncs();
    // Waits until at least `count` syncs are held by pauseSyncs(); false after timeoutMs.
    bool waitForHeldSync(int64_t timeoutMs, int count = 1);

    void jumpWallClock(int64_t deltaMs) { wallOffset_ += deltaMs; }
    void advanceMonotonic(int64_t deltaMs) { monoOffset_ += deltaMs; }

    int64_t wallMs() override { return base_->wallMs() + wallOffset_.load(); }
    int64_t monotonicMs() override { return base_->monotonicMs() + monoOffset_.load(); }

    Status newWritableFile(const std::string& path, std::unique_ptr<WritableFile>* out) override;
    Status newSequentialFile(const std::string& path, std::unique_ptr<SequentialFile>* out) override;
    Status newRandomAccessFile(const std::string& path, std::unique_ptr<RandomAccessFile>* out) override;
    bool fileExists(const std::string& path) override;
    Status listDir(const std::string& dir, std::vector<std::string>* names) override;
    Status fileSize(const std::string& path, uint64_t* size) override;
    Status renameFile(const std::string& from, const std::string& to) override;
    Status removeFile(const std::string& path) override;
    Status createDirs(const std::string& dir) override;
    Status truncateFile(const std::string& path, uint64_t size) override;
    Status syncFile(const std::string& path) override;
    Status syncDir(const std::string& dir) override;
    Status lockFile(const std::string& path, std::unique_ptr<FileLock>* out) override;
    bool backgroundThreads() const override { return base_->backgroundThreads(); }

private:
    friend class FaultWritableFile;
    struct FileState {
        uint64_t syncedLen = 0;   // logical bytes durable
        uint64_t syncedSize = 0;  // on-disk size durable (>= syncedLen when preallocated)
        uint64_t allocated = 0;   // current preallocated size
        bool newSinceDirSync = false;
    };
    struct PendingRename { std::string from, to; };

    static std::string dirOf(const std::string& path);
    // A sync stops here while syncs are paused.
    void holdSync();

    std::shared_ptr<Env> base_;
    mutable std::mutex mu_;
    std::map<std::string, FileState> files_;        // guarded by mu_
    std::vector<PendingRename> renames_;            // guarded by mu_
    std::atomic<uint64_t> generation_{0};
    std::atomic<int64_t> tearAt_{-1};               // keep bytes of the next write, -1 = off
    std::atomic<bool> failSync_{false};
    std::atomic<uint64_t> syncs_{0};
    std::atomic<int64_t> wallOffset_{0};
    std::atomic<int64_t> monoOffset_{0};
    std::mutex gateMu_;
    std::condition_variable gate_;
    bool syncsPaused_ = false;  // guarded by gateMu_
    int heldSyncs_ = 0;         // guarded by gateMu_
};

}  // namespace zooscope
