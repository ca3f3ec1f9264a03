// The node panel: one znode's data (DataEditor), Stat (StatView) and ACL
// (AclEditor), with version-checked saves and the edit-conflict flow.
//
// Contracts:
// - All server traffic goes through a NodeSource whose callbacks run later on
//   the GUI thread (never inside the call); the GUI thread never waits.
// - Every data save is setData(path, bytes, loaded version). BadVersion opens
//   the ConflictDialog (base/theirs/mine + merge); its choices: save the result
//   against the server's new version, overwrite (version -1, after the
//   confirmer says yes), reload, or cancel (keep editing).
// - ACL saves are checked against the loaded aversion. On BadVersion the
//   editor keeps the user's entries, the message shows the server's ACL now,
//   and the next apply is checked against that newer aversion (reload takes
//   the server's instead); aclConflict() is emitted.
// - readOnly (the profile's guard): every write (save, overwrite, ACL, create)
//   is refused with a sentence; nothing is sent.
// - Errors are translated sentences (text/node_errors.h); NoAuth also shows the
//   node's ACL when the server lets this session read it, and identities().
// - Results for a node the panel no longer shows are dropped.
#pragma once

#include <QPointer>
#include <QWidget>

#include <functional>
#include <memory>

#include "zooscope/client.h"

class QLabel;
class QPushButton;
class QTabWidget;

namespace zooscope::ui {

class AclEditor;
class ClientAdapter;
class ConflictDialog;
class CreateNodeDialog;
class DataEditor;
class StatView;
struct CreateRequest;

// What the panel needs from a session: narrow and data-only.
class NodeSource {
public:
    template <typename T>
    using Done = std::function<void(client::Result<T>)>;
    virtual ~NodeSource() = default;
    // Callbacks run on the GUI thread, after the call returned.
    virtual void getData(const QString& path, Done<client::NodeData> done) = 0;
    virtual void setData(const QString& path, const QByteArray& data, int version, Done<proto::Stat> done) = 0;
    virtual void getAcl(const QString& path, Done<client::AclData> done) = 0;
    virtual void setAcl(const QString& path, const proto::ACLList& acl, int aclVersion,
                        Done<client::Empty> done) = 0;
    virtual void create(const QString& path, const QByteArray& data, const client::CreateOptions& options,
                        Done<client::Created> done) = 0;
    // This session's identities as best known ("digest:user:hash",
    // "ip:127.0.0.1"). The C client has no whoAmI: these are the credentials
    // the profile added and the local address towards the server.
    virtual QStringList identities() const = 0;
};

// NodeSource over a ClientAdapter (not owned; the source turns every call into
// a ConnectionLoss result once the adapter is gone).
class AdapterNodeSource : public NodeSource {
public:
    explicit AdapterNodeSource(ClientAdapter* adapter);
    void getData(const QString& path, Done<client::NodeData> done) override;
    void setData(const QString& path, const QByteArray& data, int version, Done<proto::Stat> done) override;
    void getAcl(const QString& path, Done<client::AclData> done) override;
    void setAcl(const QString& path, const proto::ACLList& acl, int aclVersion, Done<client::Empty> done) override;
    void create(const QString& path, const QByteArray& data, const client::CreateOptions& options,
                Done<client::Created> done) override;
    QStringList identities() const override;

private:
    QPointer<ClientAdapter> adapter_;
};

// Local address this host uses to reach `host` ("" when unknown). No packet
// is sent (a UDP socket is connected, then asked for its name).
QString localAddressTowards(const QString& host);

class NodePanel : public QWidget {
    Q_OBJECT
public:
    // Asks the user a yes/no question; the default shows a QMessageBox.
    using Confirmer = std::function<bool(const QString& title, const QString& question)>;

    explicit NodePanel(QWidget* parent = nullptr);
    ~NodePanel() override;

    // The session to use (shared with the owner, e.g. the cluster tab).
    void setSource(std::shared_ptr<NodeSource> source);
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return readOnly_; }
    void setConfirmer(Confirmer confirmer);

    // Loads data, Stat and ACL of `path` (discarding any edit: ask first with
    // isModified()). nodeLoaded() or an error message follows.
    void loadNode(const QString& path);
    QString path() const { return path_; }
    bool hasNode() const { return haveNode_; }
    proto::Stat loadedStat() const { return stat_; }
    bool isModified() const;

    // Saves the editor's bytes against the loaded version (see top).
    void save();
    void reload();
    // Applies the ACL editor's entries against the loaded ACL version.
    void saveAcl();
    // Opens the create dialog for a child of the shown node (or "/") and
    // creates on accept; returns the dialog (open, window-modal).
    CreateNodeDialog* openCreateDialog();
    void createNode(const CreateRequest& request);

    DataEditor* dataEditor() const { return editor_; }
    StatView* statView() const { return statView_; }
    AclEditor* aclEditor() const { return aclEditor_; }
    QTabWidget* tabs() const { return tabs_; }
    // The open conflict dialog, if any.
    ConflictDialog* conflictDialog() const;
    // The message line (last result or error), plain text.
    QString messageText() const;
    bool messageIsError() const { return messageIsError_; }

signals:
    void nodeLoaded(const QString& path);
    void saved(const QString& path, const zooscope::proto::Stat& stat);
    void aclSaved(const QString& path);
    // An ACL apply lost against another client's change (see top).
    void aclConflict(const QString& path);
    void nodeCreated(const QString& path);
    void conflictShown(zooscope::ui::ConflictDialog* dialog);
    // Every message the panel shows (error = refusal or failure).
    void message(const QString& text, bool error);
    void modifiedChanged(bool modified);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    bool guardWrite(const QString& what);
    void showMessage(const QString& text, bool error);
    void writeData(const QByteArray& bytes, int version, const QByteArray& base);
    void startConflict(const QByteArray& base, const QByteArray& mine);
    void loadAcl();
    void explainNoAuth(client::Operation op, const QString& path, const QString& fallback);
    void explainAclConflict(const QString& path);
    bool confirm(const QString& title, const QString& question);
    void updateHeader();

    std::shared_ptr<NodeSource> source_;
    Confirmer confirmer_;
    QString path_;
    proto::Stat stat_;
    int aclVersion_ = -1;
    bool haveNode_ = false;
    bool readOnly_ = false;
    bool messageIsError_ = false;
    quint64 loadSeq_ = 0;  // results of an older load are dropped

    QLabel* pathLabel_;
    QLabel* guardLabel_;
    QLabel* message_;
    QPushButton* saveButton_;
    QPushButton* reloadButton_;
    QPushButton* createButton_;
    QTabWidget* tabs_;
    DataEditor* editor_;
    StatView* statView_;
    AclEditor* aclEditor_;
    QPointer<ConflictDialog> conflict_;
};

}  // namespace zooscope::ui
