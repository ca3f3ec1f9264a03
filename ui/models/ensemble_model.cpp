#include "models/ensemble_model.h"

#include <QLocale>

#include <algorithm>
#include <memory>

#include "text/stat_format.h"

namespace zooscope::ui {

using monitor::ServerMode;

namespace {

QString number(const std::optional<int64_t>& v) { return v ? QLocale().toString(qlonglong(*v)) : QString(); }

// Rules whose transitions the timeline already tells as events of their own.
bool toldByItsOwnEvent(const QString& rule) {
    return rule == QLatin1String("server-down") || rule == QLatin1String("not-serving") ||
           rule == QLatin1String("restart") || rule == QLatin1String("version-changed") ||
           rule == QLatin1String("recent-election") || rule == QLatin1String("quorum-lost");
}

QString fromStd(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

}  // namespace

std::optional<ServerMode> ServerRow::mode() const {
    if (!member.reachable) return ServerMode::Unreachable;
    if (!sample) return std::nullopt;
    return sample->mode;
}

EnsembleModel::EnsembleModel(QObject* parent) : QAbstractTableModel(parent) {}

int EnsembleModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

int EnsembleModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString EnsembleModel::modeText(std::optional<ServerMode> mode) {
    if (!mode) return tr("waiting");
    switch (*mode) {
    case ServerMode::Leader: return tr("leader");
    case ServerMode::Follower: return tr("follower");
    case ServerMode::Observer: return tr("observer");
    case ServerMode::Standalone: return tr("standalone");
    case ServerMode::ReadOnly: return tr("read-only");
    case ServerMode::NotServing: return tr("not serving");
    case ServerMode::Down: return tr("down");
    case ServerMode::Unreachable: return tr("unreachable");
    }
    return {};
}

QString EnsembleModel::metricText(Metric metric) {
    switch (metric) {
    case Metric::Latency: return tr("Average latency (ms)");
    case Metric::Outstanding: return tr("Outstanding requests");
    case Metric::PacketsPerSecond: return tr("Packets/s");
    case Metric::Znodes: return tr("Znodes");
    case Metric::Watches: return tr("Watches");
    case Metric::DataSize: return tr("Data size (bytes)");
    case Metric::FollowerLag: return tr("Follower lag (zxids)");
    }
    return {};
}

QString EnsembleModel::formatBytes(qint64 bytes) { return QLocale().formattedDataSize(bytes); }

QString EnsembleModel::formatDuration(qint64 ms) {
    const qint64 s = ms / 1000;
    if (s < 60) return tr("%1 s").arg(s);
    if (s < 3600) return tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    if (s < 86400) return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    return tr("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QString EnsembleModel::displayText(const ServerRow& row, int column) const {
    if (column == ServerColumn) return row.member.server;
    if (column == ModeColumn) return modeText(row.mode());
    if (column == AlertsColumn) {
        QStringList texts;
        for (const ServerAlert& a : row.alerts) texts << a.text;
        return texts.join(QStringLiteral("; "));
    }
    if (!row.sample) return {};
    const monitor::ServerSample& s = *row.sample;
    switch (column) {
    case EpochColumn: return number(s.epoch());
    case ZxidColumn: return s.zxid ? formatHex64(*s.zxid) : QString();
    case LatencyColumn:
        return s.latency ? tr("%1 / %2 / %3 ms")
                               .arg(QLocale().toString(s.latency->minMs, 'f', 0),
                                    QLocale().toString(s.latency->avgMs, 'f', 1),
                                    QLocale().toString(s.latency->maxMs, 'f', 0))
                         : QString();
    case ConnectionsColumn: return number(s.connections);
    case OutstandingColumn: return number(s.outstanding);
    case ZnodesColumn: return number(s.znodes);
    case WatchesColumn: return number(s.watches);
    case EphemeralsColumn: return number(s.ephemerals);
    case DataSizeColumn: return s.approximateDataSize ? formatBytes(*s.approximateDataSize) : QString();
    case FileDescriptorsColumn:
        if (!s.openFileDescriptors) return {};
        return s.maxFileDescriptors ? tr("%1 of %2").arg(number(s.openFileDescriptors), number(s.maxFileDescriptors))
                                    : number(s.openFileDescriptors);
    case FollowersColumn:
        if (!s.followers) return {};
        return s.syncedFollowers ? tr("%1 (%2 synced)").arg(number(s.followers), number(s.syncedFollowers))
                                 : number(s.followers);
    case VersionColumn: return s.version ? QString::fromStdString(*s.version).section(QLatin1Char(','), 0, 0) : QString();
    case UptimeColumn: return s.uptimeMs ? formatDuration(*s.uptimeMs) : QString();
    }
    return {};
}

QVariant EnsembleModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const ServerRow& row = rows_[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole: return displayText(row, index.column());
    case Qt::ToolTipRole:
        if (index.column() == ZxidColumn && row.sample && row.sample->zxid) return describeZxid(*row.sample->zxid);
        if (index.column() == VersionColumn && row.sample && row.sample->version)
            return QString::fromStdString(*row.sample->version);
        return {};
    case ModeNameRole: {
        const auto m = row.mode();
        return m ? QString::fromUtf8(monitor::modeName(*m).data(), qsizetype(monitor::modeName(*m).size())) : QString();
    }
    case AlertRulesRole: {
        QStringList rules;
        for (const ServerAlert& a : row.alerts) rules << a.rule;
        return rules;
    }
    }
    return {};
}

QVariant EnsembleModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case ServerColumn: return tr("Server");
    case ModeColumn: return tr("Mode");
    case EpochColumn: return tr("Epoch");
    case ZxidColumn: return tr("Zxid");
    case LatencyColumn: return tr("Latency min/avg/max");
    case ConnectionsColumn: return tr("Connections");
    case OutstandingColumn: return tr("Outstanding");
    case ZnodesColumn: return tr("Znodes");
    case WatchesColumn: return tr("Watches");
    case EphemeralsColumn: return tr("Ephemerals");
    case DataSizeColumn: return tr("Data size");
    case FileDescriptorsColumn: return tr("Open file descriptors");
    case FollowersColumn: return tr("Followers");
    case VersionColumn: return tr("Version");
    case UptimeColumn: return tr("Uptime");
    case AlertsColumn: return tr("Alerts");
    }
    return {};
}

