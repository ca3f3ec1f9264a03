#include "text/sample_notes.h"

#include <QCoreApplication>

namespace zooscope::ui {

using monitor::NoteKind;

namespace {

// lupdate files the tr() calls of free functions under the enclosing
// namespace, so that is the context they are looked up in.
QString tr(const char* text) { return QCoreApplication::translate("zooscope::ui", text); }

}  // namespace

QString describeSampleNote(const monitor::SampleNote& note) {
    const QString what = QString::fromStdString(note.subject);
    const QString server = QString::fromStdString(note.server);
    const QString detail = QString::fromStdString(note.detail);
    const QString ms = note.ms ? QString::number(*note.ms) : QStringLiteral("?");
    switch (note.kind) {
    // A refusal's detail, like "not serving"'s, is ZooKeeper's English
    // for what the sentence says.
    case NoteKind::Refused:
        return tr("%1: not in the server's 4lw.commands.whitelist.").arg(what);
    case NoteKind::NotServing:
        // Its detail is ZooKeeper's English for the same thing.
        return tr("%1: the server is not serving requests.").arg(what);
    case NoteKind::Error:
        return detail.isEmpty() ? tr("%1: the server answered with an error.").arg(what)
                              : tr("%1: the server answered with an error: %2").arg(what, detail);
    case NoteKind::Truncated:
        return detail.isEmpty() ? tr("%1: the answer was cut short.").arg(what)
                              : tr("%1: the answer was cut short: %2").arg(what, detail);
    case NoteKind::Malformed:
        return detail.isEmpty() ? tr("%1: the answer is not in its format.").arg(what)
                              : tr("%1: the answer is not in its format: %2").arg(what, detail);
    case NoteKind::Empty: return tr("%1: the server sent nothing.").arg(what);
    case NoteKind::NoAnswer: return tr("No answer to %1 from %2 within %3 ms.").arg(what, server, ms);
    case NoteKind::OutOfTime: return tr("%1: not asked, the poll ran out of time.").arg(what);
    case NoteKind::AdminUnreachable:
        return tr("The AdminServer at %1 could not be reached (%2).").arg(server, detail);
    case NoteKind::AdminLate: return tr("The AdminServer at %1 did not answer %2 within %3 ms.").arg(server, what, ms);
    case NoteKind::AdminTooBig: return tr("The AdminServer at %1 sent more than 16 MiB for %2.").arg(server, what);
    case NoteKind::AdminFailed:
        return detail.isEmpty() ? tr("The AdminServer at %1 did not answer %2.").arg(server, what)
                                : tr("The AdminServer at %1 did not answer %2 (%3).").arg(server, what, detail);
    case NoteKind::NoAdminAddress:
        return tr("No AdminServer address is set for %1: only the four-letter words are asked.").arg(server);
    case NoteKind::NoClientAddress:
        return tr("%1 has no client address in /zookeeper/config: it cannot be asked from here.").arg(what);
    }
    return QString::fromStdString(monitor::noteText(note));
}

}  // namespace zooscope::ui
