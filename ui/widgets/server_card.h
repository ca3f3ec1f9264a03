// ServerCard: one server of the dashboard: its name and mode (coloured), its
// alerts, and the figures of its last sample (epoch and zxid, latency,
// connections, outstanding requests, znodes, watches, ephemerals, data size,
// open file descriptors, the leader's followers, version, uptime). Figures a
// source did not give show a dash; a server that does not answer, or a member
// this profile cannot reach, says why instead.
// Threads: GUI thread only.
#pragma once

#include <QFrame>

class QFormLayout;
class QLabel;

namespace zooscope::ui {

class EnsembleModel;

class ServerCard : public QFrame {
    Q_OBJECT
public:
    explicit ServerCard(QWidget* parent = nullptr);

    // Shows the model's row `row` as of `nowMs` (wall clock).
    void showRow(const EnsembleModel& model, int row, qint64 nowMs);
    QString server() const { return server_; }
    // What the card says, for tests: the mode's text, and "label: value" lines.
    QString modeText() const;
    QString alertsText() const;
    QString figuresText() const;

private:
    enum Field {
        Epoch, Zxid, Latency, Connections, Outstanding, Znodes, Watches, Ephemerals, DataSize, FileDescriptors,
        Followers, Version, Uptime, FieldCount
    };

    QString server_;
    QLabel* title_;
    QLabel* mode_;
    QLabel* alerts_;
    QLabel* why_;
    QLabel* updated_;
    QFormLayout* form_;
    QLabel* labels_[FieldCount];
    QLabel* values_[FieldCount];
};

}  // namespace zooscope::ui
