#include "widgets/node_panel.h"

#include <QEvent>

#include <QAction>
#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "adapter/client_adapter.h"
#include "models/acl_model.h"
#include "text/data_format.h"
#include "text/node_errors.h"
#include "widgets/acl_editor.h"
#include "widgets/conflict_dialog.h"
#include "widgets/create_node_dialog.h"
#include "widgets/data_editor.h"
#include "widgets/stat_view.h"
#include "zooscope/znode_path.h"

namespace zooscope::ui {

using client::Operation;
using proto::Err;

namespace {

template <typename T>
client::Result<T> gone() {
    client::Result<T> r;
    r.err = Err::ConnectionLoss;
    r.message = "the connection is gone";
    return r;
}

// Completes `done` later on the GUI thread: NodeSource never calls back inside the call.
template <typename T>
void completeLater(NodeSource::Done<T> done, client::Result<T> r) {
    QTimer::singleShot(0, qApp, [done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); });
}

}  // namespace

// ---------------------------------------------------------------- sources

AdapterNodeSource::AdapterNodeSource(ClientAdapter* adapter) : adapter_(adapter) {}

void AdapterNodeSource::getData(const QString& path, Done<client::NodeData> done) {
    if (!adapter_) return completeLater(std::move(done), gone<client::NodeData>());
    adapter_->getData(path, false, std::move(done));
}

void AdapterNodeSource::setData(const QString& path, const QByteArray& data, int version, Done<proto::Stat> done) {
    if (!adapter_) return completeLater(std::move(done), gone<proto::Stat>());
    adapter_->setData(path, data, version, std::move(done));
}

void AdapterNodeSource::getAcl(const QString& path, Done<client::AclData> done) {
    if (!adapter_) return completeLater(std::move(done), gone<client::AclData>());
    adapter_->getACL(path, std::move(done));
}

void AdapterNodeSource::setAcl(const QString& path, const proto::ACLList& acl, int aclVersion,
                               Done<client::Empty> done) {
    if (!adapter_) return completeLater(std::move(done), gone<client::Empty>());
    adapter_->setACL(path, acl, aclVersion, std::move(done));
}

void AdapterNodeSource::create(const QString& path, const QByteArray& data, const client::CreateOptions& options,
                               Done<client::Created> done) {
    if (!adapter_) return completeLater(std::move(done), gone<client::Created>());
    adapter_->create(path, data, options, std::move(done));
}

QStringList AdapterNodeSource::identities() const {
    QStringList out;
    if (!adapter_) return out;
    const client::ClientOptions options = adapter_->options();
    for (const client::AuthInfo& a : options.auth) {
        const QString scheme = QString::fromStdString(a.scheme);
        if (scheme == QLatin1String("digest")) {
            // The server's id for digest auth is user:base64(sha1(user:password)).
            const QString cred = QString::fromStdString(a.credential);
            const qsizetype colon = cred.indexOf(QLatin1Char(':'));
            const auto id = colon > 0 ? generateDigest(cred.left(colon), cred.mid(colon + 1), nullptr)
                                      : std::optional<QString>();
            out << (id ? QStringLiteral("digest:") + *id : QStringLiteral("digest:?"));
        } else {
            out << scheme + QStringLiteral(":?");
        }
    }
    QString server = adapter_->currentServer();
    if (server.isEmpty()) {
        std::string err;
        if (auto cs = client::parseConnectString(options.connectString, &err); cs && !cs->hosts.empty())
            server = QString::fromStdString(cs->hosts.front().host);
    } else {
        server = server.left(server.lastIndexOf(QLatin1Char(':')));
    }
    const QString local = localAddressTowards(server);
    if (!local.isEmpty()) out << QStringLiteral("ip:") + local;
    return out;
}

QString localAddressTowards(const QString& host) {
    if (host.isEmpty()) return {};
    QString h = host;
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']'))) h = h.mid(1, h.size() - 2);
    addrinfo hints{};
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* res = nullptr;
    if (getaddrinfo(h.toUtf8().constData(), "2181", &hints, &res) != 0 || !res) return {};
    QString out;
    const int fd = ::socket(res->ai_family, SOCK_DGRAM, 0);
    if (fd >= 0) {
        if (::connect(fd, res->ai_addr, res->ai_addrlen) == 0) {
            sockaddr_storage local{};
            socklen_t len = sizeof local;
            if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) == 0) {
                char buf[INET6_ADDRSTRLEN] = {};
                const void* addr = local.ss_family == AF_INET
                                       ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(&local)->sin_addr)
                                       : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(&local)->sin6_addr);
                if (inet_ntop(local.ss_family, addr, buf, sizeof buf)) out = QString::fromLatin1(buf);
            }
        }
        ::close(fd);
    }
    freeaddrinfo(res);
    return out;
}

