// The data editor of the node panel: shows a znode's bytes as text in a
// detected format and a chosen encoding, validates, pretty-prints and
// highlights.
//
// Contracts:
// - Bytes are never lost: an encoding is only accepted when it round-trips
//   the current bytes exactly (see text/data_format.h); binary data is
//   edited as hex. currentBytes() encodes the text with the chosen encoding.
// - GUI thread only; no network.
#pragma once

#include <QByteArray>
#include <QWidget>

#include <optional>

#include "text/data_format.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace zooscope::ui {

class SyntaxHighlighter;

class DataEditor : public QWidget {
    Q_OBJECT
public:
    explicit DataEditor(QWidget* parent = nullptr);

    // Shows `bytes` (format detected, encoding suggested) and makes them the
    // unmodified state. isNull: the znode holds null (shown in the status).
    void setBytes(const QByteArray& bytes, bool isNull = false);
    QByteArray originalBytes() const { return original_; }
    bool isNull() const { return isNull_ && !isModified(); }
    // The text encoded with the current encoding; nullopt + *error (a sentence
    // with line/column) when it cannot be encoded.
    std::optional<QByteArray> currentBytes(QString* error = nullptr) const;
    // currentBytes() differs from originalBytes() (or cannot be encoded).
    bool isModified() const;

    DataFormat dataFormat() const { return format_; }
    // Binary forces the hex encoding; leaving Binary picks UTF-8 when it
    // round-trips (else stays on hex and says so).
    void setDataFormat(DataFormat format);
    TextEncoding encoding() const { return encoding_; }
    // Re-shows the current bytes in `encoding`. false + *error (a sentence)
    // when the text cannot be encoded or the bytes do not round-trip in the
    // new encoding; nothing changes then.
    bool setEncoding(TextEncoding encoding, QString* error = nullptr);

    QString text() const;
    // Replaces the text as an edit (undoable; modified state follows).
    void setText(const QString& text);
    // Replaces text and original bytes without detection (used by the
    // conflict flow to keep the user's format/encoding choice).
    void resetTo(const QByteArray& bytes);

    Validation validation() const;
    // Pretty-prints in place (undoable). false + *error when refused.
    bool prettyPrint(QString* error = nullptr);

    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return readOnly_; }
    QPlainTextEdit* textEdit() const { return edit_; }
    // The line under the editor: validation result or last refusal.
    QString statusText() const;

signals:
    void modifiedChanged(bool modified);
    // A refusal the user should see (encoding switch, pretty-print).
    void problem(const QString& sentence);

protected:
    // LanguageChange: every text again (labels, combos, status, size).
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void showText(const QString& text);
    void syncCombos();
    void revalidate();
    void updateEncodingItems();
    void onFormatPicked(int index);
    void onEncodingPicked(int index);
    void goToError();

    QLabel* formatLabel_ = nullptr;
    QLabel* encodingLabel_ = nullptr;
    QComboBox* formatBox_;
    QComboBox* encodingBox_;
    QPushButton* prettyButton_;
    QPlainTextEdit* edit_;
    QLabel* status_;
    QLabel* sizeLabel_;
    SyntaxHighlighter* highlighter_;
    QTimer* validateTimer_;

    QByteArray original_;
    bool isNull_ = false;
    DataFormat format_ = DataFormat::Text;
    TextEncoding encoding_ = TextEncoding::Utf8;
    bool readOnly_ = false;
    bool lastModified_ = false;
    bool syncing_ = false;
    Validation lastValidation_;
    QString lastProblem_;
};

}  // namespace zooscope::ui
