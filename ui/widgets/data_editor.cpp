#include "widgets/data_editor.h"

#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>

#include "widgets/syntax_highlighter.h"

namespace zooscope::ui {

DataEditor::DataEditor(QWidget* parent)
    : QWidget(parent),
      formatBox_(new QComboBox(this)),
      encodingBox_(new QComboBox(this)),
      prettyButton_(new QPushButton(this)),
      edit_(new QPlainTextEdit(this)),
      status_(new QLabel(this)),
      sizeLabel_(new QLabel(this)),
      highlighter_(new SyntaxHighlighter(edit_->document())),
      validateTimer_(new QTimer(this)) {
    formatBox_->setObjectName(QStringLiteral("formatBox"));
    encodingBox_->setObjectName(QStringLiteral("encodingBox"));
    prettyButton_->setObjectName(QStringLiteral("prettyButton"));
    edit_->setObjectName(QStringLiteral("dataText"));
    status_->setObjectName(QStringLiteral("dataStatus"));
    for (DataFormat f : allFormats()) formatBox_->addItem(QString(), int(f));
    for (TextEncoding e : allEncodings()) encodingBox_->addItem(QString(), int(e));

    edit_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit_->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit_->setTabChangesFocus(false);
    status_->setTextInteractionFlags(Qt::LinksAccessibleByMouse);
    status_->setWordWrap(true);
    sizeLabel_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto* bar = new QHBoxLayout;
    formatLabel_ = new QLabel(this);
    formatLabel_->setBuddy(formatBox_);
    encodingLabel_ = new QLabel(this);
    encodingLabel_->setBuddy(encodingBox_);
    retranslateUi();
    bar->addWidget(formatLabel_);
    bar->addWidget(formatBox_);
    bar->addSpacing(12);
    bar->addWidget(encodingLabel_);
    bar->addWidget(encodingBox_);
    bar->addSpacing(12);
    bar->addWidget(prettyButton_);
    bar->addStretch(1);
    bar->addWidget(sizeLabel_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(edit_, 1);
    layout->addWidget(status_);

    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    highlighter_->setDark(dark);

    validateTimer_->setSingleShot(true);
    validateTimer_->setInterval(150);
    connect(validateTimer_, &QTimer::timeout, this, &DataEditor::revalidate);
    connect(edit_, &QPlainTextEdit::textChanged, this, [this] {
        if (syncing_) return;
        validateTimer_->start();
        const bool m = isModified();
        if (m != lastModified_) {
            lastModified_ = m;
            emit modifiedChanged(m);
        }
    });
    connect(formatBox_, &QComboBox::activated, this, &DataEditor::onFormatPicked);
    connect(encodingBox_, &QComboBox::activated, this, &DataEditor::onEncodingPicked);
    connect(prettyButton_, &QPushButton::clicked, this, [this] {
        QString error;
        if (!prettyPrint(&error)) emit problem(error);
    });
    connect(status_, &QLabel::linkActivated, this, [this] { goToError(); });
    setBytes({});
}

void DataEditor::retranslateUi() {
    formatLabel_->setText(tr("&Format:"));
    encodingLabel_->setText(tr("&Encoding:"));
    prettyButton_->setText(tr("Pretty-print"));
    for (int i = 0; i < formatBox_->count(); ++i)
        formatBox_->setItemText(i, formatName(DataFormat(formatBox_->itemData(i).toInt())));
    for (int i = 0; i < encodingBox_->count(); ++i)
        encodingBox_->setItemText(i, encodingName(TextEncoding(encodingBox_->itemData(i).toInt())));
    formatBox_->setToolTip(tr("How the data is read: detected when the node is loaded; choose another to "
                              "validate and highlight it differently."));
    encodingBox_->setToolTip(tr("How the bytes become text. Only encodings that give back exactly the same "
                                "bytes can be chosen; anything else is edited as hex."));
    prettyButton_->setToolTip(tr("Reformat the text with indentation (undo with Ctrl+Z)."));
}

void DataEditor::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() != QEvent::LanguageChange) return;
    retranslateUi();
    revalidate();  // the status line and the size
}

