// Reader for java.util.Properties text, the syntax of zoo.cfg.
//
// Contract: pure function, no I/O, thread-safe. Follows Properties.load():
// comment lines start with '#' or '!', a key ends at the first unescaped '=',
// ':' or whitespace, a natural line ending in an odd number of backslashes
// continues on the next one (whose leading whitespace is dropped), and the
// escapes \t \n \r \f \uXXXX and \<any> are decoded in keys and values.
// Deviations, on purpose: bytes are taken as UTF-8 (Java reads ISO-8859-1,
// which mangles non-ASCII paths), a leading UTF-8 BOM is skipped, and keys
// and values come back trimmed as ZooKeeper trims them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zooscope::config {

struct Property {
    std::string key;
    std::string value;
    int line = 0;  // 1-based number of the natural line the entry starts on
};

// Returns every entry in file order (duplicates included; the caller decides
// that the last one wins). Returns false and sets *error (when non-null) only
// for a malformed \uXXXX escape, which Java also rejects.
bool readJavaProperties(std::string_view text, std::vector<Property>* out, std::string* error);

}  // namespace zooscope::config
