// zooscope::ui::ClientAdapter — the Qt face of one zooscope::client::Client.
// It brings the client's results, watch events and state changes to the GUI
// thread, and does nothing else: four-letter words and latency probes are
// ui/monitor's, the modes of created nodes CreateModeCache's (ui/models).
//
// Threads: a ClientAdapter lives on the GUI thread and is used only there.
// The Client calls back on its own threads; the adapter re-posts every result,
// watch event and state change to the GUI thread (a queued call on
// QCoreApplication, checked against a QPointer to the adapter), so:
// - every `Done<T>` functor and every signal runs on the GUI thread;
// - a result that arrives after the adapter was destroyed is dropped (its
//   functor is never called); so is one from a session the adapter already
//   replaced with open() (state changes and watch events of the old session
//   are dropped, results still reach their functor).
// Nothing here blocks on the network: calls return at once. close() and the
// destructor hand the session to a thread of RetiredThreads to say goodbye
// to the server (the C client's close: a few seconds at most when the server
// is stopped); nobody on the GUI thread waits for it, main() does at exit.
//
// Errors: results carry client::Result<T> as the client produced it (Err code
// + an English sentence; the UI words its own text from the code). A call
// made with no session (never opened, closed) completes (queued, never
// synchronously) with ConnectionLoss and a translated sentence. open()'s
// *error is translated too (one sentence per refused option).
//
// Paths are QStrings (UTF-8 on the wire), data QByteArrays; result values are
// the client's plain structs (client.h) so no information is lost.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "zooscope/client.h"

namespace zooscope::ui {

class ClientAdapter : public QObject {
    Q_OBJECT
public:
    // Mirrors client::SessionState, plus Disconnected (no session opened yet).
    enum class State { Disconnected, Connecting, Connected, Suspended, Reconnected, Expired, AuthFailed, Closed };
    Q_ENUM(State)

    template <typename T>
    using Done = std::function<void(client::Result<T>)>;

    explicit ClientAdapter(QObject* parent = nullptr);
    ~ClientAdapter() override;

    // Starts a session (closing any previous one). false + *error (the
    // option problems as translated sentences) when the options are refused.
    // Progress arrives as stateChanged (Connecting first).
    bool open(const client::ClientOptions& options, QString* error);
    // Ends the session; stateChanged(Closed) follows. Idempotent.
    void close();

    State state() const { return state_; }
    // Connected or Reconnected: requests can be served now.
    bool isConnected() const { return state_ == State::Connected || state_ == State::Reconnected; }
    // Id of the current session, 0 before the first connection.
    qint64 sessionId() const;
    // Id and password of the current session (to resume it elsewhere); the
    // password is a secret: never log it.
    client::SessionCredentials sessionCredentials() const;
    // "host:port" of the server in use, "" when not connected.
    QString currentServer() const;
    // Options of the current session (default-constructed when none).
    client::ClientOptions options() const;
    // The current session's client, shared: a long operation (zooscope::admin
    // via AdminTask) keeps it alive after open()/close() replaced or closed it
    // here. A client this adapter let go of is already closed (its requests
    // end with ConnectionLoss), so whoever drops the last reference destroys
    // a closed client, which does not wait on the network. nullptr when no
    // session is open. Use it only for work that must run off the GUI thread;
    // everything else goes through the adapter's own calls.
    std::shared_ptr<client::Client> clientShared() const { return client_; }
    // Increments at each open(); lets observers tell sessions apart.
    int generation() const { return generation_; }
    static QString stateName(State s);
    static State fromSessionState(client::SessionState s);
    // A translated sentence for each problem validateOptions() finds in
    // `options` (empty: none), in the order of client::OptionField.
    static QStringList describeOptionProblems(const client::ClientOptions& options);

    // ---- operations (see client.h for semantics). `watch` leaves a one-shot
    // watch; it fires as nodeEvent().
    void getData(const QString& path, bool watch, Done<client::NodeData> done);
    void setData(const QString& path, const QByteArray& data, int version, Done<proto::Stat> done);
    // Announces the node with created() when it succeeds.
    void create(const QString& path, const QByteArray& data, const client::CreateOptions& options,
                Done<client::Created> done);
    void remove(const QString& path, int version, Done<client::Empty> done);
    void exists(const QString& path, bool watch, Done<std::optional<proto::Stat>> done);
    void getChildren(const QString& path, bool watch, Done<std::vector<std::string>> done);
    void getChildren2(const QString& path, bool watch, Done<client::Children> done);
    void getACL(const QString& path, Done<client::AclData> done);
    void setACL(const QString& path, const proto::ACLList& acl, int version, Done<client::Empty> done);
    // Announces each node it created with created() when it succeeds.
    void multi(const std::vector<client::Op>& ops, Done<std::vector<client::OpResult>> done);
    void sync(const QString& path, Done<std::string> done);
    void addAuth(const client::AuthInfo& auth, Done<client::Empty> done);
    void getConfig(bool watch, Done<client::NodeData> done);
    // Moves the session to another server list ("host:port[,...]", no chroot);
    // value: the list now in use. See client::Client::setServers.
    void setServers(const QString& hosts, Done<std::string> done);
    // The server list in use ("" when no session is open).
    QString servers() const;
    // Dynamic reconfiguration; value: the new config data and its Stat.
    // Servers with reconfigEnabled=false answer ReconfigDisabled.
    void reconfig(const client::ReconfigChange& change, Done<client::NodeData> done);
    void removeWatches(const QString& path, proto::WatcherType type, bool local, Done<client::Empty> done);
    // Every watch of `type` this session holds on path (the server is asked;
    // local: remove them here too if it cannot be).
    void removeAllWatches(const QString& path, proto::WatcherType type, bool local, Done<client::Empty> done);
    // Stat (or stat and data) of each of `names` under `parent`, pipelined,
    // in the order of `names`.
    void getChildrenWithStats(const QString& parent, const std::vector<std::string>& names,
                              client::RowDetail detail, Done<std::vector<client::ChildRow>> done);

signals:
    void stateChanged(zooscope::ui::ClientAdapter::State state);
    // A watch fired: NodeCreated/Deleted/DataChanged/ChildrenChanged on path.
    void nodeEvent(zooscope::proto::EventType type, const QString& path);
    // A create (or a create of a multi) sent through this adapter succeeded:
    // `path` as created (with its sequence number), the mode and TTL asked
    // for. Emitted before the request's `done` runs. ZooKeeper does not tell
    // clients whether a node is a container or has a TTL (their Stat looks
    // persistent), so this is the only source for those (CreateModeCache).
    void created(const QString& path, zooscope::proto::CreateMode mode, qint64 ttlMs);

private:
    template <typename T>
    client::Callback<T> marshal(Done<T> done);
    template <typename T>
    void refuse(Done<T> done);
    void onState(int generation, client::SessionState s);
    void onWatch(int generation, proto::EventType type, const QString& path);
    // Hands the client to a thread of RetiredThreads that closes it.
    void retireClient();

    std::shared_ptr<client::Client> client_;  // shared with running admin jobs (clientShared())
    State state_ = State::Disconnected;
    int generation_ = 0;
};

}  // namespace zooscope::ui

Q_DECLARE_METATYPE(zooscope::proto::EventType)
