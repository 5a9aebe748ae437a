#!/usr/bin/env bash
# Runs clang-tidy (the checks of .clang-tidy at the repository root, every one an error) over eddy's
# own C++ sources: the libraries, the eddy program, the examples, the benchmark baselines, the
# fuzz targets and the unit tests. Headers are checked through the sources that include them
# (HeaderFilterRegex); third-party and system headers are not. Fails on any finding.
#
# It configures build-tidy/ with clang, only for its compilation database: nothing is compiled,
# as no source depends on a generated file. The fuzz targets are configured with the flags that
# fuzz/CMakeLists.txt demands, so that they are checked too.
#
# Usage: tidy.sh [-j JOBS] [REGEX]
#   -j JOBS  clang-tidy processes at once (default: nproc)
#   REGEX    check only the sources whose path in the repository starts with a match of it
#            (e.g. 'runtime/src/', '(cli|io)/'); every project source by default
set -euo pipefail
usage() {
  sed -n '2,/^[^#]/{/^#/{s/^# \{0,1\}//;p}}' "$0" >&2
  exit 2
}
jobs=$(nproc)
filter=
while [ $# -gt 0 ]; do
  case "$1" in
    -j) [ $# -ge 2 ] || usage; jobs=$2; shift 2 ;;
    -j[0-9]*) jobs=${1#-j}; shift ;;
    -h|--help|-*) usage ;;
    *) [ -z "$filter" ] || usage; filter=$1; shift ;;
  esac
done
case "$jobs" in ''|*[!0-9]*|0) usage ;; esac

cd "$(dirname "$0")/.."
root=$PWD
build=$root/build-tidy
for tool in clang-14 clang++-14 clang-tidy-14 run-clang-tidy-14; do
  command -v "$tool" >/dev/null || { echo "tidy.sh: $tool not found (apt-get install clang-14 clang-tidy-14)" >&2; exit 1; }
done

# Debug: assertions stay in the code the checks see (bugprone-assert-side-effect needs them).
CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" \
  -DEDDY_BUILD_TESTS=ON -DEDDY_BUILD_BENCH=ON -DEDDY_BUILD_FUZZERS=ON >/dev/null

# tests/unit/mpi_test_main.cpp is compiled into every multi-rank test program, with the same flags,
# and clang-tidy checks a file once per entry of the database: the one it reads has each file once.
mkdir -p "$build/unique"
python3 - "$build" <<'EOF'
import json, sys
build = sys.argv[1]
with open(f"{build}/compile_commands.json") as f:
    entries = json.load(f)
unique = list({e["file"]: e for e in reversed(entries)}.values())
with open(f"{build}/unique/compile_commands.json", "w") as f:
    json.dump(unique, f, indent=1)
EOF

# Only sources under the project's own directories, never a build directory's or a third party's;
# run-clang-tidy matches the regex with Python's re, so a look-ahead keeps that prefix and the
# optional filter, matched from the same place, independent of each other.
sources="^$root/(?=(runtime|io|graph|algorithms|cli|examples|bench|fuzz|tests)/)(${filter:-})"
run-clang-tidy-14 -p "$build/unique" -j "$jobs" -quiet -clang-tidy-binary "$(command -v clang-tidy-14)" \
  -extra-arg=-Wno-unknown-warning-option "$sources"
