#!/usr/bin/env bash
# Builds eddy with sanitizers in a directory of its own and runs the tests they watch.
#   asan  AddressSanitizer, UndefinedBehaviorSanitizer and LeakSanitizer (build-asan/): every unit
#         test at 1 and 2 ranks, and a few end-to-end runs of the eddy program at several ranks.
#   tsan  ThreadSanitizer (build-tsan/): every unit test at 1 and 2 ranks, TBB's loops on every
#         core and eddy's own threads (update stream sources, the checkpoint store's background
#         writer), with a libtbb instrumented too (scripts/sanitizers/build_tbb.sh).
# The unit tests' 4-rank runs are left to the main suite, which runs them without sanitizers: on a
# small machine they cost the most under a sanitizer, and 2 ranks already exchange between ranks.
# Usage: sanitize.sh asan|tsan [CTEST OPTIONS...]; with options (e.g. -R NAME) ctest runs just the
# tests they select, among those the mode builds, instead of the sets above. Any sanitizer report
# fails the script, even one from a test that passed: some tests expect eddy to fail and would
# accept a sanitizer's exit code, so every report is also written to a log directory that must
# stay empty.
set -euo pipefail
mode=${1:-}
shift || true
case "$mode" in
  asan) sanitizers=address,undefined ;;
  tsan) sanitizers=thread ;;
  *) echo "usage: $0 asan|tsan [CTEST OPTIONS...]" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
root=$PWD
build=$root/build-$mode
supp=$root/scripts/sanitizers

# The sanitizers' slowdown is paid per run, the compiler's per build. GCC instruments for
# UndefinedBehaviorSanitizer slowly once it optimises (cli/stream_command.cpp with g++ 12: 52 s
# at -O1, 30 s at -O0, 21 s at -O1 without sanitizers), and the asan build compiles the eddy
# program too, so it stays at -O0; the tsan build, unit tests only, at -O1. -g1 is enough for file:line
# in reports. Assertions stay on (no NDEBUG); RelWithDebInfo rather than Debug so that TBB's
# headers stay in release mode. Warnings are the main build's concern (test.sh makes them errors
# there), not this one's.
optimise=-O1
[ "$mode" = asan ] && optimise=-O0
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$optimise -g1" \
  -DEDDY_SANITIZE="$sanitizers" -DEDDY_BUILD_TESTS=ON -DEDDY_BUILD_BENCH=OFF -DEDDY_WERROR=OFF >/dev/null

logs=$build/sanitizer-reports
rm -rf "$logs"
mkdir -p "$logs"
# Open MPI unloads its plugins at exit, which would leave leak reports from them without a module
# name for the suppressions to match.
export OMPI_MCA_mca_base_component_disable_dlclose=1
common="halt_on_error=1:print_stacktrace=1:log_path=$logs/report"
export UBSAN_OPTIONS="$common:print_summary=1"
# Third-party libraries are built without frame pointers; the slow unwinder still finds their
# frames, which the suppressions match on.
export ASAN_OPTIONS="$common:detect_leaks=1:fast_unwind_on_malloc=0:detect_stack_use_after_return=0"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export TSAN_OPTIONS="$common:second_deadlock_stack=1:suppressions=$supp/tsan.supp:print_suppressions=0"

source scripts/mpirun_env.sh
jobs=$(nproc)
# Failed tests are retried once for Open MPI's start-up race (see test.sh); a report from either
# attempt stays in the log directory.
run_ctest() {
  echo "== sanitize $mode: $1"
  shift
  (cd "$build" && ctest --output-on-failure -j "$jobs" --timeout 900 --repeat until-pass:2 "$@") || status=1
}
status=0
if [ "$mode" = asan ]; then
  # The unit tests discovered at build time run then, so the options above already apply.
  cmake --build "$build" -j "$jobs" --target eddy_unit_tests eddy
else
  # ThreadSanitizer follows happens-before only through instrumented code, and Debian's libtbb is
  # not instrumented: every hand-over of work between TBB's threads would look like a race. So the
  # tests load a libtbb built with ThreadSanitizer from the same Debian source (build_tbb.sh).
  tbb_lib=$(scripts/sanitizers/build_tbb.sh "$build/onetbb")
  export LD_LIBRARY_PATH="$tbb_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  # Ranks unbound: each rank's TBB then runs one thread per core, so parallel loops run in parallel.
  export OMPI_MCA_hwloc_base_binding_policy=none
  cmake --build "$build" -j "$jobs" --target eddy_unit_tests
  if ! ldd "$build/bin/eddy_runtime_tests" | grep -q "$tbb_lib/libtbb.so.12"; then
    echo "sanitize tsan: the tests do not load the instrumented libtbb in $tbb_lib" >&2
    exit 1
  fi
fi
if [ $# -gt 0 ]; then
  run_ctest "ctest $*" "$@"
elif [ "$mode" = asan ]; then
  run_ctest "unit tests" -L '^unit$' -E '\.np4$'
  # End-to-end runs that take seconds without sanitizers: incremental algorithms over a stream,
  # event-time windows, checkpoints written by some ranks and resumed on others, a damaged
  # checkpoint, and bad input making every rank stop.
  e2e='^(stream\.(incremental\.pagerank\.directed\.np2|incremental\.wcc\.undirected\.np4|incremental\.sssp\.directed\.np2|window\.directed\.np2)'
  e2e+='|checkpoint\.(resume\.pagerank\.np4-2|resume\.cdlp\.np2-2|damaged\.flip)'
  e2e+='|bad_input\.(malformed_line|truncated_gz))$'
  run_ctest "eddy end to end" -R "$e2e"
else
  run_ctest "unit tests, TBB with $(nproc) threads per rank" -L '^unit$' -E '\.np4$'
fi

reports=("$logs"/report.*)
if [ -e "${reports[0]}" ]; then
  echo "== sanitize $mode: ${#reports[@]} sanitizer report(s):" >&2
  cat "${reports[@]}" >&2
  exit 1
fi
exit "$status"
