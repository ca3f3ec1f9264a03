// RecipeWatch: keeps one cluster tab's coordination views live, cheaply.
// - A bounded rescan of the root (core's scanSubtree, every rescanIntervalMs
//   and on each new session) finds the recipe nodes: the znodes whose
//   children are a recipe's contenders (recipeSourceNodes).
// - Each recipe node gets ONE child watch, left by the read itself
//   (readRecipeNodes with watchChildren), and a kazoo semaphore's node a data
//   watch (its data is the maximum the view shows); nothing else under the
//   root is watched, so a root with 1,000 locks costs about 1,000 watches,
//   not one per znode.
// - A watch event re-reads just that recipe (all the nodes its item is read
//   from, so a semaphore and its queue stay joined) and re-arms its watch.
// - Client addresses (cons on every server of the connect string) after each
//   rescan, every addressesIntervalMs while there are items, and when a
//   contender with an unknown session appears.
// - Partition layouts (stream jobs, kazoo SetPartitioners, Kafka) are found
//   by the same rescan (core's scanPartitions) and each re-read with its
//   watches (readPartitionLayouts): child watches on members, owners and
//   claims, data watches on what the Partitions view shows (the assignment,
//   Kafka's controller and partition states). An event on any of them
//   re-reads that layout.
// The snapshot it makes after each read feeds the LocksModel, the
// ElectionsModel and the PartitionsModel it owns, and RecipeHighlights, whose events go to the
// TimelineModel given (the dashboard's).
//
// Contracts:
// - All server I/O runs on one worker thread, one job at a time (a rescan, the
//   re-reads that queued meanwhile, cons); the GUI thread only merges the
//   results. Events that arrive while a job runs, or within kJobGapMs after
//   it, are batched into the next.
// - A recipe node read fine but empty (a free lock, an election whose
//   candidates all left) keeps its row with nobody in it while its watch
//   holds; a deleted one loses its row and its watch.
// - A new session (after an expiry) has no watches: everything is rescanned
//   and re-armed; results of the old session are dropped.
// - The destructor stops the worker and joins it: in-flight reads end (the
//   tab closes the session first, which ends them at once).
// Threads: GUI thread only (the worker is internal).
#pragma once

#include <QObject>
#include <QPointer>
#include <QElapsedTimer>
#include <QTimer>

#include <memory>
#include <set>
#include <string>
#include <thread>

#include "models/recipe_snapshot.h"
#include "zooscope/ensemble_sample.h"

namespace zooscope::ui {

class ClientAdapter;
class ElectionsModel;
class LocksModel;
class PartitionsModel;
class RecipeHighlights;
class TimelineModel;

class RecipeWatch : public QObject {
    Q_OBJECT
public:
    static constexpr int kRescanEveryMs = 60000;
    static constexpr int kAddressesEveryMs = 10000;
    static constexpr int kTickMs = 5000;                    // highlights that depend on time
    // At most one job starts per this gap: under churn the events of the gap
    // go into one read and one snapshot, so the GUI thread merges ~10 a second.
    static constexpr int kJobGapMs = 100;
    static constexpr qint64 kHeldTooLongMs = 10 * 60000;  // the default threshold
    // A rescan reads at most this many nodes in at most this long (the views
    // say when it stopped early: pick a narrower root); core's defaults are
    // for a one-off zooscope-ctl run, too much to repeat every minute.
    static constexpr size_t kRescanMaxNodes = 50000;
    static constexpr int kRescanMaxMs = 5000;

    RecipeWatch(ClientAdapter* adapter, TimelineModel* timeline, QObject* parent = nullptr);
    ~RecipeWatch() override;

    LocksModel* locks() const { return locks_; }
    ElectionsModel* elections() const { return elections_; }
    PartitionsModel* partitions() const { return partitions_; }
    RecipeSnapshotPtr snapshot() const { return snapshot_; }

