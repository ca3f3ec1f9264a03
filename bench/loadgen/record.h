// The acknowledged-write record: one line per write the server acknowledged,
//   <version> <mzxid> <fnv1a64 hex> <path>\n
// (version and mzxid from the reply's Stat). Appending several runs to one
// file is fine: the checker keeps, per path, the write with the highest
// version (then mzxid).
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace zooscope::bench {

// Thread-safe appender. Lines are buffered; flush() (called about once a
// second by the runner and at the end) pushes them to the file. A line is
// written only after its write was acknowledged, so a record can miss
// acknowledged writes (if the loadgen dies) but never lists unacknowledged
// ones: the checker can give false negatives, never false alarms.
class RecordWriter {
public:
    ~RecordWriter();
    bool open(const std::string& path, std::string* error);
    void append(const char* path, int32_t version, int64_t mzxid, uint64_t hash);
    void flush();
    uint64_t lines() const;

private:
    mutable std::mutex mu_;
    std::FILE* file_ = nullptr;  // guarded by mu_
    uint64_t lines_ = 0;         // guarded by mu_
};

struct RecordedWrite {
    int32_t version = -1;
    int64_t mzxid = -1;
    uint64_t hash = 0;
};

// Path -> latest acknowledged write. nullopt + message (with the line
// number) on an unreadable file or a malformed line.
std::optional<std::map<std::string, RecordedWrite>> readRecord(const std::string& file, uint64_t* lines,
                                                               std::string* error);

}  // namespace zooscope::bench
