#include "admin/json.h"

#include <charconv>
#include <cstdio>

namespace zooscope::admin::json {

Value Value::boolean(bool b) {
    Value v;
    v.type_ = Type::Bool;
    v.bool_ = b;
    return v;
}

Value Value::number(int64_t n) {
    Value v;
    v.type_ = Type::Number;
    v.text_ = std::to_string(n);
    return v;
}

Value Value::numberText(std::string text) {
    Value v;
    v.type_ = Type::Number;
    v.text_ = std::move(text);
    return v;
}

Value Value::string(std::string s) {
    Value v;
    v.type_ = Type::String;
    v.text_ = std::move(s);
    return v;
}

Value Value::array() {
    Value v;
    v.type_ = Type::Array;
    return v;
}

Value Value::object() {
    Value v;
    v.type_ = Type::Object;
    return v;
}

std::optional<int64_t> Value::asInt64() const {
    if (type_ != Type::Number) return std::nullopt;
    int64_t out = 0;
    const char* b = text_.data();
    const char* e = b + text_.size();
    auto [p, ec] = std::from_chars(b, e, out);
    if (ec != std::errc() || p != e) return std::nullopt;  // fraction, exponent or overflow
    return out;
}

const Value* Value::find(std::string_view key) const {
    for (const auto& [k, v] : members_)
        if (k == key) return &v;
    return nullptr;
}

Value& Value::set(std::string key, Value v) {
    members_.emplace_back(std::move(key), std::move(v));
    return members_.back().second;
}

// ---------------------------------------------------------------- UTF-8

namespace {

// Decodes one code point at s[i]; returns its length or 0 when malformed.
size_t utf8Sequence(std::string_view s, size_t i, uint32_t* cp) {
    const auto c0 = static_cast<unsigned char>(s[i]);
    if (c0 < 0x80) {
        *cp = c0;
        return 1;
    }
    size_t len = 0;
    uint32_t v = 0;
    uint32_t min = 0;
    if ((c0 & 0xE0) == 0xC0) {
        len = 2, v = c0 & 0x1F, min = 0x80;
    } else if ((c0 & 0xF0) == 0xE0) {
        len = 3, v = c0 & 0x0F, min = 0x800;
    } else if ((c0 & 0xF8) == 0xF0) {
        len = 4, v = c0 & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    for (size_t k = 1; k < len; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) return 0;
        v = (v << 6) | (c & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace

bool isValidUtf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        uint32_t cp = 0;
        const size_t n = utf8Sequence(s, i, &cp);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

// ---------------------------------------------------------------- base64

namespace {
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int b64Index(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}
}  // namespace

std::string base64Encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const uint32_t v = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8) |
                           uint32_t(uint8_t(bytes[i + 2]));
        out += kB64[(v >> 18) & 63];
        out += kB64[(v >> 12) & 63];
        out += kB64[(v >> 6) & 63];
        out += kB64[v & 63];
    }
    const size_t rest = bytes.size() - i;
    if (rest == 1) {
        const uint32_t v = uint32_t(uint8_t(bytes[i])) << 16;
        out += kB64[(v >> 18) & 63];
        out += kB64[(v >> 12) & 63];
        out += "==";
    } else if (rest == 2) {
        const uint32_t v = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8);
        out += kB64[(v >> 18) & 63];
        out += kB64[(v >> 12) & 63];
        out += kB64[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

std::optional<std::string> base64Decode(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (size_t i = 0; i < text.size(); i += 4) {
        const bool last = i + 4 == text.size();
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = text[i + k];
            if (c == '=') {
                // Padding only at the end of the last quantum, never in the first two places.
                if (!last || k < 2) return std::nullopt;
                ++pad;
                v[k] = 0;
                continue;
            }
            if (pad > 0) return std::nullopt;  // data after padding
            v[k] = b64Index(c);
            if (v[k] < 0) return std::nullopt;
        }
        const uint32_t w = (uint32_t(v[0]) << 18) | (uint32_t(v[1]) << 12) | (uint32_t(v[2]) << 6) | uint32_t(v[3]);
        out += static_cast<char>((w >> 16) & 0xFF);
        if (pad < 2) out += static_cast<char>((w >> 8) & 0xFF);
        if (pad < 1) out += static_cast<char>(w & 0xFF);
        // Canonical form: the bits dropped by padding must be zero.
        if ((pad == 1 && (v[2] & 3) != 0) || (pad == 2 && (v[1] & 15) != 0)) return std::nullopt;
    }
    return out;
}

// ---------------------------------------------------------------- parser

namespace {

class Parser {
public:
    Parser(std::string_view text, ParseError* error) : s_(text), error_(error) {}

    std::optional<Value> run() {
        skipWs();
        auto v = value(0);
        if (!v) return std::nullopt;
        skipWs();
        if (pos_ != s_.size()) return fail("unexpected text after the JSON value");
        return v;
    }

private:
    std::nullopt_t fail(std::string message) {
        if (error_) {
            int line = 1, col = 1;
            for (size_t i = 0; i < pos_ && i < s_.size(); ++i) {
                if (s_[i] == '\n') ++line, col = 1;
                else if ((static_cast<unsigned char>(s_[i]) & 0xC0) != 0x80) ++col;
            }
            error_->line = line;
            error_->column = col;
            error_->message = std::move(message);
        }
        return std::nullopt;
    }

    void skipWs() {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
            ++pos_;
    }

    bool literal(std::string_view word) {
        if (s_.substr(pos_, word.size()) != word) return false;
        pos_ += word.size();
        return true;
    }

    std::optional<Value> value(int depth) {
        if (depth > kMaxDepth) return fail("JSON nested too deeply");
        if (pos_ >= s_.size()) return fail("unexpected end of input, a value was expected");
        const char c = s_[pos_];
        if (c == '{') return object(depth);
        if (c == '[') return array(depth);
        if (c == '"') {
            auto str = string();
            if (!str) return std::nullopt;
            return Value::string(std::move(*str));
        }
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        if (literal("true")) return Value::boolean(true);
        if (literal("false")) return Value::boolean(false);
        if (literal("null")) return Value::null();
        return fail(std::string("unexpected character '") + c + "', a value was expected");
    }

    std::optional<Value> number() {
        const size_t start = pos_;
        if (s_[pos_] == '-') ++pos_;
        auto digits = [&] {
            const size_t b = pos_;
            while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
            return pos_ - b;
        };
        if (pos_ < s_.size() && s_[pos_] == '0') {
            ++pos_;
        } else if (digits() == 0) {
            return fail("malformed number");
        }
        if (pos_ < s_.size() && s_[pos_] == '.') {
            ++pos_;
            if (digits() == 0) return fail("malformed number: digits expected after '.'");
        }
        if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
            ++pos_;
            if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
            if (digits() == 0) return fail("malformed number: digits expected in the exponent");
        }
        return Value::numberText(std::string(s_.substr(start, pos_ - start)));
    }

    bool hex4(uint32_t* out) {
        if (pos_ + 4 > s_.size()) return false;
        uint32_t v = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = s_[pos_ + k];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= uint32_t(c - '0');
            else if (c >= 'a' && c <= 'f') v |= uint32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= uint32_t(c - 'A' + 10);
            else return false;
        }
        pos_ += 4;
        *out = v;
        return true;
    }

    std::optional<std::string> string() {
        ++pos_;  // opening quote
        std::string out;
        while (true) {
            if (pos_ >= s_.size()) {
                fail("unterminated string");
                return std::nullopt;
            }
            const char c = s_[pos_];
            if (c == '"') {
                ++pos_;
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                fail("control character inside a string (escape it)");
                return std::nullopt;
            }
            if (c == '\\') {
                ++pos_;
                if (pos_ >= s_.size()) {
                    fail("unterminated string");
                    return std::nullopt;
                }
                const char e = s_[pos_++];
                switch (e) {
                    case '"': out += '"'; break;
                    case '\\': out += '\\'; break;
                    case '/': out += '/'; break;
                    case 'b': out += '\b'; break;
                    case 'f': out += '\f'; break;
                    case 'n': out += '\n'; break;
                    case 'r': out += '\r'; break;
                    case 't': out += '\t'; break;
                    case 'u': {
                        uint32_t cp = 0;
                        if (!hex4(&cp)) {
                            fail("bad \\u escape: four hex digits expected");
                            return std::nullopt;
                        }
                        if (cp >= 0xD800 && cp <= 0xDBFF) {
                            uint32_t lo = 0;
                            if (!(literal("\\u") && hex4(&lo) && lo >= 0xDC00 && lo <= 0xDFFF)) {
                                fail("unpaired UTF-16 surrogate in a \\u escape");
                                return std::nullopt;
                            }
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                            fail("unpaired UTF-16 surrogate in a \\u escape");
                            return std::nullopt;
                        }
                        appendUtf8(out, cp);
                        break;
                    }
                    default:
                        --pos_;
                        fail(std::string("unknown escape '\\") + e + "'");
                        return std::nullopt;
                }
                continue;
            }
            uint32_t cp = 0;
            const size_t n = utf8Sequence(s_, pos_, &cp);
            if (n == 0) {
                fail("invalid UTF-8 in a string");
                return std::nullopt;
            }
            out.append(s_.substr(pos_, n));
            pos_ += n;
        }
    }

    std::optional<Value> array(int depth) {
        ++pos_;
        Value arr = Value::array();
        skipWs();
        if (pos_ < s_.size() && s_[pos_] == ']') {
            ++pos_;
            return arr;
        }
        while (true) {
            skipWs();
            auto v = value(depth + 1);
            if (!v) return std::nullopt;
            arr.push(std::move(*v));
            skipWs();
            if (pos_ < s_.size() && s_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (pos_ < s_.size() && s_[pos_] == ']') {
                ++pos_;
                return arr;
            }
            return fail("',' or ']' expected in an array");
        }
    }

    std::optional<Value> object(int depth) {
        ++pos_;
        Value obj = Value::object();
        skipWs();
        if (pos_ < s_.size() && s_[pos_] == '}') {
            ++pos_;
            return obj;
        }
        while (true) {
            skipWs();
            if (pos_ >= s_.size() || s_[pos_] != '"') return fail("a quoted key expected in an object");
            const size_t keyPos = pos_;
            auto key = string();
            if (!key) return std::nullopt;
            if (obj.find(*key)) {
                pos_ = keyPos;
                return fail("duplicate key \"" + *key + "\"");
            }
            skipWs();
            if (pos_ >= s_.size() || s_[pos_] != ':') return fail("':' expected after a key");
            ++pos_;
            skipWs();
            auto v = value(depth + 1);
            if (!v) return std::nullopt;
            obj.set(std::move(*key), std::move(*v));
            skipWs();
            if (pos_ < s_.size() && s_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (pos_ < s_.size() && s_[pos_] == '}') {
                ++pos_;
                return obj;
            }
            return fail("',' or '}' expected in an object");
        }
    }

    std::string_view s_;
    ParseError* error_;
    size_t pos_ = 0;
};

void writeString(std::string& out, const std::string& s) {
    out += '"';
    for (const char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

void writeValue(std::string& out, const Value& v, int indent, int level) {
    auto newline = [&](int lvl) {
        if (indent <= 0) return;
        out += '\n';
        out.append(size_t(indent) * size_t(lvl), ' ');
    };
    switch (v.type()) {
        case Value::Type::Null: out += "null"; break;
        case Value::Type::Bool: out += v.asBool() ? "true" : "false"; break;
        case Value::Type::Number: out += v.asString(); break;
        case Value::Type::String: writeString(out, v.asString()); break;
        case Value::Type::Array: {
            if (v.items().empty()) {
                out += "[]";
                break;
            }
            out += '[';
            bool first = true;
            for (const auto& item : v.items()) {
                if (!first) out += ',';
                first = false;
                newline(level + 1);
                writeValue(out, item, indent, level + 1);
            }
            newline(level);
            out += ']';
            break;
        }
        case Value::Type::Object: {
            if (v.members().empty()) {
                out += "{}";
                break;
            }
            out += '{';
            bool first = true;
            for (const auto& [k, item] : v.members()) {
                if (!first) out += ',';
                first = false;
                newline(level + 1);
                writeString(out, k);
                out += indent > 0 ? ": " : ":";
                writeValue(out, item, indent, level + 1);
            }
            newline(level);
            out += '}';
            break;
        }
    }
}

}  // namespace

std::optional<Value> parse(std::string_view text, ParseError* error) { return Parser(text, error).run(); }

std::string write(const Value& v, int indent) {
    std::string out;
    writeValue(out, v, indent, 0);
    return out;
}

}  // namespace zooscope::admin::json