// ---------------------------------------------------------------- panel

NodePanel::NodePanel(QWidget* parent)
    : QWidget(parent),
      pathLabel_(new QLabel(this)),
      guardLabel_(new QLabel(this)),
      message_(new QLabel(this)),
      saveButton_(new QPushButton(this)),
      reloadButton_(new QPushButton(this)),
      createButton_(new QPushButton(this)),
      tabs_(new QTabWidget(this)),
      editor_(new DataEditor(this)),
      statView_(new StatView(this)),
      aclEditor_(new AclEditor(this)) {
    setObjectName(QStringLiteral("nodePanel"));
    pathLabel_->setObjectName(QStringLiteral("nodePath"));
    guardLabel_->setObjectName(QStringLiteral("guardBadge"));
    message_->setObjectName(QStringLiteral("panelMessage"));
    saveButton_->setObjectName(QStringLiteral("saveButton"));
    reloadButton_->setObjectName(QStringLiteral("reloadButton"));
    createButton_->setObjectName(QStringLiteral("createButton"));
    pathLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message_->hide();
    guardLabel_->setStyleSheet(QStringLiteral(
        "QLabel { color: white; background: #b9770e; border-radius: 3px; padding: 1px 6px; font-weight: bold; }"));
    guardLabel_->hide();

    auto* header = new QHBoxLayout;
    header->addWidget(pathLabel_, 1);
    header->addWidget(guardLabel_);
    header->addWidget(createButton_);
    header->addWidget(reloadButton_);
    header->addWidget(saveButton_);

    tabs_->addTab(editor_, QString());
    tabs_->addTab(statView_, QString());
    tabs_->addTab(aclEditor_, QString());

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(message_);
    layout->addWidget(tabs_, 1);

    auto* saveAction = new QAction(this);
    saveAction->setShortcut(QKeySequence::Save);
    saveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(saveAction);
    auto* reloadAction = new QAction(this);
    reloadAction->setShortcut(QKeySequence::Refresh);
    reloadAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(reloadAction);

    connect(saveAction, &QAction::triggered, this, &NodePanel::save);
    connect(reloadAction, &QAction::triggered, this, &NodePanel::reload);
    connect(saveButton_, &QPushButton::clicked, this, &NodePanel::save);
    connect(reloadButton_, &QPushButton::clicked, this, &NodePanel::reload);
    connect(createButton_, &QPushButton::clicked, this, [this] { openCreateDialog(); });
    connect(aclEditor_, &AclEditor::applyRequested, this, &NodePanel::saveAcl);
    connect(editor_, &DataEditor::modifiedChanged, this, [this](bool m) {
        updateHeader();
        emit modifiedChanged(m);
    });
    connect(editor_, &DataEditor::problem, this, [this](const QString& s) { showMessage(s, true); });

    confirmer_ = [this](const QString& title, const QString& question) {
        return QMessageBox::question(this, title, question, QMessageBox::Yes | QMessageBox::No, QMessageBox::No) ==
               QMessageBox::Yes;
    };
    retranslateUi();
}

NodePanel::~NodePanel() = default;

ConflictDialog* NodePanel::conflictDialog() const { return conflict_; }

void NodePanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void NodePanel::retranslateUi() {
    reloadButton_->setText(tr("Re&load"));
    createButton_->setText(tr("&New child..."));
    guardLabel_->setText(tr("Read-only guard"));
    guardLabel_->setToolTip(tr("This cluster's profile is guarded: writes are refused until you unlock it "
                               "for this session."));
    saveButton_->setToolTip(tr("Save the data, checked against the version you loaded (Ctrl+S)."));
    reloadButton_->setToolTip(tr("Load the node again from the server (F5)."));
    tabs_->setTabText(tabs_->indexOf(editor_), tr("Data"));
    tabs_->setTabText(tabs_->indexOf(statView_), tr("Stat"));
    tabs_->setTabText(tabs_->indexOf(aclEditor_), tr("ACL"));
    updateHeader();  // the save button's text and the "no node" title
}

