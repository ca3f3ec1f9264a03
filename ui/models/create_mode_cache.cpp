#include "models/create_mode_cache.h"

#include "adapter/client_adapter.h"

namespace zooscope::ui {

CreateModeCache::CreateModeCache(ClientAdapter* adapter, QObject* parent) : QObject(parent) {
    if (adapter) connect(adapter, &ClientAdapter::created, this, &CreateModeCache::remember);
}

void CreateModeCache::remember(const QString& path, proto::CreateMode mode, qint64 ttlMs) {
    if (!modes_.contains(path)) {
        order_.push_back(path);
        if (int(order_.size()) > kMaxModes) {
            const auto cut = order_.begin() + kMaxModes / 10;
            for (auto it = order_.begin(); it != cut; ++it) modes_.remove(*it);
            order_.erase(order_.begin(), cut);
        }
    }
    modes_.insert(path, KnownMode{mode, proto::isTtl(mode) ? ttlMs : 0});
}

std::optional<proto::CreateMode> CreateModeCache::knownCreateMode(const QString& path) const {
    auto it = modes_.constFind(path);
    if (it == modes_.constEnd()) return std::nullopt;
    return it->mode;
}

int64_t CreateModeCache::knownTtlMs(const QString& path) const {
    auto it = modes_.constFind(path);
    return it == modes_.constEnd() ? 0 : it->ttlMs;
}

}  // namespace zooscope::ui
