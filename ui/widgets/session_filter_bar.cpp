#include "widgets/session_filter_bar.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>

#include "models/recipe_snapshot.h"

namespace zooscope::ui {

SessionFilterBar::SessionFilterBar(QWidget* parent)
    : QWidget(parent), label_(new QLabel), session_(new QLineEdit), info_(new QLabel) {
    session_->setObjectName("sessionFilter");
    session_->setClearButtonEnabled(true);
    session_->setMaximumWidth(200);
    info_->setObjectName("sessionFilterInfo");
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label_);
    layout->addWidget(session_);
    layout->addWidget(info_, 1);
    connect(session_, &QLineEdit::editingFinished, this,
            [this] { emit sessionRequested(sessionFromText(session_->text())); });
    connect(session_, &QLineEdit::textChanged, this, [this](const QString& t) {
        if (t.isEmpty()) emit sessionRequested(0);
    });
    retranslateUi();
}

void SessionFilterBar::setSession(qint64 session) {
    if (sessionFromText(session_->text()) != session) session_->setText(session ? sessionText(session) : QString());
}

void SessionFilterBar::setInfo(const QString& text) { info_->setText(text); }

QString SessionFilterBar::info() const { return info_->text(); }

void SessionFilterBar::addMenuActions(QMenu* menu, qint64 session, bool filtering) {
    if (session != 0)
        menu->addAction(tr("Show everything of session %1").arg(sessionText(session)), this,
                        [this, session] { emit sessionRequested(session); });
    if (filtering) menu->addAction(tr("Show all sessions"), this, [this] { emit sessionRequested(0); });
}

void SessionFilterBar::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void SessionFilterBar::retranslateUi() {
    label_->setText(tr("Session:"));
    session_->setPlaceholderText(tr("0x… (all sessions)"));
}

}  // namespace zooscope::ui
