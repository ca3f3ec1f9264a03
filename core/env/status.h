// Status: the outcome of an I/O or decode step in the storage layer. Errors are
// values, never exceptions: a disk that fails or a file that is damaged must
// reach the caller as a message it can log and act on.
//
// Thread-safety: a plain value type.
#pragma once

#include <string>
#include <utility>

namespace zooscope {

class Status {
public:
    enum class Code { Ok, NotFound, IoError, Corruption, InvalidArgument };

    Status() = default;
    static Status ok() { return {}; }
    static Status notFound(std::string msg) { return {Code::NotFound, std::move(msg)}; }
    static Status ioError(std::string msg) { return {Code::IoError, std::move(msg)}; }
    static Status corruption(std::string msg) { return {Code::Corruption, std::move(msg)}; }
    static Status invalidArgument(std::string msg) { return {Code::InvalidArgument, std::move(msg)}; }

    bool isOk() const { return code_ == Code::Ok; }
    explicit operator bool() const { return isOk(); }
    bool isNotFound() const { return code_ == Code::NotFound; }
    bool isIoError() const { return code_ == Code::IoError; }
    bool isCorruption() const { return code_ == Code::Corruption; }
    Code code() const { return code_; }
    // Empty when ok.
    const std::string& message() const { return msg_; }
    std::string toString() const;

private:
    Status(Code c, std::string m) : code_(c), msg_(std::move(m)) {}
    Code code_ = Code::Ok;
    std::string msg_;
};

inline std::string Status::toString() const {
    switch (code_) {
    case Code::Ok: return "OK";
    case Code::NotFound: return "NotFound: " + msg_;
    case Code::IoError: return "IO error: " + msg_;
    case Code::Corruption: return "Corruption: " + msg_;
    case Code::InvalidArgument: return "Invalid argument: " + msg_;
    }
    return msg_;
}

}  // namespace zooscope
