#include "session/session_supervisor.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "monitor/four_letter_word_client.h"
#include "monitor/latency_probe.h"

namespace zooscope::ui {

SessionSupervisor::SessionSupervisor(ClientAdapter* adapter, const ConnectionProfile& profile, const QString& password,
                                     SessionTiming timing, QObject* parent)
    : QObject(parent),
      adapter_(adapter),
      profile_(profile),
      password_(password),
      timing_(timing),
      latency_(new LatencyProbe(adapter, this)) {
    connect(adapter_, &ClientAdapter::stateChanged, this, &SessionSupervisor::onState);
    reconnectTimer_.setSingleShot(true);
    connect(&reconnectTimer_, &QTimer::timeout, this, &SessionSupervisor::open);
    stableTimer_.setSingleShot(true);
    stableTimer_.setInterval(timing_.stableSessionMs);
    connect(&stableTimer_, &QTimer::timeout, this, [this] { reconnectDelayMs_ = 0; });
    latencyTimer_.setInterval(timing_.latencyEveryMs);
    connect(&latencyTimer_, &QTimer::timeout, this, &SessionSupervisor::probeLatency);
    srvrTimer_.setInterval(timing_.srvrEveryMs);
    connect(&srvrTimer_, &QTimer::timeout, this, &SessionSupervisor::probeServer);
}

SessionSupervisor::~SessionSupervisor() { close(); }

void SessionSupervisor::close() {
    if (closed_) return;
    closed_ = true;
    for (QTimer* t : {&reconnectTimer_, &stableTimer_, &latencyTimer_, &srvrTimer_}) t->stop();
    if (!adapter_) return;
    // close() reports Closed synchronously: nobody is to hear it any more.
    disconnect(adapter_, nullptr, this, nullptr);
    adapter_->close();
}

void SessionSupervisor::open() {
    if (closed_ || !adapter_) return;
    QString error;
    spdlog::info("opening {} ({})", profile_.name.toStdString(), profile_.connectString().toStdString());
    openFailed_ = !adapter_->open(toClientOptions(profile_, password_), &error);
    if (openFailed_) {
        status_.healthy = false;
        status_.terminal = true;
        emit problem(tr("Cannot connect to %1: %2").arg(profile_.name, error), false);
        emit statusChanged();
    }
}

ClusterStatus SessionSupervisor::status() const {
    ClusterStatus s = status_;
    s.state = stateText();
    return s;
}

QString SessionSupervisor::stateText() const {
    if (openFailed_) return tr("Not connected");
    using S = ClientAdapter::State;
    switch (lastState_) {
        case S::Disconnected: return tr("Disconnected");
        case S::Connecting: return tr("Connecting");
        case S::Connected: return tr("Connected");
        case S::Suspended: return tr("Connection lost, reconnecting");
        case S::Reconnected: return tr("Reconnected");
        case S::Expired: return tr("Session expired");
        case S::AuthFailed: return tr("Authentication failed");
        case S::Closed: return tr("Closed");
    }
    return {};
}

void SessionSupervisor::onState(ClientAdapter::State state) {
    using S = ClientAdapter::State;
    lastState_ = state;
    openFailed_ = false;
    status_.healthy = adapter_->isConnected();
    status_.terminal = state == S::Expired || state == S::AuthFailed || state == S::Closed;
    status_.sessionId = adapter_->sessionId();
    status_.server = adapter_->currentServer();
    spdlog::info("{}: session {} {}", profile_.name.toStdString(), sessionIdText(status_.sessionId).toStdString(),
                 ClientAdapter::stateName(state).toStdString());

    if (adapter_->isConnected()) {
        if (!stableTimer_.isActive()) stableTimer_.start();
        emit connected();
        probeServer();
        probeLatency();
        latencyTimer_.start();
        srvrTimer_.start();
    } else {
        stableTimer_.stop();
        latencyTimer_.stop();
        status_.latencyMs = -1;
    }
    if (state == S::Suspended) {
        emit problem(tr("The connection to %1 was lost. Reconnecting; the session survives if it comes back "
                        "within the session timeout. Until then the tree shows what was loaded before and may be "
                        "out of date.")
                         .arg(profile_.name),
                     true);
    } else if (state == S::Expired) {
        scheduleReconnect();
    } else if (state == S::AuthFailed) {
        emit problem(tr("The server refused the credentials of %1. Edit the profile's digest user or password "
                        "and open it again.")
                         .arg(profile_.name),
                     false);
    }
    emit statusChanged();
}

int SessionSupervisor::nextReconnectDelayMs(int previousMs, const SessionTiming& timing) {
    return previousMs <= 0 ? timing.firstBackoffMs : std::min(previousMs * 2, timing.maxBackoffMs);
}

void SessionSupervisor::scheduleReconnect() {
    reconnectDelayMs_ = nextReconnectDelayMs(reconnectDelayMs_, timing_);
    emit problem(tr("The session expired (ephemeral nodes and watches of this session are gone). "
                    "Opening a new session in %n second(s).",
                    nullptr, reconnectDelayMs_ / 1000),
                 true);
    spdlog::warn("{}: session expired; reconnecting in {} ms", profile_.name.toStdString(), reconnectDelayMs_);
    reconnectTimer_.start(reconnectDelayMs_);
}

QString SessionSupervisor::probeTarget() const {
    QString server = adapter_->currentServer();
    if (server.isEmpty() && adapter_->clientShared()) {
        std::string err;
        if (auto cs = client::parseConnectString(adapter_->options().connectString, &err); cs && !cs->hosts.empty())
            server = QString::fromStdString(cs->hosts.front().host) + QLatin1Char(':') +
                     QString::number(cs->hosts.front().port);
    }
    return server;
}

void SessionSupervisor::probeServer() {
    if (!adapter_) return;
    const auto address = ServerAddress::parse(probeTarget()).value_or(ServerAddress{});
    if (!fourLetter_ || fourLetter_->host() != address.host || fourLetter_->port() != address.port) {
        delete fourLetter_;  // drops a pending ask of the old server
        fourLetter_ = new FourLetterWordClient(address.host, address.port, this);
    }
    fourLetter_->ask(QStringLiteral("srvr"), [this](const FourLetterReply& reply) {
        if (reply.refused) {
            status_.srvrError.clear();
            status_.srvr = SrvrInfo{};
            status_.srvr.answered = true;
            status_.srvr.whitelisted = false;
        } else if (!reply.error.isEmpty()) {
            status_.srvrError = reply.error;
            status_.srvr = SrvrInfo{};
        } else {
            status_.srvrError.clear();
            status_.srvr = parseSrvr(reply.text);
        }
        emit statusChanged();
    });
}

void SessionSupervisor::probeLatency() {
    latency_->measure([this](qint64 ms) {
        status_.latencyMs = ms;
        status_.server = adapter_ ? adapter_->currentServer() : QString();
        emit statusChanged();
    });
}

}  // namespace zooscope::ui
