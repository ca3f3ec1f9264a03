// Multi (opcode 14) and multiRead (opcode 22) bodies, encoded exactly as
// ZooKeeper 3.8's MultiOperationRecord and MultiResponse do. These are not
// jute records: each op is a MultiHeader followed by the op's own record, and
// the list ends with the header {type -1, done true, err -1}.
//
// What Java does on reading, and so do we:
//   - the loop stops on header.done, whatever the header's type;
//   - request op types create, create2 and createContainer all carry a
//     CreateRequest; createTTL a CreateTTLRequest; delete, setData, check,
//     getChildren, getData their own request; any other type ->
//     IOException("Invalid type of op") -> here DecodeError;
//   - mixing write ops (create*, delete, setData, check) with read ops
//     (getChildren, getData) in one record -> IOException("Mixing different
//     kind of ops") -> here DecodeError;
//   - result types create (CreateResponse), create2 (Create2Response), delete
//     and check (no body), setData (SetDataResponse), getChildren
//     (GetChildrenResponse), getData (GetDataResponse), error (-1,
//     ErrorResponse); any other type -> DecodeError. The header's err is
//     written as the error code for error results and 0 otherwise; Java reads
//     the code from the ErrorResponse body and ignores the header's err. We
//     keep both so that decode(encode(x)) == x byte for byte.
// Java's Op drops the watch flag of getChildren/getData inside a multiRead; we
// keep it as decoded and leave that decision to the server.
//
// Contract: pure functions, no I/O. encode throws std::invalid_argument when
// an op's type does not match the record it carries (a programming error);
// decode throws DecodeError on anything malformed.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "proto/records.h"

namespace zooscope::proto {

struct MultiOp {
    OpCode type = OpCode::Check;
    std::variant<CreateRequest, CreateTTLRequest, DeleteRequest, SetDataRequest, CheckVersionRequest,
                 GetChildrenRequest, GetDataRequest>
        op;
    friend bool operator==(const MultiOp&, const MultiOp&) = default;
};

struct MultiRequest {
    std::vector<MultiOp> ops;
    friend bool operator==(const MultiRequest&, const MultiRequest&) = default;
};

struct MultiResult {
    OpCode type = OpCode::Error;
    Err err = Err::Ok;  // MultiHeader.err as on the wire
    // monostate for delete and check; otherwise the record matching type.
    std::variant<std::monostate, CreateResponse, Create2Response, SetDataResponse, ErrorResponse,
                 GetChildrenResponse, GetDataResponse>
        response;
    friend bool operator==(const MultiResult&, const MultiResult&) = default;

    // Results shaped as ZooKeeper's server writes them.
    static MultiResult create(std::string path);
    static MultiResult create2(std::string path, const Stat& stat);
    static MultiResult deleted();
    static MultiResult checked();
    static MultiResult setData(const Stat& stat);
    static MultiResult getChildren(std::vector<std::string> children);
    static MultiResult getData(std::optional<std::string> data, const Stat& stat);
    static MultiResult error(Err err);
};

struct MultiResponse {
    std::vector<MultiResult> results;
    friend bool operator==(const MultiResponse&, const MultiResponse&) = default;
};

void write(OutputArchive& out, const MultiRequest& v);
void read(InputArchive& in, MultiRequest& v);
void write(OutputArchive& out, const MultiResponse& v);
void read(InputArchive& in, MultiResponse& v);

// True for the op types Java's Op classifies as OpKind.READ (getChildren,
// getData); a multi must not mix them with the others.
bool isMultiReadOp(OpCode type);

}  // namespace zooscope::proto
