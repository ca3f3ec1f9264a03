// What a server's `srvr` four-letter word says, parsed.
//
// Contract: parseSrvr is a pure function (thread-safe); it never fails: text
// it cannot read gives a SrvrInfo with answered=false or empty fields.
#pragma once

#include <QString>

namespace zooscope::ui {

// whitelisted=false: the server answered that srvr is not in its
// 4lw.commands.whitelist (version and mode are then unknown).
struct SrvrInfo {
    bool answered = false;
    bool whitelisted = true;
    QString version;  // "3.8.0" (the part before the first '-' or ',')
    QString mode;     // "standalone", "leader", "follower", "observer", "read-only"
    QString zxid;
    qint64 nodeCount = -1;
};
SrvrInfo parseSrvr(const QString& text);

}  // namespace zooscope::ui
