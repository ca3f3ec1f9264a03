#include "ctl/output.h"

#include <cinttypes>
#include <cstdio>
#include <ctime>

#include "admin/data_encoding.h"

namespace zooscope::ctl {

namespace {

bool hasControlCharacter(std::string_view utf8) {
    for (size_t i = 0; i < utf8.size(); ++i) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        if (b < 0x20 || b == 0x7F) return true;
        // C1 controls U+0080..U+009F are encoded C2 80..C2 9F.
        if (b == 0xC2 && i + 1 < utf8.size()) {
            const auto next = static_cast<unsigned char>(utf8[i + 1]);
            if (next >= 0x80 && next <= 0x9F) return true;
        }
    }
    return false;
}

std::string isoTime(int64_t ms) {
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return buf;
}

}  // namespace

std::string hexId(int64_t id) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%" PRIx64, static_cast<uint64_t>(id));
    return buf;
}

nlohmann::ordered_json statJson(const proto::Stat& s) {
    nlohmann::ordered_json j;
    j["czxid"] = hexId(s.czxid);
    j["mzxid"] = hexId(s.mzxid);
    j["pzxid"] = hexId(s.pzxid);
    j["ctime"] = s.ctime;
    j["mtime"] = s.mtime;
    j["version"] = s.version;
    j["cversion"] = s.cversion;
    j["aversion"] = s.aversion;
    j["ephemeralOwner"] = hexId(s.ephemeralOwner);
    j["dataLength"] = s.dataLength;
    j["numChildren"] = s.numChildren;
    return j;
}

void putData(nlohmann::ordered_json& j, std::string_view bytes, bool isNull) {
    if (isNull) {
        j["data"] = nullptr;
        j["encoding"] = "utf8";
    } else if (admin::isValidUtf8(bytes)) {
        j["data"] = std::string(bytes);
        j["encoding"] = "utf8";
    } else {
        j["data"] = admin::base64Encode(bytes);
        j["encoding"] = "base64";
    }
}

nlohmann::ordered_json nodeJson(const std::string& path, const client::NodeData& node) {
    nlohmann::ordered_json j;
    j["path"] = path;
    putData(j, node.data, node.isNull);
    j["stat"] = statJson(node.stat);
    return j;
}

std::string statText(const proto::Stat& s) {
    std::string out;
    auto line = [&out](const char* key, const std::string& value) {
        out += key;
        out += " = ";
        out += value;
        out += '\n';
    };
    line("czxid", hexId(s.czxid));
    line("mzxid", hexId(s.mzxid));
    line("pzxid", hexId(s.pzxid));
    line("ctime", isoTime(s.ctime));
    line("mtime", isoTime(s.mtime));
    line("version", std::to_string(s.version));
    line("cversion", std::to_string(s.cversion));
    line("aversion", std::to_string(s.aversion));
    line("ephemeralOwner", hexId(s.ephemeralOwner));
    line("dataLength", std::to_string(s.dataLength));
    line("numChildren", std::to_string(s.numChildren));
    return out;
}

std::string lineData(std::string_view bytes) {
    constexpr std::string_view kPrefix = "base64:";
    if (admin::isValidUtf8(bytes) && !hasControlCharacter(bytes) && bytes.substr(0, kPrefix.size()) != kPrefix)
        return std::string(bytes);
    return std::string(kPrefix) + admin::base64Encode(bytes);
}

std::string durationText(std::chrono::milliseconds duration) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g s", static_cast<double>(duration.count()) / 1000.0);
    return buf;
}

std::string dumpJson(const nlohmann::ordered_json& value, int indent) {
    return value.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace zooscope::ctl
