// zooscope/four_letter_transport.h — the FourLetterWordTransport
// (zooscope/server_probe.h) over a plain TCP connection to any host, as
// `nc host port` sends a word: what the dashboard's poller and zooscope-ctl
// use for servers they did not start.
//
// Contract: resolving, connecting, writing and reading together take at most
// the timeout given to the call (name resolution goes through getaddrinfo,
// which the caller cannot bound: pass addresses for hard deadlines). An answer
// the server did not finish in time is no answer (""), as the seam says: a
// SIGSTOPped server, whose kernel still accepts, costs the timeout and no more.
// Thread-safe; blocks only the calling thread; never throws.
#pragma once

#include "zooscope/server_probe.h"

namespace zooscope::monitor {

FourLetterWordTransport tcpFourLetterWordTransport();

}  // namespace zooscope::monitor
