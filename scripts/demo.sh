#!/usr/bin/env bash
# The main job on built-in data: installs what is missing, builds, and runs PageRank on a generated
# Kronecker graph (scale 18: 262,144 ids, 4.2M edges) with 2 ranks, printing the top 10 vertices.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install_dependencies.sh
scripts/build.sh eddy
source scripts/mpirun_env.sh
echo "vertex pagerank (top 10):"
mpirun -np 2 build/bin/eddy run pagerank --graph gen:kronecker:scale=18 --iterations 20 --top 10 "$@"