void EnsembleModel::setMembers(const QList<EnsembleMember>& members,
                               const std::optional<monitor::Membership>& membership) {
    membership_ = membership;
    QStringList servers;  // the new rows, in order, each server once
    for (const EnsembleMember& m : members)
        if (!servers.contains(m.server)) servers << m.server;
    // Compared before the rows move into `next` (a moved-from row has no
    // name): the same rows are a dataChanged, not a reset, which would make
    // every view rebuild (the dashboard its cards, every 30 s).
    const bool sameRows = servers.size() == qsizetype(rows_.size()) &&
                          std::equal(servers.begin(), servers.end(), rows_.begin(),
                                     [](const QString& s, const ServerRow& r) { return s == r.member.server; });
    std::vector<ServerRow> next;
    for (const EnsembleMember& m : members) {
        if (std::any_of(next.begin(), next.end(), [&](const ServerRow& r) { return r.member.server == m.server; }))
            continue;
        const int old = rowOf(m.server);
        ServerRow r = old >= 0 ? std::move(rows_[size_t(old)]) : ServerRow{};
        r.member = m;
        next.push_back(std::move(r));
    }
    if (sameRows) {
        rows_ = std::move(next);
        if (!rows_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    rows_ = std::move(next);
    endResetModel();
}

int EnsembleModel::rowOf(const QString& server) const {
    for (size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].member.server == server) return int(i);
    return -1;
}

int EnsembleModel::leaderRow() const {
    int best = -1;
    for (size_t i = 0; i < rows_.size(); ++i) {
        if (rows_[i].mode() != ServerMode::Leader) continue;
        if (best < 0 || rows_[i].sample->epoch().value_or(-1) > rows_[size_t(best)].sample->epoch().value_or(-1))
            best = int(i);
    }
    return best;
}

void EnsembleModel::apply(const PollResult& result) {
    const int i = rowOf(result.server);
    if (i < 0) return;  // a server no longer shown
    QList<TimelineEvent> events;
    lastSampleAtMs_ = result.atMs;
    record(rows_[size_t(i)], result, &events);
    updateEnsemble(result.atMs, &events);
    updateAlerts(result.atMs, &events);
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    if (!events.isEmpty()) emit eventsOccurred(events);
    emit alertsChanged();
}

void EnsembleModel::retranslate() {
    if (rows_.empty()) return;
    QList<TimelineEvent> none;  // the same rules fire: no event
    updateAlerts(lastSampleAtMs_, &none);
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    emit alertsChanged();
}

void EnsembleModel::record(ServerRow& row, const PollResult& result, QList<TimelineEvent>* events) {
    const monitor::ServerSample& s = result.sample;
    const qint64 now = result.atMs;
    const QString& server = row.member.server;
    const std::optional<ServerMode> before = row.sample ? row.sample->mode : std::nullopt;
    if (before && s.mode && *before != *s.mode) {
        if (*s.mode == ServerMode::Down)
            events->append(TimelineEvent::worded(now, server, EventKind::ServerDown, [server, before] {
                return tr("%1 stopped answering (was %2)").arg(server, modeText(before));
            }));
        else if (*before == ServerMode::Down)
            events->append(TimelineEvent::worded(now, server, EventKind::ServerUp, [server, mode = s.mode] {
                return tr("%1 answers again as %2").arg(server, modeText(mode));
            }));
        else
            events->append(TimelineEvent::worded(now, server, EventKind::ModeChanged, [server, before, mode = s.mode] {
                return tr("%1: %2 → %3").arg(server, modeText(before), modeText(mode));
            }));
    } else if (!before && row.samples == 0 && s.mode == ServerMode::Down) {
        events->append(TimelineEvent::worded(now, server, EventKind::ServerDown,
                                             [server] { return tr("%1 does not answer").arg(server); }));
    }
    // A restart: the uptime fell (a server that was down came back younger).
    if (row.sample && row.sample->uptimeMs && s.uptimeMs && *s.uptimeMs < *row.sample->uptimeMs) {
        row.restartedAtMs = now;
        events->append(TimelineEvent::worded(now, server, EventKind::Restart, [server, up = *s.uptimeMs] {
            return tr("%1 restarted (up for %2)").arg(server, formatDuration(up));
        }));
    }
    if (s.version) {
        const QString version = QString::fromStdString(*s.version).section(QLatin1Char(','), 0, 0);
        if (!row.previousVersion.isEmpty() && version != row.previousVersion) {
            row.versionChangedAtMs = now;
            events->append(TimelineEvent::worded(now, server, EventKind::VersionChanged,
                                                 [server, from = row.previousVersion, version] {
                                                     return tr("%1: version %2 → %3").arg(server, from, version);
                                                 }));
        }
        row.previousVersion = version;
    }
    // Charts: a point per number the sample gave; a silent server adds none
    // (its line pauses) and keeps its history.
    auto add = [&](Metric m, const auto& v) {
        if (v) row.series[size_t(m)].append(now, double(*v));
    };
    if (s.latency) row.series[size_t(Metric::Latency)].append(now, s.latency->avgMs);
    add(Metric::Outstanding, s.outstanding);
    add(Metric::Znodes, s.znodes);
    add(Metric::Watches, s.watches);
    add(Metric::DataSize, s.approximateDataSize);
    if (s.packetsReceived && s.packetsSent) {
        const qint64 packets = *s.packetsReceived + *s.packetsSent;
        // A counter that fell was reset (srst, a restart): no rate this time.
        if (row.packets && packets >= *row.packets && now > row.packetsAtMs)
            row.series[size_t(Metric::PacketsPerSecond)].append(
                now, double(packets - *row.packets) * 1000.0 / double(now - row.packetsAtMs));
        row.packets = packets;
        row.packetsAtMs = now;
    }
    row.sample = s;
    row.sampledAtMs = now;
    row.tookMs = result.tookMs;
    ++row.samples;
}

void EnsembleModel::updateEnsemble(qint64 now, QList<TimelineEvent>* events) {
    // Follower lag against the leader's zxid.
    const int leader = leaderRow();
    const std::optional<int64_t> leaderZxid = leader >= 0 ? rows_[size_t(leader)].sample->zxid : std::nullopt;
    for (ServerRow& r : rows_) {
        const auto m = r.mode();
        if (leaderZxid && r.sample && r.sample->zxid && (m == ServerMode::Follower || m == ServerMode::Observer ||
                                                         m == ServerMode::Leader)) {
            r.followerLag = monitor::zxidsBehind(*leaderZxid, *r.sample->zxid);
            if (r.sampledAtMs == now) r.series[size_t(Metric::FollowerLag)].append(now, double(*r.followerLag));
        } else {
            r.followerLag.reset();
        }
    }

    // Elections: another server leads, or the same one in a later epoch.
    if (leader >= 0) {
        const ServerRow& l = rows_[size_t(leader)];
        const std::optional<qint64> epoch = l.sample->epoch();
        const bool newLeader = !leader_.isEmpty() && l.member.server != leader_;
        const bool newEpoch = !leader_.isEmpty() && l.member.server == leader_ && epoch && leaderEpoch_ &&
                              *epoch > *leaderEpoch_;
        if (newLeader || newEpoch) {
            electedAtMs_ = now;
            events->append(TimelineEvent::worded(now, l.member.server, EventKind::Election,
                                                 [server = l.member.server, epoch] {
                                                     return epoch ? tr("%1 leads (epoch %2)").arg(server).arg(*epoch)
                                                                  : tr("%1 leads").arg(server);
                                                 }));
        }
        leader_ = l.member.server;
        if (epoch) leaderEpoch_ = epoch;
    }
}

std::function<QString()> EnsembleModel::alertWording(const monitor::Alert& alert, const ServerRow* row,
                                                     const monitor::AlertThresholds& thresholds) {
    // The figures alertText reads, copied (the row changes with every sample).
    std::shared_ptr<ServerRow> figures;
    if (row) {
        figures = std::make_shared<ServerRow>();
        figures->member = row->member;
        figures->sample = row->sample;
        figures->followerLag = row->followerLag;
    }
    return [alert, figures, thresholds] { return alertText(alert, figures.get(), thresholds); };
}

QString EnsembleModel::alertText(const monitor::Alert& alert, const ServerRow* row,
                                 const monitor::AlertThresholds& t) {
    using monitor::AlertRule;
    const monitor::ServerSample* s = row && row->sample ? &*row->sample : nullptr;
    auto value = [&](const std::optional<int64_t>& v) { return v ? QLocale().toString(qlonglong(*v)) : QString("?"); };
    auto limit = [](double v) { return QLocale().toString(v, 'f', 0); };
    switch (alert.rule) {
    case AlertRule::ServerDown: return tr("Down: no answer on any channel");
    case AlertRule::TooManyZnodes:
        return tr("%1 znodes (alert above %2)").arg(value(s ? s->znodes : std::nullopt), limit(t.znodeCount));
    case AlertRule::TooManyConnections:
        return tr("%1 connections (alert above %2)").arg(value(s ? s->connections : std::nullopt), limit(t.connections));
    case AlertRule::DataSizeTooBig:
        return tr("Data size %1 (alert above %2)")
            .arg(s && s->approximateDataSize ? formatBytes(*s->approximateDataSize) : QString("?"),
                 formatBytes(qint64(t.dataSizeBytes)));
    case AlertRule::TooManyWatches:
        return tr("%1 watches (alert above %2)").arg(value(s ? s->watches : std::nullopt), limit(t.watchCount));
    case AlertRule::TooManyOpenFiles:
        return tr("%1 open file descriptors (alert above %2)")
            .arg(value(s ? s->openFileDescriptors : std::nullopt), limit(t.openFileDescriptors));
    case AlertRule::FsyncTimeTooLong:
        return tr("Fsync takes more than %1 ms per second").arg(limit(t.fsyncMsPerSecond));
    case AlertRule::SnapshotTimeTooLong:
        return tr("Snapshots take more than %1 ms per second").arg(limit(t.snapshotMsPerSecond));
    case AlertRule::AverageLatencyTooHigh:
        return tr("Average latency %1 ms (alert above %2 ms)")
            .arg(s && s->latency ? QLocale().toString(s->latency->avgMs, 'f', 1) : QString("?"),
                 limit(t.averageLatencyMs));
    case AlertRule::NotServing: return tr("Answers, but serves no requests (electing, or no quorum)");
    case AlertRule::QuorumLost: return tr("Quorum lost: fewer voting members answer than a quorum needs");
    case AlertRule::FollowerBehind:
        return tr("%1 zxids behind the leader (alert above %2)")
            .arg(row && row->followerLag ? QLocale().toString(*row->followerLag) : QString("?"),
                 limit(t.followerLagZxids));
    case AlertRule::SplitBrain: return tr("Split brain: another server leads the same epoch");
    case AlertRule::StaleLeader: return tr("Stale leader: still says leader, of an older epoch than the leader's");
    }
    return fromStd(alert.detail);
}

void EnsembleModel::updateAlerts(qint64 now, QList<TimelineEvent>* events) {
    // Core's rules over this moment of the ensemble.
    monitor::EnsembleObservation observation;
    observation.membership = membership_;
    for (const ServerRow& r : rows_) {
        monitor::ObservedServer o{r.member.server.toStdString(), r.member.memberId, {}};
        if (!r.member.reachable) o.sample.mode = ServerMode::Unreachable;
        else if (r.sample) o.sample = *r.sample;
        observation.servers.push_back(std::move(o));
    }
    const std::vector<monitor::Alert> found = monitor::evaluateAlerts(observation, thresholds_);
    auto rowAlerts = [&](const ServerRow* row) {
        QList<ServerAlert> out;
        const std::string name = row ? row->member.server.toStdString() : std::string();
        for (const monitor::Alert& a : found)
            if (a.server == name)
                out.append({fromStd(monitor::alertRuleName(a.rule)), alertText(a, row, thresholds_),
                            a.severity == monitor::AlertSeverity::Critical, alertWording(a, row, thresholds_)});
        return out;
    };

    // The ensemble's: core's (quorum lost), plus a recent election.
    QList<ServerAlert> ensemble = rowAlerts(nullptr);
    if (electedAtMs_ > 0 && now - electedAtMs_ < kRecentMs)
        ensemble.append({QStringLiteral("recent-election"),
                         tr("An election %1 ago").arg(formatDuration(now - electedAtMs_)), false,
                         [ago = now - electedAtMs_] { return tr("An election %1 ago").arg(formatDuration(ago)); }});
    const bool lost = std::any_of(ensemble.begin(), ensemble.end(),
                                  [](const ServerAlert& a) { return a.rule == QLatin1String("quorum-lost"); });
    if (lost != quorumLost_)
        events->append(TimelineEvent::worded(
            now, QString(), lost ? EventKind::QuorumLost : EventKind::QuorumRegained,
            lost ? alertWording({monitor::AlertRule::QuorumLost, {}, {}, {}}, nullptr, thresholds_)
                 : std::function<QString()>([] { return tr("Enough voting members answer again"); })));
    quorumLost_ = lost;
    auto report = [&](const QString& server, const QList<ServerAlert>& before, const QList<ServerAlert>& after) {
        for (const ServerAlert& a : after)
            if (!toldByItsOwnEvent(a.rule) &&
                std::none_of(before.begin(), before.end(), [&](const ServerAlert& o) { return o.rule == a.rule; }))
                events->append({now, server, EventKind::AlertRaised, a.text, a.wording});
        for (const ServerAlert& o : before)
            if (!toldByItsOwnEvent(o.rule) &&
                std::none_of(after.begin(), after.end(), [&](const ServerAlert& a) { return o.rule == a.rule; }))
                events->append({now, server, EventKind::AlertCleared, o.text, o.wording});
    };
    report(QString(), ensembleAlerts_, ensemble);
    ensembleAlerts_ = ensemble;

    for (ServerRow& r : rows_) {
        QList<ServerAlert> alerts = rowAlerts(&r);
        if (r.restartedAtMs > 0 && now - r.restartedAtMs < kRecentMs)
            alerts.append({QStringLiteral("restart"), tr("Restarted %1 ago").arg(formatDuration(now - r.restartedAtMs)),
                           false, [ago = now - r.restartedAtMs] { return tr("Restarted %1 ago").arg(formatDuration(ago)); }});
        if (r.versionChangedAtMs > 0 && now - r.versionChangedAtMs < kRecentMs)
            alerts.append({QStringLiteral("version-changed"), tr("Version changed to %1").arg(r.previousVersion), false,
                           [v = r.previousVersion] { return tr("Version changed to %1").arg(v); }});
        report(r.member.server, r.alerts, alerts);
        r.alerts = alerts;
    }
}

int EnsembleModel::alertCount() const {
    int n = int(ensembleAlerts_.size());
    for (const ServerRow& r : rows_) n += int(r.alerts.size());
    return n;
}

bool EnsembleModel::hasCriticalAlert() const {
    auto critical = [](const QList<ServerAlert>& alerts) {
        return std::any_of(alerts.begin(), alerts.end(), [](const ServerAlert& a) { return a.critical; });
    };
    return critical(ensembleAlerts_) ||
           std::any_of(rows_.begin(), rows_.end(), [&](const ServerRow& r) { return critical(r.alerts); });
}

}  // namespace zooscope::ui
