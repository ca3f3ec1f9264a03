// Which container and TTL nodes are due for removal, as ZooKeeper's
// ContainerManager.getCandidates decides:
//   - a container with no children that once had one (stored cversion > 0);
//     one that never had a child only after maxNeverUsedIntervalMs (0 = never);
//   - a TTL node with no children whose mtime is more than its TTL ago.
// The server deletes each candidate through a deleteContainer transaction,
// which re-checks emptiness, so a candidate that gained a child meanwhile stays.
//
// Pure function over the tree; runs on the tree's thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tree/data_tree.h"

namespace zooscope::server {

std::vector<std::string> containerCandidates(const tree::DataTree& tree, int64_t nowWallMs,
                                             int64_t maxNeverUsedIntervalMs);

}  // namespace zooscope::server
