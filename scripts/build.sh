#!/usr/bin/env bash
# Configures eddy in build/ (Release) and builds it. Usage: build.sh [TARGET] [CMAKE OPTIONS...]
set -euo pipefail
cd "$(dirname "$0")/.."
target=all
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then target=$1; shift; fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j "$(nproc)" --target "$target"