void DataEditor::setBytes(const QByteArray& bytes, bool isNull) {
    original_ = bytes;
    isNull_ = isNull;
    format_ = detectFormat(bytes);
    encoding_ = format_ == DataFormat::Binary ? TextEncoding::Hex : suggestEncoding(bytes);
    highlighter_->setDataFormat(format_);
    showText(decode(bytes, encoding_).text);
    edit_->document()->clearUndoRedoStacks();
    lastProblem_.clear();
    updateEncodingItems();
    syncCombos();
    revalidate();
    if (lastModified_) {
        lastModified_ = false;
        emit modifiedChanged(false);
    }
}

void DataEditor::resetTo(const QByteArray& bytes) {
    original_ = bytes;
    isNull_ = false;
    Decoded d = decode(bytes, encoding_);
    if (!d.exact) {  // keep the no-loss promise even if the new bytes need hex
        encoding_ = TextEncoding::Hex;
        format_ = DataFormat::Binary;
        highlighter_->setDataFormat(format_);
        d = decode(bytes, encoding_);
    }
    showText(d.text);
    edit_->document()->clearUndoRedoStacks();
    updateEncodingItems();
    syncCombos();
    revalidate();
    const bool m = isModified();
    if (m != lastModified_) {
        lastModified_ = m;
        emit modifiedChanged(m);
    }
}

void DataEditor::showText(const QString& text) {
    syncing_ = true;
    edit_->setPlainText(text);
    syncing_ = false;
}

std::optional<QByteArray> DataEditor::currentBytes(QString* error) const {
    return encode(edit_->toPlainText(), encoding_, error);
}

bool DataEditor::isModified() const {
    const auto b = currentBytes();
    return !b || *b != original_;
}

QString DataEditor::text() const { return edit_->toPlainText(); }

void DataEditor::setText(const QString& text) {
    QTextCursor c(edit_->document());
    c.select(QTextCursor::Document);
    c.insertText(text);
}

void DataEditor::setDataFormat(DataFormat format) {
    if (format == DataFormat::Binary && encoding_ != TextEncoding::Hex) {
        QString error;
        if (!setEncoding(TextEncoding::Hex, &error)) {
            emit problem(error);
            syncCombos();
            return;
        }
    } else if (format != DataFormat::Binary && format_ == DataFormat::Binary && encoding_ == TextEncoding::Hex) {
        const auto bytes = currentBytes();
        if (bytes && decode(*bytes, TextEncoding::Utf8).exact) {
            setEncoding(TextEncoding::Utf8);
        } else {
            lastProblem_ = tr("These bytes are not valid UTF-8, so they stay in hex to keep them exact.");
            emit problem(lastProblem_);
        }
    }
    format_ = format;
    highlighter_->setDataFormat(format);
    syncCombos();
    revalidate();
}

bool DataEditor::setEncoding(TextEncoding encoding, QString* error) {
    if (encoding == encoding_) return true;
    QString why;
    const auto bytes = currentBytes(&why);
    if (!bytes) {
        if (error) *error = tr("The text cannot be kept as %1: %2").arg(encodingName(encoding_), why);
        return false;
    }
    const Decoded d = decode(*bytes, encoding);
    if (!d.exact) {
        if (error)
            *error = tr("These bytes are not valid %1: showing them that way would change them. "
                        "Choose another encoding or hex.")
                         .arg(encodingName(encoding));
        return false;
    }
    encoding_ = encoding;
    // Replace as one undoable edit so the modified state follows the bytes.
    syncing_ = true;
    setText(d.text);
    syncing_ = false;
    if (encoding == TextEncoding::Hex && format_ != DataFormat::Binary) {
        format_ = DataFormat::Binary;
        highlighter_->setDataFormat(format_);
    } else if (encoding != TextEncoding::Hex && format_ == DataFormat::Binary) {
        format_ = detectFormat(d.text.toUtf8());
        if (format_ == DataFormat::Binary) format_ = DataFormat::Text;
        highlighter_->setDataFormat(format_);
    }
    lastProblem_.clear();
    syncCombos();
    revalidate();
    return true;
}

