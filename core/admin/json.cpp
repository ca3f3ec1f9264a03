#include "admin/json.h"

#include <iterator>
#include <string>
#include <utility>
#include <vector>

namespace zooscope::admin::json {

namespace {

// A byte iterator that counts the bytes nlohmann's lexer has taken: SAX events
// carry no position, so the checks the handler adds place their errors from
// this count. The lexer takes one byte at a time, and one past a number.
class CountingIterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    CountingIterator(const char* at, size_t* taken) : at_(at), taken_(taken) {}
    reference operator*() const { return *at_; }
    CountingIterator& operator++() {
        ++at_;
        ++*taken_;
        return *this;
    }
    CountingIterator operator++(int) {
        CountingIterator before = *this;
        ++*this;
        return before;
    }
    bool operator==(const CountingIterator& other) const { return at_ == other.at_; }

private:
    const char* at_;
    size_t* taken_;
};

bool isWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The opening quote of the string whose closing quote is at `close`: the
// nearest quote before it not escaped by an odd run of backslashes.
size_t openingQuote(std::string_view s, size_t close) {
    for (size_t i = close; i-- > 0;) {
        if (s[i] != '"') continue;
        size_t backslashes = 0;
        while (backslashes < i && s[i - 1 - backslashes] == '\\') ++backslashes;
        if (backslashes % 2 == 0) return i;
    }
    return close;
}

// How many bytes before `at` are the start of a true/false/null cut off at `at`.
size_t brokenLiteralLength(std::string_view s, size_t at) {
    for (size_t n = 4; n > 0; --n) {
        if (n > at) continue;
        const std::string_view head = s.substr(at - n, n);
        for (const std::string_view word : {"true", "false", "null"})
            if (n < word.size() && word.substr(0, n) == head) return n;
    }
    return 0;
}

bool isHexDigit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Where a syntax error is reported. nlohmann stops on the character at which
// it noticed the mistake; the error points at the mistake itself: the start of
// a token that does not belong where it stands (also when that token is
// broken), of a true/false/null cut short, of a bad UTF-8 sequence, the hex
// digits of a bad \u escape, or the character right after an unpaired
// surrogate. The texts matched are nlohmann's (3.11) and are pinned by the
// rows of tst_admin_format.
struct ErrorPlace {
    std::string_view s;

    size_t of(std::string_view message, size_t stop, const std::string& lastToken, int id) const {
        const size_t dash = message.find(" - ");
        const std::string_view detail = message.substr(dash == std::string_view::npos ? 0 : dash + 3);
        if (detail.starts_with("unexpected ") || id == kNumberOverflow) return tokenEndingAt(stop, lastToken);
        if (detail.starts_with("invalid literal")) return stop - brokenLiteralLength(s, stop);
        const size_t start = brokenTokenStart(stop, lastToken);
        if (misplaced(message, start)) return start;
        if (detail.starts_with("invalid string: ill-formed UTF-8 byte")) return utf8SequenceStart(stop);
        if (detail.starts_with("invalid string: '\\u' must be followed by 4 hex digits")) {
            size_t at = stop;
            while (at > 0 && isHexDigit(s[at - 1])) --at;  // back to just after the "\u"
            return at;
        }
        if (detail.starts_with("invalid string: surrogate U+D800..U+DBFF")) {
            if (stop > 0 && s[stop - 1] == '\\') return stop - 1;                   // "\" without "u"
            if (stop >= 5 && s.substr(stop - 5, 2) == "\\u" && isHexDigit(s[stop])) return stop + 1;  // not a low one
            return stop;
        }
        if (detail.starts_with("invalid string: surrogate U+DC00..U+DFFF")) return stop + 1;  // after its digits
        return stop;
    }

private:
    static constexpr int kNumberOverflow = 406;  // nlohmann's out_of_range id for a number like 1e999

    // A broken token where the parser wanted structure (a separator, the end
    // of an object or array, a key): the token's place is the mistake.
    bool misplaced(std::string_view message, size_t start) const {
        for (const std::string_view expected : {"; expected ']'", "; expected '}'", "; expected ':'"})
            if (message.ends_with(expected)) return true;
        return message.ends_with("; expected string literal") && start < s.size() && s[start] != '"';
    }

