// zooscope::admin — subtree operations over zooscope::client: recursive and
// batch delete, export to JSON, import with a dry-run preview, and compare
// (also across two servers). Qt-free; the desktop app wraps it
// (ui/models/admin_task_model.h).
//
// Threads and blocking:
// - The operation functions (planRecursiveDelete, executeRecursiveDelete,
//   deleteNodes, readSubtree, previewImport, applyImport, compareSubtrees)
//   BLOCK the calling thread until done. They must never run on a GUI thread
//   nor inside a client callback: run them in a Job (startJob below), which
//   owns a worker thread.
// - Requests are pipelined: up to Control::window requests are in flight at
//   once, never one round trip per node. A session's requests are handled in
//   submission order (ZooKeeper's FIFO client order), which is what makes
//   "delete children before parents" and "create parents before children"
//   safe without waiting between them.
// - Control::onProgress and Control::cancel are the only ways in while an
//   operation runs. onProgress runs on the thread running the operation; it
//   may block briefly (tests use that to stage races) but must not call into
//   the same operation.
// - Cancelling stops issuing new requests; requests already in flight still
//   complete and are reported (so a report always says exactly what was done).
// - The Client must outlive the operation. If it is closed meanwhile, the
//   outstanding requests fail with ConnectionLoss and the operation ends with
//   those errors.
//
// Errors: nothing throws for runtime conditions. Per-node failures are listed
// as NodeError (the client's English sentence); a refused input (bad path,
// protected root, malformed import file) is a sentence naming the offending
// path. Compare details and import notes are English too (for logs and the
// CLI), and come with structured fields (Difference::left/right,
// ImportItem::noteKind...) from which a UI words its own translated text.
//
// The export format is documented next to toJson() below and in
// core/admin/EXPORT_FORMAT.md.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zooscope/client.h"

namespace zooscope::admin {

// ---------------------------------------------------------------- control

// Shared cancel flag: copies refer to the same flag. Thread-safe.
class CancelToken {
public:
    CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
    void cancel() const { flag_->store(true); }
    bool cancelled() const { return flag_->load(); }

private:
    std::shared_ptr<std::atomic<bool>> flag_;
};

enum class Phase {
    Listing,    // walking the tree with getChildren (total unknown: 0)
    Reading,    // reading data and ACLs (export, compare, preview)
    Deleting,
    Writing,    // import: creates, setData, setACL
};
// "listing", "reading", "deleting", "writing".
std::string_view phaseName(Phase p);

struct Progress {
    Phase phase = Phase::Listing;
    uint64_t done = 0;   // nodes (Listing/Reading) or requests (Deleting/Writing) finished
    uint64_t total = 0;  // 0 while unknown
};
using ProgressFn = std::function<void(const Progress&)>;

struct Control {
    CancelToken cancel;
    // Called at most once per progressInterval, and always once when a phase
    // ends. An interval of 0 reports every completion.
    ProgressFn onProgress;
    std::chrono::milliseconds progressInterval{50};
    // Requests in flight at most (>= 1).
    size_t window = 256;
};

// One node's failure: the client's error and its sentence.
struct NodeError {
    std::string path;
    proto::Err err = proto::Err::Ok;
    std::string message;
};

// ---------------------------------------------------------------- delete

// A refusal sentence when `path` must not be deleted recursively, else "".
// Refused: invalid paths, "/" (with a chroot: the chroot node), "/zookeeper"
// and its system children "/zookeeper/config" and "/zookeeper/quota".
// (User quota nodes below /zookeeper/quota/... are allowed.)
std::string checkDeletableRoot(std::string_view path);

inline constexpr size_t kPlanSampleSize = 20;

struct DeletePlan {
    std::string root;
    // Every node found, deepest first (each child before its parent); the
    // root is last. Executing deletes in this order is safe to pipeline.
    std::vector<std::string> paths;
    // Up to kPlanSampleSize paths, parent-first, for the confirmation dialog.
    std::vector<std::string> sample;
    // Nodes whose children could not be listed (their subtrees are missing
    // from `paths`, so executing would end in NotEmpty for them).
    std::vector<NodeError> errors;
    bool cancelled = false;
    // Non-empty: nothing was planned (protected root, invalid path, root does
    // not exist, or cannot be read); the sentence says why.
    std::string refused;

