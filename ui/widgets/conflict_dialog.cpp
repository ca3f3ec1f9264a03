#include "widgets/conflict_dialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBlock>
#include <QVBoxLayout>

namespace zooscope::ui {

namespace {

QPlainTextEdit* makePane(QWidget* parent, const QString& name, bool readOnly) {
    auto* e = new QPlainTextEdit(parent);
    e->setObjectName(name);
    e->setReadOnly(readOnly);
    e->setLineWrapMode(QPlainTextEdit::NoWrap);
    e->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return e;
}

// Line backgrounds for the marks; translucent so they work on light and dark.
void paintMarks(QPlainTextEdit* edit, const QList<LineMark>& marks) {
    QList<QTextEdit::ExtraSelection> sels;
    QTextBlock block = edit->document()->firstBlock();
    for (int i = 0; block.isValid() && i < marks.size(); ++i, block = block.next()) {
        if (marks[i] == LineMark::Same) continue;
        QTextEdit::ExtraSelection s;
        s.cursor = QTextCursor(block);
        s.format.setProperty(QTextFormat::FullWidthSelection, true);
        s.format.setBackground(marks[i] == LineMark::Conflict ? QColor(231, 76, 60, 90) : QColor(46, 204, 113, 80));
        sels << s;
    }
    edit->setExtraSelections(sels);
}

}  // namespace

ConflictDialog::ConflictDialog(QWidget* parent)
    : QDialog(parent),
      summary_(new QLabel(this)),
      baseTitle_(new QLabel(this)),
      theirsTitle_(new QLabel(this)),
      mineTitle_(new QLabel(this)),
      base_(makePane(this, QStringLiteral("basePane"), true)),
      theirs_(makePane(this, QStringLiteral("theirsPane"), true)),
      mine_(makePane(this, QStringLiteral("minePane"), true)),
      result_(makePane(this, QStringLiteral("resultPane"), false)),
      resultState_(new QLabel(this)),
      saveButton_(nullptr) {
    setObjectName(QStringLiteral("conflictDialog"));
    setWindowTitle(tr("Edit conflict"));
    summary_->setWordWrap(true);
    resultState_->setObjectName(QStringLiteral("resultState"));

    auto* panes = new QWidget(this);
    auto* grid = new QGridLayout(panes);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(baseTitle_, 0, 0);
    grid->addWidget(theirsTitle_, 0, 1);
    grid->addWidget(mineTitle_, 0, 2);
    grid->addWidget(base_, 1, 0);
    grid->addWidget(theirs_, 1, 1);
    grid->addWidget(mine_, 1, 2);

    // Scroll the three panes together: they show the same document's versions.
    for (QPlainTextEdit* a : {base_, theirs_, mine_})
        for (QPlainTextEdit* b : {base_, theirs_, mine_})
            if (a != b) connect(a->verticalScrollBar(), &QScrollBar::valueChanged, b->verticalScrollBar(), &QScrollBar::setValue);

    auto* resultBox = new QWidget(this);
    auto* resultLayout = new QVBoxLayout(resultBox);
    resultLayout->setContentsMargins(0, 0, 0, 0);
    auto* resultHeader = new QHBoxLayout;
    resultHeader->addWidget(new QLabel(tr("<b>Result</b> (edit it, then choose what to do):"), resultBox), 1);
    auto* takeTheirs = new QPushButton(tr("Use server's"), resultBox);
    auto* takeMine = new QPushButton(tr("Use mine"), resultBox);
    auto* takeMerge = new QPushButton(tr("Merge again"), resultBox);
    takeTheirs->setObjectName(QStringLiteral("useTheirs"));
    takeMine->setObjectName(QStringLiteral("useMine"));
    resultHeader->addWidget(takeTheirs);
    resultHeader->addWidget(takeMine);
    resultHeader->addWidget(takeMerge);
    resultLayout->addLayout(resultHeader);
    resultLayout->addWidget(result_, 1);
    resultLayout->addWidget(resultState_);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(panes);
    split->addWidget(resultBox);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    auto* buttons = new QDialogButtonBox(this);
    saveButton_ = buttons->addButton(tr("&Save against the server's version"), QDialogButtonBox::AcceptRole);
    auto* overwrite = buttons->addButton(tr("&Overwrite..."), QDialogButtonBox::DestructiveRole);
    auto* reload = buttons->addButton(tr("&Reload (discard my edit)"), QDialogButtonBox::ResetRole);
    auto* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    saveButton_->setObjectName(QStringLiteral("saveMerged"));
    overwrite->setObjectName(QStringLiteral("overwrite"));
    reload->setObjectName(QStringLiteral("reload"));
    overwrite->setToolTip(tr("Write the result whatever the server has now (asks first)."));
    reload->setToolTip(tr("Throw away your edit and show what the server has now."));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary_);
    layout->addWidget(split, 1);
    layout->addWidget(buttons);

