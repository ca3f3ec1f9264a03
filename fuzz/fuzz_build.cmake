# The fuzz build (ZOOSCOPE_FUZZ=ON; fuzz/build.sh configures and builds it in
# <build>/clang-fuzz): clang with libFuzzer's coverage instrumentation,
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
add_compile_options(${ZS_SANITIZERS} -fsanitize=fuzzer-no-link -fno-omit-frame-pointer -g -O1)
add_link_options(${ZS_SANITIZERS})
add_subdirectory(core)
add_subdirectory(ui)
add_subdirectory(fuzz)
