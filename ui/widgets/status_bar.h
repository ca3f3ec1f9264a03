// ClusterStatusBar: the permanent part of the main window's status bar for the
// current cluster tab: connection state, server + version + mode (from the
// `srvr` four-letter word), session id (0x...), latency.
//
// Threads: GUI thread only.
#pragma once

#include <QLabel>
#include <QString>
#include <QWidget>

#include <optional>

#include "session/cluster_status.h"

namespace zooscope::ui {

class ClusterStatusBar : public QWidget {
    Q_OBJECT
public:
    explicit ClusterStatusBar(QWidget* parent = nullptr);
    void setStatus(const ClusterStatus& status);
    // No cluster tab open.
    void clear();

    // For tests: the labels' texts.
    QString stateText() const { return state_->text(); }
    QString serverText() const { return server_->text(); }
    QString sessionText() const { return session_->text(); }
    QString latencyText() const { return latency_->text(); }

    static QString sessionIdText(qint64 id) { return zooscope::ui::sessionIdText(id); }

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();

    std::optional<ClusterStatus> status_;  // nullopt: no cluster open
    QLabel* state_;
    QLabel* server_;
    QLabel* session_;
    QLabel* latency_;
};

}  // namespace zooscope::ui
