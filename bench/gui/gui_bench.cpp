#include "gui_bench.h"

#include <QAbstractProxyModel>
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QPaintEvent>
#include <QPixmap>
#include <QProcess>
#include <QScrollBar>
#include <QTimer>
#include <QTreeView>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "models/znode_tree_model.h"
#include "stall_probe.h"
#include "settings/profile_store.h"
#include "widgets/browser_page.h"
#include "widgets/cluster_tab.h"

namespace zooscope::bench {

using ui::ClientAdapter;
using ui::ClusterTab;
using ui::ZnodeTreeModel;

namespace {

// Monotonic ms since the bench started.
QElapsedTimer gClock;
double nowMs() { return double(gClock.nsecsElapsed()) / 1e6; }

// Watches the tree view's viewport paints. Each armed condition is checked
// at every paint; the first paint that satisfies it is delivered here (so its
// end can be timed) and its end time recorded.
class PaintProbe : public QObject {
public:
    explicit PaintProbe(QWidget* viewport) : viewport_(viewport) { viewport->installEventFilter(this); }
    void arm(const QString& name, std::function<bool()> condition) {
        conditions_[name] = std::move(condition);
        hits_.remove(name);
    }
    bool hit(const QString& name) const { return hits_.contains(name); }
    double at(const QString& name) const { return hits_.value(name, -1); }
    int paints() const { return paints_; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched != viewport_ || event->type() != QEvent::Paint || inside_) return false;
        ++paints_;
        QStringList met;
        for (auto it = conditions_.begin(); it != conditions_.end();) {
            if (it->second()) {
                met << it->first;
                it = conditions_.erase(it);
            } else {
                ++it;
            }
        }
        if (met.isEmpty()) return false;
        inside_ = true;
        QCoreApplication::sendEvent(viewport_, event);  // the view paints now (this filter lets it through)
        inside_ = false;
        const double t = nowMs();
        for (const QString& n : met) hits_.insert(n, t);
        return true;
    }

private:
    QWidget* viewport_;
    std::map<QString, std::function<bool()>> conditions_;
    QHash<QString, double> hits_;
    bool inside_ = false;
    int paints_ = 0;
};

class Bench {
public:
    explicit Bench(const GuiBenchOptions& o) : o_(o) {}

    QJsonObject run() {
        QJsonObject out;
        if (!runSteps(out)) {
            out["ok"] = false;
            out["error"] = error_;
        } else {
            out["ok"] = true;
        }
        return out;
    }

private:
    QString path(const QString& rel) const { return QString::fromStdString(o_.shape.root) + rel; }

    bool fail(const QString& why) {
        error_ = why;
        spdlog::error("gui-bench: {}", why.toStdString());
        return false;
    }

