// LogPanel: the in-app view of the log (LogModel), with a minimum-level filter,
// clear and copy. It follows new lines while scrolled to the bottom.
// Threads: GUI thread only.
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;

namespace zooscope::ui {

class LogLevelFilter;
class LogModel;

class LogPanel : public QWidget {
    Q_OBJECT
public:
    // `logFile` is shown as where the full log lives ("" = none).
    LogPanel(LogModel* model, const QString& logFile, QWidget* parent = nullptr);
    QTableView* view() const { return view_; }

private:
    LogModel* model_;
    LogLevelFilter* proxy_;
    QTableView* view_;
    QComboBox* level_;
};

}  // namespace zooscope::ui
