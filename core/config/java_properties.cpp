#include "config/java_properties.h"

#include <cstdint>

namespace zooscope::config {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\f'; }

// String.trim(): drops every char <= U+0020 at both ends.
std::string trimmed(const std::string& s) {
    size_t b = 0;
    size_t e = s.size();
    while (b < e && static_cast<unsigned char>(s[b]) <= 0x20) ++b;
    while (e > b && static_cast<unsigned char>(s[e - 1]) <= 0x20) --e;
    return s.substr(b, e - b);
}

void appendUtf8(std::string* out, uint32_t cp) {
    if (cp < 0x80) {
        out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

bool hex4(std::string_view s, size_t at, uint32_t* v) {
    if (at + 4 > s.size()) return false;
    uint32_t r = 0;
    for (size_t i = at; i < at + 4; ++i) {
        const char c = s[i];
        r <<= 4;
        if (c >= '0' && c <= '9') r |= static_cast<uint32_t>(c - '0');
        else if (c >= 'a' && c <= 'f') r |= static_cast<uint32_t>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') r |= static_cast<uint32_t>(c - 'A' + 10);
        else return false;
    }
    *v = r;
    return true;
}

bool unescape(std::string_view s, std::string* out) {
    out->clear();
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\') {
            out->push_back(s[i]);
            continue;
        }
        if (i + 1 == s.size()) break;  // a lone trailing backslash is dropped, as in Java
        const char c = s[++i];
        switch (c) {
        case 't': out->push_back('\t'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 'f': out->push_back('\f'); break;
        case 'u': {
            uint32_t cp = 0;
            if (!hex4(s, i + 1, &cp)) return false;
            i += 4;
            // Java strings are UTF-16: join a surrogate pair written as two escapes.
            uint32_t low = 0;
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 2 < s.size() && s[i + 1] == '\\' &&
                s[i + 2] == 'u' && hex4(s, i + 3, &low) && low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 6;
            } else if (cp >= 0xD800 && cp <= 0xDFFF) {
                cp = 0xFFFD;  // unpaired surrogate has no UTF-8 form
            }
            appendUtf8(out, cp);
            break;
        }
        default: out->push_back(c); break;
        }
    }
    return true;
}

}  // namespace

bool readJavaProperties(std::string_view text, std::vector<Property>* out, std::string* error) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

    std::string logical;
    int logicalStart = 0;
    bool continuing = false;
    int lineNo = 0;
    size_t pos = 0;

    auto finishLogical = [&]() -> bool {
        // Split the key from the value, as Properties.load0() does.
        size_t keyLen = 0;
        size_t valueStart = logical.size();
        bool hasSep = false;
        bool precedingBackslash = false;
        for (; keyLen < logical.size(); ++keyLen) {
            const char c = logical[keyLen];
            if ((c == '=' || c == ':') && !precedingBackslash) {
                valueStart = keyLen + 1;
                hasSep = true;
                break;
            }
            if (isSpace(c) && !precedingBackslash) {
                valueStart = keyLen + 1;
                break;
            }
            precedingBackslash = (c == '\\') ? !precedingBackslash : false;
        }
        while (valueStart < logical.size()) {
            const char c = logical[valueStart];
            if (!isSpace(c)) {
                if (!hasSep && (c == '=' || c == ':')) hasSep = true;
                else break;
            }
            ++valueStart;
        }
        Property p;
        p.line = logicalStart;
        std::string key;
        std::string value;
        const bool keyOk = unescape(std::string_view(logical).substr(0, keyLen), &key);
        if (!keyOk || !unescape(std::string_view(logical).substr(valueStart), &value)) {
            if (error) {
                *error = "line " + std::to_string(logicalStart) + ": " + (keyOk ? trimmed(key) + ": " : "") +
                         "malformed \\uXXXX escape";
            }
            return false;
        }
        p.key = trimmed(key);
        p.value = trimmed(value);
        out->push_back(std::move(p));
        logical.clear();
        return true;
    };

    while (pos < text.size()) {
        // One natural line; terminators are \n, \r and \r\n.
        size_t end = pos;
        while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
        std::string_view line = text.substr(pos, end - pos);
        if (end < text.size() && text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ++end;
        pos = end + 1;
        ++lineNo;

        size_t b = 0;
        while (b < line.size() && isSpace(line[b])) ++b;
        line.remove_prefix(b);
        if (!continuing) {
            // Comment lines are recognised only at the start of a logical line,
            // and they never continue.
            if (line.empty() || line[0] == '#' || line[0] == '!') continue;
            logicalStart = lineNo;
        }
        size_t backslashes = 0;
        while (backslashes < line.size() && line[line.size() - 1 - backslashes] == '\\') ++backslashes;
        if (backslashes % 2 == 1) {
            logical.append(line.substr(0, line.size() - 1));
            continuing = true;
            continue;
        }
        logical.append(line);
        continuing = false;
        if (!finishLogical()) return false;
    }
    if (continuing && !finishLogical()) return false;
    return true;
}

}  // namespace zooscope::config
