#include "text/data_format.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QStringConverter>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <yaml-cpp/yaml.h>

#include <exception>
#include <string>

namespace zooscope::ui {

namespace {

// lupdate files the tr() calls of free functions under the enclosing
// namespace, so that is the context they are looked up in.
QString tr(const char* text) { return QCoreApplication::translate("zooscope::ui", text); }

bool isHexDigit(QChar c) {
    const char16_t u = c.unicode();
    return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'f') || (u >= 'A' && u <= 'F');
}

// Hex digits, any whitespace between them. On failure *badAt is the offending
// character (or the lone last digit) and *reason says why.
bool parseHex(const QString& text, QByteArray* out, qsizetype* badAt, QString* reason) {
    out->clear();
    out->reserve(text.size() / 2);
    int pending = -1;
    qsizetype pendingAt = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c.isSpace()) continue;
        if (!isHexDigit(c)) {
            *badAt = i;
            *reason = tr("'%1' is not a hex digit").arg(c);
            return false;
        }
        const char16_t u = c.unicode();
        const int v = u <= '9' ? u - '0' : (u | 0x20) - 'a' + 10;
        if (pending < 0) {
            pending = v;
            pendingAt = i;
        } else {
            out->append(static_cast<char>((pending << 4) | v));
            pending = -1;
        }
    }
    if (pending >= 0) {
        *badAt = pendingAt;
        *reason = tr("a byte needs two hex digits");
        return false;
    }
    return true;
}

qsizetype firstUnpairedSurrogate(const QString& text);

// Round trip through a QStringConverter codec, keeping a leading BOM as a
// character so that it survives re-encoding.
Decoded decodeWith(const QByteArray& bytes, QStringConverter::Encoding enc) {
    QStringDecoder decoder(enc, QStringConverter::Flag::ConvertInitialBom);
    Decoded d;
    d.text = decoder.decode(bytes);
    if (decoder.hasError()) return d;
    QStringEncoder encoder(enc, QStringConverter::Flag::Default);
    const QByteArray back = encoder.encode(d.text);
    // Some codecs pass unpaired surrogates through; encode() refuses them, so
    // such text would be shown but could never be saved: not exact.
    d.exact = !encoder.hasError() && back == bytes && firstUnpairedSurrogate(d.text) < 0;
    return d;
}

QString toHexText(const QByteArray& bytes) {
    // 16 bytes a line, a space between bytes: readable and line/column useful.
    QString out;
    out.reserve(bytes.size() * 3);
    static const char* kDigits = "0123456789abcdef";
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (i > 0) out += (i % 16 == 0) ? QLatin1Char('\n') : QLatin1Char(' ');
        const auto b = static_cast<unsigned char>(bytes[i]);
        out += QLatin1Char(kDigits[b >> 4]);
        out += QLatin1Char(kDigits[b & 0xf]);
    }
    return out;
}

QString positionError(const QString& text, qsizetype offset, const QString& what) {
    int line = 0, column = 0;
    lineColumnAt(text, offset, &line, &column);
    return tr("Line %1, column %2: %3").arg(line).arg(column).arg(what);
}

// Index of the first unpaired UTF-16 surrogate, or -1.
qsizetype firstUnpairedSurrogate(const QString& text) {
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c.isHighSurrogate()) {
            if (i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
                ++i;
                continue;
            }
            return i;
        }
        if (c.isLowSurrogate()) return i;
    }
    return -1;
}

bool isTextChar(QChar c) {
    const char16_t u = c.unicode();
    if (u == '\t' || u == '\n' || u == '\r' || u == '\f') return true;
    return u >= 0x20 && u != 0x7f;
}

// ---- .properties helpers (java.util.Properties.load rules)

// True when `line` ends in an odd number of backslashes: the logical line
// continues on the next one.
bool continues(const QString& line) {
    int n = 0;
    for (qsizetype i = line.size() - 1; i >= 0 && line[i] == QLatin1Char('\\'); --i) ++n;
    return n % 2 == 1;
}

bool isPropertiesComment(const QString& trimmed) {
    return trimmed.startsWith(QLatin1Char('#')) || trimmed.startsWith(QLatin1Char('!'));
}

