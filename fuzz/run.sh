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
set -euo pipefail
bin=$1
seconds=$2
work=$3
shift 3
mkdir -p "$work/corpus" "$work/artifacts"
exec "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$work/corpus" "$@"
