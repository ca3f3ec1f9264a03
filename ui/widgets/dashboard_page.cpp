#include "widgets/dashboard_page.h"

#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

#include "models/ensemble_model.h"
#include "models/timeline_model.h"
#include "widgets/metric_charts.h"
#include "widgets/server_card.h"

namespace zooscope::ui {

namespace {
constexpr int kCardsPerRow = 3;
constexpr qint64 kFiveMinutesMs = 5 * 60 * 1000;
constexpr qint64 kOneHourMs = 60 * 60 * 1000;
}  // namespace

DashboardPage::DashboardPage(EnsembleModel* model, TimelineModel* timeline, QWidget* parent)
    : QWidget(parent),
      model_(model),
      timeline_(timeline),
      ensembleAlerts_(new QLabel),
      windowLabel_(new QLabel),
      window_(new QComboBox),
      export_(new QPushButton),
      cardsHost_(new QWidget),
      cardsGrid_(new QGridLayout(cardsHost_)),
      charts_(new MetricCharts(model)),
      timelineLabel_(new QLabel),
      timelineView_(new QTableView) {
    setObjectName("dashboardPage");
    ensembleAlerts_->setObjectName("ensembleAlerts");
    ensembleAlerts_->setWordWrap(true);
    ensembleAlerts_->setStyleSheet("QLabel { background: #fdecea; color: #611a15; padding: 4px; border-radius: 4px; }");
    ensembleAlerts_->hide();
    window_->addItem(QString(), kFiveMinutesMs);
    window_->addItem(QString(), kOneHourMs);
    export_->setObjectName("exportTimeline");

    cardsScroll_ = new QScrollArea;
    auto* cardsScroll = cardsScroll_;
    cardsScroll->setWidgetResizable(true);
    cardsScroll->setFrameShape(QFrame::NoFrame);
    cardsScroll->setWidget(cardsHost_);
    cardsGrid_->setContentsMargins(0, 0, 0, 0);

    timelineView_->setObjectName("timelineView");
    timelineView_->setModel(timeline_);
    timelineView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    timelineView_->setAlternatingRowColors(true);
    timelineView_->verticalHeader()->hide();
    timelineView_->horizontalHeader()->setStretchLastSection(true);
    timelineView_->horizontalHeader()->setSectionResizeMode(TimelineModel::TimeColumn, QHeaderView::ResizeToContents);
    timelineView_->horizontalHeader()->setSectionResizeMode(TimelineModel::ServerColumn, QHeaderView::ResizeToContents);
    timelineView_->horizontalHeader()->setSectionResizeMode(TimelineModel::EventColumn, QHeaderView::ResizeToContents);
    auto* timelineBox = new QWidget;
    auto* timelineLayout = new QVBoxLayout(timelineBox);
    timelineLayout->setContentsMargins(0, 0, 0, 0);
    auto* timelineHead = new QHBoxLayout;
    timelineHead->addWidget(timelineLabel_, 1);
    timelineHead->addWidget(export_);
    timelineLayout->addLayout(timelineHead);
    timelineLayout->addWidget(timelineView_);

    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(cardsScroll);
    split->addWidget(charts_);
    split->addWidget(timelineBox);
    // The timeline keeps room for a handful of events (a demo's actions and
    // their consequences are read there).
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 2);

    auto* top = new QHBoxLayout;
    top->addWidget(ensembleAlerts_, 1);
    top->addStretch();
    top->addWidget(windowLabel_);
    top->addWidget(window_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(model_, &QAbstractItemModel::modelReset, this, &DashboardPage::rebuildCards);
    connect(window_, &QComboBox::currentIndexChanged, this, [this] {
        charts_->setWindowMs(window_->currentData().toLongLong());
        refresh();
    });
    connect(export_, &QPushButton::clicked, this, &DashboardPage::exportInteractive);
    connect(timeline_, &QAbstractItemModel::rowsInserted, timelineView_, &QTableView::scrollToBottom);
    // An event (a mode change, an election, a server down) reaches the cards
    // at once instead of at the next redraw: up to a second sooner on screen
    // (docs/BENCHMARKS.md, the dashboard's leader kill).
    connect(timeline_, &QAbstractItemModel::rowsInserted, this, [this] {
        redraw_.start();
        redrawWhenVisible();
    });
    redraw_.setInterval(1000);
    connect(&redraw_, &QTimer::timeout, this, &DashboardPage::redrawWhenVisible);
    redraw_.start();
    retranslateUi();
    rebuildCards();
}

void DashboardPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        model_->retranslate();
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

void DashboardPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (behind_) refresh();
}

