#!/usr/bin/env bash
# Runs one libFuzzer binary of the fuzz build for a fixed time:
#   run.sh BINARY SECONDS WORK_DIR [CORPUS_DIR...]
# WORK_DIR/corpus collects the inputs that reach new code (kept between runs,
# so each run starts where the last one stopped); the corpus directories
# (seed and regression) are read, never written. A crash, a sanitizer report,
# a leak, an input slower than 10 s or over 2 GiB fails the run and leaves the
# input in WORK_DIR/artifacts/ (libFuzzer names the file): fix the bug, then
# move the input to fuzz/corpus/<target>/regression/ under a name that says
# what it caught.
# libFuzzer stops at the first whole second past -max_total_time, so it is
# given SECONDS - 1.
# ZS_FUZZ_SEED fixes libFuzzer's random seed: the ctest runs set it, so a CI
# run explores the same inputs from the same corpus and a failure there is one
# the next run repeats; the long runs in bench/ leave it unset and explore anew.
set -euo pipefail
bin=$1
seconds=$2
work=$3
shift 3
mkdir -p "$work/corpus" "$work/artifacts"
seed=()
[[ -n ${ZS_FUZZ_SEED:-} ]] && seed=(-seed="$ZS_FUZZ_SEED")
exec "$bin" "${seed[@]}" -max_total_time="$(( seconds > 1 ? seconds - 1 : 1 ))" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$work/corpus" "$@"