// Splits a key/value line at the first unescaped '=', ':' or whitespace.
// *sep gets the separator character (' ' for whitespace). Returns the key end.
qsizetype propertiesKeyEnd(const QString& line, qsizetype start, QChar* sep) {
    for (qsizetype i = start; i < line.size(); ++i) {
        const QChar c = line[i];
        if (c == QLatin1Char('\\')) {
            ++i;
            continue;
        }
        if (c == QLatin1Char('=') || c == QLatin1Char(':') || c.isSpace()) {
            *sep = c.isSpace() ? QLatin1Char(' ') : c;
            return i;
        }
    }
    *sep = QChar();
    return line.size();
}

// "Every meaningful line is key=value": '=' is the separator (':' would be
// YAML's business) and the key has no inner whitespace.
bool looksLikeProperties(const QString& text) {
    const QStringList lines = text.split(QLatin1Char('\n'));
    int pairs = 0;
    bool continuation = false;
    for (const QString& raw : lines) {
        const bool wasContinuation = continuation;
        continuation = continues(raw);
        if (wasContinuation) continue;
        const QString line = raw.trimmed();
        if (line.isEmpty() || isPropertiesComment(line)) continue;
        QChar sep;
        const qsizetype keyEnd = propertiesKeyEnd(line, 0, &sep);
        if (keyEnd == 0) return false;
        // Allow "key = value": skip spaces after the key, then require '='.
        qsizetype i = keyEnd;
        while (i < line.size() && line[i].isSpace()) ++i;
        if (i >= line.size() || line[i] != QLatin1Char('=')) return false;
        ++pairs;
    }
    return pairs > 0;
}

bool parsesAsYamlCollection(const QString& text) {
    try {
        const std::vector<YAML::Node> docs = YAML::LoadAll(text.toStdString());
        if (docs.empty()) return false;
        for (const YAML::Node& d : docs)
            if (!d.IsMap() && !d.IsSequence()) return false;
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

bool looksLikeYaml(const QString& text) {
    const QString t = text.trimmed();
    if (t.isEmpty()) return false;
    // One line "Note: something" is a sentence more often than a document.
    const bool explicitDoc = t.startsWith(QLatin1String("---"));
    const bool multiLine = t.contains(QLatin1Char('\n'));
    if (!explicitDoc && !multiLine) return false;
    return parsesAsYamlCollection(text);
}

Validation failAt(const QString& text, qsizetype offset, const QString& message) {
    Validation v;
    v.ok = false;
    lineColumnAt(text, offset, &v.line, &v.column);
    v.message = message;
    return v;
}

Validation validateJson(const QString& text) {
    const QByteArray utf8 = text.toUtf8();
    QJsonParseError err;
    QJsonDocument::fromJson(utf8, &err);
    if (err.error == QJsonParseError::NoError) return {};
    // QJsonParseError::offset counts UTF-8 bytes and points just past the
    // character that failed; the editor counts characters and marks that one.
    qsizetype chars = QString::fromUtf8(utf8.left(err.offset)).size();
    if (chars > 0) --chars;
    return failAt(text, chars, err.errorString());
}

Validation validateXml(const QString& text) {
    QXmlStreamReader r(text);
    while (!r.atEnd()) r.readNext();
    if (!r.hasError()) return {};
    Validation v;
    v.ok = false;
    v.line = static_cast<int>(r.lineNumber());
    // columnNumber() counts the characters read on the line, so as a 1-based
    // column it is the last one read: the character that failed.
    v.column = std::max(1, static_cast<int>(r.columnNumber()));
    if (v.line < 1) v.line = 1;
    v.message = r.errorString();
    return v;
}

Validation validateYaml(const QString& text) {
    try {
        YAML::LoadAll(text.toStdString());
        return {};
    } catch (const YAML::Exception& e) {
        Validation v;
        v.ok = false;
        v.line = e.mark.line >= 0 ? e.mark.line + 1 : 1;
        v.column = e.mark.column >= 0 ? e.mark.column + 1 : 1;
        v.message = QString::fromStdString(e.msg);
        return v;
    } catch (const std::exception& e) {
        Validation v;
        v.ok = false;
        v.line = v.column = 1;
        v.message = QString::fromUtf8(e.what());
        return v;
    }
}

// Properties.load accepts almost anything; what it rejects is a malformed
// \uXXXX escape.
Validation validateProperties(const QString& text) {
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == QLatin1Char('#') || text[i] == QLatin1Char('!')) {
            // A comment runs to the end of its line when it starts the line.
            qsizetype ls = i;
            while (ls > 0 && text[ls - 1] != QLatin1Char('\n') && text[ls - 1].isSpace()) --ls;
            if (ls == 0 || text[ls - 1] == QLatin1Char('\n')) {
                while (i < text.size() && text[i] != QLatin1Char('\n')) ++i;
                continue;
            }
        }
        if (text[i] != QLatin1Char('\\') || i + 1 >= text.size()) continue;
        if (text[i + 1] == QLatin1Char('u')) {
            for (int k = 0; k < 4; ++k) {
                const qsizetype at = i + 2 + k;
                if (at >= text.size() || !isHexDigit(text[at]))
                    return failAt(text, i, tr("malformed \\uXXXX escape (four hex digits expected)"));
            }
        }
        ++i;  // skip the escaped character
    }
    return {};
}

