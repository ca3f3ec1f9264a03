// ConsolePage: the console of a cluster tab. A line runs zooscope-ctl's
// commands (the CLI's grammar and output, through ConsoleRunner) or a raw
// four-letter word against the tab's connection; the output shows as it
// comes. Command names and output stay English, like zkCli's; the page
// around them is translated.
// - Completion: a path being typed is completed from the server (the
//   children of its parent, asked once per parent with getChildren).
// - History: up/down walk the lines typed before, kept per profile
//   (ConsoleHistory; in memory until setHistorySettings gives a file).
// - The guard: a line that would change the tree asks the tab's WriteGuard,
//   as the browser's writes do; refused, it is not run and the sentence
//   shows in the output and in the tab's message line.
// Threads: GUI thread only; nothing here waits on the network.
#pragma once

#include <QWidget>

#include <memory>

#include "zooscope/alert_rules.h"
#include "zooscope/ensemble_sample.h"

class QCompleter;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSettings;
class QStringListModel;

namespace zooscope::ui {

class ClientAdapter;
class ConsoleHistory;
class ConsoleRunner;
class WriteGuard;

class ConsolePage : public QWidget {
    Q_OBJECT
public:
    ConsolePage(ClientAdapter* adapter, WriteGuard* guard, const QString& profileId, QWidget* parent = nullptr);
    ~ConsolePage() override;

    // Where the history is kept (the app's settings); the profile's lines
    // come back from it. `settings` must outlive the page.
    void setHistorySettings(QSettings* settings);

    // The profile's AdminServer ports and alert thresholds, for `ensemble`
    // and `watches` (ConsoleRunner::setProfileServers).
    void setProfileServers(const monitor::AdminPorts& adminPorts, const monitor::AlertThresholds& thresholds);

    QLineEdit* input() const { return input_; }
    QPlainTextEdit* output() const { return output_; }
    QCompleter* completer() const { return completer_; }
    ConsoleHistory* history() const { return history_.get(); }
    bool isRunning() const;
    // Runs `line` as if typed and entered (tests, the Run button).
    void runLine(const QString& line);
    // Asks the running line to stop.
    void stop();

signals:
    void finished(int exitCode);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void append(const QString& text, bool error);
    void appendNote(const QString& text);
    void updateCompletion();
    void insertCompletion(const QString& path);
    QString pathBeforeCursor() const;
    void retranslateUi();

    ClientAdapter* adapter_;
    WriteGuard* guard_;
    QString profileId_;
    ConsoleRunner* runner_;
    std::unique_ptr<ConsoleHistory> history_;
    QPlainTextEdit* output_;
    QLineEdit* input_;
    QPushButton* run_;
    QPushButton* stop_;
    QPushButton* clear_;
    QCompleter* completer_;
    QStringListModel* completions_;
    QString listedParent_;   // whose children completions_ holds
    QString askedParent_;    // asked and not answered yet
};

}  // namespace zooscope::ui
