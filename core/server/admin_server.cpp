#include "server/admin_server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>

#include "server/admin_commands.h"

namespace zooscope::server {

namespace {

constexpr size_t kMaxBody = 64 * 1024;  // GETs carry none; anything bigger is refused
constexpr int kIdleTimeoutSeconds = 2;
constexpr size_t kRequestsPerConnection = 16;
// cpp-httplib gives each connection a worker until it closes or idles out.
constexpr size_t kWorkerThreads = 4;
// Jetty's defaults: 8 KiB of request headers, answered with 431 beyond that.
constexpr size_t kMaxHeaderBytes = 8 * 1024;

constexpr const char* kJson = "application/json";

class HttpAdminServer final : public AdminServer {
public:
    HttpAdminServer(const ServerConfig& config, AdminFiguresSource& source)
        : source_(source), commandUrl_(config.adminCommandUrl) {
        while (commandUrl_.size() > 1 && commandUrl_.back() == '/') commandUrl_.pop_back();
        http_.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
        // cpp-httplib's default sets SO_REUSEPORT, which would let a second
        // server share a taken port instead of failing to start.
        http_.set_socket_options([](socket_t sock) {
            int yes = 1;
            ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        });
        http_.set_read_timeout(kIdleTimeoutSeconds, 0);
        http_.set_write_timeout(kIdleTimeoutSeconds, 0);
        http_.set_keep_alive_timeout(kIdleTimeoutSeconds);
        http_.set_keep_alive_max_count(kRequestsPerConnection);
        http_.set_payload_max_length(kMaxBody);
        // cpp-httplib caps each header line (8 KiB) but not their number: the
        // total is checked here, before any route runs.
        http_.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
            size_t bytes = 0;
            for (const auto& [k, v] : req.headers) bytes += k.size() + v.size() + 4;
            if (bytes <= kMaxHeaderBytes) return httplib::Server::HandlerResponse::Unhandled;
            res.status = 431;
            res.set_content("Request Header Fields Too Large\n", "text/plain");
            return httplib::Server::HandlerResponse::Handled;
        });
        http_.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
            res.status = 500;
            res.set_content(adminError("", "the AdminServer failed to answer"), kJson);
        });
        http_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) { answer(req, res); });
        auto notAllowed = [](const httplib::Request&, httplib::Response& res) {
            res.status = 405;
            res.set_header("Allow", "GET, HEAD");
            res.set_content("GET only\n", "text/plain");
        };
        http_.Post(".*", notAllowed);
        http_.Put(".*", notAllowed);
        http_.Patch(".*", notAllowed);
        http_.Delete(".*", notAllowed);
        http_.Options(".*", notAllowed);
    }
    ~HttpAdminServer() override { stop(); }

    bool bind(const ServerConfig& config, std::string* error) {
        const std::string& host = config.adminServerAddress;
        host_ = host;
        if (config.adminServerPort == 0) {
            const int p = http_.bind_to_any_port(host);
            if (p > 0) port_ = uint16_t(p);
        } else if (http_.bind_to_port(host, config.adminServerPort)) {
            port_ = config.adminServerPort;
        }
        if (port_ == 0) {
            const int err = errno;
            if (error) {
                *error = "the AdminServer cannot listen on " + host + ":" + std::to_string(config.adminServerPort) +
                         (err ? std::string(": ") + std::strerror(err) : std::string());
            }
            return false;
        }
        return true;
    }

    void run() {
        thread_ = std::thread([this] {
            http_.listen_after_bind();
            loopEnded_ = true;
        });
        // httplib's stop() only reaches a loop that has started: a stop()
        // right after start() would otherwise leave the loop running.
        while (!http_.is_running() && !loopEnded_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        spdlog::info("AdminServer on http://{}:{}{}", host_, port_, commandUrl_);
    }

    uint16_t port() const override { return port_; }

    void stop() override {
        if (stopped_.exchange(true)) return;
        http_.stop();
        if (thread_.joinable()) thread_.join();
    }

private:
    void answer(const httplib::Request& req, httplib::Response& res) {
        const std::string& path = req.path;
        if (path == commandUrl_ || path == commandUrl_ + "/") {
            std::string page;
            for (const auto& c : adminCommands()) {
                const std::string name(c.name);
                page += "<a href=\"" + commandUrl_ + "/" + name + "\">" + name + "</a>\n<br/>\n";
            }
            res.set_content(page, "text/html");
            return;
        }
        const std::string prefix = commandUrl_ + "/";
        if (path.compare(0, prefix.size(), prefix) != 0) {
            res.status = 404;
            res.set_content("Not Found\n", "text/plain");
            return;
        }
        const std::string name = path.substr(prefix.size());
        const AdminCommand* command = findAdminCommand(name);
        if (!command) {
            res.set_content(adminUnknownCommand(name), kJson);
            return;
        }
        const auto figures = source_.adminFigures(command->detail, kFiguresTimeout);
        if (!figures) {
            res.status = 503;
            res.set_content(adminError(command->name, "the server did not hand over its figures in time"), kJson);
            return;
        }
        res.set_content(adminAnswer(*command, *figures), kJson);
    }

    AdminFiguresSource& source_;
    std::string commandUrl_;
    httplib::Server http_;
    std::thread thread_;
    std::string host_;
    uint16_t port_ = 0;
    std::atomic<bool> stopped_{false};
    std::atomic<bool> loopEnded_{false};
};

}  // namespace

std::unique_ptr<AdminServer> AdminServer::start(const ServerConfig& config, AdminFiguresSource& source,
                                                std::string* error) {
    auto server = std::make_unique<HttpAdminServer>(config, source);
    if (!server->bind(config, error)) return nullptr;
    server->run();
    return server;
}

}  // namespace zooscope::server
