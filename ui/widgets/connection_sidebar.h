// ConnectionSidebar: the saved connections (plus the built-in embedded engine
// when the app offers one) with connect / new / edit / delete.
// Threads: GUI thread only.
#pragma once

#include <QList>
#include <QWidget>

#include "settings/profile_store.h"

class QListWidget;
class QLabel;
class QListWidgetItem;
class QPushButton;

namespace zooscope::ui {

class ConnectionSidebar : public QWidget {
    Q_OBJECT
public:
    explicit ConnectionSidebar(QWidget* parent = nullptr);

    void setProfiles(const QList<ConnectionProfile>& profiles);
    // Shows the "embedded engine" entry first (when the app can start one).
    void setEmbeddedAvailable(bool available);
    // "" when nothing or the embedded entry is selected.
    QString currentProfileId() const;
    int count() const;
    QListWidget* list() const { return list_; }

signals:
    void connectRequested(const QString& profileId);
    void embeddedRequested();
    void newRequested();
    void editRequested(const QString& profileId);
    void removeRequested(const QString& profileId);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void rebuild();
    void activate(QListWidgetItem* item);
    void updateButtons();

    QListWidget* list_;
    QLabel* title_;
    QPushButton* connect_;
    QPushButton* add_;
    QPushButton* edit_;
    QPushButton* remove_;
    QList<ConnectionProfile> profiles_;
    bool embedded_ = false;
};

}  // namespace zooscope::ui
