#include "models/znode_tree_model.h"

#include <QDateTime>
#include <QTimer>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <string_view>
#include <unordered_map>

// Q_INIT_RESOURCE must be called outside any namespace; the icons live in
// this static library (resources/icons.qrc).
static void initZnodeIcons() { Q_INIT_RESOURCE(icons); }

namespace zooscope::ui {

namespace {

// Children by name. Keys are views of the children's own names (a child's
// name never changes and it is erased from here before it is destroyed), so
// no string is copied. Not QHash<QString>: with Qt 6.4's string hash,
// inserting 200,000 short names took ~0.3 s on this machine (measured),
// std::unordered_map with libstdc++'s byte hash a fraction of that.
struct NameHash {
    size_t operator()(QStringView v) const noexcept {
        return std::hash<std::u16string_view>{}(std::u16string_view(reinterpret_cast<const char16_t*>(v.utf16()), size_t(v.size())));
    }
};
template <typename T>
class NameIndex {
public:
    T* value(QStringView name) const {
        const auto it = map_.find(name);
        return it == map_.end() ? nullptr : it->second;
    }
    void insert(T* item) { map_.emplace(QStringView(item->name), item); }
    void remove(QStringView name) { map_.erase(name); }
    void reserve(size_t n) { map_.reserve(n); }

private:
    std::unordered_map<QStringView, T*, NameHash> map_;
};

}  // namespace

// One loaded znode. Kept small: a level of 200,000 children is 200,000 of
// these (name, links, a handful of stat fields; no data bytes).
struct ZnodeTreeModel::Item {
    Item* parent = nullptr;
    QString name;  // "/" for the root znode's row
    int row = 0;
    int32_t numChildren = -1;
    int32_t dataLength = 0;
    int32_t version = 0;
    int32_t cversion = 0;
    int32_t listedCversion = -1;
    int64_t mtime = 0;
    int64_t ephemeralOwner = 0;
    int statsLoadedCount = 0;  // children whose stat is loaded
    bool listed = false;       // children listed at least once and still valid
    bool listing = false;      // a getChildren2 is in flight
    bool listQueued = false;   // fetchMore queued a listing (see fetchMore)
    bool relistQueued = false; // relistSoon() has a timer running
    int64_t listedAtMs = INT64_MIN / 2;  // steadyMs() when the last listing came back
    bool expanded = false;
    bool childWatch = false;  // a child watch is (believed to be) set
    bool statLoaded = false;
    bool statPending = false;
    bool mark = false;  // scratch for applyDiff
    bool relistAfterDiff = false;  // the child watch fired while a listing's diff was being worked out
    quint64 lastListSeq = 0;  // the newest getChildren2 sent for this node
    quint64 repliedSeq = 0;   // the newest one answered (its diff may still be on the worker)
    std::vector<std::unique_ptr<Item>> children;
    NameIndex<Item> byName;
};

// What one listing changes in a level. Built on the worker thread from
// copies; the Items in `fresh` belong to nobody until applyDiff adopts them.
struct ZnodeTreeModel::ListingDiff {
    std::vector<QString> gone;                 // listed before, not any more
    std::vector<std::unique_ptr<Item>> fresh;  // new, in name order (`ascending`), rows numbered from 0
    NameIndex<Item> index;                     // of `fresh`, built only when the level was empty
    bool indexed = false;
    bool ascending = true;
};

namespace {

enum IconIndex { kIconPersistent, kIconEphemeral, kIconSequential, kIconContainer, kIconTtl };

int64_t steadyMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool isSequentialName(const QString& name) {
    if (name.size() <= 10) return false;
    for (qsizetype i = name.size() - 10; i < name.size(); ++i)
        if (!name.at(i).isDigit()) return false;
    return true;
}

}  // namespace

ZnodeTreeModel::ZnodeTreeModel(ClientAdapter* adapter, QObject* parent)
    : QAbstractItemModel(parent), adapter_(adapter), root_(std::make_unique<Item>()) {
    initZnodeIcons();
    icons_[kIconPersistent] = QIcon(QStringLiteral(":/icons/znode-persistent.svg"));
    icons_[kIconEphemeral] = QIcon(QStringLiteral(":/icons/znode-ephemeral.svg"));
    icons_[kIconSequential] = QIcon(QStringLiteral(":/icons/znode-sequential.svg"));
    icons_[kIconContainer] = QIcon(QStringLiteral(":/icons/znode-container.svg"));
    icons_[kIconTtl] = QIcon(QStringLiteral(":/icons/znode-ttl.svg"));

    auto top = std::make_unique<Item>();
    top->parent = root_.get();
    top->name = QStringLiteral("/");
    root_->byName.insert(top.get());
    root_->children.push_back(std::move(top));
    root_->listed = true;
    differ_.setMaxThreadCount(1);
    rowTimer_ = new QTimer(this);
    rowTimer_->setSingleShot(true);
    rowTimer_->setInterval(kRelistIntervalMs);
    connect(rowTimer_, &QTimer::timeout, this, &ZnodeTreeModel::refreshChangedRows);

    if (adapter_) {
        connect(adapter_, &ClientAdapter::stateChanged, this, &ZnodeTreeModel::onState);
        connect(adapter_, &ClientAdapter::nodeEvent, this, &ZnodeTreeModel::onNodeEvent);
        if (adapter_->isConnected()) lastGeneration_ = adapter_->generation();
    }
}

ZnodeTreeModel::~ZnodeTreeModel() = default;

// ---------------------------------------------------------------- structure

ZnodeTreeModel::Item* ZnodeTreeModel::itemOf(const QModelIndex& index) const {
    return index.isValid() ? static_cast<Item*>(index.internalPointer()) : root_.get();
}

QModelIndex ZnodeTreeModel::indexOfItem(const Item* item, int column) const {
    if (!item || item == root_.get()) return {};
    return createIndex(item->row, column, const_cast<Item*>(item));
}

QModelIndex ZnodeTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (row < 0 || column < 0 || column >= ColumnCount) return {};
    if (parent.isValid() && parent.column() != 0) return {};
    const Item* p = itemOf(parent);
    if (row >= int(p->children.size())) return {};
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex ZnodeTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid()) return {};
    return indexOfItem(itemOf(child)->parent);
}

int ZnodeTreeModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() && parent.column() != 0) return 0;
    return int(itemOf(parent)->children.size());
}

int ZnodeTreeModel::columnCount(const QModelIndex& parent) const {
    if (parent.isValid() && parent.column() != 0) return 0;
    return ColumnCount;
}

bool ZnodeTreeModel::hasChildren(const QModelIndex& parent) const {
    if (parent.isValid() && parent.column() != 0) return false;
    const Item* item = itemOf(parent);
    if (!item->children.empty()) return true;
    if (item == root_.get() || item->listed) return false;
    // Not listed yet: the stat says; without a stat assume there may be some.
    return item->statLoaded ? item->numChildren > 0 : true;
}

bool ZnodeTreeModel::canFetchMore(const QModelIndex& parent) const {
    if (parent.isValid() && parent.column() != 0) return false;
    const Item* item = itemOf(parent);
    if (item == root_.get()) return false;
    return !item->listed && !item->listing && !item->listQueued &&
           (!item->statLoaded || item->numChildren != 0 || !item->children.empty());
}

// QTreeView::expand() calls fetchMore() just BEFORE it emits expanded(), so
// the owner's setExpanded(true) comes right after. The listing is sent one
// event-loop turn later, with a watch when the node is expanded by then:
// one getChildren2 instead of an unwatched one and a watched one (two full
// listings of a 200,000-children node).
void ZnodeTreeModel::fetchMore(const QModelIndex& parent) {
    if (!canFetchMore(parent)) return;
    Item* item = itemOf(parent);
    item->listQueued = true;
    const QString path = pathOfItem(item);
    QMetaObject::invokeMethod(
        this,
        [this, path] {
            Item* it = findItem(path);
            if (!it || !it->listQueued) return;
            it->listQueued = false;
            if (!it->listing) list(it, it->expanded);
        },
        Qt::QueuedConnection);
}

Qt::ItemFlags ZnodeTreeModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled;
}

QHash<int, QByteArray> ZnodeTreeModel::roleNames() const {
    QHash<int, QByteArray> r = QAbstractItemModel::roleNames();
    r.insert(PathRole, "path");
    r.insert(SortRole, "sortValue");
    r.insert(StatLoadedRole, "statLoaded");
    r.insert(KindRole, "kind");
    r.insert(EphemeralOwnerRole, "ephemeralOwner");
    r.insert(NumChildrenRole, "numChildren");
    return r;
}

// ---------------------------------------------------------------- paths

QString ZnodeTreeModel::childPath(const QString& parentPath, const QString& name) {
    if (parentPath == QLatin1String("/")) return QLatin1Char('/') + name;
    return parentPath + QLatin1Char('/') + name;
}

QString ZnodeTreeModel::pathOfItem(const Item* item) {
    if (!item || !item->parent) return QString();
    if (!item->parent->parent) return item->name;  // the "/" row
    return childPath(pathOfItem(item->parent), item->name);
}

QString ZnodeTreeModel::pathOf(const QModelIndex& index) const {
    return index.isValid() ? pathOfItem(itemOf(index)) : QString();
}

ZnodeTreeModel::Item* ZnodeTreeModel::findItem(const QString& path) const {
    if (root_->children.empty() || !path.startsWith(QLatin1Char('/'))) return nullptr;
    Item* cur = root_->children.front().get();
    for (const QStringView seg : QStringView(path).split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        cur = cur->byName.value(seg);
        if (!cur) return nullptr;
    }
    return cur;
}

QModelIndex ZnodeTreeModel::indexOf(const QString& path) const { return indexOfItem(findItem(path)); }

bool ZnodeTreeModel::isListed(const QModelIndex& index) const { return index.isValid() && itemOf(index)->listed; }

bool ZnodeTreeModel::levelStatsLoaded(const QModelIndex& parent) const {
    const Item* p = itemOf(parent);
    return !p->children.empty() && p->statsLoadedCount == int(p->children.size());
}

bool ZnodeTreeModel::isExpanded(const QModelIndex& index) const { return index.isValid() && itemOf(index)->expanded; }

// ---------------------------------------------------------------- data

int ZnodeTreeModel::kindOf(const Item* item) const {
    int kind = Persistent;
    if (item->ephemeralOwner != 0) kind |= Ephemeral;
    if (isSequentialName(item->name)) kind |= Sequential;
    if (modes_ && !modes_->isEmpty()) {
        if (auto mode = modes_->knownCreateMode(pathOfItem(item))) {
            switch (*mode) {
            case proto::CreateMode::Container: kind |= Container; break;
            case proto::CreateMode::PersistentWithTTL:
            case proto::CreateMode::PersistentSequentialWithTTL: kind |= Ttl; break;
            default: break;
            }
        }
    }
    return kind;
}

