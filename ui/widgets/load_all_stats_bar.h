// LoadAllStatsBar: the strip above the tree that offers to load every stat of
// one level, so the level can be sorted by a stat column.
//
// Contract: offerFor(level) shows the offer when the level has more than
// ZnodeTreeModel::kAutoStatsLimit children and not all their stats yet
// (smaller levels get their stats on their own), and hides it otherwise.
// While a bulk load of the offered level runs, the strip shows its progress
// and a Cancel button, and stays even when another level is offered; it
// hides itself when the level has every stat.
// Threads: GUI thread only.
#pragma once

#include <QFrame>
#include <QModelIndex>
#include <QPointer>

class QLabel;
class QProgressBar;
class QPushButton;

namespace zooscope::ui {

class ZnodeTreeModel;

class LoadAllStatsBar : public QFrame {
    Q_OBJECT
public:
    explicit LoadAllStatsBar(ZnodeTreeModel* model, QWidget* parent = nullptr);

    // `level`: an index of the model (not of a proxy); invalid hides.
    void offerFor(const QModelIndex& level);
    // The level offered while shown, "" while hidden.
    QString level() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void showTexts();
    bool loading() const;

    QPointer<ZnodeTreeModel> model_;
    QString path_;
    int children_ = 0;
    QLabel* label_;
    QPushButton* button_;
    QProgressBar* progress_;
};

}  // namespace zooscope::ui
