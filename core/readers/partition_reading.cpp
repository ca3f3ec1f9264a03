// readPartitions(): a loaded layout -> members, owners and what is wrong.
// Stream-job JSON is read with the stream layer's own parsers (one contract);
// Kafka's with nlohmann, accepting the fields every version 1..3 writes.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <string_view>

#include "zooscope/partition_readers.h"
#include "zooscope/stream.h"
#include "session_text.h"

namespace zooscope::readers {

const char* partitionRecipeName(PartitionRecipe recipe) {
    switch (recipe) {
        case PartitionRecipe::StreamJob: return "zooscope-stream-job";
        case PartitionRecipe::KazooSetPartitioner: return "kazoo-set-partitioner";
        case PartitionRecipe::Kafka: return "kafka";
    }
    return "?";
}

namespace {

using Json = nlohmann::json;

bool has(const std::vector<std::string>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

const LoadedNode* child(const LoadedNode& node, const std::string& name) {
    auto it = node.children.find(name);
    return it == node.children.end() ? nullptr : &it->second;
}

std::optional<int64_t> decimal(std::string_view text) {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return v;
}

// Numeric names first, by value; the rest after, by text.
bool numericLess(const std::string& a, const std::string& b) {
    const auto x = decimal(a), y = decimal(b);
    if (x && y) return *x < *y;
    if (x || y) return x.has_value();
    return a < b;
}

// ------------------------------------------------------------ stream job

PartitionItem readStreamJob(PartitionItem item, const LoadedNode& root) {
    std::string error;
    std::optional<stream::JobConfig> config;
    if (const LoadedNode* c = child(root, "config")) {
        config = stream::parseConfig(c->data, &error);
        if (!config) item.suspicious.push_back("config: " + error);
    }
    if (config) {
        item.partitions = config->partitions;
        item.vnodes = config->vnodes;
    }

    std::map<std::string, int64_t> memberSessions;
    if (const LoadedNode* members = child(root, "members")) {
        for (const auto& [id, m] : members->children) {
            item.members.push_back(id);
            memberSessions[id] = m.stat.ephemeralOwner;
            if (m.stat.ephemeralOwner == 0) item.suspicious.push_back("member " + id + " is not ephemeral");
        }
    }

    if (const LoadedNode* a = child(root, "assignment")) {
        error.clear();
        if (auto assignment = stream::parseAssignment(a->data, &error)) {
            item.generation = assignment->generation;
            if (item.vnodes == 0) item.vnodes = assignment->vnodes;
            for (int p : assignment->moved) item.lastMoves.push_back(std::to_string(p));
            for (const auto& [p, owner] : assignment->owners) {
                item.assignments[std::to_string(p)] = owner;
                if (!memberSessions.count(owner))
                    item.suspicious.push_back("partition " + std::to_string(p) + " is assigned to " + owner +
                                              ", which is not a member");
            }
            if (config)
                for (int p = 0; p < config->partitions; ++p)
                    item.assignments.try_emplace(std::to_string(p), std::nullopt);
        } else {
            item.suspicious.push_back("assignment: " + error);
        }
    } else {
        item.suspicious.push_back("the assignment node is missing");
    }

    if (const LoadedNode* locks = child(root, "locks")) {
        for (const auto& [p, claim] : locks->children) {
            if (!decimal(p)) {
                item.suspicious.push_back("locks/" + p + " is not a partition");
                continue;
            }
            item.claims[p] = claim.data;
            if (claim.stat.ephemeralOwner == 0) {
                item.suspicious.push_back("the claim on partition " + p + " is not ephemeral");
                continue;
            }
            auto owner = item.assignments.find(p);
            if (owner == item.assignments.end() || !owner->second) continue;
            auto session = memberSessions.find(*owner->second);
            if (session != memberSessions.end() && session->second != claim.stat.ephemeralOwner)
                item.suspicious.push_back("partition " + p + " is claimed by session " +
                                          hexSession(claim.stat.ephemeralOwner) + ", not by its owner " +
                                          *owner->second + "'s");
        }
    }

    if (const LoadedNode* offsets = child(root, "offsets")) {
        for (const auto& [p, node] : offsets->children) {
            error.clear();
            if (auto record = stream::parseOffset(node.data, &error)) item.offsets[p] = record->offset;
            else item.suspicious.push_back("offsets/" + p + ": " + error);
        }
    }
    std::sort(item.members.begin(), item.members.end());
    return item;
}

// ------------------------------------------------------- SetPartitioner

PartitionItem readSetPartitioner(PartitionItem item, const LoadedNode& root) {
    // ShallowParty: "<uuid4().hex>-<identifier>"; the identifier may hold '-'.
    std::map<int64_t, std::string> memberOfSession;
    if (const LoadedNode* party = child(root, "party")) {
        for (const auto& [name, node] : party->children) {
            const size_t dash = name.find('-');
            if (dash != 32 || name.find_first_not_of("0123456789abcdef") < 32) {
                item.suspicious.push_back("party/" + name + " is not a party member's node");
                continue;
            }
            const std::string id = name.substr(dash + 1);
            item.members.push_back(id);
            if (node.stat.ephemeralOwner == 0) item.suspicious.push_back("party/" + name + " is not ephemeral");
            else memberOfSession[node.stat.ephemeralOwner] = id;
        }
    }
    if (const LoadedNode* locks = child(root, "locks")) {
        for (const auto& [name, lockNode] : locks->children) {
            NodeView view;
            view.path = "locks/" + name;
            for (const auto& [cname, c] : lockNode.children) view.children.push_back(ChildNode{cname, c.stat, c.data});
            auto& owner = item.assignments[name];
            const std::vector<RecipeItem> read = readNode(view);
            if (read.empty()) {
                if (!lockNode.children.empty()) item.suspicious.push_back("locks/" + name + " holds no kazoo lock");
                continue;
            }
            for (const std::string& why : read.front().suspicious)
                item.suspicious.push_back("locks/" + name + ": " + why);
            if (read.front().holders.empty()) continue;
            const int64_t session = read.front().holders.front().session;
            if (auto m = memberOfSession.find(session); m != memberOfSession.end()) owner = m->second;
            else
                item.suspicious.push_back("the lock on " + name + " is held by session " + hexSession(session) +
                                          ", which is in no party node");
        }
    }
    std::sort(item.members.begin(), item.members.end());
    return item;
}

// ------------------------------------------------------------------ Kafka

std::optional<Json> jsonObject(const std::string& text) {
    Json j = Json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    return j;
}

std::optional<int64_t> intField(const Json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<int64_t>();
}

// An array of broker ids, or nullopt.
std::optional<std::vector<int64_t>> brokerList(const Json& j) {
    if (!j.is_array()) return std::nullopt;
    std::vector<int64_t> out;
    for (const Json& e : j) {
        if (!e.is_number_integer()) return std::nullopt;
        out.push_back(e.get<int64_t>());
    }
    return out;
}

PartitionItem readKafka(PartitionItem item, const LoadedNode& root) {
    if (const LoadedNode* c = child(root, "controller")) {
        auto j = jsonObject(c->data);
        auto id = j ? intField(*j, "brokerid") : std::nullopt;
        if (id) item.controller = std::to_string(*id);
        else item.suspicious.push_back("/controller does not name a broker (\"brokerid\")");
    } else {
        item.suspicious.push_back("no controller: /controller is missing");
    }

    const LoadedNode* brokers = child(root, "brokers");
    const LoadedNode* ids = brokers ? child(*brokers, "ids") : nullptr;
    std::set<int64_t> live;
    if (ids) {
        for (const auto& [name, node] : ids->children) {
            auto id = decimal(name);
            if (!id) {
                item.suspicious.push_back("brokers/ids/" + name + " is not a broker id");
                continue;
            }
            live.insert(*id);
            if (node.stat.ephemeralOwner == 0) item.suspicious.push_back("brokers/ids/" + name + " is not ephemeral");
        }
    } else {
        item.suspicious.push_back("brokers/ids is missing");
    }
    for (int64_t id : live) {
        item.members.push_back(std::to_string(id));
        item.leaders[std::to_string(id)] = 0;
    }
    if (item.controller && !live.count(*decimal(*item.controller)))
        item.suspicious.push_back("the controller " + *item.controller + " is not a live broker");

    const LoadedNode* topics = brokers ? child(*brokers, "topics") : nullptr;
    static const std::map<std::string, LoadedNode> kNoTopics;
    for (const auto& [topic, topicNode] : topics ? topics->children : kNoTopics) {
        // Replicas per partition from the topic node; partitions from both it and partitions/.
        std::map<std::string, std::optional<std::vector<int64_t>>> replicas;
        bool assigned = false;  // the topic node's data is a partition assignment
        if (auto tj = jsonObject(topicNode.data); tj && tj->contains("partitions") && (*tj)["partitions"].is_object()) {
            assigned = true;
            for (const auto& [p, list] : (*tj)["partitions"].items()) {
                replicas[p] = brokerList(list);
                if (!replicas[p]) item.suspicious.push_back(topic + "/" + p + ": the replica list is not broker ids");
            }
        } else {
            item.suspicious.push_back("brokers/topics/" + topic + " has no partition assignment");
        }
        const LoadedNode* ps = child(topicNode, "partitions");
        if (ps)
            for (const auto& [p, pn] : ps->children)
                if (replicas.try_emplace(p, std::nullopt).second && assigned)
                    item.suspicious.push_back(topic + "/" + p + " is not in the topic's partition assignment");

        for (const auto& [p, rs] : replicas) {
            const std::string name = topic + "/" + p;
            auto& owner = item.assignments[name];
            const LoadedNode* pn = ps ? child(*ps, p) : nullptr;
            const LoadedNode* state = pn ? child(*pn, "state") : nullptr;
            if (!state) {
                item.suspicious.push_back(name + " has no state node");
                continue;
            }
            auto sj = jsonObject(state->data);
            auto leader = sj ? intField(*sj, "leader") : std::nullopt;
            auto isr = sj && sj->contains("isr") ? brokerList((*sj)["isr"]) : std::nullopt;
            if (rs) {
                auto& names = item.replicas[name];
                for (int64_t b : *rs) names.push_back(std::to_string(b));
            }
            if (!leader || !isr) {
                item.suspicious.push_back(name + ": the state is not {\"leader\", \"isr\"}");
                continue;
            }
            auto& inSync = item.isr[name];  // an empty ISR is a value too
            for (int64_t b : *isr) inSync.push_back(std::to_string(b));
            if (*leader >= 0 && live.count(*leader)) {
                owner = std::to_string(*leader);
                ++item.leaders[*owner];
            } else {
                item.offline.push_back(name);
            }
            if (rs && isr->size() < rs->size()) item.underReplicated.push_back(name);
        }
    }

    int64_t led = 0;
    for (const auto& [b, n] : item.leaders) led += n;
    const double mean = live.empty() ? 0 : static_cast<double>(led) / static_cast<double>(live.size());
    for (const auto& [b, n] : item.leaders)
        item.skewPercent[b] = mean == 0 ? 0 : std::round((static_cast<double>(n) - mean) / mean * 1000) / 10;
    auto byPartition = [](const std::string& a, const std::string& b) {
        const size_t sa = a.rfind('/'), sb = b.rfind('/');
        if (a.compare(0, sa, b, 0, sb) != 0) return a.substr(0, sa) < b.substr(0, sb);
        return numericLess(a.substr(sa + 1), b.substr(sb + 1));
    };
    std::sort(item.offline.begin(), item.offline.end(), byPartition);
    std::sort(item.underReplicated.begin(), item.underReplicated.end(), byPartition);
    return item;
}

}  // namespace

std::optional<PartitionRecipe> partitionLayoutOf(const std::vector<std::string>& children) {
    if (has(children, "config") && has(children, "assignment") && has(children, "members") &&
        has(children, "locks") && has(children, "offsets"))
        return PartitionRecipe::StreamJob;
    if (has(children, "party") && has(children, "locks")) return PartitionRecipe::KazooSetPartitioner;
    if (has(children, "brokers") && (has(children, "controller") || has(children, "controller_epoch")))
        return PartitionRecipe::Kafka;
    return std::nullopt;
}

std::vector<std::string> partitionParts(PartitionRecipe recipe) {
    switch (recipe) {
        case PartitionRecipe::StreamJob: return {"assignment", "config", "locks", "members", "offsets"};
        case PartitionRecipe::KazooSetPartitioner: return {"locks", "party"};
        case PartitionRecipe::Kafka: return {"brokers", "controller"};
    }
    return {};
}

PartitionWatch partitionWatchOf(PartitionRecipe recipe, const std::string& relative) {
    const std::vector<std::string_view> parts = [&] {
        std::vector<std::string_view> out;
        std::string_view rest = relative;
        while (!rest.empty()) {
            const size_t slash = rest.find('/');
            out.push_back(rest.substr(0, slash));
            rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
        }
        return out;
    }();
    switch (recipe) {
        case PartitionRecipe::StreamJob:
            if (relative == "members" || relative == "locks") return PartitionWatch::Children;
            if (relative == "assignment") return PartitionWatch::Data;
            break;
        case PartitionRecipe::KazooSetPartitioner:
            // An item's lock node: its contenders say who owns the item.
            if (relative == "party" || relative == "locks" || (parts.size() == 2 && parts[0] == "locks"))
                return PartitionWatch::Children;
            break;
        case PartitionRecipe::Kafka:
            if (relative == "brokers/ids" || relative == "brokers/topics") return PartitionWatch::Children;
            if (relative == "controller") return PartitionWatch::Data;
            if (parts.size() == 6 && parts[0] == "brokers" && parts[1] == "topics" && parts[3] == "partitions" &&
                parts[5] == "state")
                return PartitionWatch::Data;
            break;
    }
    return PartitionWatch::None;
}

PartitionItem readPartitions(const std::string& path, PartitionRecipe recipe, const LoadedNode& root) {
    PartitionItem item;
    item.path = path;
    item.recipe = recipe;
    switch (recipe) {
        case PartitionRecipe::StreamJob: return readStreamJob(std::move(item), root);
        case PartitionRecipe::KazooSetPartitioner: return readSetPartitioner(std::move(item), root);
        case PartitionRecipe::Kafka: return readKafka(std::move(item), root);
    }
    return item;
}

}  // namespace zooscope::readers
