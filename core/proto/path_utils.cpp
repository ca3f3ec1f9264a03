// Pure functions; see path_utils.h for the contract.
#include "proto/path_utils.h"

#include <vector>

namespace zooscope::proto {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes UTF-8 as the JDK does: well-formed sequences to their code point,
// each maximal malformed subsequence (Unicode 3.9, table 3-7) to U+FFFD,
// except that an encoded surrogate (ED A0..BF xx) is one U+FFFD as a whole.
std::vector<char32_t> decodeUtf8(std::string_view in) {
    std::vector<char32_t> out;
    out.reserve(in.size());
    size_t i = 0;
    const size_t n = in.size();
    auto at = [&](size_t k) { return static_cast<unsigned char>(in[k]); };
    while (i < n) {
        const unsigned char b0 = at(i);
        if (b0 < 0x80) {
            out.push_back(b0);
            ++i;
            continue;
        }
        size_t need = 0;  // continuation bytes after the lead
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the first continuation
        char32_t cp = 0;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            need = 1;
            cp = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            need = 2;
            cp = b0 & 0x0F;
            if (b0 == 0xE0) lo = 0xA0;  // no overlongs
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            need = 3;
            cp = b0 & 0x07;
            if (b0 == 0xF0) lo = 0x90;  // no overlongs
            if (b0 == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
        } else {
            out.push_back(kReplacement);  // stray continuation, C0/C1, F5..FF
            ++i;
            continue;
        }
        size_t k = 1;
        for (; k <= need; ++k) {
            if (i + k >= n) break;
            const unsigned char b = at(i + k);
            const unsigned char l = (k == 1) ? lo : 0x80;
            const unsigned char h = (k == 1) ? hi : 0xBF;
            if (b < l || b > h) break;
            cp = (cp << 6) | (b & 0x3F);
        }
        if (k <= need) {
            out.push_back(kReplacement);  // the maximal subpart [i, i + k)
            i += k;
        } else {
            const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
            out.push_back(surrogate ? kReplacement : cp);
            i += need + 1;
        }
    }
    return out;
}

void appendUtf8(std::string& s, char32_t cp) {
    if (cp < 0x80) {
        s.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        s.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        s.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string encodeUtf8(const std::vector<char32_t>& cps) {
    std::string s;
    s.reserve(cps.size());
    for (char32_t cp : cps) appendUtf8(s, cp);
    return s;
}

// Java's view of the string: UTF-16 code units.
std::vector<char16_t> toUtf16(const std::vector<char32_t>& cps) {
    std::vector<char16_t> u;
    u.reserve(cps.size());
    for (char32_t cp : cps) {
        if (cp >= 0x10000) {
            const char32_t v = cp - 0x10000;
            u.push_back(static_cast<char16_t>(0xD800 + (v >> 10)));
            u.push_back(static_cast<char16_t>(0xDC00 + (v & 0x3FF)));
        } else {
            u.push_back(static_cast<char16_t>(cp));
        }
    }
    return u;
}

bool isInvalidChar(char16_t c) {
    return (c > 0x0000 && c <= 0x001F) || (c >= 0x007F && c <= 0x009F) || (c >= 0xD800 && c <= 0xF8FF) ||
           (c >= 0xFFF0);
}

// The reason PathUtils gives for the first bad character, or empty. `u` is at
// least two units long, starts with '/' and does not end with '/'.
std::string firstBadChar(const std::vector<char16_t>& u) {
    const size_t n = u.size();
    auto endsComponent = [&](size_t k) { return k + 1 == n || u[k + 1] == u'/'; };
    for (size_t i = 1; i < n; ++i) {
        const char16_t c = u[i];
        const char16_t prev = u[i - 1];
        if (c == 0) return "null character not allowed @" + std::to_string(i);
        if (c == u'/' && prev == u'/') return "empty node name specified @" + std::to_string(i);
        if (c == u'.') {
            // "." or ".." as a whole component.
            const bool dotOnly = prev == u'/';
            const bool dotDot = prev == u'.' && i >= 2 && u[i - 2] == u'/';
            if ((dotOnly || dotDot) && endsComponent(i)) return "relative paths not allowed @" + std::to_string(i);
            continue;
        }
        if (isInvalidChar(c)) return "invalid character @" + std::to_string(i);
    }
    return {};
}

}  // namespace

std::optional<std::string> validatePath(std::string_view pathIn, bool isSequential) {
    std::string withSeq;
    std::string_view path = pathIn;
    if (isSequential) {
        withSeq.reserve(pathIn.size() + 1);
        withSeq.append(pathIn).push_back('1');
        path = withSeq;
    }
    if (path.empty()) return std::string("Path length must be > 0");
    const std::vector<char32_t> cps = decodeUtf8(path);
    const std::vector<char16_t> u = toUtf16(cps);
    if (u.front() != u'/') return std::string("Path must start with / character");
    if (u.size() == 1) return std::nullopt;
    if (u.back() == u'/') return std::string("Path must not end with / character");
    std::string reason = firstBadChar(u);
    if (reason.empty()) return std::nullopt;
    return "Invalid path string \"" + encodeUtf8(cps) + "\" caused by " + reason;
}

std::string_view nameOf(std::string_view path) {
    const size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string childOf(std::string_view parent, std::string_view name) {
    std::string path(parent);
    if (parent != "/") path += '/';
    path += name;
    return path;
}

bool isUnder(std::string_view path, std::string_view prefix) {
    if (prefix.empty()) return false;
    if (prefix == "/") return !path.empty() && path.front() == '/';
    if (path.size() < prefix.size() || path.substr(0, prefix.size()) != prefix) return false;
    return path.size() == prefix.size() || path[prefix.size()] == '/';
}

std::string javaUtf8RoundTrip(std::string_view bytes) { return encodeUtf8(decodeUtf8(bytes)); }

}  // namespace zooscope::proto
