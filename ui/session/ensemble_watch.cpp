#include "session/ensemble_watch.h"

#include "adapter/client_adapter.h"
#include "zooscope/server_answers.h"

namespace zooscope::ui {

namespace {

QString serverText(const std::string& host, int port) {
    const QString h = QString::fromStdString(host);
    return (h.contains(':') ? '[' + h + ']' : h) + ':' + QString::number(port);
}

bool anyAddress(const std::string& host) { return host.empty() || host == "0.0.0.0" || host == "::" || host == "0:0:0:0:0:0:0:0"; }

}  // namespace

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
    applyMembers(members(profile_.hosts, membership_));
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
        applyMembers(members(profile_.hosts, membership_));
    });
}

QList<EnsembleMember> EnsembleWatch::members(const QString& hosts, const QString& membership) {
    QList<EnsembleMember> out;
    std::vector<client::HostPort> listed;
    if (auto cs = client::parseConnectString(hosts.toStdString(), nullptr)) listed = cs->hosts;
    for (const client::HostPort& h : listed) out.append({serverText(h.host, h.port), std::nullopt, false, true});
    const auto parsed = monitor::parseMembership(membership.toStdString());
    if (!parsed.ok()) return out;
    for (const monitor::EnsembleMember& m : parsed.value.members) {
        // The connect string's spelling wins for a server it names: same port
        // and the same host, or a member listening on every address.
        int match = -1;
        if (m.clientPort)
            for (int i = 0; i < int(listed.size()); ++i) {
                const std::string host = m.clientAddress && !anyAddress(*m.clientAddress) ? *m.clientAddress : m.host;
                if (listed[size_t(i)].port == *m.clientPort && listed[size_t(i)].host == host) match = i;
            }
        if (match >= 0) {
            out[match].memberId = m.id;
            out[match].observer = m.observer;
            continue;
        }
        if (!m.clientPort) {
            out.append({QStringLiteral("server.%1 (%2)").arg(m.id).arg(QString::fromStdString(m.host)), m.id,
                        m.observer, false});
            continue;
        }
        const std::string host = m.clientAddress && !anyAddress(*m.clientAddress) ? *m.clientAddress : m.host;
        out.append({serverText(host, *m.clientPort), m.id, m.observer, true});
    }
    return out;
}

void EnsembleWatch::applyMembers(const QList<EnsembleMember>& members) {
    const auto parsed = monitor::parseMembership(membership_.toStdString());
    model_->setMembers(members, parsed.ok() ? std::optional(parsed.value) : std::nullopt);
    if (!running_) return;
    QList<PollTarget> targets;
    for (const EnsembleMember& m : members) {
        if (!m.reachable) continue;
        const int colon = m.server.lastIndexOf(':');
        QString host = m.server.left(colon);
        if (host.startsWith('[') && host.endsWith(']')) host = host.mid(1, host.size() - 2);
        const int port = m.server.mid(colon + 1).toInt();
        PollTarget t;
        t.server = m.server;
        t.target.client = {host.toStdString(), uint16_t(port)};
        if (const int admin = profile_.adminPortFor(m.server.left(colon), port); admin > 0)
            t.target.admin = monitor::Endpoint{host.toStdString(), uint16_t(admin)};
        targets.append(t);
    }
    poller_->setTargets(targets);
}

}  // namespace zooscope::ui
