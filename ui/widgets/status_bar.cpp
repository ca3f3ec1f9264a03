#include "widgets/status_bar.h"

#include <QEvent>

#include <QHBoxLayout>

namespace zooscope::ui {

ClusterStatusBar::ClusterStatusBar(QWidget* parent)
    : QWidget(parent), state_(new QLabel), server_(new QLabel), session_(new QLabel), latency_(new QLabel) {
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(16);
    for (QLabel* l : {state_, server_, session_, latency_}) {
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        row->addWidget(l);
    }
    state_->setObjectName("statusState");
    server_->setObjectName("statusServer");
    session_->setObjectName("statusSession");
    latency_->setObjectName("statusLatency");
    clear();
}

void ClusterStatusBar::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) render();
    QWidget::changeEvent(event);
}

void ClusterStatusBar::clear() {
    status_.reset();
    render();
}

void ClusterStatusBar::setStatus(const ClusterStatus& status) {
    status_ = status;
    render();
}

void ClusterStatusBar::render() {
    if (status_) {
        const ClusterStatus& s = *status_;
        const char* colour = s.healthy ? "#2e7d32" : (s.terminal ? "#c62828" : "#ef6c00");
        state_->setText(QStringLiteral("\u25CF ") + s.state + (s.guarded ? tr(" (read-only guard)") : QString()));
        state_->setStyleSheet(QStringLiteral("QLabel { color: %1; font-weight: bold; }").arg(colour));

        QString server = s.server.isEmpty() ? tr("no server") : s.server;
        server_->setToolTip(QString());
        if (!s.srvrError.isEmpty()) {
            server_->setToolTip(s.srvrError);
            server = tr("%1 (version unknown)").arg(server);
        } else if (s.srvr.answered && !s.srvr.whitelisted) {
            server = tr("%1 (srvr not in the server's 4lw whitelist)").arg(server);
            server_->setToolTip(tr("Add srvr to 4lw.commands.whitelist on the server to see its version and mode."));
        } else if (s.srvr.answered) {
            server = tr("%1 \u00B7 ZooKeeper %2 \u00B7 %3").arg(server, s.srvr.version, s.srvr.mode);
            server_->setToolTip(s.srvr.nodeCount >= 0
                                    ? tr("%n znode(s), last zxid %1", nullptr, int(s.srvr.nodeCount)).arg(s.srvr.zxid)
                                    : QString());
        }
        server_->setText(server);
        session_->setText(s.sessionId ? tr("Session %1").arg(sessionIdText(s.sessionId)) : tr("No session"));
        latency_->setText(s.latencyMs >= 0 ? tr("Latency %1 ms").arg(s.latencyMs) : QString());
        return;
    }
    state_->setText(tr("No cluster open"));
    state_->setStyleSheet(QString());
    server_->clear();
    session_->clear();
    latency_->clear();
}


}  // namespace zooscope::ui
