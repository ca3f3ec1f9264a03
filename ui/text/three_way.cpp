#include "text/three_way.h"

#include <QHash>

#include <algorithm>
#include <vector>

namespace zooscope::ui {

namespace {

bool endsWithNewline(const QString& s) { return s.endsWith(QLatin1Char('\n')); }

bool sameRange(const QStringList& x, qsizetype xb, qsizetype xe, const QStringList& y, qsizetype yb,
               qsizetype ye) {
    if (xe - xb != ye - yb) return false;
    for (qsizetype k = 0; k < xe - xb; ++k)
        if (x[xb + k] != y[yb + k]) return false;
    return true;
}

// For every line of `base`, the line of `other` it is kept as, or -1.
QList<qsizetype> matchOf(const QStringList& base, const QStringList& other) {
    QList<qsizetype> match(base.size(), -1);
    for (const DiffOp& op : diffLines(base, other))
        if (op.kind == DiffOp::Kind::Equal) match[op.aIndex] = op.bIndex;
    return match;
}

}  // namespace

QStringList splitLines(const QString& text) {
    if (text.isEmpty()) return {};
    QStringList lines = text.split(QLatin1Char('\n'));
    if (endsWithNewline(text)) lines.removeLast();
    return lines;
}

QList<DiffOp> diffLines(const QStringList& a, const QStringList& b) {
    QList<DiffOp> ops;
    qsizetype prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
    qsizetype suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
           a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;
    for (qsizetype k = 0; k < prefix; ++k) ops.append({DiffOp::Kind::Equal, k, k});

    const qsizetype n = a.size() - prefix - suffix;
    const qsizetype m = b.size() - prefix - suffix;
    QList<DiffOp> middle;
    if (n > 0 && m > 0 && (n + 1) * (m + 1) <= kMaxDiffCells) {
        // Lines as small integers so the table compares ints, not strings.
        QHash<QString, int> ids;
        auto idOf = [&ids](const QString& line) {
            auto it = ids.constFind(line);
            if (it != ids.constEnd()) return it.value();
            const int id = int(ids.size());
            ids.insert(line, id);
            return id;
        };
        std::vector<int> x(n), y(m);
        for (qsizetype k = 0; k < n; ++k) x[k] = idOf(a[prefix + k]);
        for (qsizetype k = 0; k < m; ++k) y[k] = idOf(b[prefix + k]);
        // L[i][j]: LCS length of x[i..] and y[j..].
        const qsizetype w = m + 1;
        std::vector<uint32_t> L(static_cast<size_t>((n + 1) * w), 0);
        for (qsizetype i = n - 1; i >= 0; --i)
            for (qsizetype j = m - 1; j >= 0; --j)
                L[i * w + j] = x[i] == y[j] ? L[(i + 1) * w + j + 1] + 1
                                            : std::max(L[(i + 1) * w + j], L[i * w + j + 1]);
        qsizetype i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && x[i] == y[j]) {
                middle.append({DiffOp::Kind::Equal, prefix + i, prefix + j});
                ++i;
                ++j;
            } else if (j >= m || (i < n && L[(i + 1) * w + j] >= L[i * w + j + 1])) {
                middle.append({DiffOp::Kind::Delete, prefix + i, -1});
                ++i;
            } else {
                middle.append({DiffOp::Kind::Insert, -1, prefix + j});
                ++j;
            }
        }
    } else {
        for (qsizetype k = 0; k < n; ++k) middle.append({DiffOp::Kind::Delete, prefix + k, -1});
        for (qsizetype k = 0; k < m; ++k) middle.append({DiffOp::Kind::Insert, -1, prefix + k});
    }
    // Within each changed run, deletes first: the documented, stable shape.
    for (qsizetype s = 0; s < middle.size();) {
        if (middle[s].kind == DiffOp::Kind::Equal) {
            ++s;
            continue;
        }
        qsizetype e = s;
        while (e < middle.size() && middle[e].kind != DiffOp::Kind::Equal) ++e;
        std::stable_partition(middle.begin() + s, middle.begin() + e,
                              [](const DiffOp& op) { return op.kind == DiffOp::Kind::Delete; });
        s = e;
    }
    ops.append(middle);
    for (qsizetype k = 0; k < suffix; ++k)
        ops.append({DiffOp::Kind::Equal, a.size() - suffix + k, b.size() - suffix + k});
    return ops;
}

