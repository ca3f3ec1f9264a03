// ClusterStatus: what the status bar shows for one cluster tab. The session
// part comes from SessionSupervisor, the guard flag from WriteGuard.
#pragma once

#include <QString>

#include "monitor/srvr_info.h"

namespace zooscope::ui {

struct ClusterStatus {
    QString state;           // translated state name ("Connected"...)
    bool healthy = false;    // connected now (green) vs not (amber/red)
    bool terminal = false;   // expired / auth failed / closed (red)
    QString server;          // "host:port" or ""
    SrvrInfo srvr;
    QString srvrError;       // no answer to srvr (sentence) or ""
    qint64 sessionId = 0;
    qint64 latencyMs = -1;
    bool guarded = false;    // read-only guard on (locked)
};

// A session id as ZooKeeper prints it: "0x" + lower-case hex.
inline QString sessionIdText(qint64 id) { return QStringLiteral("0x") + QString::number(quint64(id), 16); }

}  // namespace zooscope::ui
