# The fuzz build (ZOOSCOPE_FUZZ=ON; fuzz/build.sh configures and builds it in
# <build>/clang-fuzz): clang with libFuzzer's coverage instrumentation,
# AddressSanitizer and UndefinedBehaviorSanitizer (any undefined behaviour
# aborts) on everything it compiles, and nothing but core/ and fuzz/ - no Qt,
# no app, no tests - so that it stays small and quick to rebuild.
# Included by the top-level CMakeLists.txt, which stops after it.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "ZOOSCOPE_FUZZ needs clang and libFuzzer (Debian: clang, libfuzzer-14-dev): "
                      "configure with CC=clang CXX=clang++, as fuzz/build.sh does")
endif()
set(ZS_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=undefined)
add_compile_options(${ZS_SANITIZERS} -fsanitize=fuzzer-no-link -fno-omit-frame-pointer -g -O1)
add_link_options(${ZS_SANITIZERS})
add_subdirectory(core)
add_subdirectory(fuzz)
