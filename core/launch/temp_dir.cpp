// Implementation of zooscope/temp_dir.h.
#include "zooscope/temp_dir.h"

#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace zooscope {

namespace {

constexpr const char* kOwnerFile = "/.zooscope-owner";

std::string tempBase() {
    const char* base = std::getenv("TMPDIR");
    return base && *base ? base : "/tmp";
}

// "<pid> <start time in clock ticks since boot>" of a process; "" when it
// does not run. The start time tells a reused pid from the owner.
std::string processIdentity(long pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(in, line)) return {};
    const auto close = line.rfind(')');
    if (close == std::string::npos) return {};
    std::istringstream fields(line.substr(close + 2));
    std::string field, state;
    fields >> state;
    if (state == "Z" || state == "X") return {};
    // Fields after the name start at 3 (state); starttime is field 22.
    for (int i = 4; i <= 22 && fields >> field; ++i) {
    }
    return std::to_string(pid) + " " + field;
}

}  // namespace

std::string makeTempDir(std::string_view prefix, std::string* error) {
    const std::string tmpl = tempBase() + "/" + std::string(prefix) + "-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) {
        if (error) *error = "cannot create a temp dir " + tmpl + ": " + std::strerror(errno);
        return {};
    }
    return buf.data();
}

std::string makeOwnedTempDir(std::string_view prefix, std::string* error) {
    std::string dir = makeTempDir(prefix, error);
    if (dir.empty()) return dir;
    std::ofstream(dir + kOwnerFile) << processIdentity(::getpid()) << '\n';
    return dir;
}

void disownTempDir(const std::string& dir) {
    std::error_code ec;
    std::filesystem::remove(dir + kOwnerFile, ec);
}

int removeOrphanedTempDirs(std::string_view prefix) {
    namespace fs = std::filesystem;
    const std::string start = std::string(prefix) + "-";
    int removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(tempBase(), ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind(start, 0) != 0 || name.size() != start.size() + 6) continue;  // mkdtemp's XXXXXX
        std::ifstream in(it->path().string() + kOwnerFile);
        long pid = 0;
        std::string started;
        if (!(in >> pid >> started) || pid <= 0) continue;  // unmarked or unreadable: not ours to judge
        if (processIdentity(pid) == std::to_string(pid) + " " + started) continue;  // the owner runs
        std::error_code rm;
        if (fs::remove_all(it->path(), rm) > 0 && !rm) ++removed;
    }
    return removed;
}

}  // namespace zooscope