QVariant ZnodeTreeModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const Item* item = itemOf(index);
    const int col = index.column();
    const bool st = item->statLoaded;
    switch (role) {
    case Qt::DisplayRole:
        switch (col) {
        case NameColumn: return item->name;
        case ChildrenColumn: return st ? QVariant(item->numChildren) : QVariant(QString());
        case DataLengthColumn: return st ? QVariant(item->dataLength) : QVariant(QString());
        case VersionColumn: return st ? QVariant(item->version) : QVariant(QString());
        case ModifiedColumn:
            // mtime 0: never written (the root, /zookeeper): nothing to show.
            return st && item->mtime != 0
                       ? QDateTime::fromMSecsSinceEpoch(item->mtime).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                       : QString();
        case OwnerColumn:
            return st && item->ephemeralOwner != 0
                       ? QStringLiteral("0x") + QString::number(quint64(item->ephemeralOwner), 16)
                       : QString();
        }
        return {};
    case Qt::DecorationRole: {
        if (col != NameColumn) return {};
        const int kind = kindOf(item);
        if (kind & Ttl) return icons_[kIconTtl];
        if (kind & Container) return icons_[kIconContainer];
        if (kind & Ephemeral) return icons_[kIconEphemeral];
        if (kind & Sequential) return icons_[kIconSequential];
        return icons_[kIconPersistent];
    }
    case Qt::ToolTipRole: {
        if (col != NameColumn) return {};
        const int kind = kindOf(item);
        QStringList what;
        if (kind & Ttl) what << tr("TTL node (created by this app)");
        if (kind & Container) what << tr("container node (created by this app)");
        if (kind & Ephemeral) what << tr("ephemeral node");
        if (kind & Sequential) what << tr("sequential node");
        if (what.isEmpty()) what << tr("persistent node");
        return pathOfItem(item) + QLatin1Char('\n') + what.join(QLatin1String(", "));
    }
    case Qt::TextAlignmentRole:
        if (col == ChildrenColumn || col == DataLengthColumn || col == VersionColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case PathRole: return pathOfItem(item);
    case SortRole:
        switch (col) {
        case NameColumn: return item->name;
        case ChildrenColumn: return st ? QVariant(qint64(item->numChildren)) : QVariant();
        case DataLengthColumn: return st ? QVariant(qint64(item->dataLength)) : QVariant();
        case VersionColumn: return st ? QVariant(qint64(item->version)) : QVariant();
        case ModifiedColumn: return st ? QVariant(qint64(item->mtime)) : QVariant();
        case OwnerColumn: return st ? QVariant(qint64(item->ephemeralOwner)) : QVariant();
        }
        return {};
    case StatLoadedRole: return st;
    case KindRole: return kindOf(item);
    case EphemeralOwnerRole: return qint64(item->ephemeralOwner);
    case NumChildrenRole: return st ? item->numChildren : -1;
    default: return {};
    }
}

QVariant ZnodeTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
    if (role == Qt::TextAlignmentRole)
        return int((section == ChildrenColumn || section == DataLengthColumn || section == VersionColumn
                        ? Qt::AlignRight
                        : Qt::AlignLeft) |
                   Qt::AlignVCenter);
    if (role != Qt::DisplayRole) return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case ChildrenColumn: return tr("Children");
    case DataLengthColumn: return tr("Data length");
    case VersionColumn: return tr("Version");
    case ModifiedColumn: return tr("Modified");
    case OwnerColumn: return tr("Ephemeral owner");
    }
    return {};
}

// ---------------------------------------------------------------- sorting

bool ZnodeTreeModel::lessThan(const Item* a, const Item* b, int column) const {
    auto cmp3 = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
    int c = 0;
    switch (column) {
    case ChildrenColumn: c = cmp3(a->numChildren, b->numChildren); break;
    case DataLengthColumn: c = cmp3(a->dataLength, b->dataLength); break;
    case VersionColumn: c = cmp3(a->version, b->version); break;
    case ModifiedColumn: c = cmp3(a->mtime, b->mtime); break;
    case OwnerColumn: c = cmp3(a->ephemeralOwner, b->ephemeralOwner); break;
    default: break;
    }
    if (c == 0) c = QString::compare(a->name, b->name, Qt::CaseSensitive);
    return c < 0;
}

void ZnodeTreeModel::renumber(Item* parent, int from) {
    for (size_t i = size_t(std::max(from, 0)); i < parent->children.size(); ++i) parent->children[i]->row = int(i);
}

