#include "widgets/admin_dialogs.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include "models/admin_result_model.h"

namespace zooscope::ui {

namespace {

QTableView* resultTable(AdminResultModel* model) {
    auto* t = new QTableView;
    t->setModel(model);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setAlternatingRowColors(true);
    t->setWordWrap(false);
    t->verticalHeader()->hide();
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 8);
    t->horizontalHeader()->setStretchLastSection(true);
    t->horizontalHeader()->setHighlightSections(false);
    return t;
}

// Path column wide enough for typical paths, "what" for its longest word;
// both capped so the detail keeps room (no row measuring: tables can be long).
void fitResultColumns(QTableView* t) {
    const QFontMetrics fm = t->fontMetrics();
    auto* m = t->model();
    int pathWidth = fm.horizontalAdvance(QStringLiteral("/brokers/topics/orders")) + 24;
    int whatWidth = fm.horizontalAdvance(m->headerData(AdminResultModel::WhatColumn, Qt::Horizontal).toString()) + 24;
    const int rows = std::min(m->rowCount(), 200);
    for (int r = 0; r < rows; ++r) {
        pathWidth = std::max(pathWidth, fm.horizontalAdvance(m->index(r, 0).data().toString()) + 24);
        whatWidth = std::max(whatWidth, fm.horizontalAdvance(m->index(r, 1).data().toString()) + 24);
    }
    t->horizontalHeader()->resizeSection(AdminResultModel::PathColumn, std::min(pathWidth, 420));
    t->horizontalHeader()->resizeSection(AdminResultModel::WhatColumn, std::min(whatWidth, 200));
}

// Colours the action column of an import preview by what will happen.
class ActionDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.column() != AdminResultModel::WhatColumn) return;
        QColor colour;
        switch (admin::ImportAction(index.data(AdminResultModel::CodeRole).toInt())) {
            case admin::ImportAction::Create: colour = QColor(0x2e, 0x7d, 0x32); break;
            case admin::ImportAction::Update: colour = QColor(0xb2, 0x6a, 0x00); break;
            case admin::ImportAction::Conflict: colour = QColor(0xc6, 0x28, 0x28); break;
            default: return;  // unchanged / skipped: the normal text colour
        }
        option->palette.setColor(QPalette::Text, colour);
        option->font.setBold(true);
    }
};

}  // namespace

// ---------------------------------------------------------------- ImportPreviewDialog

ImportPreviewDialog::ImportPreviewDialog(std::shared_ptr<const admin::ImportPreview> preview, const QString& source,
                                         QWidget* parent)
    : QDialog(parent),
      preview_(std::move(preview)),
      source_(source),
      model_(new AdminResultModel(this)),
      summary_(new QLabel),
      overwrite_(new QCheckBox),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Cancel)) {
    setObjectName("importPreviewDialog");
    model_->showPreview(*preview_);
    table_ = resultTable(model_);
    table_->setObjectName("importPreviewTable");
    table_->setItemDelegate(new ActionDelegate(table_));
    summary_->setWordWrap(true);
    summary_->setTextFormat(Qt::PlainText);
    summary_->setObjectName("importSummary");
    overwrite_->setObjectName("importOverwrite");
    overwrite_->setEnabled(preview_->count(admin::ImportAction::Update) > 0);
    apply_ = buttons_->addButton(QString(), QDialogButtonBox::AcceptRole);
    apply_->setObjectName("importApply");
    apply_->setDefault(true);
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(overwrite_, &QCheckBox::toggled, this, &ImportPreviewDialog::updateApply);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary_);
    layout->addWidget(table_, 1);
    layout->addWidget(overwrite_);
    layout->addWidget(buttons_);
    resize(820, 480);
    retranslateUi();
    fitResultColumns(table_);
}

admin::ImportOptions ImportPreviewDialog::options() const {
    admin::ImportOptions o;
    o.overwrite = overwrite_->isChecked() ? admin::Overwrite::Always : admin::Overwrite::Never;
    return o;
}

