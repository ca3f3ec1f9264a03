// NewDemoDialog: "New demo ensemble…": which servers (the engine, or Apache
// ZooKeeper when it is installed), 1, 3 or 5 voting nodes and an optional
// observer, where the data goes (a temp folder that goes with the demo, or a
// folder the user names and keeps), and the stream workload to run on it
// (workers, partitions, virtual nodes), or none.
// Threads: GUI thread only.
#pragma once

#include <QDialog>

#include <optional>

#include "demo/demo_ensemble.h"

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace zooscope::ui {

class NewDemoDialog : public QDialog {
    Q_OBJECT
public:
    explicit NewDemoDialog(QWidget* parent = nullptr);

    DemoSpec spec() const;
    // The workload to start on it; nullopt when unchecked.
    std::optional<WorkloadSpec> workload() const;

    // For tests and scripted use: the dialog's fields.
    QComboBox* kindBox() const { return kind_; }
    QComboBox* nodesBox() const { return nodes_; }
    QCheckBox* observerBox() const { return observer_; }
    QRadioButton* keepFolderButton() const { return keepFolder_; }
    QLineEdit* folderEdit() const { return folder_; }
    QGroupBox* workloadBox() const { return workload_; }
    QSpinBox* workersBox() const { return workers_; }
    QSpinBox* partitionsBox() const { return partitions_; }
    QSpinBox* vnodesBox() const { return vnodes_; }

    void accept() override;

private:
    QComboBox* kind_;
    QComboBox* nodes_;
    QCheckBox* observer_;
    QRadioButton* tempFolder_;
    QRadioButton* keepFolder_;
    QLineEdit* folder_;
    QGroupBox* workload_;
    QSpinBox* workers_;
    QSpinBox* partitions_;
    QSpinBox* vnodes_;
    QLabel* error_;
};

}  // namespace zooscope::ui