void NodePanel::setSource(std::shared_ptr<NodeSource> source) {
    source_ = std::move(source);
    ++loadSeq_;
}

void NodePanel::setReadOnly(bool readOnly) {
    readOnly_ = readOnly;
    editor_->setReadOnly(readOnly);
    aclEditor_->setReadOnly(readOnly);
    guardLabel_->setVisible(readOnly);
    updateHeader();
}

void NodePanel::setConfirmer(Confirmer confirmer) { confirmer_ = std::move(confirmer); }

bool NodePanel::confirm(const QString& title, const QString& question) {
    return confirmer_ ? confirmer_(title, question) : false;
}

bool NodePanel::isModified() const { return haveNode_ && (editor_->isModified() || aclEditor_->isModified()); }

QString NodePanel::messageText() const { return message_->isVisible() || !message_->text().isEmpty() ? message_->text() : QString(); }

void NodePanel::showMessage(const QString& text, bool error) {
    messageIsError_ = error;
    message_->setText(text);
    message_->setVisible(!text.isEmpty());
    message_->setStyleSheet(error ? QStringLiteral("QLabel { color: #c0392b; }") : QString());
    if (!text.isEmpty()) {
        if (error)
            spdlog::info("ui: node panel: {}", text.toStdString());
        else
            spdlog::debug("ui: node panel: {}", text.toStdString());
        emit message(text, error);
    }
}

void NodePanel::updateHeader() {
    QString title = path_.isEmpty() ? tr("No node selected") : path_;
    if (haveNode_ && editor_->isModified()) title += QStringLiteral(" *");
    pathLabel_->setText(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()));
    saveButton_->setEnabled(haveNode_);
    reloadButton_->setEnabled(!path_.isEmpty());
    saveButton_->setText(readOnly_ ? tr("&Save (locked)") : tr("&Save"));
}

bool NodePanel::guardWrite(const QString& what) {
    if (!readOnly_) return true;
    showMessage(tr("This cluster is read-only: the guard refuses to %1. Unlock it for this session to make "
                   "changes.")
                    .arg(what),
                true);
    return false;
}

void NodePanel::loadNode(const QString& path) {
    path_ = path;
    haveNode_ = false;
    const quint64 seq = ++loadSeq_;
    if (conflict_) conflict_->close();
    updateHeader();
    if (!source_) {
        showMessage(tr("Not connected."), true);
        return;
    }
    showMessage({}, false);
    QPointer<NodePanel> self(this);
    source_->getData(path, [self, seq, path](client::Result<client::NodeData> r) {
        if (!self || self->loadSeq_ != seq) return;
        if (!r.ok()) {
            self->editor_->setBytes({});
            self->statView_->clear();
            if (r.err == Err::NoAuth)
                self->explainNoAuth(Operation::GetData, path, QString::fromStdString(r.message));
            else
                self->showMessage(describeNodeError(r.err, Operation::GetData, path, QString::fromStdString(r.message)),
                                  true);
            self->updateHeader();
            return;
        }
        const QByteArray bytes(r.value.data.data(), qsizetype(r.value.data.size()));
        self->stat_ = r.value.stat;
        self->haveNode_ = true;
        self->editor_->setBytes(bytes, r.value.isNull);
        self->statView_->setStat(r.value.stat);
        self->updateHeader();
        emit self->nodeLoaded(path);
    });
    loadAcl();
}

void NodePanel::loadAcl() {
    const quint64 seq = loadSeq_;
    const QString path = path_;
    QPointer<NodePanel> self(this);
    source_->getAcl(path, [self, seq, path](client::Result<client::AclData> r) {
        if (!self || self->loadSeq_ != seq) return;
        if (!r.ok()) {
            self->aclEditor_->setAcl({});
            self->aclVersion_ = -1;
            return;  // the data load reports the problem
        }
        self->aclVersion_ = r.value.stat.aversion;
        self->aclEditor_->setAcl(r.value.acl);
        // getACL's Stat is newer than (or as new as) the data load's.
        if (self->haveNode_ && r.value.stat.version == self->stat_.version) self->statView_->setStat(r.value.stat);
    });
}

