#!/usr/bin/env bash
# The fuzz targets, long: every libFuzzer target of fuzz/targets.cmake for
# SECONDS each (default 600), one after the other, then a summary line per
# target (executions, executions/s, coverage, corpus, crashes) for
# docs/BENCHMARKS.md.
#   bench/fuzz/run-fuzz-long.sh [SECONDS] [TARGET...]
# BUILD_DIR (default build/) is a normal build; the optimized fuzz build
# (ZS_FUZZ_OPTIMIZE=ON, -O1: up to 60 times the executions a second of the
# label's -O0 build) is brought up to date in BUILD_DIR/clang-fuzz-optimized
# by fuzz/build.sh, and each target's work directory
# (BUILD_DIR/clang-fuzz/work/<target>: the corpus it grows, the crashing
# inputs) is the one the `fuzz` ctest label uses, so a long run leaves the
# short ones a richer start. JOBS (default 1) runs that many
# libFuzzer workers per target (-fork); on a shared 2-core machine keep 1.
# A crash stops that target's run and the script's exit status says so; the
# input is in the work directory's artifacts/ (see fuzz/run.sh).
set -uo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$src/build}
seconds=${1:-600}
shift || true
fuzzdir=$build/clang-fuzz
bindir=$build/clang-fuzz-optimized
ZS_FUZZ_OPTIMIZE=ON "$src/fuzz/build.sh" "$src" "$bindir" || exit 1
if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(sed -n 's/^zs_fuzz_target(\([a-z_0-9]*\).*/\1/p' "$src/fuzz/targets.cmake")
fi
log=$fuzzdir/long-runs
mkdir -p "$log"
status=0
printf '%-20s %12s %8s %8s %8s %8s %s\n' target executions exec/s cov ft corpus result
for t in "${targets[@]}"; do
  extra=()
  [ "${JOBS:-1}" -gt 1 ] && extra=(-fork="$JOBS")
  "$src/fuzz/run.sh" "$bindir/bin/fuzz_$t" "$seconds" "$fuzzdir/work/$t" \
    "$src/fuzz/corpus/$t/seed" "$src/fuzz/corpus/$t/regression" "${extra[@]}" >"$log/$t.log" 2>&1
  rc=$?
  [ $rc -ne 0 ] && status=1
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log/$t.log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log/$t.log" | tail -1)
  last=$(grep -E '^#[0-9]+.*(cov|DONE)' "$log/$t.log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<<"$last")
  printf '%-20s %12s %8s %8s %8s %8s %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" \
    "$([ $rc -eq 0 ] && echo ok || echo "CRASH (see $log/$t.log)")"
done
exit $status
