#!/usr/bin/env bash
# Installs what is missing, builds everything with warnings as errors, and runs the whole test
# suite, then the sanitizer runs of scripts/sanitize.sh, a minute of fuzzing per parser
# (scripts/fuzz.sh) and clang-tidy (scripts/tidy.sh). Tests that need ../shared/data (or
# $EDDY_TEST_DATA) say SKIPPED when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install_dependencies.sh
# The ThreadSanitizer libtbb (scripts/sanitize.sh tsan) mostly waits on the Debian archive: fetch
# and build it beside the main build instead of after the main suite. sanitize.sh reuses it, or
# builds it itself and says why when this attempt failed (build-tsan/build-tbb.log).
mkdir -p build-tsan
scripts/sanitizers/build_tbb.sh "$PWD/build-tsan/onetbb" >build-tsan/build-tbb.log 2>&1 &
tbb_pid=$!
scripts/build.sh all -DEDDY_BUILD_TESTS=ON -DEDDY_WERROR=ON
source scripts/mpirun_env.sh
cd build
echo "==== main test suite (build/) ===="
# Open MPI 4.1 can fail to start a job when another one finishes at the same moment (both race on
# its session directory in /tmp: "mkdir ... File exists"); a test that fails is run once more, so
# only a failure that repeats counts.
main_status=0
ctest --output-on-failure -j "$(nproc)" --timeout 600 --repeat until-pass:2 2>&1 | tee ctest-main.log ||
  main_status=$?
cd ..

# The unit tests and a few multi-rank runs again under AddressSanitizer + UndefinedBehaviorSanitizer,
# and the unit tests under ThreadSanitizer, each in a build of its own; any report fails.
sanitize_status=0
wait "$tbb_pid" || echo "building the ThreadSanitizer libtbb beside the main build failed (build-tsan/build-tbb.log)"
for mode in asan tsan; do
  echo "==== sanitizers: $mode (build-$mode/) ===="
  scripts/sanitize.sh "$mode" || sanitize_status=1
done

# A minute of fuzzing per parser from the committed seed corpus (fuzz/corpus); any crash, sanitizer
# report, timeout or memory blow-up fails.
echo "==== fuzzing: 60 s per parser (build-fuzz/) ===="
fuzz_status=0
scripts/fuzz.sh 60 || fuzz_status=1

# clang-tidy (.clang-tidy) over the sources eddy ships: libraries, the eddy program, examples,
# baselines and fuzz targets; any finding fails. The 52 unit-test sources are left to a plain
# `scripts/tidy.sh`, to keep this run short on two cores.
echo "==== static checks: clang-tidy (build-tidy/) ===="
tidy_status=0
scripts/tidy.sh '(runtime|io|graph|algorithms|cli|examples|fuzz|bench)/' || tidy_status=1

# The main suite's summary last, where a reader of a long log looks for it.
echo "==== main test suite (build/): summary ===="
sed -n '/tests passed, /,$p' build/ctest-main.log
[ "$main_status" -ne 0 ] && exit "$main_status"
[ "$sanitize_status" -ne 0 ] && exit "$sanitize_status"
[ "$fuzz_status" -ne 0 ] && exit "$fuzz_status"
exit "$tidy_status"
