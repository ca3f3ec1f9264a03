#include "widgets/partition_ring.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>
#include <QVariantAnimation>

#include <cmath>
#include <map>
#include <numbers>
#include <set>

namespace zooscope::ui {

namespace readers = zooscope::readers;

namespace {

// Twelve colours told apart at a glance (Tableau 10 and two more); workers
// past twelve get golden-ratio hues.
constexpr QRgb kPalette[] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b,
                             0xe377c2, 0x17becf, 0xbcbd22, 0xe6ab02, 0x393b79, 0xad494a};
constexpr int kPaletteSize = int(std::size(kPalette));

double angleOf(uint64_t position) {
    return double(position) / 18446744073709551616.0 * 360.0;  // 2^64
}

QPointF onCircle(QPointF centre, double radius, double degrees) {
    const double rad = degrees * std::numbers::pi / 180.0;
    return centre + QPointF(radius * std::sin(rad), -radius * std::cos(rad));
}

QColor blend(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t), float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

}  // namespace

PartitionRing::PartitionRing(QWidget* parent) : QWidget(parent), move_(new QVariantAnimation(this)) {
    setObjectName("partitionRing");
    move_->setStartValue(0.0);
    move_->setEndValue(1.0);
    move_->setDuration(kMoveMs);
    move_->setEasingCurve(QEasingCurve::InOutCubic);
    connect(move_, &QVariantAnimation::valueChanged, this, [this](const QVariant& v) {
        progress_ = v.toDouble();
        update();
    });
    connect(move_, &QVariantAnimation::finished, this, [this] {
        progress_ = 1;
        update();
    });
}

void PartitionRing::clear() {
    move_->stop();
    item_ = {};
    layout_ = {};
    now_ = before_ = {};
    moved_.clear();
    progress_ = 1;
    generation_ = -1;
    update();
}

void PartitionRing::setItem(const readers::PartitionItem& item) {
    if (item.recipe != readers::PartitionRecipe::StreamJob || item.partitions < 1 || item.vnodes < 1) {
        clear();
        return;
    }
    const bool sameJob = item_.path == item.path && item_.partitions == item.partitions;
    item_ = item;
    generation_ = item.generation.value_or(-1);
    layout_ = stream::ringLayout(item.members, item.partitions, item.vnodes);
    Shown next;
    next.points = layout_.points;
    next.owners.resize(size_t(item.partitions));
    for (int p = 0; p < item.partitions; ++p) {
        const auto it = item.assignments.find(std::to_string(p));
        if (it != item.assignments.end() && it->second) next.owners[size_t(p)] = *it->second;
    }
    for (const auto& point : next.points) colourFor(point.second);
    for (const std::string& owner : next.owners)
        if (!owner.empty()) colourFor(owner);

    const bool changed = next.owners != now_.owners || next.points != now_.points;
    if (sameJob && changed) {
        // A move in flight ends where it was going; the new one starts from there.
        before_ = std::move(now_);
        moved_.assign(size_t(item.partitions), false);
        for (size_t p = 0; p < moved_.size(); ++p) moved_[p] = before_.owners[p] != next.owners[p];
        now_ = std::move(next);
        move_->stop();
        progress_ = 0;
        move_->start();
    } else if (!sameJob) {
        move_->stop();
        progress_ = 1;
        now_ = std::move(next);
        before_ = now_;
        moved_.assign(size_t(item.partitions), false);
    }
    update();
}

std::optional<PartitionRing::Placement> PartitionRing::placement(int partition) const {
    if (partition < 0 || partition >= partitions()) return std::nullopt;
    return Placement{angleOf(layout_.partitionAt[size_t(partition)]),
                     QString::fromStdString(now_.owners[size_t(partition)])};
}

QString PartitionRing::ringOwner(int partition) const {
    if (partition < 0 || partition >= partitions()) return {};
    return QString::fromStdString(layout_.owners[size_t(partition)]);
}

bool PartitionRing::animating() const { return move_->state() == QAbstractAnimation::Running; }

QColor PartitionRing::colourOf(const QString& worker) const {
    const auto it = slots_.constFind(worker);
    if (it == slots_.cend()) return QColor(Qt::lightGray);
    if (*it < kPaletteSize) return QColor(kPalette[*it]);
    return QColor::fromHsvF(float(std::fmod(*it * 0.618033988749895, 1.0)), 0.65f, 0.8f);
}

QColor PartitionRing::colourFor(const std::string& worker) {
    const QString id = QString::fromStdString(worker);
    if (!slots_.contains(id)) {
        QList<int> taken = slots_.values();
        int slot = int(stream::ringHash(worker) % kPaletteSize);
        for (int tries = 0; taken.contains(slot) && tries < kPaletteSize; ++tries) slot = (slot + 1) % kPaletteSize;
        if (taken.contains(slot)) slot = kPaletteSize + int(slots_.size());
        slots_.insert(id, slot);
    }
    return colourOf(id);
}