// Sorts one level by the current key (stat columns only once the level's
// stats are all loaded). notify: wraps it in layoutAboutToBeChanged/Changed.
void ZnodeTreeModel::sortLevel(Item* parent, bool notify) {
    if (parent->children.size() < 2 || parent == root_.get()) return;
    const bool statsReady = parent->statsLoadedCount == int(parent->children.size());
    const int column = (sortColumn_ != NameColumn && statsReady) ? sortColumn_ : int(NameColumn);
    const bool asc = sortOrder_ == Qt::AscendingOrder;
    auto comp = [&](const std::unique_ptr<Item>& a, const std::unique_ptr<Item>& b) {
        return asc ? lessThan(a.get(), b.get(), column) : lessThan(b.get(), a.get(), column);
    };
    if (std::is_sorted(parent->children.begin(), parent->children.end(), comp)) return;
    const QModelIndex parentIndex = indexOfItem(parent);
    QModelIndexList before;
    if (notify) {
        emit layoutAboutToBeChanged({QPersistentModelIndex(parentIndex)}, QAbstractItemModel::VerticalSortHint);
        before = persistentIndexList();
    }
    std::stable_sort(parent->children.begin(), parent->children.end(), comp);
    renumber(parent, 0);
    if (notify) {
        QModelIndexList after;
        after.reserve(before.size());
        for (const QModelIndex& i : before) after << indexOfItem(itemOf(i), i.column());
        changePersistentIndexList(before, after);
        emit layoutChanged({QPersistentModelIndex(parentIndex)}, QAbstractItemModel::VerticalSortHint);
    }
}

