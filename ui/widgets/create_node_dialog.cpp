#include "widgets/create_node_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QTabWidget>
#include <QVBoxLayout>

#include "models/acl_model.h"
#include "widgets/acl_editor.h"
#include "widgets/data_editor.h"

namespace zooscope::ui {

using proto::CreateMode;

namespace {
const CreateMode kModes[] = {CreateMode::Persistent,          CreateMode::PersistentSequential,
                             CreateMode::Ephemeral,           CreateMode::EphemeralSequential,
                             CreateMode::Container,           CreateMode::PersistentWithTTL,
                             CreateMode::PersistentSequentialWithTTL};
}  // namespace

QString CreateNodeDialog::modeName(CreateMode mode) {
    switch (mode) {
    case CreateMode::Persistent: return tr("Persistent");
    case CreateMode::PersistentSequential: return tr("Persistent sequential");
    case CreateMode::Ephemeral: return tr("Ephemeral");
    case CreateMode::EphemeralSequential: return tr("Ephemeral sequential");
    case CreateMode::Container: return tr("Container");
    case CreateMode::PersistentWithTTL: return tr("Persistent with TTL");
    case CreateMode::PersistentSequentialWithTTL: return tr("Persistent sequential with TTL");
    }
    return {};
}

CreateNodeDialog::CreateNodeDialog(const QString& parentPath, QWidget* parent)
    : QDialog(parent),
      parent_(parentPath.isEmpty() ? QStringLiteral("/") : parentPath),
      name_(new QLineEdit(this)),
      mode_(new QComboBox(this)),
      ttl_(new QLineEdit(this)),
      ttlLabel_(new QLabel(tr("&TTL (ms):"), this)),
      pathPreview_(new QLabel(this)),
      data_(new DataEditor(this)),
      acl_(new AclEditor(this)),
      problem_(new QLabel(this)) {
    setObjectName(QStringLiteral("createNodeDialog"));
    setWindowTitle(tr("Create node under %1").arg(parent_));
    name_->setObjectName(QStringLiteral("nodeName"));
    mode_->setObjectName(QStringLiteral("createMode"));
    ttl_->setObjectName(QStringLiteral("ttlMs"));
    problem_->setObjectName(QStringLiteral("createProblem"));
    for (CreateMode m : kModes) mode_->addItem(modeName(m), int(m));
    mode_->setItemData(mode_->findData(int(CreateMode::Ephemeral)),
                       tr("Deleted when this session ends."), Qt::ToolTipRole);
    mode_->setItemData(mode_->findData(int(CreateMode::Container)),
                       tr("Deleted by the server once its last child is gone."), Qt::ToolTipRole);
    mode_->setItemData(mode_->findData(int(CreateMode::PersistentWithTTL)),
                       tr("Deleted by the server when unchanged for the TTL and childless "
                          "(the server needs extendedTypesEnabled)."),
                       Qt::ToolTipRole);
    ttl_->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,13}")), ttl_));
    ttl_->setText(QStringLiteral("60000"));
    ttl_->setToolTip(tr("1 to %1 milliseconds.").arg(kMaxTtlMs));
    ttlLabel_->setBuddy(ttl_);
    name_->setPlaceholderText(tr("name"));
    problem_->setWordWrap(true);
    problem_->setStyleSheet(QStringLiteral("color: #c0392b;"));
    pathPreview_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    acl_->setApplyVisible(false);
    acl_->setAcl(proto::openAclUnsafe());

    auto* form = new QFormLayout;
    form->addRow(tr("Parent:"), new QLabel(parent_.toHtmlEscaped(), this));
    auto* nameLabel = new QLabel(tr("&Name:"), this);
    nameLabel->setBuddy(name_);
    form->addRow(nameLabel, name_);
    auto* modeLabel = new QLabel(tr("&Mode:"), this);
    modeLabel->setBuddy(mode_);
    form->addRow(modeLabel, mode_);
    form->addRow(ttlLabel_, ttl_);
    form->addRow(tr("Path:"), pathPreview_);

