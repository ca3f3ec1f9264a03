// Raw-protocol conformance: scenarios built from the requests the ZooKeeper C
// client cannot send (addWatch, multiRead, getEphemerals,
// getAllChildrenNumber, whoAmI, setWatches2, reconfig, createTTL through its
// own opcode, an old-client ConnectRequest ...), sent byte by byte through
// RawClient. Every scenario runs against Apache ZooKeeper 3.8 (one JVM for the
// binary) and against the in-process engine; the normalised transcripts must
// be equal line by line.
//
// Normalisation follows tests/conformance (see its transcript.h), and nothing
// else is forgiven:
//   1. zxids (stat czxid/mzxid/pzxid and reply-header zxids) are replaced by
//      their rank among the zxids the case saw on that server (z1..zn);
//   2. ctime/mtime become relations (ctime<=mtime, ctime near now; against
//      the previous stat of the same path: ctime same for the same node,
//      not earlier for a re-created one, mtime not earlier);
//   3. session ids are never printed: a connect logs "same session id as X"
//      and ephemeralOwner is the owning session's label, "none",
//      "container" or "ttl=<ms>";
//   4. child lists are sorted; listings of "/" keep only "zookeeper" and the
//      case's own root.
// Reply error codes, body sizes, data, versions, counts and watch events
// (type, state, path, order per session) must match exactly.
//
// ZS_CONFORMANCE_SELFTEST=1 compares Apache ZooKeeper with a second Apache
// ZooKeeper (must pass 100%: validates the scenarios and the normalisation).
// ZS_CONFORMANCE_DUMP=<dir> writes both transcripts of every case there.
#include <QtTest>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "proto/multi.h"
#include "proto/records.h"
#include "raw_client.h"
#include "test_support.h"

using zooscope::testing::RawClient;
using zooscope::testing::RawConnectOptions;
using zooscope::testing::RawReply;
using zooscope::testing::TestServer;
namespace proto = zooscope::proto;
using proto::Err;
using proto::OpCode;

namespace {

int64_t wallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string errStr(Err e) { return std::string(proto::errName(e)); }

std::string fmtData(const std::optional<std::string>& d) {
    if (!d) return "null";
    if (d->empty()) return "''";
    bool printable = d->size() <= 64;
    for (unsigned char c : *d) printable = printable && c >= 0x20 && c < 0x7f;
    if (printable) return "'" + *d + "'";
    return "len=" + std::to_string(d->size());
}

std::string eventType(proto::EventType t) {
    switch (t) {
    case proto::EventType::None: return "None";
    case proto::EventType::NodeCreated: return "NodeCreated";
    case proto::EventType::NodeDeleted: return "NodeDeleted";
    case proto::EventType::NodeDataChanged: return "NodeDataChanged";
    case proto::EventType::NodeChildrenChanged: return "NodeChildrenChanged";
    case proto::EventType::DataWatchRemoved: return "DataWatchRemoved";
    case proto::EventType::ChildWatchRemoved: return "ChildWatchRemoved";
    case proto::EventType::PersistentWatchRemoved: return "PersistentWatchRemoved";
    }
    return "type" + std::to_string(int32_t(t));
}

std::string keeperState(proto::KeeperState s) {
    switch (s) {
    case proto::KeeperState::Disconnected: return "Disconnected";
    case proto::KeeperState::SyncConnected: return "SyncConnected";
    case proto::KeeperState::AuthFailed: return "AuthFailed";
    case proto::KeeperState::ConnectedReadOnly: return "ConnectedReadOnly";
    case proto::KeeperState::SaslAuthenticated: return "SaslAuthenticated";
    case proto::KeeperState::Expired: return "Expired";
    case proto::KeeperState::Closed: return "Closed";
    }
    return "state" + std::to_string(int32_t(s));
}

std::string joinSorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + v[i];
    return out + "]";
}

std::string digestId(const std::string& user, const std::string& password) {
    const QByteArray sha =
        QCryptographicHash::hash(QByteArray::fromStdString(user + ":" + password), QCryptographicHash::Sha1);
    return user + ":" + sha.toBase64().toStdString();
}

// One scenario on one server, recorded as transcript lines. zxids travel as
// @Z<decimal>@ until transcript() ranks them.
class RawRun {
public:
    RawRun(TestServer& server, std::string root) : server_(server), root_(std::move(root)) {}
    ~RawRun() {
        for (auto& [label, c] : clients_) {
            if (c->isOpen()) c->closeSession(2000);
        }
    }

    std::string p(const std::string& rel = "") const { return root_ + rel; }
    void log(std::string line) { lines_.push_back(std::move(line)); }

    // Opens (or re-opens, keeping the label) a session and logs the handshake.
    RawClient& open(const std::string& label, const RawConnectOptions& opts = {}) {
        auto& slot = clients_[label];
        if (!slot) slot = std::make_unique<RawClient>(5000);
        RawClient& c = *slot;
        const auto r = c.connect(server_.port(), opts);
        std::string line = label + " connect" + (opts.sendReadOnly ? "" : " (old client, no readOnly)") +
                           (opts.sessionId ? " (resume)" : "") + " -> ";
        if (!r.ok) {
            line += "failed: " + r.error;
        } else {
            line += "rawlen=" + std::to_string(r.raw.size()) + " readOnlyField=" +
                    (r.response.hasReadOnly ? std::string("yes") : std::string("no")) +
                    " timeout=" + std::to_string(r.response.timeOut) +
                    " passwdlen=" + std::to_string(r.response.passwd.size());
            if (r.response.timeOut > 0) {
                auto it = labels_.find(r.response.sessionId);
                if (it != labels_.end()) {
                    line += " (same session id as " + it->second + ")";
                } else {
                    labels_[r.response.sessionId] = label;
                }
            } else {
                line += r.response.sessionId == 0 ? " sid=0" : " sid!=0";
            }
        }
        log(line);
        return c;
    }