void ZnodeTreeModel::sort(int column, Qt::SortOrder order) {
    if (column < 0 || column >= ColumnCount) column = NameColumn;
    sortColumn_ = column;
    sortOrder_ = order;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<Item*> stack{root_.get()};
    while (!stack.empty()) {
        Item* it = stack.back();
        stack.pop_back();
        sortLevel(it, false);
        for (auto& c : it->children)
            if (!c->children.empty()) stack.push_back(c.get());
    }
    QModelIndexList after;
    after.reserve(before.size());
    for (const QModelIndex& i : before) after << indexOfItem(itemOf(i), i.column());
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

int ZnodeTreeModel::insertPosition(Item* parent, const Item* probe) const {
    const bool asc = sortOrder_ == Qt::AscendingOrder;
    const bool statOrdered = sortColumn_ != NameColumn && parent->statsLoadedCount == int(parent->children.size()) &&
                             !parent->children.empty();
    // A level ordered by a stat: the newcomer has none yet; it goes last and
    // the level is re-sorted when its stat arrives.
    if (statOrdered) return int(parent->children.size());
    auto it = std::upper_bound(parent->children.begin(), parent->children.end(), probe,
                               [&](const Item* p, const std::unique_ptr<Item>& c) {
                                   return asc ? lessThan(p, c.get(), NameColumn) : lessThan(c.get(), p, NameColumn);
                               });
    return int(it - parent->children.begin());
}

// ---------------------------------------------------------------- listing

void ZnodeTreeModel::list(Item* item, bool watch) {
    if (!adapter_ || item == root_.get()) return;
    item->listing = true;
    item->listQueued = false;  // this listing is the one fetchMore() queued
    if (watch) item->childWatch = true;
    const quint64 seq = ++listSeq_;
    item->lastListSeq = seq;
    const QString path = pathOfItem(item);
    QPointer<ZnodeTreeModel> self(this);
    adapter_->getChildren2(path, watch, [self, path, watch, seq](client::Result<client::Children> r) {
        if (self) self->onListed(path, watch, seq, std::move(r));
    });
}

QString ZnodeTreeModel::listingFailure(proto::Err err, const QString& path, const std::string& detail) {
    switch (err) {
    case proto::Err::NoAuth:
        return tr("Not allowed to list the children of %1: its ACL does not grant READ to this session.").arg(path);
    case proto::Err::ConnectionLoss:
        return tr("The connection was lost while listing %1; it is listed again once reconnected.").arg(path);
    case proto::Err::SessionExpired: return tr("The session expired while listing %1.").arg(path);
    case proto::Err::OperationTimeout:
    case proto::Err::RequestTimeout: return tr("The server did not answer the listing of %1 in time.").arg(path);
    default: return tr("Cannot list the children of %1 (%2).").arg(path, QString::fromStdString(detail));
    }
}

// A listing came back: errors are handled here; names go to the worker with
// a copy of the level's names, and applyListing() takes the diff.
void ZnodeTreeModel::onListed(const QString& path, bool watch, quint64 seq, client::Result<client::Children> r) {
    Item* item = findItem(path);
    // Gone, or a newer listing of it is on its way: that one will be applied.
    if (!item || item->lastListSeq != seq) return;
    if (!r.ok()) {
        item->listing = false;
        item->listedAtMs = steadyMs();
        if (watch) item->childWatch = false;
        if (r.err == proto::Err::NoNode && item->parent != root_.get()) {
            removeItem(item);
            return;
        }
        spdlog::debug("ui: listing {} failed: {}", path.toStdString(), r.message);
        emit operationFailed(path, listingFailure(r.err, path, r.message));
        return;
    }
    item->repliedSeq = seq;
    // The node's own stat now, in reply order: applied after the diff it
    // could overwrite a newer stat of this node (an exists() reply or a
    // watch's refresh that arrived while the diff was on the worker).
    applyStat(item, r.value.stat);
    std::vector<QString> current;
    current.reserve(item->children.size());
    for (const auto& c : item->children) current.push_back(c->name);
    auto job = std::make_shared<client::Children>(std::move(r.value));
    auto shared = std::make_shared<std::vector<QString>>(std::move(current));
    const bool ascending = sortOrder_ == Qt::AscendingOrder;
    // `this` is used on the worker only as the context to post back to; see differ_.
    differ_.start([this, path, seq, job, shared, ascending] {
        std::shared_ptr<ListingDiff> diff = diffListing(std::move(*shared), std::move(job->names), ascending);
        QMetaObject::invokeMethod(
            this, [this, path, seq, job, diff] { applyListing(path, seq, job->stat, *diff); }, Qt::QueuedConnection);
    });
}

std::unique_ptr<ZnodeTreeModel::ListingDiff> ZnodeTreeModel::diffListing(std::vector<QString> current,
                                                                         std::vector<std::string> listed,
                                                                         bool ascending) {
    // The order of lessThan(NameColumn): UTF-16 code units.
    auto before = [](const QString& a, const QString& b) { return QString::compare(a, b, Qt::CaseSensitive) < 0; };
    const bool wasEmpty = current.empty();
    std::vector<QString> names;
    names.reserve(listed.size());
    for (const std::string& n : listed) names.push_back(QString::fromStdString(n));
    listed = {};
    // The engine answers in name order, ZooKeeper in hash order; a level is
    // usually already in name order.
    if (!std::is_sorted(names.begin(), names.end(), before)) std::sort(names.begin(), names.end(), before);
    if (!std::is_sorted(current.begin(), current.end(), before)) std::sort(current.begin(), current.end(), before);

    auto diff = std::make_unique<ListingDiff>();
    diff->ascending = ascending;
    std::vector<QString> added;
    size_t i = 0, j = 0;
    while (i < current.size() || j < names.size()) {
        if (j == names.size() || (i < current.size() && before(current[i], names[j]))) diff->gone.push_back(std::move(current[i++]));
        else if (i == current.size() || before(names[j], current[i])) added.push_back(std::move(names[j++]));
        else ++i, ++j;
    }
    if (!ascending) std::reverse(added.begin(), added.end());
    diff->fresh.reserve(added.size());
    for (QString& n : added) {
        auto child = std::make_unique<Item>();
        child->name = std::move(n);
        child->row = int(diff->fresh.size());
        diff->fresh.push_back(std::move(child));
    }
    if (wasEmpty) {
        diff->index.reserve(diff->fresh.size());
        for (const auto& c : diff->fresh) diff->index.insert(c.get());
        diff->indexed = true;
    }
    return diff;
}

void ZnodeTreeModel::applyListing(const QString& path, quint64 seq, const proto::Stat& stat, ListingDiff& diff) {
    Item* item = findItem(path);
    if (!item || item->lastListSeq != seq) return;
    item->listing = false;
    item->listedAtMs = steadyMs();
    applyDiff(item, diff);
    item->listed = true;
    item->listedCversion = stat.cversion;
    if (int(item->children.size()) <= kAutoStatsLimit) {
        std::vector<std::string> missing;
        for (const auto& c : item->children)
            if (!c->statLoaded && !c->statPending) missing.push_back(c->name.toStdString());
        if (!missing.empty()) requestStats(item, std::move(missing), false);
    }
    emit listed(path);
    // The new watch fired before the diff was in: list again.
    if (item->relistAfterDiff) {
        item->relistAfterDiff = false;
        if (item->expanded) relistSoon(item);
        else item->listed = false;
    }
}

// Brings item's children in line with a listing: removed ones go (contiguous
// runs), new ones are inserted at their sorted place (a few) or appended and
// the level re-sorted (many); a first listing is adopted whole, with its index.
void ZnodeTreeModel::applyDiff(Item* item, ListingDiff& diff) {
    const QModelIndex parentIndex = indexOfItem(item);
    if (!diff.gone.empty()) {
        for (auto& c : item->children) c->mark = true;
        for (const QString& n : diff.gone)
            if (Item* c = item->byName.value(n)) c->mark = false;
        // Removals, from the back so row numbers ahead stay valid.
        for (int end = int(item->children.size()) - 1; end >= 0;) {
            if (item->children[size_t(end)]->mark) {
                --end;
                continue;
            }
            int begin = end;
            while (begin > 0 && !item->children[size_t(begin - 1)]->mark) --begin;
            beginRemoveRows(parentIndex, begin, end);
            for (int i = begin; i <= end; ++i) {
                Item* gone = item->children[size_t(i)].get();
                if (gone->statLoaded) --item->statsLoadedCount;
                item->byName.remove(gone->name);
            }
            item->children.erase(item->children.begin() + begin, item->children.begin() + end + 1);
            renumber(item, begin);
            endRemoveRows();
            end = begin - 1;
        }
    }
    auto& fresh = diff.fresh;
    // Listings of one node are applied in the order sent, so a new name is new;
    // rows removed meanwhile by a deletion event are simply not in the level.
    if (!item->children.empty())
        std::erase_if(fresh, [&](const std::unique_ptr<Item>& c) { return item->byName.value(c->name) != nullptr; });
    if (fresh.empty()) return;
    for (auto& c : fresh) c->parent = item;
    constexpr size_t kOneByOne = 64;
    if (fresh.size() <= kOneByOne && !item->children.empty()) {
        for (auto& child : fresh) {
            const int pos = insertPosition(item, child.get());
            beginInsertRows(parentIndex, pos, pos);
            item->byName.insert(child.get());
            item->children.insert(item->children.begin() + pos, std::move(child));
            renumber(item, pos);
            endInsertRows();
        }
        return;
    }
    const int first = int(item->children.size());
    beginInsertRows(parentIndex, first, first + int(fresh.size()) - 1);
    if (first == 0 && diff.indexed) {
        item->children = std::move(fresh);
        item->byName = std::move(diff.index);
    } else {
        item->children.reserve(item->children.size() + fresh.size());
        item->byName.reserve(item->children.size() + fresh.size());
        for (auto& child : fresh) {
            item->byName.insert(child.get());
            item->children.push_back(std::move(child));
        }
        renumber(item, first);
    }
    endInsertRows();
    // Appended after existing rows, or the order changed while the diff was made.
    if (first > 0 || diff.ascending != (sortOrder_ == Qt::AscendingOrder)) sortLevel(item, true);
}

void ZnodeTreeModel::removeItem(Item* item) {
    Item* parent = item->parent;
    if (!parent || parent == root_.get()) return;
    const int row = item->row;
    beginRemoveRows(indexOfItem(parent), row, row);
    if (item->statLoaded) --parent->statsLoadedCount;
    parent->byName.remove(item->name);
    parent->children.erase(parent->children.begin() + row);
    renumber(parent, row);
    endRemoveRows();
}

void ZnodeTreeModel::refresh(const QModelIndex& index) {
    Item* item = itemOf(index);
    if (item == root_.get()) return;
    for (auto& c : item->children) {
        if (c->statLoaded) --item->statsLoadedCount;
        c->statLoaded = false;
    }
    list(item, item->expanded);
}

// ---------------------------------------------------------------- stats

void ZnodeTreeModel::applyStat(Item* item, const proto::Stat& st) {
    if (!item->statLoaded && item->parent) ++item->parent->statsLoadedCount;
    item->statLoaded = true;
    item->statPending = false;
    item->numChildren = st.numChildren;
    item->dataLength = st.dataLength;
    item->version = st.version;
    item->cversion = st.cversion;
    item->mtime = st.mtime;
    item->ephemeralOwner = st.ephemeralOwner;
    // An unwatched level whose children changed is listed again when needed.
    if (item->listed && !item->childWatch && item->listedCversion != st.cversion && !item->listing)
        item->listed = false;
    if (item != root_.get())
        emit dataChanged(indexOfItem(item, 0), indexOfItem(item, ColumnCount - 1));
}

void ZnodeTreeModel::requestStats(Item* parent, std::vector<std::string> names, bool progress) {
    if (!adapter_ || names.empty()) return;
    for (const auto& n : names)
        if (Item* c = parent->byName.value(QString::fromStdString(n))) c->statPending = true;
    const QString path = pathOfItem(parent);
    QPointer<ZnodeTreeModel> self(this);
    adapter_->getChildrenWithStats(path, names, client::RowDetail::Stat,
                                   [self, path, progress](client::Result<std::vector<client::ChildRow>> r) {
                                       if (self) self->applyStats(path, std::move(r.value), progress);
                                   });
}

void ZnodeTreeModel::applyStats(const QString& parentPath, std::vector<client::ChildRow> rows, bool progress) {
    Item* parent = findItem(parentPath);
    if (!parent) return;
    const bool wasComplete = parent->statsLoadedCount == int(parent->children.size());
    int lo = INT_MAX, hi = -1;
    std::vector<QString> vanished;
    for (auto& row : rows) {
        const QString name = QString::fromStdString(row.name);
        Item* c = parent->byName.value(name);
        if (!c) continue;
        c->statPending = false;
        if (row.err == proto::Err::Ok) {
            if (!c->statLoaded) ++parent->statsLoadedCount;
            c->statLoaded = true;
            c->numChildren = row.stat.numChildren;
            c->dataLength = row.stat.dataLength;
            c->version = row.stat.version;
            c->cversion = row.stat.cversion;
            c->mtime = row.stat.mtime;
            c->ephemeralOwner = row.stat.ephemeralOwner;
            if (c->listed && !c->childWatch && c->listedCversion != c->cversion && !c->listing) c->listed = false;
            lo = std::min(lo, c->row);
            hi = std::max(hi, c->row);
        } else if (row.err == proto::Err::NoNode) {
            vanished.push_back(name);
        }
    }
    if (hi >= 0) {
        const QModelIndex pi = indexOfItem(parent);
        emit dataChanged(index(lo, 0, pi), index(hi, ColumnCount - 1, pi));
    }
    for (const QString& n : vanished)
        if (Item* c = parent->byName.value(n)) removeItem(c);
    const bool complete = !parent->children.empty() && parent->statsLoadedCount == int(parent->children.size());
    if (complete && sortColumn_ != NameColumn) sortLevel(parent, true);
    if (complete && !wasComplete) emit levelStatsComplete(parentPath);
    if (progress) loadAllStatsStep(parentPath);
}

void ZnodeTreeModel::fetchStats(const QModelIndex& parent, int first, int last) {
    Item* p = itemOf(parent);
    if (p == root_.get()) return;  // the "/" row's stat comes with its listing
    first = std::max(first, 0);
    last = std::min(last, int(p->children.size()) - 1);
    std::vector<std::string> names;
    for (int i = first; i <= last; ++i) {
        const Item* c = p->children[size_t(i)].get();
        if (!c->statLoaded && !c->statPending) names.push_back(c->name.toStdString());
    }
    requestStats(p, std::move(names), false);
}

void ZnodeTreeModel::setRowsOnScreen(const std::vector<RowRange>& ranges) {
    QSet<QString> now;
    std::vector<QString> needStat;
    for (const RowRange& r : ranges) {
        Item* p = itemOf(r.parent);
        if (p == root_.get()) continue;  // the "/" row's stat comes with its listing
        const QString parentPath = pathOfItem(p);
        const int last = std::min(r.last, int(p->children.size()) - 1);
        for (int i = std::max(r.first, 0); i <= last && now.size() < kMaxRowsOnScreen; ++i) {
            const Item* c = p->children[size_t(i)].get();
            const QString path = childPath(parentPath, c->name);
            now.insert(path);
            if (!c->statLoaded && !c->statPending) needStat.push_back(path);
        }
    }
    // Scrolled away: their watches go (the shown node keeps its own).
    for (auto it = rowWatches_.begin(); it != rowWatches_.end();) {
        if (now.contains(*it)) {
            ++it;
            continue;
        }
        const QString path = *it;
        it = rowWatches_.erase(it);
        if (path == shownPath_ || !adapter_) continue;
        adapter_->removeAllWatches(path, proto::WatcherType::Data, false, [path](client::Result<client::Empty> r) {
            if (!r.ok() && r.err != proto::Err::NoWatcher)
                spdlog::debug("ui: removing the data watch of row {}: {}", path.toStdString(), r.message);
        });
    }
    onScreen_ = std::move(now);
    for (const QString& path : std::as_const(onScreen_))
        if (!rowWatches_.contains(path)) watchRow(path);
    // Watched already but without a stat (refresh() dropped it): fetch it.
    for (const QString& path : needStat)
        if (Item* c = findItem(path); c && !c->statPending) watchRow(path);
}

// exists() with a watch: the row's stat now, an event when it changes.
void ZnodeTreeModel::watchRow(const QString& path) {
    if (!adapter_) return;
    Item* item = findItem(path);
    if (!item) return;
    item->statPending = true;
    rowWatches_.insert(path);
    QPointer<ZnodeTreeModel> self(this);
    adapter_->exists(path, true, [self, path](client::Result<std::optional<proto::Stat>> r) {
        if (!self) return;
        Item* item = self->findItem(path);
        if (!r.ok()) {
            self->rowWatches_.remove(path);
            if (item) item->statPending = false;
            return;
        }
        if (!item) return;
        if (r.value) self->applyStat(item, *r.value);
        else if (item->parent != self->root_.get()) self->removeItem(item);  // its deletion event follows
    });
}

// The data watches of these rows fired: fetch their stats again (re-arming
// the watch) if they are still on screen.
void ZnodeTreeModel::refreshChangedRows() {
    const QSet<QString> changed = std::exchange(changedRows_, {});
    for (const QString& path : changed) {
        if (onScreen_.contains(path)) {
            if (!rowWatches_.contains(path)) watchRow(path);
            continue;
        }
        // Off screen now: its stat is old; fetched again when shown.
        if (Item* item = findItem(path); item && item->statLoaded) {
            item->statLoaded = false;
            if (item->parent) --item->parent->statsLoadedCount;
        }
    }
}

void ZnodeTreeModel::loadAllStats(const QModelIndex& parent) {
    Item* p = itemOf(parent);
    if (p == root_.get()) return;
    const QString path = pathOfItem(p);
    if (bulkTotals_.contains(path)) return;
    bulkTotals_.insert(path, int(p->children.size()));
    loadAllStatsStep(path);
}

void ZnodeTreeModel::cancelLoadAllStats(const QModelIndex& parent) { bulkTotals_.remove(pathOf(parent)); }

void ZnodeTreeModel::loadAllStatsStep(const QString& parentPath) {
    if (!bulkTotals_.contains(parentPath)) return;
    Item* p = findItem(parentPath);
    if (!p) {
        bulkTotals_.remove(parentPath);
        return;
    }
    const int total = int(p->children.size());
    emit statsProgress(parentPath, p->statsLoadedCount, total);
    std::vector<std::string> names;
    for (const auto& c : p->children) {
        if (!c->statLoaded && !c->statPending) names.push_back(c->name.toStdString());
        if (int(names.size()) >= kStatsBatch) break;
    }
    if (names.empty()) {
        bulkTotals_.remove(parentPath);
        return;
    }
    requestStats(p, std::move(names), true);
}

// ---------------------------------------------------------------- watches

void ZnodeTreeModel::setExpanded(const QModelIndex& index, bool expanded) {
    Item* item = itemOf(index);
    if (item == root_.get() || item->expanded == expanded) return;
    item->expanded = expanded;
    const QString path = pathOfItem(item);
    if (expanded) {
        // A listing queued by fetchMore() goes out with the watch.
        if (!item->childWatch && !item->listQueued) list(item, true);
        return;
    }
    if (item->childWatch && adapter_) {
        item->childWatch = false;
        // The server is asked (a local-only removal leaves the server's watch).
        adapter_->removeAllWatches(path, proto::WatcherType::Children, false, [path](client::Result<client::Empty> r) {
            if (!r.ok() && r.err != proto::Err::NoWatcher)
                spdlog::debug("ui: removing the child watch of {}: {}", path.toStdString(), r.message);
        });
    }
}

void ZnodeTreeModel::setShownNode(const QString& path) {
    if (path == shownPath_) return;
    const QString old = shownPath_;
    shownPath_ = path;
    if (!old.isEmpty() && adapter_ && !rowWatches_.contains(old))
        adapter_->removeAllWatches(old, proto::WatcherType::Data, false, [old](client::Result<client::Empty> r) {
            if (!r.ok() && r.err != proto::Err::NoWatcher)
                spdlog::debug("ui: removing the data watch of {}: {}", old.toStdString(), r.message);
        });
    if (!shownPath_.isEmpty()) armShownWatch();
}

void ZnodeTreeModel::armShownWatch() {
    if (!adapter_ || shownPath_.isEmpty()) return;
    const QString path = shownPath_;
    QPointer<ZnodeTreeModel> self(this);
    adapter_->exists(path, true, [self, path](client::Result<std::optional<proto::Stat>> r) {
        if (!self || !r.ok()) return;
        Item* item = self->findItem(path);
        if (!item) return;
        if (r.value) {
            self->applyStat(item, *r.value);
            Item* parent = item->parent;
            if (self->sortColumn_ != NameColumn && parent &&
                parent->statsLoadedCount == int(parent->children.size()))
                self->sortLevel(parent, true);
        } else if (item->parent != self->root_.get()) {
            self->removeItem(item);
        }
    });
}

void ZnodeTreeModel::onNodeEvent(proto::EventType type, const QString& path) {
    switch (type) {
    case proto::EventType::NodeChildrenChanged:
        if (Item* item = findItem(path)) {
            item->childWatch = false;
            if (awaitingDiff(item)) item->relistAfterDiff = true;
            else if (item->expanded) relistSoon(item);
            else item->listed = false;
        }
        break;
    case proto::EventType::NodeDataChanged:
    case proto::EventType::NodeCreated:
        if (rowWatches_.remove(path)) {
            changedRows_.insert(path);
            if (!rowTimer_->isActive()) rowTimer_->start();
        }
        if (path == shownPath_) {
            armShownWatch();
            emit shownNodeChanged(path);
        }
        break;
    case proto::EventType::NodeDeleted:
        rowWatches_.remove(path);
        if (Item* item = findItem(path)) {
            item->childWatch = false;
            if (item->parent != root_.get()) removeItem(item);
        }
        if (path == shownPath_) {
            armShownWatch();  // an exists watch for its re-creation
            emit shownNodeDeleted(path);
        }
        break;
    default: break;
    }
}

// The child watch of an expanded node fired: list it again (re-arming the
// watch) now, or kRelistIntervalMs after the previous listing came back.
void ZnodeTreeModel::relistSoon(Item* item) {
    // A listing on its way already reflects the change (its reply comes
    // before the event of the watch it sets).
    if (item->relistQueued || item->listing) return;
    const int64_t wait = item->listedAtMs + kRelistIntervalMs - steadyMs();
    if (wait <= 0) {
        list(item, true);
        return;
    }
    item->relistQueued = true;
    const QString path = pathOfItem(item);
    QTimer::singleShot(int(wait), this, [this, path] {
        Item* it = findItem(path);
        if (!it || !it->relistQueued) return;
        it->relistQueued = false;
        if (!it->expanded) it->listed = false;  // collapsed meanwhile: list on the next expand
        else if (!it->childWatch && !it->listing) list(it, true);
    });
}

// The newest listing of item is answered and its diff is still on the worker.
bool ZnodeTreeModel::awaitingDiff(const Item* item) {
    return item->listing && item->lastListSeq != 0 && item->repliedSeq == item->lastListSeq;
}

// ---------------------------------------------------------------- session

void ZnodeTreeModel::setStale(bool stale) {
    if (stale_ == stale) return;
    stale_ = stale;
    emit staleChanged(stale_);
}

void ZnodeTreeModel::onState(ClientAdapter::State state) {
    switch (state) {
    case ClientAdapter::State::Suspended: setStale(true); break;
    case ClientAdapter::State::Expired:
    case ClientAdapter::State::AuthFailed:
    case ClientAdapter::State::Closed: {
        setStale(true);
        // The server forgot every watch with the session.
        std::vector<Item*> stack{root_.get()};
        while (!stack.empty()) {
            Item* it = stack.back();
            stack.pop_back();
            it->childWatch = false;
            it->listing = false;
            for (auto& c : it->children) stack.push_back(c.get());
        }
        rowWatches_.clear();
        changedRows_.clear();
        break;
    }
    case ClientAdapter::State::Connected:
    case ClientAdapter::State::Reconnected: {
        const bool newSession = adapter_ && adapter_->generation() != lastGeneration_ && lastGeneration_ != 0;
        const bool resyncNeeded = stale_ || newSession;
        if (adapter_) lastGeneration_ = adapter_->generation();
        setStale(false);
        if (resyncNeeded) resync(root_.get());
        break;
    }
    default: break;
    }
}

// Re-lists every expanded node (with a new child watch) and re-arms the
// shown node's watch: what a reconnect or a new session needs.
void ZnodeTreeModel::resync(Item* start) {
    std::vector<Item*> expanded;
    std::vector<Item*> stack{start};
    while (!stack.empty()) {
        Item* it = stack.back();
        stack.pop_back();
        if (it != root_.get() && it->expanded) expanded.push_back(it);
        for (auto& c : it->children)
            if (!c->children.empty() || c->expanded) stack.push_back(c.get());
    }
    spdlog::debug("ui: re-listing {} expanded znodes after reconnect", expanded.size());
    for (Item* it : expanded) list(it, true);
    armShownWatch();
    // The rows on screen: their stats may have changed meanwhile.
    rowWatches_.clear();
    for (const QString& path : std::as_const(onScreen_)) watchRow(path);
}

}  // namespace zooscope::ui
