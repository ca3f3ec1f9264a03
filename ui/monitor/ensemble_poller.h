// EnsemblePoller: asks every server of an ensemble how it is, once per
// interval, each server on a thread of its own (core/monitor's probeServer:
// its four-letter words and its AdminServer), and reports each answer as a
// queued signal on the poller's thread (the GUI thread).
//
// Contracts:
// - Independent: one probe loop (a std::thread) per server. A SIGSTOPped
//   server costs its own loop the probe's timeout and delays no other server
//   and never the GUI thread: nothing here waits on a loop, not even the
//   destructor (a loop still inside a probe finishes it and ends; the process
//   joins such loops at exit).
// - Each loop starts a probe every interval (or right after the previous one,
//   when that took longer); `sampled` arrives once per probe, in order per
//   server.
// - setTargets() keeps the loops of servers it names again (their interval
//   and transports stay), ends those it no longer names, starts the new ones.
// - A loop that setTargets() ended emits nothing more (not even a result it
//   had already queued); after stop() or destruction nothing is emitted.
// Threads: the poller lives on one thread (the GUI thread) and is used only
// there; the transports are called on the loops' threads and must be
// thread-safe (the real ones are).
#pragma once

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <map>
#include <memory>

#include "zooscope/server_probe.h"

namespace zooscope::ui {

struct PollTarget {
    QString server;  // as the user wrote it ("host:port"), the key of its results
    monitor::ProbeTarget target;
    friend bool operator==(const PollTarget& a, const PollTarget& b) {
        return a.server == b.server && a.target.client.host == b.target.client.host &&
               a.target.client.port == b.target.client.port &&
               a.target.admin.has_value() == b.target.admin.has_value() &&
               (!a.target.admin ||
                (a.target.admin->host == b.target.admin->host && a.target.admin->port == b.target.admin->port));
    }
};

struct PollResult {
    QString server;
    monitor::ServerSample sample;
    qint64 atMs = 0;    // wall clock (ms since the epoch) when the probe ended
    qint64 tookMs = 0;  // how long the probe took
};

struct PollTransports {
    monitor::FourLetterWordTransport fourLetterWords;  // null: tcpFourLetterWordTransport()
    monitor::AdminTransport admin;                     // null: httpAdminTransport()
};

class EnsemblePoller : public QObject {
    Q_OBJECT
public:
    static constexpr int kDefaultIntervalMs = 1000;
    static constexpr int kDefaultTimeoutMs = 2000;

    explicit EnsemblePoller(PollTransports transports = {}, QObject* parent = nullptr);
    ~EnsemblePoller() override;

    // For loops started from now on.
    void setIntervalMs(int ms) { intervalMs_ = ms; }
    void setTimeoutMs(int ms) { timeoutMs_ = ms; }
    int intervalMs() const { return intervalMs_; }

    void setTargets(const QList<PollTarget>& targets);
    QList<PollTarget> targets() const;
    void stop() { setTargets({}); }

signals:
    void sampled(const zooscope::ui::PollResult& result);

private:
    class Loop;
    PollTransports transports_;
    int intervalMs_ = kDefaultIntervalMs;
    int timeoutMs_ = kDefaultTimeoutMs;
    std::map<QString, std::unique_ptr<Loop>> loops_;  // by PollTarget::server
};

}  // namespace zooscope::ui

Q_DECLARE_METATYPE(zooscope::ui::PollResult)
