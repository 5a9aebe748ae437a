#!/usr/bin/env bash
# The main job on built-in data: installs what is missing, builds, generates a Kronecker graph
# (scale 18: 262,144 ids, 4.2M edges) and a stream of 50,000 updates with 20% deletions, and keeps
# PageRank current over the stream on 2 ranks, batch by batch: the per-batch latency on standard
# error, the top 10 vertices after every batch on standard output.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install_dependencies.sh
scripts/build.sh eddy
source scripts/mpirun_env.sh
data=build/demo
mkdir -p "$data"
mpirun -np 2 build/bin/eddy generate --scale 18 --output "$data/base.el" \
  --updates 50000 --delete-fraction 0.2 --updates-output "$data/updates.txt"
mpirun -np 2 build/bin/eddy stream pagerank --graph "$data/base.el" --updates "$data/updates.txt" \
  --batch-size 5000 --emit top:10 --output-dir "$data/out" "$@"
