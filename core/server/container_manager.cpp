#include "server/container_manager.h"

namespace zooscope::server {

std::vector<std::string> containerCandidates(const tree::DataTree& tree, int64_t nowWallMs,
                                             int64_t maxNeverUsedIntervalMs) {
    std::vector<std::string> out;
    for (const auto& path : tree.containers()) {
        const tree::Node* n = tree.find(path);
        if (!n || n->childCount() != 0) continue;
        if (n->stat().cversion > 0) {
            out.push_back(path);
        } else if (maxNeverUsedIntervalMs != 0 && nowWallMs - n->stat().mtime > maxNeverUsedIntervalMs) {
            out.push_back(path);
        }
    }
    for (const auto& path : tree.ttls()) {
        const tree::Node* n = tree.find(path);
        if (!n || n->childCount() != 0 || !tree::ephemeral::isTtl(n->ephemeralOwner())) continue;
        const int64_t ttl = tree::ephemeral::ttlOf(n->ephemeralOwner());
        if (ttl != 0 && nowWallMs - n->stat().mtime > ttl) out.push_back(path);
    }
    return out;
}

}  // namespace zooscope::server
