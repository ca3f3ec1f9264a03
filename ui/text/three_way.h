// Line diff and three-way merge for the edit-conflict view: base (what the
// user loaded), theirs (what the server has now) and mine (the user's edit).
//
// Contracts:
// - Pure functions, reentrant, no Qt event loop needed.
// - Lines are split on '\n' and compared exactly (no whitespace folding). A
//   final newline is a line terminator, so "a\n" is the single line "a" and
//   merge() keeps it when every side has it.
// - diffLines() is a longest-common-subsequence diff after trimming the common
//   prefix and suffix. When the differing middles are larger than
//   kMaxDiffCells (rows x columns), the whole middle is reported as one
//   replacement instead: correct, just coarser, and bounded in memory.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace zooscope::ui {

inline constexpr qsizetype kMaxDiffCells = 4'000'000;

struct DiffOp {
    enum class Kind { Equal, Delete, Insert };
    Kind kind = Kind::Equal;
    qsizetype aIndex = -1;  // line in a (Equal, Delete)
    qsizetype bIndex = -1;  // line in b (Equal, Insert)
    friend bool operator==(const DiffOp&, const DiffOp&) = default;
};

// Edit script turning `a` into `b`: Deletes of a lines come before Inserts of
// b lines within one changed run.
QList<DiffOp> diffLines(const QStringList& a, const QStringList& b);

QStringList splitLines(const QString& text);

// Per-line status of one side against base, for highlighting.
enum class LineMark { Same, Changed, Conflict };

struct MergeResult {
    QString text;            // the merged text; conflicts hold markers (below)
    int conflicts = 0;       // number of conflicting regions
    QList<LineMark> theirsMarks;  // one per line of theirs
    QList<LineMark> mineMarks;    // one per line of mine
    QList<LineMark> baseMarks;    // one per line of base
    bool clean() const { return conflicts == 0; }
};

// Three-way merge. A region changed on one side only takes that side; the
// same change on both sides is taken once; different changes to the same base
// region (or insertions at the same place) are a conflict, written as
//   <<<<<<< mine
//   ...mine's lines...
//   ||||||| loaded
//   ...base's lines...
//   =======
//   ...theirs' lines...
//   >>>>>>> server
MergeResult merge3(const QString& base, const QString& theirs, const QString& mine);

// True when `text` still holds a conflict marker line written by merge3.
bool hasConflictMarkers(const QString& text);

}  // namespace zooscope::ui
