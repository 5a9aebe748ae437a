#!/bin/bash
# Submits slurm/pagerank.sbatch to a real single-node Slurm cluster on localhost and checks
# that the batch job's PageRank equals a direct `mpirun -np 2` run.
#
#   test_pagerank_job.sh EDDY_BINARY REPO_ROOT
#
# Exit 0 on success, 1 on failure, 77 (CTest skip) when Slurm cannot run here.
set -uo pipefail

SKIP=77
GRAPH=gen:kronecker:scale=10
JOB_TIMEOUT=180
DIRECT_TIMEOUT=120

if [[ $# -ne 2 ]]; then
  echo "usage: $0 EDDY_BINARY REPO_ROOT" >&2
  exit 2
fi
eddy=$(realpath "$1") || exit 1
repo=$(realpath "$2") || exit 1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cluster_script=$here/slurm_cluster.sh
sbatch_script=$repo/slurm/pagerank.sbatch
compare=$repo/tests/ldbc/ldbc_compare.py
for f in "$eddy" "$sbatch_script" "$compare" "$cluster_script"; do
  [[ -e $f ]] || { echo "FAIL: $f not found"; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/eddy-slurm-test.XXXXXX") || exit 1
cluster=$tmp/cluster
work=$tmp/work
mkdir -p "$cluster" "$work"
cluster_started=0

# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  if ((cluster_started)); then
    bash "$cluster_script" stop "$cluster" || echo "WARNING: stopping the cluster failed"
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "FAIL: $*"
  exit 1
}

# Prints the job's log and the daemon logs (they are removed when the cluster stops).
show_diagnostics() {
  local f
  for f in "$work"/eddy-pagerank-*.log "$cluster"/log/slurmctld.log "$cluster"/log/slurmd.log; do
    [[ -s $f ]] || continue
    echo "---- $f (last 30 lines)"
    tail -n 30 "$f"
  done
}

# Data lines of a result file (blank lines and # comments are not vertices).
count_vertices() { grep -cv -e '^[[:space:]]*$' -e '^[[:space:]]*#' "$1"; }
count_distinct_vertices() {
  awk 'NF && $1 !~ /^#/ { seen[$1] = 1 } END { print length(seen) }' "$1"
}

# ---- cluster
cluster_started=1
bash "$cluster_script" start "$cluster"
rc=$?
if ((rc == SKIP)); then
  cluster_started=0
  exit "$SKIP"
elif ((rc != 0)); then
  fail "slurm_cluster.sh start exited $rc"
fi
export SLURM_CONF=$cluster/slurm.conf
export EDDY=$eddy
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

# ---- batch job (sbatch propagates this environment into the job)
out=$work/pagerank.txt
cd "$work" || exit 1
echo "submitting: sbatch --wait --ntasks=2 $sbatch_script $GRAPH $out"
timeout "$JOB_TIMEOUT" sbatch --wait --parsable --ntasks=2 "$sbatch_script" "$GRAPH" "$out" \
  >"$tmp/sbatch.out" 2>"$tmp/sbatch.err"
rc=$?
job=$(grep -Eo '^[0-9]+' "$tmp/sbatch.out" | head -n 1)
echo "job ${job:-?}: sbatch --wait exited $rc"
if [[ -n $job ]]; then
  info=$(scontrol show job "$job" 2>/dev/null)
  state=$(grep -Eo 'JobState=[A-Z_]+' <<<"$info")
  exitcode=$(grep -Eo ' ExitCode=[0-9]+:[0-9]+' <<<"$info" | tr -d ' ')
  echo "job $job: ${state:-JobState=?} ${exitcode:-ExitCode=?}"
fi
if ((rc != 0)); then
  cat "$tmp/sbatch.err"
  show_diagnostics
  ((rc == 124)) && fail "the job did not finish within ${JOB_TIMEOUT}s"
  fail "the batch job failed (sbatch --wait exited $rc)"
fi
[[ -n $job ]] || fail "sbatch printed no job id"
if [[ -n ${state:-} && $state != JobState=COMPLETED ]]; then
  show_diagnostics
  fail "job $job ended in $state"
fi
log=$work/eddy-pagerank-$job.log
[[ -s $out ]] || { show_diagnostics; fail "the job wrote no output $out"; }
[[ -s ${out%.txt}.metrics.json ]] || { show_diagnostics; fail "the job wrote no metrics file"; }
if [[ -f $log ]] && ! grep -q 'on 2 rank' "$log"; then
  show_diagnostics
  fail "the job did not run on 2 ranks"
fi

# ---- direct run for reference
expected=$work/direct.txt
timeout "$DIRECT_TIMEOUT" mpirun -np 2 --oversubscribe "$eddy" run pagerank --graph "$GRAPH" \
  --tolerance 1e-10 --output "$expected" >"$tmp/direct.log" 2>&1
rc=$?
if ((rc != 0)); then
  cat "$tmp/direct.log"
  fail "the direct mpirun run exited $rc"
fi

# ---- one line per vertex
lines=$(count_vertices "$out")
distinct=$(count_distinct_vertices "$out")
expected_lines=$(count_vertices "$expected")
loaded=$(grep -Eo 'loaded [0-9]+ vertices' "$log" 2>/dev/null | grep -Eo '[0-9]+' | head -n 1)
echo "vertices: job output $lines lines ($distinct distinct), direct run $expected_lines," \
  "job log says ${loaded:-?}"
((lines > 0)) || fail "empty job output"
((lines == distinct)) || fail "the job output repeats vertices"
((lines == expected_lines)) || fail "the job output has $lines lines, the direct run $expected_lines"
if [[ -n $loaded ]] && ((lines != loaded)); then
  fail "the job output has $lines lines but the job loaded $loaded vertices"
fi

# ---- same values
python3 "$compare" "$expected" "$out" epsilon || fail "the job's PageRank differs from the direct run"

echo "PASS: slurm job $job computed PageRank of $GRAPH on 2 ranks ($lines vertices), same as mpirun"
exit 0
