// ServerStats: counters the four-letter words and mntr report. Plain data,
// updated by ServerCore on the network thread; read there too.
#pragma once

#include <algorithm>
#include <cstdint>

namespace zooscope::server {

struct ServerStats {
    uint64_t packetsReceived = 0;
    uint64_t packetsSent = 0;
    int64_t minLatencyMs = 0;
    int64_t maxLatencyMs = 0;
    int64_t totalLatencyMs = 0;
    uint64_t requests = 0;  // latency samples
    int64_t startedAtMs = 0;

    void recordLatency(int64_t ms) {
        minLatencyMs = requests == 0 ? ms : std::min(minLatencyMs, ms);
        maxLatencyMs = std::max(maxLatencyMs, ms);
        totalLatencyMs += ms;
        ++requests;
    }
    double avgLatencyMs() const { return requests ? double(totalLatencyMs) / double(requests) : 0.0; }
    // srst
    void reset() {
        packetsReceived = packetsSent = 0;
        minLatencyMs = maxLatencyMs = totalLatencyMs = 0;
        requests = 0;
    }
};

}  // namespace zooscope::server
