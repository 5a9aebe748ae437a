#!/usr/bin/env bash
# Installs what is missing, builds everything with warnings as errors, and runs the whole test
# suite. Tests that need ../shared/data (or $EDDY_TEST_DATA) say SKIPPED when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install_dependencies.sh
scripts/build.sh all -DEDDY_BUILD_TESTS=ON -DEDDY_WERROR=ON
source scripts/mpirun_env.sh
cd build
# Open MPI 4.1 can fail to start a job when another one finishes at the same moment (both race on
# its session directory in /tmp: "mkdir ... File exists"); a test that fails is run once more, so
# only a failure that repeats counts.
ctest --output-on-failure -j "$(nproc)" --timeout 600 --repeat until-pass:2
