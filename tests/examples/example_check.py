"""What both example checks do: run the example on a data file at N ranks and look for the line
an independent computation predicts in its output.

usage (from a check): sys.exit(example_check.main(sys.argv, "--graph", expected_line))
"""
import gzip
import os
import subprocess


def read_pairs(path):
    """The (first, second) integer pairs of an edge list, plain or gzip, skipping # and % comments."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        for line in f:
            parts = line.split()
            if parts and parts[0][0] not in "#%":
                yield int(parts[0]), int(parts[1])


def main(argv, option, expected_line):
    """argv: [script, MPIEXEC, NP, EXAMPLE, DATA_FILE]; expected_line(DATA_FILE) -> the line."""
    mpiexec, np, example, data_file = argv[1:5]
    if not os.path.exists(data_file):
        print(f"SKIPPED: {data_file} not found (set EDDY_TEST_DATA)")
        return 77
    out = subprocess.run([mpiexec, "-n", np, example, option, data_file], capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        print(out.stdout, out.stderr)
        return 1
    want = expected_line(data_file)
    if want not in out.stdout:
        print(f"expected '{want}', got: {out.stdout}")
        return 1
    print(f"ok: {want}")
    return 0