    // The start of the complete token that ends at `at` (strings end on their
    // quote, literals on their last letter, numbers on their last digit).
    size_t tokenEndingAt(size_t at, const std::string& lastToken) const {
        if (at >= s.size()) return at;
        switch (s[at]) {
            case '"': return openingQuote(s, at);
            case 'e': return at - (s[at - 1] == 'u' ? 3 : 4);  // true, false
            case 'l': return at - 3;                             // null
            default:
                // A number: the lexer's token holds exactly its characters.
                if (s[at] >= '0' && s[at] <= '9') return at + 1 - std::min(lastToken.size(), at + 1);
                return at;  // one structural character
        }
    }

    // The start of the string or number the lexer broke off at `at`: its
    // token text began there (nlohmann shows control characters as <U+XXXX>).
    size_t brokenTokenStart(size_t at, const std::string& lastToken) const {
        size_t start = std::min(at + 1, s.size());
        for (size_t shown = 0; start > 0 && shown < lastToken.size();)
            shown += static_cast<unsigned char>(s[--start]) <= 0x1F ? 8 : 1;
        return start;
    }

    // The lead byte of the multi-byte sequence cut off at `at`, else `at`.
    size_t utf8SequenceStart(size_t at) const {
        size_t continuations = 0;
        while (continuations < 3 && at > continuations &&
               (static_cast<unsigned char>(s[at - 1 - continuations]) & 0xC0) == 0x80)
            ++continuations;
        if (at == continuations) return at;
        const auto lead = static_cast<unsigned char>(s[at - 1 - continuations]);
        const size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        return lead >= 0xC2 && lead <= 0xF4 && continuations + 1 < length ? at - 1 - continuations : at;
    }
};

// Builds the document from nlohmann's SAX events (as its own DOM builder
// does) and refuses what RFC 8259 allows but the export must not take.
class StrictBuilder {
public:
    StrictBuilder(std::string_view text, const size_t* taken, ParseError* error)
        : text_(text), taken_(taken), error_(error) {}

    Value take() { return std::move(root_); }

    bool null() { return scalar(nullptr); }
    bool boolean(bool b) { return scalar(b); }
    bool number_integer(Value::number_integer_t n) {
        if (!open_.empty()) return scalar(n);
        const bool minusZero = n == 0 && text_[skipWhitespace(0)] == '-';
        return scalar(n, minusZero ? 2 : std::to_string(n).size());
    }
    bool number_unsigned(Value::number_unsigned_t n) {
        if (n > Value::number_unsigned_t(INT64_MAX)) return outOfRange(std::to_string(n).size());
        return number_integer(Value::number_integer_t(n));  // one representation for every integer
    }
    bool number_float(Value::number_float_t d, const std::string& text) {
        // nlohmann hands an integer too large for 64 bits over as a rounded double.
        if (text.find_first_of(".eE") == std::string::npos) return outOfRange(text.size());
        return scalar(d, text.size());
    }
    bool string(std::string& s) { return scalar(std::move(s)); }
    bool binary(Value::binary_t&) { return false; }  // JSON text has no binary values