void NodePanel::reload() {
    if (!path_.isEmpty()) loadNode(path_);
}

void NodePanel::explainNoAuth(Operation op, const QString& path, const QString& fallback) {
    const quint64 seq = loadSeq_;
    QPointer<NodePanel> self(this);
    const QString first = describeNodeError(Err::NoAuth, op, path, fallback);
    source_->getAcl(path, [self, seq, path, first](client::Result<client::AclData> r) {
        if (!self || self->loadSeq_ != seq) return;
        QString aclText;
        if (r.ok()) {
            QStringList entries;
            for (const proto::ACL& a : r.value.acl) entries << aclEntryText(a);
            aclText = tr("The node's ACL: %1.").arg(entries.join(QStringLiteral(", ")));
        } else {
            aclText = tr("The server does not let this session read the node's ACL either.");
        }
        const QStringList ids = self->source_ ? self->source_->identities() : QStringList();
        const QString idText =
            ids.isEmpty() ? tr("This session has no identity besides its address.")
                          : tr("This session's identities: %1 (the credentials this connection added and the address "
                               "it connects from; the C client cannot ask the server, it has no whoAmI).")
                                .arg(ids.join(QStringLiteral(", ")));
        self->showMessage(first + QLatin1Char('\n') + aclText + QLatin1Char('\n') + idText, true);
    });
}

void NodePanel::save() {
    if (!guardWrite(tr("save the data"))) return;
    if (!haveNode_ || !source_) {
        showMessage(tr("Load a node before saving."), true);
        return;
    }
    QString why;
    const auto bytes = editor_->currentBytes(&why);
    if (!bytes) {
        showMessage(tr("Not saved: the text cannot be written as %1. %2").arg(encodingName(editor_->encoding()), why),
                    true);
        return;
    }
    const Validation v = editor_->validation();
    if (!v.ok &&
        !confirm(tr("Save invalid data?"),
                 tr("The data is not valid %1 (%2). Save it anyway?").arg(formatName(editor_->dataFormat()), v.describe())))
        return;
    writeData(*bytes, stat_.version, editor_->originalBytes());
}

void NodePanel::writeData(const QByteArray& bytes, int version, const QByteArray& base) {
    const quint64 seq = loadSeq_;
    const QString path = path_;
    QPointer<NodePanel> self(this);
    spdlog::info("ui: saving {} ({} bytes, expected version {})", path.toStdString(), bytes.size(), version);
    source_->setData(path, bytes, version, [self, seq, path, bytes, base](client::Result<proto::Stat> r) {
        if (!self || self->loadSeq_ != seq) return;
        if (r.ok()) {
            self->stat_ = r.value;
            self->editor_->resetTo(bytes);
            self->statView_->setStat(r.value);
            self->updateHeader();
            self->showMessage(tr("Saved %1 (version %2).").arg(path).arg(r.value.version), false);
            emit self->saved(path, r.value);
            return;
        }
        if (r.err == Err::BadVersion) {
            self->startConflict(base, bytes);
            return;
        }
        if (r.err == Err::NoAuth) {
            self->explainNoAuth(Operation::SetData, path, QString::fromStdString(r.message));
            return;
        }
        self->showMessage(tr("Not saved. %1").arg(describeNodeError(r.err, Operation::SetData, path,
                                                                    QString::fromStdString(r.message))),
                          true);
    });
}