    // Drops the socket without closing the session.
    void disconnect(const std::string& label) {
        clients_.at(label)->close();
        log(label + " disconnect");
    }

    RawClient& client(const std::string& label) { return *clients_.at(label); }

    // A round trip that makes every earlier notification for `c` arrive, then
    // logs the queued events.
    void events(const std::string& label) {
        RawClient& c = *clients_.at(label);
        c.ping();
        for (const auto& ev : c.takeEvents()) {
            log(label + " event " + eventType(ev.type) + " " + keeperState(ev.state) + " " + ev.path);
        }
    }

    // ---- operations: each logs one line --------------------------------
    // The common prefix: "<label> <what> -> <err> hz=<zxid>".
    std::string head(const std::string& label, const std::string& what, const RawReply& r) {
        if (!r.ok) return label + " " + what + " -> NO REPLY (" + r.error + ")";
        return label + " " + what + " -> " + errStr(r.header.err) + " hz=" + zx(r.header.zxid);
    }

    template <class Resp, class Fmt>
    void logBody(std::string line, const RawReply& r, Fmt fmt) {
        if (r.ok && r.header.err == Err::Ok) {
            try {
                line += " " + fmt(proto::decode<Resp>(r.body));
            } catch (const proto::DecodeError& e) {
                line += " UNDECODABLE body(" + std::to_string(r.body.size()) + " bytes): " + e.what();
            }
        } else if (r.ok && !r.body.empty()) {
            line += " body=" + std::to_string(r.body.size()) + "bytes";
        }
        log(line);
    }

    Err create(const std::string& label, const std::string& path, std::optional<std::string> data, int32_t flags,
               OpCode op = OpCode::Create, int64_t ttl = 0, proto::ACLList acl = proto::openAclUnsafe()) {
        RawClient& c = client(label);
        RawReply r;
        if (op == OpCode::CreateTTL) {
            r = c.call(op, proto::CreateTTLRequest{path, data, acl, flags, ttl});
        } else {
            r = c.call(op, proto::CreateRequest{path, data, acl, flags});
        }
        std::string what = "create(op=" + std::to_string(int32_t(op)) + " flags=" + std::to_string(flags) +
                           (op == OpCode::CreateTTL ? " ttl=" + std::to_string(ttl) : "") + ") " + path + " " +
                           fmtData(data);
        std::string line = head(label, what, r);
        if (r.ok && r.header.err == Err::Ok) line += " bodylen=" + std::to_string(r.body.size());
        if (op == OpCode::Create) {
            logBody<proto::CreateResponse>(line, r, [](const proto::CreateResponse& v) { return "name=" + v.path; });
        } else {
            logBody<proto::Create2Response>(
                line, r, [&](const proto::Create2Response& v) { return "name=" + v.path + " " + stat(v.path, v.stat); });
        }
        return r.ok ? r.header.err : Err::ConnectionLoss;
    }

    Err del(const std::string& label, const std::string& path, int32_t version = -1) {
        const RawReply r = client(label).call(OpCode::Delete, proto::DeleteRequest{path, version});
        log(head(label, "delete " + path, r));
        return r.ok ? r.header.err : Err::ConnectionLoss;
    }

    Err exists(const std::string& label, const std::string& path, bool watch = false) {
        const RawReply r = client(label).call(OpCode::Exists, proto::ExistsRequest{path, watch});
        logBody<proto::ExistsResponse>(head(label, std::string(watch ? "wexists " : "exists ") + path, r), r,
                                       [&](const proto::ExistsResponse& v) { return stat(path, v.stat); });
        return r.ok ? r.header.err : Err::ConnectionLoss;
    }

    Err get(const std::string& label, const std::string& path, bool watch = false) {
        const RawReply r = client(label).call(OpCode::GetData, proto::GetDataRequest{path, watch});
        logBody<proto::GetDataResponse>(head(label, std::string(watch ? "wget " : "get ") + path, r), r,
                                        [&](const proto::GetDataResponse& v) {
                                            return fmtData(v.data) + " " + stat(path, v.stat);
                                        });
        return r.ok ? r.header.err : Err::ConnectionLoss;
    }

    Err set(const std::string& label, const std::string& path, std::optional<std::string> data, int32_t version = -1) {
        const RawReply r = client(label).call(OpCode::SetData, proto::SetDataRequest{path, data, version});
        logBody<proto::SetDataResponse>(head(label, "set " + path + " " + fmtData(data), r), r,
                                        [&](const proto::SetDataResponse& v) { return stat(path, v.stat); });
        return r.ok ? r.header.err : Err::ConnectionLoss;
    }

