// RecipeHighlights: puts the coordination views' highlights on the
// dashboard's timeline, once when each starts: a lock held longer than the
// threshold, a holder or waiter whose session is gone, an election without a
// leader (recipe_snapshot.h has the rules), an under-replicated Kafka
// partition (its ISR smaller than its replicas). A highlight that ends and starts
// again is reported again.
// Threads: GUI thread only.
#pragma once

#include <QList>
#include <QObject>

#include <set>
#include <string>

#include "models/recipe_snapshot.h"
#include "models/timeline_model.h"

namespace zooscope::ui {

class RecipeHighlights : public QObject {
    Q_OBJECT
public:
    explicit RecipeHighlights(QObject* parent = nullptr);

    // The events for the highlights that start with `snapshot` at nowMs.
    QList<TimelineEvent> update(const RecipeSnapshot& snapshot, qint64 nowMs, qint64 heldTooLongMs);

private:
    std::set<std::string> active_;  // "<kind> <path> <node>"
};

}  // namespace zooscope::ui
