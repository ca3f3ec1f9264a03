#include "models/recipe_items_model.h"

#include <QBrush>
#include <QColor>

#include <utility>

namespace zooscope::ui {

namespace readers = zooscope::readers;

// Child rows carry their parent's row + 1 as internal id; item rows 0.
RecipeItemsModel::RecipeItemsModel(QObject* parent) : QAbstractItemModel(parent) {}

QModelIndex RecipeItemsModel::index(int row, int column, const QModelIndex& parent) const {
    if (!hasIndex(row, column, parent)) return {};
    return createIndex(row, column, parent.isValid() ? quintptr(parent.row() + 1) : quintptr(0));
}

QModelIndex RecipeItemsModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == 0) return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int RecipeItemsModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return int(rows_.size());
    if (parent.internalId() != 0 || parent.column() != 0) return 0;
    return contenderCount(rows_[size_t(parent.row())]);
}

RecipeItemsModel::ContenderRef RecipeItemsModel::contenderAt(const QModelIndex& index) const {
    if (!index.isValid() || index.internalId() == 0) return {};
    const readers::RecipeItem& item = rows_[size_t(index.internalId() - 1)];
    const int n = index.row(), holders = int(item.holders.size());
    if (n < holders) return {&item, &item.holders[size_t(n)], true, n};
    return {&item, &item.waiters[size_t(n - holders)], false, n};
}

int RecipeItemsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() && parent.column() != 0 ? 0 : columns();
}

QVariant RecipeItemsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    if (index.internalId() == 0) {
        const readers::RecipeItem& item = rows_[size_t(index.row())];
        switch (role) {
        case Qt::BackgroundRole:
        case Qt::ForegroundRole: return highlightBrush(highlights(item), role);
        case PathRole: return QString::fromStdString(item.path);
        case RecipeRole: return QString::fromLatin1(readers::recipeName(item.recipe));
        case HighlightsRole: return highlights(item);
        case SessionRole: return item.holders.empty() ? qint64(0) : qint64(item.holders.front().session);
        case SessionsRole: {
            QList<qint64> sessions;
            for (const auto* list : {&item.holders, &item.waiters})
                for (const readers::Contender& c : *list) sessions.append(c.session);
            return QVariant::fromValue(sessions);
        }
        default: return itemData(item, index.column(), role);
        }
    }
    const ContenderRef ref = contenderAt(index);
    switch (role) {
    case Qt::BackgroundRole:
    case Qt::ForegroundRole: return highlightBrush(sessionGone(*snapshot_, *ref.contender) ? SessionGone : 0, role);
    case PathRole: return contenderPath(*ref.item, *ref.contender, ref.holder);
    case RecipeRole: return QString::fromLatin1(readers::recipeName(ref.item->recipe));
    case HighlightsRole: return sessionGone(*snapshot_, *ref.contender) ? int(SessionGone) : int(NoHighlight);
    case SessionRole: return qint64(ref.contender->session);
    case SessionsRole: return QVariant::fromValue(QList<qint64>{ref.contender->session});
    default: return contenderData(ref, index.column(), role);
    }
}

int RecipeItemsModel::rowOf(const QString& path) const {
    const std::string p = path.toStdString();
    auto it = std::lower_bound(rows_.begin(), rows_.end(), p, [](const readers::RecipeItem& i, const std::string& k) {
        return i.path < k;
    });
    return it != rows_.end() && it->path == p ? int(it - rows_.begin()) : -1;
}

