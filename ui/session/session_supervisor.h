// SessionSupervisor: keeps one cluster tab's session open and says how it is.
//
// Contracts:
// - open() starts a session from the profile. The digest password is kept
//   only to open a new session after an expiry; it is never logged.
// - Reconnect: a Suspended session is resumed by the C client itself. An
//   Expired session is replaced by a new one after a backoff of 1, 2, 4 ... 30
//   seconds (nextReconnectDelayMs); the backoff starts again at 1 s only after
//   a session stayed connected for stableSessionMs (60 s), so a cluster that
//   expires every new session is not hammered. AuthFailed and refused options
//   are not retried: retrying cannot fix them.
// - Probes while connected, at once and then periodically: the session's
//   latency (LatencyProbe, every 5 s) and the `srvr` four-letter word of the
//   server in use (FourLetterWordClient, every 60 s).
// - status() is what the status bar shows (all but the guard flag);
//   statusChanged() follows every change.
// - problem(): a sentence for the tab's message line (connection lost, session
//   expired and when the next one opens, credentials refused, cannot
//   connect); clearedByConnect = the sentence is stale once the session
//   serves again, which connected() announces.
// - Nothing here blocks the GUI thread.
// Threads: GUI thread only, like the adapter.
#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

#include "adapter/client_adapter.h"
#include "session/cluster_status.h"
#include "settings/profile_store.h"

namespace zooscope::ui {

class FourLetterWordClient;
class LatencyProbe;

// The supervisor's clock: the defaults are the app's; tests shorten them.
struct SessionTiming {
    int firstBackoffMs = 1000;
    int maxBackoffMs = 30000;
    int stableSessionMs = 60000;
    int latencyEveryMs = 5000;
    int srvrEveryMs = 60000;
};

class SessionSupervisor : public QObject {
    Q_OBJECT
public:
    // A session connected this long resets the backoff to its first step.
    static constexpr int kStableSessionMs = SessionTiming{}.stableSessionMs;

    SessionSupervisor(ClientAdapter* adapter, const ConnectionProfile& profile, const QString& password,
                      SessionTiming timing = {}, QObject* parent = nullptr);
    ~SessionSupervisor() override;

    // Opens the session; a refusal (bad options, the client cannot start)
    // comes as problem() and a terminal status.
    void open();
    // Ends the session for good: no reconnect, no probe, no signal about it.
    void close();

    ClusterStatus status() const;
    // Current reconnect delay (ms) after an expiry, 0 when none is pending.
    int pendingReconnectMs() const { return reconnectTimer_.isActive() ? reconnectDelayMs_ : 0; }
    // The delay after `previousMs` (0: none yet): first, then doubling up to max.
    static int nextReconnectDelayMs(int previousMs, const SessionTiming& timing = {});

signals:
    void statusChanged();
    void problem(const QString& text, bool clearedByConnect);
    // The session serves requests (Connected or Reconnected).
    void connected();

private:
    void onState(ClientAdapter::State state);
    void scheduleReconnect();
    void probeServer();
    void probeLatency();
    QString stateText() const;
    // "host:port" the four-letter words go to: the server in use, else the
    // first of the connect string; "" when there is no session.
    QString probeTarget() const;

    QPointer<ClientAdapter> adapter_;
    ConnectionProfile profile_;
    QString password_;  // only to reopen after an expiry; never logged
    SessionTiming timing_;
    ClusterStatus status_;  // state text: stateText(), in the current language
    ClientAdapter::State lastState_ = ClientAdapter::State::Disconnected;
    bool openFailed_ = false;
    bool closed_ = false;

    QTimer reconnectTimer_;
    int reconnectDelayMs_ = 0;
    QTimer stableTimer_;  // connected for stableSessionMs: reset the backoff
    QTimer latencyTimer_;
    QTimer srvrTimer_;
    LatencyProbe* latency_;
    FourLetterWordClient* fourLetter_ = nullptr;  // for probeTarget(); replaced when it changes
};

}  // namespace zooscope::ui
