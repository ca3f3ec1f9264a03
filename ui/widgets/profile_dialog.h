// ProfileDialog: create or edit a connection profile. Shows every problem
// validateProfile() finds (incl. SSL/SASL "not supported by this build") and
// keeps OK disabled while there is one. The password field feeds the keychain
// only (the caller stores it via SecretStore); an empty password on an
// existing profile means "unchanged".
// Threads: GUI thread only.
#pragma once

#include <QDialog>
#include <QMap>

#include "settings/profile_store.h"

class QCheckBox;
class QDoubleSpinBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace zooscope::ui {

class ProfileDialog : public QDialog {
    Q_OBJECT
public:
    // `profile.id` empty: a new profile.
    explicit ProfileDialog(const ConnectionProfile& profile, QWidget* parent = nullptr);

    ConnectionProfile profile() const;
    QString password() const;
    bool passwordChanged() const;
    QStringList problems() const;
    // The label of an alert threshold in the dialog, by core's key.
    static QString thresholdLabel(const QString& key);

private:
    void revalidate();

    ConnectionProfile original_;
    QLineEdit* name_;
    QLineEdit* hosts_;
    QLineEdit* chroot_;
    QSpinBox* timeout_;
    QLineEdit* user_;
    QLineEdit* password_;
    QCheckBox* guard_;
    QCheckBox* readOnlyMode_;
    QCheckBox* ssl_;
    QCheckBox* sasl_;
    QSpinBox* adminPort_;
    QLineEdit* adminPorts_;
    QMap<QString, QDoubleSpinBox*> thresholds_;  // by monitor::thresholdKeys()' key
    QLabel* problems_;
    QDialogButtonBox* buttons_;
    bool passwordEdited_ = false;
};

}  // namespace zooscope::ui