MergeResult merge3(const QString& baseText, const QString& theirsText, const QString& mineText) {
    const QStringList base = splitLines(baseText);
    const QStringList theirs = splitLines(theirsText);
    const QStringList mine = splitLines(mineText);
    const QList<qsizetype> toMine = matchOf(base, mine);
    const QList<qsizetype> toTheirs = matchOf(base, theirs);

    MergeResult r;
    r.baseMarks = QList<LineMark>(base.size(), LineMark::Same);
    r.mineMarks = QList<LineMark>(mine.size(), LineMark::Same);
    r.theirsMarks = QList<LineMark>(theirs.size(), LineMark::Same);
    QStringList out;

    auto mark = [](QList<LineMark>& marks, qsizetype b, qsizetype e, LineMark m) {
        for (qsizetype k = b; k < e; ++k) marks[k] = m;
    };

    qsizetype i = 0, m = 0, t = 0;
    const qsizetype nb = base.size(), nm = mine.size(), nt = theirs.size();
    while (true) {
        // Stable lines: kept by both sides at the current positions.
        while (i < nb && toMine[i] == m && toTheirs[i] == t) {
            out << base[i];
            ++i;
            ++m;
            ++t;
        }
        if (i >= nb && m >= nm && t >= nt) break;
        // The next base line both sides kept ends this unstable chunk.
        qsizetype j = i;
        while (j < nb && (toMine[j] < 0 || toTheirs[j] < 0)) ++j;
        const qsizetype mEnd = j < nb ? toMine[j] : nm;
        const qsizetype tEnd = j < nb ? toTheirs[j] : nt;

        const bool mineChanged = !sameRange(base, i, j, mine, m, mEnd);
        const bool theirsChanged = !sameRange(base, i, j, theirs, t, tEnd);
        if (!mineChanged && !theirsChanged) {
            for (qsizetype k = i; k < j; ++k) out << base[k];
        } else if (mineChanged && !theirsChanged) {
            for (qsizetype k = m; k < mEnd; ++k) out << mine[k];
            mark(r.mineMarks, m, mEnd, LineMark::Changed);
            mark(r.baseMarks, i, j, LineMark::Changed);
        } else if (!mineChanged && theirsChanged) {
            for (qsizetype k = t; k < tEnd; ++k) out << theirs[k];
            mark(r.theirsMarks, t, tEnd, LineMark::Changed);
            mark(r.baseMarks, i, j, LineMark::Changed);
        } else if (sameRange(mine, m, mEnd, theirs, t, tEnd)) {
            for (qsizetype k = m; k < mEnd; ++k) out << mine[k];
            mark(r.mineMarks, m, mEnd, LineMark::Changed);
            mark(r.theirsMarks, t, tEnd, LineMark::Changed);
            mark(r.baseMarks, i, j, LineMark::Changed);
        } else {
            ++r.conflicts;
            out << QStringLiteral("<<<<<<< mine");
            for (qsizetype k = m; k < mEnd; ++k) out << mine[k];
            out << QStringLiteral("||||||| loaded");
            for (qsizetype k = i; k < j; ++k) out << base[k];
            out << QStringLiteral("=======");
            for (qsizetype k = t; k < tEnd; ++k) out << theirs[k];
            out << QStringLiteral(">>>>>>> server");
            mark(r.mineMarks, m, mEnd, LineMark::Conflict);
            mark(r.theirsMarks, t, tEnd, LineMark::Conflict);
            mark(r.baseMarks, i, j, LineMark::Conflict);
        }
        i = j;
        m = mEnd;
        t = tEnd;
    }

    // The final newline is one more "line end" to merge: a side that changed
    // it from base wins; both changing it can only agree (it is a boolean).
    const bool baseNl = endsWithNewline(baseText);
    const bool mineNl = endsWithNewline(mineText);
    const bool theirsNl = endsWithNewline(theirsText);
    const bool nl = mineNl != baseNl ? mineNl : theirsNl;
    r.text = out.join(QLatin1Char('\n'));
    if (nl && !out.isEmpty()) r.text += QLatin1Char('\n');
    return r;
}

bool hasConflictMarkers(const QString& text) {
    for (const QString& line : splitLines(text))
        if (line == QLatin1String("<<<<<<< mine") || line == QLatin1String(">>>>>>> server")) return true;
    return false;
}

}  // namespace zooscope::ui
