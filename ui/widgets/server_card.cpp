#include "widgets/server_card.h"

#include <QContextMenuEvent>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

#include "models/ensemble_model.h"
#include "text/sample_notes.h"
#include "widgets/metric_charts.h"

namespace zooscope::ui {

using monitor::ServerMode;

namespace {

// Badge colours by mode: serving roles green/blue, trouble amber/red.
QString badgeStyle(std::optional<ServerMode> mode) {
    QString bg = "#9e9e9e";
    if (mode) switch (*mode) {
        case ServerMode::Leader: bg = "#1565c0"; break;
        case ServerMode::Follower:
        case ServerMode::Standalone: bg = "#2e7d32"; break;
        case ServerMode::Observer:
        case ServerMode::ReadOnly: bg = "#00838f"; break;
        case ServerMode::NotServing: bg = "#ef6c00"; break;
        case ServerMode::Down: bg = "#c62828"; break;
        case ServerMode::Unreachable: bg = "#616161"; break;
        }
    return QString("QLabel { background: %1; color: white; padding: 2px 8px; border-radius: 8px; font-weight: bold; }")
        .arg(bg);
}

}  // namespace

ServerCard::ServerCard(QWidget* parent)
    : QFrame(parent),
      title_(new QLabel),
      mode_(new QLabel),
      actions_(new QToolButton),
      menu_(new QMenu(this)),
      note_(new QLabel),
      alerts_(new QLabel),
      why_(new QLabel),
      updated_(new QLabel),
      form_(new QFormLayout) {
    setObjectName("serverCard");
    setFrameShape(QFrame::StyledPanel);
    setMinimumWidth(260);
    title_->setTextFormat(Qt::RichText);
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    alerts_->setWordWrap(true);
    alerts_->setStyleSheet("QLabel { background: #fdecea; color: #611a15; padding: 3px; border-radius: 4px; }");
    why_->setWordWrap(true);
    why_->setStyleSheet("QLabel { color: palette(mid); }");
    updated_->setStyleSheet("QLabel { color: palette(mid); font-size: small; }");
    actions_->setObjectName("cardActions");
    actions_->setText(QStringLiteral("⋮"));
    actions_->setAutoRaise(true);
    actions_->setPopupMode(QToolButton::InstantPopup);
    actions_->setMenu(menu_);
    actions_->hide();
    connect(menu_, &QMenu::aboutToShow, this, [this] { actionsMenu(); });
    note_->setObjectName("cardNote");
    note_->setWordWrap(true);
    note_->setStyleSheet("QLabel { background: #fff4e5; color: #663c00; padding: 2px 4px; border-radius: 4px; }");
    note_->hide();
    auto* head = new QHBoxLayout;
    head->addWidget(title_, 1);
    head->addWidget(mode_);
    head->addWidget(actions_);
    form_->setContentsMargins(0, 0, 0, 0);
    form_->setHorizontalSpacing(12);
    form_->setVerticalSpacing(1);
    for (int f = 0; f < FieldCount; ++f) {
        labels_[f] = new QLabel;
        values_[f] = new QLabel;
        values_[f]->setTextInteractionFlags(Qt::TextSelectableByMouse);
        form_->addRow(labels_[f], values_[f]);
    }
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(4);
    layout->addLayout(head);
    layout->addWidget(note_);
    layout->addWidget(alerts_);
    layout->addWidget(why_);
    layout->addLayout(form_);
    layout->addWidget(updated_);
    layout->addStretch(1);
}

void ServerCard::showRow(const EnsembleModel& model, int rowIndex, qint64 nowMs) {
    const ServerRow& row = model.row(rowIndex);
    server_ = row.member.server;
    QString title = row.member.server;
    if (row.member.memberId) title += QStringLiteral("  ·  ") + tr("server.%1").arg(*row.member.memberId);
    // The colour of this server's lines in the charts.
    title_->setText(QStringLiteral("<span style=\"color:%1\">■</span> <b>%2</b>")
                        .arg(MetricCharts::lineColor(rowIndex).name(), title.toHtmlEscaped()));
    const auto mode = row.mode();
    mode_->setText(EnsembleModel::modeText(mode));
    // setStyleSheet() re-polishes even an unchanged sheet (and lays the card
    // out again): every card, every second. Only on a change.
    if (const QString style = badgeStyle(mode); mode_->styleSheet() != style) mode_->setStyleSheet(style);

    QStringList alerts;
    for (const ServerAlert& a : row.alerts) alerts << (a.critical ? QStringLiteral("● ") : QStringLiteral("▲ ")) + a.text;
    alerts_->setText(alerts.join('\n'));
    alerts_->setVisible(!alerts.isEmpty());

    // Why figures are missing: the monitor's notes, worded here.
    QString why;
    if (!row.member.reachable)
        why = tr("Listed in /zookeeper/config without a client address: not reachable from this profile.");
    else if (!row.sample)
        why = tr("Waiting for the first answer.");
    else if (mode == ServerMode::Down || mode == ServerMode::NotServing || !row.sample->notes.empty()) {
        QStringList notes;
        for (const monitor::SampleNote& n : row.sample->notes) notes << describeSampleNote(n);
        why = notes.join('\n');
    }
    why_->setText(why);
    why_->setVisible(!why.isEmpty());
    // Notes can be long: the card keeps the first lines, the tooltip all.
    why_->setToolTip(why);
    if (why.count('\n') > 3) why_->setText(why.section('\n', 0, 2) + QStringLiteral("\n…"));

    static constexpr EnsembleModel::Column kColumns[FieldCount] = {
        EnsembleModel::EpochColumn,       EnsembleModel::ZxidColumn,          EnsembleModel::LatencyColumn,
        EnsembleModel::ConnectionsColumn, EnsembleModel::OutstandingColumn,   EnsembleModel::ZnodesColumn,
        EnsembleModel::WatchesColumn,     EnsembleModel::EphemeralsColumn,    EnsembleModel::DataSizeColumn,
        EnsembleModel::FileDescriptorsColumn, EnsembleModel::FollowersColumn, EnsembleModel::VersionColumn,
        EnsembleModel::UptimeColumn};
    for (int f = 0; f < FieldCount; ++f) {
        labels_[f]->setText(model.headerData(kColumns[f], Qt::Horizontal, Qt::DisplayRole).toString());
        const QModelIndex at = model.index(rowIndex, kColumns[f]);
        const QString v = model.data(at, Qt::DisplayRole).toString();
        values_[f]->setText(v.isEmpty() ? QStringLiteral("–") : v);
        values_[f]->setToolTip(model.data(at, Qt::ToolTipRole).toString());
        // The leader's followers only mean something on a leader.
        const bool shown = f != Followers || mode == ServerMode::Leader;
        labels_[f]->setVisible(shown && row.member.reachable);
        values_[f]->setVisible(shown && row.member.reachable);
    }
    if (row.sample) {
        const qint64 age = std::max<qint64>(0, nowMs - row.sampledAtMs) / 1000;
        updated_->setText(tr("Updated %1 s ago (the poll took %2 ms)").arg(age).arg(row.tookMs));
    } else {
        updated_->clear();
    }
}

void ServerCard::setMenuProvider(MenuProvider provider) {
    menuProvider_ = std::move(provider);
    actions_->setVisible(bool(menuProvider_));
    actions_->setToolTip(tr("Actions on this server"));
}

QMenu* ServerCard::actionsMenu() {
    // clear() deletes the actions, not the submenus (the menu's children).
    qDeleteAll(menu_->findChildren<QMenu*>(Qt::FindDirectChildrenOnly));
    menu_->clear();
    if (menuProvider_ && !server_.isEmpty()) menuProvider_(server_, menu_);
    return menu_;
}

void ServerCard::contextMenuEvent(QContextMenuEvent* event) {
    if (!menuProvider_) return QFrame::contextMenuEvent(event);
    actionsMenu()->exec(event->globalPos());
}

void ServerCard::setNote(const QString& note) {
    note_->setText(note);
    note_->setVisible(!note.isEmpty());
}

QString ServerCard::noteText() const { return note_->isHidden() ? QString() : note_->text(); }

QString ServerCard::modeText() const { return mode_->text(); }
QString ServerCard::alertsText() const { return alerts_->isHidden() ? QString() : alerts_->text(); }

QString ServerCard::figuresText() const {
    QStringList lines;
    for (int f = 0; f < FieldCount; ++f)
        if (!labels_[f]->isHidden()) lines << labels_[f]->text() + ": " + values_[f]->text();
    return lines.join('\n');
}

}  // namespace zooscope::ui
