#include "widgets/demo_card_actions.h"

#include <QDateTime>
#include <QMenu>

#include "models/timeline_model.h"
#include "text/process_exit.h"
#include "widgets/dashboard_page.h"

namespace zooscope::ui {

using namespace std::chrono_literals;

DemoCardActions::DemoCardActions(DemoEnsemble* demo, DashboardPage* page, TimelineModel* timeline, QObject* parent)
    : QObject(parent), demo_(demo), timeline_(timeline) {
    page->setCardActions([this](const QString& server, QMenu* menu) { fillMenu(server, menu); },
                         [this](const QString& server) { return note(server); });
    connect(demo, &DemoEnsemble::nodeActionDone, this,
            [this](int index, NodeAction action, bool ok, const QString& error) {
                if (!demo_) return;
                const auto nodes = demo_->nodes();
                if (index < 0 || index >= int(nodes.size())) return;
                const QString server = QStringLiteral("127.0.0.1:%1").arg(nodes[size_t(index)].clientPort);
                const QString text = ok ? tr("Done: %1").arg(actionText(action, nodes[size_t(index)].peerDelay))
                                        : tr("Failed: %1 (%2)").arg(actionText(action, {}), error);
                timeline_->append({{QDateTime::currentMSecsSinceEpoch(), server, EventKind::Action, text}});
                if (!ok) emit message(tr("%1 on %2 failed: %3").arg(actionText(action, {}), server, error), true);
            });
}

QString DemoCardActions::actionText(NodeAction action, std::chrono::milliseconds delay) const {
    switch (action) {
    case NodeAction::Kill: return tr("kill -9 (SIGKILL)");
    case NodeAction::Stop: return tr("stop (SIGTERM)");
    case NodeAction::Pause: return tr("pause (SIGSTOP)");
    case NodeAction::Resume: return tr("resume (SIGCONT)");
    case NodeAction::Restart: return tr("restart");
    case NodeAction::Start: return tr("start");
    case NodeAction::Isolate: return tr("isolate from its peers");
    case NodeAction::Heal: return tr("heal its peer links");
    case NodeAction::Slow:
        return delay.count() > 0 ? tr("slow its peer links by %1 ms each way").arg(delay.count())
                                 : tr("restore its peer links' speed");
    }
    return {};
}

void DemoCardActions::act(const QString& server, NodeAction action, std::chrono::milliseconds delay) {
    if (!demo_) return;
    const int index = demo_->nodeIndex(server);
    if (index < 0) return;
    timeline_->append(
        {{QDateTime::currentMSecsSinceEpoch(), server, EventKind::Action, tr("Asked: %1").arg(actionText(action, delay))}});
    demo_->act(index, action, delay);
}

void DemoCardActions::fillMenu(const QString& server, QMenu* menu) {
    if (!demo_) return;
    const int index = demo_->nodeIndex(server);
    if (index < 0) return;
    const NodeInfo node = demo_->nodes()[size_t(index)];
    const bool alive = node.state == NodeState::Running || node.state == NodeState::Paused;
    auto add = [&](const char* name, const QString& text, bool enabled, NodeAction action,
                   std::chrono::milliseconds delay = {}) {
        QAction* a = menu->addAction(text, this, [this, server, action, delay] { act(server, action, delay); });
        a->setObjectName(QString::fromLatin1(name));
        a->setEnabled(enabled);
    };
    menu->setTitle(tr("Node %1").arg(node.id));
    add("kill", tr("Kill (SIGKILL)"), alive, NodeAction::Kill);
    add("stop", tr("Stop (SIGTERM)"), alive, NodeAction::Stop);
    add("pause", tr("Pause (SIGSTOP)"), node.state == NodeState::Running, NodeAction::Pause);
    add("resume", tr("Resume (SIGCONT)"), node.state == NodeState::Paused, NodeAction::Resume);
    add("restart", tr("Restart"), true, NodeAction::Restart);
    add("start", tr("Start"), !alive, NodeAction::Start);
    menu->addSeparator();
    const bool relayed = demo_->nodes().size() > 1;
    add("isolate", tr("Isolate from its peers"), relayed && !node.isolated, NodeAction::Isolate);
    add("heal", tr("Heal its peer links"), relayed && node.isolated, NodeAction::Heal);
    QMenu* slow = menu->addMenu(tr("Slow its peer links"));
    slow->setEnabled(relayed);
    for (int ms : {50, 200, 1000}) {
        QAction* a = slow->addAction(tr("+%1 ms each way").arg(ms), this,
                                     [this, server, ms] { act(server, NodeAction::Slow, std::chrono::milliseconds(ms)); });
        a->setObjectName(QStringLiteral("slow-%1").arg(ms));
        a->setCheckable(true);
        a->setChecked(node.peerDelay.count() == ms);
    }
    QAction* restore = slow->addAction(tr("Full speed"), this, [this, server] { act(server, NodeAction::Slow, 0ms); });
    restore->setObjectName(QStringLiteral("slow-0"));
    restore->setEnabled(node.peerDelay.count() > 0);
}

QString DemoCardActions::note(const QString& server) const {
    if (!demo_) return {};
    const int index = demo_->nodeIndex(server);
    if (index < 0) return {};
    const NodeInfo node = demo_->nodes()[size_t(index)];
    QStringList parts;
    switch (node.state) {
    case NodeState::Running: parts << tr("pid %1").arg(node.pid); break;
    case NodeState::Paused: parts << tr("paused (SIGSTOP), pid %1").arg(node.pid); break;
    case NodeState::Dead:
        parts << (node.exit ? tr("dead: %1").arg(describeProcessExit(*node.exit)) : tr("dead"));
        break;
    case NodeState::Stopped: parts << tr("stopped"); break;
    }
    if (node.observer) parts.prepend(tr("observer"));
    if (node.isolated) parts << tr("isolated from its peers");
    if (node.peerDelay.count() > 0) parts << tr("peer links +%1 ms").arg(node.peerDelay.count());
    return tr("Demo node %1: %2").arg(node.id).arg(parts.join(QStringLiteral(" · ")));
}

}  // namespace zooscope::ui