    Err children(const std::string& label, const std::string& path, bool watch = false) {
        const RawReply r = client(label).call(OpCode::GetChildren, proto::GetChildrenRequest{path, watch});
        logBody<proto::GetChildrenResponse>(head(label, std::string(watch ? "wchildren " : "children ") + path, r), r,
                                            [&](const proto::GetChildrenResponse& v) { return names(path, v.children); });
        return r.ok ? r.header.err : Err::ConnectionLoss;
    }

    Err children2(const std::string& label, const std::string& path, bool watch = false) {
        const RawReply r = client(label).call(OpCode::GetChildren2, proto::GetChildren2Request{path, watch});
        logBody<proto::GetChildren2Response>(
            head(label, std::string(watch ? "wchildren2 " : "children2 ") + path, r), r,
            [&](const proto::GetChildren2Response& v) { return names(path, v.children) + " " + stat(path, v.stat); });
        return r.ok ? r.header.err : Err::ConnectionLoss;
    }

    void addAuth(const std::string& label, const std::string& scheme, const std::string& auth) {
        const RawReply r = client(label).addAuth(scheme, auth);
        std::string line = head(label, "addauth " + scheme + " " + auth, r);
        if (r.ok) line += " xid=" + std::to_string(r.header.xid);
        log(line);
    }

    void addWatch(const std::string& label, const std::string& path, int32_t mode) {
        const RawReply r = client(label).call(OpCode::AddWatch, proto::AddWatchRequest{path, mode});
        log(head(label, "addWatch mode=" + std::to_string(mode) + " " + path, r) +
            (r.ok && !r.body.empty() ? " body=" + std::to_string(r.body.size()) + "bytes" : ""));
    }

    void checkWatches(const std::string& label, const std::string& path, proto::WatcherType type) {
        const RawReply r =
            client(label).call(OpCode::CheckWatches, proto::CheckWatchesRequest{path, int32_t(type)});
        log(head(label, "checkWatches type=" + std::to_string(int32_t(type)) + " " + path, r));
    }

    void removeWatches(const std::string& label, const std::string& path, proto::WatcherType type) {
        const RawReply r =
            client(label).call(OpCode::RemoveWatches, proto::RemoveWatchesRequest{path, int32_t(type)});
        log(head(label, "removeWatches type=" + std::to_string(int32_t(type)) + " " + path, r));
    }

    void sync(const std::string& label, const std::string& path) {
        const RawReply r = client(label).call(OpCode::Sync, proto::SyncRequest{path});
        logBody<proto::SyncResponse>(head(label, "sync " + path, r), r,
                                     [](const proto::SyncResponse& v) { return "path=" + v.path; });
    }

    void getEphemerals(const std::string& label, const std::string& prefix) {
        const RawReply r = client(label).call(OpCode::GetEphemerals, proto::GetEphemeralsRequest{prefix});
        logBody<proto::GetEphemeralsResponse>(head(label, "getEphemerals '" + prefix + "'", r), r,
                                              [](const proto::GetEphemeralsResponse& v) { return joinSorted(v.ephemerals); });
    }

    void allChildrenNumber(const std::string& label, const std::string& path) {
        const RawReply r = client(label).call(OpCode::GetAllChildrenNumber, proto::GetAllChildrenNumberRequest{path});
        logBody<proto::GetAllChildrenNumberResponse>(
            head(label, "getAllChildrenNumber " + path, r), r,
            [](const proto::GetAllChildrenNumberResponse& v) { return "total=" + std::to_string(v.totalNumber); });
    }

    void whoAmI(const std::string& label) {
        const RawReply r = client(label).call(OpCode::WhoAmI, std::string_view());
        logBody<proto::WhoAmIResponse>(head(label, "whoAmI", r), r, [](const proto::WhoAmIResponse& v) {
            std::string out = "[";
            for (size_t i = 0; i < v.clientInfo.size(); ++i)
                out += (i ? " " : "") + v.clientInfo[i].authScheme + ":" + v.clientInfo[i].user;
            return out + "]";
        });
    }

    void reconfig(const std::string& label, const proto::ReconfigRequest& req) {
        const RawReply r = client(label).call(OpCode::Reconfig, req);
        log(head(label, "reconfig joining='" + req.joiningServers + "' leaving='" + req.leavingServers + "'", r) +
            (r.ok ? " body=" + std::to_string(r.body.size()) + "bytes" : ""));
    }

    void multiRead(const std::string& label, const std::vector<proto::MultiOp>& ops) {
        const RawReply r = client(label).call(OpCode::MultiRead, proto::encode(proto::MultiRequest{ops}));
        std::string what = "multiRead[";
        for (size_t i = 0; i < ops.size(); ++i) {
            what += (i ? " " : "") + std::to_string(int32_t(ops[i].type)) + ":";
            std::visit([&](const auto& op) {
                if constexpr (requires { op.path; }) what += op.path;
            }, ops[i].op);
        }
        what += "]";
        logBody<proto::MultiResponse>(head(label, what, r), r, [&](const proto::MultiResponse& v) {
            std::string out;
            for (size_t i = 0; i < v.results.size(); ++i) {
                const auto& res = v.results[i];
                const std::string path = i < ops.size() ? std::visit([](const auto& op) -> std::string {
                    if constexpr (requires { op.path; }) return op.path;
                    else return std::string();
                }, ops[i].op) : std::string();
                out += " {type=" + std::to_string(int32_t(res.type));
                if (const auto* e = std::get_if<proto::ErrorResponse>(&res.response)) out += " err=" + errStr(e->err);
                if (const auto* d = std::get_if<proto::GetDataResponse>(&res.response))
                    out += " " + fmtData(d->data) + " " + stat(path, d->stat);
                if (const auto* ch = std::get_if<proto::GetChildrenResponse>(&res.response))
                    out += " " + names(path, ch->children);
                out += "}";
            }
            return "results:" + out;
        });
    }

