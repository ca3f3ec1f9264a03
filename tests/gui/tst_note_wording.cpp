// The UI's wordings of core's data-only texts (issue 16): the monitor's
// SampleNotes (why a card lacks a figure), a demo node's ProcessExit and a
// demo worker's end (describeWorkerEnd).
// Every kind goes through tr(), keeps the names, numbers and the server's
// own words it carries, and is translated in the zh_CN catalogue.
#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtTest>

#include <csignal>
#include <vector>

#include "marking_translator.h"
#include "text/process_exit.h"
#include "text/sample_notes.h"
#include "zooscope/server_sample.h"

using namespace zooscope;
using namespace zooscope::ui;
using monitor::NoteKind;
using monitor::SampleNote;

namespace {

// Each kind once with every slot filled and once with no detail (the
// wordings differ when the server said nothing).
std::vector<SampleNote> everyNote() {
    std::vector<SampleNote> out;
    for (int k = 0; k <= int(monitor::kLastNoteKind); ++k) {
        const auto kind = NoteKind(k);
        out.push_back(SampleNote{kind, "mntr", "127.0.0.1:2181", "'Bad Gateway'", 1999});
        out.push_back(SampleNote{kind, "mntr", "127.0.0.1:2181", {}, 1999});
    }
    return out;
}

std::vector<ProcessExit> everyExit() {
    return {{ProcessExit::Kind::Exited, 3}, {ProcessExit::Kind::Killed, SIGKILL}, {ProcessExit::Kind::Killed, 0},
            {ProcessExit::Kind::Lost, ECHILD}};
}

// The zh_CN catalogue compiled the way the app embeds it.
bool compileCatalogue(const QString& qm) {
    QProcess p;
    p.start(QStringLiteral(ZS_LRELEASE),
            {"-silent", qEnvironmentVariable("ZS_SOURCE_DIR") + "/translations/zooscope_zh_CN.ts", "-qm", qm});
    return p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

}  // namespace

class TstNoteWording : public QObject {
    Q_OBJECT

private slots:
    // English: a sentence per kind that carries what the note carries.
    void notesKeepTheirData() {
        for (const SampleNote& n : everyNote()) {
            const QString text = describeSampleNote(n);
            const QByteArray english = QByteArray::fromStdString(monitor::noteText(n));
            QVERIFY2(!text.isEmpty(), english.constData());
            // What the English names, the UI names too.
            for (const auto& [slot, value] : {std::pair{"subject", n.subject}, std::pair{"server", n.server}}) {
                if (monitor::noteText(n).find(value) != std::string::npos)
                    QVERIFY2(text.contains(QString::fromStdString(value)), qPrintable(slot + (": " + text)));
            }
            // The server's words, where the English shows them. A refusal's and
            // "not serving"'s detail is ZooKeeper's English for
            // the kind itself: the UI's sentence says it.
            const bool restates = n.kind == NoteKind::Refused || n.kind == NoteKind::NotServing;
            if (!n.detail.empty() && !restates && monitor::noteText(n).find(n.detail) != std::string::npos)
                QVERIFY2(text.contains(QString::fromStdString(n.detail)), qPrintable(text));
            if (n.kind == NoteKind::NoAnswer || n.kind == NoteKind::AdminLate)
                QVERIFY2(text.contains("1999"), qPrintable(text));
        }
    }

    // Every kind is worded through tr() in the one context lupdate files
    // them under (a marking translator wraps what it translates).
    void everyKindGoesThroughTr() {
        testing::MarkingTranslator marking("zooscope::ui");
        QVERIFY(QCoreApplication::installTranslator(&marking));
        for (const SampleNote& n : everyNote()) {
            const QString text = describeSampleNote(n);
            QVERIFY2(text.startsWith(QChar(0xab)), qPrintable(text));
        }
        for (const ProcessExit& e : everyExit()) {
            const QString text = describeProcessExit(e);
            QVERIFY2(text.startsWith(QChar(0xab)), qPrintable(text));
            const QString worker = describeWorkerEnd("worker-2", e);
            QVERIFY2(worker.startsWith(QChar(0xab)), qPrintable(worker));
        }
        QCoreApplication::removeTranslator(&marking);
    }

    // Under the zh_CN catalogue no kind stays English; the data stays as it is.
    void zhCatalogueTranslatesEveryKind() {
        QTemporaryDir dir;
        const QString qm = dir.filePath("zooscope_zh_CN.qm");
        QVERIFY(compileCatalogue(qm));
        QTranslator zh;
        QVERIFY(zh.load(qm));
        std::vector<QString> english;
        for (const SampleNote& n : everyNote()) english.push_back(describeSampleNote(n));
        for (const ProcessExit& e : everyExit()) english.push_back(describeProcessExit(e));
        for (const ProcessExit& e : everyExit()) english.push_back(describeWorkerEnd("worker-2", e));
        QVERIFY(QCoreApplication::installTranslator(&zh));
        size_t i = 0;
        for (const SampleNote& n : everyNote()) {
            const QString text = describeSampleNote(n);
            QVERIFY2(text != english[i++], qPrintable(text));
            if (n.kind == NoteKind::AdminUnreachable && !n.detail.empty()) QVERIFY2(text.contains("'Bad Gateway'"), qPrintable(text));
        }
        for (const ProcessExit& e : everyExit()) {
            const QString text = describeProcessExit(e);
            QVERIFY2(text != english[i++], qPrintable(text));
            if (e.kind == ProcessExit::Kind::Killed && e.number == SIGKILL) QVERIFY2(text.contains("SIGKILL"), qPrintable(text));
        }
        for (const ProcessExit& e : everyExit()) {
            const QString text = describeWorkerEnd("worker-2", e);
            QVERIFY2(text != english[i++], qPrintable(text));
            QVERIFY2(text.contains("worker-2"), qPrintable(text));
            if (e.kind == ProcessExit::Kind::Killed && e.number == SIGKILL) QVERIFY2(text.contains("SIGKILL"), qPrintable(text));
            if (e.kind == ProcessExit::Kind::Exited) QVERIFY2(text.contains('3'), qPrintable(text));
        }
        QCoreApplication::removeTranslator(&zh);
    }

    // The English sentences carry the worker's id and the exit's numbers.
    void workerEndsKeepTheirData() {
        QCOMPARE(describeWorkerEnd("worker-2", {ProcessExit::Kind::Exited, 3}), QString("Worker worker-2 exited with status 3."));
        QCOMPARE(describeWorkerEnd("worker-2", {ProcessExit::Kind::Killed, SIGKILL}),
                 QString("Worker worker-2 was killed by signal 9 (SIGKILL)."));
        QCOMPARE(describeWorkerEnd("w", {ProcessExit::Kind::Killed, 0}), QString("Worker w was killed by signal 0."));
        QVERIFY(describeWorkerEnd("w", {ProcessExit::Kind::Lost, ECHILD}).startsWith("Worker w could not be waited for ("));
    }

    // The English of the exits, for logs and errors.
    void exitTexts() {
        QCOMPARE(exitText({ProcessExit::Kind::Exited, 3}), std::string("exited with status 3"));
        QCOMPARE(exitText({ProcessExit::Kind::Killed, SIGKILL}), std::string("killed by signal 9 (SIGKILL)"));
        QCOMPARE(exitText({ProcessExit::Kind::Killed, 0}), std::string("killed by signal 0"));  // not a signal: no name
        QVERIFY(exitText({ProcessExit::Kind::Lost, ECHILD}).starts_with("lost ("));
    }
};

QTEST_GUILESS_MAIN(TstNoteWording)
#include "tst_note_wording.moc"
