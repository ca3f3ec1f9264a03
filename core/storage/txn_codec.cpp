#include "storage/txn_codec.h"

#include <cstdio>

#include "proto/archive.h"
#include "storage/format.h"

namespace zooscope::storage {

using proto::InputArchive;
using proto::OutputArchive;

std::string fileNameFor(std::string_view prefix, int64_t zxid) {
    char hex[32];
    std::snprintf(hex, sizeof hex, "%llx", static_cast<unsigned long long>(zxid));
    return std::string(prefix) + hex;
}

int64_t zxidFromFileName(std::string_view name, std::string_view prefix) {
    if (name.substr(0, prefix.size()) != prefix) return -1;
    std::string_view hex = name.substr(prefix.size());
    if (hex.empty() || hex.size() > 16) return -1;
    uint64_t v = 0;
    for (char c : hex) {
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else return -1;
        v = v << 4 | uint64_t(d);
    }
    if (v > uint64_t(INT64_MAX)) return -1;
    return int64_t(v);
}

namespace {

// Body tags: the index of the alternative in Txn::body. Stable on disk; new
// alternatives get new numbers, never reuse.
enum BodyTag : int32_t {
    kCreate = 0, kDelete = 1, kSetData = 2, kSetACL = 3, kCheck = 4,
    kCreateSession = 5, kCloseSession = 6, kError = 7, kMulti = 8,
};
constexpr int kMaxMultiDepth = 4;

void writeData(OutputArchive& o, const std::string& data, bool isNull) {
    if (isNull) o.writeNullBuffer();
    else o.writeBuffer(data);
}

void writeAcl(OutputArchive& o, const proto::ACLList& acl) {
    o.writeInt(int32_t(acl.size()));
    for (const auto& a : acl) {
        o.writeInt(a.perms);
        o.writeString(a.id.scheme);
        o.writeString(a.id.id);
    }
}

void writeBody(OutputArchive& o, const tree::Txn& txn) {
    o.writeInt(int32_t(txn.type));
    o.writeInt(int32_t(txn.body.index()));
    std::visit([&](const auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, tree::CreateTxn>) {
            o.writeString(b.path);
            writeData(o, b.data, b.dataIsNull);
            writeAcl(o, b.acl);
            o.writeLong(b.ephemeralOwner);
            o.writeInt(b.parentCVersion);
        } else if constexpr (std::is_same_v<T, tree::DeleteTxn>) {
            o.writeString(b.path);
        } else if constexpr (std::is_same_v<T, tree::SetDataTxn>) {
            o.writeString(b.path);
            writeData(o, b.data, b.dataIsNull);
            o.writeInt(b.version);
        } else if constexpr (std::is_same_v<T, tree::SetACLTxn>) {
            o.writeString(b.path);
            writeAcl(o, b.acl);
            o.writeInt(b.version);
        } else if constexpr (std::is_same_v<T, tree::CheckVersionTxn>) {
            o.writeString(b.path);
            o.writeInt(b.version);
        } else if constexpr (std::is_same_v<T, tree::CreateSessionTxn>) {
            o.writeInt(b.timeoutMs);
        } else if constexpr (std::is_same_v<T, tree::CloseSessionTxn>) {
            o.writeInt(int32_t(b.paths.size()));
            for (const auto& p : b.paths) o.writeString(p);
        } else if constexpr (std::is_same_v<T, tree::ErrorTxn>) {
            o.writeInt(int32_t(b.err));
        } else if constexpr (std::is_same_v<T, tree::MultiTxn>) {
            o.writeInt(int32_t(b.ops.size()));
            for (const auto& op : b.ops) writeBody(o, op);
        }
    }, txn.body);
}

void readData(InputArchive& in, std::string* data, bool* isNull) {
    auto d = in.readNullableBuffer();
    *isNull = !d.has_value();
    *data = d ? std::move(*d) : std::string();
}

proto::ACLList readAcl(InputArchive& in) {
    proto::ACLList acl(in.readVectorCount(12));
    for (auto& a : acl) {
        a.perms = in.readInt();
        a.id.scheme = in.readString();
        a.id.id = in.readString();
    }
    return acl;
}

void readBody(InputArchive& in, tree::Txn* txn, int depth) {
    txn->type = proto::OpCode(in.readInt());
    const size_t tagAt = in.position();
    const int32_t tag = in.readInt();
    switch (tag) {
    case kCreate: {
        tree::CreateTxn b;
        b.path = in.readString();
        readData(in, &b.data, &b.dataIsNull);
        b.acl = readAcl(in);
        b.ephemeralOwner = in.readLong();
        b.parentCVersion = in.readInt();
        txn->body = std::move(b);
        break;
    }
    case kDelete: txn->body = tree::DeleteTxn{in.readString()}; break;
    case kSetData: {
        tree::SetDataTxn b;
        b.path = in.readString();
        readData(in, &b.data, &b.dataIsNull);
        b.version = in.readInt();
        txn->body = std::move(b);
        break;
    }
    case kSetACL: {
        tree::SetACLTxn b;
        b.path = in.readString();
        b.acl = readAcl(in);
        b.version = in.readInt();
        txn->body = std::move(b);
        break;
    }
    case kCheck: {
        tree::CheckVersionTxn b;
        b.path = in.readString();
        b.version = in.readInt();
        txn->body = std::move(b);
        break;
    }
    case kCreateSession: txn->body = tree::CreateSessionTxn{in.readInt()}; break;
    case kCloseSession: {
        tree::CloseSessionTxn b;
        b.paths.resize(in.readVectorCount(4));
        for (auto& p : b.paths) p = in.readString();
        txn->body = std::move(b);
        break;
    }
    case kError: txn->body = tree::ErrorTxn{proto::Err(in.readInt())}; break;
    case kMulti: {
        if (depth >= kMaxMultiDepth)
            throw proto::DecodeError("multi nested deeper than " + std::to_string(kMaxMultiDepth) + " at offset " +
                                     std::to_string(tagAt));
        tree::MultiTxn b;
        b.ops.resize(in.readVectorCount(8));
        for (auto& op : b.ops) readBody(in, &op, depth + 1);
        txn->body = std::move(b);
        break;
    }
    default:
        throw proto::DecodeError("unknown txn body tag " + std::to_string(tag) + " at offset " + std::to_string(tagAt));
    }
}

}  // namespace

std::string encodeTxn(const tree::TxnHeader& header, const tree::Txn& txn) {
    OutputArchive o;
    o.writeLong(header.clientId);
    o.writeInt(header.cxid);
    o.writeLong(header.zxid);
    o.writeLong(header.time);
    o.writeInt(int32_t(header.type));
    writeBody(o, txn);
    return o.take();
}

Status decodeTxn(std::string_view bytes, tree::TxnHeader* header, tree::Txn* txn, uint32_t version) {
    if (version != kTxnCodecVersion) return Status::corruption("unknown txn codec version " + std::to_string(version));
    try {
        InputArchive in(bytes);
        header->clientId = in.readLong();
        header->cxid = in.readInt();
        header->zxid = in.readLong();
        header->time = in.readLong();
        header->type = proto::OpCode(in.readInt());
        readBody(in, txn, 0);
        if (!in.atEnd())
            return Status::corruption(std::to_string(in.remaining()) + " trailing bytes after txn at offset " +
                                      std::to_string(in.position()));
    } catch (const proto::DecodeError& e) {
        return Status::corruption(std::string("bad txn: ") + e.what());
    } catch (const std::exception& e) {
        return Status::corruption(std::string("bad txn: ") + e.what());
    }
    return Status::ok();
}

}  // namespace zooscope::storage
