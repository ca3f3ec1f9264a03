// DashboardPage: the ensemble dashboard of a cluster tab: a card per server,
// the ensemble's own alerts (quorum, a recent election) in a strip above
// them, the charts (5 minutes or 1 hour), and the timeline with its CSV
// export. It shows an EnsembleModel and a TimelineModel (fed by the tab's
// EnsembleWatch) and redraws once a second, and at once when the timeline
// gets an event (a mode change, an election); it never asks a server itself.
// A page not on screen (another tab, another page of its tab) draws nothing:
// it catches up from the model when shown.
// Threads: GUI thread only.
#pragma once

#include <QTimer>
#include <QWidget>

#include <functional>
#include <vector>

#include "widgets/server_card.h"

class QComboBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QScrollArea;
class QTableView;

namespace zooscope::ui {

class EnsembleModel;
class MetricCharts;
class ServerCard;
class TimelineModel;

class DashboardPage : public QWidget {
    Q_OBJECT
public:
    DashboardPage(EnsembleModel* model, TimelineModel* timeline, QWidget* parent = nullptr);

    const std::vector<ServerCard*>& cards() const { return cards_; }
    ServerCard* card(const QString& server) const;
    MetricCharts* charts() const { return charts_; }
    QTableView* timelineView() const { return timelineView_; }
    QString ensembleAlertsText() const;
    // Writes the timeline as CSV; false and *error (a sentence) on failure.
    bool exportTimeline(const QString& file, QString* error) const;
    // Redraws cards and charts now (the page's timer does it every second).
    void refresh();

    // Demo ensembles: every card gets `provider`'s actions, and the line
    // `notes` gives for its server ("" for none). Empty: no actions, no notes.
    void setCardActions(ServerCard::MenuProvider provider, std::function<QString(const QString& server)> notes);

signals:
    void message(const QString& text, bool error);

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    // The timer's and the timeline's redraw: refresh() when on screen, else
    // at the next showEvent.
    void redrawWhenVisible();
    void rebuildCards();
    void exportInteractive();
    void retranslateUi();

    EnsembleModel* model_;
    TimelineModel* timeline_;
    QLabel* ensembleAlerts_;
    QLabel* windowLabel_;
    QComboBox* window_;
    QPushButton* export_;
    QScrollArea* cardsScroll_ = nullptr;
    QWidget* cardsHost_;
    QGridLayout* cardsGrid_;
    std::vector<ServerCard*> cards_;
    ServerCard::MenuProvider cardMenu_;
    std::function<QString(const QString&)> cardNotes_;
    MetricCharts* charts_;
    QLabel* timelineLabel_;
    QTableView* timelineView_;
    QTimer redraw_;
    bool behind_ = false;  // a redraw was skipped while hidden
};

}  // namespace zooscope::ui
