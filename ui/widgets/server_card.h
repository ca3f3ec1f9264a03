// ServerCard: one server of the dashboard: its name and mode (coloured), its
// alerts, and the figures of its last sample (epoch and zxid, latency,
// connections, outstanding requests, znodes, watches, ephemerals, data size,
// open file descriptors, the leader's followers, version, uptime). Figures a
// source did not give show a dash; a server that does not answer, or a member
// this profile cannot reach, says why instead.
// On a demo ensemble's tab the card also has actions (kill, pause, isolate...,
// from a menu provider: the card knows none of them) and a note of what was
// done to the node (paused, isolated, slowed links).
// Threads: GUI thread only.
#pragma once

#include <QFrame>

#include <functional>

class QFormLayout;
class QLabel;
class QMenu;
class QToolButton;

namespace zooscope::ui {

class EnsembleModel;

class ServerCard : public QFrame {
    Q_OBJECT
public:
    // Fills `menu` with the actions on `server` (the card's "host:port").
    using MenuProvider = std::function<void(const QString& server, QMenu* menu)>;

    explicit ServerCard(QWidget* parent = nullptr);

    // With a provider the card shows an actions button and a context menu;
    // without one (a real cluster), neither.
    void setMenuProvider(MenuProvider provider);
    // The actions menu, filled for the card's server now (tests trigger its
    // actions; the button and the context menu show it).
    QMenu* actionsMenu();
    // A line under the title ("" hides it).
    void setNote(const QString& note);
    QString noteText() const;

    // Shows the model's row `row` as of `nowMs` (wall clock).
    void showRow(const EnsembleModel& model, int row, qint64 nowMs);
    QString server() const { return server_; }
    // What the card says, for tests: the mode's text, and "label: value" lines.
    QString modeText() const;
    QString alertsText() const;
    QString figuresText() const;

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    enum Field {
        Epoch, Zxid, Latency, Connections, Outstanding, Znodes, Watches, Ephemerals, DataSize, FileDescriptors,
        Followers, Version, Uptime, FieldCount
    };

    QString server_;
    QLabel* title_;
    QLabel* mode_;
    QToolButton* actions_;
    QMenu* menu_;
    MenuProvider menuProvider_;
    QLabel* note_;
    QLabel* alerts_;
    QLabel* why_;
    QLabel* updated_;
    QFormLayout* form_;
    QLabel* labels_[FieldCount];
    QLabel* values_[FieldCount];
};

}  // namespace zooscope::ui
