// Read-only table of a znode's Stat (text/stat_format.h does the text).
// GUI thread only.
#pragma once

#include <QWidget>

#include "zooscope/client.h"

class QTreeWidget;

namespace zooscope::ui {

class StatView : public QWidget {
    Q_OBJECT
public:
    explicit StatView(QWidget* parent = nullptr);
    void setStat(const proto::Stat& stat);
    void clear();
    // The shown value of a field by its Stat name ("czxid", "ephemeralOwner",
    // ...); "" when none is shown.
    QString valueText(const QString& key) const;

private:
    QTreeWidget* tree_;
};

}  // namespace zooscope::ui