// ---- pretty printers

QString prettyJson(const QString& text) {
    QString out;
    out.reserve(text.size() * 2);
    int depth = 0;
    auto newline = [&] {
        out += QLatin1Char('\n');
        out += QString(depth * 4, QLatin1Char(' '));
    };
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text[i];
        if (c == QLatin1Char('"')) {
            // Copy the string literal verbatim, escapes included.
            out += c;
            for (++i; i < n; ++i) {
                out += text[i];
                if (text[i] == QLatin1Char('\\') && i + 1 < n) {
                    out += text[++i];
                } else if (text[i] == QLatin1Char('"')) {
                    break;
                }
            }
            continue;
        }
        if (c.isSpace()) continue;
        if (c == QLatin1Char('{') || c == QLatin1Char('[')) {
            out += c;
            qsizetype j = i + 1;
            while (j < n && text[j].isSpace()) ++j;
            const QChar close = c == QLatin1Char('{') ? QLatin1Char('}') : QLatin1Char(']');
            if (j < n && text[j] == close) {  // {} and [] stay on one line
                out += close;
                i = j;
                continue;
            }
            ++depth;
            newline();
        } else if (c == QLatin1Char('}') || c == QLatin1Char(']')) {
            --depth;
            newline();
            out += c;
        } else if (c == QLatin1Char(',')) {
            out += c;
            newline();
        } else if (c == QLatin1Char(':')) {
            out += QLatin1String(": ");
        } else {
            out += c;
        }
    }
    out += QLatin1Char('\n');
    return out;
}

QString prettyXml(const QString& text) {
    QXmlStreamReader r(text);
    QString out;
    QXmlStreamWriter w(&out);
    w.setAutoFormatting(true);
    w.setAutoFormattingIndent(2);
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartDocument()) {
            if (!r.documentVersion().isEmpty()) {
                if (r.isStandaloneDocument())
                    w.writeStartDocument(r.documentVersion().toString(), true);
                else
                    w.writeStartDocument(r.documentVersion().toString());
            }
            continue;
        }
        // Indentation is the writer's job; whitespace-only text would double it.
        if (r.isCharacters() && r.isWhitespace()) continue;
        w.writeCurrentToken(r);
    }
    // Without a declaration the writer starts with a line break.
    while (out.startsWith(QLatin1Char('\n'))) out.remove(0, 1);
    if (!out.endsWith(QLatin1Char('\n'))) out += QLatin1Char('\n');
    return out;
}

// Flow collections ("{a: 1}") are kept as flow by yaml-cpp; pretty means block.
void makeBlock(YAML::Node node) {
    if (node.IsMap() || node.IsSequence()) {
        node.SetStyle(YAML::EmitterStyle::Block);
        if (node.IsMap()) {
            for (auto it = node.begin(); it != node.end(); ++it) makeBlock(it->second);
        } else {
            for (auto it = node.begin(); it != node.end(); ++it) makeBlock(*it);
        }
    }
}

bool yamlHasComment(const QString& text) {
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        const QString t = line.trimmed();
        if (t.startsWith(QLatin1Char('#')) || line.contains(QLatin1String(" #"))) return true;
    }
    return false;
}

