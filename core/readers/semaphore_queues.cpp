// joinSemaphoreQueues(): a semaphore's waiters queue in a lock beside its
// leases (Curator: "<semaphore>/locks", kazoo: "<semaphore>-__lock__"), which
// readNode() reads as a lock of its own; this puts that queue on the
// semaphore and drops the lock from the list.
#include <algorithm>

#include "zooscope/recipe_readers.h"

namespace zooscope::readers {

namespace {

constexpr std::string_view kCuratorQueue = "/locks";      // InterProcessSemaphoreV2's acquire mutex
constexpr std::string_view kKazooQueue = "-__lock__";     // kazoo Semaphore's acquire lock

// The lease of `session` made last, or holders.end().
std::vector<Contender>::iterator lastLeaseOf(std::vector<Contender>& holders, int64_t session) {
    for (auto it = holders.rbegin(); it != holders.rend(); ++it)
        if (it->session == session) return std::prev(it.base());
    return holders.end();
}

// kazoo 2.8's Semaphore hands its identifier, already bytes, to the Lock it
// queues in, which stores str() of it: Python's repr, "b'worker-1'". The
// identifier is what is inside (repr escapes, when there are any, stay).
void unwrapKazooBytes(std::vector<Contender>& contenders) {
    for (Contender& c : contenders) {
        const std::string& id = c.id;
        const bool wrapped = id.size() >= 3 && id[0] == 'b' && (id[1] == '\'' || id[1] == '"') && id.back() == id[1];
        if (wrapped && id.find('\\') == std::string::npos) c.id = id.substr(2, id.size() - 3);
    }
}

void join(RecipeItem& semaphore, RecipeItem& queue) {
    if (semaphore.recipe == Recipe::KazooSemaphore) {
        unwrapKazooBytes(queue.holders);
        unwrapKazooBytes(queue.waiters);
    }
    std::vector<Contender> waiters;
    if (!queue.holders.empty()) {
        const Contender& next = queue.holders.front();
        auto lease = lastLeaseOf(semaphore.holders, next.session);
        if (semaphore.recipe == Recipe::CuratorSemaphore) {
            // Curator makes its lease node while holding the mutex, then
            // waits there while the leases exceed the maximum: that lease
            // waits. (Between getting through and letting the mutex go, for
            // a moment, it already holds.)
            if (lease != semaphore.holders.end()) {
                waiters.push_back(*lease);
                semaphore.holders.erase(lease);
            } else {
                waiters.push_back(next);
            }
        } else if (lease == semaphore.holders.end()) {
            // kazoo makes its lease only once one is free; a lock holder
            // with a lease is letting the lock go.
            waiters.push_back(next);
        }
    }
    waiters.insert(waiters.end(), queue.waiters.begin(), queue.waiters.end());
    semaphore.waiters.insert(semaphore.waiters.end(), waiters.begin(), waiters.end());
    for (const std::string& why : queue.suspicious) semaphore.suspicious.push_back(queue.path + ": " + why);
    semaphore.leases = static_cast<int64_t>(semaphore.holders.size());
}

}  // namespace

void joinSemaphoreQueues(std::vector<RecipeItem>& items) {
    std::vector<std::string> joined;
    for (RecipeItem& s : items) {
        std::string_view suffix;
        if (s.recipe == Recipe::CuratorSemaphore) suffix = kCuratorQueue;
        else if (s.recipe == Recipe::KazooSemaphore) suffix = kKazooQueue;
        else continue;
        const std::string queuePath = s.path + std::string(suffix);
        auto q = std::find_if(items.begin(), items.end(), [&](const RecipeItem& i) {
            return i.path == queuePath && i.recipe == Recipe::LockOrElection;
        });
        if (q == items.end()) continue;
        join(s, *q);
        joined.push_back(queuePath);
    }
    std::erase_if(items, [&](const RecipeItem& i) {
        return i.recipe == Recipe::LockOrElection && std::find(joined.begin(), joined.end(), i.path) != joined.end();
    });
}

}  // namespace zooscope::readers