    void setWatches2(const std::string& label, const proto::SetWatches2& sw) {
        const RawReply r =
            client(label).callWithXid(proto::kXidSetWatches, OpCode::SetWatches2, proto::encode(sw));
        log(head(label, "setWatches2", r) + (r.ok ? " xid=" + std::to_string(r.header.xid) +
                                                        " bodylen=" + std::to_string(r.body.size())
                                                  : ""));
    }

    // Logs the reply to an arbitrary request (error and body length only).
    void rawCall(const std::string& label, const std::string& what, OpCode op, std::string_view body) {
        const RawReply r = client(label).call(op, body);
        log(head(label, what, r) + (r.ok ? " bodylen=" + std::to_string(r.body.size()) : ""));
    }

    QStringList transcript() const {
        static const QRegularExpression token(QStringLiteral("@Z(-?\\d+)@"));
        std::set<int64_t> zxids;
        for (const auto& l : lines_) {
            auto it = token.globalMatch(QString::fromStdString(l));
            while (it.hasNext()) zxids.insert(it.next().captured(1).toLongLong());
        }
        std::map<int64_t, int> rank;
        int n = 0;
        for (int64_t z : zxids) rank[z] = ++n;
        QStringList out;
        for (const auto& l : lines_) {
            QString line = QString::fromStdString(l);
            QString result;
            qsizetype last = 0;
            auto it = token.globalMatch(line);
            while (it.hasNext()) {
                const auto m = it.next();
                result += line.mid(last, m.capturedStart() - last);
                result += QStringLiteral("z%1").arg(rank[m.captured(1).toLongLong()]);
                last = m.capturedEnd();
            }
            out << result + line.mid(last);
        }
        return out;
    }

private:
    static std::string zx(int64_t z) { return "@Z" + std::to_string(z) + "@"; }

    std::string owner(int64_t eph) const {
        if (eph == 0) return "none";
        if (static_cast<uint64_t>(eph) == 0x8000000000000000ULL) return "container";
        if ((static_cast<uint64_t>(eph) >> 56) == 0xff) return "ttl=" + std::to_string(eph & 0xffffffffffLL);
        auto it = labels_.find(eph);
        return it != labels_.end() ? it->second : "foreign";
    }

    // Child names, sorted; for "/" only "zookeeper" and this case's root.
    std::string names(const std::string& path, std::vector<std::string> v) const {
        if (path == "/") {
            const std::string mine = root_.substr(1);
            std::erase_if(v, [&](const std::string& n) { return n != "zookeeper" && n != mine; });
        }
        return joinSorted(std::move(v));
    }

    std::string stat(const std::string& path, const proto::Stat& st) {
        std::string out = "{czxid=" + zx(st.czxid) + " mzxid=" + zx(st.mzxid) + " pzxid=" + zx(st.pzxid) +
                          " ver=" + std::to_string(st.version) + " cver=" + std::to_string(st.cversion) +
                          " aver=" + std::to_string(st.aversion) + " eph=" + owner(st.ephemeralOwner) +
                          " len=" + std::to_string(st.dataLength) + " nch=" + std::to_string(st.numChildren);
        out += st.ctime <= st.mtime ? " c<=m" : " c>m";
        out += std::llabs(st.ctime - wallMs()) < 60000 ? " ctime~now" : " ctime-far";
        auto it = lastStat_.find(path);
        if (it != lastStat_.end()) {
            // The same node (same czxid) keeps its ctime; a re-created node's
            // ctime may equal the old one's (same millisecond), so only its
            // order is kept.
            if (st.czxid == it->second.czxid) {
                out += st.ctime == it->second.ctime ? " ctime-same" : " ctime-CHANGED";
            } else {
                out += st.ctime >= it->second.ctime ? " ctime-notearlier" : " ctime-EARLIER";
            }
            out += st.mtime >= it->second.mtime ? " mtime-notearlier" : " mtime-EARLIER";
        }
        lastStat_[path] = st;
        return out + "}";
    }

    TestServer& server_;
    std::string root_;
    std::map<std::string, std::unique_ptr<RawClient>> clients_;
    std::map<int64_t, std::string> labels_;
    std::map<std::string, proto::Stat> lastStat_;
    std::vector<std::string> lines_;
};

using Scenario = std::function<void(RawRun&)>;
constexpr int32_t kPersistent = 0;
constexpr int32_t kEphemeral = 1;
constexpr int32_t kPersistentSeq = 2;
constexpr int32_t kContainer = 4;
constexpr int32_t kTtl = 5;
constexpr int32_t kTtlSeq = 6;
constexpr int32_t kWatchPersistent = int32_t(proto::AddWatchMode::Persistent);
constexpr int32_t kWatchRecursive = int32_t(proto::AddWatchMode::PersistentRecursive);

proto::MultiOp readData(const std::string& path) { return {OpCode::GetData, proto::GetDataRequest{path, false}}; }
proto::MultiOp readChildren(const std::string& path) {
    return {OpCode::GetChildren, proto::GetChildrenRequest{path, false}};
}

