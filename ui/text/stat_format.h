// Readable forms of a znode's Stat for the stat view.
//
// Contract: pure functions; labels are translated (context "StatFormat").
// Zxids and session ids are shown in hex ("0x1a2b"), as ZooKeeper's logs and
// four-letter words print them; times as local time and ISO 8601 UTC.
#pragma once

#include <QList>
#include <QString>

#include "zooscope/client.h"  // proto::Stat

namespace zooscope::ui {

// "0x" + lower-case hex, no padding ("0x0" for zero).
QString formatHex64(int64_t value);
// "0x100000003" with the tooltip-sized detail "epoch 1, counter 3".
QString formatZxid(int64_t zxid);
QString describeZxid(int64_t zxid);
// "2024-05-01 14:03:07.123 CEST (2024-05-01T12:03:07.123Z)"; "0 (not set)" for 0.
QString formatTime(int64_t msSinceEpoch);

struct StatField {
    QString key;     // the field's name in ZooKeeper's Stat ("czxid", "ephemeralOwner", ...)
    QString label;   // translated label
    QString value;   // formatted value
    QString toolTip; // what it means, plus the raw decimal value
};

// Every Stat field, in the order zkCli's stat prints them.
QList<StatField> statFields(const proto::Stat& stat);

}  // namespace zooscope::ui
