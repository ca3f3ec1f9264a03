#include "widgets/profile_dialog.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
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
      adminPort_(new QSpinBox),
      adminPorts_(new QLineEdit(profile.adminPorts)),
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
    adminPort_->setObjectName("adminPort");
    adminPort_->setRange(0, 65535);
    adminPort_->setSpecialValueText(tr("none"));
    adminPort_->setValue(profile.adminPort);
    adminPorts_->setObjectName("adminPorts");
    adminPorts_->setPlaceholderText(tr("host:clientPort=adminPort, ..."));
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

    auto* dashboard = new QGroupBox(tr("Dashboard"));
    auto* dashForm = new QFormLayout(dashboard);
    dashForm->addRow(tr("&AdminServer port:"), adminPort_);
    dashForm->addRow(tr("Per &server:"), adminPorts_);
    auto* adminNote = new QLabel(tr("ZooKeeper 3.8 answers only srvr by default: its AdminServer (HTTP, 8080 unless "
                                    "admin.serverPort says otherwise) gives the dashboard the rest."));
    adminNote->setWordWrap(true);
    dashForm->addRow(adminNote);
    const monitor::AlertThresholds current = profile.thresholds();
    for (const monitor::ThresholdKey& k : monitor::thresholdKeys()) {
        const QString key = QString::fromUtf8(k.key.data(), qsizetype(k.key.size()));
        auto* spin = new QDoubleSpinBox;
        spin->setObjectName("threshold-" + key);
        spin->setRange(0, 1e15);
        spin->setDecimals(0);
        spin->setValue(current.*k.field);
        spin->setToolTip(tr("Alert above this value. ZooKeeper's recommendation: %1")
                             .arg(QLocale().toString(monitor::AlertThresholds{}.*k.field, 'f', 0)));
        dashForm->addRow(thresholdLabel(key), spin);
        thresholds_.insert(key, spin);
    }

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(auth);
    layout->addWidget(security);
    layout->addWidget(dashboard);
    layout->addWidget(problems_);
    layout->addWidget(buttons_);

    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit* e : {name_, hosts_, chroot_, user_, adminPorts_})
        connect(e, &QLineEdit::textChanged, this, &ProfileDialog::revalidate);
    connect(password_, &QLineEdit::textEdited, this, [this] { passwordEdited_ = true; });
    connect(timeout_, &QSpinBox::valueChanged, this, &ProfileDialog::revalidate);
    connect(adminPort_, &QSpinBox::valueChanged, this, &ProfileDialog::revalidate);
    for (QDoubleSpinBox* spin : thresholds_) connect(spin, &QDoubleSpinBox::valueChanged, this, &ProfileDialog::revalidate);
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
    p.adminPort = adminPort_->value();
    p.adminPorts = adminPorts_->text().trimmed();
    // Only what differs from ZooKeeper's recommendation is kept.
    p.alertThresholds.clear();
    const monitor::AlertThresholds defaults;
    for (const monitor::ThresholdKey& k : monitor::thresholdKeys()) {
        const QString key = QString::fromUtf8(k.key.data(), qsizetype(k.key.size()));
        if (thresholds_.value(key)->value() != defaults.*k.field) p.alertThresholds.insert(key, thresholds_.value(key)->value());
    }
    return p;
}

QString ProfileDialog::thresholdLabel(const QString& key) {
    if (key == "znode-count") return tr("Alert above znodes:");
    if (key == "connections") return tr("Alert above connections:");
    if (key == "data-size-bytes") return tr("Alert above data size (bytes):");
    if (key == "watch-count") return tr("Alert above watches:");
    if (key == "open-file-descriptors") return tr("Alert above open file descriptors:");
    if (key == "fsync-ms-per-second") return tr("Alert above fsync time (ms per s):");
    if (key == "snapshot-ms-per-second") return tr("Alert above snapshot time (ms per s):");
    if (key == "average-latency-ms") return tr("Alert above average latency (ms):");
    if (key == "follower-lag-zxids") return tr("Alert above follower lag (zxids):");
    return key;
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
