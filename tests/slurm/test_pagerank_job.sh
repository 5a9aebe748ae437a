#!/bin/bash
# Submits slurm/pagerank.sbatch to a real single-node Slurm cluster on localhost and checks
# that the batch job's PageRank equals a direct `mpirun -np 2` run.
#
#   test_pagerank_job.sh EDDY_BINARY REPO_ROOT
#
# Exit 0 on success, 1 on failure, 77 (CTest skip) when Slurm cannot run here.
set -uo pipefail
GRAPH=gen:kronecker:scale=10
JOB_TIMEOUT=180
DIRECT_TIMEOUT=120
LOG_GLOB='eddy-pagerank-*.log'
# shellcheck source-path=SCRIPTDIR source=job_test_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/job_test_lib.sh"
sbatch_script=$repo/slurm/pagerank.sbatch

# Data lines of a result file (blank lines and # comments are not vertices).
count_vertices() { grep -cv -e '^[[:space:]]*$' -e '^[[:space:]]*#' "$1"; }
count_distinct_vertices() {
  awk 'NF && $1 !~ /^#/ { seen[$1] = 1 } END { print length(seen) }' "$1"
}

# ---- batch job (sbatch propagates this environment into the job)
out=$work/pagerank.txt
echo "submitting: sbatch --wait --ntasks=2 $sbatch_script $GRAPH $out"
timeout "$JOB_TIMEOUT" sbatch --wait --parsable --ntasks=2 "$sbatch_script" "$GRAPH" "$out" \
  >"$tmp/sbatch.out" 2>"$tmp/sbatch.err"
rc=$?
job=$(grep -Eo '^[0-9]+' "$tmp/sbatch.out" | head -n 1)
echo "job ${job:-?}: sbatch --wait exited $rc"
state=
if [[ -n $job ]]; then
  state=$(job_field "$job" JobState)
  echo "job $job: JobState=${state:-?} ExitCode=$(job_field "$job" ExitCode)"
fi
if ((rc != 0)); then
  cat "$tmp/sbatch.err"
  ((rc == 124)) && fail "the job did not finish within ${JOB_TIMEOUT}s"
  fail "the batch job failed (sbatch --wait exited $rc)"
fi
[[ -n $job ]] || fail "sbatch printed no job id"
[[ -z $state || $state == COMPLETED ]] || fail "job $job ended in $state"
log=$work/eddy-pagerank-$job.log
[[ -s $out ]] || fail "the job wrote no output $out"
[[ -s ${out%.txt}.metrics.json ]] || fail "the job wrote no metrics file"
if [[ -f $log ]] && ! grep -q 'on 2 rank' "$log"; then
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
