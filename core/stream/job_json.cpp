// The job's JSON forms (docs/stream.md): writers with the documented key
// order, and parsers that name what is wrong instead of guessing.
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

#include "zooscope/stream.h"

namespace zooscope::stream {

namespace {

using Json = nlohmann::ordered_json;

// Parses `text` as one JSON object; nullopt + *error otherwise.
std::optional<Json> parseObject(std::string_view text, const char* what, std::string* error) {
    Json j = Json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded()) {
        *error = std::string(what) + " is not JSON.";
        return std::nullopt;
    }
    if (!j.is_object()) {
        *error = std::string(what) + " is not a JSON object.";
        return std::nullopt;
    }
    return j;
}

// The field `key` of j when it is there and `accepted`; otherwise nullptr and
// *error: "<what> has no "key"." or "<what>: "key" must be <must>.".
template <class Accept>
const Json* field(const Json& j, const char* what, const char* key, Accept accepted, const std::string& must,
                  std::string* error) {
    auto it = j.find(key);
    if (it == j.end()) {
        *error = std::string(what) + " has no \"" + key + "\".";
        return nullptr;
    }
    if (!accepted(*it)) {
        *error = std::string(what) + ": \"" + key + "\" must be " + must + ".";
        return nullptr;
    }
    return &*it;
}

// A non-negative integer no larger than max. (nlohmann stores a non-negative
// integer literal as unsigned, a negative one as signed.)
bool readCount(const Json& j, const char* what, const char* key, uint64_t max, uint64_t* out, std::string* error) {
    const Json* v = field(j, what, key, [max](const Json& e) { return e.is_number_unsigned() && e.get<uint64_t>() <= max; },
                          "an integer from 0 to " + std::to_string(max), error);
    if (v) *out = v->get<uint64_t>();
    return v != nullptr;
}

bool readInt(const Json& j, const char* what, const char* key, int min, int max, int* out, std::string* error) {
    const Json* v = field(
        j, what, key,
        [min, max](const Json& e) {
            return e.is_number_unsigned() && e.get<uint64_t>() >= static_cast<uint64_t>(min) &&
                   e.get<uint64_t>() <= static_cast<uint64_t>(max);
        },
        "an integer from " + std::to_string(min) + " to " + std::to_string(max), error);
    if (v) *out = static_cast<int>(v->get<uint64_t>());
    return v != nullptr;
}

bool readString(const Json& j, const char* what, const char* key, std::string* out, std::string* error) {
    const Json* v = field(j, what, key, [](const Json& e) { return e.is_string(); }, "a string", error);
    if (v) *out = v->get<std::string>();
    return v != nullptr;
}

bool readRate(const Json& j, const char* what, const char* key, double* out, std::string* error) {
    const Json* v = field(
        j, what, key, [](const Json& e) { return e.is_number() && std::isfinite(e.get<double>()) && e.get<double>() >= 0; },
        "a number >= 0", error);
    if (v) *out = v->get<double>();
    return v != nullptr;
}

bool readBool(const Json& j, const char* what, const char* key, bool* out, std::string* error) {
    const Json* v = field(j, what, key, [](const Json& e) { return e.is_boolean(); }, "true or false", error);
    if (v) *out = v->get<bool>();
    return v != nullptr;
}

// A JSON number for a rate: integral values as integers ("50", not "50.0").
Json rateJson(double rate) {
    if (rate == std::floor(rate) && rate >= 0 && rate < 9.0e15) return Json(static_cast<uint64_t>(rate));
    return Json(rate);
}

// An array of partition numbers, each below kMaxPartitions.
bool readPartitions(const Json& j, const char* what, const char* key, std::vector<int>* out, std::string* error) {
    const Json* list = field(j, what, key, [](const Json& e) { return e.is_array(); }, "an array of partition numbers", error);
    if (!list) return false;
    for (const Json& e : *list) {
        if (!e.is_number_unsigned() || e.get<uint64_t>() >= static_cast<uint64_t>(kMaxPartitions)) {
            *error = std::string(what) + ": \"" + key + "\" holds " + e.dump() + ", not a partition number.";
            return false;
        }
        out->push_back(static_cast<int>(e.get<uint64_t>()));
    }
    return true;
}

// A partition key: decimal digits without a leading zero, below kMaxPartitions.
std::optional<int> partitionKey(const std::string& key) {
    if (key.empty() || key.size() > 4 || (key.size() > 1 && key[0] == '0')) return std::nullopt;
    int v = 0;
    for (char c : key) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    if (v >= kMaxPartitions) return std::nullopt;
    return v;
}

}  // namespace

std::string toJson(const JobConfig& c) {
    Json j;
    j["partitions"] = c.partitions;
    j["vnodes"] = c.vnodes;
    j["batch"] = c.batch;
    j["ratePerPartition"] = rateJson(c.ratePerPartition);
    j["paused"] = c.paused;
    return j.dump();
}

