// The transaction codec (storage/txn_codec.h): the payload of every log
// record, and of every proposal a leader sends its learners.
//
// Input: one encoded txn (seeds: the payloads of the records in real log
// segments). Whatever decodes must re-encode to bytes that decode again and
// re-encode to themselves.
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "storage/txn_codec.h"

namespace storage = zooscope::storage;
namespace tree = zooscope::tree;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    tree::TxnHeader header;
    tree::Txn txn;
    const zooscope::Status st = storage::decodeTxn(zooscope::fuzz::bytesOf(data, size), &header, &txn);
    if (!st) {
        ZS_FUZZ_CHECK(!st.toString().empty());
        return 0;
    }
    const std::string once = storage::encodeTxn(header, txn);
    tree::TxnHeader header2;
    tree::Txn txn2;
    ZS_FUZZ_CHECK(bool(storage::decodeTxn(once, &header2, &txn2)));
    ZS_FUZZ_CHECK(storage::encodeTxn(header2, txn2) == once);
    return 0;
}
