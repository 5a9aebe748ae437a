#!/bin/bash
# Submits slurm/stream.sbatch (incremental WCC over an update stream, checkpointing) to a real
# single-node Slurm cluster, preempts it once a checkpoint exists (USR1 to the batch script, as
# --signal=B:USR1@60 does before the time limit), and checks that the job requeued itself,
# resumed from its checkpoint and ended with the result of an uninterrupted direct run.
#
#   test_stream_job.sh EDDY_BINARY REPO_ROOT
#
# Exit 0 on success, 1 on failure, 77 (CTest skip) when Slurm cannot run here.
set -uo pipefail
JOB_TIMEOUT=240
LOG_GLOB='eddy-stream-*.log'
# shellcheck source-path=SCRIPTDIR source=job_test_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/job_test_lib.sh"
sbatch_script=$repo/slurm/stream.sbatch

# ---- a base graph and a stream long enough to be preempted (about 2,000 small batches)
mpirun -np 2 --oversubscribe "$eddy" generate --scale 10 --output base.el --updates 200000 \
  --updates-output updates.txt --delete-fraction 0.2 >generate.log 2>&1 || { cat generate.log; fail "eddy generate"; }
options=(--undirected --batch-size 100)

# ---- the job, preempted once
job=$(CHECKPOINT_EVERY=100 sbatch --parsable --ntasks=2 "$sbatch_script" wcc base.el updates.txt out "${options[@]}")
[[ $job =~ ^[0-9]+$ ]] || fail "sbatch printed no job id ($job)"
echo "job $job submitted"
for ((i = 0; i < 600; i++)); do
  compgen -G 'out/checkpoints/checkpoint-*.h5' >/dev/null && break
  state=$(job_field "$job" JobState)
  [[ $state == PENDING || $state == RUNNING ]] || fail "job $job is $state before its first checkpoint"
  sleep 0.1
done
compgen -G 'out/checkpoints/checkpoint-*.h5' >/dev/null || fail "no checkpoint within 60 s"
echo "job $job checkpointed; signalling its batch script"
scancel --signal=USR1 --batch "$job" || fail "scancel --signal=USR1 failed"

# ---- requeued, resumed, finished
# Slurm holds a requeued batch job back (PENDING, Reason=BeginTime) before it may start
# again; the test makes it eligible at once instead of waiting that out.
released=0
for ((i = 0; i < JOB_TIMEOUT * 2; i++)); do
  state=$(job_field "$job" JobState)
  [[ $state == COMPLETED || $state == FAILED || $state == CANCELLED || $state == TIMEOUT ]] && break
  if ((!released)) && [[ $state == PENDING && $(job_field "$job" Reason) == BeginTime ]]; then
    scontrol update JobId="$job" StartTime=now || fail "scontrol update StartTime=now failed"
    echo "job $job requeued and held until its begin time; released now"
    released=1
  fi
  sleep 0.5
done
restarts=$(job_field "$job" Restarts)
echo "job $job: JobState=$state Restarts=$restarts ExitCode=$(job_field "$job" ExitCode)"
[[ $state == COMPLETED ]] || fail "job $job ended in ${state:-?}"
((restarts >= 1)) || fail "job $job was not requeued"
log=$work/eddy-stream-$job.log
grep -q 'stopped on request after a checkpoint' "$log" || fail "the first run did not stop on USR1"
grep -q 'resumed from' "$log" || fail "the requeued run did not resume from the checkpoint"
[[ -s out/final.txt ]] || fail "the job wrote no out/final.txt"

# ---- the uninterrupted result
mpirun -np 2 --oversubscribe "$eddy" stream wcc --graph base.el --updates updates.txt --output-dir direct \
  "${options[@]}" >direct.log 2>&1 || { cat direct.log; fail "the direct run failed"; }
cmp -s direct/final.txt out/final.txt || fail "the preempted job's result differs from the direct run"
echo "PASS: slurm job $job was preempted, requeued itself, resumed and ended with the direct run's WCC"
exit 0
