"""What both example checks do: run the example on a data file at N ranks and look for the line
an independent computation predicts in its output.

usage (from a check): sys.exit(example_check.main(sys.argv, "--graph", expected_line))
"""
import os
import subprocess


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
