#include "proto/multi.h"

#include <optional>
#include <stdexcept>

namespace zooscope::proto {

namespace {

const MultiHeader kEnd{OpCode::Error, true, Err::SystemError};  // {-1, true, -1}

std::string typeText(OpCode t) { return std::to_string(static_cast<int32_t>(t)); }

// Does the variant alternative of a request op fit its header type?
bool requestFits(const MultiOp& op) {
    switch (op.type) {
    case OpCode::Create:
    case OpCode::Create2:
    case OpCode::CreateContainer:
        return std::holds_alternative<CreateRequest>(op.op);
    case OpCode::CreateTTL: return std::holds_alternative<CreateTTLRequest>(op.op);
    case OpCode::Delete: return std::holds_alternative<DeleteRequest>(op.op);
    case OpCode::SetData: return std::holds_alternative<SetDataRequest>(op.op);
    case OpCode::Check: return std::holds_alternative<CheckVersionRequest>(op.op);
    case OpCode::GetChildren: return std::holds_alternative<GetChildrenRequest>(op.op);
    case OpCode::GetData: return std::holds_alternative<GetDataRequest>(op.op);
    default: return false;
    }
}

bool resultFits(const MultiResult& r) {
    switch (r.type) {
    case OpCode::Create: return std::holds_alternative<CreateResponse>(r.response);
    case OpCode::Create2: return std::holds_alternative<Create2Response>(r.response);
    case OpCode::Delete:
    case OpCode::Check:
        return std::holds_alternative<std::monostate>(r.response);
    case OpCode::SetData: return std::holds_alternative<SetDataResponse>(r.response);
    case OpCode::GetChildren: return std::holds_alternative<GetChildrenResponse>(r.response);
    case OpCode::GetData: return std::holds_alternative<GetDataResponse>(r.response);
    case OpCode::Error: return std::holds_alternative<ErrorResponse>(r.response);
    default: return false;
    }
}

template <class T>
T readRecord(InputArchive& in) {
    T v{};
    read(in, v);
    return v;
}

}  // namespace

bool isMultiReadOp(OpCode type) { return type == OpCode::GetChildren || type == OpCode::GetData; }

MultiResult MultiResult::create(std::string path) {
    return {OpCode::Create, Err::Ok, CreateResponse{std::move(path)}};
}
MultiResult MultiResult::create2(std::string path, const Stat& stat) {
    return {OpCode::Create2, Err::Ok, Create2Response{std::move(path), stat}};
}
MultiResult MultiResult::deleted() { return {OpCode::Delete, Err::Ok, std::monostate{}}; }
MultiResult MultiResult::checked() { return {OpCode::Check, Err::Ok, std::monostate{}}; }
MultiResult MultiResult::setData(const Stat& stat) { return {OpCode::SetData, Err::Ok, SetDataResponse{stat}}; }
MultiResult MultiResult::getChildren(std::vector<std::string> children) {
    return {OpCode::GetChildren, Err::Ok, GetChildrenResponse{std::move(children)}};
}
MultiResult MultiResult::getData(std::optional<std::string> data, const Stat& stat) {
    return {OpCode::GetData, Err::Ok, GetDataResponse{std::move(data), stat}};
}
MultiResult MultiResult::error(Err err) { return {OpCode::Error, err, ErrorResponse{err}}; }

void write(OutputArchive& out, const MultiRequest& v) {
    for (const MultiOp& op : v.ops) {
        if (!requestFits(op)) {
            throw std::invalid_argument("multi op type " + typeText(op.type) + " does not match its request record");
        }
        // MultiOperationRecord writes err -1 in every op header.
        write(out, MultiHeader{op.type, false, Err::SystemError});
        std::visit([&](const auto& r) { write(out, r); }, op.op);
    }
    write(out, kEnd);
}

void read(InputArchive& in, MultiRequest& v) {
    v.ops.clear();
    std::optional<bool> readKind;  // set by the first op
    MultiHeader h;
    read(in, h);
    while (!h.done) {
        MultiOp op;
        op.type = h.type;
        switch (h.type) {
        case OpCode::Create:
        case OpCode::Create2:
        case OpCode::CreateContainer:
            op.op = readRecord<CreateRequest>(in);
            break;
        case OpCode::CreateTTL: op.op = readRecord<CreateTTLRequest>(in); break;
        case OpCode::Delete: op.op = readRecord<DeleteRequest>(in); break;
        case OpCode::SetData: op.op = readRecord<SetDataRequest>(in); break;
        case OpCode::Check: op.op = readRecord<CheckVersionRequest>(in); break;
        case OpCode::GetChildren: op.op = readRecord<GetChildrenRequest>(in); break;
        case OpCode::GetData: op.op = readRecord<GetDataRequest>(in); break;
        default: throw DecodeError("Invalid type of op " + typeText(h.type) + " in multi request");
        }
        const bool isRead = isMultiReadOp(h.type);
        if (readKind && *readKind != isRead) {
            throw DecodeError("Mixing different kind of ops in multi request");
        }
        readKind = isRead;
        v.ops.push_back(std::move(op));
        read(in, h);
    }
}

void write(OutputArchive& out, const MultiResponse& v) {
    for (const MultiResult& r : v.results) {
        if (!resultFits(r)) {
            throw std::invalid_argument("multi result type " + typeText(r.type) +
                                        " does not match its response record");
        }
        write(out, MultiHeader{r.type, false, r.err});
        std::visit(
            [&](const auto& body) {
                if constexpr (!std::is_same_v<std::decay_t<decltype(body)>, std::monostate>) {
                    write(out, body);
                }
            },
            r.response);
    }
    write(out, kEnd);
}

void read(InputArchive& in, MultiResponse& v) {
    v.results.clear();
    MultiHeader h;
    read(in, h);
    while (!h.done) {
        MultiResult r;
        r.type = h.type;
        r.err = h.err;
        switch (h.type) {
        case OpCode::Create: r.response = readRecord<CreateResponse>(in); break;
        case OpCode::Create2: r.response = readRecord<Create2Response>(in); break;
        case OpCode::Delete:
        case OpCode::Check:
            break;
        case OpCode::SetData: r.response = readRecord<SetDataResponse>(in); break;
        case OpCode::GetChildren: r.response = readRecord<GetChildrenResponse>(in); break;
        case OpCode::GetData: r.response = readRecord<GetDataResponse>(in); break;
        case OpCode::Error: r.response = readRecord<ErrorResponse>(in); break;
        default: throw DecodeError("Invalid type " + typeText(h.type) + " in MultiResponse");
        }
        v.results.push_back(std::move(r));
        read(in, h);
    }
}

}  // namespace zooscope::proto
