#include "settings/console_history.h"

namespace zooscope::ui {

ConsoleHistory::ConsoleHistory(QSettings* settings, const QString& profileId)
    : settings_(settings), profileId_(profileId) {
    if (settings_) lines_ = settings_->value(key()).toStringList();
    while (lines_.size() > kMaxLines) lines_.removeFirst();
    persistent_ = lines_;
    cursor_ = int(lines_.size());
}

QString ConsoleHistory::key() const { return QStringLiteral("consoleHistory/%1/lines").arg(profileId_); }

void ConsoleHistory::save() const {
    if (!settings_) return;
    if (persistent_.isEmpty())
        settings_->remove(key());
    else
        settings_->setValue(key(), persistent_);
}

void ConsoleHistory::add(const QString& line) {
    reset();
    if (line.trimmed().isEmpty() || (!lines_.isEmpty() && lines_.last() == line)) return;
    lines_.append(line);
    while (lines_.size() > kMaxLines) lines_.removeFirst();
    cursor_ = int(lines_.size());
    for (const QString& secret : secrets_)
        if (!secret.isEmpty() && line.contains(secret)) return;
    if (persistent_.isEmpty() || persistent_.last() != line) persistent_.append(line);
    while (persistent_.size() > kMaxLines) persistent_.removeFirst();
    save();
}

void ConsoleHistory::forget() {
    lines_.clear();
    persistent_.clear();
    if (settings_) settings_->remove(QStringLiteral("consoleHistory/%1").arg(profileId_));
    reset();
}

std::optional<QString> ConsoleHistory::previous(const QString& typing) {
    if (cursor_ == 0) return std::nullopt;
    if (cursor_ == int(lines_.size())) typing_ = typing;
    return lines_.at(--cursor_);
}

std::optional<QString> ConsoleHistory::next() {
    if (cursor_ >= int(lines_.size())) return std::nullopt;
    ++cursor_;
    return cursor_ == int(lines_.size()) ? typing_ : lines_.at(cursor_);
}

void ConsoleHistory::reset() {
    cursor_ = int(lines_.size());
    typing_.clear();
}

}  // namespace zooscope::ui