void RecipeItemsModel::setSnapshot(RecipeSnapshotPtr snapshot) {
    if (!snapshot) snapshot = std::make_shared<RecipeSnapshot>();
    const RecipeSnapshotPtr before = std::exchange(snapshot_, std::move(snapshot));
    std::vector<const readers::RecipeItem*> next;
    for (const auto& [path, item] : snapshot_->items)
        if (accepts(item)) next.push_back(&item);
    // Both lists are sorted by path: one merge, runs of rows removed or
    // inserted at once (a first scan of 1,000 locks is one insert).
    size_t i = 0, j = 0;
    while (i < rows_.size() || j < next.size()) {
        if (j == next.size() || (i < rows_.size() && rows_[i].path < next[j]->path)) {
            size_t end = i + 1;
            while (end < rows_.size() && (j == next.size() || rows_[end].path < next[j]->path)) ++end;
            beginRemoveRows({}, int(i), int(end - 1));
            rows_.erase(rows_.begin() + ptrdiff_t(i), rows_.begin() + ptrdiff_t(end));
            endRemoveRows();
        } else if (i == rows_.size() || next[j]->path < rows_[i].path) {
            size_t end = j + 1;
            while (end < next.size() && (i == rows_.size() || next[end]->path < rows_[i].path)) ++end;
            beginInsertRows({}, int(i), int(i + end - j - 1));
            for (size_t k = j; k < end; ++k) rows_.insert(rows_.begin() + ptrdiff_t(i + k - j), *next[k]);
            endInsertRows();
            i += end - j;
            j = end;
        } else {
            if (!sameItem(rows_[i], *next[j])) {
                replaceRow(int(i), *next[j]);
            } else if (contendersLookChanged(*before, rows_[i])) {
                emit dataChanged(index(int(i), 0), index(int(i), columnCount() - 1));
                contendersChanged(int(i));
            }
            ++i, ++j;
        }
    }
    // Nothing for the rows that did not change: with 1,000 locks churning,
    // a signal for every row on every read keeps the GUI thread (and the
    // filter proxy above) busy.
}

bool RecipeItemsModel::contendersLookChanged(const RecipeSnapshot& before, const readers::RecipeItem& item) const {
    auto address = [](const RecipeSnapshot& s, int64_t session) {
        const auto it = s.addresses.find(session);
        return it != s.addresses.end() ? it->second : QString();
    };
    for (const auto* list : {&item.holders, &item.waiters})
        for (const readers::Contender& c : *list)
            if (address(before, c.session) != address(*snapshot_, c.session) ||
                sessionGone(before, c) != sessionGone(*snapshot_, c))
                return true;
    return false;
}

void RecipeItemsModel::contendersChanged(int row) {
    const int n = contenderCount(rows_[size_t(row)]);
    const QModelIndex parent = index(row, 0);
    if (n > 0) emit dataChanged(index(0, 0, parent), index(n - 1, columnCount() - 1, parent));
}

void RecipeItemsModel::replaceRow(int row, const readers::RecipeItem& next) {
    const QModelIndex parent = index(row, 0);
    readers::RecipeItem& current = rows_[size_t(row)];
    const int before = contenderCount(current), after = contenderCount(next);
    if (sameContenders(current.holders, next.holders) && sameContenders(current.waiters, next.waiters)) {
        current = next;
        contendersChanged(row);
    } else {
        // Contenders change as a queue does (the first leaves, others join
        // anywhere): all out, then the new ones in.
        if (before > 0) {
            beginRemoveRows(parent, 0, before - 1);
            current.holders.clear();
            current.waiters.clear();
            endRemoveRows();
        }
        if (after > 0) {
            beginInsertRows(parent, 0, after - 1);
            current = next;
            endInsertRows();
        } else {
            current = next;
        }
    }
    const int columns = columnCount();
    emit dataChanged(index(row, 0), index(row, columns - 1));
}

void RecipeItemsModel::setNow(qint64 nowMs) {
    if (nowMs == nowMs_) return;
    nowMs_ = nowMs;
    if (!rows_.empty()) emit dataChanged(index(0, 0), index(int(rows_.size()) - 1, columnCount() - 1));
}

void RecipeItemsModel::setHeldTooLongMs(qint64 ms) {
    if (ms == heldTooLongMs_) return;
    heldTooLongMs_ = ms;
    if (!rows_.empty()) emit dataChanged(index(0, 0), index(int(rows_.size()) - 1, columnCount() - 1));
}