void ImportPreviewDialog::setOverwrite(bool overwrite) { overwrite_->setChecked(overwrite); }

QString ImportPreviewDialog::summaryText() const { return summary_->text(); }

bool ImportPreviewDialog::nothingToDo() const {
    const auto& p = *preview_;
    return p.parentsToCreate.empty() && p.count(admin::ImportAction::Create) == 0 &&
           (p.count(admin::ImportAction::Update) == 0 || !overwrite_->isChecked());
}

void ImportPreviewDialog::updateApply() {
    apply_->setEnabled(!nothingToDo());
}

void ImportPreviewDialog::retranslateUi() {
    const auto& p = *preview_;
    setWindowTitle(tr("Import preview"));
    const int creates = int(p.count(admin::ImportAction::Create) + p.parentsToCreate.size());
    const int updates = int(p.count(admin::ImportAction::Update));
    QString text = tr("Dry run of importing %1 (exported from %2) into %3. Nothing has been written yet.")
                       .arg(source_, QString::fromStdString(p.sourceRoot), QString::fromStdString(p.target));
    // "Create: 1 · Update: 1 · Unchanged: 3", the non-zero counts in the
    // table's own words.
    QStringList counts;
    const std::pair<admin::ImportAction, int> tally[] = {
        {admin::ImportAction::Create, creates},
        {admin::ImportAction::Update, updates},
        {admin::ImportAction::Unchanged, int(p.count(admin::ImportAction::Unchanged))},
        {admin::ImportAction::Skip, int(p.count(admin::ImportAction::Skip))},
        {admin::ImportAction::Conflict, int(p.count(admin::ImportAction::Conflict))}};
    for (const auto& [action, n] : tally)
        if (n > 0) counts << tr("%1: %2").arg(AdminResultModel::actionText(action)).arg(n);
    text += QLatin1Char('\n') + counts.join(QStringLiteral(" \u00B7 "));
    if (p.count(admin::ImportAction::Skip) > 0)
        text += QLatin1Char('\n') + tr("Skipped nodes are ephemeral: they belong to a session of the source.");
    if (p.count(admin::ImportAction::Conflict) > 0)
        text += QLatin1Char('\n') + tr("Nodes in conflict are never written; the table says why.");
    if (!p.errors.empty())
        text += QLatin1Char('\n') + tr("%n node(s) of the target could not be read; they are left alone.", nullptr,
                                       int(p.errors.size()));
    summary_->setText(text);
    overwrite_->setText(tr("Overwrite the %n existing node(s) whose data or ACL differ (otherwise they are kept)",
                           nullptr, updates));
    apply_->setText(tr("&Import"));
    updateApply();
}

void ImportPreviewDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QDialog::changeEvent(event);
}

// ---------------------------------------------------------------- AdminResultDialog

AdminResultDialog::AdminResultDialog(QWidget* parent)
    : QDialog(parent), model_(new AdminResultModel(this)), summary_(new QLabel) {
    setObjectName("adminResultDialog");
    table_ = resultTable(model_);
    summary_->setWordWrap(true);
    summary_->setTextFormat(Qt::PlainText);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary_);
    layout->addWidget(table_, 1);
    layout->addWidget(buttons);
    resize(760, 420);
}

void AdminResultDialog::showComparison(const QString& title, const QString& summary,
                                       const admin::CompareResult& result) {
    setWindowTitle(title);
    summary_->setText(summary);
    model_->showComparison(result);
    table_->setVisible(model_->rowCount() > 0);
    fitColumns();
}

void AdminResultDialog::showErrors(const QString& title, const QString& summary,
                                   const std::vector<admin::NodeError>& errors) {
    setWindowTitle(title);
    summary_->setText(summary);
    model_->showErrors(errors);
    table_->setVisible(model_->rowCount() > 0);
    fitColumns();
}

QString AdminResultDialog::summaryText() const { return summary_->text(); }

void AdminResultDialog::fitColumns() { fitResultColumns(table_); }