std::optional<QString> prettyYaml(const QString& text, QString* error) {
    if (yamlHasComment(text)) {
        *error = tr("YAML with comments is not reformatted: the YAML library would drop the comments.");
        return std::nullopt;
    }
    try {
        const std::vector<YAML::Node> docs = YAML::LoadAll(text.toStdString());
        YAML::Emitter e;
        e.SetIndent(2);
        for (const YAML::Node& d : docs) {
            makeBlock(d);
            e << YAML::BeginDoc << d;
        }
        if (!e.good()) {
            *error = QString::fromStdString(e.GetLastError());
            return std::nullopt;
        }
        QString out = QString::fromUtf8(e.c_str());
        // A single document needs no leading "---".
        if (docs.size() == 1 && out.startsWith(QLatin1String("---\n"))) out.remove(0, 4);
        if (!out.endsWith(QLatin1Char('\n'))) out += QLatin1Char('\n');
        return out;
    } catch (const std::exception& ex) {
        *error = QString::fromUtf8(ex.what());
        return std::nullopt;
    }
}

QString prettyProperties(const QString& text) {
    QStringList out;
    bool continuation = false;
    for (const QString& raw : text.split(QLatin1Char('\n'))) {
        const bool wasContinuation = continuation;
        continuation = continues(raw);
        if (wasContinuation) {
            out << QLatin1String("    ") + raw.trimmed();
            continue;
        }
        const QString line = raw.trimmed();
        if (line.isEmpty() || isPropertiesComment(line)) {
            out << line;
            continue;
        }
        QChar sep;
        const qsizetype keyEnd = propertiesKeyEnd(line, 0, &sep);
        const QString key = line.left(keyEnd);
        qsizetype v = keyEnd;
        while (v < line.size() && line[v].isSpace()) ++v;
        if (v < line.size() && (line[v] == QLatin1Char('=') || line[v] == QLatin1Char(':'))) ++v;
        while (v < line.size() && line[v].isSpace()) ++v;
        out << key + QLatin1Char('=') + line.mid(v);
    }
    // Keep the file's trailing newline state: split() gives a last "" for it.
    return out.join(QLatin1Char('\n'));
}

}  // namespace

QString formatName(DataFormat format) {
    switch (format) {
    case DataFormat::Text: return tr("Plain text");
    case DataFormat::Json: return tr("JSON");
    case DataFormat::Xml: return tr("XML");
    case DataFormat::Yaml: return tr("YAML");
    case DataFormat::Properties: return tr(".properties");
    case DataFormat::Binary: return tr("Binary (hex)");
    }
    return {};
}

QString encodingName(TextEncoding encoding) {
    switch (encoding) {
    case TextEncoding::Utf8: return tr("UTF-8");
    case TextEncoding::Latin1: return tr("Latin-1");
    case TextEncoding::Utf16LE: return tr("UTF-16 LE");
    case TextEncoding::Utf16BE: return tr("UTF-16 BE");
    case TextEncoding::Hex: return tr("Hex bytes");
    }
    return {};
}

QList<DataFormat> allFormats() {
    return {DataFormat::Text, DataFormat::Json, DataFormat::Xml, DataFormat::Yaml, DataFormat::Properties,
            DataFormat::Binary};
}

QList<TextEncoding> allEncodings() {
    return {TextEncoding::Utf8, TextEncoding::Latin1, TextEncoding::Utf16LE, TextEncoding::Utf16BE,
            TextEncoding::Hex};
}

Decoded decode(const QByteArray& bytes, TextEncoding encoding) {
    switch (encoding) {
    case TextEncoding::Utf8: return decodeWith(bytes, QStringConverter::Utf8);
    case TextEncoding::Utf16LE: return decodeWith(bytes, QStringConverter::Utf16LE);
    case TextEncoding::Utf16BE: return decodeWith(bytes, QStringConverter::Utf16BE);
    case TextEncoding::Latin1: return {QString::fromLatin1(bytes), true};
    case TextEncoding::Hex: return {toHexText(bytes), true};
    }
    return {};
}

