// What every fuzz target shares (fuzz/targets/*.cpp). Each target defines
// LLVMFuzzerTestOneInput; this library defines LLVMFuzzerInitialize (the
// engine's log is silenced: a decoder that refuses input logs a warning, and
// millions of warnings would be most of a fuzzer's time).
//
// The same code runs under libFuzzer in the fuzz build and under
// replay_main.cpp in the normal build, so nothing here depends on libFuzzer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

// A property of the code under test that must hold for every input (a
// decoded value re-encodes to itself, a request is answered ...). A failure
// aborts, which libFuzzer reports as a crash with the input that caused it.
#define ZS_FUZZ_CHECK(cond) \
    ((cond) ? void(0) : ::zooscope::fuzz::checkFailed(#cond, __FILE__, __LINE__))

namespace zooscope::fuzz {

[[noreturn]] void checkFailed(const char* what, const char* file, int line);

inline std::string_view bytesOf(const uint8_t* data, size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// A directory of this process's own for targets that read files (the storage
// readers): created on first use under $TMPDIR (else /dev/shm, else /tmp),
// emptied by clear(), removed at exit.
class ScratchDir {
public:
    static ScratchDir& instance();
    const std::string& path() const { return path_; }
    // Removes every file in it.
    void clear();
    // Writes `bytes` to path()/name.
    void write(const std::string& name, std::string_view bytes);
    ~ScratchDir();

private:
    ScratchDir();
    std::string path_;
};

}  // namespace zooscope::fuzz
