// Txn codec: TxnHeader + Txn (tree/txn.h) to bytes and back, the payload of a
// log record. Versioned by kTxnCodecVersion (format.h); the version lives in
// the log file header, not in each record.
//
// Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "env/status.h"
#include "tree/txn.h"

namespace zooscope::storage {

std::string encodeTxn(const tree::TxnHeader& header, const tree::Txn& txn);

// Corruption (with the reason and byte offset within `bytes`) for anything
// that is not exactly one encoded txn: truncation, trailing bytes, unknown body
// tags, multis nested deeper than 4, impossible lengths.
Status decodeTxn(std::string_view bytes, tree::TxnHeader* header, tree::Txn* txn,
                 uint32_t version = 1);

}  // namespace zooscope::storage