// ---------------------------------------------------------------- addWatch
void addWatchPersistent(RawRun& r) {
    r.open("A");
    r.open("B");
    r.create("A", r.p(), "", kPersistent);
    r.create("A", r.p("/n"), "v0", kPersistent);
    r.addWatch("A", r.p("/n"), kWatchPersistent);
    r.set("B", r.p("/n"), "v1");
    r.events("A");
    r.set("B", r.p("/n"), "v2");  // still there: persistent
    r.events("A");
    r.create("B", r.p("/n/c"), "", kPersistent);
    r.set("B", r.p("/n/c"), "x");  // a child's data: not watched by a non-recursive watch
    r.create("B", r.p("/n/c/g"), "", kPersistent);
    r.events("A");
    r.del("B", r.p("/n/c/g"));
    r.del("B", r.p("/n/c"));
    r.events("A");
    r.del("B", r.p("/n"));
    r.events("A");
    r.create("B", r.p("/n"), "again", kPersistent);  // survives the delete
    r.set("B", r.p("/n"), "v3");
    r.events("A");
    r.exists("A", r.p("/n"));
}

void addWatchPersistentOnMissingNode(RawRun& r) {
    r.open("A");
    r.open("B");
    r.create("A", r.p(), "", kPersistent);
    r.addWatch("A", r.p("/later"), kWatchPersistent);
    r.addWatch("A", r.p("/later"), kWatchPersistent);  // twice: still one watch
    r.create("B", r.p("/later"), "", kPersistent);
    r.create("B", r.p("/later/kid"), "", kPersistent);
    r.events("A");
    r.addWatch("A", r.p("/nope/deeper"), kWatchRecursive);
    r.addWatch("A", r.p("/bad//path"), kWatchPersistent);
    r.addWatch("A", r.p("/later"), 2);  // no such mode
    r.events("A");
}

void addWatchRecursive(RawRun& r) {
    r.open("A");
    r.open("B");
    r.create("A", r.p(), "", kPersistent);
    r.addWatch("A", r.p(), kWatchRecursive);
    r.create("B", r.p("/a"), "", kPersistent);
    r.create("B", r.p("/a/b"), "", kPersistent);
    r.create("B", r.p("/a/b/c"), "", kEphemeral);
    r.events("A");  // NodeCreated for each; no NodeChildrenChanged
    r.set("B", r.p("/a/b"), "x");
    r.set("B", r.p(), "root");
    r.events("A");
    r.del("B", r.p("/a/b/c"));
    r.del("B", r.p("/a/b"));
    r.events("A");
    r.create("B", r.p("/a/s-"), "", kPersistentSeq);
    r.set("B", r.p("/a"), "again");  // persists
    r.events("A");
    r.create("B", r.p("-sibling"), "", kPersistent);  // a prefix sibling is not a descendant
    r.set("B", r.p("-sibling"), "x");
    r.events("A");
    r.del("B", r.p("-sibling"));
}

void persistentPlusStandardWatch(RawRun& r) {
    r.open("A");
    r.open("B");
    r.create("A", r.p(), "", kPersistent);
    r.create("A", r.p("/n"), "", kPersistent);
    r.addWatch("A", r.p("/n"), kWatchPersistent);
    r.get("A", r.p("/n"), true);
    r.children("A", r.p("/n"), true);
    r.addWatch("A", r.p(), kWatchRecursive);
    r.set("B", r.p("/n"), "1");
    r.events("A");
    r.create("B", r.p("/n/k"), "", kPersistent);
    r.events("A");
    r.set("B", r.p("/n"), "2");
    r.events("A");
}

void checkAndRemovePersistentWatches(RawRun& r) {
    using WT = proto::WatcherType;
    r.open("A");
    r.open("B");
    r.create("A", r.p(), "", kPersistent);
    r.create("A", r.p("/p"), "", kPersistent);
    r.create("A", r.p("/q"), "", kPersistent);
    r.create("A", r.p("/q/x"), "", kPersistent);
    r.addWatch("A", r.p("/p"), kWatchPersistent);
    r.addWatch("A", r.p("/q"), kWatchRecursive);
    for (WT t : {WT::Children, WT::Data, WT::Any}) r.checkWatches("A", r.p("/p"), t);
    for (WT t : {WT::Children, WT::Data, WT::Any}) r.checkWatches("A", r.p("/q"), t);
    r.checkWatches("A", r.p("/q/x"), WT::Any);
    r.checkWatches("B", r.p("/p"), WT::Any);  // another session's watch is not B's
    r.removeWatches("A", r.p("/q"), WT::Children);
    r.removeWatches("A", r.p("/p"), WT::Data);
    for (WT t : {WT::Children, WT::Data, WT::Any}) r.checkWatches("A", r.p("/p"), t);
    r.set("B", r.p("/p"), "1");
    r.create("B", r.p("/p/c"), "", kPersistent);
    r.set("B", r.p("/q/x"), "1");
    r.events("A");
    r.removeWatches("A", r.p("/p"), WT::Any);
    r.removeWatches("A", r.p("/q"), WT::Any);
    r.checkWatches("A", r.p("/p"), WT::Any);
    r.checkWatches("A", r.p("/q"), WT::Any);
    r.removeWatches("A", r.p("/q"), WT::Any);
    r.set("B", r.p("/p"), "2");
    r.set("B", r.p("/q/x"), "2");
    r.events("A");
}

