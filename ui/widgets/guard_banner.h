// GuardBanner: the strip above a guarded cluster's pages that says whether
// writes are possible, with the button that unlocks them (after a question)
// or locks them again. Hidden for unguarded clusters.
// Threads: GUI thread only.
#pragma once

#include <QFrame>
#include <QIcon>
#include <QPointer>

#include "session/subtree_operations.h"  // Confirmer

class QLabel;
class QPushButton;

namespace zooscope::ui {

class WriteGuard;

class GuardBanner : public QFrame {
    Q_OBJECT
public:
    // `clusterName` is named in the question before unlocking.
    GuardBanner(WriteGuard* guard, const QString& clusterName, QWidget* parent = nullptr);
    void setConfirmer(Confirmer confirmer) { confirmer_ = std::move(confirmer); }

    // A padlock (closed while locked), drawn so it needs no emoji font or
    // icon theme.
    static QIcon lockIcon(bool locked);

protected:
    void changeEvent(QEvent* event) override;

private:
    void showState();

    QPointer<WriteGuard> guard_;
    QString clusterName_;
    Confirmer confirmer_;
    QLabel* label_;
    QPushButton* button_;
};

}  // namespace zooscope::ui
