"""The command line the end-to-end test drivers share: `DRIVER --list` prints the cases (CTest makes
one test of each); `DRIVER MPIEXEC EDDY CASE` runs one in a fresh temporary directory, removed
afterwards unless the environment variable `keep` names a directory to leave it in, and reports a
failure as `FAILED (CASE): why` with exit code 1 (77 is CTest's skip)."""
import os
import shutil
import subprocess
import sys
import tempfile


def main(argv, doc, cases, start, failure, prefix, keep=None):
    """cases: names (a dict's keys will do); start(mpiexec, eddy, tmp, case) runs one and returns
    its exit code; failure: the exception type a check raises."""
    if argv[1:] == ["--list"]:
        print("\n".join(cases))
        return 0
    if len(argv) != 4 or argv[3] not in cases:
        print(doc, file=sys.stderr)
        return 2
    mpiexec, eddy, case = argv[1:]
    kept = os.environ.get(keep) if keep else None
    if kept:
        tmp = os.path.join(kept, case)
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
    else:
        tmp = tempfile.mkdtemp(prefix=prefix)
    try:
        return start(mpiexec, eddy, tmp, case)
    except (failure, subprocess.TimeoutExpired) as e:
        print(f"FAILED ({case}): {e}")
        return 1
    finally:
        if not kept:
            shutil.rmtree(tmp, ignore_errors=True)