// ---------------------------------------------------------------- reads
void multiReadMixed(RawRun& r) {
    r.open("A");
    r.open("B");
    r.create("A", r.p(), "", kPersistent);
    r.create("A", r.p("/a"), "alpha", kPersistent);
    r.create("A", r.p("/b"), std::nullopt, kPersistent);
    r.create("A", r.p("/b/1"), "", kPersistent);
    r.create("A", r.p("/b/2"), "", kEphemeral);
    r.create("A", r.p("/secret"), "s", kPersistent, OpCode::Create, 0,
             {proto::ACL{proto::perms::kAll, proto::Id{"digest", digestId("u", "p")}}});
    r.multiRead("B", {readData(r.p("/a")), readChildren(r.p("/b")), readData(r.p("/missing")),
                      readChildren(r.p("/missing")), readData(r.p("/b"))});
    r.multiRead("B", {readData(r.p("/secret")), readChildren(r.p("/secret")), readData(r.p("/a"))});
    r.addAuth("B", "digest", "u:p");
    r.multiRead("B", {readData(r.p("/secret")), readChildren(r.p("/secret"))});
    r.multiRead("B", {});
    r.multiRead("B", {readData("bad-path"), readData(r.p("/a"))});
}

void getEphemerals(RawRun& r) {
    r.open("A");
    r.open("B");
    r.create("A", r.p(), "", kPersistent);
    r.create("A", r.p("/x"), "", kPersistent);
    r.create("A", r.p("/e1"), "", kEphemeral);
    r.create("A", r.p("/e2"), "", kEphemeral);
    r.create("A", r.p("/x/e3"), "", kEphemeral);
    r.create("A", r.p("/es-"), "", 3);
    r.create("B", r.p("/e4"), "", kEphemeral);
    r.getEphemerals("A", "/");
    r.getEphemerals("A", r.p("/e"));
    r.getEphemerals("A", r.p("/x"));
    r.getEphemerals("A", r.p("/nothing"));
    r.getEphemerals("B", "/");
    r.getEphemerals("B", r.p("/e"));
    r.getEphemerals("A", "");
    r.del("A", r.p("/e1"));
    r.getEphemerals("A", r.p("/e"));
}

void getAllChildrenNumber(RawRun& r) {
    r.open("A");
    r.create("A", r.p(), "", kPersistent);
    r.create("A", r.p("/a"), "", kPersistent);
    r.create("A", r.p("/a/1"), "", kPersistent);
    r.create("A", r.p("/a/2"), "", kEphemeral);
    r.create("A", r.p("/a/1/deep"), "", kPersistent);
    r.create("A", r.p("/b"), "", kPersistent);
    r.allChildrenNumber("A", r.p());
    r.allChildrenNumber("A", r.p("/a"));
    r.allChildrenNumber("A", r.p("/a/1/deep"));
    r.allChildrenNumber("A", r.p("/missing"));
    r.allChildrenNumber("A", "/zookeeper");
}

void whoAmI(RawRun& r) {
    r.open("A");
    r.whoAmI("A");
    r.addAuth("A", "digest", "alice:secret");
    r.whoAmI("A");
    r.addAuth("A", "digest", "bob:pw");
    r.whoAmI("A");
    r.addAuth("A", "nosuchscheme", "x");
    r.whoAmI("A");
}

void getChildren2OnRoot(RawRun& r) {
    r.open("A");
    r.create("A", r.p(), "", kPersistent);
    r.children2("A", "/");
    r.children("A", "/");
    r.exists("A", "/");
    r.children2("A", "/zookeeper");
    r.children2("A", r.p());
}

void existsWatchViaRaw(RawRun& r) {
    r.open("A");
    r.open("B");
    r.create("A", r.p(), "", kPersistent);
    r.exists("A", r.p("/w"), true);
    r.create("B", r.p("/w"), "", kPersistent);
    r.events("A");
    r.exists("A", r.p("/w"), true);
    r.set("B", r.p("/w"), "1");
    r.set("B", r.p("/w"), "2");  // one-shot: no second event
    r.events("A");
    r.exists("A", r.p("/w"), true);
    r.del("B", r.p("/w"));
    r.events("A");
}