    uint64_t count() const { return paths.size(); }
    bool ok() const { return refused.empty() && errors.empty() && !cancelled; }
};

// Walks the subtree with pipelined getChildren (Phase::Listing).
DeletePlan planRecursiveDelete(client::Client& c, const std::string& root, const Control& control = {});

struct DeleteReport {
    uint64_t planned = 0;               // plan.count()
    std::vector<std::string> deleted;   // confirmed deleted by us, in server order
    uint64_t vanished = 0;              // NoNode: gone before our delete arrived
    // Subtrees re-listed and deleted again after a NotEmpty (another client
    // added a child meanwhile). Each subtree is retried once.
    std::vector<std::string> retried;
    std::vector<NodeError> errors;      // final failures (after the retry)
    bool cancelled = false;

    bool complete() const { return !cancelled && errors.empty(); }
};

// Deletes plan.paths in order with version -1 (Phase::Deleting). A refused or
// cancelled plan deletes nothing. NotEmpty: after the pass, each topmost
// failed node's subtree is listed again and deleted once more; what still
// fails is reported.
DeleteReport executeRecursiveDelete(client::Client& c, const DeletePlan& plan, const Control& control = {});

struct PathResult {
    std::string path;
    proto::Err err = proto::Err::Ok;
    std::string message;
    // false: not sent. Then err is BadArguments for a refused path, or Ok
    // with a message when the operation was cancelled first.
    bool attempted = false;

    bool deleted() const { return attempted && err == proto::Err::Ok; }
};

// Deletes single nodes (version -1), pipelined; one result per path, in the
// order given. A node with children fails NotEmpty (not recursive). Paths
// refused by checkDeletableRoot are not sent (attempted=false, BadArguments).
std::vector<PathResult> deleteNodes(client::Client& c, const std::vector<std::string>& paths,
                                    const Control& control = {});

// ---------------------------------------------------------------- snapshot

// A node's lifetime kind. What a client can tell: Stat.ephemeralOwner is a
// session id for ephemeral nodes and 0 otherwise. ZooKeeper 3.8 stores
// containers as the owner 0x8000000000000000 and TTL nodes as
// 0xFF00_0000_0000_0000 | ttl ms, but DataNode.getClientEphemeralOwner()
// reports 0 for both to clients (the engine does the same), so containers
// and TTL nodes READ AS PERSISTENT. Hence:
// - modeFromEphemeralOwner() decodes the raw encodings anyway (a server that
//   exposes them, or a Stat taken from a snapshot file, is understood);
// - readSubtree() takes ModeHints: the caller's annotations (nodes the user
//   marked as container/TTL in the export dialog, layouts known from recipes,
//   nodes the app created itself). An annotated node is written with
//   "modeAnnotated": true so the file says the mode was not read;
// - an export file may be edited to say "container" or "ttl"; import creates
//   the node in that mode.
// Sequential creation leaves no trace but the name, so sequential nodes read
// as their base kind and are imported under their exact names.
enum class NodeMode { Persistent, Ephemeral, Container, Ttl };
// "persistent", "ephemeral", "container", "ttl".
std::string_view nodeModeName(NodeMode m);
std::optional<NodeMode> nodeModeFromName(std::string_view name);
// *ttlMs gets the TTL for NodeMode::Ttl, else 0.
NodeMode modeFromEphemeralOwner(int64_t ephemeralOwner, int64_t* ttlMs);

struct NodeRecord {
    std::string path;  // absolute
    std::string data;
    bool isNull = false;  // null data (distinct from "")
    proto::ACLList acl;
    NodeMode mode = NodeMode::Persistent;
    int64_t ttlMs = 0;  // NodeMode::Ttl only
    bool modeAnnotated = false;  // mode came from a ModeHint, not from the server
    proto::Stat stat;   // as read (informational on import)
};

// Caller-supplied modes for nodes a client cannot recognise (see NodeMode).
struct ModeHint {
    NodeMode mode = NodeMode::Persistent;
    int64_t ttlMs = 0;  // NodeMode::Ttl: 1..2^40-1
};
// Absolute path -> hint. A hint applies only to a node the server reports as
// persistent (ephemeralOwner 0); a session owner always wins.
using ModeHints = std::map<std::string, ModeHint>;

struct Snapshot {
    std::string root;
    std::vector<NodeRecord> nodes;  // sorted by path: every parent before its children
    // Nodes that could not be read (NoAuth...): they and their subtrees are
    // missing. A node deleted while it was being read is left out silently.
    std::vector<NodeError> errors;
    bool cancelled = false;

