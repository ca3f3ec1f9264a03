// Env: the engine's window on time and the disk. Everything that is not
// deterministic goes through here so tests can fake it (leveldb's Env is the
// model): FaultInjectionEnv (fault_injection_env.h) wraps one to drop unsynced
// bytes at a simulated crash, tear writes, fail fsyncs and jump clocks.
//
// Errors: every file operation returns a Status (status.h) and never throws.
// Paths are plain POSIX paths; directories are not created implicitly.
//
// Thread-safety: Env implementations must be safe to call from any thread. A
// file object (WritableFile, SequentialFile, RandomAccessFile) is used by one
// thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "env/status.h"

namespace zooscope {

// A file written front to back. Appends are buffered in user space; nothing is
// durable until sync() returns ok. The logical size (bytes appended) can be
// smaller than the file's size on disk when preallocate() reserved zeros.
class WritableFile {
public:
    virtual ~WritableFile() = default;  // closes; errors of an implicit close are lost
    virtual Status append(std::string_view data) = 0;
    // Hands buffered bytes to the OS (survives a process crash, not a power loss).
    virtual Status flush() = 0;
    // flush() + fdatasync: on ok, every appended byte and the file's size are durable.
    // After a failed sync the file's durable content is unknown (Linux may
    // drop the dirty pages), so callers must treat the file as broken.
    virtual Status sync() = 0;
    // The durable half of sync() alone, for a thread other than the writer's:
    // fdatasync of what earlier flush() calls handed to the OS, where
    // `flushedBytes` is size() as the writer saw it after that flush. May
    // run while the writer appends and flushes more (never during close() or
    // destruction). On ok the first `flushedBytes` bytes are durable, and
    // maybe more. A failure is like sync()'s: the file is broken.
    virtual Status syncFlushed(uint64_t flushedBytes) = 0;
    // Makes the on-disk file at least `bytes` long, the new part zero-filled,
    // without moving the logical end. Used to grow log segments in chunks.
    virtual Status preallocate(uint64_t bytes) = 0;
    virtual Status close() = 0;
    // Bytes appended so far (the logical end).
    virtual uint64_t size() const = 0;
};

class SequentialFile {
public:
    virtual ~SequentialFile() = default;
    // Reads up to n bytes into *out (replacing its content); fewer only at end of file.
    virtual Status read(size_t n, std::string* out) = 0;
    virtual Status skip(uint64_t n) = 0;
};

class RandomAccessFile {
public:
    virtual ~RandomAccessFile() = default;
    // Reads up to n bytes at `offset`; fewer only at end of file.
    virtual Status read(uint64_t offset, size_t n, std::string* out) const = 0;
};

// An exclusive advisory lock on a file (flock); released when destroyed.
class FileLock {
public:
    virtual ~FileLock() = default;
};

class Env {
public:
    virtual ~Env() = default;
    // Wall-clock milliseconds since the epoch: znode ctime/mtime.
    virtual int64_t wallMs() = 0;
    // Monotonic milliseconds: session expiry, latencies.
    virtual int64_t monotonicMs() = 0;

    // File operations. The defaults use the real POSIX file system, so an Env
    // that only fakes the clock still has a disk; wrappers override all of them.

    // Creates or truncates `path`.
    virtual Status newWritableFile(const std::string& path, std::unique_ptr<WritableFile>* out);
    virtual Status newSequentialFile(const std::string& path, std::unique_ptr<SequentialFile>* out);
    virtual Status newRandomAccessFile(const std::string& path, std::unique_ptr<RandomAccessFile>* out);
    virtual bool fileExists(const std::string& path);
    // Names (not paths) of the entries of `dir`, without "." and "..", unsorted.
    virtual Status listDir(const std::string& dir, std::vector<std::string>* names);
    virtual Status fileSize(const std::string& path, uint64_t* size);
    // Atomic replacement of `to` (rename(2)); durable only after syncDir().
    virtual Status renameFile(const std::string& from, const std::string& to);
    virtual Status removeFile(const std::string& path);
    // mkdir -p.
    virtual Status createDirs(const std::string& dir);
    // Sets the size (cutting or zero-extending) and fsyncs: durable on return.
    virtual Status truncateFile(const std::string& path, uint64_t size);
    // fsync of an existing file: makes whatever it holds durable (recovery
    // uses it on data that a crashed process left in the page cache).
    virtual Status syncFile(const std::string& path);
    // fsync of a directory: makes creations, renames and removals in it durable.
    virtual Status syncDir(const std::string& dir);
    // Non-blocking: fails when another process (or another lock in this one) holds it.
    virtual Status lockFile(const std::string& path, std::unique_ptr<FileLock>* out);

    // Whether slow background work may run on a thread of its own (the
    // snapshot writer's file I/O). The real Env allows it; a simulated one
    // does not, so that a run replays exactly: the work then runs on the
    // caller's thread, inside the calls that produce it.
    virtual bool backgroundThreads() const { return true; }

    // Convenience built on the above.
    Status readFileToString(const std::string& path, std::string* out);

    // The process-wide real Env. Never null.
    static std::shared_ptr<Env> system();
};

}  // namespace zooscope
