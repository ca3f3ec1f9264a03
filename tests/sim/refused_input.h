// For the codec tests' damaged-input rows: `decode(bytes, &error)` must
// refuse `bytes`, and its error must say `reason`.
#pragma once

#include <QtTest>

#include <string>
#include <string_view>

template <class Decode>
void verifyRefused(Decode decode, const QByteArray& bytes, const QString& reason) {
    std::string err;
    QVERIFY(!decode(std::string_view(bytes.constData(), size_t(bytes.size())), &err));
    QVERIFY2(QString::fromStdString(err).contains(reason), err.c_str());
}
