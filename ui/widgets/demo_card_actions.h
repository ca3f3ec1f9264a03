// DemoCardActions: what the server cards of a demo ensemble's dashboard can
// do: kill (SIGKILL), stop, pause (SIGSTOP), resume, restart, start, isolate
// from the peers and heal, slow the peer links. It fills each card's menu
// from the node's state in the launcher (only what applies is enabled), gives
// each card a note of what was done to it (paused, isolated, slowed), and
// puts every action on the dashboard's timeline, asked and done (or failed).
// The consequence (a new leader, a server down) shows through the dashboard's
// own polls, as on any cluster.
// Threads: GUI thread only.
#pragma once

#include <QObject>
#include <QPointer>

#include <chrono>

#include "demo/demo_ensemble.h"

class QMenu;

namespace zooscope::ui {

class DashboardPage;
class TimelineModel;

class DemoCardActions : public QObject {
    Q_OBJECT
public:
    // Installs itself on `page`'s cards; `demo` and `timeline` must outlive it.
    DemoCardActions(DemoEnsemble* demo, DashboardPage* page, TimelineModel* timeline, QObject* parent = nullptr);

    // The menu of the card of `server` (objectNames "kill", "stop", "pause",
    // "resume", "restart", "start", "isolate", "heal", "slow-50", "slow-200",
    // "slow-1000", "slow-0").
    void fillMenu(const QString& server, QMenu* menu);
    // The card's note for `server`.
    QString note(const QString& server) const;
    // Asks the demo for `action` on `server` and puts it on the timeline.
    void act(const QString& server, NodeAction action, std::chrono::milliseconds delay = {});

signals:
    void message(const QString& text, bool error);

private:
    QString actionText(NodeAction action, std::chrono::milliseconds delay) const;

    QPointer<DemoEnsemble> demo_;
    TimelineModel* timeline_;
};

}  // namespace zooscope::ui
