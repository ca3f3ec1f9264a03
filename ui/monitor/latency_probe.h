// LatencyProbe: the round trip of one request through a session (an
// exists("/") sent through the ClientAdapter), the latency the status bar
// shows for the server the session uses.
//
// - Asynchronous: measure() returns at once; `done` runs later on the GUI
//   thread with the milliseconds, or -1 when the request failed.
// - One probe in flight: measure() while one is pending joins it, so a slow
//   server never piles up probes.
// - Bounded by the session: a request ends with its answer or, when the
//   connection goes, with ConnectionLoss (the client's timeouts).
// - Destroying the probe (or the adapter) drops the pending `done`s.
// Threads: GUI thread only, like the adapter.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>
#include <vector>

namespace zooscope::ui {

class ClientAdapter;

class LatencyProbe : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(qint64 ms)>;
    explicit LatencyProbe(ClientAdapter* adapter, QObject* parent = nullptr);

    void measure(Done done);
    bool isPending() const { return !waiting_.empty(); }

private:
    QPointer<ClientAdapter> adapter_;
    QElapsedTimer clock_;
    std::vector<Done> waiting_;
};

}  // namespace zooscope::ui
