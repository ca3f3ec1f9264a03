// WatchesPage: the Watches view of a cluster tab, fed by a WatchesPoll.
// - Above: when the servers were last read, a "Read now" button, and one
//   line per server with its summary (wchs first, or the engine's wchk with
//   every kind; the AdminServer when the words are refused, else the
//   sentence saying why it is missing), and the note that ZooKeeper's words
//   leave child watches out.
// - Sessions and their paths only when the user asks ("List sessions and
//   paths", saying what it costs the servers); then a tree of sessions
//   (client address, server) and the paths each watches.
// - Activating a path row selects its znode in the browser (selectInTree);
//   a session row, or "Show everything of session 0x…" in the context menu,
//   filters every coordination view by that session
//   (sessionFilterRequested: the tab applies it to each page).
// Threads: GUI thread only.
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeView;

namespace zooscope::ui {

class SessionFilterBar;
class SessionFilterProxy;
class WatchesModel;
class WatchesPoll;

class WatchesPage : public QWidget {
    Q_OBJECT
public:
    explicit WatchesPage(WatchesPoll* poll, QWidget* parent = nullptr);

    QTreeView* view() const { return view_; }
    SessionFilterProxy* proxy() const { return proxy_; }
    QPushButton* detailButton() const { return detail_; }
    QString statusText() const;
    QString summaryText() const;
    // Shows only the sessions rows of `session` (0: all).
    void setSession(qint64 session);

signals:
    void selectInTree(const QString& path);
    void sessionFilterRequested(qint64 session);

protected:
    void changeEvent(QEvent* event) override;

private:
    void activate(const QModelIndex& index);
    void showContextMenu(const QPoint& pos);
    void updateStatus();
    void updateSessionStrip();
    void retranslateUi();

    WatchesPoll* poll_;
    WatchesModel* model_;
    SessionFilterProxy* proxy_;
    QPushButton* readNow_;
    QLabel* status_;
    QLabel* summary_;
    QLabel* note_;
    QPushButton* detail_;
    QLabel* detailNote_;
    SessionFilterBar* sessionBar_;
    QTreeView* view_;
};

}  // namespace zooscope::ui