    bool complete() const { return errors.empty() && !cancelled; }
};

// Reads the subtree under `root` (data, ACL, stat of each node; pipelined
// getData + getACL + getChildren, Phase::Reading). Reading "/" leaves out
// the /zookeeper system subtree. A missing root gives one NodeError NoNode.
Snapshot readSubtree(client::Client& c, const std::string& root, const Control& control = {},
                     const ModeHints& hints = {});

// ---------------------------------------------------------------- export format

inline constexpr std::string_view kExportFormat = "zooscope-export";
inline constexpr int kExportVersion = 1;

// Version 1 (core/admin/EXPORT_FORMAT.md has the full text):
// {
//   "format": "zooscope-export", "version": 1,
//   "root": "/app",                       // absolute path the export was taken at
//   "nodes": [                            // parent-first; the root is one of them
//     { "path": "/app/cfg",               // absolute source path, root or below it
//       "data": "text", "encoding": "utf8",   // "utf8" when the bytes are valid UTF-8,
//                                             // else "base64" (RFC 4648, padded)
//       "null": false,                    // true: null data; "data"/"encoding" omitted
//       "acl": [ {"perms": 31, "scheme": "world", "id": "anyone"} ],  // perms: ZooDefs.Perms bits
//       "mode": "persistent",             // persistent | ephemeral | container | ttl
//       "ttl": 60000,                     // mode "ttl" only: milliseconds
//       "modeAnnotated": true,            // only when the mode came from a ModeHint
//       "stat": { "czxid": 1, ... }       // informational, ignored by import
//     } ],
//   "unreadable": [ {"path": "...", "error": "NoAuth", "message": "..."} ]  // only when some were
// }
// Readers ignore unknown keys (additions within a version stay optional);
// a file with a larger "version" is refused with a sentence saying so.
struct ExportOptions {
    int indent = 1;            // 0: one line
    bool includeStat = true;
};
std::string toJson(const Snapshot& snapshot, const ExportOptions& options = {});

// Parses and validates an export file. nullopt + *error (a sentence naming the
// line:column for JSON syntax errors, or the node index and path for content
// errors) when the file is not a valid version-1 export. Nothing is partial:
// a file with one bad node is refused whole.
std::optional<Snapshot> parseExport(std::string_view json, std::string* error);

// ---------------------------------------------------------------- import

enum class ImportAction {
    Create,     // missing at the target
    Update,     // exists; data and/or ACL differ
    Unchanged,  // exists with the same data, null flag, ACL and mode
    Conflict,   // cannot be made equal (mode differs, null over existing data,
                // target unreadable, parent is ephemeral...): never written
    Skip,       // ephemeral in the file: belongs to a source session
};
std::string_view importActionName(ImportAction a);

// Why an item carries a note: lets a UI word its own (translated) sentence
// from the item's fields; ImportItem::note keeps the English one for logs
// and the CLI.
enum class ImportNote {
    None,
    EphemeralInFile,   // Skip: the file's node is ephemeral (fileMode)
    TargetUnreadable,  // Conflict: reading the target failed (targetErr)
    ParentEphemeral,   // Conflict: the target's parent (parent of targetPath) is ephemeral there
    ModeUnreadable,    // a remark, not a conflict: the file says container/TTL (fileMode),
                       // the target reads as persistent, its mode is left as it is
    ModeMismatch,      // Conflict: the target exists as targetMode (targetTtlMs); the file
                       // says fileMode (fileTtlMs)
    NullOverData,      // Conflict: null data in the file over an existing node's bytes
};
std::string_view importNoteName(ImportNote n);  // "none", "ephemeral in file", ...

struct ImportItem {
    size_t index = 0;          // into Snapshot::nodes
    std::string sourcePath;
    std::string targetPath;
    ImportAction action = ImportAction::Create;
    bool dataDiffers = false;  // Update/Conflict: data or null flag differs
    bool aclDiffers = false;   // Update/Conflict
    std::string note;          // why Conflict / Skip (English sentence)
    ImportNote noteKind = ImportNote::None;  // the same, as a code ("" note <=> None)
    proto::Err targetErr = proto::Err::Ok;   // TargetUnreadable: the read's error
    NodeMode fileMode = NodeMode::Persistent;     // the file's mode for this node
    int64_t fileTtlMs = 0;                        // fileMode Ttl only
    NodeMode targetMode = NodeMode::Persistent;   // the existing node's mode as read
    int64_t targetTtlMs = 0;                      // targetMode Ttl only
    int32_t targetVersion = -1;   // the existing node's version (setData is checked against it)
    int32_t targetAversion = -1;  // and ACL version (setACL)
};

struct ImportPreview {
    std::string sourceRoot;
    std::string target;
    // Ancestors of `target` that do not exist, top first: created as
    // persistent nodes with empty data and the open ACL.
    std::vector<std::string> parentsToCreate;
    std::vector<ImportItem> items;  // one per snapshot node, parent-first
    std::vector<NodeError> errors;  // target reads that failed outright
    bool cancelled = false;
    std::string refused;            // non-empty: bad target; nothing else filled

