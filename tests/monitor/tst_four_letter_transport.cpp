// tcpFourLetterWordTransport (zooscope/four_letter_transport.h) against small
// loopback servers of its own: a whole answer, an answer in pieces, a port
// nobody listens on, a server that accepts and never answers (a SIGSTOPped
// server looks like that), one that answers half and stalls, a name that does
// not resolve; and the in-process engine's srvr through probeServer.
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <thread>

#include "test_support.h"
#include "zooscope/four_letter_transport.h"

using namespace zooscope::monitor;
using namespace std::chrono_literals;

namespace {

// A listening loopback socket; `serve` (when given) handles one connection.
class MiniServer {
public:
    explicit MiniServer(std::function<void(int)> serve = {}) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 4) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
            qFatal("cannot listen");
        port_ = ntohs(a.sin_port);
        if (serve)
            thread_ = std::thread([this, serve] {
                const int c = ::accept(fd_, nullptr, nullptr);
                if (c < 0) return;
                char word[4];
                if (::recv(c, word, 4, MSG_WAITALL) == 4) serve(c);
                ::close(c);
            });
    }
    ~MiniServer() {
        ::shutdown(fd_, SHUT_RDWR);
        if (thread_.joinable()) thread_.join();
        ::close(fd_);
    }
    Endpoint endpoint() const { return {"127.0.0.1", port_}; }

private:
    int fd_ = -1;
    uint16_t port_ = 0;
    std::thread thread_;
};

void sendAll(int fd, std::string_view s) { (void)::send(fd, s.data(), s.size(), MSG_NOSIGNAL); }

}  // namespace

class TstFourLetterTransport : public QObject {
    Q_OBJECT
    const FourLetterWordTransport ask_ = tcpFourLetterWordTransport();

private slots:
    void wholeAnswer() {
        MiniServer s([](int c) { sendAll(c, "imok"); });
        QCOMPARE(QString::fromStdString(ask_(s.endpoint(), "ruok", 2s)), QString("imok"));
    }
    void answerInPieces() {
        MiniServer s([](int c) {
            sendAll(c, "Zookeeper version: 3.8.0\n");
            std::this_thread::sleep_for(100ms);
            sendAll(c, "Mode: leader\n");
        });
        QCOMPARE(QString::fromStdString(ask_(s.endpoint(), "srvr", 2s)),
                 QString("Zookeeper version: 3.8.0\nMode: leader\n"));
    }
    void nobodyListens() {
        const uint16_t port = zooscope::testing::freeLoopbackPort();
        QVERIFY(ask_({"127.0.0.1", port}, "srvr", 2s).empty());
    }
    // Accepts (the kernel does, even for a stopped process) and never
    // answers: the call ends at its deadline with no answer.
    void silentServerEndsAtTheDeadline() {
        MiniServer s;  // listens, never accepts
        const auto start = std::chrono::steady_clock::now();
        QVERIFY(ask_(s.endpoint(), "srvr", 300ms).empty());
        const auto took = std::chrono::steady_clock::now() - start;
        QVERIFY2(took >= 250ms && took < 5s, "bounded by the timeout");
    }
    void halfAnswerIsNoAnswer() {
        MiniServer s([](int c) {
            sendAll(c, "Zookeeper version: 3.8.0\n");
            std::this_thread::sleep_for(1s);
        });
        QVERIFY(ask_(s.endpoint(), "srvr", 300ms).empty());
    }
    void unknownHost() { QVERIFY(ask_({"no-such-host.invalid", 2181}, "srvr", 1s).empty()); }

    void engineThroughProbe() {
        std::string error;
        auto engine = zooscope::testing::startEngine({}, &error);
        QVERIFY2(engine, error.c_str());
        ProbeOptions options;
        const ServerSample s =
            probeServer({{"127.0.0.1", uint16_t(engine->port())}, std::nullopt}, options, ask_);
        QCOMPARE(s.mode, std::optional(ServerMode::Standalone));
        QVERIFY(s.fromFourLetterWords);
        QVERIFY(s.znodes.has_value() && s.watches.has_value());
    }
};

QTEST_GUILESS_MAIN(TstFourLetterTransport)
#include "tst_four_letter_transport.moc"
