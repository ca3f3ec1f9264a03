#include "widgets/log_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

#include "models/log_level_filter.h"
#include "models/log_model.h"

namespace zooscope::ui {

LogPanel::LogPanel(LogModel* model, const QString& logFile, QWidget* parent)
    : QWidget(parent), model_(model), proxy_(new LogLevelFilter(this)), view_(new QTableView), level_(new QComboBox) {
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
    proxy_->setMinimum(2);
    connect(level_, &QComboBox::currentIndexChanged, this,
            [this] { proxy_->setMinimum(level_->currentData().toInt()); });

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
