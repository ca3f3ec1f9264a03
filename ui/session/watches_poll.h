// WatchesPoll: keeps one cluster tab's Watches view fed. Every intervalMs
// (and on readNow()) it asks each server of the profile's connect string
// who watches what (core's readServerWatches: srvr, then wchs or the
// engine's wchk; with details wchc and cons; a word the whitelist refuses
// is asked of the AdminServer at the profile's port for that server) and
// hands the read to its WatchesModel.
//
// Contracts:
// - Details (sessions and their paths) are read only while setDetail(true):
//   wchc walks the server's whole watch table while it answers, on every
//   read that asks for it.
// - All server I/O runs on one loop thread of its own; the GUI thread only
//   merges the results. stop() and the destructor never wait for it: a loop
//   still inside a read finishes it and ends (RetiredThreads joins it), and
//   nothing of it arrives any more.
// Threads: GUI thread only (the loop is internal).
#pragma once

#include <QObject>

#include <memory>
#include <vector>

#include "settings/profile_store.h"
#include "zooscope/watch_readers.h"

namespace zooscope::ui {

class WatchesModel;

class WatchesPoll : public QObject {
    Q_OBJECT
public:
    static constexpr int kEveryMs = 10000;
    static constexpr int kTimeoutMs = 2000;  // per word, per server

    explicit WatchesPoll(const ConnectionProfile& profile, QObject* parent = nullptr);
    ~WatchesPoll() override;

    WatchesModel* model() const { return model_; }
    // The servers asked, as the connect string names them, with their
    // AdminServers where the profile names one.
    const std::vector<monitor::ProbeTarget>& targets() const { return targets_; }

    void start();
    void stop();
    bool isRunning() const { return loop_ != nullptr; }
    // From the next read on (a running loop reads again at once).
    void setIntervalMs(int ms);
    int intervalMs() const { return intervalMs_; }
    void setDetail(bool on);
    bool detail() const { return detail_; }
    void readNow();
    // Reads merged since construction (tests wait on it).
    int readsDone() const { return readsDone_; }

signals:
    // A read arrived (the model has it already).
    void read();

private:
    class Loop;
    void apply(const std::vector<readers::ServerWatches>& servers, qint64 atMs);

    WatchesModel* model_;
    std::vector<monitor::ProbeTarget> targets_;
    int intervalMs_ = kEveryMs;
    bool detail_ = false;
    int readsDone_ = 0;
    std::unique_ptr<Loop> loop_;
};

}  // namespace zooscope::ui
