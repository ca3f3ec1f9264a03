// ConsoleRunner: runs the lines typed into one cluster tab's console, one at
// a time, never on the GUI thread.
// - A zooscope-ctl command (the grammar of the CLI, core/ctl's run(), not a
//   copy of it) runs on a thread of its own against the tab's connection
//   (ClientAdapter::clientShared()); a recipe command (members, watch...)
//   gets a session of its own from the library, with the same credentials.
// - A four-letter word (`4lw WORD [HOST:PORT]`, or a bare word such as
//   `srvr` alone or followed by HOST:PORT) goes through FourLetterWordClient
//   living on a second thread; by default to the server the session uses.
// Output arrives as output() in whole lines while it comes (a `watch` runs
// until stop()), then finished() once with the exit code.
//
// The guard is the caller's to ask first (ConsolePage asks WriteGuard as the
// browser does, from classify()'s changesTree); start()'s writesAllowed is
// handed to run() too, which refuses a write again if the caller did not.
//
// Threads: lives on the GUI thread and is used only there; signals are
// emitted there. The GUI thread never waits on the network: ~ConsoleRunner
// asks the command to stop and joins it (commands end on a stop request;
// a pending word is dropped).
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QThread>

#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "zooscope/alert_rules.h"
#include "zooscope/ensemble_sample.h"

namespace zooscope::ui {

class ClientAdapter;

class ConsoleRunner : public QObject {
    Q_OBJECT
public:
    // The words a bare line may name (ZooKeeper 3.8's four-letter words).
    static const QStringList& fourLetterWords();

    // What a typed line is. Pure.
    struct Line {
        enum class Kind { Empty, Command, FourLetterWord, Invalid };
        Kind kind = Kind::Empty;
        std::vector<std::string> args;  // Command: run()'s arguments ("help" -> --help)
        QString word;                   // FourLetterWord
        QString server;                 // FourLetterWord: "host:port", "" = the session's server
        QString command;                // Command: as typed ("ls", "stream setup"); "" if the grammar refuses it
        bool changesTree = false;       // Command: what the read-only guard refuses
        QString error;                  // Invalid: an English sentence (the command side, like zkCli's)
    };
    static Line classify(const QString& text);

    explicit ConsoleRunner(ClientAdapter* adapter, QObject* parent = nullptr);
    ~ConsoleRunner() override;

    // Where the tab's servers' AdminServers listen and the profile's alert
    // thresholds: `ensemble` and `watches` use them as --profile would
    // (the line's --admin-port goes over them). For lines started from now on.
    void setProfileServers(const monitor::AdminPorts& adminPorts, const monitor::AlertThresholds& thresholds);

    bool isRunning() const { return running_; }
    // Starts `line` (Command or FourLetterWord); false when one is running
    // or the line is neither.
    bool start(const Line& line, bool writesAllowed);
    // Asks the running command to stop (a watch ends, waits end with 130).
    void stop();

signals:
    // Text the command wrote (stderr: error), whole lines while it runs.
    void output(const QString& text, bool error);
    // The line ended: its exit code (ctl's codes; a word: 0, or 3 without an
    // answer, 1 when the server refused it).
    void finished(int exitCode);

private:
    void startCommand(const std::vector<std::string>& args, bool writesAllowed);
    void startWord(const QString& word, const QString& server);
    void end(int exitCode);
    QString defaultServer() const;

    QPointer<ClientAdapter> adapter_;
    std::optional<std::pair<monitor::AdminPorts, monitor::AlertThresholds>> profileServers_;
    bool running_ = false;
    std::thread worker_;  // the running command
    std::stop_source stop_;
    QThread wordThread_;              // four-letter words
    QObject* wordContext_ = nullptr;  // lives on wordThread_; parent of the word clients
};

}  // namespace zooscope::ui
