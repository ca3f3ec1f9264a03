// What the screenshot tests share: a check that an image was really drawn,
// and the Chinese catalogue compiled from the source .ts (ZS_LRELEASE, the
// test's compile definition; ZS_SOURCE_DIR, its environment).
#pragma once

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QString>
#include <QtGlobal>

namespace zooscope::testing {

// Distinct colours over a 3-pixel grid: a blank or one-colour image has few.
inline int distinctColours(const QImage& img) {
    QSet<QRgb> seen;
    for (int y = 0; y < img.height(); y += 3)
        for (int x = 0; x < img.width(); x += 3) seen.insert(img.pixel(x, y));
    return int(seen.size());
}

// <dir>/zooscope_zh_CN.qm, compiled once from translations/zooscope_zh_CN.ts;
// returns dir. qFatal when lrelease fails.
inline QString chineseCatalogue(const QString& dir) {
    if (QFile::exists(dir + "/zooscope_zh_CN.qm")) return dir;
    QDir().mkpath(dir);
    QProcess lrelease;
    lrelease.start(QStringLiteral(ZS_LRELEASE),
                   {"-silent", qEnvironmentVariable("ZS_SOURCE_DIR") + "/translations/zooscope_zh_CN.ts", "-qm",
                    dir + "/zooscope_zh_CN.qm"});
    if (!lrelease.waitForFinished(60000) || lrelease.exitCode() != 0) qFatal("lrelease failed");
    return dir;
}

}  // namespace zooscope::testing
