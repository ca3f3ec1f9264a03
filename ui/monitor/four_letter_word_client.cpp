#include "monitor/four_letter_word_client.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <vector>

namespace zooscope::ui {

std::optional<ServerAddress> ServerAddress::parse(const QString& server) {
    const int colon = server.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0) return std::nullopt;
    bool ok = false;
    const uint port = server.mid(colon + 1).toUInt(&ok);
    if (!ok || port == 0 || port > 65535) return std::nullopt;
    QString host = server.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']'))) host = host.mid(1, host.size() - 2);
    if (host.isEmpty()) return std::nullopt;
    return ServerAddress{host, quint16(port)};
}

struct FourLetterWordClient::Pending {
    QTcpSocket* socket = nullptr;  // child of the client
    QTimer* deadline = nullptr;    // child of the socket
    QByteArray buffer;
    QElapsedTimer clock;
    std::vector<Done> waiting;
};

FourLetterWordClient::FourLetterWordClient(const QString& host, quint16 port, QObject* parent)
    : QObject(parent), host_(host), port_(port) {}

FourLetterWordClient::~FourLetterWordClient() {
    // Silence the sockets before they go: a socket closing in its destructor
    // emits disconnected/errorOccurred, whose handlers would reach into a
    // client that is half destroyed.
    for (auto& [command, p] : pending_) {
        p->socket->disconnect();
        delete p->socket;
    }
}

void FourLetterWordClient::ask(const QString& command, Done done, int timeoutMs) {
    if (auto it = pending_.find(command); it != pending_.end()) {
        it->second->waiting.push_back(std::move(done));
        return;
    }
    auto pending = std::make_unique<Pending>();
    pending->waiting.push_back(std::move(done));
    pending->clock.start();
    auto* socket = new QTcpSocket(this);
    pending->socket = socket;
    pending_.emplace(command, std::move(pending));
    if (host_.isEmpty() || port_ == 0) {
        // Later, like every other reply.
        QTimer::singleShot(0, socket, [this, command] { finish(command, tr("No server to ask: the connection is not open.")); });
        return;
    }
    auto* timer = new QTimer(socket);
    pending_.at(command)->deadline = timer;
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, socket, [this, command, timeoutMs] {
        finish(command, tr("The server did not answer \"%1\" within %2 ms.").arg(command).arg(timeoutMs));
    });
    connect(socket, &QTcpSocket::connected, socket, [socket, command] { socket->write(command.toLatin1()); });
    connect(socket, &QTcpSocket::readyRead, socket, [this, socket, command] {
        pending_.at(command)->buffer.append(socket->readAll());
    });
    connect(socket, &QTcpSocket::disconnected, socket, [this, socket, command] {
        pending_.at(command)->buffer.append(socket->readAll());
        finish(command, QString());
    });
    connect(socket, &QTcpSocket::errorOccurred, socket, [this, socket, command](QAbstractSocket::SocketError e) {
        // The server closing after its answer is the normal end.
        if (e == QAbstractSocket::RemoteHostClosedError) {
            pending_.at(command)->buffer.append(socket->readAll());
            finish(command, QString());
            return;
        }
        finish(command, tr("Cannot reach %1:%2: %3").arg(host_).arg(port_).arg(socket->errorString()));
    });
    timer->start(timeoutMs);
    socket->connectToHost(host_, port_);
}

void FourLetterWordClient::finish(const QString& command, const QString& error) {
    auto it = pending_.find(command);
    if (it == pending_.end()) return;  // already answered (disconnect after an error)
    std::unique_ptr<Pending> p = std::move(it->second);
    pending_.erase(it);
    // Nothing of this ask may reach a later ask of the same word.
    if (p->deadline) p->deadline->stop();
    p->socket->disconnect();
    p->socket->deleteLater();
    FourLetterReply reply;
    reply.command = command;
    reply.text = QString::fromUtf8(p->buffer);
    reply.error = error;
    if (error.isEmpty()) {
        reply.elapsedMs = p->clock.elapsed();
        reply.refused = reply.text.contains(QLatin1String("is not executed because it is not in the whitelist"));
    }
    // Out of the socket's signal handler: a `done` may destroy this client.
    auto waiting = std::make_shared<std::vector<Done>>(std::move(p->waiting));
    QMetaObject::invokeMethod(
        this,
        [waiting, reply] {
            for (const Done& done : *waiting)
                if (done) done(reply);
        },
        Qt::QueuedConnection);
}

}  // namespace zooscope::ui
