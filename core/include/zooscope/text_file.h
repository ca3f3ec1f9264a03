// zooscope/text_file.h — two small readers of a child process's log file,
// shared by the ensemble launcher (core/ensemble/) and the test harness
// (tests/support/), which both quote a server's log when it fails to start.
//
// They read the real file system directly (not through Env: the files belong
// to other processes, not to the engine's storage). Thread-safe; nothing throws
// for runtime conditions: a missing or unreadable file reads as empty.
#pragma once

#include <string>
#include <string_view>

namespace zooscope {

// The last `lines` lines of the file at `path`, each ending in '\n';
// "" when the file cannot be opened or `lines` <= 0.
std::string readTail(const std::string& path, int lines);

// True when the file at `path` contains `needle`; false when it cannot be opened.
bool fileContains(const std::string& path, std::string_view needle);

}  // namespace zooscope
