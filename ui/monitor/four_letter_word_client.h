// FourLetterWordClient: asks ONE server four-letter words ("srvr", "mntr",
// "ruok"...) over a plain TCP connection per word, as `nc host port` does.
//
// Made to be polled: a dashboard keeps one client per server of an ensemble
// and asks each of them every second.
// - Asynchronous: ask() returns at once; `done` runs later on the thread the
//   client lives on (the GUI thread), never inside the call. Connect, write
//   and read are socket signals: the thread never waits on the network.
// - Bounded: every ask ends, with an answer or an error, within its timeout
//   (connect and answer together), also against a server that accepts and
//   never answers (a SIGSTOPped server: the kernel still accepts).
// - Independent: each client has its own sockets, so a stalled server delays
//   only the asks of its own client. Asking a word that is still pending joins
//   that ask (its connection, its deadline, its reply) instead of opening
//   another, so a stalled server holds at most one socket per word.
// - Destroying the client drops every pending ask without calling `done`.
// Threads: lives on one thread and is used only there.
#pragma once

#include <QObject>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace zooscope::ui {

// A four-letter word's answer. refused: the server answered that the word is
// not in its 4lw.commands.whitelist (text holds that answer). error: no
// answer (no server, connect failure, timeout); a translated sentence.
struct FourLetterReply {
    QString command;
    QString text;
    bool refused = false;
    QString error;
    // From ask() to the end of the answer (the server closes the
    // connection); -1 when there was no answer.
    qint64 elapsedMs = -1;
    bool ok() const { return error.isEmpty() && !refused; }
};

// "host:port" as ZooKeeper and the C client print a server ("[v6]:port" for
// IPv6); nullopt when it is not one.
struct ServerAddress {
    QString host;
    quint16 port = 0;
    static std::optional<ServerAddress> parse(const QString& server);
};

class FourLetterWordClient : public QObject {
    Q_OBJECT
public:
    static constexpr int kDefaultTimeoutMs = 5000;
    using Done = std::function<void(const FourLetterReply&)>;

    // An empty host (or port 0) is "no server": every ask ends with an error
    // saying so.
    FourLetterWordClient(const QString& host, quint16 port, QObject* parent = nullptr);
    ~FourLetterWordClient() override;

    QString host() const { return host_; }
    quint16 port() const { return port_; }
    // Sends `command` and calls `done` once with the reply (see the contract
    // above). A joined ask keeps the pending ask's deadline.
    void ask(const QString& command, Done done, int timeoutMs = kDefaultTimeoutMs);
    // Words asked and not answered yet.
    int pendingCount() const { return int(pending_.size()); }

private:
    struct Pending;
    void finish(const QString& command, const QString& error);

    QString host_;
    quint16 port_;
    std::map<QString, std::unique_ptr<Pending>> pending_;  // by word
};

}  // namespace zooscope::ui
