#include "widgets/syntax_highlighter.h"

#include <QRegularExpression>

namespace zooscope::ui {

namespace {
// Block state for XML: inside a comment that continues on the next line.
constexpr int kInXmlComment = 1;

QTextCharFormat colour(const QColor& c, bool bold = false, bool italic = false) {
    QTextCharFormat f;
    f.setForeground(c);
    if (bold) f.setFontWeight(QFont::Bold);
    f.setFontItalic(italic);
    return f;
}
}  // namespace

SyntaxHighlighter::SyntaxHighlighter(QTextDocument* document) : QSyntaxHighlighter(document) { makeFormats(); }

void SyntaxHighlighter::setDataFormat(DataFormat format) {
    if (format_ == format) return;
    format_ = format;
    rehighlight();
}

void SyntaxHighlighter::setDark(bool dark) {
    if (dark_ == dark) return;
    dark_ = dark;
    makeFormats();
    rehighlight();
}

void SyntaxHighlighter::makeFormats() {
    if (dark_) {
        key_ = colour(QColor(0x9c, 0xdc, 0xfe));
        string_ = colour(QColor(0xce, 0x91, 0x78));
        number_ = colour(QColor(0xb5, 0xce, 0xa8));
        keyword_ = colour(QColor(0x56, 0x9c, 0xd6), true);
        comment_ = colour(QColor(0x6a, 0x99, 0x55), false, true);
        tag_ = colour(QColor(0x56, 0x9c, 0xd6), true);
        attribute_ = colour(QColor(0x9c, 0xdc, 0xfe));
        punctuation_ = colour(QColor(0xaa, 0xaa, 0xaa));
    } else {
        key_ = colour(QColor(0x00, 0x3f, 0x9e));
        string_ = colour(QColor(0xa3, 0x15, 0x15));
        number_ = colour(QColor(0x09, 0x86, 0x58));
        keyword_ = colour(QColor(0x00, 0x00, 0xc0), true);
        comment_ = colour(QColor(0x6a, 0x73, 0x7d), false, true);
        tag_ = colour(QColor(0x80, 0x00, 0x80), true);
        attribute_ = colour(QColor(0x98, 0x4e, 0x00));
        punctuation_ = colour(QColor(0x55, 0x55, 0x55));
    }
}

void SyntaxHighlighter::highlightBlock(const QString& text) {
    setCurrentBlockState(0);
    switch (format_) {
    case DataFormat::Json: highlightJson(text); break;
    case DataFormat::Xml: highlightXml(text); break;
    case DataFormat::Yaml: highlightYaml(text); break;
    case DataFormat::Properties: highlightProperties(text); break;
    case DataFormat::Text:
    case DataFormat::Binary: break;
    }
}

void SyntaxHighlighter::highlightJson(const QString& text) {
    static const QRegularExpression token(
        QStringLiteral(R"re(("(?:[^"\\]|\\.)*"?)(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b|([{}\[\],]))re"));
    for (auto it = token.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        if (m.capturedLength(1)) {
            setFormat(int(m.capturedStart(1)), int(m.capturedLength(1)), m.capturedLength(2) ? key_ : string_);
        } else if (m.capturedLength(3)) {
            setFormat(int(m.capturedStart(3)), int(m.capturedLength(3)), number_);
        } else if (m.capturedLength(4)) {
            setFormat(int(m.capturedStart(4)), int(m.capturedLength(4)), keyword_);
        } else if (m.capturedLength(5)) {
            setFormat(int(m.capturedStart(5)), int(m.capturedLength(5)), punctuation_);
        }
    }
}

void SyntaxHighlighter::highlightXml(const QString& text) {
    static const QRegularExpression tag(QStringLiteral(R"re(</?[\w:.-]+|/?>|<\?[\w:.-]+|\?>)re"));
    static const QRegularExpression attr(QStringLiteral(R"re(([\w:.-]+)\s*=\s*("[^"]*"|'[^']*'))re"));
    for (auto it = tag.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), tag_);
    }
    for (auto it = attr.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart(1)), int(m.capturedLength(1)), attribute_);
        setFormat(int(m.capturedStart(2)), int(m.capturedLength(2)), string_);
    }
    // Comments last so they win; they may span lines.
    qsizetype start = previousBlockState() == kInXmlComment ? 0 : text.indexOf(QLatin1String("<!--"));
    while (start >= 0) {
        const qsizetype end = text.indexOf(QLatin1String("-->"), start);
        if (end < 0) {
            setFormat(int(start), int(text.size() - start), comment_);
            setCurrentBlockState(kInXmlComment);
            return;
        }
        setFormat(int(start), int(end + 3 - start), comment_);
        start = text.indexOf(QLatin1String("<!--"), end + 3);
    }
}

void SyntaxHighlighter::highlightYaml(const QString& text) {
    static const QRegularExpression key(QStringLiteral(R"re(^(\s*(?:-\s+)?)([^\s#'"][^#:]*?|"[^"]*"|'[^']*')\s*:(?=\s|$))re"));
    static const QRegularExpression scalar(
        QStringLiteral(R"re(("(?:[^"\\]|\\.)*"|'[^']*')|(?<![\w.-])(-?\d+(?:\.\d+)?)(?![\w.-])|\b(true|false|null|yes|no|on|off|~)\b|(^\s*-(?=\s|$)|^---|^\.\.\.|[&*][\w-]+))re"));
    for (auto it = scalar.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        if (m.capturedLength(1)) setFormat(int(m.capturedStart(1)), int(m.capturedLength(1)), string_);
        else if (m.capturedLength(2)) setFormat(int(m.capturedStart(2)), int(m.capturedLength(2)), number_);
        else if (m.capturedLength(3)) setFormat(int(m.capturedStart(3)), int(m.capturedLength(3)), keyword_);
        else if (m.capturedLength(4)) setFormat(int(m.capturedStart(4)), int(m.capturedLength(4)), punctuation_);
    }
    const auto k = key.match(text);
    if (k.hasMatch()) setFormat(int(k.capturedStart(2)), int(k.capturedLength(2)), key_);
    // A comment starts at '#' at line start or after whitespace, outside quotes.
    bool inSingle = false, inDouble = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c == QLatin1Char('"') && !inSingle) inDouble = !inDouble;
        else if (c == QLatin1Char('\'') && !inDouble) inSingle = !inSingle;
        else if (c == QLatin1Char('#') && !inSingle && !inDouble && (i == 0 || text[i - 1].isSpace())) {
            setFormat(int(i), int(text.size() - i), comment_);
            break;
        }
    }
}

void SyntaxHighlighter::highlightProperties(const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(QLatin1Char('#')) || trimmed.startsWith(QLatin1Char('!'))) {
        setFormat(0, int(text.size()), comment_);
        return;
    }
    static const QRegularExpression kv(QStringLiteral(R"re(^(\s*)((?:[^=:\s\\]|\\.)+)(\s*[=:]?\s*)(.*)$)re"));
    const auto m = kv.match(text);
    if (!m.hasMatch()) return;
    // A continuation line (previous block ended in '\') is all value.
    const QString prev = currentBlock().previous().text();
    int backslashes = 0;
    for (qsizetype i = prev.size() - 1; i >= 0 && prev[i] == QLatin1Char('\\'); --i) ++backslashes;
    if (currentBlock().previous().isValid() && backslashes % 2 == 1) {
        setFormat(0, int(text.size()), string_);
        return;
    }
    setFormat(int(m.capturedStart(2)), int(m.capturedLength(2)), key_);
    setFormat(int(m.capturedStart(3)), int(m.capturedLength(3)), punctuation_);
    setFormat(int(m.capturedStart(4)), int(m.capturedLength(4)), string_);
}

}  // namespace zooscope::ui