    bool start_object(std::size_t) { return open(Value::object()); }
    bool start_array(std::size_t) { return open(Value::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(std::string& k) {
        const size_t quote = *taken_ - 1;  // the lexer stops on the closing quote
        // A linear search, as the export's objects are small (ordered_json keeps no index).
        if (open_.back()->contains(k)) return fail(openingQuote(text_, quote), "duplicate key \"" + k + "\"");
        firstValueAfter_ = quote + 1;
        member_ = &(*open_.back())[k];  // appends: ordered_json keeps the file's order
        return true;
    }

    bool parse_error(std::size_t position, const std::string& lastToken, const Value::exception& ex) {
        if (rootEnd_) return trailingText();  // nlohmann names the token; the mistake is that there is one
        std::string what = ex.what();
        what.erase(0, what.find("] ") + 2);  // "[json.exception.parse_error.101] "
        if (what.starts_with("parse error")) what.erase(0, what.find(": ") + 2);  // its line/column count bytes
        // nlohmann echoes what it read since the last string or number; the
        // line:column says where, and the echo would mislead.
        const std::string echo = "; last read: '" + lastToken + "'";
        if (const size_t e = what.find(echo); e != std::string::npos) what.erase(e, echo.size());
        // `position` counts the characters read: the lexer stopped on the last one.
        const size_t stop = std::min(position == 0 ? 0 : position - 1, text_.size());
        const size_t at = ErrorPlace{text_}.of(what, stop, lastToken, ex.id);
        if (at < text_.size() && what.find("unexpected end of input") != std::string::npos)
            what = "unexpected NUL byte";  // nlohmann reads one as the end
        return fail(at, std::move(what));
    }

    // After nlohmann accepted the text: it takes a NUL byte for the end.
    bool checkNothingAfterValue() { return skipWhitespace(*rootEnd_) == text_.size() || trailingText(); }

    bool fail(size_t at, std::string message) {
        if (error_) {
            int line = 1, column = 1;
            for (size_t i = 0; i < at && i < text_.size(); ++i) {
                if (text_[i] == '\n') line++, column = 1;
                else if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
            }
            *error_ = {line, column, std::move(message)};
        }
        return false;
    }

private:
    size_t skipWhitespace(size_t i) const {
        while (i < text_.size() && isWhitespace(text_[i])) ++i;
        return i;
    }

    bool trailingText() { return fail(skipWhitespace(*rootEnd_), "unexpected text after the JSON value"); }

    // Where the first value of the innermost open container starts (the only
    // value the depth check can refuse: it refuses the first one too deep).
    size_t firstValueStart() const {
        const size_t i = skipWhitespace(firstValueAfter_);
        const bool afterKey = !open_.empty() && open_.back()->is_object();
        return afterKey && i < text_.size() && text_[i] == ':' ? skipWhitespace(i + 1) : i;
    }

    // The number that ends just before the lexer's look-ahead (or at the end).
    bool outOfRange(size_t digits) {
        const size_t taken = *taken_;
        const bool atEnd = taken == text_.size() && taken > 0 && text_[taken - 1] >= '0' && text_[taken - 1] <= '9';
        const size_t end = atEnd ? taken : taken - 1;
        return fail(end - std::min(digits, end), "integer out of range (the export's integers are signed 64-bit)");
    }

    bool tooDeep() {
        return int(open_.size()) > kMaxDepth &&
               !fail(firstValueStart(), "JSON nested too deeply (more than " + std::to_string(kMaxDepth) + " levels)");
    }

    // Places a value where the open container (or the key just read) wants it.
    Value* place(Value v) {
        if (open_.empty()) {
            root_ = std::move(v);
            return &root_;
        }
        if (open_.back()->is_array()) {
            open_.back()->push_back(std::move(v));
            return &open_.back()->back();
        }
        *member_ = std::move(v);
        return member_;
    }

    // numberLength: the characters of a number, which the lexer reads one past.
    bool scalar(Value v, size_t numberLength = 0) {
        if (tooDeep()) return false;
        if (open_.empty()) rootEnd_ = numberLength > 0 ? skipWhitespace(0) + numberLength : *taken_;
        place(std::move(v));
        return true;
    }

    bool open(Value container) {
        if (tooDeep()) return false;
        firstValueAfter_ = *taken_;  // just past the '[' or '{'
        open_.push_back(place(std::move(container)));
        return true;
    }

    bool close() {
        open_.pop_back();
        if (open_.empty()) rootEnd_ = *taken_;  // just past the closing bracket
        return true;
    }

    std::string_view text_;
    const size_t* taken_;
    ParseError* error_;
    Value root_;
    std::vector<Value*> open_;  // containers being filled, innermost last
    Value* member_ = nullptr;     // the member the last key created
    size_t firstValueAfter_ = 0;  // just past the innermost opening bracket or key
    std::optional<size_t> rootEnd_;  // just past the whole value, once it is complete
};

}  // namespace

std::optional<Value> parse(std::string_view text, ParseError* error) {
    size_t taken = 0;
    StrictBuilder builder(text, &taken, error);
    // nlohmann skips a byte order mark; RFC 8259 lets a parser refuse one, and
    // an export never starts with one.
    if (!text.empty() && text[0] == '\xef') {
        builder.fail(0, text.starts_with("\xef\xbb\xbf") ? "a byte order mark before the JSON value"
                                                         : "unexpected character, a value was expected");
        return std::nullopt;
    }
    const CountingIterator first(text.data(), &taken);
    const CountingIterator last(text.data() + text.size(), &taken);
    if (!Value::sax_parse(first, last, &builder) || !builder.checkNothingAfterValue()) return std::nullopt;
    return builder.take();
}

std::string write(const Value& v, int indent) {
    return v.dump(indent > 0 ? indent : -1, ' ', false, Value::error_handler_t::replace);
}

const Value* member(const Value& object, const char* key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

std::optional<int64_t> asInt64(const Value& v) {
    if (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(INT64_MAX)) return std::nullopt;
    if (!v.is_number_integer()) return std::nullopt;
    return v.get<int64_t>();
}

}  // namespace zooscope::admin::json