    void setRoot(const QString& root);
    QString root() const { return QString::fromStdString(root_); }
    void setRescanIntervalMs(int ms);
    void setAddressesIntervalMs(int ms);
    void setHeldTooLongMs(qint64 ms);
    void setLimits(const readers::ScanLimits& limits) { limits_ = limits; }
    // Where the servers' AdminServers listen: asked for client addresses
    // (connections) when a server refuses cons.
    void setAdminPorts(const monitor::AdminPorts& ports) { adminPorts_ = ports; }

    // Starts watching (at once when the session is open, else when it opens).
    void start();
    void stop();
    void rescanNow();

    // Recipe nodes with a child watch held now; nodes with a data watch.
    int childWatches() const { return int(armed_.size()); }
    int dataWatches() const { return int(dataArmed_.size()); }
    // Partition layouts whose watches are held now.
    int layoutsWatched() const { return int(layoutsArmed_.size()); }
    // Jobs finished since construction (tests wait on it).
    int jobsDone() const { return jobsDone_; }

signals:
    // A new snapshot (the models have it already).
    void snapshotChanged();
    // A rescan finished (the snapshot says when and how far it got).
    void rescanned();

private:
    struct Job;
    struct JobResult;
    void onEvent(proto::EventType type, const QString& path);
    void onState();
    void schedule();
    void apply(const std::shared_ptr<JobResult>& result);
    void applyScan(const readers::ScanResult& scan);
    void applyReread(const std::vector<std::string>& paths, const readers::ScanResult& reread);
    void armDataWatches();
    // Partition layouts: an event's layout; a rescan's and a re-read's results.
    bool onPartitionEvent(const std::string& path);
    void applyPartitionScan(const readers::PartitionScanResult& scan);
    void applyPartitionReread(const std::vector<std::string>& paths, const readers::PartitionScanResult& reread);
    void publish();
    void tick();
    bool underRoot(const std::string& path) const;
    static void run(Job& job, JobResult& out, std::stop_token stop);

    QPointer<ClientAdapter> adapter_;
    QPointer<TimelineModel> timeline_;
    LocksModel* locks_;
    ElectionsModel* elections_;
    PartitionsModel* partitions_;
    RecipeHighlights* highlights_;
    QTimer rescanTimer_, addressesTimer_, tickTimer_;
    QTimer gapTimer_;       // starts the job that waited for kJobGapMs
    QElapsedTimer lastJob_;  // since the last job ended

    std::string root_ = "/";
    readers::ScanLimits limits_{kRescanMaxNodes, std::chrono::milliseconds(kRescanMaxMs)};
    qint64 heldTooLongMs_ = kHeldTooLongMs;
    monitor::AdminPorts adminPorts_;
    bool started_ = false;
    int generation_ = -1;  // the adapter's session whose watches armed_ lists

    std::map<std::string, readers::RecipeItem> items_;
    std::set<std::string> armed_;      // child watches held (recipe nodes)
    std::set<std::string> dataArmed_;  // data watches held (kazoo semaphores)
    std::set<std::string> dataArming_;
    std::set<std::string> dirty_;      // recipe nodes to re-read
    // Child events while a job runs on nodes not (yet) known as watched: the
    // watch the job's read left may have fired before its result arrived.
    std::set<std::string> firedDuringJob_;
    std::map<std::string, readers::PartitionItem> layouts_;  // partition layouts by root
    std::set<std::string> layoutsArmed_;    // layouts whose watches are held
    std::set<std::string> layoutsDirty_;    // layouts to re-read (an event since their last read)
    // Paths of events while a job runs: a watch its reads left may have fired
    // before its result arrived (applyPartitionReread() decides).
    std::vector<std::string> eventsDuringJob_;
    bool rescanWanted_ = false;
    bool addressesWanted_ = false;
    std::map<int64_t, QString> addresses_;
    qint64 addressesAtMs_ = 0;
    qint64 addressesAskedAtMs_ = 0;
    RecipeSnapshot info_;  // the last rescan's fields
    RecipeSnapshotPtr snapshot_;

    bool running_ = false;
    int jobsDone_ = 0;
    std::jthread worker_;
};

}  // namespace zooscope::ui