std::string toJson(const Assignment& a) {
    Json j;
    j["generation"] = a.generation;
    j["vnodes"] = a.vnodes;
    Json owners = Json::object();
    for (const auto& [p, id] : a.owners) owners[std::to_string(p)] = id;
    j["owners"] = std::move(owners);
    j["moved"] = a.moved;
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string toJson(const OffsetRecord& r) {
    Json j;
    j["offset"] = r.offset;
    j["sum"] = r.sum;
    j["owner"] = r.owner;
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string toJson(const WorkerStatus& s) {
    Json j;
    j["partitions"] = s.partitions;
    j["eventsPerSec"] = std::round(s.eventsPerSec * 10) / 10;
    j["committed"] = s.committed;
    return j.dump();
}

std::string toJson(const ConfigChange& o) {
    Json j = Json::object();
    if (o.batch) j["batch"] = *o.batch;
    if (o.ratePerPartition) j["ratePerPartition"] = rateJson(*o.ratePerPartition);
    if (o.paused) j["paused"] = *o.paused;
    return j.dump();
}

std::optional<JobConfig> parseConfig(std::string_view json, std::string* error) {
    constexpr const char* what = "The job config";
    auto j = parseObject(json, what, error);
    if (!j) return std::nullopt;
    JobConfig c;
    if (!readInt(*j, what, "partitions", 1, kMaxPartitions, &c.partitions, error) ||
        !readInt(*j, what, "vnodes", 1, kMaxVnodes, &c.vnodes, error) ||
        !readInt(*j, what, "batch", 1, std::numeric_limits<int>::max(), &c.batch, error) ||
        !readRate(*j, what, "ratePerPartition", &c.ratePerPartition, error) ||
        !readBool(*j, what, "paused", &c.paused, error))
        return std::nullopt;
    return c;
}

std::optional<ConfigChange> parseOverrides(std::string_view json, std::string* error) {
    constexpr const char* what = "The worker's overrides";
    auto j = parseObject(json, what, error);
    if (!j) return std::nullopt;
    ConfigChange o;
    if (j->contains("batch")) {
        int batch = 0;
        if (!readInt(*j, what, "batch", 1, std::numeric_limits<int>::max(), &batch, error)) return std::nullopt;
        o.batch = batch;
    }
    if (j->contains("ratePerPartition")) {
        double rate = 0;
        if (!readRate(*j, what, "ratePerPartition", &rate, error)) return std::nullopt;
        o.ratePerPartition = rate;
    }
    if (j->contains("paused")) {
        bool paused = false;
        if (!readBool(*j, what, "paused", &paused, error)) return std::nullopt;
        o.paused = paused;
    }
    return o;
}

std::optional<Assignment> parseAssignment(std::string_view json, std::string* error) {
    constexpr const char* what = "The assignment";
    auto j = parseObject(json, what, error);
    if (!j) return std::nullopt;
    Assignment a;
    uint64_t generation = 0;
    if (!readCount(*j, what, "generation", static_cast<uint64_t>(std::numeric_limits<int64_t>::max()), &generation,
                   error) ||
        !readInt(*j, what, "vnodes", 0, kMaxVnodes, &a.vnodes, error) ||
        !readPartitions(*j, what, "moved", &a.moved, error))
        return std::nullopt;
    a.generation = static_cast<int64_t>(generation);
    const Json* owners = field(*j, what, "owners", [](const Json& e) { return e.is_object(); }, "an object", error);
    if (!owners) return std::nullopt;
    for (const auto& [key, id] : owners->items()) {
        auto p = partitionKey(key);
        if (!p) {
            *error = std::string(what) + ": the owners key \"" + key + "\" is not a partition number.";
            return std::nullopt;
        }
        if (!id.is_string()) {
            *error = std::string(what) + ": the owner of partition " + key + " is not a string.";
            return std::nullopt;
        }
        a.owners[*p] = id.get<std::string>();
    }
    return a;
}

std::optional<OffsetRecord> parseOffset(std::string_view json, std::string* error) {
    constexpr const char* what = "The offset record";
    auto j = parseObject(json, what, error);
    if (!j) return std::nullopt;
    OffsetRecord r;
    constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
    if (!readCount(*j, what, "offset", kMax, &r.offset, error) || !readCount(*j, what, "sum", kMax, &r.sum, error) ||
        !readString(*j, what, "owner", &r.owner, error))
        return std::nullopt;
    return r;
}

std::optional<WorkerStatus> parseWorkerStatus(std::string_view json, std::string* error) {
    constexpr const char* what = "The worker status";
    auto j = parseObject(json, what, error);
    if (!j) return std::nullopt;
    WorkerStatus s;
    if (!readPartitions(*j, what, "partitions", &s.partitions, error) ||
        !readRate(*j, what, "eventsPerSec", &s.eventsPerSec, error) ||
        !readCount(*j, what, "committed", std::numeric_limits<uint64_t>::max(), &s.committed, error))
        return std::nullopt;
    return s;
}

}  // namespace zooscope::stream
