#include "session/recipe_watch.h"

#include <QDateTime>

#include <algorithm>

#include "adapter/client_adapter.h"
#include "models/elections_model.h"
#include "models/locks_model.h"
#include "models/partitions_model.h"
#include "models/recipe_highlights.h"
#include "models/timeline_model.h"

namespace zooscope::ui {

namespace readers = zooscope::readers;

namespace {

// Each server's cons; a silent server costs the worker at most this.
constexpr std::chrono::milliseconds kConsTimeout{2000};
// The guard on one batch of re-reads (RecipeWatch::run).
constexpr std::chrono::milliseconds kRereadMaxTime{60000};
// An unknown session asks cons again no sooner than this after the last ask.
constexpr qint64 kAddressesAgainMs = 3000;

}  // namespace

struct RecipeWatch::Job {
    std::shared_ptr<client::Client> client;
    int generation = 0;
    bool rescan = false;
    std::string root;
    std::set<std::string> armed;       // rescan: recipe nodes already watched
    std::vector<std::string> reread;   // recipe nodes to read with watches
    std::set<std::string> layoutsArmed;           // rescan: layouts already watched
    std::vector<std::string> layoutsReread;       // layouts to read with watches
    bool addresses = false;
    std::vector<monitor::ProbeTarget> servers;
    readers::ScanLimits limits;
};

struct RecipeWatch::JobResult {
    int generation = 0;
    std::optional<readers::ScanResult> scan;
    QDateTime scannedAt;
    std::vector<std::string> rereadPaths;
    readers::ScanResult reread;
    std::optional<readers::PartitionScanResult> partitionScan;
    std::vector<std::string> layoutsRereadPaths;
    readers::PartitionScanResult layoutsReread;
    std::optional<readers::ClientAddresses> addresses;
    qint64 addressesAtMs = 0;
};

RecipeWatch::RecipeWatch(ClientAdapter* adapter, TimelineModel* timeline, QObject* parent)
    : QObject(parent),
      adapter_(adapter),
      timeline_(timeline),
      locks_(new LocksModel(this)),
      elections_(new ElectionsModel(this)),
      partitions_(new PartitionsModel(this)),
      highlights_(new RecipeHighlights(this)),
      snapshot_(std::make_shared<RecipeSnapshot>()) {
    locks_->setHeldTooLongMs(heldTooLongMs_);
    rescanTimer_.setInterval(kRescanEveryMs);
    addressesTimer_.setInterval(kAddressesEveryMs);
    tickTimer_.setInterval(kTickMs);
    connect(&rescanTimer_, &QTimer::timeout, this, &RecipeWatch::rescanNow);
    connect(&addressesTimer_, &QTimer::timeout, this, [this] {
        if (items_.empty()) return;
        addressesWanted_ = true;
        schedule();
    });
    connect(&tickTimer_, &QTimer::timeout, this, &RecipeWatch::tick);
    gapTimer_.setSingleShot(true);
    connect(&gapTimer_, &QTimer::timeout, this, &RecipeWatch::schedule);
    if (adapter_) {
        connect(adapter_, &ClientAdapter::nodeEvent, this, &RecipeWatch::onEvent);
        connect(adapter_, &ClientAdapter::stateChanged, this, &RecipeWatch::onState);
    }
}

RecipeWatch::~RecipeWatch() {
    worker_.request_stop();
    if (worker_.joinable()) worker_.join();
}

void RecipeWatch::setRoot(const QString& root) {
    QString text = root.trimmed();
    if (text.size() > 1 && text.endsWith(QLatin1Char('/'))) text.chop(1);
    const std::string r = text.isEmpty() ? std::string("/") : text.toStdString();
    if (r == root_) return;
    root_ = r;
    std::erase_if(items_, [this](const auto& e) { return !underRoot(e.first); });
    std::erase_if(dirty_, [this](const std::string& p) { return !underRoot(p); });
    std::erase_if(layouts_, [this](const auto& e) { return !underRoot(e.first); });
    std::erase_if(layoutsDirty_, [this](const std::string& p) { return !underRoot(p); });
    std::erase_if(layoutsArmed_, [this](const std::string& p) { return !underRoot(p); });
    // Watches left outside the root fire once more and are then ignored.
    std::erase_if(armed_, [this](const std::string& p) { return !underRoot(p); });
    std::erase_if(dataArmed_, [this](const std::string& p) { return !underRoot(p); });
    publish();
    rescanNow();
}

void RecipeWatch::setRescanIntervalMs(int ms) { rescanTimer_.setInterval(std::max(1000, ms)); }
void RecipeWatch::setAddressesIntervalMs(int ms) { addressesTimer_.setInterval(std::max(1000, ms)); }

void RecipeWatch::setHeldTooLongMs(qint64 ms) {
    heldTooLongMs_ = ms;
    locks_->setHeldTooLongMs(ms);
    tick();
}

void RecipeWatch::start() {
    started_ = true;
    tick();
    for (QTimer* timer : {&rescanTimer_, &addressesTimer_, &tickTimer_}) timer->start();
    rescanNow();
}

void RecipeWatch::stop() {
    started_ = false;
    for (QTimer* timer : {&rescanTimer_, &addressesTimer_, &tickTimer_}) timer->stop();
    worker_.request_stop();
}

void RecipeWatch::rescanNow() {
    rescanWanted_ = true;
    addressesWanted_ = true;
    schedule();
}

bool RecipeWatch::underRoot(const std::string& path) const {
    return root_ == "/" || path == root_ || (path.starts_with(root_) && path.size() > root_.size() && path[root_.size()] == '/');
}

void RecipeWatch::onState() {
    if (!adapter_ || !adapter_->isConnected()) return;
    if (adapter_->generation() != generation_) {
        // A new session holds none of the old one's watches.
        generation_ = adapter_->generation();
        armed_.clear();
        dataArmed_.clear();
        dataArming_.clear();
        layoutsArmed_.clear();
        rescanWanted_ = true;
        addressesWanted_ = true;
    }
    schedule();
}

bool RecipeWatch::onPartitionEvent(const std::string& path) {
    bool ours = false;
    for (const auto& [layout, item] : layouts_)
        if (layoutWatches(layout, item.recipe, path)) {
            ours = true;
            layoutsArmed_.erase(layout);
            layoutsDirty_.insert(layout);
        }
    if (running_) eventsDuringJob_.push_back(path);
    return ours;
}

void RecipeWatch::onEvent(proto::EventType type, const QString& path) {
    const std::string p = path.toStdString();
    // The stream job's locks node is a layout's and a recipe node: both hear it.
    if (onPartitionEvent(p)) schedule();
    bool ours = false;
    if (type == proto::EventType::NodeChildrenChanged || type == proto::EventType::NodeDeleted) {
        ours |= armed_.erase(p) > 0;
        if (!ours && running_) firedDuringJob_.insert(p);  // applyReread() decides
    }
    if (type == proto::EventType::NodeDataChanged || type == proto::EventType::NodeDeleted) ours |= dataArmed_.erase(p) > 0;
    if (!ours) return;
    dirty_.insert(p);
    schedule();
}

void RecipeWatch::schedule() {
    if (running_ || !started_ || !adapter_ || !adapter_->isConnected()) return;
    if (adapter_->generation() != generation_) return onState();
    if (!rescanWanted_ && dirty_.empty() && layoutsDirty_.empty() && !addressesWanted_) return;
    if (lastJob_.isValid() && lastJob_.elapsed() < kJobGapMs) {
        if (!gapTimer_.isActive()) gapTimer_.start(int(kJobGapMs - lastJob_.elapsed()));
        return;
    }
    auto client = adapter_->clientShared();
    if (!client) return;

    auto job = std::make_shared<Job>();
    job->client = std::move(client);
    job->generation = generation_;
    job->limits = limits_;
    job->root = root_;
    if (rescanWanted_) {
        job->rescan = true;
        job->armed = armed_;
        job->layoutsArmed = layoutsArmed_;
    }
    job->layoutsReread.assign(layoutsDirty_.begin(), layoutsDirty_.end());
    layoutsDirty_.clear();
    // A fired node re-reads every node of the items it serves.
    std::set<std::string> reread = dirty_;
    for (const auto& [path, item] : items_) {
        const std::vector<std::string> sources = recipeSourceNodes(item);
        if (std::any_of(sources.begin(), sources.end(), [&](const std::string& s) { return dirty_.contains(s); }))
            reread.insert(sources.begin(), sources.end());
    }
    job->reread.assign(reread.begin(), reread.end());
    if (addressesWanted_) {
        job->addresses = true;
        if (auto cs = client::parseConnectString(adapter_->options().connectString, nullptr)) {
            std::vector<monitor::Endpoint> hosts;
            for (const client::HostPort& h : cs->hosts) hosts.push_back({h.host, h.port});
            for (const monitor::SampleTarget& t : monitor::ensembleTargets(hosts, std::nullopt, adminPorts_))
                job->servers.push_back({*t.client, t.admin});
        }
        addressesAskedAtMs_ = QDateTime::currentMSecsSinceEpoch();
    }
    rescanWanted_ = addressesWanted_ = false;
    dirty_.clear();
    running_ = true;

    if (worker_.joinable()) worker_.join();  // the last job posted its result: it has ended
    worker_ = std::jthread([this, job](std::stop_token stop) {
        auto result = std::make_shared<JobResult>();
        run(*job, *result, stop);
        // When this is the last reference (the tab went), the client is closed
        // already (the adapter closes before letting go): no network wait.
        job->client.reset();
        QMetaObject::invokeMethod(this, [this, result] { apply(result); }, Qt::QueuedConnection);
    });
}

void RecipeWatch::run(Job& job, JobResult& out, std::stop_token stop) {
    out.generation = job.generation;
    std::set<std::string> reread(job.reread.begin(), job.reread.end());
    if (job.rescan) {
        out.scan = readers::scanSubtree(*job.client, job.root, job.limits, stop);
        out.scannedAt = QDateTime::currentDateTime();
        // Found and not yet watched: read again, this time leaving the watch.
        for (const readers::RecipeItem& item : out.scan->items)
            for (const std::string& node : recipeSourceNodes(item))
                if (!job.armed.contains(node)) reread.insert(node);
    }
    std::set<std::string> layouts(job.layoutsReread.begin(), job.layoutsReread.end());
    if (job.rescan && !stop.stop_requested()) {
        out.partitionScan = readers::scanPartitions(*job.client, job.root, job.limits, stop);
        for (const readers::PartitionItem& item : out.partitionScan->items)
            if (!job.layoutsArmed.contains(item.path)) layouts.insert(item.path);
    }
    out.layoutsRereadPaths.assign(layouts.begin(), layouts.end());
    if (!out.layoutsRereadPaths.empty() && !stop.stop_requested()) {
        readers::ScanLimits limits = job.limits;
        limits.maxTime = std::max(limits.maxTime, kRereadMaxTime);
        out.layoutsReread = readers::readPartitionLayouts(*job.client, out.layoutsRereadPaths, true, limits, stop);
    }
    out.rereadPaths.assign(reread.begin(), reread.end());
    if (!out.rereadPaths.empty() && !stop.stop_requested()) {
        // Every node asked for must be read: the node limit is theirs, the
        // time limit only a guard (a result cut short is read again).
        readers::ScanLimits limits = job.limits;
        limits.maxNodes = std::max(limits.maxNodes, out.rereadPaths.size());
        limits.maxTime = std::max(limits.maxTime, kRereadMaxTime);
        out.reread = readers::readRecipeNodes(*job.client, out.rereadPaths, true, limits, stop);
    }
    if (job.addresses && !job.servers.empty() && !stop.stop_requested()) {
        out.addressesAtMs = QDateTime::currentMSecsSinceEpoch();
        out.addresses = readers::clientAddresses(job.servers, kConsTimeout, monitor::tcpFourLetterWordTransport());
    }
}

void RecipeWatch::apply(const std::shared_ptr<JobResult>& result) {
    running_ = false;
    lastJob_.start();
    ++jobsDone_;
    if (result->generation == generation_) {
        if (result->scan) applyScan(*result->scan);
        if (!result->rereadPaths.empty()) applyReread(result->rereadPaths, result->reread);
        if (result->partitionScan) applyPartitionScan(*result->partitionScan);
        if (!result->layoutsRereadPaths.empty())
            applyPartitionReread(result->layoutsRereadPaths, result->layoutsReread);
        if (result->addresses) {
            for (const auto& [session, address] : result->addresses->bySession)
                addresses_[session] = QString::fromStdString(address);
            if (result->addresses->unanswered.empty()) {
                // Every server answered: this is the whole list.
                std::erase_if(addresses_, [&](const auto& e) { return !result->addresses->bySession.contains(e.first); });
                addressesAtMs_ = result->addressesAtMs;
            } else {
                addressesAtMs_ = 0;  // some server did not say: nobody can be called gone
            }
        }
        if (result->scan) info_.rescannedAt = result->scannedAt;
        // A contender made since the last cons: ask again (not in a loop
        // for a session that is gone: only for nodes newer than the ask).
        for (const auto& [path, item] : items_)
            for (const auto* list : {&item.holders, &item.waiters})
                for (const readers::Contender& c : *list)
                    if (c.session != 0 && !addresses_.contains(c.session) &&
                        c.ctimeMs > addressesAskedAtMs_ - kClockSlackMs &&
                        QDateTime::currentMSecsSinceEpoch() - addressesAskedAtMs_ > kAddressesAgainMs)
                        addressesWanted_ = true;
        publish();
        armDataWatches();
        if (result->scan) emit rescanned();
    }
    firedDuringJob_.clear();
    eventsDuringJob_.clear();
    schedule();
}

void RecipeWatch::applyPartitionScan(const readers::PartitionScanResult& scan) {
    if (scan.err != proto::Err::Ok) return;  // the layouts stand until a scan gets through
    std::map<std::string, readers::PartitionItem> next;
    for (const readers::PartitionItem& item : scan.items) next[item.path] = item;
    // Watched layouts the walk did not reach (past a limit) stay: their watches report.
    for (auto& [path, item] : layouts_)
        if (!next.contains(path) && underRoot(path) && layoutsArmed_.contains(path)) next.emplace(path, std::move(item));
    layouts_ = std::move(next);
}

void RecipeWatch::applyPartitionReread(const std::vector<std::string>& paths,
                                       const readers::PartitionScanResult& reread) {
    if (reread.err != proto::Err::Ok) {
        layoutsDirty_.insert(paths.begin(), paths.end());  // read them again once the session is back
        return;
    }
    if (!reread.complete) {
        // Which watches are set is not known: the next rescan reads them again.
        for (const std::string& p : paths) layoutsArmed_.erase(p);
        return;
    }
    std::map<std::string, const readers::PartitionItem*> read;
    for (const readers::PartitionItem& item : reread.items) read[item.path] = &item;
    for (const std::string& p : paths) {
        const auto it = read.find(p);
        if (it == read.end() || !underRoot(p)) {
            // Gone, or no longer a layout.
            layouts_.erase(p);
            layoutsArmed_.erase(p);
            continue;
        }
        layouts_[p] = *it->second;
        // A watch this read left fired already: read again, else it is held.
        const bool fired = layoutsDirty_.contains(p) ||
                           std::any_of(eventsDuringJob_.begin(), eventsDuringJob_.end(), [&](const std::string& e) {
                               return layoutWatches(p, it->second->recipe, e);
                           });
        if (fired) layoutsDirty_.insert(p);
        else layoutsArmed_.insert(p);
    }
}

void RecipeWatch::applyScan(const readers::ScanResult& scan) {
    info_.rescanComplete = scan.complete;
    info_.stoppedBecause = QString::fromStdString(scan.stoppedBecause);
    info_.nodesRead = scan.nodesRead;
    info_.rescanError = scan.err == proto::Err::Ok ? QString() : QString::fromStdString(scan.message);
    if (scan.err != proto::Err::Ok) return;  // the items stand until a scan gets through
    std::map<std::string, readers::RecipeItem> next;
    for (const readers::RecipeItem& item : scan.items) next[item.path] = item;
    // Known recipes the walk did not report (empty now, or past a limit)
    // stay while their node is watched: the watch reports their changes.
    for (auto& [path, item] : items_)
        if (!next.contains(path) && underRoot(path) && armed_.contains(recipeSourceNodes(item).front()))
            next.emplace(path, std::move(item));
    items_ = std::move(next);
}

void RecipeWatch::applyReread(const std::vector<std::string>& paths, const readers::ScanResult& reread) {
    if (reread.err != proto::Err::Ok) {
        // The session failed meanwhile: read them again once it is back.
        dirty_.insert(paths.begin(), paths.end());
        return;
    }
    if (!reread.complete) {
        // Cut short (the time guard, an unreadable node): which were read,
        // and which watches are set, is not known. The rows stand; the next
        // rescan finds the nodes unwatched and reads them again.
        for (const std::string& p : paths) armed_.erase(p);
        return;
    }
    const std::set<std::string> read(paths.begin(), paths.end());
    const std::set<std::string> gone(reread.gone.begin(), reread.gone.end());
    for (const std::string& p : paths) {
        if (gone.contains(p)) armed_.erase(p);
        else if (firedDuringJob_.contains(p)) dirty_.insert(p);  // the watch this read left fired already
        else if (underRoot(p) && !dirty_.contains(p)) armed_.insert(p);
    }
    std::map<std::string, readers::RecipeItem> replaced;
    for (auto it = items_.begin(); it != items_.end();) {
        if (read.contains(recipeSourceNodes(it->second).front())) {
            replaced.insert(std::move(*it));
            it = items_.erase(it);
        } else {
            ++it;
        }
    }
    for (const readers::RecipeItem& item : reread.items)
        if (underRoot(item.path)) items_[item.path] = item;
    // Read fine but empty: the same recipe with nobody in it.
    for (auto& [path, old] : replaced) {
        if (items_.contains(path) || gone.contains(recipeSourceNodes(old).front())) continue;
        readers::RecipeItem empty;
        empty.path = old.path;
        empty.recipe = old.recipe;
        if (old.leases) empty.leases = 0;
        empty.maxLeases = old.maxLeases;
        items_[path] = std::move(empty);
    }
}

void RecipeWatch::armDataWatches() {
    if (!adapter_) return;
    for (const auto& [path, item] : items_) {
        if (item.recipe != readers::Recipe::KazooSemaphore || dataArmed_.contains(path) || dataArming_.contains(path))
            continue;
        dataArming_.insert(path);
        const int generation = generation_;
        adapter_->getData(QString::fromStdString(path), true,
                          [this, self = QPointer<RecipeWatch>(this), path, generation](client::Result<client::NodeData> r) {
                              if (!self) return;
                              dataArming_.erase(path);
                              if (generation != generation_) return;
                              if (r.ok()) dataArmed_.insert(path);
                              // The maximum may have changed before the watch: read it again.
                              const auto it = items_.find(path);
                              const std::string known = it != items_.end() && it->second.maxLeases
                                                            ? std::to_string(*it->second.maxLeases)
                                                            : std::string();
                              if (!r.ok() || QByteArray::fromStdString(r.value.data).trimmed().toStdString() != known) {
                                  dirty_.insert(path);
                                  schedule();
                              }
                          });
    }
}

void RecipeWatch::publish() {
    auto s = std::make_shared<RecipeSnapshot>(info_);
    s->items = items_;
    s->addresses = addresses_;
    s->addressesAtMs = addressesAtMs_;
    s->childWatches = int(armed_.size());
    s->partitions = layouts_;
    s->layoutsWatched = int(layoutsArmed_.size());
    snapshot_ = s;
    // The models' clock moves on tick() only: setNow() re-announces every row.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    locks_->setSnapshot(snapshot_);
    elections_->setSnapshot(snapshot_);
    partitions_->setSnapshot(snapshot_);
    const QList<TimelineEvent> events = highlights_->update(*snapshot_, now, heldTooLongMs_);
    if (timeline_ && !events.isEmpty()) timeline_->append(events);
    emit snapshotChanged();
}

void RecipeWatch::tick() {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    locks_->setNow(now);
    elections_->setNow(now);
    const QList<TimelineEvent> events = highlights_->update(*snapshot_, now, heldTooLongMs_);
    if (timeline_ && !events.isEmpty()) timeline_->append(events);
}

}  // namespace zooscope::ui
