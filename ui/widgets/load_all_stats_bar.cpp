#include "widgets/load_all_stats_bar.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

#include "models/znode_tree_model.h"

namespace zooscope::ui {

LoadAllStatsBar::LoadAllStatsBar(ZnodeTreeModel* model, QWidget* parent)
    : QFrame(parent), model_(model), label_(new QLabel), button_(new QPushButton), progress_(new QProgressBar) {
    setObjectName("loadAllBar");
    setStyleSheet(QStringLiteral("QFrame#loadAllBar { background: palette(alternate-base); border: 1px solid "
                                 "palette(mid); border-radius: 4px; }"));
    label_->setWordWrap(true);
    button_->setObjectName("loadAllButton");
    progress_->setObjectName("loadAllProgress");
    progress_->setMaximumWidth(200);
    progress_->hide();
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(8, 4, 8, 4);
    row->addWidget(label_, 1);
    row->addWidget(progress_);
    row->addWidget(button_);
    hide();
    connect(button_, &QPushButton::clicked, this, [this] {
        const QModelIndex parent = model_->indexOf(path_);
        if (!parent.isValid()) return;
        if (loading()) {
            model_->cancelLoadAllStats(parent);
            progress_->hide();
        } else {
            progress_->setRange(0, 0);
            progress_->show();
            model_->loadAllStats(parent);
        }
        showTexts();
    });
    connect(model_, &ZnodeTreeModel::statsProgress, this, [this](const QString& path, int done, int total) {
        if (path != path_) return;
        progress_->setRange(0, total);
        progress_->setValue(done);
    });
    connect(model_, &ZnodeTreeModel::levelStatsComplete, this, [this](const QString& path) {
        if (path != path_) return;
        hide();
        progress_->hide();
        showTexts();
    });
    showTexts();
}

bool LoadAllStatsBar::loading() const { return !progress_->isHidden(); }

QString LoadAllStatsBar::level() const { return isHidden() ? QString() : path_; }

void LoadAllStatsBar::offerFor(const QModelIndex& level) {
    const QString path = model_->pathOf(level);
    // A bulk load of the offered level is running: keep its progress on screen.
    if (!isHidden() && loading() && path == path_) return;
    if (!level.isValid() || model_->rowCount(level) <= ZnodeTreeModel::kAutoStatsLimit ||
        model_->levelStatsLoaded(level)) {
        hide();
        return;
    }
    path_ = path;
    children_ = model_->rowCount(level);
    progress_->hide();
    showTexts();
    show();
}

void LoadAllStatsBar::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) showTexts();
    QFrame::changeEvent(event);
}

void LoadAllStatsBar::showTexts() {
    label_->setText(tr("%1 has %n child(ren) without stats; it stays sorted by name until every stat is loaded.",
                       nullptr, children_)
                        .arg(path_));
    button_->setText(loading() ? tr("Cancel") : tr("Load all stats"));
}

}  // namespace zooscope::ui