// ---------------------------------------------------------------- session
void setWatches2OnReconnect(RawRun& r) {
    r.open("A");
    r.open("B");
    r.create("A", r.p(), "", kPersistent);
    r.create("A", r.p("/d"), "", kPersistent);
    r.create("A", r.p("/c"), "", kPersistent);
    r.create("A", r.p("/p"), "", kPersistent);
    r.create("A", r.p("/r"), "", kPersistent);
    r.create("A", r.p("/gone"), "", kPersistent);
    r.create("A", r.p("/same"), "", kPersistent);
    r.exists("A", r.p("/n"), true);
    r.get("A", r.p("/d"), true);
    r.children("A", r.p("/c"), true);
    r.get("A", r.p("/gone"), true);
    r.get("A", r.p("/same"), true);
    r.addWatch("A", r.p("/p"), kWatchPersistent);
    r.addWatch("A", r.p("/r"), kWatchRecursive);
    const int64_t sid = r.client("A").sessionId();
    const std::string pw = r.client("A").passwd();
    const int64_t seen = r.client("A").lastZxid();
    r.disconnect("A");
    r.create("B", r.p("/n"), "", kPersistent);
    r.set("B", r.p("/d"), "changed");
    r.create("B", r.p("/c/kid"), "", kPersistent);
    r.del("B", r.p("/gone"));
    r.set("B", r.p("/p"), "while away");
    r.create("B", r.p("/r/kid"), "", kPersistent);
    RawConnectOptions resume;
    resume.sessionId = sid;
    resume.passwd = pw;
    resume.lastZxidSeen = seen;
    r.open("A", resume);
    proto::SetWatches2 sw;
    sw.relativeZxid = seen;
    sw.dataWatches = {r.p("/d"), r.p("/gone"), r.p("/same")};
    sw.existWatches = {r.p("/n")};
    sw.childWatches = {r.p("/c")};
    sw.persistentWatches = {r.p("/p")};
    sw.persistentRecursiveWatches = {r.p("/r")};
    r.setWatches2("A", sw);
    r.events("A");  // what changed while away fires at once
    r.set("B", r.p("/p"), "after");
    r.set("B", r.p("/r/kid"), "after");
    r.set("B", r.p("/same"), "after");
    r.set("B", r.p("/d"), "again");  // one-shot, already fired
    r.events("A");
}

void oldClientConnect(RawRun& r) {
    RawConnectOptions old;
    old.sendReadOnly = false;
    r.open("A", old);
    r.open("B");
    r.create("A", r.p(), "", kPersistent);
    r.create("A", r.p("/x"), "from old", kEphemeral);
    r.get("A", r.p("/x"));
    r.get("B", r.p("/x"));
    RawConnectOptions resume = old;
    resume.sessionId = r.client("A").sessionId();
    resume.passwd = r.client("A").passwd();
    r.client("A").close();
    r.open("A", resume);
    r.exists("A", r.p("/x"));
    RawConnectOptions ro;
    ro.readOnly = true;
    r.open("C", ro);
    r.exists("C", r.p("/x"));
}

void syncAndPing(RawRun& r) {
    r.open("A");
    r.create("A", r.p(), "", kPersistent);
    r.sync("A", r.p());
    r.sync("A", "/");
    r.sync("A", r.p("/missing"));
    r.sync("A", "no-slash");
    const RawReply ping = r.client("A").ping();
    r.log(r.head("A", "ping", ping) + (ping.ok ? " xid=" + std::to_string(ping.header.xid) +
                                                     " bodylen=" + std::to_string(ping.body.size())
                                               : ""));
}

void reconfigDisabled(RawRun& r) {
    r.open("A");
    r.reconfig("A", proto::ReconfigRequest{"", "", "", -1});
    r.reconfig("A", proto::ReconfigRequest{"server.5=127.0.0.1:1234:1235;1236", "", "", -1});
    r.addAuth("A", "digest", "super:whatever");
    r.reconfig("A", proto::ReconfigRequest{"", "1", "", 0});
}

// ---------------------------------------------------------------- create shapes
void createTtlExtended(RawRun& r) {
    r.open("A");
    r.create("A", r.p(), "", kPersistent);
    r.create("A", r.p("/t"), "ttl", kTtl, OpCode::CreateTTL, 10000);
    r.get("A", r.p("/t"));
    r.create("A", r.p("/ts-"), "", kTtlSeq, OpCode::CreateTTL, 20000);
    r.create("A", r.p("/t0"), "", kTtl, OpCode::CreateTTL, 0);
    r.create("A", r.p("/tneg"), "", kTtl, OpCode::CreateTTL, -5);
    r.create("A", r.p("/tbig"), "", kTtl, OpCode::CreateTTL, int64_t(1) << 40);
    r.create("A", r.p("/tmax"), "", kTtl, OpCode::CreateTTL, (int64_t(1) << 40) - 1);
    r.create("A", r.p("/tp"), "", kPersistent, OpCode::CreateTTL, 10000);
    r.create("A", r.p("/te"), "", kEphemeral, OpCode::CreateTTL, 10000);
    r.create("A", r.p("/tc"), "", kContainer, OpCode::CreateTTL, 10000);
    r.create("A", r.p("/viaCreate"), "", kTtl, OpCode::Create);
    r.create("A", r.p("/viaCreate2"), "", kTtl, OpCode::Create2);
    r.create("A", r.p("/t"), "", kTtl, OpCode::CreateTTL, 10000);
    r.create("A", r.p("/nope/t"), "", kTtl, OpCode::CreateTTL, 10000);
    r.children2("A", r.p());
}

void createResponseShapes(RawRun& r) {
    r.open("A");
    r.create("A", r.p(), "", kPersistent);
    r.create("A", r.p("/c1"), "one", kPersistent, OpCode::Create);
    r.create("A", r.p("/c2"), "two", kPersistent, OpCode::Create2);
    r.create("A", r.p("/c3"), std::nullopt, kEphemeral, OpCode::Create2);
    r.create("A", r.p("/box"), "box", kContainer, OpCode::CreateContainer);
    r.create("A", r.p("/box/k"), "", kPersistent, OpCode::Create2);
    r.create("A", r.p("/box2"), "", kPersistent, OpCode::CreateContainer);
    r.create("A", r.p("/box3"), "", kContainer, OpCode::Create);
    r.create("A", r.p("/box4"), "", kContainer, OpCode::Create2);
    r.create("A", r.p("/bad"), "", 7, OpCode::Create);
    r.create("A", r.p("/bad"), "", -1, OpCode::Create2);
    r.create("A", r.p("/c2"), "", kPersistent, OpCode::Create2);
    r.create("A", r.p("/c1/x"), "", kPersistent, OpCode::CreateContainer);
    r.children2("A", r.p());
    r.get("A", r.p("/box"));
}

