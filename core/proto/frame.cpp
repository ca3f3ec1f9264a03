#include "proto/frame.h"

#include <limits>
#include <stdexcept>

#include "proto/archive.h"

namespace zooscope::proto {

FrameReader::FrameReader(int32_t maxBuffer) : maxBuffer_(maxBuffer) {}

void FrameReader::feed(const char* data, std::size_t size) {
    if (failed() || size == 0) {
        return;
    }
    // Drop what next() has consumed before growing, so the buffer holds at
    // most one partial frame plus whatever arrived after it.
    if (pos_ > 0 && (pos_ == buf_.size() || pos_ >= buf_.size() / 2)) {
        buf_.erase(0, pos_);
        pos_ = 0;
    }
    buf_.append(data, size);
}

std::optional<int32_t> FrameReader::peekLength() const {
    if (buffered() < 4) {
        return std::nullopt;
    }
    InputArchive in(std::string_view(buf_).substr(pos_, 4));
    return in.readInt();
}

std::optional<std::string> FrameReader::next() {
    if (failed()) {
        return std::nullopt;
    }
    const std::optional<int32_t> len = peekLength();
    if (!len) {
        return std::nullopt;
    }
    if (*len < 0 || *len > maxBuffer_) {
        error_ = "Len error. A message with advertised length of " + std::to_string(*len) +
                 " is either a malformed message or too large to process (length is greater than jute.maxbuffer=" +
                 std::to_string(maxBuffer_) + ")";
        buf_.clear();
        pos_ = 0;
        return std::nullopt;
    }
    const auto n = static_cast<std::size_t>(*len);
    if (buffered() < 4 + n) {
        return std::nullopt;
    }
    std::string payload = buf_.substr(pos_ + 4, n);
    pos_ += 4 + n;
    if (pos_ == buf_.size()) {
        buf_.clear();
        pos_ = 0;
    }
    return payload;
}

std::string frame(std::string_view payload) {
    if (payload.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max())) {
        throw std::length_error("frame payload longer than INT32_MAX bytes");
    }
    OutputArchive out;
    out.writeInt(static_cast<int32_t>(payload.size()));
    std::string s = out.take();
    s.append(payload);
    return s;
}

}  // namespace zooscope::proto