    size_t count(ImportAction a) const;
};

// Maps the snapshot's root onto `target` (any absolute path; not under
// /zookeeper) and reads what is there now (pipelined getData + getACL).
// Writes nothing.
ImportPreview previewImport(client::Client& c, const Snapshot& snapshot, const std::string& target,
                            const Control& control = {});

enum class Overwrite {
    Never,   // Update items are left as they are (counted as skipped)
    Always,  // Update items get the file's data (setData) and ACL (setACL)
};

struct ImportOptions {
    Overwrite overwrite = Overwrite::Never;
};

struct ImportReport {
    uint64_t created = 0;
    uint64_t updated = 0;      // nodes that got data and/or ACL
    uint64_t unchanged = 0;
    uint64_t skipped = 0;      // Skip items, plus Update items under Overwrite::Never
    uint64_t conflicts = 0;    // Conflict items (not written)
    uint64_t parentsCreated = 0;
    std::vector<NodeError> errors;  // requests that failed (NodeExists when the target changed since the preview, ...)
    bool cancelled = false;

    bool complete() const { return errors.empty() && !cancelled; }
};

// Applies a preview made by previewImport for the same snapshot (Phase::Writing).
// Order: missing parents, then creates and setData in parent-first order,
// then setACL. setData/setACL of Update items are checked against the
// versions read by the preview (a node changed since fails BadVersion).
// Creates use the file's mode (TTL with its ttl) and exact names.
// ACL lock-out: a created node whose ACL would deny this session CREATE on
// it (as far as the client knows its identities: world:anyone and the
// digest credentials in ClientOptions::auth) while its children are still to
// be created gets a temporary ACL first (the final ACL plus CREATE|ADMIN for
// this session's digest id, or for world:anyone when the session has none),
// then its final ACL once its children are sent. That final setACL is also
// sent when the import is cancelled.
ImportReport applyImport(client::Client& c, const Snapshot& snapshot, const ImportPreview& preview,
                         const ImportOptions& options = {}, const Control& control = {});

// ---------------------------------------------------------------- compare

enum class DiffKind { OnlyLeft, OnlyRight, DataDiffers, AclDiffers, ModeDiffers };
std::string_view diffKindName(DiffKind k);

// One side of a Difference as read, so a UI can word its own detail.
struct DiffSide {
    bool present = false;  // false: the node is missing on this side (OnlyLeft/OnlyRight)
    bool isNull = false;
    uint64_t dataSize = 0;  // bytes (0 for null or empty data)
    NodeMode mode = NodeMode::Persistent;
    int64_t ttlMs = 0;      // mode Ttl only
    proto::ACLList acl;
};

struct Difference {
    DiffKind kind = DiffKind::OnlyLeft;
    std::string relativePath;  // "" for the roots, else "/a/b" below them
    std::string detail;        // short English summary ("12 bytes vs 14 bytes", "null vs empty", ...)
    // The two nodes as read (a missing side has present == false). For
    // DataDiffers, sameDataSize() means "same length, different bytes".
    DiffSide left, right;
    bool sameDataSize() const {
        return left.isNull == right.isNull && left.dataSize == right.dataSize;
    }
};

// "scheme:id:perms, ..." with perms as letters c d r w a (a notation, not
// English): the ACL part of Difference::detail.
std::string aclSummary(const proto::ACLList& acl);

struct CompareOptions {
    bool compareAcl = true;          // ACLs compared as sets (order ignored)
    bool compareMode = true;         // persistent/ephemeral/container/ttl (+ttl value)
    bool ignoreEphemerals = false;   // leave ephemeral nodes out on both sides
};

struct CompareResult {
    std::vector<Difference> differences;  // sorted by relativePath, then kind
    uint64_t leftCount = 0;
    uint64_t rightCount = 0;
    std::vector<NodeError> errors;  // read failures on either side (the result is then incomplete)
    bool cancelled = false;

