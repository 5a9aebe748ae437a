#!/bin/bash
# Submits slurm/pagerank_sweep.sbatch as a job array of 3 tasks to a real single-node Slurm
# cluster and checks that each task's PageRank equals a direct run with its damping factor.
#
#   test_sweep_job.sh EDDY_BINARY REPO_ROOT
#
# Exit 0 on success, 1 on failure, 77 (CTest skip) when Slurm cannot run here.
set -uo pipefail
GRAPH=gen:kronecker:scale=9
JOB_TIMEOUT=240
LOG_GLOB='eddy-sweep-*.log'
# shellcheck source-path=SCRIPTDIR source=job_test_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/job_test_lib.sh"
export DAMPINGS="0.6 0.85 0.9"

timeout "$JOB_TIMEOUT" sbatch --wait --parsable --array=0-2 --ntasks=2 "$repo/slurm/pagerank_sweep.sbatch" \
  "$GRAPH" sweep >sbatch.out 2>sbatch.err
rc=$?
job=$(grep -Eo '^[0-9]+' sbatch.out | head -n 1)
((rc == 0)) || { cat sbatch.err; fail "the job array ${job:-?} failed (sbatch --wait exited $rc)"; }
for damping in $DAMPINGS; do
  [[ -s sweep-d$damping.txt ]] || fail "no result for damping $damping"
  mpirun -np 2 --oversubscribe "$eddy" run pagerank --graph "$GRAPH" --damping "$damping" --tolerance 1e-10 \
    --output "direct-$damping.txt" >direct.log 2>&1 || { cat direct.log; fail "direct run, damping $damping"; }
  python3 "$compare" "direct-$damping.txt" "sweep-d$damping.txt" epsilon || fail "damping $damping differs"
done
if cmp -s sweep-d0.6.txt sweep-d0.9.txt; then fail "the tasks did not use their own damping factors"; fi
echo "PASS: job array $job ran PageRank with damping $DAMPINGS, each equal to a direct run"
exit 0
