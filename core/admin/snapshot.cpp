// Reading a subtree (readSubtree) and the export file format (toJson,
// parseExport). See zooscope/admin.h and core/admin/EXPORT_FORMAT.md.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <deque>
#include <set>

#include "admin/data_encoding.h"
#include "admin/json.h"
#include "admin/pipeline.h"
#include "proto/path_utils.h"
#include "zooscope/znode_path.h"

namespace zooscope::admin {

using detail::Pipeline;
using detail::ProgressReporter;
using proto::Err;

namespace ephemeral = proto::ephemeral;

std::string_view nodeModeName(NodeMode m) {
    switch (m) {
        case NodeMode::Persistent: return "persistent";
        case NodeMode::Ephemeral: return "ephemeral";
        case NodeMode::Container: return "container";
        case NodeMode::Ttl: return "ttl";
    }
    return "persistent";
}

std::optional<NodeMode> nodeModeFromName(std::string_view name) {
    for (NodeMode m : {NodeMode::Persistent, NodeMode::Ephemeral, NodeMode::Container, NodeMode::Ttl})
        if (nodeModeName(m) == name) return m;
    return std::nullopt;
}

NodeMode modeFromEphemeralOwner(int64_t owner, int64_t* ttlMs) {
    if (ttlMs) *ttlMs = 0;
    if (owner == 0) return NodeMode::Persistent;
    if (ephemeral::isContainer(owner)) return NodeMode::Container;
    if (ephemeral::isTtl(owner)) {
        if (ttlMs) *ttlMs = ephemeral::ttlOf(owner);
        return NodeMode::Ttl;
    }
    return NodeMode::Ephemeral;
}

namespace {

// One node being read: three requests (getData, getACL, getChildren).
struct Pending {
    NodeRecord rec;
    int remaining = 3;
    bool vanished = false;
    bool failed = false;
};

}  // namespace

Snapshot readSubtree(client::Client& c, const std::string& root, const Control& control, const ModeHints& hints) {
    Snapshot snap;
    snap.root = root;
    if (auto bad = proto::validatePath(root)) {
        snap.errors.push_back(detail::nodeError(root, Err::BadArguments, "Cannot read " + root + ": " + *bad + "."));
        return snap;
    }
    ProgressReporter progress(control, Phase::Reading);
    Pipeline pipe(control.window < 3 ? 3 : control.window);
    std::deque<std::string> todo{root};
    // Stable addresses: handlers keep pointers while requests are in flight.
    std::deque<Pending> nodes;

    auto finishOne = [&](Pending& p) {
        if (--p.remaining > 0) return;
        progress.tick();
        if (p.vanished && p.rec.path == root)
            snap.errors.push_back(detail::nodeError(root, Err::NoNode,
                                                    client::describeError(Err::NoNode, client::Operation::GetData, root)));
    };
    auto fail = [&](Pending& p, const client::Result<client::Empty>& r) {
        if (r.err == Err::NoNode) {
            p.vanished = true;
            return;
        }
        if (!p.failed) snap.errors.push_back(detail::nodeError(p.rec.path, r.err, r.message));
        p.failed = true;
    };
    auto asEmpty = [](proto::Err err, const std::string& message) {
        client::Result<client::Empty> e;
        e.err = err;
        e.message = message;
        return e;
    };

    while (true) {
        while (!todo.empty() && !control.cancel.cancelled() && pipe.inflight() + 3 <= std::max<size_t>(control.window, 3)) {
            nodes.emplace_back();
            Pending* p = &nodes.back();
            p->rec.path = std::move(todo.front());
            todo.pop_front();
            const std::string path = p->rec.path;
            pipe.submit<client::NodeData>(
                [&c, path](client::Callback<client::NodeData> cb) { c.getData(path, false, cb); },
                [&, p](client::Result<client::NodeData>& r) {
                    if (r.ok()) {
                        p->rec.data = std::move(r.value.data);
                        p->rec.isNull = r.value.isNull;
                        p->rec.stat = r.value.stat;
                        p->rec.mode = modeFromEphemeralOwner(r.value.stat.ephemeralOwner, &p->rec.ttlMs);
                        if (r.value.stat.ephemeralOwner == 0) {
                            if (auto h = hints.find(p->rec.path); h != hints.end()) {
                                p->rec.mode = h->second.mode;
                                p->rec.ttlMs = h->second.mode == NodeMode::Ttl ? h->second.ttlMs : 0;
                                p->rec.modeAnnotated = true;
                            }
                        }
                    } else {
                        fail(*p, asEmpty(r.err, r.message));
                    }
                    finishOne(*p);
                });
            pipe.submit<client::AclData>(
                [&c, path](client::Callback<client::AclData> cb) { c.getACL(path, cb); },
                [&, p](client::Result<client::AclData>& r) {
                    if (r.ok()) p->rec.acl = std::move(r.value.acl);
                    else fail(*p, asEmpty(r.err, r.message));
                    finishOne(*p);
                });
            pipe.submit<std::vector<std::string>>(
                [&c, path](client::Callback<std::vector<std::string>> cb) { c.getChildren(path, false, cb); },
                [&, p](client::Result<std::vector<std::string>>& r) {
                    if (r.ok()) {
                        for (const auto& name : r.value) {
                            std::string child = proto::childOf(p->rec.path, name);
                            // The system subtree is not user data (and not importable).
                            if (child == "/zookeeper") continue;
                            todo.push_back(std::move(child));
                        }
                    } else {
                        fail(*p, asEmpty(r.err, r.message));
                    }
                    finishOne(*p);
                });
        }
        if (pipe.inflight() == 0) break;
        pipe.pump();
    }
    snap.cancelled = !todo.empty();
    for (auto& p : nodes)
        if (p.remaining == 0 && !p.vanished && !p.failed) snap.nodes.push_back(std::move(p.rec));
    std::sort(snap.nodes.begin(), snap.nodes.end(),
              [](const NodeRecord& a, const NodeRecord& b) { return a.path < b.path; });
    progress.finish();
    spdlog::info("admin: read {} nodes under {} ({} errors{})", snap.nodes.size(), root, snap.errors.size(),
                 snap.cancelled ? ", cancelled" : "");
    return snap;
}

// ---------------------------------------------------------------- JSON

namespace {

json::Value statToJson(const proto::Stat& s) {
    return json::Value{{"czxid", s.czxid},
                       {"mzxid", s.mzxid},
                       {"ctime", s.ctime},
                       {"mtime", s.mtime},
                       {"version", s.version},
                       {"cversion", s.cversion},
                       {"aversion", s.aversion},
                       {"ephemeralOwner", s.ephemeralOwner},
                       {"dataLength", s.dataLength},
                       {"numChildren", s.numChildren},
                       {"pzxid", s.pzxid}};
}

}  // namespace

// Keys are written in the order they are set (json::Value keeps it); that
// order, the whitespace and the escaping are the format (tests/unit/data).
std::string toJson(const Snapshot& snap, const ExportOptions& options) {
    json::Value doc = json::Value::object();
    doc["format"] = std::string(kExportFormat);
    doc["version"] = kExportVersion;
    doc["root"] = snap.root;
    json::Value nodes = json::Value::array();
    for (const auto& n : snap.nodes) {
        json::Value o = json::Value::object();
        o["path"] = n.path;
        if (n.isNull) {
            o["null"] = true;
        } else if (isValidUtf8(n.data)) {
            o["data"] = n.data;
            o["encoding"] = "utf8";
        } else {
            o["data"] = base64Encode(n.data);
            o["encoding"] = "base64";
        }
        json::Value acl = json::Value::array();
        for (const auto& a : n.acl)
            acl.push_back(json::Value{{"perms", a.perms}, {"scheme", a.id.scheme}, {"id", a.id.id}});
        o["acl"] = std::move(acl);
        o["mode"] = std::string(nodeModeName(n.mode));
        if (n.mode == NodeMode::Ttl) o["ttl"] = n.ttlMs;
        if (n.modeAnnotated) o["modeAnnotated"] = true;
        if (options.includeStat) o["stat"] = statToJson(n.stat);
        nodes.push_back(std::move(o));
    }
    doc["nodes"] = std::move(nodes);
    if (!snap.errors.empty()) {
        json::Value unreadable = json::Value::array();
        for (const auto& e : snap.errors)
            unreadable.push_back(json::Value{
                {"path", e.path}, {"error", std::string(proto::errName(e.err))}, {"message", e.message}});
        doc["unreadable"] = std::move(unreadable);
    }
    std::string out = json::write(doc, options.indent);
    out += '\n';
    return out;
}

namespace {

// The string a member holds (callers check is_string() first).
const std::string& stringOf(const json::Value& v) { return v.get_ref<const std::string&>(); }

// Builds content errors that name the node.
struct NodeContext {
    size_t index;
    std::string path;  // "" until known
    std::string prefix() const {
        return "node " + std::to_string(index) + (path.empty() ? std::string() : " (" + path + ")") + ": ";
    }
};

bool readStat(const json::Value& v, proto::Stat* s, std::string* why) {
    if (!v.is_object()) {
        *why = "\"stat\" must be an object";
        return false;
    }
    struct Field {
        const char* name;
        int64_t* i64;
        int32_t* i32;
    };
    const Field fields[] = {
        {"czxid", &s->czxid, nullptr},       {"mzxid", &s->mzxid, nullptr},
        {"ctime", &s->ctime, nullptr},       {"mtime", &s->mtime, nullptr},
        {"version", nullptr, &s->version},   {"cversion", nullptr, &s->cversion},
        {"aversion", nullptr, &s->aversion}, {"ephemeralOwner", &s->ephemeralOwner, nullptr},
        {"dataLength", nullptr, &s->dataLength}, {"numChildren", nullptr, &s->numChildren},
        {"pzxid", &s->pzxid, nullptr},
    };
    for (const auto& f : fields) {
        const json::Value* x = json::member(v, f.name);
        if (!x) continue;
        auto n = json::asInt64(*x);
        if (!n || (f.i32 && (*n < INT32_MIN || *n > INT32_MAX))) {
            *why = std::string("\"stat\".\"") + f.name + "\" must be an integer";
            return false;
        }
        if (f.i64) *f.i64 = *n;
        else *f.i32 = int32_t(*n);
    }
    return true;
}

}  // namespace

std::optional<Snapshot> parseExport(std::string_view text, std::string* error) {
    auto failWith = [&](std::string message) -> std::optional<Snapshot> {
        if (error) *error = std::move(message);
        return std::nullopt;
    };
    json::ParseError pe;
    auto doc = json::parse(text, &pe);
    if (!doc)
        return failWith("Not valid JSON at line " + std::to_string(pe.line) + ", column " + std::to_string(pe.column) +
                        ": " + pe.message + ".");
    if (!doc->is_object()) return failWith("Not a ZooScope export: the file is not a JSON object.");
    const json::Value* format = json::member(*doc, "format");
    if (!format || !format->is_string() || stringOf(*format) != kExportFormat)
        return failWith("Not a ZooScope export: \"format\" must be \"zooscope-export\".");
    const json::Value* version = json::member(*doc, "version");
    auto v = version ? json::asInt64(*version) : std::nullopt;
    if (!v) return failWith("\"version\" must be an integer.");
    if (*v > kExportVersion)
        return failWith("This export was written in format version " + std::to_string(*v) +
                        ", newer than this build reads (version " + std::to_string(kExportVersion) + ").");
    if (*v < 1) return failWith("\"version\" " + std::to_string(*v) + " is not a valid format version.");
    const json::Value* root = json::member(*doc, "root");
    if (!root || !root->is_string()) return failWith("\"root\" must be a string (the exported path).");
    if (auto bad = proto::validatePath(stringOf(*root))) return failWith("\"root\" is not a valid path: " + *bad + ".");
    const json::Value* nodes = json::member(*doc, "nodes");
    if (!nodes || !nodes->is_array()) return failWith("\"nodes\" must be an array.");

    Snapshot snap;
    snap.root = stringOf(*root);
    std::set<std::string> seen;
    std::map<std::string, NodeMode> modes;
    snap.nodes.reserve(nodes->size());
    for (size_t i = 0; i < nodes->size(); ++i) {
        const json::Value& n = (*nodes)[i];
        NodeContext ctx{i, {}};
        auto bad = [&](const std::string& why) { return failWith(ctx.prefix() + why + "."); };
        if (!n.is_object()) return bad("must be an object");
        NodeRecord rec;
        const json::Value* path = json::member(n, "path");
        if (!path || !path->is_string()) return bad("\"path\" must be a string");
        ctx.path = stringOf(*path);
        if (auto why = proto::validatePath(ctx.path)) return bad("\"path\" is not a valid path: " + *why);
        if (!proto::isUnder(ctx.path, snap.root)) return bad("\"path\" is not under the root " + snap.root);
        if (!seen.insert(ctx.path).second) return bad("the path appears twice");
        rec.path = ctx.path;

        const json::Value* isNull = json::member(n, "null");
        if (isNull && !isNull->is_boolean()) return bad("\"null\" must be true or false");
        rec.isNull = isNull && isNull->get<bool>();
        const json::Value* data = json::member(n, "data");
        const json::Value* encoding = json::member(n, "encoding");
        if (rec.isNull) {
            if ((data && !data->is_null()) || (encoding && !encoding->is_null()))
                return bad("\"null\" is true, so \"data\" and \"encoding\" must be absent");
        } else {
            if (!data || !data->is_string())
                return bad("\"data\" must be a string (use \"null\": true for null data)");
            if (!encoding || !encoding->is_string()) return bad("\"encoding\" must be \"utf8\" or \"base64\"");
            if (stringOf(*encoding) == "utf8") {
                rec.data = stringOf(*data);
            } else if (stringOf(*encoding) == "base64") {
                auto bytes = base64Decode(stringOf(*data));
                if (!bytes) return bad("\"data\" is not valid base64");
                rec.data = std::move(*bytes);
            } else {
                return bad("\"encoding\" must be \"utf8\" or \"base64\", not \"" + stringOf(*encoding) + "\"");
            }
        }

        const json::Value* acl = json::member(n, "acl");
        if (!acl || !acl->is_array()) return bad("\"acl\" must be an array");
        if (acl->empty()) return bad("\"acl\" is empty (ZooKeeper refuses an empty ACL)");
        for (size_t k = 0; k < acl->size(); ++k) {
            const json::Value& e = (*acl)[k];
            const std::string where = "\"acl\"[" + std::to_string(k) + "]";
            if (!e.is_object()) return bad(where + " must be an object");
            const json::Value* perms = json::member(e, "perms");
            auto p = perms ? json::asInt64(*perms) : std::nullopt;
            if (!p || *p < 0 || *p > proto::perms::kAll)
                return bad(where + ".perms must be an integer from 0 to 31 (READ=1 WRITE=2 CREATE=4 DELETE=8 ADMIN=16)");
            const json::Value* scheme = json::member(e, "scheme");
            if (!scheme || !scheme->is_string() || stringOf(*scheme).empty())
                return bad(where + ".scheme must be a non-empty string");
            const json::Value* id = json::member(e, "id");
            if (!id || !id->is_string()) return bad(where + ".id must be a string");
            rec.acl.push_back(proto::ACL{int32_t(*p), proto::Id{stringOf(*scheme), stringOf(*id)}});
        }

        const json::Value* mode = json::member(n, "mode");
        if (!mode || !mode->is_string()) return bad("\"mode\" must be a string");
        auto m = nodeModeFromName(stringOf(*mode));
        if (!m) return bad("\"mode\" must be persistent, ephemeral, container or ttl, not \"" + stringOf(*mode) + "\"");
        rec.mode = *m;
        const json::Value* ttl = json::member(n, "ttl");
        if (rec.mode == NodeMode::Ttl) {
            auto t = ttl ? json::asInt64(*ttl) : std::nullopt;
            if (!t || *t < 1 || *t > ephemeral::kMaxTtl)
                return bad("\"ttl\" must be an integer from 1 to " + std::to_string(ephemeral::kMaxTtl) + " (milliseconds) for mode ttl");
            rec.ttlMs = *t;
        } else if (ttl) {
            return bad("\"ttl\" is only allowed with mode ttl");
        }
        if (const json::Value* annotated = json::member(n, "modeAnnotated")) {
            if (!annotated->is_boolean()) return bad("\"modeAnnotated\" must be true or false");
            rec.modeAnnotated = annotated->get<bool>();
        }
        if (const json::Value* stat = json::member(n, "stat")) {
            std::string why;
            if (!readStat(*stat, &rec.stat, &why)) return bad(why);
        }
        modes[rec.path] = rec.mode;
        snap.nodes.push_back(std::move(rec));
    }
    if (!seen.count(snap.root)) return failWith("The root " + snap.root + " is not among \"nodes\".");
    std::sort(snap.nodes.begin(), snap.nodes.end(),
              [](const NodeRecord& a, const NodeRecord& b) { return a.path < b.path; });
    for (size_t i = 0; i < snap.nodes.size(); ++i) {
        const auto& rec = snap.nodes[i];
        if (rec.path == snap.root) continue;
        const std::string parent(parentOf(rec.path));
        auto it = modes.find(parent);
        if (it == modes.end())
            return failWith("node " + rec.path + ": its parent " + parent + " is not in the file.");
        if (it->second == NodeMode::Ephemeral)
            return failWith("node " + rec.path + ": its parent " + parent + " is ephemeral and cannot have children.");
    }
    return snap;
}

}  // namespace zooscope::admin