    auto* tabs = new QTabWidget(this);
    tabs->addTab(data_, tr("&Data"));
    tabs->addTab(acl_, tr("A&CL"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("C&reate"));
    connect(buttons, &QDialogButtonBox::accepted, this, &CreateNodeDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &CreateNodeDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(tabs, 1);
    layout->addWidget(problem_);
    layout->addWidget(buttons);

    connect(mode_, &QComboBox::currentIndexChanged, this, &CreateNodeDialog::modeChanged);
    connect(name_, &QLineEdit::textChanged, this, &CreateNodeDialog::modeChanged);
    modeChanged();
    problem_->hide();
    resize(640, 560);
}

void CreateNodeDialog::setName(const QString& name) { name_->setText(name); }

void CreateNodeDialog::setMode(CreateMode mode) { mode_->setCurrentIndex(mode_->findData(int(mode))); }

CreateMode CreateNodeDialog::mode() const { return CreateMode(mode_->currentData().toInt()); }

void CreateNodeDialog::setTtlMs(int64_t ttlMs) { ttl_->setText(QString::number(ttlMs)); }

void CreateNodeDialog::setDataText(const QString& text) { data_->setText(text); }

void CreateNodeDialog::setAcl(const proto::ACLList& acl) { acl_->setAcl(acl); }

void CreateNodeDialog::modeChanged() {
    const bool ttl = proto::isTtl(mode());
    ttl_->setVisible(ttl);
    ttlLabel_->setVisible(ttl);
    QString path = parent_.endsWith(QLatin1Char('/')) ? parent_ : parent_ + QLatin1Char('/');
    path += name_->text();
    if (proto::isSequential(mode())) path += tr("<counter>");
    pathPreview_->setText(path);
}

std::optional<CreateRequest> CreateNodeDialog::request(QString* error) const {
    const QString name = name_->text();
    const CreateMode m = mode();
    auto fail = [error](const QString& why) {
        if (error) *error = why;
        return std::nullopt;
    };
    if (name.isEmpty() && !proto::isSequential(m)) return fail(tr("Enter a name for the node."));
    if (name.contains(QLatin1Char('/'))) return fail(tr("A name cannot contain '/'; create the parents first."));
    if (name == QLatin1String(".") || name == QLatin1String(".."))
        return fail(tr("\".\" and \"..\" are not allowed as node names."));
    for (QChar c : name)
        if (c.unicode() == 0 || (c.unicode() > 0 && c.unicode() < 0x20) || c.unicode() == 0x7f)
            return fail(tr("The name contains a control character."));
    CreateRequest r;
    r.path = (parent_.endsWith(QLatin1Char('/')) ? parent_ : parent_ + QLatin1Char('/')) + name;
    r.options.mode = m;
    if (proto::isTtl(m)) {
        bool ok = false;
        const qint64 ttl = ttl_->text().toLongLong(&ok);
        if (!ok || ttl < 1 || ttl > kMaxTtlMs)
            return fail(tr("The TTL must be between 1 and %1 milliseconds.").arg(kMaxTtlMs));
        r.options.ttlMs = ttl;
    }
    QString why;
    const auto bytes = data_->currentBytes(&why);
    if (!bytes) return fail(tr("The data cannot be encoded: %1").arg(why));
    r.data = *bytes;
    const QStringList aclProblems = acl_->problems();
    if (!aclProblems.isEmpty()) return fail(aclProblems.join(QLatin1Char(' ')));
    r.options.acl = acl_->acl();
    return r;
}

QString CreateNodeDialog::problemText() const { return problem_->isVisible() ? problem_->text() : QString(); }

void CreateNodeDialog::accept() {
    QString error;
    if (!request(&error)) {
        problem_->setText(error);
        problem_->show();
        return;
    }
    problem_->hide();
    QDialog::accept();
}

}  // namespace zooscope::ui
