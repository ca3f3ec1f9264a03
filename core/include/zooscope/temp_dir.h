// zooscope/temp_dir.h — a fresh private directory for a local server's files
// (the ensemble launcher's node dirs, the test harness's data dirs).
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

}  // namespace zooscope
