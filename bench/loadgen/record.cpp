#include "record.h"

#include <cerrno>
#include <cinttypes>
#include <cstring>
#include <fstream>

namespace zooscope::bench {

RecordWriter::~RecordWriter() {
    std::lock_guard<std::mutex> lock(mu_);
    if (file_) std::fclose(file_);
}

bool RecordWriter::open(const std::string& path, std::string* error) {
    std::lock_guard<std::mutex> lock(mu_);
    file_ = std::fopen(path.c_str(), "a");
    if (!file_) {
        *error = "cannot open record file " + path + ": " + std::strerror(errno);
        return false;
    }
    return true;
}

void RecordWriter::append(const char* path, int32_t version, int64_t mzxid, uint64_t hash) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!file_) return;
    std::fprintf(file_, "%" PRId32 " %" PRId64 " %016" PRIx64 " %s\n", version, mzxid, hash, path);
    ++lines_;
}

void RecordWriter::flush() {
    std::lock_guard<std::mutex> lock(mu_);
    if (file_) std::fflush(file_);
}

uint64_t RecordWriter::lines() const {
    std::lock_guard<std::mutex> lock(mu_);
    return lines_;
}

std::optional<std::map<std::string, RecordedWrite>> readRecord(const std::string& file, uint64_t* lines,
                                                               std::string* error) {
    std::ifstream in(file);
    if (!in) {
        *error = "cannot read record file " + file + ": " + std::strerror(errno);
        return std::nullopt;
    }
    std::map<std::string, RecordedWrite> latest;
    std::string line;
    uint64_t n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.empty()) continue;
        RecordedWrite w;
        int consumed = 0;
        if (std::sscanf(line.c_str(), "%" SCNd32 " %" SCNd64 " %" SCNx64 " %n", &w.version, &w.mzxid, &w.hash,
                        &consumed) != 3 ||
            consumed <= 0 || static_cast<size_t>(consumed) >= line.size() || line[static_cast<size_t>(consumed)] != '/') {
            *error = file + ":" + std::to_string(n) + ": malformed record line '" + line.substr(0, 200) +
                     "' (want: <version> <mzxid> <hash hex> <path>)";
            return std::nullopt;
        }
        const std::string path = line.substr(static_cast<size_t>(consumed));
        auto [it, inserted] = latest.try_emplace(path, w);
        if (!inserted && (w.version > it->second.version ||
                          (w.version == it->second.version && w.mzxid > it->second.mzxid)))
            it->second = w;
    }
    *lines = n;
    return latest;
}

}  // namespace zooscope::bench
