#include "widgets/console_page.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QStringListModel>
#include <QTextCharFormat>
#include <QVBoxLayout>

#include "adapter/client_adapter.h"
#include "session/console_runner.h"
#include "session/write_guard.h"
#include "settings/console_history.h"

namespace zooscope::ui {

namespace {

constexpr int kMaxOutputLines = 20000;  // older lines go: bounded memory under `watch`

// The parent whose children complete `path` ("/a/b" -> "/a", "/a" -> "/").
QString parentOf(const QString& path) {
    const qsizetype slash = path.lastIndexOf('/');
    return slash <= 0 ? QStringLiteral("/") : path.left(slash);
}

// The session's digest passwords: console lines holding one are not saved.
QStringList sessionSecrets(const ClientAdapter* adapter) {
    QStringList secrets;
    for (const client::AuthInfo& a : adapter->options().auth) {
        const std::string& id = a.credential;
        const size_t colon = id.find(':');
        if (a.scheme == "digest" && colon != std::string::npos) secrets << QString::fromStdString(id.substr(colon + 1));
    }
    return secrets;
}

}  // namespace

ConsolePage::ConsolePage(ClientAdapter* adapter, WriteGuard* guard, const QString& profileId, QWidget* parent)
    : QWidget(parent),
      adapter_(adapter),
      guard_(guard),
      profileId_(profileId),
      runner_(new ConsoleRunner(adapter, this)),
      history_(std::make_unique<ConsoleHistory>(nullptr, profileId)),
      output_(new QPlainTextEdit),
      input_(new QLineEdit),
      run_(new QPushButton),
      stop_(new QPushButton),
      clear_(new QPushButton),
      completer_(new QCompleter(this)),
      completions_(new QStringListModel(this)) {
    output_->setObjectName("consoleOutput");
    output_->setReadOnly(true);
    output_->setMaximumBlockCount(kMaxOutputLines);
    output_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    output_->setLineWrapMode(QPlainTextEdit::NoWrap);
    input_->setObjectName("consoleInput");
    input_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    input_->setClearButtonEnabled(true);
    input_->installEventFilter(this);
    run_->setObjectName("consoleRun");
    stop_->setObjectName("consoleStop");
    stop_->setEnabled(false);
    clear_->setObjectName("consoleClear");

    completer_->setModel(completions_);
    completer_->setWidget(input_);
    completer_->setCompletionMode(QCompleter::PopupCompletion);
    completer_->setCaseSensitivity(Qt::CaseSensitive);
    completer_->setModelSorting(QCompleter::CaseSensitivelySortedModel);

    auto* row = new QHBoxLayout;
    row->addWidget(input_, 1);
    row->addWidget(run_);
    row->addWidget(stop_);
    row->addWidget(clear_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(output_, 1);
    layout->addLayout(row);

    connect(input_, &QLineEdit::returnPressed, this, [this] {
        if (completer_->popup()->isVisible()) return;
        runLine(input_->text());
    });
    connect(input_, &QLineEdit::textEdited, this, &ConsolePage::updateCompletion);
    connect(completer_, qOverload<const QString&>(&QCompleter::activated), this, &ConsolePage::insertCompletion);
    connect(run_, &QPushButton::clicked, this, [this] { runLine(input_->text()); });
    connect(stop_, &QPushButton::clicked, this, &ConsolePage::stop);
    connect(clear_, &QPushButton::clicked, output_, &QPlainTextEdit::clear);
    connect(runner_, &ConsoleRunner::output, this, &ConsolePage::append);
    connect(runner_, &ConsoleRunner::finished, this, [this](int code) {
        if (code != 0) appendNote(tr("[exit %1]", "after a console command that failed").arg(code));
        run_->setEnabled(true);
        stop_->setEnabled(false);
        emit finished(code);
    });
    // A new session may see another tree: ask again.
    connect(adapter_, &ClientAdapter::stateChanged, this, [this] { listedParent_.clear(); });

    retranslateUi();
}

ConsolePage::~ConsolePage() = default;

void ConsolePage::setHistorySettings(QSettings* settings) {
    history_ = std::make_unique<ConsoleHistory>(settings, profileId_);
}

void ConsolePage::setProfileServers(const monitor::AdminPorts& adminPorts, const monitor::AlertThresholds& thresholds) {
    runner_->setProfileServers(adminPorts, thresholds);
}

bool ConsolePage::isRunning() const { return runner_->isRunning(); }

void ConsolePage::stop() { runner_->stop(); }

void ConsolePage::runLine(const QString& text) {
    if (runner_->isRunning()) return;
    const ConsoleRunner::Line line = ConsoleRunner::classify(text);
    if (line.kind == ConsoleRunner::Line::Kind::Empty) return;
    history_->setSecrets(sessionSecrets(adapter_));
    history_->add(text);
    input_->clear();
    completer_->popup()->hide();
    appendNote(QStringLiteral("› ") + text);
    if (line.kind == ConsoleRunner::Line::Kind::Invalid) {
        append(line.error + '\n', true);
        emit finished(2);
        return;
    }
    if (line.changesTree && guard_) {
        const QString action = tr("run “%1” in the console", "the guard's action; %1 is the command").arg(line.command);
        if (!guard_->check(action)) {  // the tab shows the sentence too, as for the browser's writes
            append(guard_->refusal(action) + '\n', true);
            emit finished(1);
            return;
        }
    }
    run_->setEnabled(false);
    stop_->setEnabled(true);
    runner_->start(line, !guard_ || guard_->writesAllowed());
}

void ConsolePage::append(const QString& text, bool error) {
    QTextCursor cursor(output_->document());
    cursor.movePosition(QTextCursor::End);
    QTextCharFormat format;
    if (error) format.setForeground(QColor(0xd0, 0x3a, 0x2f));
    cursor.insertText(text, format);
    output_->moveCursor(QTextCursor::End);
}

void ConsolePage::appendNote(const QString& text) {
    QTextCursor cursor(output_->document());
    cursor.movePosition(QTextCursor::End);
    QTextCharFormat format;
    format.setForeground(palette().color(QPalette::PlaceholderText));
    format.setFontWeight(QFont::Bold);
    if (!output_->document()->isEmpty() && !output_->toPlainText().endsWith('\n')) cursor.insertText("\n");
    cursor.insertText(text + '\n', format);
    output_->moveCursor(QTextCursor::End);
}

QString ConsolePage::pathBeforeCursor() const {
    const QString before = input_->text().left(input_->cursorPosition());
    const qsizetype blank = before.lastIndexOf(' ');
    const QString word = before.mid(blank + 1);
    return word.startsWith('/') ? word : QString();
}

void ConsolePage::updateCompletion() {
    const QString path = pathBeforeCursor();
    if (path.isEmpty()) {
        completer_->popup()->hide();
        return;
    }
    const QString parent = parentOf(path);
    if (parent != listedParent_) {
        if (parent == askedParent_) return;  // its answer completes
        askedParent_ = parent;
        adapter_->getChildren(parent, false, [this, self = QPointer<ConsolePage>(this), parent](auto r) {
            if (!self || askedParent_ != parent) return;
            askedParent_.clear();
            QStringList paths;
            if (r.ok())
                for (const std::string& name : r.value)
                    paths << (parent == "/" ? QString() : parent) + '/' + QString::fromStdString(name);
            paths.sort();
            completions_->setStringList(paths);
            listedParent_ = parent;
            if (pathBeforeCursor().startsWith(parent)) updateCompletion();
        });
        return;
    }
    completer_->setCompletionPrefix(path);
    if (completer_->completionCount() == 0 ||
        (completer_->completionCount() == 1 && completer_->currentCompletion() == path)) {
        completer_->popup()->hide();
        return;
    }
    completer_->complete();
}

void ConsolePage::insertCompletion(const QString& path) {
    const int cursor = input_->cursorPosition();
    const QString typed = pathBeforeCursor();
    QString text = input_->text();
    text.replace(cursor - typed.size(), typed.size(), path);
    input_->setText(text);
    input_->setCursorPosition(int(cursor - typed.size() + path.size()));
}

bool ConsolePage::eventFilter(QObject* watched, QEvent* event) {
    if (watched == input_ && event->type() == QEvent::KeyPress && !completer_->popup()->isVisible()) {
        const auto* key = static_cast<QKeyEvent*>(event);
        std::optional<QString> line;
        if (key->key() == Qt::Key_Up)
            line = history_->previous(input_->text());
        else if (key->key() == Qt::Key_Down)
            line = history_->next();
        else
            return QWidget::eventFilter(watched, event);
        if (line) input_->setText(*line);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void ConsolePage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void ConsolePage::retranslateUi() {
    input_->setPlaceholderText(tr("A zooscope-ctl command (ls /, get PATH, help) or a four-letter word (srvr, mntr)"));
    run_->setText(tr("Run"));
    stop_->setText(tr("Stop"));
    stop_->setToolTip(tr("Ask the running command to stop (ends watch, lock waits...)"));
    clear_->setText(tr("Clear"));
    output_->setPlaceholderText(
        tr("Commands and their output are zooscope-ctl's (type help). Up and Down recall earlier lines; "
           "a path completes from the server as you type it."));
}

}  // namespace zooscope::ui
