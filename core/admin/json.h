// A small JSON value, parser and writer for the export format (core/ is
// Qt-free and Debian ships no C++ JSON headers we may use here).
//
// Contract: RFC 8259 JSON. Strings are UTF-8 in memory; the parser rejects
// invalid UTF-8, unpaired surrogates, control characters in strings, trailing
// garbage, nesting deeper than kMaxDepth and duplicate object keys (a
// duplicate key in an import file is a mistake we should name, not silently
// resolve). Numbers keep their text so int64 values (zxids, ephemeral owners)
// survive exactly. Errors carry line:column (1-based). Pure; no state.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zooscope::admin::json {

inline constexpr int kMaxDepth = 64;

class Value {
public:
    enum class Type { Null, Bool, Number, String, Array, Object };

    Value() = default;
    static Value null() { return Value(); }
    static Value boolean(bool b);
    static Value number(int64_t n);
    static Value numberText(std::string text);  // already valid JSON number text
    static Value string(std::string s);
    static Value array();
    static Value object();

    Type type() const { return type_; }
    bool isNull() const { return type_ == Type::Null; }
    bool isBool() const { return type_ == Type::Bool; }
    bool isNumber() const { return type_ == Type::Number; }
    bool isString() const { return type_ == Type::String; }
    bool isArray() const { return type_ == Type::Array; }
    bool isObject() const { return type_ == Type::Object; }

    bool asBool() const { return bool_; }
    const std::string& asString() const { return text_; }  // String; Number: its text
    // The number as an integer when it is one and fits in int64.
    std::optional<int64_t> asInt64() const;

    // Array
    const std::vector<Value>& items() const { return items_; }
    void push(Value v) { items_.push_back(std::move(v)); }
    // Object: keys in insertion order (the writer keeps that order).
    const std::vector<std::pair<std::string, Value>>& members() const { return members_; }
    const Value* find(std::string_view key) const;
    Value& set(std::string key, Value v);  // appends; callers do not repeat keys

private:
    Type type_ = Type::Null;
    bool bool_ = false;
    std::string text_;
    std::vector<Value> items_;
    std::vector<std::pair<std::string, Value>> members_;
};

struct ParseError {
    int line = 0;
    int column = 0;
    std::string message;  // English sentence
};

// nullopt + *error when `text` is not one valid JSON value (whitespace around
// it is allowed).
std::optional<Value> parse(std::string_view text, ParseError* error);

// Compact when indent is 0, else pretty with that many spaces per level.
// Strings are written as UTF-8 with only the escapes JSON requires.
std::string write(const Value& v, int indent = 0);

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool isValidUtf8(std::string_view s);

// RFC 4648 base64 with padding. decode: nullopt on any character outside the
// alphabet, bad padding or bad length.
std::string base64Encode(std::string_view bytes);
std::optional<std::string> base64Decode(std::string_view text);

}  // namespace zooscope::admin::json
