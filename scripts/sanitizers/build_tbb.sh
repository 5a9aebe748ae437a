#!/usr/bin/env bash
# Builds oneTBB's library with ThreadSanitizer from the Debian source package of the installed
# libtbb-dev (same version, same patches) and prints the directory holding libtbb.so.12.
#
# Why: ThreadSanitizer sees happens-before only through instrumented code. Debian's libtbb is not
# instrumented, so every hand-over of work between TBB's threads (a task spawned by one thread, run
# by another) looks like a data race. With this library in LD_LIBRARY_PATH, TBB's own
# synchronisation is watched too and eddy's parallel loops can be checked for real races.
#
# The source comes from the Debian archive the machine already uses: its deb lines are reused as
# deb-src lines in a private apt state under DIR, so the system's apt configuration is not touched.
# A finished build is reused as long as the installed libtbb-dev's version matches.
# Usage: build_tbb.sh DIR
set -euo pipefail
if [ $# -ne 1 ] || [ "$1" = "--help" ] || [ "$1" = "-h" ]; then
  echo "usage: $0 DIR   (builds a ThreadSanitizer libtbb in DIR and prints its library directory)" >&2
  exit 2
fi
dir=$(mkdir -p "$1" && cd "$1" && pwd)
package=$(dpkg-query -W -f='${source:Package}' libtbb-dev)
version=$(dpkg-query -W -f='${source:Version}' libtbb-dev)
lib=$dir/lib
if [ -e "$lib/libtbb.so.12" ] && [ "$(cat "$dir/version" 2>/dev/null)" = "$package $version" ]; then
  echo "$lib"
  exit 0
fi
rm -rf "$dir/apt" "$dir/src" "$dir/build" "$lib"
mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial" "$dir/apt/parts" "$dir/apt/download" "$lib"

# deb-src twins of the system's deb sources, in both of apt's formats.
for f in /etc/apt/sources.list.d/*.sources; do
  [ -e "$f" ] && sed -e 's/^Types:.*\bdeb\b.*/Types: deb-src/' "$f" >"$dir/apt/parts/$(basename "$f")"
done
{
  [ -e /etc/apt/sources.list ] && grep -E '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list | sed -e 's/^\([[:space:]]*\)deb/\1deb-src/'
  for f in /etc/apt/sources.list.d/*.list; do
    [ -e "$f" ] && grep -E '^[[:space:]]*deb[[:space:]]' "$f" | sed -e 's/^\([[:space:]]*\)deb/\1deb-src/'
  done
} >"$dir/apt/parts/system.list" || true
apt_options=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$dir/apt/parts"
  -o "Dir::State::Lists=$dir/apt/lists" -o "Dir::Cache=$dir/apt/cache" -o "Debug::NoLocking=1")
echo "build_tbb: fetching $package $version from the Debian archive" >&2
apt-get "${apt_options[@]}" update -qq >&2
(cd "$dir/apt/download" && apt-get "${apt_options[@]}" source --download-only -qq "$package=$version" >&2)
dpkg-source -x "$dir/apt/download/${package}_${version#*:}.dsc" "$dir/src" >&2

echo "build_tbb: building libtbb with -fsanitize=thread" >&2
# -O1 as for eddy's own sanitizer builds; only the tbb target, which eddy links.
cmake -S "$dir/src" -B "$dir/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -DTBB_SANITIZE=thread -DTBB_TEST=OFF -DTBB_EXAMPLES=OFF -DTBB_STRICT=OFF >&2
cmake --build "$dir/build" -j "$(nproc)" --target tbb >&2
cp -P "$(dirname "$(find "$dir/build" -name 'libtbb.so.12' | head -n 1)")"/libtbb.so.12* "$lib/"
echo "$package $version" >"$dir/version"
echo "$lib"
