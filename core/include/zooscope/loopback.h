// zooscope/loopback.h — reaching local servers on 127.0.0.1: free ports,
// connects with a deadline, four-letter words. Used by the ensemble launcher,
// the desktop app's demo ensembles and the test harness.
//
// Thread-safe: no shared state. Every call blocks at most for its timeout;
// nothing throws: failures come back as -1, 0, false or "".
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zooscope {

// `count` distinct ports that are free on 127.0.0.1 right now: every socket
// stays bound until all are chosen, so the kernel cannot hand out one port
// twice. Empty if not all could be bound. Another process may still take a
// port before the caller binds it; callers retry on "Address already in use".
std::vector<uint16_t> freeLoopbackPorts(int count);

// One such port; 0 if none could be bound.
uint16_t freeLoopbackPort();

// A connected TCP socket (non-blocking, close-on-exec) to 127.0.0.1:port, or
// -1 when the connect is refused or not done within `timeout`. The caller
// owns the descriptor and closes it.
int connectLoopback(uint16_t port, std::chrono::milliseconds timeout);

// True when 127.0.0.1:port accepts a connection within `timeout` (the
// connection is closed at once).
bool loopbackAccepts(uint16_t port, std::chrono::milliseconds timeout);

// Sends a four-letter word ("ruok", "srvr", "mntr", ...) to 127.0.0.1:port and
// returns everything the server wrote until it closed the connection. "" when
// the connect fails or the whole exchange takes longer than `timeout` (an
// answer cut short is no answer).
std::string fourLetterWordLoopback(uint16_t port, std::string_view word, std::chrono::milliseconds timeout);

}  // namespace zooscope
