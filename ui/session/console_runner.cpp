#include "session/console_runner.h"

#include <QCoreApplication>
#include <QMetaObject>

#include <chrono>
#include <cstring>
#include <ostream>
#include <streambuf>

#include "adapter/client_adapter.h"
#include "monitor/four_letter_word_client.h"
#include "zooscope/ctl.h"

namespace zooscope::ui {

namespace {

// A stream whose text reaches the runner (queued, in order) in whole lines,
// at most every 50 ms while lines keep coming, and all of it at flush.
class PostingBuffer : public std::streambuf {
public:
    PostingBuffer(ConsoleRunner* runner, bool error) : runner_(runner), error_(error) {}
    ~PostingBuffer() override { post(pending_.size()); }

protected:
    int_type overflow(int_type c) override {
        if (c != traits_type::eof()) {
            const char ch = traits_type::to_char_type(c);
            xsputn(&ch, 1);
        }
        return traits_type::not_eof(c);
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        pending_.append(s, size_t(n));
        const auto now = std::chrono::steady_clock::now();
        if (now - lastPost_ >= std::chrono::milliseconds(50) || pending_.size() > (1u << 16)) {
            const size_t end = pending_.rfind('\n');
            if (end != std::string::npos) post(end + 1);
        }
        return n;
    }
    int sync() override {
        post(pending_.size());
        return 0;
    }

private:
    void post(size_t length) {
        if (length == 0) return;
        const QString text = QString::fromUtf8(pending_.data(), qsizetype(length));
        pending_.erase(0, length);
        lastPost_ = std::chrono::steady_clock::now();
        QMetaObject::invokeMethod(
            runner_, [runner = runner_, text, error = error_] { emit runner->output(text, error); },
            Qt::QueuedConnection);
    }