void NodePanel::startConflict(const QByteArray& base, const QByteArray& mine) {
    const quint64 seq = loadSeq_;
    const QString path = path_;
    QPointer<NodePanel> self(this);
    showMessage(tr("%1 changed on the server since you loaded it; fetching its current data...").arg(path), true);
    source_->getData(path, [self, seq, path, base, mine](client::Result<client::NodeData> r) {
        if (!self || self->loadSeq_ != seq) return;
        if (!r.ok()) {
            self->showMessage(tr("Not saved. %1").arg(describeNodeError(r.err, Operation::GetData, path,
                                                                        QString::fromStdString(r.message))),
                              true);
            return;
        }
        const QByteArray theirs(r.value.data.data(), qsizetype(r.value.data.size()));
        const proto::Stat theirsStat = r.value.stat;
        // One encoding for all three, exact for each: the editor's, else hex.
        TextEncoding enc = self->editor_->encoding();
        for (const QByteArray* b : {&base, &theirs, &mine})
            if (!decode(*b, enc).exact) enc = TextEncoding::Hex;
        ConflictInput in;
        in.path = path;
        in.base = decode(base, enc).text;
        in.theirs = decode(theirs, enc).text;
        in.mine = decode(mine, enc).text;
        in.baseVersion = self->stat_.version;
        in.theirsVersion = theirsStat.version;
        in.encodingName = encodingName(enc);
        // A pretty-printed edit of compact JSON/XML would differ on every
        // line; compare like with like when all three parse.
        const DataFormat fmt = self->editor_->dataFormat();
        if (enc != TextEncoding::Hex && (fmt == DataFormat::Json || fmt == DataFormat::Xml)) {
            // An edit laid out over several lines (pretty-printed, or partly
            // re-indented by hand) against compact stored data: compare the
            // pretty forms of all three so that only real changes conflict.
            const auto pm = prettyPrint(fmt, in.mine, nullptr);
            const bool mineMultiLine = in.mine.trimmed().contains(QLatin1Char('\n'));
            if (pm && (*pm == in.mine || mineMultiLine)) {
                const auto pb = prettyPrint(fmt, in.base, nullptr);
                const auto pt = prettyPrint(fmt, in.theirs, nullptr);
                if (pb && pt && (*pb != in.base || *pt != in.theirs)) {
                    const bool mineChanged = *pm != in.mine;
                    in.base = *pb;
                    in.theirs = *pt;
                    in.mine = *pm;
                    in.note = mineChanged
                                  ? tr("All three versions are shown pretty-printed, your edit too, so that their "
                                       "lines compare.")
                                  : tr("The loaded and server versions are shown pretty-printed, like your edit, so "
                                       "that their lines compare.");
                }
            }
        }
        if (self->conflict_) self->conflict_->deleteLater();
        auto* dialog = new ConflictDialog(self);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setInput(in);
        self->conflict_ = dialog;
        connect(dialog, &ConflictDialog::chosen, self,
                [self, seq, dialog, enc, theirs, theirsStat, path](ConflictDialog::Choice choice) {
                    if (!self || self->loadSeq_ != seq) return;
                    if (choice == ConflictDialog::Choice::Reload) {
                        self->loadNode(path);
                        return;
                    }
                    if (choice == ConflictDialog::Choice::Cancel) {
                        self->showMessage(tr("Not saved: %1 changed on the server. Your edit is still here; save "
                                             "again to compare, or reload.")
                                              .arg(path),
                                          true);
                        return;
                    }
                    QString why;
                    const auto bytes = encode(dialog->resultText(), enc, &why);
                    if (!bytes) {
                        self->showMessage(tr("Not saved: the result cannot be written as %1. %2")
                                              .arg(encodingName(enc), why),
                                          true);
                        return;
                    }
                    if (dialog->resultHasConflicts() &&
                        !self->confirm(tr("Save conflict markers?"),
                                       tr("The result still holds conflict markers (<<<<<<< ... >>>>>>>). "
                                          "Save it like that?")))
                        return;
                    if (choice == ConflictDialog::Choice::Overwrite) {
                        if (!self->guardWrite(tr("overwrite the data"))) return;
                        if (!self->confirm(tr("Overwrite?"),
                                           tr("Replace the data of %1 with the result, whatever the server holds by "
                                              "then? The other client's change is lost.")
                                               .arg(path)))
                            return;
                        self->writeData(*bytes, -1, theirs);
                    } else {
                        if (!self->guardWrite(tr("save the data"))) return;
                        // The base of any next conflict is what we merged against.
                        self->stat_ = theirsStat;
                        self->writeData(*bytes, theirsStat.version, theirs);
                    }
                });
        dialog->setWindowModality(Qt::WindowModal);
        dialog->open();
        emit self->conflictShown(dialog);
    });
}

