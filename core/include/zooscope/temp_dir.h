// zooscope/temp_dir.h — a fresh private directory for a local server's files
// (the ensemble launcher's node dirs, the test harness's data dirs).
//
// An owner killed -9 cannot remove its temp dir; makeOwnedTempDir() marks the
// dir with its owner (pid and start time, in <dir>/.zooscope-owner) so that
// the next owner's removeOrphanedTempDirs() removes it once that process is
// gone. Linux (/proc).
//
// Thread-safe; nothing throws. The caller owns the directory and removes it.
#pragma once

#include <string>
#include <string_view>

namespace zooscope {

// Creates <$TMPDIR, or /tmp when unset or empty>/<prefix>-XXXXXX (mode 0700,
// a unique name) and returns its path; "" on failure, with *error (which may
// be null) saying why.
std::string makeTempDir(std::string_view prefix, std::string* error = nullptr);

// makeTempDir(), and the dir marked as this process's.
std::string makeOwnedTempDir(std::string_view prefix, std::string* error = nullptr);
// Removes the mark: the dir is kept, no sweep removes it.
void disownTempDir(const std::string& dir);
// Removes every <$TMPDIR or /tmp>/<prefix>-* dir whose mark names a process
// that no longer runs (a pid that is gone, or reused by a process started
// at another time). Unmarked dirs are left alone. Returns how many it removed.
int removeOrphanedTempDirs(std::string_view prefix);

}  // namespace zooscope
