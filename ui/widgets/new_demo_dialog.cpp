#include "widgets/new_demo_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include "widgets/workload_page.h"

namespace zooscope::ui {

NewDemoDialog::NewDemoDialog(QWidget* parent)
    : QDialog(parent),
      kind_(new QComboBox),
      nodes_(new QComboBox),
      observer_(new QCheckBox(tr("Add an observer (a non-voting member)"))),
      tempFolder_(new QRadioButton(tr("In a temporary folder, removed when the demo stops"))),
      keepFolder_(new QRadioButton(tr("In this folder, kept:"))),
      folder_(new QLineEdit),
      workload_(new QGroupBox(tr("Run the stream workload on it"))),
      workers_(new QSpinBox),
      partitions_(new QSpinBox),
      vnodes_(new QSpinBox),
      error_(new QLabel) {
    setObjectName("newDemoDialog");
    setWindowTitle(tr("New demo ensemble"));

    kind_->addItem(tr("ZooScope engine"), int(NodeKind::Engine));
    kind_->addItem(tr("Apache ZooKeeper"), int(NodeKind::ApacheZooKeeper));
    QString why;
    if (!DemoEnsemble::apacheAvailable(&why)) {
        // Listed but not choosable, with the reason.
        auto* model = qobject_cast<QStandardItemModel*>(kind_->model());
        model->item(1)->setEnabled(false);
        model->item(1)->setToolTip(tr("Not installed: %1").arg(why));
        kind_->setItemText(1, tr("Apache ZooKeeper (not installed)"));
    }
    for (int n : {1, 3, 5}) nodes_->addItem(QString::number(n), n);
    nodes_->setCurrentIndex(1);

    tempFolder_->setChecked(true);
    folder_->setEnabled(false);
    folder_->setPlaceholderText(tr("a folder for the nodes' data and logs"));
    auto* browse = new QPushButton(tr("Browse…"));
    browse->setEnabled(false);
    connect(keepFolder_, &QRadioButton::toggled, folder_, &QWidget::setEnabled);
    connect(keepFolder_, &QRadioButton::toggled, browse, &QWidget::setEnabled);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the demo's data"), folder_->text());
        if (!dir.isEmpty()) folder_->setText(dir);
    });
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(folder_, 1);
    folderRow->addWidget(browse);
    auto* data = new QVBoxLayout;
    data->addWidget(tempFolder_);
    data->addWidget(keepFolder_);
    data->addLayout(folderRow);

    setUpWorkloadSpinBoxes(workers_, partitions_, vnodes_);
    workload_->setCheckable(true);
    workload_->setChecked(true);
    auto* wl = new QFormLayout(workload_);
    wl->addRow(tr("Workers:"), workers_);
    wl->addRow(tr("Partitions:"), partitions_);
    wl->addRow(tr("Virtual nodes per worker:"), vnodes_);

    error_->setStyleSheet("QLabel { color: #c62828; }");
    error_->setWordWrap(true);
    error_->hide();

    auto* form = new QFormLayout;
    form->addRow(tr("Servers:"), kind_);
    form->addRow(tr("Voting members:"), nodes_);
    form->addRow(QString(), observer_);
    form->addRow(tr("Data:"), data);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start"));
    connect(buttons, &QDialogButtonBox::accepted, this, &NewDemoDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &NewDemoDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(workload_);
    layout->addWidget(error_);
    layout->addWidget(buttons);
}

DemoSpec NewDemoDialog::spec() const {
    DemoSpec s;
    s.kind = NodeKind(kind_->currentData().toInt());
    s.nodes = nodes_->currentData().toInt();
    s.observer = observer_->isChecked();
    if (keepFolder_->isChecked()) s.dir = QDir::cleanPath(folder_->text().trimmed());
    return s;
}

std::optional<WorkloadSpec> NewDemoDialog::workload() const {
    if (!workload_->isChecked()) return std::nullopt;
    return WorkloadSpec{workers_->value(), partitions_->value(), vnodes_->value()};
}

void NewDemoDialog::accept() {
    QString problem;
    if (keepFolder_->isChecked()) {
        const QString dir = folder_->text().trimmed();
        const QFileInfo info(dir);
        if (dir.isEmpty()) problem = tr("Name the folder to keep the data in, or choose a temporary folder.");
        else if (info.exists() && !info.isDir()) problem = tr("%1 is a file, not a folder.").arg(dir);
    }
    error_->setText(problem);
    error_->setVisible(!problem.isEmpty());
    if (problem.isEmpty()) QDialog::accept();
}

}  // namespace zooscope::ui
