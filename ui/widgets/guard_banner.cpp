#include "widgets/guard_banner.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>

#include "session/write_guard.h"

namespace zooscope::ui {

namespace {

QIcon drawLock(bool locked) {
    QPixmap pm(32, 32);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor colour = locked ? QColor(0xb2, 0x6a, 0x00) : QColor(0x2e, 0x7d, 0x32);
    p.setPen(QPen(colour, 3.5));
    p.setBrush(Qt::NoBrush);
    if (locked) p.drawArc(QRectF(9, 3, 14, 16), 0, 180 * 16);
    else p.drawArc(QRectF(15, 1, 14, 16), 0, 180 * 16);
    p.drawLine(QPointF(9, 11), QPointF(9, 15));
    if (locked) p.drawLine(QPointF(23, 11), QPointF(23, 15));
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawRoundedRect(QRectF(5, 14, 22, 16), 3, 3);
    return QIcon(pm);
}

}  // namespace

GuardBanner::GuardBanner(WriteGuard* guard, const QString& clusterName, QWidget* parent)
    : QFrame(parent), guard_(guard), clusterName_(clusterName), label_(new QLabel), button_(new QPushButton) {
    setObjectName("guardBanner");
    label_->setWordWrap(true);
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(8, 4, 8, 4);
    row->addWidget(label_, 1);
    row->addWidget(button_);
    connect(button_, &QPushButton::clicked, this, [this] {
        if (!guard_) return;
        if (guard_->writesAllowed()) {
            guard_->lock();
            return;
        }
        if (confirmer_ &&
            confirmer_(tr("Unlock writes"),
                       tr("%1 is marked as a guarded (production) cluster.\n\nAllow changes to it until this tab is "
                          "closed?")
                           .arg(clusterName_)))
            guard_->unlock();
    });
    connect(guard_, &WriteGuard::changed, this, &GuardBanner::showState);
    // Whether a cluster is guarded never changes (hide() only: a widget not
    // yet in a layout would show as a window).
    if (!guard_->guarded()) hide();
    showState();
}

QIcon GuardBanner::lockIcon(bool locked) {
    static const QIcon closed = drawLock(true);
    static const QIcon open = drawLock(false);
    return locked ? closed : open;
}

void GuardBanner::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) showState();
    QFrame::changeEvent(event);
}

void GuardBanner::showState() {
    if (!guard_) return;
    if (guard_->writesAllowed()) {
        label_->setText(tr("<b>Writes unlocked</b> for this session on a guarded cluster. Changes go to the "
                           "server."));
        button_->setText(tr("Lock again"));
        setStyleSheet(
            "QFrame#guardBanner { background: #fde2e1; color: #6b1512; border: 1px solid #e6a19c; border-radius: 4px; }");
    } else {
        label_->setText(tr("<b>Read-only guard:</b> this cluster refuses every write until you unlock it for "
                           "this session."));
        button_->setText(tr("Unlock writes"));
        setStyleSheet(
            "QFrame#guardBanner { background: #fff3cd; color: #5c4400; border: 1px solid #e0c270; border-radius: 4px; }");
    }
}

}  // namespace zooscope::ui