struct Case {
    const char* name;
    Scenario run;
};

const std::vector<Case>& allCases() {
    static const std::vector<Case> cases = {
        {"addwatch_persistent", addWatchPersistent},
        {"addwatch_persistent_missing_node", addWatchPersistentOnMissingNode},
        {"addwatch_recursive", addWatchRecursive},
        {"persistent_plus_standard_watch", persistentPlusStandardWatch},
        {"check_remove_persistent_watches", checkAndRemovePersistentWatches},
        {"multiread_mixed", multiReadMixed},
        {"get_ephemerals", getEphemerals},
        {"get_all_children_number", getAllChildrenNumber},
        {"whoami", whoAmI},
        {"getchildren2_on_root", getChildren2OnRoot},
        {"exists_watch_raw", existsWatchViaRaw},
        {"setwatches2_on_reconnect", setWatches2OnReconnect},
        {"old_client_connect", oldClientConnect},
        {"sync_and_ping", syncAndPing},
        {"reconfig_disabled", reconfigDisabled},
        {"create_ttl_extended", createTtlExtended},
        {"create_response_shapes", createResponseShapes},
    };
    return cases;
}

// Best-effort recursive delete through a raw session.
void deleteRecursive(RawClient& c, const std::string& path) {
    const RawReply r = c.call(OpCode::GetChildren, proto::GetChildrenRequest{path, false});
    if (!r.ok || r.header.err != Err::Ok) return;
    try {
        for (const auto& kid : proto::decode<proto::GetChildrenResponse>(r.body).children)
            deleteRecursive(c, path + "/" + kid);
    } catch (const proto::DecodeError&) {
        return;
    }
    c.call(OpCode::Delete, proto::DeleteRequest{path, -1});
}

}  // namespace

class TstRawConformance : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void conformance_data();
    void conformance();

private:
    QStringList runOn(TestServer& server, const Case& c);

    std::unique_ptr<TestServer> reference_;
    std::unique_ptr<TestServer> candidate_;
};

void TstRawConformance::initTestCase() {
    std::string err;
    reference_ = zooscope::testing::startApacheZooKeeper({}, &err);
    QVERIFY2(reference_, ("Apache ZooKeeper did not start: " + err).c_str());
    if (qEnvironmentVariable("ZS_CONFORMANCE_SELFTEST") == QLatin1String("1")) {
        qInfo("ZS_CONFORMANCE_SELFTEST=1: comparing Apache ZooKeeper with a second Apache ZooKeeper");
        candidate_ = zooscope::testing::startApacheZooKeeper({}, &err);
    } else {
        candidate_ = zooscope::testing::startEngine({}, &err);
    }
    QVERIFY2(candidate_, ("the candidate server did not start: " + err).c_str());
}

void TstRawConformance::cleanupTestCase() {
    candidate_.reset();
    reference_.reset();
}

void TstRawConformance::conformance_data() {
    QTest::addColumn<int>("index");
    const auto& cases = allCases();
    for (size_t i = 0; i < cases.size(); ++i) QTest::newRow(cases[i].name) << static_cast<int>(i);
}

QStringList TstRawConformance::runOn(TestServer& server, const Case& c) {
    const std::string root = std::string("/raw_") + c.name;
    auto cleanup = [&] {
        RawClient admin;
        if (admin.connect(server.port()).ok) {
            deleteRecursive(admin, root);
            admin.closeSession(2000);
        }
    };
    cleanup();
    QStringList lines;
    {
        RawRun run(server, root);
        c.run(run);
        lines = run.transcript();
    }
    cleanup();
    return lines;
}

void TstRawConformance::conformance() {
    QFETCH(int, index);
    const Case& c = allCases()[static_cast<size_t>(index)];
    const QStringList expected = runOn(*reference_, c);
    const QStringList actual = runOn(*candidate_, c);
    if (const QString dir = qEnvironmentVariable("ZS_CONFORMANCE_DUMP"); !dir.isEmpty()) {
        for (const auto& [side, lines] : {std::pair{"reference", &expected}, std::pair{"candidate", &actual}}) {
            QFile f(QStringLiteral("%1/raw_%2.%3.txt").arg(dir, QString::fromLatin1(c.name), QString::fromLatin1(side)));
            if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) f.write(lines->join(u'\n').toUtf8() + "\n");
        }
    }
    QVERIFY2(expected.size() >= 2, "the scenario recorded (almost) nothing");
    if (actual != expected) {
        qWarning().noquote() << "reference (" << QString::fromStdString(reference_->name()) << ") transcript:\n  "
                             << expected.join(QStringLiteral("\n  "));
        qWarning().noquote() << "candidate (" << QString::fromStdString(candidate_->name()) << ") transcript:\n  "
                             << actual.join(QStringLiteral("\n  "));
    }
    QCOMPARE(actual, expected);
}

QTEST_GUILESS_MAIN(TstRawConformance)
#include "tst_raw_conformance.moc"