void DashboardPage::redrawWhenVisible() {
    // Three tabs of five servers: without this, every hidden card laid out
    // its labels again every second (docs/BENCHMARKS.md, the dashboard).
    if (!isVisible()) {
        behind_ = true;
        return;
    }
    refresh();
}

void DashboardPage::retranslateUi() {
    timeline_->retranslate();  // old entries' details in the new language too
    windowLabel_->setText(tr("Charts over:"));
    window_->setItemText(0, tr("the last 5 minutes"));
    window_->setItemText(1, tr("the last hour"));
    export_->setText(tr("Export CSV…"));
    timelineLabel_->setText(tr("Timeline"));
    refresh();
}

void DashboardPage::rebuildCards() {
    for (ServerCard* c : cards_) delete c;
    cards_.clear();
    for (int r = 0; r < model_->rowCount(); ++r) {
        auto* card = new ServerCard;
        card->setMenuProvider(cardMenu_);
        cardsGrid_->addWidget(card, r / kCardsPerRow, r % kCardsPerRow);
        cards_.push_back(card);
    }
    refresh();
    // Room for a whole row of cards (the rest scroll).
    if (!cards_.empty())
        cardsScroll_->setMinimumHeight(std::min(cards_.front()->sizeHint().height() + 8, 420));
}

void DashboardPage::setCardActions(ServerCard::MenuProvider provider,
                                   std::function<QString(const QString& server)> notes) {
    cardMenu_ = std::move(provider);
    cardNotes_ = std::move(notes);
    for (ServerCard* c : cards_) c->setMenuProvider(cardMenu_);
    refresh();
}

ServerCard* DashboardPage::card(const QString& server) const {
    for (ServerCard* c : cards_)
        if (c->server() == server) return c;
    return nullptr;
}

void DashboardPage::refresh() {
    if (int(cards_.size()) != model_->rowCount()) return rebuildCards();
    behind_ = false;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int r = 0; r < model_->rowCount(); ++r) {
        ServerCard* card = cards_[size_t(r)];
        card->showRow(*model_, r, now);
        card->setNote(cardNotes_ ? cardNotes_(card->server()) : QString());
    }
    QStringList alerts;
    for (const ServerAlert& a : model_->ensembleAlerts()) alerts << (a.critical ? QStringLiteral("● ") : QStringLiteral("▲ ")) + a.text;
    ensembleAlerts_->setText(alerts.join(QStringLiteral("   ")));
    ensembleAlerts_->setVisible(!alerts.isEmpty());
    if (isVisible()) charts_->refresh(now);
    else behind_ = true;  // the charts catch up when shown
}

QString DashboardPage::ensembleAlertsText() const { return ensembleAlerts_->isHidden() ? QString() : ensembleAlerts_->text(); }

bool DashboardPage::exportTimeline(const QString& file, QString* error) const {
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(timeline_->toCsv()) < 0 || !out.commit()) {
        if (error) *error = tr("Could not write %1: %2").arg(file, out.errorString());
        return false;
    }
    return true;
}

void DashboardPage::exportInteractive() {
    const QString file = QFileDialog::getSaveFileName(this, tr("Export the timeline"), QStringLiteral("timeline.csv"),
                                                      tr("CSV files (*.csv)"));
    if (file.isEmpty()) return;
    QString error;
    if (exportTimeline(file, &error)) emit message(tr("Timeline exported to %1.").arg(file), false);
    else emit message(error, true);
}

}  // namespace zooscope::ui
