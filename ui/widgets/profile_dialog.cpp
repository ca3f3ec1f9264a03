#include "widgets/profile_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace zooscope::ui {

ProfileDialog::ProfileDialog(const ConnectionProfile& profile, QWidget* parent)
    : QDialog(parent),
      original_(profile),
      name_(new QLineEdit(profile.name)),
      hosts_(new QLineEdit(profile.hosts)),
      chroot_(new QLineEdit(profile.chroot)),
      timeout_(new QSpinBox),
      user_(new QLineEdit(profile.digestUser)),
      password_(new QLineEdit),
      guard_(new QCheckBox(tr("Read-only guard (production): refuse every write until unlocked for the session"))),
      readOnlyMode_(new QCheckBox(tr("Allow read-only sessions with a partitioned server"))),
      ssl_(new QCheckBox(tr("Use SSL/TLS"))),
      sasl_(new QCheckBox(tr("Use SASL authentication"))),
      problems_(new QLabel),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel)) {
    setWindowTitle(profile.id.isEmpty() ? tr("New connection") : tr("Edit connection"));
    hosts_->setPlaceholderText(tr("host1:2181,host2:2181"));
    chroot_->setPlaceholderText(tr("/optional/chroot"));
    timeout_->setRange(1000, 24 * 3600 * 1000);
    timeout_->setSingleStep(1000);
    timeout_->setSuffix(tr(" ms"));
    timeout_->setValue(profile.sessionTimeoutMs);
    user_->setPlaceholderText(tr("none"));
    password_->setEchoMode(QLineEdit::Password);
    password_->setPlaceholderText(profile.id.isEmpty() || !profile.hasDigest()
                                      ? QString()
                                      : tr("unchanged (stored in the OS keychain)"));
    guard_->setChecked(profile.readOnlyGuard);
    readOnlyMode_->setChecked(profile.canBeReadOnly);
    ssl_->setChecked(profile.useSsl);
    sasl_->setChecked(profile.useSasl);
    problems_->setObjectName("profileProblems");
    problems_->setWordWrap(true);
    problems_->setStyleSheet("QLabel { color: #c62828; }");

    auto* form = new QFormLayout;
    form->addRow(tr("&Name:"), name_);
    form->addRow(tr("&Hosts:"), hosts_);
    form->addRow(tr("&Chroot:"), chroot_);
    form->addRow(tr("Session &timeout:"), timeout_);

    auto* auth = new QGroupBox(tr("Digest authentication"));
    auto* authForm = new QFormLayout(auth);
    authForm->addRow(tr("&User:"), user_);
    authForm->addRow(tr("&Password:"), password_);
    auto* note = new QLabel(tr("The password is kept only in the OS keychain, never in ZooScope's settings."));
    note->setWordWrap(true);
    authForm->addRow(note);

    auto* security = new QGroupBox(tr("Safety and transport"));
    auto* sec = new QVBoxLayout(security);
    sec->addWidget(guard_);
    sec->addWidget(readOnlyMode_);
    sec->addWidget(ssl_);
    sec->addWidget(sasl_);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(auth);
    layout->addWidget(security);
    layout->addWidget(problems_);
    layout->addWidget(buttons_);

    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit* e : {name_, hosts_, chroot_, user_})
        connect(e, &QLineEdit::textChanged, this, &ProfileDialog::revalidate);
    connect(password_, &QLineEdit::textEdited, this, [this] { passwordEdited_ = true; });
    connect(timeout_, &QSpinBox::valueChanged, this, &ProfileDialog::revalidate);
    for (QCheckBox* c : {ssl_, sasl_}) connect(c, &QCheckBox::toggled, this, &ProfileDialog::revalidate);
    revalidate();
    resize(520, sizeHint().height());
}

ConnectionProfile ProfileDialog::profile() const {
    ConnectionProfile p = original_;
    p.name = name_->text().trimmed();
    p.hosts = hosts_->text().trimmed();
    p.chroot = chroot_->text().trimmed();
    p.sessionTimeoutMs = timeout_->value();
    p.digestUser = user_->text().trimmed();
    p.readOnlyGuard = guard_->isChecked();
    p.canBeReadOnly = readOnlyMode_->isChecked();
    p.useSsl = ssl_->isChecked();
    p.useSasl = sasl_->isChecked();
    return p;
}

QString ProfileDialog::password() const { return password_->text(); }
bool ProfileDialog::passwordChanged() const { return passwordEdited_; }
QStringList ProfileDialog::problems() const { return validateProfile(profile()); }

void ProfileDialog::revalidate() {
    const QStringList list = problems();
    problems_->setText(list.join('\n'));
    problems_->setVisible(!list.isEmpty());
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(list.isEmpty());
}

}  // namespace zooscope::ui
