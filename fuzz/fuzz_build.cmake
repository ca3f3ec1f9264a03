# The fuzz build (ZOOSCOPE_FUZZ=ON; fuzz/build.sh configures and builds it in
# <build>/clang-fuzz, and the long runs' in <build>/clang-fuzz-optimized):
# clang with libFuzzer's coverage instrumentation,
# AddressSanitizer and UndefinedBehaviorSanitizer (any undefined behaviour
# aborts) on everything it compiles. It configures core/, ui/ and fuzz/ (no
# app, no tests) and builds only the target zs_fuzzers: the libFuzzer
# binaries and the libraries they link, so that it stays small and quick to
# rebuild (of ui/, the parsers' libraries alone). Qt itself is not
# instrumented. Included by the top-level CMakeLists.txt, which stops after it.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "ZOOSCOPE_FUZZ needs clang and libFuzzer (Debian: clang, libfuzzer-14-dev): "
                      "configure with CC=clang CXX=clang++, as fuzz/build.sh does")
endif()
set(ZS_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=undefined)
# Two flavours. The `fuzz` label's build (the default) must leave the label's
# runs their share of 5 minutes from a cold start (docs/BENCHMARKS.md, "A cold
# fuzz build"): -O0 compiles in half the time of -O1, since generating the
# instrumented code is most of the work. It executes up to 60 times fewer
# inputs a second, which a 5-second check of the corpora can afford and a
# long run cannot: bench/fuzz builds with ZS_FUZZ_OPTIMIZE=ON (-O1) in a
# directory of its own. Both: line tables are all a sanitizer's stack trace
# needs, and a unity build compiles the heavy headers (spdlog, fmt, nlohmann,
# asio) and what they instantiate once per batch of sources, not per source.
option(ZS_FUZZ_OPTIMIZE "Compile the fuzz build with -O1 (the long runs) instead of -O0 (the label's quick build)" OFF)
if(ZS_FUZZ_OPTIMIZE)
  set(ZS_FUZZ_OPT -O1)
else()
  set(ZS_FUZZ_OPT -O0)
endif()
add_compile_options(${ZS_SANITIZERS} -fsanitize=fuzzer-no-link -fno-omit-frame-pointer -gline-tables-only ${ZS_FUZZ_OPT})
add_link_options(${ZS_SANITIZERS})
set(CMAKE_UNITY_BUILD ON)
add_subdirectory(core)
add_subdirectory(ui)
add_subdirectory(fuzz)
