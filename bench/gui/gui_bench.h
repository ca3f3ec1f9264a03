// The measuring side of zooscope-gui-bench: the real ClusterTab (the app's
// tab: ClientAdapter + ZnodeTreeModel + ZnodeFilterProxy + QTreeView + node
// panel) in a 1400x900 window, driven like a user would, timed from the
// outside:
// - paint times come from an event filter on the tree view's viewport: a
//   step is done at the end of the first paint in which its rows are on
//   screen (the filter delivers that paint itself to time its end);
// - UI stalls come from a 5 ms precise QTimer: the longest gap between two
//   firings is the longest the GUI thread was busy;
// - the changes come from another process (this executable with --mode
//   changer, see tree_writer.h), started with QProcess.
// GUI thread only; run() spins the event loop until done.
#pragma once

#include <QJsonObject>
#include <QString>

#include "tree_writer.h"

namespace zooscope::bench {

struct GuiBenchOptions {
    std::string connect;         // "host:port"
    TreeShape shape;
    double rate = 5000;          // changer: changes per second
    double changeSeconds = 60;   // changer: duration
    QString changerProgram;      // this executable (self-spawn with --mode changer)
    int changerCpu = -1;         // >= 0: the changer runs under `taskset -c changerCpu`
    QString screenshot;          // PNG path, "" = none (taken after scrolling the big node)
    int stepTimeoutMs = 120000;  // any single step
};

// Runs every step; the JSON holds each measurement (ms, KiB, counts), the
// changer's report under "changer", and "ok"/"error".
QJsonObject runGuiBench(const GuiBenchOptions& options);

}  // namespace zooscope::bench
