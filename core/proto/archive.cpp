#include "proto/archive.h"

#include <limits>

namespace zooscope::proto {

namespace {

template <class U>
void putBigEndian(std::string& out, U v) {
    for (int shift = (sizeof(U) - 1) * 8; shift >= 0; shift -= 8) {
        out.push_back(static_cast<char>(static_cast<unsigned char>((v >> shift) & 0xff)));
    }
}

template <class U>
U getBigEndian(std::string_view in, std::size_t pos) {
    U v = 0;
    for (std::size_t i = 0; i < sizeof(U); ++i) {
        v = static_cast<U>((v << 8) | static_cast<unsigned char>(in[pos + i]));
    }
    return v;
}

}  // namespace

void OutputArchive::writeInt(int32_t v) { putBigEndian(buf_, static_cast<uint32_t>(v)); }

void OutputArchive::writeLong(int64_t v) { putBigEndian(buf_, static_cast<uint64_t>(v)); }

void OutputArchive::writeBool(bool v) { buf_.push_back(v ? '\1' : '\0'); }

void OutputArchive::writeBuffer(std::string_view bytes) {
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max())) {
        throw std::length_error("jute buffer longer than INT32_MAX bytes");
    }
    writeInt(static_cast<int32_t>(bytes.size()));
    buf_.append(bytes);
}

void OutputArchive::writeNullBuffer() { writeInt(-1); }

void InputArchive::need(std::size_t n, const char* what) const {
    if (remaining() < n) {
        throw DecodeError("truncated " + std::string(what) + " at offset " + std::to_string(pos_) + ": need " +
                          std::to_string(n) + " bytes, " + std::to_string(remaining()) + " left");
    }
}

int32_t InputArchive::readInt() {
    need(4, "int");
    const auto v = static_cast<int32_t>(getBigEndian<uint32_t>(in_, pos_));
    pos_ += 4;
    return v;
}

int64_t InputArchive::readLong() {
    need(8, "long");
    const auto v = static_cast<int64_t>(getBigEndian<uint64_t>(in_, pos_));
    pos_ += 8;
    return v;
}

bool InputArchive::readBool() {
    need(1, "boolean");
    return in_[pos_++] != '\0';
}

std::string InputArchive::readBuffer() {
    const std::size_t at = pos_;
    const int32_t len = readInt();
    if (len == -1) {
        return {};
    }
    if (len < 0) {
        throw DecodeError("unreasonable buffer length " + std::to_string(len) + " at offset " + std::to_string(at));
    }
    if (static_cast<std::size_t>(len) > remaining()) {
        throw DecodeError("buffer length " + std::to_string(len) + " at offset " + std::to_string(at) +
                          " exceeds the " + std::to_string(remaining()) + " bytes left");
    }
    std::string out(in_.substr(pos_, static_cast<std::size_t>(len)));
    pos_ += static_cast<std::size_t>(len);
    return out;
}

std::optional<std::string> InputArchive::readNullableBuffer() {
    const std::size_t at = pos_;
    if (remaining() >= 4) {
        const auto* p = reinterpret_cast<const unsigned char*>(in_.data() + pos_);
        if (p[0] == 0xff && p[1] == 0xff && p[2] == 0xff && p[3] == 0xff) {
            pos_ += 4;
            return std::nullopt;
        }
    }
    pos_ = at;
    return readBuffer();
}

std::size_t InputArchive::readVectorCount(std::size_t minElementSize) {
    const std::size_t at = pos_;
    const int32_t n = readInt();
    if (n == -1) {
        return 0;
    }
    if (n < 0) {
        throw DecodeError("unreasonable vector count " + std::to_string(n) + " at offset " + std::to_string(at));
    }
    const auto count = static_cast<std::size_t>(n);
    if (minElementSize == 0) {
        minElementSize = 1;
    }
    if (count > remaining() / minElementSize) {
        throw DecodeError("vector count " + std::to_string(n) + " at offset " + std::to_string(at) +
                          " cannot fit in the " + std::to_string(remaining()) + " bytes left");
    }
    return count;
}

}  // namespace zooscope::proto
