// WriteGuard: the read-only guard of one cluster tab.
//
// Contracts:
// - A guarded profile (readOnlyGuard) starts locked: writesAllowed() is false
//   until unlock(), for the life of this object only (never saved).
// - Every write path asks check(action) first: true when writes are allowed;
//   otherwise it emits refused() with a sentence naming the action and the
//   cluster, and returns false. Nothing is sent then.
// - changed() after every lock() and unlock() that changed something.
// Threads: GUI thread only.
#pragma once

#include <QObject>
#include <QString>

namespace zooscope::ui {

class WriteGuard : public QObject {
    Q_OBJECT
public:
    WriteGuard(const QString& clusterName, bool guarded, QObject* parent = nullptr);

    bool guarded() const { return guarded_; }
    bool writesAllowed() const { return !guarded_ || unlocked_; }
    // Guarded and not unlocked.
    bool locked() const { return !writesAllowed(); }
    bool check(const QString& action);
    // The sentence check() shows for `action`.
    QString refusal(const QString& action) const;
    void unlock();
    void lock();

signals:
    void changed();
    void refused(const QString& sentence);

private:
    QString clusterName_;
    bool guarded_;
    bool unlocked_ = false;
};

}  // namespace zooscope::ui
