// Import preview (a diff against the target) and apply. See zooscope/admin.h.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>

#include "admin/pipeline.h"
#include "proto/digest.h"
#include "proto/path_utils.h"
#include "zooscope/znode_path.h"

namespace zooscope::admin {

using detail::Pipeline;
using detail::ProgressReporter;
using proto::Err;

std::string_view importActionName(ImportAction a) {
    switch (a) {
        case ImportAction::Create: return "create";
        case ImportAction::Update: return "update";
        case ImportAction::Unchanged: return "unchanged";
        case ImportAction::Conflict: return "conflict";
        case ImportAction::Skip: return "skip";
    }
    return "unknown";
}

std::string_view importNoteName(ImportNote n) {
    switch (n) {
        case ImportNote::None: return "none";
        case ImportNote::EphemeralInFile: return "ephemeral in file";
        case ImportNote::TargetUnreadable: return "target unreadable";
        case ImportNote::ParentEphemeral: return "parent ephemeral";
        case ImportNote::ModeUnreadable: return "mode unreadable";
        case ImportNote::ModeMismatch: return "mode mismatch";
        case ImportNote::NullOverData: return "null over data";
    }
    return "unknown";
}

size_t ImportPreview::count(ImportAction a) const {
    return size_t(std::count_if(items.begin(), items.end(), [a](const ImportItem& i) { return i.action == a; }));
}

namespace {

// Source path -> target path: the source root maps onto `target`.
std::string mapPath(const std::string& sourceRoot, const std::string& target, const std::string& path) {
    std::string rest = sourceRoot == "/" ? path : path.substr(sourceRoot.size());  // "" or "/a/b"
    if (rest == "/") rest.clear();
    if (rest.empty()) return target;
    return target == "/" ? rest : target + rest;
}

std::string targetRefusal(const std::string& target) {
    if (auto bad = proto::validatePath(target)) return "Cannot import into " + target + ": " + *bad + ".";
    if (proto::isUnder(target, "/zookeeper"))
        return "Refusing to import into " + target + ": /zookeeper holds ZooKeeper's system nodes.";
    return {};
}

// What the target holds at one path.
struct TargetNode {
    int pending = 2;
    bool missing = false;
    Err err = Err::Ok;
    std::string message;
    client::NodeData data;
    proto::ACLList acl;
};

}  // namespace

ImportPreview previewImport(client::Client& c, const Snapshot& snap, const std::string& target, const Control& control) {
    ImportPreview pv;
    pv.sourceRoot = snap.root;
    pv.target = target;
    pv.refused = targetRefusal(target);
    if (!pv.refused.empty()) return pv;
    if (snap.nodes.empty()) {
        pv.refused = "The export holds no nodes.";
        return pv;
    }

    // Missing ancestors of the target (each exists() is cheap; all pipelined).
    std::vector<std::string> ancestors;
    for (std::string p(parentOf(target)); !p.empty() && p != "/"; p = std::string(parentOf(p)))
        ancestors.insert(ancestors.begin(), p);

    ProgressReporter progress(control, Phase::Reading, snap.nodes.size());
    Pipeline pipe(control.window < 2 ? 2 : control.window);
    std::vector<bool> ancestorMissing(ancestors.size(), false);
    for (size_t i = 0; i < ancestors.size(); ++i) {
        if (pipe.full()) pipe.pump();
        pipe.submit<std::optional<proto::Stat>>(
            [&c, p = ancestors[i]](client::Callback<std::optional<proto::Stat>> cb) { c.exists(p, false, cb); },
            [&, i](client::Result<std::optional<proto::Stat>>& r) {
                if (r.ok() && !r.value) ancestorMissing[i] = true;
                else if (!r.ok()) pv.errors.push_back(detail::nodeError(ancestors[i], r.err, r.message));
            });
    }

    std::vector<TargetNode> found(snap.nodes.size());
    size_t next = 0;
    while (true) {
        while (next < snap.nodes.size() && !control.cancel.cancelled() && pipe.inflight() + 2 <= std::max<size_t>(control.window, 2)) {
            const size_t i = next++;
            const std::string tp = mapPath(snap.root, target, snap.nodes[i].path);
            auto done = [&, i] {
                if (--found[i].pending == 0) progress.tick();
            };
            pipe.submit<client::NodeData>(
                [&c, tp](client::Callback<client::NodeData> cb) { c.getData(tp, false, cb); },
                [&, i, done](client::Result<client::NodeData>& r) {
                    if (r.ok()) {
                        found[i].data = std::move(r.value);
                    } else if (r.err == Err::NoNode) {
                        found[i].missing = true;
                    } else if (found[i].err == Err::Ok) {
                        found[i].err = r.err;
                        found[i].message = r.message;
                    }
                    done();
                });
            pipe.submit<client::AclData>(
                [&c, tp](client::Callback<client::AclData> cb) { c.getACL(tp, cb); },
                [&, i, done](client::Result<client::AclData>& r) {
                    if (r.ok()) {
                        found[i].acl = std::move(r.value.acl);
                    } else if (r.err == Err::NoNode) {
                        found[i].missing = true;
                    } else if (found[i].err == Err::Ok) {
                        found[i].err = r.err;
                        found[i].message = r.message;
                    }
                    done();
                });
        }
        if (pipe.inflight() == 0) break;
        pipe.pump();
    }
    progress.finish();
    for (size_t i = 0; i < ancestors.size(); ++i)
        if (ancestorMissing[i]) pv.parentsToCreate.push_back(ancestors[i]);
    if (next < snap.nodes.size()) {
        pv.cancelled = true;
        return pv;
    }

    // Classify, parent-first, so a child can look at its parent's verdict.
    std::map<std::string, size_t> byPath;
    std::set<std::string> ephemeralAtTarget;  // source paths whose target node is ephemeral
    pv.items.reserve(snap.nodes.size());
    for (size_t i = 0; i < snap.nodes.size(); ++i) {
        const NodeRecord& src = snap.nodes[i];
        const TargetNode& t = found[i];
        ImportItem item;
        item.index = i;
        item.sourcePath = src.path;
        item.targetPath = mapPath(snap.root, target, src.path);
        item.fileMode = src.mode;
        item.fileTtlMs = src.mode == NodeMode::Ttl ? src.ttlMs : 0;
        const ImportItem* parent = nullptr;
        if (src.path != snap.root) {
            auto it = byPath.find(std::string(parentOf(src.path)));
            if (it != byPath.end()) parent = &pv.items[it->second];
        }
        if (src.mode == NodeMode::Ephemeral) {
            item.action = ImportAction::Skip;
            item.noteKind = ImportNote::EphemeralInFile;
            item.note = "Ephemeral node: it belongs to a session on the source and is not imported.";
        } else if (t.err != Err::Ok && !t.missing) {
            item.action = ImportAction::Conflict;
            item.noteKind = ImportNote::TargetUnreadable;
            item.targetErr = t.err;
            item.note = "Cannot read the target: " + t.message;
            pv.errors.push_back(detail::nodeError(item.targetPath, t.err, t.message));
        } else if (t.missing) {
            item.action = ImportAction::Create;
            if (parent && ephemeralAtTarget.count(parent->sourcePath)) {
                item.action = ImportAction::Conflict;
                item.noteKind = ImportNote::ParentEphemeral;
                item.note = "Its parent " + parent->targetPath + " is ephemeral at the target and cannot have children.";
            }
        } else {
            int64_t ttl = 0;
            const NodeMode targetMode = modeFromEphemeralOwner(t.data.stat.ephemeralOwner, &ttl);
            item.targetMode = targetMode;
            item.targetTtlMs = ttl;
            if (targetMode == NodeMode::Ephemeral) ephemeralAtTarget.insert(src.path);
            item.targetVersion = t.data.stat.version;
            item.targetAversion = t.data.stat.aversion;
            item.dataDiffers = src.isNull != t.data.isNull || src.data != t.data.data;
            item.aclDiffers = !detail::aclEquivalent(src.acl, t.acl);
            // Containers and TTL nodes read as persistent (see NodeMode), so
            // only a difference a client can see is a conflict: an ephemeral
            // target, or a raw container/TTL owner that disagrees with the file.
            const bool unreadableMode = targetMode == NodeMode::Persistent && src.mode != NodeMode::Persistent;
            if (unreadableMode) {
                item.noteKind = ImportNote::ModeUnreadable;
                item.note = "The target's mode cannot be read (containers and TTL nodes read as persistent); "
                            "it is left as it is.";
            }
            if (!unreadableMode && (targetMode != src.mode || (src.mode == NodeMode::Ttl && ttl != src.ttlMs))) {
                item.action = ImportAction::Conflict;
                item.noteKind = ImportNote::ModeMismatch;
                item.note = "The target " + item.targetPath + " exists as " + std::string(nodeModeName(targetMode)) +
                            " node; the file says " + std::string(nodeModeName(src.mode)) +
                            ". A node's mode cannot be changed in place.";
            } else if (src.isNull && !t.data.isNull) {
                item.action = ImportAction::Conflict;
                item.noteKind = ImportNote::NullOverData;
                item.note = "The file holds null data, but an existing node cannot be set to null (setData always "
                            "stores bytes); delete the target node to import it.";
            } else if (item.dataDiffers || item.aclDiffers) {
                item.action = ImportAction::Update;
            } else {
                item.action = ImportAction::Unchanged;
            }
        }
        byPath[src.path] = pv.items.size();
        pv.items.push_back(std::move(item));
    }
    spdlog::info("admin: import preview {} -> {}: {} create, {} update, {} unchanged, {} conflict, {} skip",
                 snap.root, target, pv.count(ImportAction::Create), pv.count(ImportAction::Update),
                 pv.count(ImportAction::Unchanged), pv.count(ImportAction::Conflict), pv.count(ImportAction::Skip));
    return pv;
}

namespace {

// The ids this session holds as far as the client knows them.
std::vector<proto::Id> knownIdentities(const client::Client& c) {
    std::vector<proto::Id> ids;
    for (const auto& a : c.options().auth)
        if (a.scheme == "digest") ids.push_back(proto::Id{"digest", proto::digestOf(a.credential)});
    return ids;
}

bool grants(const proto::ACLList& acl, int32_t perm, const std::vector<proto::Id>& ids) {
    for (const auto& e : acl) {
        if ((e.perms & perm) != perm) continue;
        if (e.id.scheme == "world" && e.id.id == "anyone") return true;
        for (const auto& id : ids)
            if (e.id == id) return true;
    }
    return false;
}

}  // namespace

ImportReport applyImport(client::Client& c, const Snapshot& snap, const ImportPreview& pv, const ImportOptions& options,
                         const Control& control) {
    ImportReport report;
    if (!pv.refused.empty() || pv.cancelled) {
        report.cancelled = pv.cancelled;
        if (!pv.refused.empty()) report.errors.push_back(detail::nodeError(pv.target, Err::BadArguments, pv.refused));
        return report;
    }
    if (pv.items.size() != snap.nodes.size() || pv.sourceRoot != snap.root) {
        report.errors.push_back(detail::nodeError(pv.target, Err::BadArguments,
                                                  "The preview was made for a different export; preview again."));
        return report;
    }
    const bool overwrite = options.overwrite == Overwrite::Always;

    // Which created nodes get children created under them.
    std::set<std::string> hasCreatedChild;
    for (const auto& item : pv.items)
        if (item.action == ImportAction::Create && item.targetPath != pv.target)
            hasCreatedChild.insert(std::string(parentOf(item.targetPath)));

    const std::vector<proto::Id> ids = knownIdentities(c);
    const proto::Id tempId = ids.empty() ? proto::Id{"world", "anyone"} : ids.front();

    // The requests, in the order they must reach the server.
    struct Request {
        enum class Kind { Parent, Create, SetData, SetAcl } kind;
        size_t item = 0;  // Create/SetData/SetAcl
        std::string path;
        proto::ACLList acl;  // Create: the ACL to create with; SetAcl: the final ACL
        int32_t version = -1;
        bool finalAcl = false;  // a temporary ACL being replaced: sent even after cancel
    };
    std::vector<Request> requests;
    for (const auto& p : pv.parentsToCreate) requests.push_back({Request::Kind::Parent, 0, p, proto::openAclUnsafe(), -1, false});
    std::vector<Request> aclRequests;
    std::vector<bool> updatedItem(pv.items.size(), false);
    for (size_t k = 0; k < pv.items.size(); ++k) {
        const ImportItem& item = pv.items[k];
        const NodeRecord& src = snap.nodes[item.index];
        switch (item.action) {
            case ImportAction::Create: {
                proto::ACLList acl = src.acl;
                if (hasCreatedChild.count(item.targetPath) && !grants(acl, proto::perms::kCreate, ids)) {
                    acl.push_back(proto::ACL{proto::perms::kCreate | proto::perms::kAdmin, tempId});
                    aclRequests.push_back({Request::Kind::SetAcl, k, item.targetPath, src.acl, 0, true});
                }
                requests.push_back({Request::Kind::Create, k, item.targetPath, std::move(acl), -1, false});
                break;
            }
            case ImportAction::Update:
                if (!overwrite) {
                    ++report.skipped;
                    break;
                }
                if (item.dataDiffers)
                    requests.push_back({Request::Kind::SetData, k, item.targetPath, {}, item.targetVersion, false});
                if (item.aclDiffers)
                    aclRequests.push_back({Request::Kind::SetAcl, k, item.targetPath, src.acl, item.targetAversion, false});
                break;
            case ImportAction::Unchanged: ++report.unchanged; break;
            case ImportAction::Conflict: ++report.conflicts; break;
            case ImportAction::Skip: ++report.skipped; break;
        }
    }
    // setACL only after every create/setData has been answered: a temporary
    // ACL is replaced only on a node this import created, which is known then.
    const size_t aclStart = requests.size();
    requests.insert(requests.end(), aclRequests.begin(), aclRequests.end());

    ProgressReporter progress(control, Phase::Writing, requests.size());
    Pipeline pipe(control.window);
    std::set<size_t> createdItems;
    size_t next = 0;
    while (true) {
        if (next == aclStart) pipe.drain();
        while (!pipe.full() && next < requests.size() && (next != aclStart || pipe.inflight() == 0)) {
            const Request& rq = requests[next];
            // A temporary ACL is replaced only where this import created the
            // node; after a cancel nothing else goes out.
            const bool tempOnNodeWeCreated = rq.finalAcl && createdItems.count(rq.item);
            if ((rq.finalAcl && !tempOnNodeWeCreated) || (control.cancel.cancelled() && !tempOnNodeWeCreated)) {
                ++next;
                if (!rq.finalAcl) report.cancelled = true;
                continue;
            }
            ++next;
            auto onError = [&, path = rq.path](Err err, const std::string& message) {
                report.errors.push_back(detail::nodeError(path, err, message));
            };
            switch (rq.kind) {
                case Request::Kind::Parent:
                case Request::Kind::Create: {
                    client::CreateOptions co;
                    co.acl = rq.acl;
                    std::string data;
                    if (rq.kind == Request::Kind::Create) {
                        const NodeRecord& src = snap.nodes[pv.items[rq.item].index];
                        co.nullData = src.isNull;
                        data = src.data;
                        if (src.mode == NodeMode::Container) co.mode = proto::CreateMode::Container;
                        if (src.mode == NodeMode::Ttl) {
                            co.mode = proto::CreateMode::PersistentWithTTL;
                            co.ttlMs = src.ttlMs;
                        }
                    }
                    const bool isParent = rq.kind == Request::Kind::Parent;
                    const size_t item = rq.item;
                    pipe.submit<client::Created>(
                        [&c, path = rq.path, data = std::move(data), co](client::Callback<client::Created> cb) {
                            c.create(path, data, co, cb);
                        },
                        [&, isParent, item, onError](client::Result<client::Created>& r) {
                            progress.tick();
                            if (r.ok()) {
                                ++(isParent ? report.parentsCreated : report.created);
                                if (!isParent) createdItems.insert(item);
                            } else if (isParent && r.err == Err::NodeExists) {
                                // Created by someone else meanwhile: fine.
                            } else {
                                onError(r.err, r.message);
                            }
                        });
                    break;
                }
                case Request::Kind::SetData: {
                    const NodeRecord& src = snap.nodes[pv.items[rq.item].index];
                    const size_t item = rq.item;
                    pipe.submit<proto::Stat>(
                        [&c, path = rq.path, data = src.data, v = rq.version](client::Callback<proto::Stat> cb) {
                            c.setData(path, data, v, cb);
                        },
                        [&, item, onError](client::Result<proto::Stat>& r) {
                            progress.tick();
                            if (r.ok()) {
                                if (!updatedItem[item]) ++report.updated;
                                updatedItem[item] = true;
                            } else {
                                onError(r.err, r.message);
                            }
                        });
                    break;
                }
                case Request::Kind::SetAcl: {
                    const size_t item = rq.item;
                    const bool temp = rq.finalAcl;
                    pipe.submit<client::Empty>(
                        [&c, path = rq.path, acl = rq.acl, v = rq.version](client::Callback<client::Empty> cb) {
                            c.setACL(path, acl, v, cb);
                        },
                        [&, item, temp, onError](client::Result<client::Empty>& r) {
                            progress.tick();
                            if (r.ok()) {
                                if (!temp && !updatedItem[item]) ++report.updated;
                                if (!temp) updatedItem[item] = true;
                            } else {
                                onError(r.err, r.message);
                            }
                        });
                    break;
                }
            }
        }
        if (pipe.inflight() == 0 && next >= requests.size()) break;
        pipe.pump();
    }
    report.cancelled = report.cancelled || control.cancel.cancelled();
    progress.finish();
    spdlog::info("admin: import {} -> {}: {} created, {} updated, {} unchanged, {} skipped, {} conflicts, {} errors{}",
                 snap.root, pv.target, report.created, report.updated, report.unchanged, report.skipped,
                 report.conflicts, report.errors.size(), report.cancelled ? ", cancelled" : "");
    return report;
}

}  // namespace zooscope::admin