std::optional<QByteArray> encode(const QString& text, TextEncoding encoding, QString* error) {
    switch (encoding) {
    case TextEncoding::Utf8:
    case TextEncoding::Utf16LE:
    case TextEncoding::Utf16BE: {
        const qsizetype bad = firstUnpairedSurrogate(text);
        if (bad >= 0) {
            if (error) *error = positionError(text, bad, tr("an unpaired UTF-16 surrogate cannot be encoded"));
            return std::nullopt;
        }
        const auto enc = encoding == TextEncoding::Utf8     ? QStringConverter::Utf8
                         : encoding == TextEncoding::Utf16LE ? QStringConverter::Utf16LE
                                                             : QStringConverter::Utf16BE;
        QStringEncoder encoder(enc, QStringConverter::Flag::Default);
        QByteArray out = encoder.encode(text);
        if (encoder.hasError()) {
            if (error) *error = tr("The text cannot be encoded as %1.").arg(encodingName(encoding));
            return std::nullopt;
        }
        return out;
    }
    case TextEncoding::Latin1: {
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (text[i].unicode() > 0xff) {
                if (error)
                    *error = positionError(text, i,
                                           tr("'%1' is not a Latin-1 character").arg(text[i]));
                return std::nullopt;
            }
        }
        return text.toLatin1();
    }
    case TextEncoding::Hex: {
        QByteArray out;
        qsizetype badAt = 0;
        QString reason;
        if (!parseHex(text, &out, &badAt, &reason)) {
            if (error) *error = positionError(text, badAt, reason);
            return std::nullopt;
        }
        return out;
    }
    }
    return std::nullopt;
}

TextEncoding suggestEncoding(const QByteArray& bytes) {
    return decode(bytes, TextEncoding::Utf8).exact ? TextEncoding::Utf8 : TextEncoding::Hex;
}

DataFormat detectFormat(const QByteArray& bytes) {
    if (bytes.isEmpty()) return DataFormat::Text;
    const Decoded d = decode(bytes, TextEncoding::Utf8);
    if (!d.exact) return DataFormat::Binary;
    for (QChar c : d.text)
        if (!isTextChar(c) && c.unicode() != 0xfeff) return DataFormat::Binary;
    QString t = d.text.trimmed();
    if (t.startsWith(QChar(0xfeff))) t = t.mid(1).trimmed();
    if (t.startsWith(QLatin1Char('{'))) return DataFormat::Json;
    if (t.startsWith(QLatin1Char('[')) && validateJson(t).ok) return DataFormat::Json;
    if (t.startsWith(QLatin1Char('<'))) {
        if (t.startsWith(QLatin1String("<?xml")) || validateXml(t).ok) return DataFormat::Xml;
    }
    if (looksLikeProperties(d.text)) return DataFormat::Properties;
    if (looksLikeYaml(d.text)) return DataFormat::Yaml;
    return DataFormat::Text;
}

QString Validation::describe() const {
    if (ok) return {};
    return QCoreApplication::translate("zooscope::ui::Validation", "Line %1, column %2: %3")
        .arg(line)
        .arg(column)
        .arg(message);
}

Validation validate(DataFormat format, const QString& text) {
    switch (format) {
    case DataFormat::Text: return {};
    case DataFormat::Json: return validateJson(text);
    case DataFormat::Xml: return validateXml(text);
    case DataFormat::Yaml: return validateYaml(text);
    case DataFormat::Properties: return validateProperties(text);
    case DataFormat::Binary: {
        QByteArray bytes;
        qsizetype badAt = 0;
        QString reason;
        if (parseHex(text, &bytes, &badAt, &reason)) return {};
        return failAt(text, badAt, reason);
    }
    }
    return {};
}

std::optional<QString> prettyPrint(DataFormat format, const QString& text, QString* error) {
    QString dummy;
    if (!error) error = &dummy;
    const Validation v = validate(format, text);
    if (!v.ok) {
        *error = v.describe();
        return std::nullopt;
    }
    switch (format) {
    case DataFormat::Json: return prettyJson(text);
    case DataFormat::Xml: return prettyXml(text);
    case DataFormat::Yaml: return prettyYaml(text, error);
    case DataFormat::Properties: return prettyProperties(text);
    case DataFormat::Text:
    case DataFormat::Binary: break;
    }
    *error = tr("%1 has no pretty-printed form.").arg(formatName(format));
    return std::nullopt;
}

void lineColumnAt(const QString& text, qsizetype offset, int* line, int* column) {
    int l = 1, c = 1;
    const qsizetype end = std::min(offset, text.size());
    for (qsizetype i = 0; i < end; ++i) {
        if (text[i] == QLatin1Char('\n')) {
            ++l;
            c = 1;
        } else {
            ++c;
        }
    }
    *line = l;
    *column = c;
}

qsizetype offsetOf(const QString& text, int line, int column) {
    qsizetype i = 0;
    for (int l = 1; l < line && i < text.size(); ++i)
        if (text[i] == QLatin1Char('\n')) ++l;
    for (int c = 1; c < column && i < text.size() && text[i] != QLatin1Char('\n'); ++c) ++i;
    return i;
}

}  // namespace zooscope::ui
