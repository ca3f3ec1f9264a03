// ConsoleHistory: the lines typed into one profile's console, oldest first,
// kept in QSettings under "consoleHistory/<profile id>/lines" so they come
// back with the profile (and go with it: ProfileStore::remove does not know
// of them, forget() does).
//
// Contract:
// - add() skips an empty line and a repeat of the last one; the oldest go
//   beyond kMaxLines. A line holding one of the secrets given to
//   setSecrets() (the session's digest password) is kept for this run only,
//   never written: the settings file holds no secret.
// - Browsing is a cursor over the lines, as a shell's up/down arrows:
//   previous() walks back from the end (the line being typed is kept and
//   comes back when next() walks past the newest); add() and reset() put the
//   cursor back at the end.
// Threads: one thread (the GUI thread), like the QSettings it is given.
#pragma once

#include <QSettings>
#include <QString>
#include <QStringList>

#include <optional>

namespace zooscope::ui {

class ConsoleHistory {
public:
    static constexpr int kMaxLines = 500;

    // `settings` must outlive the history; nullptr: kept for this run only.
    ConsoleHistory(QSettings* settings, const QString& profileId);

    const QStringList& lines() const { return lines_; }
    void add(const QString& line);
    void setSecrets(const QStringList& secrets) { secrets_ = secrets; }
    // Removes this profile's history (memory and settings).
    void forget();

    // The line before the cursor; `typing` is what the line edit holds now
    // (kept when leaving the end). nullopt at the oldest line.
    std::optional<QString> previous(const QString& typing);
    // The line after the cursor, or the kept typing past the newest;
    // nullopt at the end already.
    std::optional<QString> next();
    void reset();

private:
    QString key() const;
    void save() const;

    QSettings* settings_;
    QString profileId_;
    QStringList lines_;        // what the user sees
    QStringList persistent_;   // what the settings file gets (no secret)
    QStringList secrets_;
    int cursor_ = 0;           // lines_.size() = at the end
    QString typing_;
};

}  // namespace zooscope::ui
