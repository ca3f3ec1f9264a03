// ClusterStatusBar: the permanent part of the main window's status bar for the
// current cluster tab: connection state, server + version + mode (from the
// `srvr` four-letter word), session id (0x...), latency.
//
// Threads: GUI thread only. Pure parsing (parseSrvr) is thread-safe.
#pragma once

#include <QLabel>
#include <QString>
#include <QWidget>

#include <optional>

namespace zooscope::ui {

// What `srvr` said. whitelisted=false: the server answered that srvr is not in
// its 4lw.commands.whitelist (version and mode are then unknown).
struct SrvrInfo {
    bool answered = false;
    bool whitelisted = true;
    QString version;  // "3.8.0" (the part before the first '-' or ',')
    QString mode;     // "standalone", "leader", "follower", "observer", "read-only"
    QString zxid;
    qint64 nodeCount = -1;
};
SrvrInfo parseSrvr(const QString& text);

// Everything the bar shows, built by ClusterTab.
struct ClusterStatus {
    QString state;           // translated state name ("Connected"...)
    bool healthy = false;    // connected now (green) vs not (amber/red)
    bool terminal = false;   // expired / auth failed / closed (red)
    QString server;          // "host:port" or ""
    SrvrInfo srvr;
    QString srvrError;       // no answer to srvr (sentence) or ""
    qint64 sessionId = 0;
    qint64 latencyMs = -1;
    bool guarded = false;    // read-only guard on (locked)
};

class ClusterStatusBar : public QWidget {
    Q_OBJECT
public:
    explicit ClusterStatusBar(QWidget* parent = nullptr);
    void setStatus(const ClusterStatus& status);
    // No cluster tab open.
    void clear();

    // For tests: the labels' texts.
    QString stateText() const { return state_->text(); }
    QString serverText() const { return server_->text(); }
    QString sessionText() const { return session_->text(); }
    QString latencyText() const { return latency_->text(); }

    static QString sessionIdText(qint64 id);

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();

    std::optional<ClusterStatus> status_;  // nullopt: no cluster open
    QLabel* state_;
    QLabel* server_;
    QLabel* session_;
    QLabel* latency_;
};

}  // namespace zooscope::ui
