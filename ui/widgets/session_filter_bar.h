// SessionFilterBar: the coordination pages' filter by session: "Session:", a
// field taking 0x… (or a decimal id; empty: every session) and a line saying
// what the filter shows (the page's words: where the session connects from,
// how many rows it has there), and the same requests as a row's menu entries
// (addMenuActions). The page applies the filter; the bar only asks for it.
// Threads: GUI thread only.
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QMenu;

namespace zooscope::ui {

class SessionFilterBar : public QWidget {
    Q_OBJECT
public:
    explicit SessionFilterBar(QWidget* parent = nullptr);

    // Shows `session` in the field (0: empty) without asking for it again.
    void setSession(qint64 session);
    void setInfo(const QString& text);
    QString info() const;
    // "Show everything of session 0x…" (when `session` is not 0) and, while
    // `filtering`, "Show all sessions": each asks through sessionRequested.
    void addMenuActions(QMenu* menu, qint64 session, bool filtering);

signals:
    // The user typed or chose a session (0: cleared the field, every session).
    void sessionRequested(qint64 session);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    QLabel* label_;
    QLineEdit* session_;
    QLabel* info_;
};

}  // namespace zooscope::ui
