// MemEnv: an Env whose disk is memory and whose clock is the simulator's (the
// quorum simulator gives each node one, under a FaultInjectionEnv that
// applies the crash rules). Files behave as POSIX ones do where the storage
// layer can tell: a rename moves the file an open writer writes to, a
// preallocated tail reads as zeros, directories must exist before files are
// created in them, and a path can be locked once. Nothing is durable or lost
// by itself: sync is a no-op here, FaultInjectionEnv decides what a crash keeps.
//
// backgroundThreads() is false, so the snapshot writer runs inline and a run
// replays exactly.
//
// Thread-safe (one mutex); the simulator calls it from one thread per seed.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "env/env.h"

namespace zooscope::sim {

class MemEnv final : public Env {
public:
    // `now` is the simulated monotonic time in ms; wall time is `wallBase` + now.
    MemEnv(std::function<int64_t()> now, int64_t wallBase);

    int64_t wallMs() override { return wallBase_ + now_(); }
    int64_t monotonicMs() override { return now_(); }
    bool backgroundThreads() const override { return false; }

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

    // Shared with the file objects, which may outlive a removal or rename.
    struct Disk {
        std::mutex mu;
        std::map<std::string, std::shared_ptr<std::string>> files;  // path -> contents (guarded by mu)
        std::set<std::string> dirs;                                 // guarded by mu
        std::set<std::string> locked;                               // guarded by mu
    };

private:
    std::function<int64_t()> now_;
    int64_t wallBase_;
    std::shared_ptr<Disk> disk_;
};

}  // namespace zooscope::sim
