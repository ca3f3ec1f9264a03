// recipes/lock_core: the state machine behind Lock and ReadWriteLock, shared
// with Semaphore (whose "locks/" child is a Curator mutex). Recipe thread;
// the public methods post to it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "recipes/layout.h"
#include "recipes/recipe_base.h"

namespace zooscope::recipes::detail {

class LockCore final : public RecipeBase {
public:
    // writeSide: for a reader, the write side of the same ReadWriteLock.
    LockCore(std::shared_ptr<SessionCore> session, std::string path, layout::Scheme scheme, std::string identity,
             std::weak_ptr<LockCore> writeSide);
    // Makes a core and registers it for session state changes.
    static std::shared_ptr<LockCore> make(std::shared_ptr<SessionCore> session, std::string path, layout::Scheme scheme,
                                          std::string identity, std::weak_ptr<LockCore> writeSide = {});

    layout::Scheme scheme() const { return scheme_; }
    int holdCount() const;
    std::string nodePath() const;

    // Any thread.
    void acquire(Timeout timeout, Callback<Empty> done);
    void release(Callback<Empty> done);
    void cancel();
    // The owner is going: cancel, give the lock back, stop observing.
    void shutdown();
    void contenders(Callback<std::vector<Contender>> done);

    // Recipe thread: this side holds (the reader's "owns the write lock").
    bool heldOnLoop() const { return phase_ == Phase::Held; }

    void onSessionState(client::SessionState s) override;
    void onSessionClosed() override;

private:
    enum class Phase { Idle, Acquiring, Held };

    void publish();
    std::string newNodeName() const;
    proto::CreateMode parentMode() const;
    void startAcquire(Timeout timeout, const Callback<Empty>& done);
    void createNode(uint64_t attempt);
    void check(uint64_t attempt);
    void watchPredecessor(uint64_t attempt, uint64_t seq, const std::string& name);
    void becomeHeld(uint64_t attempt);
    void watchOwnNode(uint64_t attempt);
    void confirmHeld();
    void becomeLost(const std::string& why);
    void failAcquire(const Status& s);
    void doRelease(const Callback<Empty>& done);
    void readContenders(const Callback<std::vector<Contender>>& done);

    const layout::Scheme scheme_;
    const std::string identity_;
    const std::weak_ptr<LockCore> writeSide_;

    // recipe thread
    Phase phase_ = Phase::Idle;
    int count_ = 0;
    std::string node_;      // our child's name while acquiring / held
    uint64_t attempt_ = 0;  // bumps whenever callbacks of the last attempt must be ignored
    uint64_t checkSeq_ = 0;
    PendingCall<Empty> pending_;

    mutable std::mutex snapMu_;
    int shownCount_ = 0;     // GUARDED_BY(snapMu_)
    std::string shownNode_;  // GUARDED_BY(snapMu_)
};

}  // namespace zooscope::recipes::detail
