// LogModel and LogLevelFilter (the log panel's "Show:" filter) under
// QAbstractItemModelTester, headless and without a server: appending, the
// capacity dropping the oldest rows, clearing, lines from other threads, and
// the filter following every change.
#include <QAbstractItemModelTester>
#include <QtTest>

#include <spdlog/common.h>

#include <thread>
#include <vector>

#include "models/log_level_filter.h"
#include "models/log_model.h"

using namespace zooscope::ui;

namespace {

LogEntry entry(int level, const QString& message) {
    return LogEntry{QDateTime::currentDateTime(), level, message};
}

QStringList messages(const QAbstractItemModel& m) {
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r) out << m.index(r, LogModel::MessageColumn).data().toString();
    return out;
}

}  // namespace

class TstLogModel : public QObject {
    Q_OBJECT
private slots:
    void appendsAndDropsTheOldest();
    void clears();
    void linesFromOtherThreads();
    void appenderOfADestroyedModelDoesNothing();
    void levelFilter_data();
    void levelFilter();
    void levelFilterFollowsTheModel();
};

void TstLogModel::appendsAndDropsTheOldest() {
    LogModel model(3);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.columnCount(), int(LogModel::ColumnCount));
    for (int i = 1; i <= 5; ++i) model.append(entry(spdlog::level::info, QString("line %1").arg(i)));
    QCOMPARE(messages(model), (QStringList{"line 3", "line 4", "line 5"}));
    QCOMPARE(model.index(0, LogModel::LevelColumn).data().toString(), LogModel::levelName(spdlog::level::info));
    QCOMPARE(model.index(0, LogModel::MessageColumn).data(Qt::ToolTipRole).toString(), QString("line 3"));
    QVERIFY(model.toText().endsWith(" info line 5\n"));
    QCOMPARE(model.toText().count('\n'), 3);
    // No children anywhere: a table.
    QCOMPARE(model.rowCount(model.index(0, 0)), 0);
    QVERIFY(!model.index(5, 0).isValid());
}

void TstLogModel::clears() {
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(entry(spdlog::level::warn, "a"));
    model.append(entry(spdlog::level::err, "b"));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.clear();
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.toText().isEmpty());
    model.append(entry(spdlog::level::info, "c"));
    QCOMPARE(messages(model), QStringList{"c"});
}

// The sink's way in: lines from any thread arrive on the model's thread, in
// each thread's order.
void TstLogModel::linesFromOtherThreads() {
    LogModel model(100000);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const LogModel::Appender append = model.threadSafeAppender();
    constexpr int kThreads = 4, kLines = 250;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&append, t] {
            for (int i = 0; i < kLines; ++i) append(entry(spdlog::level::info, QString("%1:%2").arg(t).arg(i)));
        });
    for (auto& t : threads) t.join();
    QCOMPARE(model.rowCount(), 0);  // queued, not appended on the callers' threads
    QTRY_COMPARE(model.rowCount(), kThreads * kLines);
    std::vector<int> next(kThreads, 0);
    for (const QString& m : messages(model)) {
        const int t = m.section(':', 0, 0).toInt();
        QCOMPARE(m.section(':', 1).toInt(), next[size_t(t)]++);
    }
}

void TstLogModel::appenderOfADestroyedModelDoesNothing() {
    auto model = std::make_unique<LogModel>();
    const LogModel::Appender append = model->threadSafeAppender();
    append(entry(spdlog::level::info, "queued before"));
    model.reset();
    std::thread([&append] { append(entry(spdlog::level::info, "after")); }).join();
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
}

void TstLogModel::levelFilter_data() {
    QTest::addColumn<int>("minimum");
    QTest::addColumn<QStringList>("shown");
    QTest::newRow("all") << int(spdlog::level::trace) << QStringList{"t", "d", "i", "w", "e", "c"};
    QTest::newRow("info and above") << int(spdlog::level::info) << QStringList{"i", "w", "e", "c"};
    QTest::newRow("warnings and errors") << int(spdlog::level::warn) << QStringList{"w", "e", "c"};
    QTest::newRow("errors") << int(spdlog::level::err) << QStringList{"e", "c"};
}

void TstLogModel::levelFilter() {
    QFETCH(int, minimum);
    QFETCH(QStringList, shown);
    LogModel model;
    LogLevelFilter filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<QPair<int, QString>> lines = {{spdlog::level::trace, "t"}, {spdlog::level::debug, "d"},
                                              {spdlog::level::info, "i"},  {spdlog::level::warn, "w"},
                                              {spdlog::level::err, "e"},   {spdlog::level::critical, "c"}};
    for (const auto& [level, text] : lines) model.append(entry(level, text));
    filter.setMinimum(minimum);
    QCOMPARE(filter.minimum(), minimum);
    QCOMPARE(messages(filter), shown);
}

// Rows dropped at capacity, new lines and a clear all reach the filter.
void TstLogModel::levelFilterFollowsTheModel() {
    LogModel model(4);
    LogLevelFilter filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.setMinimum(spdlog::level::warn);
    model.append(entry(spdlog::level::warn, "w1"));
    model.append(entry(spdlog::level::info, "i1"));
    model.append(entry(spdlog::level::err, "e1"));
    QCOMPARE(messages(filter), (QStringList{"w1", "e1"}));
    model.append(entry(spdlog::level::info, "i2"));
    model.append(entry(spdlog::level::warn, "w2"));  // capacity: w1 goes
    QCOMPARE(messages(filter), (QStringList{"e1", "w2"}));
    filter.setMinimum(spdlog::level::info);
    QCOMPARE(messages(filter), (QStringList{"i1", "e1", "i2", "w2"}));
    model.clear();
    QCOMPARE(filter.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TstLogModel)
#include "tst_log_model.moc"
