#include "widgets/log_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "models/log_model.h"

namespace zooscope::ui {

namespace {

// Keeps lines at or above a level.
class LevelFilter : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setMinimum(int level) {
        minimum_ = level;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex&) const override {
        auto* m = static_cast<LogModel*>(sourceModel());
        return m->entries()[size_t(row)].level >= minimum_;
    }

private:
    int minimum_ = 0;
};

}  // namespace

LogPanel::LogPanel(LogModel* model, const QString& logFile, QWidget* parent)
    : QWidget(parent), model_(model), proxy_(new LevelFilter(this)), view_(new QTableView), level_(new QComboBox) {
    proxy_->setSourceModel(model_);
    view_->setModel(proxy_);
    view_->setObjectName("logView");
    view_->verticalHeader()->hide();
    view_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    view_->horizontalHeader()->setStretchLastSection(true);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setWordWrap(false);
    view_->setColumnWidth(LogModel::TimeColumn, fontMetrics().horizontalAdvance("00:00:00.000") + 16);
    view_->setColumnWidth(LogModel::LevelColumn, fontMetrics().horizontalAdvance("warning") + 24);

    level_->addItem(tr("All"), 0);
    level_->addItem(tr("Info and above"), 2);
    level_->addItem(tr("Warnings and errors"), 3);
    level_->addItem(tr("Errors"), 4);
    level_->setCurrentIndex(1);
    static_cast<LevelFilter*>(proxy_)->setMinimum(2);
    connect(level_, &QComboBox::currentIndexChanged, this,
            [this] { static_cast<LevelFilter*>(proxy_)->setMinimum(level_->currentData().toInt()); });

    auto* clear = new QPushButton(tr("Clear"));
    auto* copy = new QPushButton(tr("Copy all"));
    connect(clear, &QPushButton::clicked, model_, &LogModel::clear);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(model_->toText()); });
    auto* file = new QLabel(logFile.isEmpty() ? tr("No log file (see the messages above).")
                                              : tr("Full log: %1").arg(logFile));
    file->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Show:")));
    bar->addWidget(level_);
    bar->addWidget(file, 1);
    bar->addWidget(copy);
    bar->addWidget(clear);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(view_, 1);

    // Follow the tail while the user is at the bottom.
    connect(proxy_, &QAbstractItemModel::rowsInserted, this, [this] {
        QScrollBar* sb = view_->verticalScrollBar();
        if (sb->value() >= sb->maximum() - 2) QMetaObject::invokeMethod(view_, &QTableView::scrollToBottom, Qt::QueuedConnection);
    });
}

}  // namespace zooscope::ui