QString RecipeItemsModel::addressOf(int64_t session) const {
    const auto it = snapshot_->addresses.find(session);
    return it != snapshot_->addresses.end() ? it->second : QString();
}

QString RecipeItemsModel::timeText(qint64 ms) {
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

QString RecipeItemsModel::durationText(qint64 fromMs) const {
    if (nowMs_ <= 0 || fromMs <= 0) return {};
    return spanText(nowMs_ - fromMs);
}

QString RecipeItemsModel::spanText(qint64 ms) {
    const qint64 s = std::max<qint64>(0, ms / 1000);
    if (s < 120) return tr("%n s", nullptr, int(s));
    if (s < 7200) return tr("%n min", nullptr, int(s / 60));
    return tr("%n h", nullptr, int(s / 3600));
}

QString RecipeItemsModel::idText(const readers::Contender& c) {
    // Ids are data text; one line of it.
    QString id = QString::fromUtf8(QByteArray::fromStdString(c.id)).simplified();
    return id.size() > 80 ? id.left(79) + QChar(0x2026) : id;
}

QString RecipeItemsModel::suspiciousText(const readers::RecipeItem& item) {
    QStringList out;
    for (const std::string& why : item.suspicious) out << QString::fromStdString(why);
    return out.join(QStringLiteral("; "));
}

QString RecipeItemsModel::recipeText(readers::Recipe recipe) {
    switch (recipe) {
    case readers::Recipe::LockOrElection: return tr("lock or election");
    case readers::Recipe::CuratorReadWriteLock: return tr("Curator read-write lock");
    case readers::Recipe::CuratorSemaphore: return tr("Curator semaphore");
    case readers::Recipe::KazooReadWriteLock: return tr("kazoo read-write lock");
    case readers::Recipe::KazooSemaphore: return tr("kazoo semaphore");
    case readers::Recipe::ZooKeeperLock: return tr("ZooKeeper lock recipe");
    case readers::Recipe::CuratorLeaderLatch: return tr("Curator LeaderLatch");
    case readers::Recipe::ZooKeeperElection: return tr("ZooKeeper election recipe");
    case readers::Recipe::StreamClaim: return tr("stream job claim");
    }
    return {};
}

QString RecipeItemsModel::flagsText(const readers::RecipeItem& item, int bits) const {
    QStringList out;
    if (bits & HeldTooLong) out << tr("held longer than %1").arg(spanText(heldTooLongMs_));
    if (bits & Leaderless) out << tr("no leader");
    if (bits & SessionGone) out << tr("a session is gone");
    if (!item.suspicious.empty()) out << tr("suspicious: %1").arg(suspiciousText(item));
    return out.join(QStringLiteral("; "));
}

QVariant RecipeItemsModel::highlightBrush(int bits, int role) {
    // Warning colours as the dashboard uses them: red for what is broken,
    // amber for what may be.
    if (role == Qt::BackgroundRole) {
        if (bits & (SessionGone | Leaderless)) return QBrush(QColor(0xfd, 0xec, 0xea));
        if (bits & HeldTooLong) return QBrush(QColor(0xff, 0xf4, 0xe5));
    }
    if (role == Qt::ForegroundRole) {
        if (bits & (SessionGone | Leaderless)) return QBrush(QColor(0x61, 0x1a, 0x15));
        if (bits & HeldTooLong) return QBrush(QColor(0x66, 0x3c, 0x00));
    }
    return {};
}

QString RecipeItemsModel::dump() const {
    QStringList lines;
    const int columns = columnCount();
    auto line = [&](const QModelIndex& parent, int row, const QString& indent) {
        QStringList cells;
        for (int c = 0; c < columns; ++c) cells << index(row, c, parent).data().toString();
        lines << indent + cells.join('|');
    };
    for (int row = 0; row < rowCount(); ++row) {
        line({}, row, {});
        const QModelIndex p = index(row, 0);
        for (int k = 0; k < rowCount(p); ++k) line(p, k, QStringLiteral("  "));
    }
    return lines.join('\n');
}

}  // namespace zooscope::ui
