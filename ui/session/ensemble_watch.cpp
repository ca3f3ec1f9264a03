#include "session/ensemble_watch.h"

#include "adapter/client_adapter.h"
#include "zooscope/server_answers.h"

namespace zooscope::ui {

EnsembleWatch::EnsembleWatch(ClientAdapter* adapter, const ConnectionProfile& profile, PollTransports transports,
                             QObject* parent)
    : QObject(parent),
      adapter_(adapter),
      profile_(profile),
      model_(new EnsembleModel(this)),
      timeline_(new TimelineModel(this)),
      poller_(new EnsemblePoller(std::move(transports), this)) {
    model_->setThresholds(profile_.thresholds());
    connect(poller_, &EnsemblePoller::sampled, model_, &EnsembleModel::apply);
    connect(model_, &EnsembleModel::eventsOccurred, timeline_, &TimelineModel::append);
    membershipTimer_.setInterval(kMembershipEveryMs);
    connect(&membershipTimer_, &QTimer::timeout, this, &EnsembleWatch::refreshMembership);
    if (adapter_)
        connect(adapter_, &ClientAdapter::stateChanged, this, [this](ClientAdapter::State state) {
            if (state == ClientAdapter::State::Connected || state == ClientAdapter::State::Reconnected)
                refreshMembership();
        });
}

void EnsembleWatch::start() {
    running_ = true;
    apply(plan(profile_.hosts, membership_, profile_.adminServerPorts()));
    membershipTimer_.start();
    refreshMembership();
}

void EnsembleWatch::stop() {
    running_ = false;
    membershipTimer_.stop();
    poller_->stop();
}

void EnsembleWatch::refreshMembership() {
    if (!running_ || !adapter_) return;
    const auto state = adapter_->state();
    if (state != ClientAdapter::State::Connected && state != ClientAdapter::State::Reconnected) return;
    adapter_->getConfig(false, [this, self = QPointer<EnsembleWatch>(this)](client::Result<client::NodeData> r) {
        if (!self || !running_ || !r.ok()) return;  // a server without /zookeeper/config: the connect string stands
        membership_ = QString::fromUtf8(QByteArray::fromStdString(r.value.data));
        apply(plan(profile_.hosts, membership_, profile_.adminServerPorts()));
    });
}

EnsembleWatch::Plan EnsembleWatch::plan(const QString& hosts, const QString& membership,
                                        const monitor::AdminPorts& adminPorts) {
    Plan out;
    std::vector<monitor::Endpoint> servers;
    if (auto cs = client::parseConnectString(hosts.toStdString(), nullptr))
        for (const client::HostPort& h : cs->hosts) servers.push_back({h.host, h.port});
    if (auto parsed = monitor::parseMembership(membership.toStdString()); parsed.ok()) out.membership = parsed.value;
    for (const monitor::SampleTarget& t : monitor::ensembleTargets(servers, out.membership, adminPorts)) {
        EnsembleMember m{QString::fromStdString(t.name), t.memberId, false, t.client.has_value()};
        if (out.membership && t.memberId)
            for (const monitor::EnsembleMember& peer : out.membership->members)
                if (peer.id == *t.memberId) m.observer = peer.observer;
        out.members.append(m);
        if (t.client) out.targets.append({m.server, {*t.client, t.admin}});
    }
    return out;
}

void EnsembleWatch::apply(const Plan& plan) {
    model_->setMembers(plan.members, plan.membership);
    if (running_) poller_->setTargets(plan.targets);
}

}  // namespace zooscope::ui
