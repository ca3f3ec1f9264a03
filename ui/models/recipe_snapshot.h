// RecipeSnapshot: what the live coordination views show at one moment: the
// recipe items (locks, semaphores, elections; core/readers) under the watched
// root, and which client address each session connects from. RecipeWatch
// (ui/session) makes one after each read; the models and RecipeHighlights
// read it. Plain data, shared read-only between them.
//
// Also the rules every view applies to a snapshot (pure functions): which
// znodes a recipe item is read from, where a contender's node is, and the
// highlights (a lock held too long, a contender whose session is gone, an
// election without a leader).
#pragma once

#include <QDateTime>
#include <QString>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "zooscope/partition_readers.h"
#include "zooscope/recipe_readers.h"

namespace zooscope::ui {

struct RecipeSnapshot {
    std::map<std::string, readers::RecipeItem> items;  // by path
    // Session -> client address, from every server's cons at addressesAtMs
    // (wall clock, ms); addressesAtMs is 0 until every server answered once.
    std::map<int64_t, QString> addresses;
    qint64 addressesAtMs = 0;
    // The last rescan of the root: when, whether it covered the whole
    // subtree (stoppedBecause says why not), nodes read, an error sentence.
    QDateTime rescannedAt;
    bool rescanComplete = true;
    QString stoppedBecause;
    quint64 nodesRead = 0;
    QString rescanError;
    int childWatches = 0;  // recipe nodes watched for their contenders
    // Partition layouts (stream jobs, kazoo SetPartitioners, Kafka) by their
    // root's path, and how many of them hold their watches.
    std::map<std::string, readers::PartitionItem> partitions;
    int layoutsWatched = 0;
};
using RecipeSnapshotPtr = std::shared_ptr<const RecipeSnapshot>;

// The znodes `item` is read from, its own first: a Curator semaphore's
// "leases" and "locks", a kazoo semaphore and its "-__lock__" queue, a stream
// claim's "locks" node, else the item's path. A live view keeps a child watch
// on each of them.
std::vector<std::string> recipeSourceNodes(const readers::RecipeItem& item);

// The znode of contender `c` of `item` (`holder`: among item.holders).
QString contenderPath(const readers::RecipeItem& item, const readers::Contender& c, bool holder);

// "0x1a2b..." as zooscope-ctl writes sessions.
QString sessionText(int64_t session);
// A session as a user types it: "0x1f", "1f" or a decimal id; 0 when it is
// none of them.
qint64 sessionFromText(const QString& text);

// Highlights, a bit set (the models' HighlightsRole).
enum Highlight : int {
    NoHighlight = 0,
    HeldTooLong = 1,   // a lock held longer than the threshold
    SessionGone = 2,   // a contender's session is connected to no server
    Leaderless = 4,    // an election without a leader
};

// A contender's session is gone: cons of every server answered after its
// node was made (with kClockSlackMs for the server's clock) and none lists it.
inline constexpr qint64 kClockSlackMs = 2000;
bool sessionGone(const RecipeSnapshot& s, const readers::Contender& c);
// The item's lock highlights (HeldTooLong, SessionGone of any contender) at nowMs.
int lockHighlights(const RecipeSnapshot& s, const readers::RecipeItem& item, qint64 nowMs, qint64 heldTooLongMs);
// The item's election highlights (SessionGone of any candidate; Leaderless
// for the election recipes: an empty "lock or election" may be a free lock).
int electionHighlights(const RecipeSnapshot& s, const readers::RecipeItem& item);

// Whether an event on `path` concerns the layout rooted at `layout`: the
// root itself, or a node partitionWatchOf() watches (any recipe when
// `recipe` is not known yet).
bool layoutWatches(const std::string& layout, std::optional<readers::PartitionRecipe> recipe, const std::string& path);

bool sameContenders(const std::vector<readers::Contender>& a, const std::vector<readers::Contender>& b);
bool sameItem(const readers::RecipeItem& a, const readers::RecipeItem& b);

}  // namespace zooscope::ui