    // Spins the event loop until pred() or the step timeout.
    bool waitFor(const std::function<bool()>& pred, const QString& what, int timeoutMs = -1) {
        if (timeoutMs < 0) timeoutMs = o_.stepTimeoutMs;
        QElapsedTimer t;
        t.start();
        while (!pred()) {
            if (t.elapsed() > timeoutMs) return fail(QStringLiteral("timed out after %1 ms waiting for %2").arg(timeoutMs).arg(what));
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);  // the 5 ms probe wakes it
        }
        return true;
    }
    void settle(int ms) {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < ms) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }

    QAbstractProxyModel* proxy() const { return qobject_cast<QAbstractProxyModel*>(view_->model()); }
    QModelIndex viewIndex(const QString& p) const { return proxy()->mapFromSource(model_->indexOf(p)); }

    // Rows of `parent` (a view index) inside the viewport, in order.
    std::vector<QModelIndex> visibleChildren(const QModelIndex& parent) const {
        std::vector<QModelIndex> rows;
        const QRect vp = view_->viewport()->rect();
        QModelIndex idx = view_->indexAt(QPoint(1, 1));
        for (int guard = 0; idx.isValid() && guard < 400; ++guard) {
            const QRect r = view_->visualRect(idx);
            if (r.top() > vp.bottom()) break;
            if (idx.parent() == parent) rows.push_back(idx);
            idx = view_->indexBelow(idx);
        }
        return rows;
    }
    // `p` is expanded and some of its children are on screen.
    bool childrenOnScreen(const QString& p) const {
        const QModelIndex src = model_->indexOf(p);
        if (!src.isValid() || model_->rowCount(src) == 0) return false;
        const QModelIndex v = proxy()->mapFromSource(src);
        return view_->isExpanded(v) && !visibleChildren(v).empty();
    }
    // ... and every one of them shows its stat.
    bool statsOnScreen(const QString& p) const {
        const QModelIndex src = model_->indexOf(p);
        if (!src.isValid()) return false;
        const auto rows = visibleChildren(proxy()->mapFromSource(src));
        if (rows.empty()) return false;
        return std::all_of(rows.begin(), rows.end(),
                           [](const QModelIndex& i) { return i.data(ZnodeTreeModel::StatLoadedRole).toBool(); });
    }

    // Scrolls `p` to the top, lets the GUI settle, expands it and times the
    // rows' paint and the paint with their stats.
    bool openLevel(const QString& key, const QString& p, QJsonObject& out) {
        if (!waitFor([&] { return viewIndex(p).isValid(); }, p + QStringLiteral(" listed"))) return false;
        view_->scrollTo(viewIndex(p), QAbstractItemView::PositionAtTop);
        settle(500);
        paint_->arm(key + "_rows", [this, p] { return childrenOnScreen(p); });
        paint_->arm(key + "_stats", [this, p] { return statsOnScreen(p); });
        stall_->reset();
        const double t0 = nowMs();
        view_->expand(viewIndex(p));
        if (!waitFor([&] { return paint_->hit(key + "_rows"); }, p + QStringLiteral(" rows painted"))) return false;
        const double rowsStall = stall_->maxGap();
        if (!waitFor([&] { return paint_->hit(key + "_stats"); }, p + QStringLiteral(" stats painted"))) return false;
        out[key + "_children"] = model_->rowCount(model_->indexOf(p));
        out[key + "_rows_painted_ms"] = paint_->at(key + "_rows") - t0;
        out[key + "_stats_painted_ms"] = paint_->at(key + "_stats") - t0;
        out[key + "_expand_max_stall_ms"] = rowsStall;
        spdlog::info("gui-bench: {} ({} children): rows painted {:.1f} ms, stats {:.1f} ms, stall {:.1f} ms",
                     p.toStdString(), model_->rowCount(model_->indexOf(p)), paint_->at(key + "_rows") - t0,
                     paint_->at(key + "_stats") - t0, rowsStall);
        return true;
    }

    // Drags through the expanded level `p` in 40 steps (each step waits for
    // its paint), then jumps to its middle and waits for the stats there.
    bool scrollLevel(const QString& key, const QString& p, QJsonObject& out) {
        QScrollBar* bar = view_->verticalScrollBar();
        const int from = bar->value();
        const int to = bar->maximum();
        constexpr int kSteps = 40;
        double worstStep = 0;
        stall_->reset();
        for (int s = 1; s <= kSteps; ++s) {
            const QString name = key + "_scroll" + QString::number(s);
            paint_->arm(name, [] { return true; });
            const double t0 = nowMs();
            bar->setValue(from + int(qint64(to - from) * s / kSteps));
            if (!waitFor([&] { return paint_->hit(name); }, QStringLiteral("scroll paint"))) return false;
            worstStep = std::max(worstStep, paint_->at(name) - t0);
        }
        out[key + "_scroll_step_worst_ms"] = worstStep;
        out[key + "_scroll_max_stall_ms"] = stall_->maxGap();
        // A jump to the middle: the rows there get their stats (visible rows only).
        paint_->arm(key + "_jump_stats", [this, p] { return statsOnScreen(p); });
        const double t0 = nowMs();
        bar->setValue((from + to) / 2);
        if (!waitFor([&] { return paint_->hit(key + "_jump_stats"); }, QStringLiteral("stats after a jump"))) return false;
        out[key + "_jump_stats_painted_ms"] = paint_->at(key + "_jump_stats") - t0;
        return true;
    }

    bool runSteps(QJsonObject& out) {
        gClock.start();
        stall_ = std::make_unique<StallProbe>();
        QString error;
        auto profile = ui::ConnectionProfile::fromConnectString(QString::fromStdString(o_.connect), &error);
        if (!profile) return fail(error);

        // 1. Connect -> the root's children painted.
        const double t0 = nowMs();
        tab_ = std::make_unique<ClusterTab>(*profile, QString());
        view_ = tab_->browser()->treeView();
        model_ = tab_->treeModel();
        paint_ = std::make_unique<PaintProbe>(view_->viewport());
        paint_->arm("root", [this] { return childrenOnScreen(QStringLiteral("/")); });
        tab_->resize(1400, 900);
        tab_->show();
        if (!waitFor([&] { return paint_->hit("root"); }, QStringLiteral("the root's children painted"))) return false;
        out["first_paint_root_ms"] = paint_->at("root") - t0;
        spdlog::info("gui-bench: root painted after {:.1f} ms", paint_->at("root") - t0);

        // 2. The benchmark's own node, then the 20,000 and 200,000 levels.
        const QString bench = QString::fromStdString(o_.shape.root);
        if (!openLevel("bench", bench, out)) return false;
        if (o_.shape.mid > 0) {
            if (!openLevel("mid", path("/mid"), out)) return false;
            view_->collapse(viewIndex(path("/mid")));
        }
        if (o_.shape.big > 0) {
            if (!openLevel("big", path("/big"), out)) return false;
            if (!scrollLevel("big", path("/big"), out)) return false;
            if (!o_.screenshot.isEmpty()) tab_->grab().save(o_.screenshot);
            view_->collapse(viewIndex(path("/big")));
        }

        // 3. The level another process will change: expanded (child watch),
        // its first child shown in the panel (data watch).
        const QString watched = path("/watched");
        if (!openLevel("watched", watched, out)) return false;
        const QString shown = QString::fromStdString(watchedChild(o_.shape, 0));
        view_->setCurrentIndex(viewIndex(shown));
        if (!waitFor([&] { return model_->shownNode() == shown; }, QStringLiteral("the shown node"))) return false;
        settle(1000);
        out["rss_after_browsing_kib"] = procStatusKib("VmRSS");

        // 4. Another process changes the watched level; the probe runs.
        int childEvents = 0, dataEvents = 0, relists = 0;
        auto c1 = QObject::connect(tab_->adapter(), &ClientAdapter::nodeEvent, [&](proto::EventType type, const QString&) {
            if (type == proto::EventType::NodeChildrenChanged) ++childEvents;
            else ++dataEvents;
        });
        auto c2 = QObject::connect(model_, &ZnodeTreeModel::listed, [&](const QString& p) {
            if (p == watched) ++relists;
        });
        QProcess changer;
        changer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QStringList args{"--mode", "changer", "--connect", QString::fromStdString(o_.connect),
                               "--root", bench, "--watched", QString::number(o_.shape.watched),
                               "--rate", QString::number(o_.rate), "--duration", QString::number(o_.changeSeconds)};
        if (o_.changerCpu >= 0) {
            args.prepend(o_.changerProgram);
            args = QStringList{"-c", QString::number(o_.changerCpu)} + args;
            changer.start(QStringLiteral("taskset"), args);
        } else {
            changer.start(o_.changerProgram, args);
        }
        if (!changer.waitForStarted(10000)) return fail(QStringLiteral("cannot start the changer: ") + changer.errorString());
        stall_->reset();
        const double c0 = nowMs();
        if (!waitFor([&] { return changer.state() == QProcess::NotRunning; }, QStringLiteral("the changer"),
                     int(o_.changeSeconds * 1000) + 60000))
            return false;
        out["change_window_s"] = (nowMs() - c0) / 1000;
        out["change_max_stall_ms"] = stall_->maxGap();
        out["change_p99_gap_ms"] = stall_->percentile(0.99);
        out["change_gaps_over_16ms"] = stall_->countOver(16);
        out["change_gaps_over_50ms"] = stall_->countOver(50);
        out["change_probe_firings"] = qint64(stall_->firings());
        const QByteArray changerOut = changer.readAllStandardOutput();
        const QJsonObject changerReport = QJsonDocument::fromJson(changerOut.trimmed()).object();
        out["changer"] = changerReport;
        if (changer.exitCode() != 0 || !changerReport.value("ok").toBool())
            return fail(QStringLiteral("the changer failed: ") + QString::fromUtf8(changerOut));
        // The level is whole again once the GUI caught up.
        const double e0 = nowMs();
        if (!waitFor([&] { return model_->rowCount(model_->indexOf(watched)) == o_.shape.watched; },
                     QStringLiteral("the watched level to be whole again"), 30000))
            return false;
        out["change_caught_up_ms"] = nowMs() - e0;
        // The rows on screen show the server's versions without a refresh
        // (their data watches): the server is still now, ask it once.
        std::vector<std::pair<QString, int>> truth;
        for (const QModelIndex& row : visibleChildren(viewIndex(watched))) {
            const QString p = model_->pathOf(proxy()->mapToSource(row));
            int version = -2;
            tab_->adapter()->exists(p, false, [&version](client::Result<std::optional<proto::Stat>> r) {
                version = r.ok() && r.value ? r.value->version : -1;
            });
            if (!waitFor([&] { return version != -2; }, QStringLiteral("the version of ") + p)) return false;
            truth.emplace_back(p, version);
        }
        auto rowsCurrent = [&] {
            int n = 0;
            for (const auto& [p, version] : truth) {
                const QModelIndex i = model_->indexOf(p);
                const QModelIndex v = i.isValid() ? model_->index(i.row(), ZnodeTreeModel::VersionColumn, i.parent()) : i;
                if (version < 0 ? !i.isValid() : (v.isValid() && v.data(ZnodeTreeModel::SortRole).toLongLong() == version)) ++n;
            }
            return n;
        };
        waitFor([&] { return rowsCurrent() == int(truth.size()); }, QStringLiteral("the rows on screen to be current"), 5000);
        error_.clear();  // a timeout here is a result, not a failure
        out["change_rows_on_screen"] = int(truth.size());
        out["change_rows_on_screen_current"] = rowsCurrent();
        out["change_row_watches"] = model_->rowWatchCount();
        QObject::disconnect(c1);
        QObject::disconnect(c2);
        out["change_child_events"] = childEvents;
        out["change_data_events"] = dataEvents;
        out["change_relists"] = relists;
        out["rss_after_changes_kib"] = procStatusKib("VmRSS");
        out["rss_peak_kib"] = procStatusKib("VmHWM");
        out["viewport_paints"] = paint_->paints();
        return true;
    }

    const GuiBenchOptions& o_;
    QString error_;
    std::unique_ptr<StallProbe> stall_;
    std::unique_ptr<ClusterTab> tab_;
    QTreeView* view_ = nullptr;
    ZnodeTreeModel* model_ = nullptr;
    std::unique_ptr<PaintProbe> paint_;
};

}  // namespace

QJsonObject runGuiBench(const GuiBenchOptions& options) { return Bench(options).run(); }

}  // namespace zooscope::bench
