#include "zooscope/sample_data.h"

#include <string>

namespace zooscope {

std::vector<SeedNode> sampleNodes() {
    return {
        {"/app", "Sample application: its configuration is below. Edit anything."},
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

std::vector<SampleEphemeral> sampleEphemerals() {
    using proto::CreateMode;
    std::vector<SampleEphemeral> out;
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

}  // namespace zooscope
