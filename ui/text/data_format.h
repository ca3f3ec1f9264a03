// Format detection, validation and pretty-printing of znode data, and the
// byte <-> text encodings the data editor offers.
//
// Contracts:
// - Bytes are never lost: decode() reports whether encode(decode(b)) gives b
//   back exactly; the editor only offers an encoding for which that holds, and
//   binary data (or anything no text encoding round-trips) is edited as hex.
// - Every function is pure and reentrant (no shared state); none throws.
// - Validation errors carry a 1-based line and column in the text as shown.
// - Strings returned for users are translated (context "DataFormat").
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

namespace zooscope::ui {

enum class DataFormat { Text, Json, Xml, Yaml, Properties, Binary };

// The way bytes become editable text. Hex shows every byte as two hex
// digits and accepts any whitespace between them.
enum class TextEncoding { Utf8, Latin1, Utf16LE, Utf16BE, Hex };

QString formatName(DataFormat format);      // "JSON", "XML", ... (translated)
QString encodingName(TextEncoding encoding);  // "UTF-8", "Latin-1", ...
QList<DataFormat> allFormats();
QList<TextEncoding> allEncodings();

// Picks the format of `bytes`: Binary when they are not text (invalid UTF-8,
// or control characters other than tab/newline/CR/FF); else JSON (starts with
// '{', or '[' and parses), XML (starts with '<' and parses, or has an <?xml
// declaration), .properties (every meaningful line is key=value), YAML (parses
// to a mapping or sequence), else Text.
DataFormat detectFormat(const QByteArray& bytes);

// The encoding to show `bytes` in: UTF-8 when it round-trips, else Hex.
// (Latin-1 also round-trips everything, but guessing it would show binary
// data as mojibake; the user may pick it.)
TextEncoding suggestEncoding(const QByteArray& bytes);

struct Decoded {
    QString text;
    bool exact = false;  // encode(text, encoding) == the input bytes
};
Decoded decode(const QByteArray& bytes, TextEncoding encoding);

// nullopt and *error (a sentence naming the first offending character's line
// and column) when `text` cannot be written in `encoding` (Latin-1 and a
// character above U+00FF; Hex and a non-hex digit or an odd digit count;
// UTF-* and an unpaired surrogate).
std::optional<QByteArray> encode(const QString& text, TextEncoding encoding, QString* error);

struct Validation {
    bool ok = true;
    int line = 0;    // 1-based; 0 when ok
    int column = 0;  // 1-based, in characters; 0 when ok
    QString message; // "" when ok; else the parser's reason
    // "Line 3, column 7: unterminated string" (translated); "" when ok.
    QString describe() const;
};

// Checks `text` as `format`. Text always passes; Binary passes when the text
// is valid hex (see encode()).
Validation validate(DataFormat format, const QString& text);

// Reformats `text` as `format`: JSON is re-indented token by token (key order
// and number literals kept exactly, unlike a QJsonDocument round trip), XML is
// re-indented by QXmlStreamWriter, .properties lines become "key=value" with
// comments kept, YAML is re-emitted by yaml-cpp (refused when the text has
// comments, which yaml-cpp would drop). Text and Binary are refused.
// nullopt and *error (a sentence) when the text is invalid or the format
// cannot be pretty-printed.
std::optional<QString> prettyPrint(DataFormat format, const QString& text, QString* error);

// 1-based line and column of character `offset` in `text`.
void lineColumnAt(const QString& text, qsizetype offset, int* line, int* column);
// Character offset of 1-based line/column in `text` (clamped to the text).
qsizetype offsetOf(const QString& text, int line, int column);

}  // namespace zooscope::ui