void PartitionRing::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    const QColor text = palette().color(QPalette::Text);
    if (now_.owners.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("Select a stream job to see its ring."));
        paintedGeneration_ = -1;
        emit painted(paintedGeneration_);
        return;
    }

    // The legend on the right: one line per worker, with the partitions it owns.
    std::map<std::string, int> owned;
    for (const auto& point : now_.points) owned.emplace(point.second, 0);
    int unowned = 0;
    for (const std::string& o : now_.owners) {
        if (o.empty()) ++unowned;
        else ++owned[o];
    }
    const QFontMetrics fm(font());
    int legendWidth = 0;
    for (const auto& [w, n] : owned)
        legendWidth = std::max(legendWidth, fm.horizontalAdvance(tr("%1: %n partitions", nullptr, n).arg(QString::fromStdString(w))));
    legendWidth += fm.height() + 16;
    const QRectF area = QRectF(rect()).adjusted(8, 8, -8 - legendWidth, -8);
    const double radius = std::max(40.0, std::min(area.width(), area.height()) / 2 - 14);
    const QPointF centre = area.center();

    p.setPen(QPen(palette().color(QPalette::Mid), 2));
    p.setBrush(Qt::NoBrush);
    p.drawEllipse(centre, radius, radius);

    // The workers' vnode points; leaving workers' fade out, joining ones' fade in.
    auto workers = [](const Shown& shown) {
        std::set<std::string> out;
        for (const auto& point : shown.points) out.insert(point.second);
        return out;
    };
    auto ticks = [&](const Shown& shown, const Shown& other, bool fadingIn) {
        const std::set<std::string> others = workers(other);
        for (const auto& [at, worker] : shown.points) {
            const bool common = others.contains(worker);
            double alpha = 1;
            if (!common) alpha = fadingIn ? progress_ : 1 - progress_;
            if (alpha <= 0.01 || (common && !fadingIn)) continue;
            QColor c = colourOf(QString::fromStdString(worker));
            c.setAlphaF(float(alpha));
            p.setPen(QPen(c, 2));
            const double a = angleOf(at);
            p.drawLine(onCircle(centre, radius - 5, a), onCircle(centre, radius + 7, a));
        }
    };
    ticks(now_, before_, true);
    if (progress_ < 1) ticks(before_, now_, false);

    // The partitions: a dot each at its hash position; moved ones lift off the
    // ring and change colour through the move.
    const int n = int(now_.owners.size());
    const double dot = n > 256 ? 2.5 : n > 64 ? 3.5 : 5;
    const bool labels = n <= 64 && radius > 120;
    QFont small = font();
    small.setPointSizeF(std::max(6.0, font().pointSizeF() * 0.75));
    for (int i = 0; i < n; ++i) {
        const double a = angleOf(layout_.partitionAt[size_t(i)]);
        const bool moving = progress_ < 1 && moved_[size_t(i)];
        const double lift = moving ? std::sin(progress_ * std::numbers::pi) * 22 : 0;
        const QPointF at = onCircle(centre, radius - 16 - lift, a);
        const std::string& owner = now_.owners[size_t(i)];
        QColor c = owner.empty() ? QColor(Qt::white) : colourOf(QString::fromStdString(owner));
        if (moving) {
            const std::string& was = before_.owners[size_t(i)];
            c = blend(was.empty() ? QColor(Qt::white) : colourOf(QString::fromStdString(was)), c, progress_);
        }
        p.setPen(QPen(owner.empty() ? QColor(Qt::red) : c.darker(140), moving ? 2 : 1));
        p.setBrush(c);
        p.drawEllipse(at, dot + (moving ? 2 : 0), dot + (moving ? 2 : 0));
        if (labels) {
            p.setFont(small);
            p.setPen(text);
            const QPointF l = onCircle(centre, radius - 34 - lift, a);
            p.drawText(QRectF(l.x() - 12, l.y() - 8, 24, 16), Qt::AlignCenter, QString::number(i));
        }
    }

    // The centre: what is shown.
    p.setFont(font());
    p.setPen(text);
    QStringList lines{QString::fromStdString(item_.path),
                      tr("generation %1").arg(generation_),
                      tr("%n workers", nullptr, int(owned.size())),
                      tr("%n partitions", nullptr, n)};
    if (unowned > 0) lines << tr("%n without an owner", nullptr, unowned);
    if (progress_ < 1)
        lines << tr("moving %n partitions", nullptr, int(std::count(moved_.begin(), moved_.end(), true)));
    const double inner = std::max(30.0, radius - 46);
    p.drawText(QRectF(centre.x() - inner * 0.75, centre.y() - inner * 0.75, inner * 1.5, inner * 1.5),
               Qt::AlignCenter | Qt::TextWordWrap, lines.join('\n'));

    // The legend.
    double y = 12;
    const double x = rect().width() - legendWidth;
    for (const auto& [worker, count] : owned) {
        p.setPen(Qt::NoPen);
        p.setBrush(colourOf(QString::fromStdString(worker)));
        p.drawRect(QRectF(x, y + 2, fm.height() - 4, fm.height() - 4));
        p.setPen(text);
        p.drawText(QPointF(x + fm.height() + 2, y + fm.ascent()),
                   tr("%1: %n partitions", nullptr, count).arg(QString::fromStdString(worker)));
        y += fm.height() + 4;
    }
    paintedGeneration_ = generation_;
    emit painted(paintedGeneration_);
}

}  // namespace zooscope::ui
