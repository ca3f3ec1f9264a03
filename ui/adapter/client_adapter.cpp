#include "adapter/client_adapter.h"
#include "adapter/retired_threads.h"

#include <QCoreApplication>

#include <spdlog/spdlog.h>

#include <algorithm>

namespace zooscope::ui {

namespace {

// Runs `fn` on the GUI thread (the application object's thread), later.
// QCoreApplication outlives every adapter, so it is a safe target from any
// thread; the functors check their own QPointer.
template <typename F>
void postToGui(F&& fn) {
    QCoreApplication* app = QCoreApplication::instance();
    if (!app) return;
    QMetaObject::invokeMethod(app, std::forward<F>(fn), Qt::QueuedConnection);
}

std::string utf8(const QString& s) { return s.toStdString(); }

}  // namespace

ClientAdapter::ClientAdapter(QObject* parent) : QObject(parent) {
    qRegisterMetaType<zooscope::proto::EventType>();
    qRegisterMetaType<zooscope::ui::ClientAdapter::State>();
}

// Late results of the session find a null QPointer and are dropped; its
// goodbye is not waited for here (RetiredThreads). No signal from here.
ClientAdapter::~ClientAdapter() { retireClient(); }

template <typename T>
client::Callback<T> ClientAdapter::marshal(Done<T> done) {
    QPointer<ClientAdapter> self(this);
    auto fn = std::make_shared<Done<T>>(std::move(done));
    return [self, fn](client::Result<T> r) {
        auto res = std::make_shared<client::Result<T>>(std::move(r));
        postToGui([self, fn, res] {
            if (self && *fn) (*fn)(std::move(*res));
        });
    };
}

template <typename T>
void ClientAdapter::refuse(Done<T> done) {
    client::Result<T> r;
    r.err = proto::Err::ConnectionLoss;
    r.message = tr("There is no session: the connection is not open.").toStdString();
    marshal<T>(std::move(done))(std::move(r));
}

bool ClientAdapter::open(const client::ClientOptions& options, QString* error) {
    if (client_) close();
    const int gen = ++generation_;
    QPointer<ClientAdapter> self(this);
    client::Callbacks cbs;
    cbs.onState = [self, gen](client::SessionState s) {
        postToGui([self, gen, s] {
            if (self) self->onState(gen, s);
        });
    };
    cbs.onWatch = [self, gen](proto::EventType type, const std::string& path) {
        const QString p = QString::fromStdString(path);
        postToGui([self, gen, type, p] {
            if (self) self->onWatch(gen, type, p);
        });
    };
    // Checked here first so the refusal can be worded in the user's language;
    // connect() checks the same again.
    if (const QStringList problems = describeOptionProblems(options); !problems.isEmpty()) {
        if (error) *error = problems.join(QLatin1Char(' '));
        std::string english;  // the log keeps the core's English wording
        for (const client::OptionProblem& p : client::validateOptions(options))
            english += (english.empty() ? "" : " ") + p.message;
        spdlog::warn("ui: refusing to open a session with {}: {}", options.connectString, english);
        return false;
    }
    std::string err;
    client_ = client::Client::connect(options, std::move(cbs), &err);
    if (!client_) {
        // Options were fine, so the C client itself could not start (out of
        // memory, or host names it could not resolve); its detail goes to the log.
        if (error)
            *error = tr("The ZooKeeper client could not start a session for \"%1\"; see the log for details.")
                         .arg(QString::fromStdString(options.connectString));
        spdlog::warn("ui: cannot open a session: {}", err);
        return false;
    }
    return true;
}

QStringList ClientAdapter::describeOptionProblems(const client::ClientOptions& options) {
    using client::OptionField;
    QStringList out;
    std::vector<OptionField> seen;
    for (const client::OptionProblem& p : client::validateOptions(options)) {
        // One sentence per field: several bad credentials read as one problem.
        if (std::find(seen.begin(), seen.end(), p.field) != seen.end()) continue;
        seen.push_back(p.field);
        switch (p.field) {
        case OptionField::ConnectString:
            out << tr("The connect string \"%1\" is not valid: expected host:port[,host:port...][/chroot], "
                      "each port between 1 and 65535.")
                       .arg(QString::fromStdString(options.connectString));
            break;
        case OptionField::SessionTimeout:
            out << tr("The session timeout must be a positive number of milliseconds.");
            break;
        case OptionField::Auth: {
            const bool noScheme = std::any_of(options.auth.begin(), options.auth.end(),
                                              [](const client::AuthInfo& a) { return a.scheme.empty(); });
            out << (noScheme ? tr("A credential has no authentication scheme.")
                             : tr("Digest credentials must have the form user:password."));
            break;
        }
        case OptionField::Ssl:
            out << tr("TLS (SSL) connections are not supported by this build: Debian's ZooKeeper C client 3.8.0 "
                      "is compiled without OpenSSL.");
            break;
        case OptionField::Sasl:
            out << tr("SASL authentication is not supported by this build: Debian's ZooKeeper C client 3.8.0 is "
                      "compiled without Cyrus SASL.");
            break;
        case OptionField::JuteMaxBuffer:
            out << tr("jute.maxbuffer must be a positive number of bytes.");
            break;
        }
    }
    return out;
}

void ClientAdapter::close() {
    if (!client_) return;
    ++generation_;  // the old session's state changes no longer count
    retireClient();
    if (state_ != State::Closed) {
        state_ = State::Closed;
        emit stateChanged(state_);
    }
}

void ClientAdapter::retireClient() {
    if (!client_) return;
    // close() may wait for the server's goodbye (seconds, when the server is
    // stopped or gone): never on the GUI thread, not even when the adapter
    // goes with its tab. Another holder (clientShared()) may keep the object;
    // it is closed here all the same, so its outstanding requests end with
    // ConnectionLoss. Its callbacks only post to the application object.
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::thread closer([c = std::move(client_), done]() mutable {
        c->close();
        c.reset();
        done->store(true);
    });
    RetiredThreads::instance().add(std::move(closer), std::move(done));
}

ClientAdapter::State ClientAdapter::fromSessionState(client::SessionState s) {
    switch (s) {
    case client::SessionState::Connecting: return State::Connecting;
    case client::SessionState::Connected: return State::Connected;
    case client::SessionState::Suspended: return State::Suspended;
    case client::SessionState::Reconnected: return State::Reconnected;
    case client::SessionState::Expired: return State::Expired;
    case client::SessionState::AuthFailed: return State::AuthFailed;
    case client::SessionState::Closed: return State::Closed;
    }
    return State::Disconnected;
}

QString ClientAdapter::stateName(State s) {
    switch (s) {
    case State::Disconnected: return tr("disconnected");
    case State::Connecting: return tr("connecting");
    case State::Connected: return tr("connected");
    case State::Suspended: return tr("suspended");
    case State::Reconnected: return tr("reconnected");
    case State::Expired: return tr("expired");
    case State::AuthFailed: return tr("authentication failed");
    case State::Closed: return tr("closed");
    }
    return QString();
}

void ClientAdapter::onState(int gen, client::SessionState s) {
    if (gen != generation_) return;
    const State next = fromSessionState(s);
    if (next == state_) return;
    state_ = next;
    emit stateChanged(state_);
}

void ClientAdapter::onWatch(int gen, proto::EventType type, const QString& path) {
    if (gen != generation_) return;
    emit nodeEvent(type, path);
}

qint64 ClientAdapter::sessionId() const { return client_ ? client_->sessionId() : 0; }

client::SessionCredentials ClientAdapter::sessionCredentials() const {
    return client_ ? client_->sessionCredentials() : client::SessionCredentials{};
}

QString ClientAdapter::currentServer() const {
    return client_ ? QString::fromStdString(client_->currentServer()) : QString();
}

client::ClientOptions ClientAdapter::options() const { return client_ ? client_->options() : client::ClientOptions{}; }

// ---------------------------------------------------------------- operations

#define ZS_FORWARD(T, call)                \
    do {                                   \
        if (!client_) return refuse<T>(std::move(done)); \
        client_->call;                     \
    } while (0)

void ClientAdapter::getData(const QString& path, bool watch, Done<client::NodeData> done) {
    ZS_FORWARD(client::NodeData, getData(utf8(path), watch, marshal(std::move(done))));
}

void ClientAdapter::setData(const QString& path, const QByteArray& data, int version, Done<proto::Stat> done) {
    ZS_FORWARD(proto::Stat, setData(utf8(path), data.toStdString(), version, marshal(std::move(done))));
}

void ClientAdapter::create(const QString& path, const QByteArray& data, const client::CreateOptions& options,
                           Done<client::Created> done) {
    const proto::CreateMode mode = options.mode;
    const int64_t ttlMs = options.ttlMs;
    QPointer<ClientAdapter> self(this);
    Done<client::Created> wrapped = [self, mode, ttlMs, done = std::move(done)](client::Result<client::Created> r) {
        if (self && r.ok()) emit self->created(QString::fromStdString(r.value.path), mode, ttlMs);
        if (done) done(std::move(r));
    };
    ZS_FORWARD(client::Created, create(utf8(path), data.toStdString(), options, marshal(std::move(wrapped))));
}

void ClientAdapter::remove(const QString& path, int version, Done<client::Empty> done) {
    ZS_FORWARD(client::Empty, remove(utf8(path), version, marshal(std::move(done))));
}

void ClientAdapter::exists(const QString& path, bool watch, Done<std::optional<proto::Stat>> done) {
    ZS_FORWARD(std::optional<proto::Stat>, exists(utf8(path), watch, marshal(std::move(done))));
}

void ClientAdapter::getChildren(const QString& path, bool watch, Done<std::vector<std::string>> done) {
    ZS_FORWARD(std::vector<std::string>, getChildren(utf8(path), watch, marshal(std::move(done))));
}

void ClientAdapter::getChildren2(const QString& path, bool watch, Done<client::Children> done) {
    ZS_FORWARD(client::Children, getChildren2(utf8(path), watch, marshal(std::move(done))));
}

void ClientAdapter::getACL(const QString& path, Done<client::AclData> done) {
    ZS_FORWARD(client::AclData, getACL(utf8(path), marshal(std::move(done))));
}

void ClientAdapter::setACL(const QString& path, const proto::ACLList& acl, int version, Done<client::Empty> done) {
    ZS_FORWARD(client::Empty, setACL(utf8(path), acl, version, marshal(std::move(done))));
}

void ClientAdapter::multi(const std::vector<client::Op>& ops, Done<std::vector<client::OpResult>> done) {
    std::vector<std::pair<proto::CreateMode, int64_t>> creates;
    for (const auto& op : ops)
        if (op.kind == client::Op::Kind::Create) creates.emplace_back(op.create.mode, op.create.ttlMs);
    QPointer<ClientAdapter> self(this);
    Done<std::vector<client::OpResult>> wrapped = [self, creates, done = std::move(done)](
                                                      client::Result<std::vector<client::OpResult>> r) {
        if (self && r.ok()) {
            size_t c = 0;
            for (const auto& res : r.value)
                if (!res.path.empty() && c < creates.size()) {
                    emit self->created(QString::fromStdString(res.path), creates[c].first, creates[c].second);
                    ++c;
                }
        }
        if (done) done(std::move(r));
    };
    ZS_FORWARD(std::vector<client::OpResult>, multi(ops, marshal(std::move(wrapped))));
}

void ClientAdapter::sync(const QString& path, Done<std::string> done) {
    ZS_FORWARD(std::string, sync(utf8(path), marshal(std::move(done))));
}

void ClientAdapter::addAuth(const client::AuthInfo& auth, Done<client::Empty> done) {
    ZS_FORWARD(client::Empty, addAuth(auth, marshal(std::move(done))));
}

void ClientAdapter::getConfig(bool watch, Done<client::NodeData> done) {
    ZS_FORWARD(client::NodeData, getConfig(watch, marshal(std::move(done))));
}

void ClientAdapter::removeWatches(const QString& path, proto::WatcherType type, bool local, Done<client::Empty> done) {
    ZS_FORWARD(client::Empty, removeWatches(utf8(path), type, local, marshal(std::move(done))));
}

void ClientAdapter::removeAllWatches(const QString& path, proto::WatcherType type, bool local,
                                     Done<client::Empty> done) {
    ZS_FORWARD(client::Empty, removeAllWatches(utf8(path), type, local, marshal(std::move(done))));
}

void ClientAdapter::getChildrenWithStats(const QString& parent, const std::vector<std::string>& names,
                                         client::RowDetail detail, Done<std::vector<client::ChildRow>> done) {
    ZS_FORWARD(std::vector<client::ChildRow>,
               getChildrenWithStats(utf8(parent), names, detail, marshal(std::move(done))));
}

void ClientAdapter::setServers(const QString& hosts, Done<std::string> done) {
    ZS_FORWARD(std::string, setServers(utf8(hosts), marshal(std::move(done))));
}

QString ClientAdapter::servers() const { return client_ ? QString::fromStdString(client_->servers()) : QString(); }

void ClientAdapter::reconfig(const client::ReconfigChange& change, Done<client::NodeData> done) {
    ZS_FORWARD(client::NodeData, reconfig(change, marshal(std::move(done))));
}

#undef ZS_FORWARD

}  // namespace zooscope::ui