// ---------------------------------------------------------------- CompareDialog

CompareDialog::CompareDialog(const QString& leftDescription, const QList<QPair<QString, int>>& clusters, int current,
                             const QString& path, QWidget* parent)
    : QDialog(parent),
      leftDescription_(leftDescription),
      intro_(new QLabel),
      clusterLabel_(new QLabel),
      pathLabel_(new QLabel),
      cluster_(new QComboBox),
      path_(new QLineEdit(path)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel)) {
    setObjectName("compareDialog");
    intro_->setWordWrap(true);
    for (const auto& [title, key] : clusters) cluster_->addItem(title, key);
    cluster_->setCurrentIndex(std::max(0, cluster_->findData(current)));
    clusterLabel_->setBuddy(cluster_);
    pathLabel_->setBuddy(path_);
    auto* form = new QFormLayout;
    form->addRow(clusterLabel_, cluster_);
    form->addRow(pathLabel_, path_);
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(path_, &QLineEdit::textChanged, this, [this](const QString& t) {
        buttons_->button(QDialogButtonBox::Ok)->setEnabled(t.startsWith(QLatin1Char('/')));
    });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro_);
    layout->addLayout(form);
    layout->addWidget(buttons_);
    resize(520, sizeHint().height());
    retranslateUi();
}

int CompareDialog::clusterKey() const { return cluster_->currentData().toInt(); }

QString CompareDialog::path() const { return path_->text().trimmed(); }

void CompareDialog::retranslateUi() {
    setWindowTitle(tr("Compare subtrees"));
    intro_->setText(tr("Compare %1 with:").arg(leftDescription_));
    clusterLabel_->setText(tr("&Cluster:"));
    pathLabel_->setText(tr("&Path:"));
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("&Compare"));
}

void CompareDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QDialog::changeEvent(event);
}

// ---------------------------------------------------------------- AdminProgressDialog

AdminProgressDialog::AdminProgressDialog(const QString& title, QWidget* parent)
    : QDialog(parent), heading_(new QLabel), label_(new QLabel), bar_(new QProgressBar), cancel_(new QPushButton) {
    setObjectName("adminProgress");
    setWindowTitle(title);
    // The title again inside: window managers may not show a dialog's title.
    heading_->setText(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()));
    heading_->setWordWrap(true);
    setWindowModality(Qt::WindowModal);
    label_->setText(tr("Starting..."));
    label_->setWordWrap(true);
    label_->setMinimumWidth(380);
    bar_->setRange(0, 0);
    bar_->setTextVisible(true);
    cancel_->setText(tr("Cancel"));
    cancel_->setObjectName("adminCancel");
    connect(cancel_, &QPushButton::clicked, this, &AdminProgressDialog::reject);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(cancel_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading_);
    layout->addWidget(label_);
    layout->addWidget(bar_);
    layout->addSpacing(6);
    layout->addLayout(buttons);
    setMinimumWidth(460);
}

void AdminProgressDialog::setProgress(const QString& phase, quint64 done, quint64 total) {
    if (cancelled_) return;  // keep saying that it is cancelling
    if (total == 0) {
        bar_->setRange(0, 0);
        label_->setText(tr("%1: %2 so far").arg(phase).arg(done));
        return;
    }
    // QProgressBar counts in int: scale big totals.
    const int max = int(std::min<quint64>(total, 1000000));
    bar_->setRange(0, max);
    bar_->setValue(int(double(std::min(done, total)) / double(total) * max));
    label_->setText(tr("%1: %2 of %3").arg(phase).arg(done).arg(total));
}

QString AdminProgressDialog::labelText() const { return label_->text(); }

void AdminProgressDialog::reject() {
    // Stays open until the operation reports: requests already sent finish.
    if (cancelled_) return;
    cancelled_ = true;
    cancel_->setEnabled(false);
    label_->setText(tr("Cancelling: no new requests are sent; those already sent finish first..."));
    emit canceled();
}

}  // namespace zooscope::ui
