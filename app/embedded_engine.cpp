#include "embedded_engine.h"

#include <spdlog/spdlog.h>

#include <vector>

namespace zooscope::app {

namespace {

std::vector<SeedNode> sampleData() {
    return {
        {"/app", "Sample application; edit anything, this engine keeps data in memory only."},
        {"/app/config", ""},
        {"/app/config/database.json",
         R"({"host": "db.internal", "port": 5432, "pool": {"min": 2, "max": 20}, "ssl": true})"},
        {"/app/config/service.yaml",
         "name: orders\nreplicas: 3\nlimits:\n  cpu: 500m\n  memory: 512Mi\nfeatures:\n  - checkout-v2\n  - fuzzy-search\n"},
        {"/app/config/logging.xml",
         "<?xml version=\"1.0\"?>\n<logging>\n  <level>INFO</level>\n  <appender name=\"file\" "
         "path=\"/var/log/orders.log\"/>\n</logging>\n"},
        {"/app/config/feature-flags.properties",
         "# feature flags\ncheckout.v2=true\nsearch.fuzzy=false\nbanner.text=Welcome back\n"},
        {"/app/config/motd.txt", "Maintenance window: Sunday 02:00-04:00 UTC\n"},
        {"/app/config/binary.bin", std::string("\x00\x01\x02\xfe\xff ZK\x7f", 10)},
        {"/brokers", ""},
        {"/brokers/ids", ""},
        {"/brokers/topics", ""},
        {"/brokers/topics/orders", R"({"version":3,"partitions":{"0":[1,2],"1":[2,3],"2":[3,1]}})"},
        {"/brokers/topics/orders/partitions", ""},
        {"/brokers/topics/orders/partitions/0", ""},
        {"/brokers/topics/orders/partitions/0/state",
         R"({"controller_epoch":4,"leader":1,"version":1,"leader_epoch":7,"isr":[1,2]})"},
        {"/brokers/topics/orders/partitions/1", ""},
        {"/brokers/topics/orders/partitions/1/state",
         R"({"controller_epoch":4,"leader":2,"version":1,"leader_epoch":3,"isr":[2,3]})"},
        {"/brokers/topics/orders/partitions/2", ""},
        {"/brokers/topics/orders/partitions/2/state",
         R"({"controller_epoch":4,"leader":3,"version":1,"leader_epoch":5,"isr":[3,1]})"},
        {"/brokers/topics/payments", R"({"version":3,"partitions":{"0":[2,3],"1":[3,1]}})"},
        {"/config", ""},
        {"/config/topics", ""},
        {"/config/topics/orders", R"({"version":1,"config":{"retention.ms":"604800000","cleanup.policy":"delete"}})"},
        {"/config/topics/payments", R"({"version":1,"config":{"min.insync.replicas":"2"}})"},
        {"/locks", ""},
        {"/locks/orders", ""},
        {"/election", ""},
        {"/services", ""},
        {"/services/orders", ""},
    };
}

struct Ephemeral {
    std::string path;
    std::string data;
    proto::CreateMode mode;
};

std::vector<Ephemeral> sampleEphemerals() {
    using proto::CreateMode;
    std::vector<Ephemeral> out;
    for (int id = 1; id <= 3; ++id) {
        out.push_back({"/brokers/ids/" + std::to_string(id),
                       R"({"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"endpoints":["PLAINTEXT://broker)" +
                           std::to_string(id) + R"(:9092"],"jmx_port":-1,"host":"broker)" + std::to_string(id) +
                           R"(","port":9092,"version":5})",
                       CreateMode::Ephemeral});
    }
    out.push_back({"/controller", R"({"version":1,"brokerid":1,"timestamp":"1716200000000"})", CreateMode::Ephemeral});
    out.push_back({"/locks/orders/lock-", "worker-a", CreateMode::EphemeralSequential});
    out.push_back({"/election/candidate-", "scheduler-1", CreateMode::EphemeralSequential});
    out.push_back({"/election/candidate-", "scheduler-2", CreateMode::EphemeralSequential});
    out.push_back({"/services/orders/instance-", R"({"address":"10.0.0.12","port":8080})",
                   CreateMode::EphemeralSequential});
    return out;
}

}  // namespace

std::unique_ptr<EmbeddedEngine> EmbeddedEngine::start(std::string* error) {
    ServerConfig config;
    config.clientPortAddress = "127.0.0.1";
    config.clientPort = 0;
    config.fourLetterWhitelist = {"*"};
    config.extendedTypesEnabled = true;  // TTL nodes can be tried out
    std::unique_ptr<EmbeddedEngine> engine(new EmbeddedEngine);
    engine->server_ = Server::start(config, error, sampleData());
    if (!engine->server_) return nullptr;
    spdlog::info("embedded engine listening on {}", engine->connectString());

    client::ClientOptions options;
    options.connectString = engine->connectString();
    std::string clientError;
    engine->holder_ = client::Client::connect(options, {}, &clientError);
    if (!engine->holder_) {
        spdlog::warn("embedded engine: no session for the sample ephemerals: {}", clientError);
        return engine;
    }
    // Requests queue until the session is up; the C client sends them then.
    for (const auto& e : sampleEphemerals()) {
        client::CreateOptions co;
        co.mode = e.mode;
        engine->holder_->create(e.path, e.data, co, [path = e.path](client::Result<client::Created> r) {
            if (!r.ok()) spdlog::warn("embedded engine: sample ephemeral {}: {}", path, r.message);
        });
    }
    return engine;
}

EmbeddedEngine::~EmbeddedEngine() {
    if (holder_) holder_->close();
    holder_.reset();
    if (server_) server_->stop();
}

std::string EmbeddedEngine::connectString() const {
    return server_ ? "127.0.0.1:" + std::to_string(server_->port()) : std::string();
}

}  // namespace zooscope::app
