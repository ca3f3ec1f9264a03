// CoordinationPage: one coordination view of a cluster tab (Locks or
// Elections; later views the same way): a RecipeItemsModel in a tree, with
// the root being watched, when it was last rescanned and how far the rescan
// got, a "Rescan now" button, and a filter by session.
// - Activating a row (double-click, Enter) selects its znode in the browser
//   (selectInTree); on a session cell it filters every view by that session
//   (sessionFilterRequested: the tab applies it to each page).
// - With a session filter the strip says where the session connects from and
//   how many rows it has here.
// Threads: GUI thread only.
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeView;

namespace zooscope::ui {

class RecipeItemsModel;
class RecipeWatch;
class SessionFilterBar;
class SessionFilterProxy;

class CoordinationPage : public QWidget {
    Q_OBJECT
public:
    // `sessionColumn`: the model's column of sessions.
    CoordinationPage(RecipeWatch* watch, RecipeItemsModel* model, int sessionColumn, QWidget* parent = nullptr);

    QTreeView* view() const { return view_; }
    SessionFilterProxy* proxy() const { return proxy_; }
    QString statusText() const;
    // Shows only rows with `session` (0: all).
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

    RecipeWatch* watch_;
    RecipeItemsModel* model_;
    int sessionColumn_;
    SessionFilterProxy* proxy_;
    QLabel* rootLabel_;
    QLineEdit* root_;
    QPushButton* rescan_;
    QLabel* status_;
    SessionFilterBar* sessionBar_;
    QTreeView* view_;
};

}  // namespace zooscope::ui
