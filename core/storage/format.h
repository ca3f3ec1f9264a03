// On-disk format constants of the storage layer, in one place. The prose spec
// (byte layouts, recovery rules) is docs/storage-format.md; keep both in step.
//
// All integers are big-endian (as jute, which encodes the txn payloads).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace zooscope::storage {

// ---- Transaction log segments: "log.<hex first zxid>" ----
inline constexpr std::string_view kLogPrefix = "log.";
inline constexpr char kLogMagic[4] = {'Z', 'S', 'L', 'G'};
// Log format versions (file header field); a reader refuses versions it does not know.
//   1: header magic/version/firstZxid/crc32c; records u32 length + u32 crc32c
//      (over the length bytes and the payload) + payload; payload is the
//      txn codec v1 (txn_codec.h). A zero length marks the end of data
//      (the zero-filled preallocated tail).
inline constexpr uint32_t kLogVersion = 1;
inline constexpr size_t kLogHeaderSize = 20;       // magic 4, version 4, firstZxid 8, crc 4
inline constexpr size_t kRecordHeaderSize = 8;     // length 4, crc 4
// Upper bound for one record's payload; a larger length is damage, not data
// (a multi is bounded by jute.maxbuffer, about 1 MiB).
inline constexpr uint32_t kMaxRecordBytes = 16u << 20;

// ---- Snapshots: "snapshot.<hex zxid the snapshot started at>" ----
inline constexpr std::string_view kSnapshotPrefix = "snapshot.";
// A snapshot being written; never read, removed at the next open.
inline constexpr std::string_view kTempSuffix = ".tmp";
inline constexpr char kSnapshotMagic[4] = {'Z', 'S', 'S', 'N'};
// Snapshot format versions:
//   1: header magic/version/startZxid/crc32c; then chunks framed as log
//      records (u32 length, u32 crc32c, payload) holding entries tagged 'S'
//      (session), 'N' (node), and a final 'E' (end: counts + zxid) that must
//      be the last bytes of the file.
inline constexpr uint32_t kSnapshotVersion = 1;
inline constexpr size_t kSnapshotHeaderSize = 20;
inline constexpr uint32_t kMaxChunkBytes = 64u << 20;

// Txn payload encodings (txn_codec.h), selected by the log version.
//   1: jute big-endian header + body tag + body; nullable data as jute's
//      null buffer (length -1); multi ops recursively.
inline constexpr uint32_t kTxnCodecVersion = 1;

// "<prefix><lowercase hex zxid>", as ZooKeeper names its files (log.100000001).
std::string fileNameFor(std::string_view prefix, int64_t zxid);
// The zxid of a file named "<prefix><hex>", or -1 when the name is not one.
int64_t zxidFromFileName(std::string_view name, std::string_view prefix);

}  // namespace zooscope::storage
