// Jute binary archives: the primitive encoding under every ZooKeeper record.
//
// What ZooKeeper 3.8 does (org.apache.jute.BinaryOutputArchive / BinaryInputArchive):
//   int      4 bytes, big-endian two's complement (DataOutput.writeInt)
//   long     8 bytes, big-endian
//   boolean  1 byte; written as 0 or 1, read as "byte != 0" (DataInput.readBoolean)
//   buffer   int length, then the bytes; a null buffer is length -1 with no bytes
//   ustring  exactly like buffer, the bytes being UTF-8; null is length -1
//   vector   int count, then each element; a null vector is count -1
//   record   its fields in declaration order, no framing of its own
// On reading, Java rejects a buffer/string length that is negative (other than
// -1) or larger than jute.maxbuffer + zookeeper.jute.maxbuffer.extrasize with
// IOException("Unreasonable length = N"), and a short read with EOFException.
//
// Differences, all stricter, none of which a well-formed peer can observe:
//   - a buffer/string length must also fit in the bytes that are left, so a
//     hostile length never allocates (Java would allocate, then hit EOF);
//   - a vector count below -1 is a DecodeError (Java treats it as empty), and a
//     count larger than the bytes left is a DecodeError before any element is
//     read (Java would loop until EOF);
//   - null buffers, strings and vectors decode as empty (the engine has no
//     null/empty distinction; Java's server treats a null path as an error
//     later, ours sees "" and fails path validation the same way).
//   - strings keep their raw bytes; Java would replace invalid UTF-8 with U+FFFD.
//
// Contract: pure value types, no I/O, not thread-safe per instance (use one per
// thread). Every read either returns a value or throws DecodeError and leaves
// the archive at an unspecified position.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <optional>
#include <string>
#include <string_view>

namespace zooscope::proto {

// Thrown for any malformed input: truncation, impossible lengths, unknown
// discriminators (e.g. an op type inside a multi), trailing bytes where the
// caller asked for an exact decode. The message says what and where.
struct DecodeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class OutputArchive {
public:
    void writeInt(int32_t v);
    void writeLong(int64_t v);
    void writeBool(bool v);
    // Length-prefixed bytes. Throws std::length_error above INT32_MAX bytes,
    // which the int length prefix cannot express.
    void writeBuffer(std::string_view bytes);
    // A null buffer/string/vector: length -1, no bytes.
    void writeNullBuffer();
    void writeString(std::string_view s) { writeBuffer(s); }

    const std::string& data() const { return buf_; }
    std::string take() { return std::move(buf_); }

private:
    std::string buf_;
};

class InputArchive {
public:
    explicit InputArchive(std::string_view bytes) : in_(bytes) {}
    // The archive only views its input; refuse temporaries that would dangle.
    explicit InputArchive(std::string&&) = delete;

    int32_t readInt();
    int64_t readLong();
    bool readBool();
    // Null (-1) decodes as empty; see the header comment for rejected lengths.
    std::string readBuffer();
    // As readBuffer, but a null buffer (-1) is nullopt: Java's byte[] data
    // fields tell null from empty, and so do clients reading them back.
    std::optional<std::string> readNullableBuffer();
    std::string readString() { return readBuffer(); }
    // A vector count: -1 (null) gives 0; below -1 or more elements than bytes
    // left throws. minElementSize is the smallest encoding of one element, so
    // the bound is count * minElementSize <= remaining().
    std::size_t readVectorCount(std::size_t minElementSize = 1);

    std::size_t remaining() const { return in_.size() - pos_; }
    bool atEnd() const { return pos_ == in_.size(); }
    std::size_t position() const { return pos_; }

private:
    void need(std::size_t n, const char* what) const;

    std::string_view in_;
    std::size_t pos_ = 0;
};

}  // namespace zooscope::proto
