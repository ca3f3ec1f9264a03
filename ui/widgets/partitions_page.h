// PartitionsPage: the Partitions view of a cluster tab. Beside the
// PartitionsModel's tree, the item selected in it drawn: a stream job's ring
// (PartitionRing), a Kafka cluster's broker table (KafkaBrokersModel) with
// the controller named. A strip says when the root was last rescanned and how
// many layouts hold their watches, with a "Rescan now" button.
// - Activating a row (double-click, Enter) selects its znode in the browser
//   (selectInTree), as the other coordination views do.
// - Until a row is selected, the first stream job (else the first item) is shown.
// Threads: GUI thread only.
#pragma once

#include <QString>
#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTreeView;

namespace zooscope::ui {

class KafkaBrokersModel;
class PartitionRing;
class PartitionsModel;
class RecipeWatch;

class PartitionsPage : public QWidget {
    Q_OBJECT
public:
    explicit PartitionsPage(RecipeWatch* watch, QWidget* parent = nullptr);

    QTreeView* view() const { return view_; }
    PartitionRing* ring() const { return ring_; }
    KafkaBrokersModel* brokers() const { return brokers_; }
    QTableView* brokerView() const { return brokerView_; }
    QString statusText() const;
    // The item drawn beside the table ("" none).
    QString shownPath() const { return shown_; }
    void showItem(const QString& path);

signals:
    void selectInTree(const QString& path);

protected:
    void changeEvent(QEvent* event) override;

private:
    void refresh();
    void updateStatus();
    void retranslateUi();

    RecipeWatch* watch_;
    PartitionsModel* model_;
    KafkaBrokersModel* brokers_;
    QLabel* status_;
    QPushButton* rescan_;
    QTreeView* view_;
    QStackedWidget* side_;
    PartitionRing* ring_;
    QWidget* kafka_;
    QLabel* controller_;
    QTableView* brokerView_;
    QLabel* nothing_;
    QString shown_;
    bool chosen_ = false;  // the user picked shown_
};

}  // namespace zooscope::ui