    connect(saveButton_, &QPushButton::clicked, this, [this] { choose(Choice::SaveMerged); });
    connect(overwrite, &QPushButton::clicked, this, [this] { choose(Choice::Overwrite); });
    connect(reload, &QPushButton::clicked, this, [this] { choose(Choice::Reload); });
    connect(cancel, &QPushButton::clicked, this, [this] { choose(Choice::Cancel); });
    connect(takeTheirs, &QPushButton::clicked, this, [this] { setResultText(input_.theirs); });
    connect(takeMine, &QPushButton::clicked, this, [this] { setResultText(input_.mine); });
    connect(takeMerge, &QPushButton::clicked, this, [this] { setResultText(merge_.text); });
    connect(result_, &QPlainTextEdit::textChanged, this, &ConflictDialog::refreshResultState);
    resize(1100, 700);
}

void ConflictDialog::setInput(const ConflictInput& input) {
    input_ = input;
    merge_ = merge3(input.base, input.theirs, input.mine);
    summary_->setText(
        tr("<b>%1 changed on the server since you loaded it</b> (version %2, now %3). "
           "Green lines changed on one side; red lines changed on both sides differently. "
           "Data shown as %4.")
            .arg(input.path.toHtmlEscaped())
            .arg(input.baseVersion)
            .arg(input.theirsVersion)
            .arg(input.encodingName.toHtmlEscaped()) +
        (input.note.isEmpty() ? QString() : QLatin1Char(' ') + input.note.toHtmlEscaped()));
    baseTitle_->setText(tr("<b>Loaded</b> (version %1)").arg(input.baseVersion));
    theirsTitle_->setText(tr("<b>Server now</b> (version %1)").arg(input.theirsVersion));
    mineTitle_->setText(tr("<b>Your edit</b>"));
    base_->setPlainText(input.base);
    theirs_->setPlainText(input.theirs);
    mine_->setPlainText(input.mine);
    paintMarks(base_, merge_.baseMarks);
    paintMarks(theirs_, merge_.theirsMarks);
    paintMarks(mine_, merge_.mineMarks);
    result_->setPlainText(merge_.text);
    saveButton_->setText(tr("&Save against version %1").arg(input.theirsVersion));
    refreshResultState();
}

QString ConflictDialog::resultText() const { return result_->toPlainText(); }

void ConflictDialog::setResultText(const QString& text) { result_->setPlainText(text); }

bool ConflictDialog::resultHasConflicts() const { return hasConflictMarkers(result_->toPlainText()); }

void ConflictDialog::refreshResultState() {
    if (resultHasConflicts()) {
        resultState_->setText(tr("The result still has conflict markers (<<<<<<< ... >>>>>>>): "
                                 "edit them away, or pick a side above."));
        resultState_->setStyleSheet(QStringLiteral("color: #c0392b;"));
    } else if (merge_.conflicts == 0) {
        resultState_->setText(tr("Both changes merged without conflict. Check the result, then save."));
        resultState_->setStyleSheet(QStringLiteral("color: #1e8449;"));
    } else {
        resultState_->setText(tr("Conflicts resolved. Check the result, then save."));
        resultState_->setStyleSheet(QStringLiteral("color: #1e8449;"));
    }
}

void ConflictDialog::choose(Choice choice) {
    emit chosen(choice);
    if (choice == Choice::Cancel)
        reject();
    else
        accept();
}

}  // namespace zooscope::ui
