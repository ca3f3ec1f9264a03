// CreateModeCache: the modes of the nodes created through one ClientAdapter
// (any of its sessions), as far as this run of the app knows them.
//
// ZooKeeper does not tell clients whether a node is a container or has a TTL
// (their Stat looks persistent: ephemeralOwner 0), so the creates this app
// sent are the only source for those: the tree's icons (ZnodeTreeModel) and
// the modes an export writes (SubtreeOperations) read them here. Bounded:
// past kMaxModes paths the oldest tenth is forgotten.
//
// Fed by ClientAdapter::created, so it knows the creates sent after it was
// attached. Threads: GUI thread only, like the adapter.
#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

#include "zooscope/client.h"  // proto::CreateMode

namespace zooscope::ui {

class ClientAdapter;

class CreateModeCache : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxModes = 100000;

    // Records every create `adapter` announces from now on (null: none).
    explicit CreateModeCache(ClientAdapter* adapter, QObject* parent = nullptr);

    void remember(const QString& path, proto::CreateMode mode, qint64 ttlMs);
    // The mode `path` was created with, if known.
    std::optional<proto::CreateMode> knownCreateMode(const QString& path) const;
    // The TTL it was created with (ms), 0 when not a known TTL node.
    int64_t knownTtlMs(const QString& path) const;
    bool isEmpty() const { return modes_.isEmpty(); }

private:
    struct KnownMode {
        proto::CreateMode mode = proto::CreateMode::Persistent;
        int64_t ttlMs = 0;
    };
    QHash<QString, KnownMode> modes_;
    std::vector<QString> order_;  // oldest first
};

}  // namespace zooscope::ui
