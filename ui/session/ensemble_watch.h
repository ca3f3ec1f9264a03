// EnsembleWatch: keeps one cluster tab's dashboard fed. It knows which
// servers to ask (the profile's connect string, completed by the membership
// in /zookeeper/config, read through the session whenever it connects and
// every membershipEveryMs), asks them through an EnsemblePoller (every
// second, each server on its own thread, the AdminServer at the port the
// profile gives for it), and feeds the answers to the EnsembleModel, whose
// events go to the TimelineModel.
//
// Contracts:
// - The connect string's servers are polled from start() on, whether or not
//   the session is open: the dashboard is most needed when it is not.
// - A member /zookeeper/config lists without a client address gets a row
//   (Unreachable) and no poll.
// - Nothing here blocks the GUI thread; stop() (or destruction) ends the
//   polling without waiting for a stalled server.
// Threads: GUI thread only.
#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

#include "models/ensemble_model.h"
#include "models/timeline_model.h"
#include "monitor/ensemble_poller.h"
#include "settings/profile_store.h"
#include "zooscope/ensemble_sample.h"

namespace zooscope::ui {

class ClientAdapter;

class EnsembleWatch : public QObject {
    Q_OBJECT
public:
    static constexpr int kMembershipEveryMs = 30000;

    EnsembleWatch(ClientAdapter* adapter, const ConnectionProfile& profile, PollTransports transports = {},
                  QObject* parent = nullptr);

    EnsembleModel* model() const { return model_; }
    TimelineModel* timeline() const { return timeline_; }
    EnsemblePoller* poller() const { return poller_; }

    void start();
    void stop();
    // Reads /zookeeper/config now (also done on each connect).
    void refreshMembership();

    // The rows and what to poll for the connect string `hosts` plus
    // `membership` (the text of /zookeeper/config; "" when unknown or
    // unreadable): core's ensembleTargets (zooscope/ensemble_sample.h). Pure;
    // public for tests.
    struct Plan {
        QList<EnsembleMember> members;
        QList<PollTarget> targets;  // the reachable members
        std::optional<monitor::Membership> membership;
    };
    static Plan plan(const QString& hosts, const QString& membership, const monitor::AdminPorts& adminPorts);

private:
    void apply(const Plan& plan);

    QPointer<ClientAdapter> adapter_;
    ConnectionProfile profile_;
    EnsembleModel* model_;
    TimelineModel* timeline_;
    EnsemblePoller* poller_;
    QTimer membershipTimer_;
    QString membership_;  // the last /zookeeper/config read
    bool running_ = false;
};

}  // namespace zooscope::ui
