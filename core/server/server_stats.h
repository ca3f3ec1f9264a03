// ServerStats / ConnectionStats: the counters the four-letter words report,
// kept with ZooKeeper 3.8's semantics (ServerStats, AvgMinMaxCounter,
// BufferStats, ServerCnxn's per-connection fields) so srvr/stat/cons/mntr
// read the same way. Plain data, updated and read on the network thread only.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

namespace zooscope::server {

// Server-wide counters (srvr/stat/mntr); srst clears them.
struct ServerStats {
    uint64_t packetsReceived = 0;  // frames, plus one per four-letter word (as ZooKeeper)
    uint64_t packetsSent = 0;      // replies, connect responses and watch events
    // Request latency (AvgMinMaxCounter): min/max read 0 while there is no sample.
    int64_t minLatencyMs = 0;
    int64_t maxLatencyMs = 0;
    int64_t totalLatencyMs = 0;
    uint64_t requests = 0;  // latency samples
    int64_t startedAtMs = 0;  // monotonic; zk_uptime
    // Client response sizes (BufferStats: -1 until the first response):
    // header + body of each reply or event, without the length prefix.
    int32_t lastResponseSize = -1;
    int32_t minResponseSize = -1;
    int32_t maxResponseSize = -1;
    // mntr counters (ServerMetrics): reset by srst too.
    uint64_t bytesReceived = 0;       // zk_bytes_received_count
    uint64_t connectionRequests = 0;  // zk_connection_request_count
    uint64_t responseBytes = 0;       // zk_response_bytes
    // Gauge; srst leaves it, as ZooKeeper's reset() does.
    uint64_t authFailed = 0;          // zk_auth_failed_count
    uint64_t diffSyncs = 0;           // zk_diff_count: learners synced by DIFF (or TRUNC) by this leader
    uint64_t snapSyncs = 0;           // zk_snap_count: learners synced by SNAP by this leader

    void recordLatency(int64_t ms) {
        if (ms < 0) return;  // ZooKeeper drops negative samples
        minLatencyMs = requests == 0 ? ms : std::min(minLatencyMs, ms);
        maxLatencyMs = requests == 0 ? ms : std::max(maxLatencyMs, ms);
        totalLatencyMs += ms;
        ++requests;
    }
    // Average rounded half-up to 4 decimals, as AvgMinMaxCounter.getAvg.
    double avgLatencyMs() const;
    void recordResponseSize(int32_t size) {
        lastResponseSize = size;
        if (minResponseSize == -1 || size < minResponseSize) minResponseSize = size;
        if (size > maxResponseSize) maxResponseSize = size;
        responseBytes += uint64_t(size);
    }
    // srst
    void reset() {
        packetsReceived = packetsSent = 0;
        minLatencyMs = maxLatencyMs = totalLatencyMs = 0;
        requests = 0;
        lastResponseSize = minResponseSize = maxResponseSize = -1;
        bytesReceived = connectionRequests = responseBytes = 0;
    }
};

// Count, sum, min and max of a value (ZooKeeper's AvgMinMaxCounter).
struct MinMaxSum {
    uint64_t count = 0;
    int64_t sum = 0, min = 0, max = 0;
    void add(int64_t v) {
        min = count == 0 ? v : std::min(min, v);
        max = count == 0 ? v : std::max(max, v);
        sum += v;
        ++count;
    }
};

// The group commit's work (log_syncer.h): mntr's fsynctime (ms) and
// sync_processor_batch_size (txns per sync). Copied out of the syncer under
// its lock.
struct SyncStats {
    MinMaxSum syncMicros;  // from taking a group to its being durable: write, fdatasync, and the wait for the group before it
    MinMaxSum batchTxns;   // txns each sync covered
};

// One connection's counters (ServerCnxn): what cons prints; crst resets them.
struct ConnectionStats {
    uint64_t packetsReceived = 0;
    uint64_t packetsSent = 0;
    // As ServerCnxn's fields before any reset: lastOp unset ("null"), lastCxid 0,
    // and minLatency 0 (not "no sample"), so ZooKeeper's minlat stays 0 until a
    // crst; kept so cons reads the same.
    std::string lastOp = "null";
    int64_t lastCxid = 0;
    int64_t lastZxid = 0;
    int64_t lastResponseMs = 0;  // monotonic, as ZooKeeper's Time.currentElapsedTime
    int64_t lastLatencyMs = 0;
    int64_t minLatencyMs = 0;
    int64_t maxLatencyMs = 0;
    int64_t count = 0;
    int64_t totalLatencyMs = 0;
    int64_t lastTouchMs = 0;  // monotonic; last frame received (not reset by crst)

    // ServerCnxn.updateStatsForResponse: special xids (< 0) keep lastCxid.
    void record(int64_t cxid, int64_t zxid, std::string op, int64_t startMs, int64_t endMs) {
        if (cxid >= 0) lastCxid = cxid;
        lastZxid = zxid;
        lastOp = std::move(op);
        lastResponseMs = endMs;
        const int64_t elapsed = endMs - startMs;
        lastLatencyMs = elapsed;
        minLatencyMs = std::min(minLatencyMs, elapsed);
        maxLatencyMs = std::max(maxLatencyMs, elapsed);
        ++count;
        totalLatencyMs += elapsed;
    }
    int64_t minLatencyReported() const {
        return minLatencyMs == std::numeric_limits<int64_t>::max() ? 0 : minLatencyMs;
    }
    int64_t avgLatencyMs() const { return count == 0 ? 0 : totalLatencyMs / count; }
    // crst (ServerCnxn.resetStats)
    void reset() {
        packetsReceived = packetsSent = 0;
        minLatencyMs = std::numeric_limits<int64_t>::max();
        maxLatencyMs = 0;
        lastOp = "NA";
        lastCxid = -1;
        lastZxid = -1;
        lastResponseMs = 0;
        lastLatencyMs = 0;
        count = 0;
        totalLatencyMs = 0;
    }
};

inline double ServerStats::avgLatencyMs() const {
    if (requests == 0) return 0.0;
    // Half-up at 4 decimals on the exact quotient of two integers.
    const int64_t scaled = (totalLatencyMs * 20000 / int64_t(requests) + 1) / 2;
    return double(scaled) / 10000.0;
}

}  // namespace zooscope::server