void DataEditor::updateEncodingItems() {
    // Grey out encodings that would not give the current bytes back.
    auto* model = qobject_cast<QStandardItemModel*>(encodingBox_->model());
    const auto bytes = currentBytes();
    for (int i = 0; i < encodingBox_->count(); ++i) {
        const auto e = TextEncoding(encodingBox_->itemData(i).toInt());
        const bool ok = bytes && decode(*bytes, e).exact;
        if (model) model->item(i)->setEnabled(ok || e == encoding_);
    }
}

void DataEditor::syncCombos() {
    formatBox_->setCurrentIndex(formatBox_->findData(int(format_)));
    encodingBox_->setCurrentIndex(encodingBox_->findData(int(encoding_)));
    prettyButton_->setEnabled(!readOnly_ && format_ != DataFormat::Text && format_ != DataFormat::Binary);
}

void DataEditor::onFormatPicked(int index) {
    setDataFormat(DataFormat(formatBox_->itemData(index).toInt()));
}

void DataEditor::onEncodingPicked(int index) {
    QString error;
    if (!setEncoding(TextEncoding(encodingBox_->itemData(index).toInt()), &error)) {
        lastProblem_ = error;
        emit problem(error);
        syncCombos();
        revalidate();
    }
    updateEncodingItems();
}

Validation DataEditor::validation() const { return validate(format_, edit_->toPlainText()); }

void DataEditor::revalidate() {
    validateTimer_->stop();
    lastValidation_ = validation();
    QList<QTextEdit::ExtraSelection> marks;
    QString line;
    if (!lastProblem_.isEmpty()) {
        line = lastProblem_.toHtmlEscaped();
        status_->setStyleSheet(QStringLiteral("color: palette(highlight);"));
    } else if (!lastValidation_.ok) {
        line = tr("<a href=\"#error\">Line %1, column %2</a>: %3")
                   .arg(lastValidation_.line)
                   .arg(lastValidation_.column)
                   .arg(lastValidation_.message.toHtmlEscaped());
        status_->setStyleSheet(QStringLiteral("color: #c0392b;"));
        QTextEdit::ExtraSelection sel;
        QTextCursor c(edit_->document());
        c.setPosition(int(offsetOf(edit_->toPlainText(), lastValidation_.line, lastValidation_.column)));
        c.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
        if (!c.hasSelection()) c.movePosition(QTextCursor::PreviousCharacter, QTextCursor::KeepAnchor);
        sel.cursor = c;
        sel.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        sel.format.setUnderlineColor(QColor(0xc0, 0x39, 0x2b));
        sel.format.setBackground(QColor(0xc0, 0x39, 0x2b, 60));
        marks << sel;
    } else if (format_ == DataFormat::Text || format_ == DataFormat::Binary) {
        line = isNull_ && !isModified() ? tr("The node holds no data (null).") : QString();
        status_->setStyleSheet({});
    } else {
        line = tr("Valid %1.").arg(formatName(format_));
        status_->setStyleSheet(QStringLiteral("color: #1e8449;"));
    }
    status_->setText(line);
    edit_->setExtraSelections(marks);
    const auto bytes = currentBytes();
    sizeLabel_->setText(bytes ? tr("%n byte(s)", nullptr, int(bytes->size())) : tr("cannot be encoded"));
}

QString DataEditor::statusText() const { return status_->text(); }

bool DataEditor::prettyPrint(QString* error) {
    QString why;
    const auto pretty = zooscope::ui::prettyPrint(format_, edit_->toPlainText(), &why);
    if (!pretty) {
        lastProblem_ = why;
        revalidate();
        lastProblem_.clear();
        if (error) *error = why;
        return false;
    }
    if (*pretty != edit_->toPlainText()) setText(*pretty);
    revalidate();
    return true;
}

void DataEditor::setReadOnly(bool readOnly) {
    readOnly_ = readOnly;
    edit_->setReadOnly(readOnly);
    syncCombos();
}

void DataEditor::goToError() {
    if (lastValidation_.ok) return;
    QTextCursor c(edit_->document());
    c.setPosition(int(offsetOf(edit_->toPlainText(), lastValidation_.line, lastValidation_.column)));
    edit_->setTextCursor(c);
    edit_->setFocus();
}

}  // namespace zooscope::ui
