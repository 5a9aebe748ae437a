#!/bin/bash
# What the Slurm job tests share, sourced by each: arguments, a work directory, a throw-away
# single-node cluster (slurm_cluster.sh) stopped on exit, and failure reporting.
#
#   source job_test_lib.sh EDDY_BINARY REPO_ROOT
#
# Sets eddy, repo, tmp, work, cluster and exports SLURM_CONF, EDDY and the Open MPI root flags;
# exits 77 (the CTest skip code) when Slurm cannot run here. The test may set LOG_GLOB to the job
# logs show_diagnostics prints.

SKIP=77
if [[ $# -ne 2 ]]; then
  echo "usage: $0 EDDY_BINARY REPO_ROOT" >&2
  exit 2
fi
eddy=$(realpath "$1") || exit 1
repo=$(realpath "$2") || exit 1
lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cluster_script=$lib_dir/slurm_cluster.sh
compare=$repo/tests/ldbc/ldbc_compare.py
for f in "$eddy" "$compare" "$cluster_script"; do
  [[ -e $f ]] || { echo "FAIL: $f not found"; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/eddy-slurm-test.XXXXXX") || exit 1
cluster=$tmp/cluster
work=$tmp/work
mkdir -p "$cluster" "$work"
cluster_started=0
LOG_GLOB=${LOG_GLOB:-}

# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  if ((cluster_started)); then
    bash "$cluster_script" stop "$cluster" || echo "WARNING: stopping the cluster failed"
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Prints the job logs and the daemon logs (they are removed when the cluster stops).
show_diagnostics() {
  local f
  # shellcheck disable=SC2086  # LOG_GLOB is a pattern
  for f in $LOG_GLOB "$cluster"/log/slurmctld.log "$cluster"/log/slurmd.log; do
    [[ -s $f ]] || continue
    echo "---- $f (last 30 lines)"
    tail -n 30 "$f"
  done
}

fail() {
  echo "FAIL: $*"
  show_diagnostics
  exit 1
}

# A field of `scontrol show job`, e.g. job_field 12 JobState.
job_field() { scontrol show job "$1" 2>/dev/null | grep -Eo "(^| )$2=[^ ]*" | head -n 1 | cut -d= -f2; }

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
cd "$work" || exit 1
