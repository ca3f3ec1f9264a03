// Syntax highlighting for the data editor: JSON, XML, YAML and .properties.
// Colours follow the palette's lightness so the dark theme stays readable.
// Single-threaded (GUI thread), like every QSyntaxHighlighter.
#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

#include "text/data_format.h"

namespace zooscope::ui {

class SyntaxHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit SyntaxHighlighter(QTextDocument* document);

    // Re-highlights the whole document. Text and Binary get no colours.
    void setDataFormat(DataFormat format);
    DataFormat dataFormat() const { return format_; }
    // Re-reads the colours (call after a palette/theme change).
    void setDark(bool dark);

protected:
    void highlightBlock(const QString& text) override;

private:
    void highlightJson(const QString& text);
    void highlightXml(const QString& text);
    void highlightYaml(const QString& text);
    void highlightProperties(const QString& text);
    void makeFormats();

    DataFormat format_ = DataFormat::Text;
    bool dark_ = false;
    QTextCharFormat key_, string_, number_, keyword_, comment_, tag_, attribute_, punctuation_;
};

}  // namespace zooscope::ui
