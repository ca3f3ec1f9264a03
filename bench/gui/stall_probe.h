// The GUI benches' event-loop latency probe, and their /proc/self figures.
// Header-only; GUI thread only.
#pragma once

#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QTimer>

#include <algorithm>
#include <ctime>
#include <vector>

namespace zooscope::bench {

// A field of /proc/self/status in KiB ("VmRSS", "VmHWM"); -1 if absent.
inline qint64 procStatusKib(const char* key) {
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly)) return -1;
    const QByteArray prefix = QByteArray(key) + ':';
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(prefix)) return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

// Longest gap between firings of a 5 ms timer since reset(): the longest
// the GUI thread was busy (a stall), give or take the timer's slack. Each
// gap also records the GUI thread's own CPU time in it
// (CLOCK_THREAD_CPUTIME_ID), which tells a stall of work on the GUI thread
// from one where it waited for a CPU (a loaded machine).
class StallProbe : public QObject {
public:
    StallProbe() {
        clock_.start();
        timer_.setTimerType(Qt::PreciseTimer);
        timer_.setInterval(5);
        connect(&timer_, &QTimer::timeout, this, [this] {
            const double t = nowMs();
            const double cpu = threadCpuMs();
            const double gap = t - last_, busy = cpu - lastCpu_;
            last_ = t;
            lastCpu_ = cpu;
            if (gap > maxGap_) {
                maxGap_ = gap;
                maxGapCpu_ = busy;
            }
            if (busy > maxCpu_) {
                maxCpu_ = busy;
                maxCpuAt_ = t;
            }
            gaps_.push_back(gap);
            busy_.push_back(busy);
        });
        timer_.start();
        reset();
    }
    void reset() {
        last_ = nowMs();
        lastCpu_ = startCpu_ = threadCpuMs();
        maxGap_ = maxGapCpu_ = maxCpu_ = 0;
        gaps_.clear();
        busy_.clear();
    }
    // The GUI thread's CPU time within the longest gap, and the most CPU
    // time it spent within any one gap (the longest stretch of work).
    double maxGapCpu() const { return maxGapCpu_; }
    double maxCpu() const { return maxCpu_; }
    // When that stretch ended, in ms of CLOCK_MONOTONIC (a profile taken
    // with `perf record -k CLOCK_MONOTONIC` can be matched to it).
    double maxCpuAtMonotonic() const { return double(clock_.msecsSinceReference()) + maxCpuAt_; }
    double maxGap() const { return std::max(maxGap_, nowMs() - last_); }
    int countOver(double ms) const { return countAbove(gaps_, ms); }
    double percentile(double p) const { return percentileOf(gaps_, p); }
    // The same over the GUI thread's CPU time in each gap: figures of its
    // own work, which a loaded machine's waits for a CPU do not inflate.
    int countCpuOver(double ms) const { return countAbove(busy_, ms); }
    double cpuPercentile(double p) const { return percentileOf(busy_, p); }
    // The GUI thread's CPU time since reset().
    double totalCpu() const { return threadCpuMs() - startCpu_; }
    size_t firings() const { return gaps_.size(); }

private:
    static int countAbove(const std::vector<double>& v, double ms) {
        return int(std::count_if(v.begin(), v.end(), [&](double g) { return g > ms; }));
    }
    static double percentileOf(const std::vector<double>& v, double p) {
        if (v.empty()) return 0;
        std::vector<double> s = v;
        std::sort(s.begin(), s.end());
        return s[std::min(s.size() - 1, size_t(p * double(s.size())))];
    }
    double nowMs() const { return double(clock_.nsecsElapsed()) / 1e6; }
    static double threadCpuMs() {
        timespec ts{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
    }

    QElapsedTimer clock_;
    QTimer timer_;
    double last_ = 0, lastCpu_ = 0, startCpu_ = 0, maxGap_ = 0, maxGapCpu_ = 0, maxCpu_ = 0, maxCpuAt_ = 0;
    std::vector<double> gaps_;
    std::vector<double> busy_;  // the GUI thread's CPU time in each gap
};

}  // namespace zooscope::bench
