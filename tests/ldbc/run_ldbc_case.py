#!/usr/bin/python3
"""Run one LDBC validation case with eddy and compare the result with the reference output.

usage: run_ldbc_case.py MPIEXEC NP EDDY DATA_DIR ALGORITHM PREFIX EXPECTED [EDDY_OPTION...]

PREFIX (the graph, DIR/NAME of NAME.v and NAME.e) and EXPECTED (the reference output) are
relative to DATA_DIR. EDDY_OPTIONs are passed on to `eddy run` (e.g. --partition hash).
Exits 77 (ctest's skip code) when the data is absent, 0 when the result matches.
"""
import os
import signal
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ldbc_compare  # noqa: E402

RULES = {"bfs": "exact", "cdlp": "exact", "wcc": "equivalence",
         "pagerank": "epsilon", "lcc": "epsilon", "sssp": "epsilon"}
SKIP = 77
# With the 10 s grace below, within ctest's TIMEOUT (120 s): a hung run is reported and its
# temp dir removed by us rather than left behind by ctest's kill.
RUN_TIMEOUT = 100


def main(argv):
    if len(argv) < 8 or argv[5] not in RULES:
        print(__doc__, file=sys.stderr)
        return 2
    mpiexec, np, eddy, data_dir, algorithm, prefix, expected = argv[1:8]
    options = argv[8:]
    prefix, expected = os.path.join(data_dir, prefix), os.path.join(data_dir, expected)
    for path in (expected, prefix + ".v", prefix + ".e"):
        if not os.path.isfile(path):
            print(f"SKIPPED: {path} not found (set EDDY_TEST_DATA)")
            return SKIP

    with tempfile.TemporaryDirectory(prefix="eddy-ldbc-") as tmp:
        output = os.path.join(tmp, "result")
        # `-n` is the MPI standard's mpiexec flag (MPIEXEC_NUMPROC_FLAG is -n for Open MPI and MPICH).
        command = [mpiexec, "-n", np, eddy, "run", algorithm, "--graph", prefix,
                   *options, "--output", output]
        print("running:", " ".join(command), flush=True)
        # A session of its own, so that a hung run can be ended with all its ranks.
        run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, start_new_session=True)
        try:
            log, _ = run.communicate(timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGTERM)  # mpiexec passes SIGTERM on to the ranks
            try:
                log, _ = run.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(run.pid, signal.SIGKILL)
                log, _ = run.communicate()
            print(log, end="")
            print(f"FAILED: eddy did not finish within {RUN_TIMEOUT} s")
            return 1
        if run.returncode != 0 or not os.path.isfile(output):
            print(log, end="")
            print(f"FAILED: eddy exited with {run.returncode}"
                  + ("" if os.path.isfile(output) else " and wrote no output file"))
            return 1
        status = ldbc_compare.main(["ldbc_compare", expected, output, RULES[algorithm]])
        if status != 0 and log:
            print("eddy's output:\n" + log, end="")
        return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
