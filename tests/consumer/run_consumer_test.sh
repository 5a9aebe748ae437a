#!/bin/bash
# Installs eddy from a build tree into a temp prefix, then configures, builds and runs the
# consumer project against it with find_package(eddy), as a user of the installed package would.
# usage: run_consumer_test.sh CMAKE BUILD_DIR CONSUMER_SOURCE_DIR MPIEXEC [CONFIGURE_ARG...]
set -euo pipefail
cmake=$1 build=$2 source=$3 mpiexec=$4
shift 4

fail() { echo "FAILED: $*"; exit 1; }
[ -f "$source/CMakeLists.txt" ] || fail "no consumer project at $source"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/eddy-consumer.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "== cmake --install $build --prefix $tmp/prefix"
"$cmake" --install "$build" --prefix "$tmp/prefix"
echo "== configure and build $source"
"$cmake" -S "$source" -B "$tmp/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" "$@"
"$cmake" --build "$tmp/build" --parallel

# The project's executable, whatever it is named (CMakeFiles/ holds CMake's own probe binaries).
mapfile -t exes < <(find "$tmp/build" -name CMakeFiles -prune -o -type f -perm -u+x -print)
[ ${#exes[@]} -eq 1 ] || fail "expected one executable in the consumer build, found: ${exes[*]:-none}"

echo "== $mpiexec -n 2 ${exes[0]}"
status=0
out=$(timeout -k 10 60 "$mpiexec" -n 2 "${exes[0]}" 2>&1) || status=$?
echo "$out"
[ $status -eq 0 ] || fail "the consumer exited with $status"
grep -q "consumer ok" <<<"$out" || fail "the consumer did not print 'consumer ok'"
echo "PASSED"
