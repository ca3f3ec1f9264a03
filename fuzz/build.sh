#!/usr/bin/env bash
# Configures (the first time) and builds the fuzz build: build.sh SOURCE_DIR
# BUILD_DIR. clang, ZOOSCOPE_FUZZ=ON (fuzz/fuzz_build.cmake): core/ and the
# libFuzzer targets only. Run by the `fuzz_build` test before the `fuzz`
# label's runs, and by bench/fuzz; the directory is kept and rebuilt
# incrementally. A compiler launcher (ccache) is taken from
# CMAKE_CXX_COMPILER_LAUNCHER in the environment, as CMake does.
# ZS_FUZZ_OPTIMIZE=ON (bench/fuzz) configures a new directory for -O1 instead
# of the label's -O0; a directory keeps the flavour it was configured with.
set -euo pipefail
src=$1
dir=$2
if [ ! -f "$dir/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S "$src" -B "$dir" -G Ninja -DZOOSCOPE_FUZZ=ON -DZOOSCOPE_BUILD_TESTS=OFF \
    -DZS_FUZZ_OPTIMIZE="${ZS_FUZZ_OPTIMIZE:-OFF}" >/dev/null
fi
cmake --build "$dir" --target zs_fuzzers -j"$(nproc)"