    ConsoleRunner* runner_;
    bool error_;
    std::string pending_;
    std::chrono::steady_clock::time_point lastPost_{};
};

bool looksLikeServer(const QString& word) { return !word.startsWith('/') && word.contains(':'); }

}  // namespace

const QStringList& ConsoleRunner::fourLetterWords() {
    static const QStringList words{"conf", "cons", "crst", "dirs", "dump", "envi", "gtmk", "isro", "mntr",
                                   "ruok", "srst", "srvr", "stat", "stmk", "wchc", "wchp", "wchs"};
    return words;
}

ConsoleRunner::Line ConsoleRunner::classify(const QString& text) {
    Line line;
    std::string error;
    auto words = ctl::splitWords(text.toStdString(), &error);
    if (!words) {
        line.kind = Line::Kind::Invalid;
        line.error = QString::fromStdString(error);
        return line;
    }
    if (words->empty()) return line;
    const QString first = QString::fromStdString(words->front());
    if (first == "4lw") {
        if (words->size() < 2 || words->size() > 3 || words->at(1).size() != 4 ||
            (words->size() == 3 && !looksLikeServer(QString::fromStdString(words->at(2))))) {
            line.kind = Line::Kind::Invalid;
            line.error = QStringLiteral("Usage: 4lw WORD [HOST:PORT], e.g. 4lw mntr.");
            return line;
        }
        line.kind = Line::Kind::FourLetterWord;
        line.word = QString::fromStdString(words->at(1));
        if (words->size() == 3) line.server = QString::fromStdString(words->at(2));
        return line;
    }
    if (fourLetterWords().contains(first) &&
        (words->size() == 1 || (words->size() == 2 && looksLikeServer(QString::fromStdString(words->at(1)))))) {
        line.kind = Line::Kind::FourLetterWord;
        line.word = first;
        if (words->size() == 2) line.server = QString::fromStdString(words->at(1));
        return line;
    }
    line.kind = Line::Kind::Command;
    if (first == "help") {
        line.args.assign(words->begin() + 1, words->end());
        line.args.push_back("--help");
    } else {
        line.args = std::move(*words);
    }
    if (auto summary = ctl::summarizeLine(line.args)) {
        line.command = QString::fromStdString(summary->command);
        line.changesTree = summary->changesTree;
    }
    return line;
}

ConsoleRunner::ConsoleRunner(ClientAdapter* adapter, QObject* parent) : QObject(parent), adapter_(adapter) {
    wordThread_.setObjectName(QStringLiteral("console-4lw"));
}

ConsoleRunner::~ConsoleRunner() {
    stop_.request_stop();
    if (worker_.joinable()) worker_.join();
    if (wordThread_.isRunning()) {
        // The word clients go with their context, on their thread, as the
        // thread finishes (its deferred deletions): pending asks are dropped
        // without a callback, nothing waits on the network.
        wordContext_->deleteLater();
        wordThread_.quit();
        wordThread_.wait();
    }
}

void ConsoleRunner::setProfileServers(const monitor::AdminPorts& adminPorts, const monitor::AlertThresholds& thresholds) {
    profileServers_.emplace(adminPorts, thresholds);
}

bool ConsoleRunner::start(const Line& line, bool writesAllowed) {
    if (running_) return false;
    if (line.kind == Line::Kind::Command) {
        startCommand(line.args, writesAllowed);
        return true;
    }
    if (line.kind == Line::Kind::FourLetterWord) {
        startWord(line.word, line.server.isEmpty() ? defaultServer() : line.server);
        return true;
    }
    return false;
}

void ConsoleRunner::stop() {
    if (running_) stop_.request_stop();
}

QString ConsoleRunner::defaultServer() const {
    if (!adapter_) return {};
    const QString current = adapter_->currentServer();
    if (!current.isEmpty()) return current;
    // Not connected: the connect string's first server.
    const QString hosts = QString::fromStdString(adapter_->options().connectString).section('/', 0, 0);
    return hosts.section(',', 0, 0);
}

void ConsoleRunner::startCommand(const std::vector<std::string>& args, bool writesAllowed) {
    running_ = true;
    stop_ = std::stop_source();
    // The client is shared: a session the adapter replaces meanwhile stays
    // alive (closed) until the command lets go of it, on its own thread.
    std::shared_ptr<client::Client> client = adapter_ ? adapter_->clientShared() : nullptr;
    std::optional<ctl::Environment::HostServers> servers;
    if (profileServers_) servers = ctl::Environment::HostServers{profileServers_->first, profileServers_->second};
    worker_ = std::thread([this, client = std::move(client), args, writesAllowed, servers, token = stop_.get_token()] {
        int code = ctl::kExitCannotConnect;
        {
            PostingBuffer outBuffer(this, false), errBuffer(this, true);
            std::ostream out(&outBuffer), err(&errBuffer);
            if (!client && !(args.size() == 1 && args.front() == "--help")) {
                err << "Not connected: there is no session to run this on.\n";
            } else {
                ctl::Environment env;
                env.out = &out;
                env.err = &err;
                env.client = client.get();
                env.writesAllowed = writesAllowed;
                env.hostServers = servers;
                env.stop = token;
                code = ctl::run(args, env);
            }
            out.flush();
            err.flush();
        }
        QMetaObject::invokeMethod(this, [this, code] { end(code); }, Qt::QueuedConnection);
    });
}

void ConsoleRunner::startWord(const QString& word, const QString& server) {
    running_ = true;
    const auto address = ServerAddress::parse(server);
    if (!address) {
        QMetaObject::invokeMethod(
            this,
            [this, server] {
                emit output(QStringLiteral("'%1' is not HOST:PORT.\n").arg(server), true);
                end(ctl::kExitUsage);
            },
            Qt::QueuedConnection);
        return;
    }
    if (!wordThread_.isRunning()) {
        wordContext_ = new QObject;
        wordContext_->moveToThread(&wordThread_);
        wordThread_.start();
    }
    QMetaObject::invokeMethod(wordContext_, [this, ctx = wordContext_, word, address = *address] {
        auto* words = new FourLetterWordClient(address.host, address.port, ctx);
        words->ask(word, [this, words](const FourLetterReply& reply) {
            // On the word thread: the answer goes to the runner, queued.
            QMetaObject::invokeMethod(
                this,
                [this, reply] {
                    if (!reply.text.isEmpty()) emit output(reply.text.endsWith('\n') ? reply.text : reply.text + '\n', reply.refused);
                    if (!reply.error.isEmpty()) emit output(reply.error + '\n', true);
                    end(reply.ok() ? ctl::kExitOk : reply.refused ? ctl::kExitRefused : ctl::kExitCannotConnect);
                },
                Qt::QueuedConnection);
            words->deleteLater();
        });
    });
}

void ConsoleRunner::end(int exitCode) {
    if (worker_.joinable()) worker_.join();  // it has posted its last word: ends at once
    running_ = false;
    emit finished(exitCode);
}

}  // namespace zooscope::ui
