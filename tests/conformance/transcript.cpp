#include "transcript.h"

#include <QCryptographicHash>
#include <QRegularExpression>

#include <algorithm>
#include <chrono>
#include <set>

namespace zooscope::conformance {
namespace {

// zxids travel through the transcript as @Z<decimal>@ until transcript()
// replaces them by ranks.
const QRegularExpression kZxidToken(QStringLiteral("@Z(-?\\d+)@"));

std::string fmtData(const char* buf, int len) {
    if (len < 0) return "null";
    if (len == 0) return "''";
    bool printable = len <= 64;
    for (int i = 0; printable && i < len; ++i) {
        const unsigned char c = static_cast<unsigned char>(buf[i]);
        printable = c >= 0x20 && c < 0x7f;
    }
    if (printable) return "'" + std::string(buf, static_cast<size_t>(len)) + "'";
    uint64_t h = 1469598103934665603ULL;  // FNV-1a: same bytes, same line on both servers
    for (int i = 0; i < len; ++i) {
        h ^= static_cast<unsigned char>(buf[i]);
        h *= 1099511628211ULL;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return "len=" + std::to_string(len) + " fnv=" + hex;
}

std::string fmtData(const std::optional<std::string>& d) {
    return d ? fmtData(d->data(), static_cast<int>(d->size())) : std::string("null");
}

std::string modeName(int mode) {
    switch (mode) {
    case 0: return "persistent";
    case 1: return "ephemeral";
    case 2: return "persistent_seq";
    case 3: return "ephemeral_seq";
    case 4: return "container";
    case 5: return "ttl";
    case 6: return "ttl_seq";
    }
    return "mode" + std::to_string(mode);
}

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string sortedList(const String_vector& v, const std::vector<std::string>* onlyNames) {
    std::vector<std::string> names;
    for (int i = 0; i < v.count; ++i) {
        std::string n = v.data[i];
        if (onlyNames && std::find(onlyNames->begin(), onlyNames->end(), n) == onlyNames->end()) continue;
        names.push_back(n);
    }
    std::sort(names.begin(), names.end());
    std::string out = "[";
    for (size_t i = 0; i < names.size(); ++i) out += (i ? "," : "") + names[i];
    return out + "]";
}

std::string fmtAcl(const ACL_vector& v) {
    std::string out = "[";
    for (int i = 0; i < v.count; ++i) {
        out += (i ? " " : "") + std::to_string(v.data[i].perms) + ":" + v.data[i].id.scheme + ":" + v.data[i].id.id;
    }
    return out + "]";
}

constexpr int kBigBuffer = 2 * 1024 * 1024;

}  // namespace

AclList openAcl() { return AclList{{ZOO_PERM_ALL, "world", "anyone"}}; }

std::string digestId(const std::string& user, const std::string& password) {
    const QByteArray sha = QCryptographicHash::hash(QByteArray::fromStdString(user + ":" + password),
                                                    QCryptographicHash::Sha1);
    return user + ":" + sha.toBase64().toStdString();
}

Run::Run(testing::TestServer& server, std::string root) : root_(std::move(root)), hosts_(server.connectString()) {}

Run::~Run() {
    for (auto& s : sessions_) s->close();
}

Session& Run::open(const std::string& label, int timeoutMs, const clientid_t* id, const std::string& via) {
    sessions_.push_back(std::make_unique<Session>(label, via.empty() ? hosts_ : via, timeoutMs, id));
    Session& s = *sessions_.back();
    std::string line = label + " connect -> " + stateName(s.state());
    if (s.state() == ZOO_CONNECTED_STATE) {
        const int64_t sid = s.sessionId();
        auto it = sessionLabels_.find(sid);
        if (it != sessionLabels_.end()) {
            line += " (same session id as " + it->second + ")";
        } else {
            sessionLabels_[sid] = label;
        }
    }
    log(line);
    return s;
}

std::string Run::zx(int64_t zxid) { return "@Z" + std::to_string(zxid) + "@"; }

std::string Run::owner(int64_t eph) const {
    if (eph == 0) return "none";
    if (static_cast<uint64_t>(eph) == 0x8000000000000000ULL) return "container";
    if ((static_cast<uint64_t>(eph) >> 56) == 0xff) return "ttl=" + std::to_string(eph & 0xffffffffffLL);
    auto it = sessionLabels_.find(eph);
    return it != sessionLabels_.end() ? it->second : "foreign";
}

std::string Run::fmtStat(const std::string& path, const Stat& st) {
    std::string out = "{czxid=" + zx(st.czxid) + " mzxid=" + zx(st.mzxid) + " pzxid=" + zx(st.pzxid) +
                      " ver=" + std::to_string(st.version) + " cver=" + std::to_string(st.cversion) +
                      " aver=" + std::to_string(st.aversion) + " eph=" + owner(st.ephemeralOwner) +
                      " len=" + std::to_string(st.dataLength) + " nch=" + std::to_string(st.numChildren);
    out += st.ctime <= st.mtime ? " c<=m" : " c>m";
    out += std::llabs(st.ctime - nowMs()) < 60000 ? " ctime~now" : " ctime-far";
    auto it = lastStat_.find(path);
    if (it != lastStat_.end()) {
        // Same incarnation (czxid): ctime must not move. A recreated node
        // may get the same millisecond, so only order is comparable then.
        if (st.czxid == it->second.czxid)
            out += st.ctime == it->second.ctime ? " ctime-same" : " ctime-CHANGED";
        else
            out += st.ctime >= it->second.ctime ? " recreated-ctime-notearlier" : " recreated-ctime-EARLIER";
        out += st.mtime >= it->second.mtime ? " mtime-notearlier" : " mtime-EARLIER";
    }
    lastStat_[path] = st;
    return out + "}";
}

QStringList Run::transcript() const {
    std::set<int64_t> zxids;
    for (const auto& l : lines_) {
        auto it = kZxidToken.globalMatch(QString::fromStdString(l));
        while (it.hasNext()) zxids.insert(it.next().captured(1).toLongLong());
    }
    std::map<int64_t, int> rank;
    int r = 0;
    for (int64_t z : zxids) rank[z] = ++r;
    QStringList out;
    for (const auto& l : lines_) {
        QString line = QString::fromStdString(l);
        QString result;
        qsizetype last = 0;
        auto it = kZxidToken.globalMatch(line);
        while (it.hasNext()) {
            const auto m = it.next();
            result += line.mid(last, m.capturedStart() - last);
            result += QStringLiteral("z%1").arg(rank[m.captured(1).toLongLong()]);
            last = m.capturedEnd();
        }
        result += line.mid(last);
        out << result;
    }
    return out;
}

Session::WatchTag* Run::tagOf(Session& s, const std::string& tag) {
    auto& m = tags_[s.label()];
    auto it = m.find(tag);
    if (it != m.end()) return it->second;
    return m[tag] = s.tag(s.label() + "/" + tag);
}

int Run::create(Session& s, const std::string& path, const std::optional<std::string>& data, int mode,
                std::optional<AclList> acl, std::string* created) {
    AclList a = acl ? *acl : openAcl();
    char buf[1024] = {};
    int rc = zoo_create(s.zh(), path.c_str(), data ? data->data() : nullptr, data ? static_cast<int>(data->size()) : -1,
                        a.vector(), mode, buf, sizeof buf);
    std::string line = s.label() + " create " + path + " " + modeName(mode) + " " + fmtData(data) + " -> " + rcName(rc);
    if (rc == ZOK) line += std::string(" name=") + buf;
    if (created) *created = rc == ZOK ? buf : "";
    log(line);
    return rc;
}

int Run::create2(Session& s, const std::string& path, const std::optional<std::string>& data, int mode, int64_t ttl) {
    char buf[1024] = {};
    Stat st{};
    AclList a = openAcl();
    const int len = data ? static_cast<int>(data->size()) : -1;
    int rc = ttl != 0 ? zoo_create2_ttl(s.zh(), path.c_str(), data ? data->data() : nullptr, len, a.vector(), mode, ttl,
                                        buf, sizeof buf, &st)
                      : zoo_create2(s.zh(), path.c_str(), data ? data->data() : nullptr, len, a.vector(), mode, buf,
                                    sizeof buf, &st);
    std::string line = s.label() + " create2 " + path + " " + modeName(mode) + (ttl ? " ttl=" + std::to_string(ttl) : "") +
                       " " + fmtData(data) + " -> " + rcName(rc);
    if (rc == ZOK) line += std::string(" name=") + buf + " " + fmtStat(buf, st);
    log(line);
    return rc;
}

int Run::createTtl(Session& s, const std::string& path, int mode, int64_t ttl) {
    char buf[1024] = {};
    AclList a = openAcl();
    int rc = zoo_create_ttl(s.zh(), path.c_str(), "t", 1, a.vector(), mode, ttl, buf, sizeof buf);
    std::string line = s.label() + " create_ttl " + path + " " + modeName(mode) + " ttl=" + std::to_string(ttl) + " -> " +
                       rcName(rc);
    if (rc == ZOK) line += std::string(" name=") + buf;
    log(line);
    return rc;
}

int Run::del(Session& s, const std::string& path, int version) {
    int rc = zoo_delete(s.zh(), path.c_str(), version);
    log(s.label() + " delete " + path + " v=" + std::to_string(version) + " -> " + rcName(rc));
    return rc;
}

int Run::exists(Session& s, const std::string& path, bool watch) {
    Stat st{};
    int rc = zoo_exists(s.zh(), path.c_str(), watch ? 1 : 0, &st);
    std::string line = s.label() + " exists " + path + (watch ? " watch" : "") + " -> " + rcName(rc);
    if (rc == ZOK) line += " " + fmtStat(path, st);
    log(line);
    return rc;
}

int Run::wexists(Session& s, const std::string& path, const std::string& tag) {
    Stat st{};
    int rc = zoo_wexists(s.zh(), path.c_str(), &Session::watcherFn, tagOf(s, tag), &st);
    std::string line = s.label() + " wexists " + path + " [" + tag + "] -> " + rcName(rc);
    if (rc == ZOK) line += " " + fmtStat(path, st);
    log(line);
    return rc;
}

int Run::get(Session& s, const std::string& path, bool watch) {
    std::vector<char> buf(kBigBuffer);
    int len = kBigBuffer;
    Stat st{};
    int rc = zoo_get(s.zh(), path.c_str(), watch ? 1 : 0, buf.data(), &len, &st);
    std::string line = s.label() + " get " + path + (watch ? " watch" : "") + " -> " + rcName(rc);
    if (rc == ZOK) line += " data=" + fmtData(buf.data(), len) + " " + fmtStat(path, st);
    log(line);
    return rc;
}

int Run::wget(Session& s, const std::string& path, const std::string& tag) {
    std::vector<char> buf(kBigBuffer);
    int len = kBigBuffer;
    Stat st{};
    int rc = zoo_wget(s.zh(), path.c_str(), &Session::watcherFn, tagOf(s, tag), buf.data(), &len, &st);
    std::string line = s.label() + " wget " + path + " [" + tag + "] -> " + rcName(rc);
    if (rc == ZOK) line += " data=" + fmtData(buf.data(), len) + " " + fmtStat(path, st);
    log(line);
    return rc;
}

int Run::set(Session& s, const std::string& path, const std::optional<std::string>& data, int version) {
    int rc = zoo_set(s.zh(), path.c_str(), data ? data->data() : nullptr, data ? static_cast<int>(data->size()) : -1,
                     version);
    log(s.label() + " set " + path + " " + fmtData(data) + " v=" + std::to_string(version) + " -> " + rcName(rc));
    return rc;
}

int Run::set2(Session& s, const std::string& path, const std::optional<std::string>& data, int version) {
    Stat st{};
    int rc = zoo_set2(s.zh(), path.c_str(), data ? data->data() : nullptr, data ? static_cast<int>(data->size()) : -1,
                      version, &st);
    std::string line = s.label() + " set2 " + path + " " + fmtData(data) + " v=" + std::to_string(version) + " -> " +
                       rcName(rc);
    if (rc == ZOK) line += " " + fmtStat(path, st);
    log(line);
    return rc;
}

int Run::children(Session& s, const std::string& path, bool watch) {
    String_vector v{};
    int rc = zoo_get_children(s.zh(), path.c_str(), watch ? 1 : 0, &v);
    std::string line = s.label() + " children " + path + (watch ? " watch" : "") + " -> " + rcName(rc);
    if (rc == ZOK) line += " " + sortedList(v, nullptr);
    deallocate_String_vector(&v);
    log(line);
    return rc;
}

int Run::wchildren(Session& s, const std::string& path, const std::string& tag) {
    String_vector v{};
    int rc = zoo_wget_children(s.zh(), path.c_str(), &Session::watcherFn, tagOf(s, tag), &v);
    std::string line = s.label() + " wchildren " + path + " [" + tag + "] -> " + rcName(rc);
    if (rc == ZOK) line += " " + sortedList(v, nullptr);
    deallocate_String_vector(&v);
    log(line);
    return rc;
}

int Run::children2(Session& s, const std::string& path, bool watch, const std::vector<std::string>* onlyNames) {
    String_vector v{};
    Stat st{};
    int rc = zoo_get_children2(s.zh(), path.c_str(), watch ? 1 : 0, &v, &st);
    std::string line = s.label() + " children2 " + path + (watch ? " watch" : "") + " -> " + rcName(rc);
    if (rc == ZOK) {
        line += " " + sortedList(v, onlyNames);
        // A filtered listing (e.g. of "/") shares the server with other
        // cases, so its stat is not comparable.
        if (!onlyNames) line += " " + fmtStat(path, st);
    }
    deallocate_String_vector(&v);
    log(line);
    return rc;
}

int Run::getAcl(Session& s, const std::string& path) {
    ACL_vector v{};
    Stat st{};
    int rc = zoo_get_acl(s.zh(), path.c_str(), &v, &st);
    std::string line = s.label() + " getACL " + path + " -> " + rcName(rc);
    if (rc == ZOK) line += " " + fmtAcl(v) + " " + fmtStat(path, st);
    deallocate_ACL_vector(&v);
    log(line);
    return rc;
}

int Run::setAcl(Session& s, const std::string& path, int version, AclList acl) {
    const std::string desc = fmtAcl(*acl.vector());
    int rc = zoo_set_acl(s.zh(), path.c_str(), version, acl.vector());
    log(s.label() + " setACL " + path + " v=" + std::to_string(version) + " " + desc + " -> " + rcName(rc));
    return rc;
}

int Run::sync(Session& s, const std::string& path) {
    std::string returned;
    int rc = s.sync(path, &returned);
    log(s.label() + " sync " + path + " -> " + rcName(rc) + (rc == ZOK ? " path=" + returned : ""));
    return rc;
}

int Run::addAuth(Session& s, const std::string& scheme, const std::string& cert) {
    int rc = s.addAuth(scheme, cert);
    log(s.label() + " addAuth " + scheme + " -> " + rcName(rc));
    return rc;
}

int Run::multi(Session& s, const std::vector<MultiOp>& ops) {
    const int n = static_cast<int>(ops.size());
    std::vector<zoo_op_t> zops(static_cast<size_t>(std::max(n, 1)));
    std::vector<zoo_op_result_t> results(static_cast<size_t>(std::max(n, 1)));
    std::vector<std::vector<char>> pathBufs(static_cast<size_t>(std::max(n, 1)), std::vector<char>(1024));
    std::vector<Stat> stats(static_cast<size_t>(std::max(n, 1)));
    AclList acl = openAcl();
    std::string desc;
    for (int i = 0; i < n; ++i) {
        const MultiOp& op = ops[static_cast<size_t>(i)];
        zoo_op_t* z = &zops[static_cast<size_t>(i)];
        const char* d = op.data ? op.data->data() : nullptr;
        const int dl = op.data ? static_cast<int>(op.data->size()) : -1;
        switch (op.kind) {
        case MultiOp::Kind::Create:
            zoo_create_op_init(z, op.path.c_str(), d, dl, acl.vector(), op.mode, pathBufs[static_cast<size_t>(i)].data(),
                               1024);
            desc += " create(" + op.path + "," + modeName(op.mode) + ")";
            break;
        case MultiOp::Kind::Delete:
            zoo_delete_op_init(z, op.path.c_str(), op.version);
            desc += " delete(" + op.path + ",v=" + std::to_string(op.version) + ")";
            break;
        case MultiOp::Kind::SetData:
            zoo_set_op_init(z, op.path.c_str(), d, dl, op.version, &stats[static_cast<size_t>(i)]);
            desc += " set(" + op.path + "," + fmtData(op.data) + ",v=" + std::to_string(op.version) + ")";
            break;
        case MultiOp::Kind::Check:
            zoo_check_op_init(z, op.path.c_str(), op.version);
            desc += " check(" + op.path + ",v=" + std::to_string(op.version) + ")";
            break;
        }
    }
    int rc = zoo_multi(s.zh(), n, zops.data(), results.data());
    std::string line = s.label() + " multi[" + desc + " ] -> " + rcName(rc) + " results:";
    for (int i = 0; i < n; ++i) {
        const zoo_op_result_t& r = results[static_cast<size_t>(i)];
        line += " " + rcName(r.err);
        const MultiOp& op = ops[static_cast<size_t>(i)];
        if (r.err == ZOK && rc == ZOK && op.kind == MultiOp::Kind::Create && r.value)
            line += std::string("(") + r.value + ")";
        if (r.err == ZOK && rc == ZOK && op.kind == MultiOp::Kind::SetData) line += fmtStat(op.path, stats[static_cast<size_t>(i)]);
    }
    log(line);
    return rc;
}

int Run::removeAllWatches(Session& s, const std::string& path, ZooWatcherType type) {
    int rc = zoo_remove_all_watches(s.zh(), path.c_str(), type, 0);
    log(s.label() + " removeAllWatches " + path + " type=" + std::to_string(type) + " -> " + rcName(rc));
    return rc;
}

int Run::removeWatches(Session& s, const std::string& path, ZooWatcherType type, const std::string& tag) {
    int rc = zoo_remove_watches(s.zh(), path.c_str(), type, &Session::watcherFn, tagOf(s, tag), 0);
    log(s.label() + " removeWatches " + path + " type=" + std::to_string(type) + " [" + tag + "] -> " + rcName(rc));
    return rc;
}

int Run::getConfig(Session& s) {
    std::vector<char> buf(65536);
    int len = static_cast<int>(buf.size());
    Stat st{};
    int rc = zoo_getconfig(s.zh(), 0, buf.data(), &len, &st);
    std::string line = s.label() + " getconfig -> " + rcName(rc);
    if (rc == ZOK) line += " data=" + fmtData(buf.data(), len) + " " + fmtStat("/zookeeper/config", st);
    log(line);
    return rc;
}

void Run::events(Session& s) {
    const auto ev = s.drainEvents();
    std::string line = s.label() + " events:";
    if (ev.empty()) line += " (none)";
    for (const auto& e : ev) line += " {" + e + "}";
    log(line);
}

void deleteRecursive(zhandle_t* zh, const std::string& path) {
    String_vector v{};
    if (zoo_get_children(zh, path.c_str(), 0, &v) == ZOK) {
        for (int i = 0; i < v.count; ++i) deleteRecursive(zh, path + "/" + v.data[i]);
    }
    deallocate_String_vector(&v);
    zoo_delete(zh, path.c_str(), -1);
}

}  // namespace zooscope::conformance