    bool identical() const { return differences.empty() && errors.empty() && !cancelled; }
};

// Pure: compares two snapshots by path relative to their roots.
CompareResult compareSnapshots(const Snapshot& left, const Snapshot& right, const CompareOptions& options = {});

// Reads both subtrees (possibly on two different servers: two clients), then
// compares them. Progress: Phase::Reading for the left, then the right.
CompareResult compareSubtrees(client::Client& left, const std::string& leftRoot, client::Client& right,
                              const std::string& rightRoot, const CompareOptions& options = {},
                              const Control& control = {});

// ---------------------------------------------------------------- jobs

// A worker thread running one operation. Thread-safe.
// Destroying a Job cancels it and waits for its thread, except from inside
// its own `done` callback, where the thread is detached instead (so the
// callback may drop the Job that reported it).
class Job {
public:
    ~Job();
    Job(const Job&) = delete;
    Job& operator=(const Job&) = delete;

    void cancel() { token_.cancel(); }
    bool finished() const;
    // Blocks until the operation and its done callback have returned.
    void wait();
    const CancelToken& token() const { return token_; }

    // Runs body(control) on a new thread; `control.cancel` is the Job's token.
    static std::unique_ptr<Job> start(std::function<void(const Control&)> body, Control control);

private:
    struct State;
    Job(CancelToken token, std::shared_ptr<State> state);
    CancelToken token_;
    std::shared_ptr<State> state_;
};

// Runs `work` on a Job's thread and hands its result to `done` on that same
// thread (never the caller's). Example:
//   auto job = startJob<DeletePlan>(
//       [&c](const Control& k) { return planRecursiveDelete(c, "/app", k); },
//       [](DeletePlan p) { /* marshal to the GUI thread */ }, control);
template <typename R>
std::unique_ptr<Job> startJob(std::function<R(const Control&)> work, std::function<void(R)> done,
                              Control control = {}) {
    return Job::start(
        [work = std::move(work), done = std::move(done)](const Control& k) {
            R result = work(k);
            if (done) done(std::move(result));
        },
        std::move(control));
}

}  // namespace zooscope::admin
