#include "widgets/acl_editor.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include "models/acl_model.h"

namespace zooscope::ui {

namespace {

// Scheme cells edit with a combo of the known schemes (still editable for
// plugin schemes).
class SchemeDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const override {
        auto* box = new QComboBox(parent);
        box->setEditable(true);
        box->addItems(knownAclSchemes());
        return box;
    }
    void setEditorData(QWidget* editor, const QModelIndex& index) const override {
        static_cast<QComboBox*>(editor)->setCurrentText(index.data(Qt::EditRole).toString());
    }
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override {
        model->setData(index, static_cast<QComboBox*>(editor)->currentText(), Qt::EditRole);
    }
};

}  // namespace

AclEditor::AclEditor(QWidget* parent)
    : QWidget(parent),
      model_(new AclTableModel(this)),
      table_(new QTableView(this)),
      addButton_(new QPushButton(tr("&Add entry"), this)),
      removeButton_(new QPushButton(tr("&Remove"), this)),
      applyButton_(new QPushButton(tr("Apply &ACL"), this)),
      user_(new QLineEdit(this)),
      password_(new QLineEdit(this)),
      result_(new QLineEdit(this)),
      generateButton_(new QPushButton(tr("&Generate"), this)),
      addDigestButton_(new QPushButton(tr("Add as &entry"), this)),
      problems_(new QLabel(this)) {
    table_->setObjectName(QStringLiteral("aclTable"));
    user_->setObjectName(QStringLiteral("digestUser"));
    password_->setObjectName(QStringLiteral("digestPassword"));
    result_->setObjectName(QStringLiteral("digestResult"));
    applyButton_->setObjectName(QStringLiteral("applyAcl"));
    addButton_->setObjectName(QStringLiteral("addAclEntry"));
    removeButton_->setObjectName(QStringLiteral("removeAclEntry"));
    generateButton_->setObjectName(QStringLiteral("generateDigest"));
    addDigestButton_->setObjectName(QStringLiteral("addDigestEntry"));
    problems_->setObjectName(QStringLiteral("aclProblems"));

    table_->setModel(model_);
    table_->setItemDelegateForColumn(AclTableModel::SchemeColumn, new SchemeDelegate(table_));
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(AclTableModel::IdColumn, QHeaderView::Stretch);
    table_->horizontalHeader()->setSectionResizeMode(AclTableModel::SchemeColumn, QHeaderView::ResizeToContents);
    for (int c = AclTableModel::ReadColumn; c < AclTableModel::ColumnCount; ++c)
        table_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);

    password_->setEchoMode(QLineEdit::Password);
    // The password must not linger in undo history or be copied out.
    password_->setContextMenuPolicy(Qt::NoContextMenu);
    result_->setReadOnly(true);
    user_->setPlaceholderText(tr("user"));
    password_->setPlaceholderText(tr("password"));
    result_->setPlaceholderText(tr("user:base64(sha1(user:password))"));
    problems_->setWordWrap(true);
    problems_->setStyleSheet(QStringLiteral("color: #c0392b;"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(addButton_);
    buttons->addWidget(removeButton_);
    buttons->addStretch(1);
    buttons->addWidget(applyButton_);

    auto* generator = new QGroupBox(tr("Digest generator"), this);
    auto* form = new QFormLayout(generator);
    form->addRow(tr("User:"), user_);
    form->addRow(tr("Password:"), password_);
    auto* resultRow = new QHBoxLayout;
    resultRow->addWidget(result_, 1);
    resultRow->addWidget(generateButton_);
    resultRow->addWidget(addDigestButton_);
    form->addRow(tr("Digest id:"), resultRow);
    auto* note = new QLabel(tr("The password is only hashed here; it is not stored."), generator);
    note->setEnabled(false);
    form->addRow(note);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table_, 1);
    layout->addLayout(buttons);
    layout->addWidget(problems_);
    layout->addWidget(generator);

    connect(addButton_, &QPushButton::clicked, this, [this] {
        const int row = model_->addEntry(proto::ACL{proto::perms::kRead, proto::Id{"world", "anyone"}});
        table_->selectRow(row);
        table_->edit(model_->index(row, AclTableModel::SchemeColumn));
    });
    connect(removeButton_, &QPushButton::clicked, this, [this] {
        const QModelIndexList rows = table_->selectionModel()->selectedRows();
        QList<int> sorted;
        for (const QModelIndex& i : rows) sorted << i.row();
        std::sort(sorted.begin(), sorted.end(), std::greater<>());
        for (int r : sorted) model_->removeRows(r, 1);
    });
    connect(applyButton_, &QPushButton::clicked, this, &AclEditor::applyRequested);
    connect(generateButton_, &QPushButton::clicked, this, [this] { generateDigest(); });
    connect(addDigestButton_, &QPushButton::clicked, this, [this] { addDigestEntry(); });
    connect(model_, &AclTableModel::edited, this, [this] {
        refreshProblems();
        emit modifiedChanged(model_->isModified());
    });
    connect(model_, &QAbstractItemModel::modelReset, this, &AclEditor::refreshProblems);
    refreshProblems();
}

void AclEditor::setAcl(const proto::ACLList& acl) {
    model_->setAcl(acl);
    emit modifiedChanged(false);
}

proto::ACLList AclEditor::acl() const { return model_->acl(); }

bool AclEditor::isModified() const { return model_->isModified(); }

QStringList AclEditor::problems() const {
    QStringList out;
    for (const AclProblem& p : validateAcl(model_->acl())) out << p.message;
    return out;
}

void AclEditor::setReadOnly(bool readOnly) {
    readOnly_ = readOnly;
    model_->setReadOnly(readOnly);
    addButton_->setEnabled(!readOnly);
    removeButton_->setEnabled(!readOnly);
    addDigestButton_->setEnabled(!readOnly);
}

void AclEditor::setApplyVisible(bool visible) { applyButton_->setVisible(visible); }

QString AclEditor::generateDigest() {
    QString error;
    const auto id = zooscope::ui::generateDigest(user_->text(), password_->text(), &error);
    password_->clear();
    if (!id) {
        result_->clear();
        problems_->setText(error);
        return {};
    }
    result_->setText(*id);
    refreshProblems();
    return *id;
}

int AclEditor::addDigestEntry() {
    if (readOnly_) return -1;
    QString id = result_->text();
    if (!password_->text().isEmpty() || id.isEmpty()) id = generateDigest();
    if (id.isEmpty()) return -1;
    const int row = model_->addEntry(proto::ACL{proto::perms::kAll, proto::Id{"digest", id.toStdString()}});
    table_->selectRow(row);
    return row;
}

void AclEditor::refreshProblems() {
    const QStringList p = problems();
    problems_->setText(p.join(QLatin1Char('\n')));
    problems_->setVisible(!p.isEmpty());
}

}  // namespace zooscope::ui
