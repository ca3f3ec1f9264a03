// Run: one scenario on one server, recorded as a normalised transcript.
//
// What the transcript keeps and how it is normalised (the only differences
// between servers it forgives):
//   - return codes by name (ZOK, ZNONODE, ...), data (quoted, or length+hash
//     when long/binary; null vs empty kept apart), version, cversion,
//     aversion, dataLength, numChildren, created and sequential names;
//   - ephemeralOwner as a role, never a value: "none", the label of one of
//     the case's sessions ("A"), "container", "ttl=<ms>", or "foreign";
//   - session ids: never printed; only "same id as A" relations;
//   - zxids (czxid, mzxid, pzxid): each value is replaced by its rank among
//     all zxid values that case saw on that server (z1 < z2 < ...), which
//     keeps equality and order (e.g. a parent's pzxid == its newest child's
//     czxid, mzxid moving on set) and drops absolute values;
//   - ctime/mtime: never printed; kept are "ctime<=mtime", whether ctime is
//     within a minute of the client's clock, and against the previous stat of
//     the same path: ctime same (same czxid) or not-earlier (recreated), and
//     mtime not-earlier;
//   - watch events: "<session>/<watcher>: <type> <state> <path>" in delivery
//     order per session, collected after an ordered round trip (barrier);
//   - getChildren lists are sorted (the server's order is unspecified).
#pragma once

#include <QStringList>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "test_support.h"
#include "zk_session.h"

namespace zooscope::conformance {

inline const std::optional<std::string> kNull = std::nullopt;

// One op of a multi.
struct MultiOp {
    enum class Kind { Create, Delete, SetData, Check } kind;
    std::string path;
    std::optional<std::string> data;
    int version = -1;
    int mode = 0;
    static MultiOp create(std::string p, std::optional<std::string> d = std::string(), int mode = 0) {
        return {Kind::Create, std::move(p), std::move(d), -1, mode};
    }
    static MultiOp del(std::string p, int v = -1) { return {Kind::Delete, std::move(p), std::nullopt, v, 0}; }
    static MultiOp set(std::string p, std::string d, int v = -1) { return {Kind::SetData, std::move(p), std::move(d), v, 0}; }
    static MultiOp check(std::string p, int v) { return {Kind::Check, std::move(p), std::nullopt, v, 0}; }
};

AclList openAcl();

class Run {
public:
    Run(testing::TestServer& server, std::string root);
    ~Run();

    // Opens a session labelled `label` and logs its connect state.
    // `via` overrides the server's connect string (e.g. a TcpProxy).
    Session& open(const std::string& label, int timeoutMs = 10000, const clientid_t* id = nullptr,
                  const std::string& via = {});
    void log(const std::string& line) { lines_.push_back(line); }
    std::string p(const std::string& rel = "") const { return root_ + rel; }
    const std::string& root() const { return root_; }
    const std::string& connectString() const { return hosts_; }

    // The normalised transcript.
    QStringList transcript() const;

    // --- operations: each logs one line and returns the C client's rc ---
    int create(Session& s, const std::string& path, const std::optional<std::string>& data = std::string(),
               int mode = 0, std::optional<AclList> acl = std::nullopt, std::string* created = nullptr);
    int create2(Session& s, const std::string& path, const std::optional<std::string>& data = std::string(),
                int mode = 0, int64_t ttl = 0);
    int createTtl(Session& s, const std::string& path, int mode, int64_t ttl);
    int del(Session& s, const std::string& path, int version = -1);
    int exists(Session& s, const std::string& path, bool watch = false);
    int wexists(Session& s, const std::string& path, const std::string& tag);
    int get(Session& s, const std::string& path, bool watch = false);
    int wget(Session& s, const std::string& path, const std::string& tag);
    int set(Session& s, const std::string& path, const std::optional<std::string>& data, int version = -1);
    int set2(Session& s, const std::string& path, const std::optional<std::string>& data, int version = -1);
    int children(Session& s, const std::string& path, bool watch = false);
    int wchildren(Session& s, const std::string& path, const std::string& tag);
    int children2(Session& s, const std::string& path, bool watch = false,
                  const std::vector<std::string>* onlyNames = nullptr);
    int getAcl(Session& s, const std::string& path);
    int setAcl(Session& s, const std::string& path, int version, AclList acl);
    int sync(Session& s, const std::string& path);
    int addAuth(Session& s, const std::string& scheme, const std::string& cert);
    int multi(Session& s, const std::vector<MultiOp>& ops);
    int removeAllWatches(Session& s, const std::string& path, ZooWatcherType type);
    int removeWatches(Session& s, const std::string& path, ZooWatcherType type, const std::string& tag);
    int getConfig(Session& s);
    // Logs the node-watch events `s` has seen (after a barrier).
    void events(Session& s);

    std::string fmtStat(const std::string& path, const Stat& st);
    std::string owner(int64_t ephemeralOwner) const;
    Session::WatchTag* tagOf(Session& s, const std::string& tag);

private:
    std::string zx(int64_t zxid);

    std::string root_;
    std::string hosts_;
    std::vector<std::unique_ptr<Session>> sessions_;
    std::map<int64_t, std::string> sessionLabels_;
    std::map<std::string, std::map<std::string, Session::WatchTag*>> tags_;
    std::map<std::string, Stat> lastStat_;
    std::vector<std::string> lines_;
};

// Deletes `path` and everything under it (best effort, through `s`).
void deleteRecursive(zhandle_t* zh, const std::string& path);

// SHA-1/base64 digest id "user:hash" for the digest scheme.
std::string digestId(const std::string& user, const std::string& password);

}  // namespace zooscope::conformance
