// Implementation of zooscope/temp_dir.h.
#include "zooscope/temp_dir.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace zooscope {

std::string makeTempDir(std::string_view prefix, std::string* error) {
    const char* base = std::getenv("TMPDIR");
    const std::string tmpl = std::string(base && *base ? base : "/tmp") + "/" + std::string(prefix) + "-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) {
        if (error) *error = "cannot create a temp dir " + tmpl + ": " + std::strerror(errno);
        return {};
    }
    return buf.data();
}

}  // namespace zooscope
