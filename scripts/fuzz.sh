#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) in build-fuzz with clang and fuzzes each parser for
# SECONDS (default 60), starting from a copy of its committed seed corpus, which is never written
# to. Fails on any crash, sanitizer report, timeout (10 s per input) or memory blow-up (2 GiB)
# and prints the input that caused it. Usage: fuzz.sh [SECONDS-PER-TARGET]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-60}
targets=(fuzz_edge_list fuzz_ldbc fuzz_updates fuzz_checkpoint)

scripts/install_dependencies.sh
# The whole build is instrumented so that coverage guidance reaches into the eddy libraries
# (fuzz/CMakeLists.txt); -O1 -g as libFuzzer recommends, assertions on.
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_FLAGS_DEBUG="-O1 -g" -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DEDDY_BUILD_FUZZERS=ON -DEDDY_BUILD_TESTS=OFF -DEDDY_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]}"

source scripts/mpirun_env.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/eddy-fuzz-run-XXXXXX")
trap 'rm -rf "$work"' EXIT
# Open MPI's allocations at exit are not eddy's leaks; leaks within one input are still reported.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
# One target per core at a time: each fuzzes for its full time, the run takes less wall time.
fuzz_one() {
  local t=$1
  mkdir -p "$work/$t/corpus" "$work/$t/scratch"
  cp fuzz/corpus/"$t"/* "$work/$t/corpus/"
  # TMPDIR: the target's input files go there, and are removed with the rest even after a crash.
  local status=0
  (cd "$work/$t" && TMPDIR="$work/$t/scratch" "$root/build-fuzz/bin/$t" \
     -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
     -artifact_prefix="$work/$t/" corpus >"$work/$t/log" 2>&1) || status=$?
  echo "$status" >"$work/$t/status"
}
running=0
for t in "${targets[@]}"; do
  echo "== $t: ${seconds} s" >&2
  fuzz_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$(nproc)" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true
failed=()
for t in "${targets[@]}"; do
  echo "== $t" >&2
  # The coverage and speed when the seeds were loaded and at the end, and the final statistics.
  grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' \
    "$work/$t/log" >&2 || true
  if [ "$(cat "$work/$t/status" 2>/dev/null || echo 1)" -ne 0 ]; then
    mkdir -p build-fuzz/findings
    for a in "$work/$t"/crash-* "$work/$t"/timeout-* "$work/$t"/oom-* "$work/$t"/leak-*; do
      [ -e "$a" ] || continue
      cp "$a" build-fuzz/findings/
      echo "$t: failing input build-fuzz/findings/$(basename "$a")" >&2
    done
    tail -n 60 "$work/$t/log" >&2
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzzing failed: ${failed[*]} (reproduce: build-fuzz/bin/TARGET build-fuzz/findings/INPUT)" >&2
  exit 1
fi
echo "fuzzing passed: ${targets[*]}, ${seconds} s each" >&2
