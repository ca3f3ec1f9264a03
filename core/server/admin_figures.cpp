#include "server/admin_figures.h"

#include "server/four_letter_words.h"

namespace zooscope::server {

namespace {

// wchc/wchp name the session of the connection holding a watch.
int64_t sessionOf(const FourLetterContext& ctx, tree::WatcherId w) {
    for (const auto& c : ctx.connections) {
        if (c.linkId == w) return c.sessionId;
    }
    return 0;
}

}  // namespace

AdminFigures adminFigures(const FourLetterContext& ctx, AdminDetail detail) {
    AdminFigures f;
    const ServerStats& s = ctx.stats;
    const tree::DataTree& tree = ctx.tree;
    f.version = engineVersion();
    f.mode = ctx.quorum ? ctx.quorum->mode : "standalone";
    f.monitor = monitorValues(ctx);
    f.conf = confValues(ctx);
    f.packetsSent = s.packetsSent;
    f.packetsReceived = s.packetsReceived;
    f.minLatencyMs = s.minLatencyMs;
    f.avgLatencyMs = s.avgLatencyMs();
    f.maxLatencyMs = s.maxLatencyMs;
    f.lastProcessedZxid = tree.lastProcessedZxid();
    f.uptimeMs = ctx.nowMonotonicMs - s.startedAtMs;
    f.authFailed = s.authFailed;
    f.lastResponseSize = s.lastResponseSize;
    f.minResponseSize = s.minResponseSize;
    f.maxResponseSize = s.maxResponseSize;
    f.nodeCount = uint64_t(tree.nodeCount()) + 1;  // as srvr's "Node count"
    for (const auto& c : ctx.connections) {
        const ConnectionStats& cs = *c.stats;
        f.connections.push_back(AdminConnection{c.remoteAddress, c.remotePort, !c.asker, cs.packetsReceived,
                                                cs.packetsSent, c.sessionId, cs.lastOp, c.establishedWallMs,
                                                c.sessionTimeoutMs, cs.lastCxid, cs.lastZxid, cs.lastResponseMs,
                                                cs.lastLatencyMs, cs.minLatencyReported(), cs.avgLatencyMs(),
                                                cs.maxLatencyMs});
    }
    const tree::WatchManager& wm = tree.watches();
    f.watchingConnections = wm.watcherCount();
    f.watchedPaths = wm.pathCount();
    f.watches = wm.pairCount();
    if (detail == AdminDetail::WatchesBySession) {
        for (const auto& [w, paths] : wm.byWatcher()) f.watchesBySession.emplace_back(sessionOf(ctx, w), paths);
    } else if (detail == AdminDetail::WatchesByPath) {
        for (const auto& [path, watchers] : wm.byPath()) {
            std::vector<int64_t> sessions;
            for (tree::WatcherId w : watchers) sessions.push_back(sessionOf(ctx, w));
            f.watchesByPath.emplace_back(path, std::move(sessions));
        }
    }
    if (ctx.quorum) {
        AdminQuorumFigures q;
        q.myid = ctx.config.myid;
        q.isLeader = ctx.quorum->mode == "leader";
        q.leaderId = ctx.quorum->leaderId;
        q.zabPhase = ctx.quorum->zabPhase;
        q.members = ctx.config.servers;
        bool observer = false;
        for (const auto& p : ctx.config.servers) {
            if (p.id == ctx.config.myid) observer = p.observer;
        }
        q.voting = !observer && !ctx.quorum->mode.empty();
        f.quorum = std::move(q);
    }
    return f;
}

}  // namespace zooscope::server
