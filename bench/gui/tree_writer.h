// The writing side of zooscope-gui-bench, Qt-free (zooscope::client only):
// - populate(): builds the benchmark tree with pipelined multi() batches;
// - runChanger(): another process's load on the nodes the GUI shows, paced
//   to a fixed rate.
//
// Tree layout under `root` (default /bench), all persistent, small data:
//   root/tree/dNNNN/nNNN   `treeNodes` znodes, 1,000 per directory
//   root/big/cNNNNNN       `big` children (one getChildren2 of that size)
//   root/mid/cNNNNN        `mid` children
//   root/watched/wNNNN     `watched` children: the GUI expands this node and
//                          shows root/watched/w0000 in its panel
//
// Threads: both functions block the calling thread until done; the client's
// callbacks only count.
#pragma once

#include <cstdint>
#include <string>

namespace zooscope::bench {

struct TreeShape {
    std::string root = "/bench";
    int64_t treeNodes = 1000000;
    int big = 200000;
    int mid = 20000;
    int watched = 1000;
};

std::string watchedChild(const TreeShape& shape, int k);  // root/watched/wNNNN

struct PopulateReport {
    bool ok = false;
    std::string error;   // first failure, a sentence
    int64_t created = 0;  // znodes, including the directory nodes
    double seconds = 0;
};

// One session, multi() batches of `batch` creates, `window` batches in
// flight (one session keeps them in order, so parents precede children).
// Fails on the first error (a fresh server is expected: NodeExists fails).
PopulateReport populate(const std::string& connect, const TreeShape& shape, int batch = 1000, int window = 16);

struct ChangerOptions {
    std::string connect;
    TreeShape shape;
    double rate = 5000;      // changes per second, all nodes together
    double seconds = 60;
    int maxOutstanding = 4000;  // pacing gives way when the server lags
};

struct ChangerReport {
    bool ok = false;
    std::string error;
    int64_t sets = 0, deletes = 0, creates = 0;  // acknowledged
    int64_t errors = 0;
    double seconds = 0;  // pacing window (excludes the final restore)
    double achievedRate() const { return seconds > 0 ? double(sets + deletes + creates) / seconds : 0; }
};

// Cycles over root/watched/w0000..: change i touches child k = i % watched.
// One child in ten (k % 10 == 5) is deleted in even rounds and created again
// in odd rounds (child watch events for the expanded parent); every other
// child, including w0000 (the shown node, data watch), gets a setData. At the
// end, deleted children are created again so the level is whole.
ChangerReport runChanger(const ChangerOptions& options);

}  // namespace zooscope::bench
