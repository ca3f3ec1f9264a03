// The two servers a raw-socket suite compares: Apache ZooKeeper 3.8 (the
// reference) and the zooscope-server process (the candidate), each with the
// suite's own persistent root node. ZS_CONFORMANCE_SELFTEST=1 makes the
// candidate a second Apache ZooKeeper (validates the suite's rows).
// Used by tst_opcode_sweep and tst_garbage_stream.
#pragma once

#include <memory>
#include <string>

#include "test_support.h"

namespace zooscope::testing {

struct ServerPair {
    std::unique_ptr<TestServer> reference;
    std::unique_ptr<TestServer> candidate;
};

// Starts both servers and creates `root` (data "root", open ACL) on each.
// Returns "" or a sentence saying what failed.
std::string startServerPair(ServerPair* pair, const std::string& root);

}  // namespace zooscope::testing