void NodePanel::saveAcl() {
    if (!guardWrite(tr("change the ACL"))) return;
    if (!haveNode_ || !source_) {
        showMessage(tr("Load a node before changing its ACL."), true);
        return;
    }
    if (aclVersion_ < 0) {
        showMessage(tr("The ACL of %1 could not be read, so it cannot be changed safely.").arg(path_), true);
        return;
    }
    const QStringList problems = aclEditor_->problems();
    if (!problems.isEmpty()) {
        showMessage(tr("ACL not applied: %1").arg(problems.join(QLatin1Char(' '))), true);
        return;
    }
    const quint64 seq = loadSeq_;
    const QString path = path_;
    QPointer<NodePanel> self(this);
    spdlog::info("ui: applying the ACL of {} (expected ACL version {})", path.toStdString(), aclVersion_);
    source_->setAcl(path, aclEditor_->acl(), aclVersion_, [self, seq, path](client::Result<client::Empty> r) {
        if (!self || self->loadSeq_ != seq) return;
        if (!r.ok()) {
            if (r.err == Err::BadVersion)
                self->explainAclConflict(path);
            else if (r.err == Err::NoAuth)
                self->explainNoAuth(Operation::SetACL, path, QString::fromStdString(r.message));
            else
                self->showMessage(tr("ACL not applied. %1")
                                      .arg(describeNodeError(r.err, Operation::SetACL, path,
                                                             QString::fromStdString(r.message))),
                                  true);
            return;
        }
        self->showMessage(tr("ACL of %1 applied.").arg(path), false);
        self->loadAcl();
        emit self->aclSaved(path);
    });
}

void NodePanel::explainAclConflict(const QString& path) {
    // The editor is not touched: the user's entries stay as they are.
    const quint64 seq = loadSeq_;
    QPointer<NodePanel> self(this);
    source_->getAcl(path, [self, seq, path](client::Result<client::AclData> r) {
        if (!self || self->loadSeq_ != seq) return;
        if (!r.ok()) {
            self->showMessage(tr("ACL not applied: another client changed the ACL of %1 after you loaded it, and "
                                 "it cannot be read now. %2 Your entries are still in the editor.")
                                  .arg(path, describeNodeError(r.err, Operation::GetACL, path,
                                                               QString::fromStdString(r.message))),
                              true);
            emit self->aclConflict(path);
            return;
        }
        // The user has now seen the server's ACL: the next apply is checked
        // against that version (a further change conflicts again).
        self->aclVersion_ = r.value.stat.aversion;
        QStringList entries;
        for (const proto::ACL& a : r.value.acl) entries << aclEntryText(a);
        self->showMessage(tr("ACL not applied: another client changed the ACL of %1 after you loaded it. The "
                             "server's ACL is now: %2\nYour entries are still in the editor: apply them again to "
                             "replace the server's ACL with them, or reload to take the server's.")
                              .arg(path, entries.join(QStringLiteral(", "))),
                          true);
        emit self->aclConflict(path);
    });
}

CreateNodeDialog* NodePanel::openCreateDialog() {
    auto* dialog = new CreateNodeDialog(path_.isEmpty() ? QStringLiteral("/") : path_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<CreateNodeDialog> guard(dialog);
    connect(dialog, &QDialog::accepted, this, [this, guard] {
        if (!guard) return;
        if (auto r = guard->request(nullptr)) createNode(*r);
    });
    dialog->setWindowModality(Qt::WindowModal);
    dialog->open();
    return dialog;
}

void NodePanel::createNode(const CreateRequest& request) {
    if (!guardWrite(tr("create %1").arg(request.path))) return;
    if (!source_) {
        showMessage(tr("Not connected."), true);
        return;
    }
    QPointer<NodePanel> self(this);
    const QString path = request.path;
    source_->create(path, request.data, request.options, [self, path](client::Result<client::Created> r) {
        if (!self) return;
        if (!r.ok()) {
            if (r.err == Err::NoAuth) {
                const std::string utf8 = path.toStdString();
                const QString parent = QString::fromUtf8(parentOf(utf8));
                self->explainNoAuth(Operation::Create, parent, QString::fromStdString(r.message));
            } else {
                self->showMessage(tr("Not created. %1")
                                      .arg(describeNodeError(r.err, Operation::Create, path,
                                                             QString::fromStdString(r.message))),
                                  true);
            }
            return;
        }
        const QString created = QString::fromStdString(r.value.path);
        self->showMessage(tr("Created %1.").arg(created), false);
        emit self->nodeCreated(created);
    });
}

}  // namespace zooscope::ui
