#include "session/write_guard.h"

#include <spdlog/spdlog.h>

namespace zooscope::ui {

WriteGuard::WriteGuard(const QString& clusterName, bool guarded, QObject* parent)
    : QObject(parent), clusterName_(clusterName), guarded_(guarded) {}

QString WriteGuard::refusal(const QString& action) const {
    return tr("Refused: %1. %2 is read-only guarded; use \"Unlock writes\" above to allow changes for this session.")
        .arg(action, clusterName_);
}

bool WriteGuard::check(const QString& action) {
    if (writesAllowed()) return true;
    spdlog::info("{}: write refused by the read-only guard: {}", clusterName_.toStdString(), action.toStdString());
    emit refused(refusal(action));
    return false;
}

void WriteGuard::unlock() {
    if (!guarded_ || unlocked_) return;
    unlocked_ = true;
    spdlog::warn("{}: writes unlocked for this session", clusterName_.toStdString());
    emit changed();
}

void WriteGuard::lock() {
    if (!guarded_ || !unlocked_) return;
    unlocked_ = false;
    emit changed();
}

}  // namespace zooscope::ui
