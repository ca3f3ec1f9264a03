// A canonical text dump of a DataTree (every node depth-first in name order,
// with data, nullness, ACL, stored stat, and the ephemeral/container/TTL
// indexes) for comparing a recovered tree with a live one. Diagnostic; not a
// format anything parses.
#pragma once

#include <string>

#include "tree/data_tree.h"

namespace zooscope::storage {

std::string dumpTree(const tree::DataTree& tree);

}  // namespace zooscope::storage
