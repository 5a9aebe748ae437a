#!/usr/bin/python3
"""Run eddy on one kind of bad input and check that it fails cleanly.

usage: bad_input.py MPIEXEC EDDY CASE        (bad_input.py --list prints the cases)

For an input error (and a usage error that names a file) eddy must, under `mpiexec -n 2`: exit with 3 within 60 s, print exactly one
`eddy: error: ...` line (not one per rank) naming the file (and `FILE:LINE:` where a line is
at fault), and leave no output file. A usage error must exit with 2 and leave no output file.
The valid_* cases are the other side: layouts a reader must accept (CRLF line ends, tabs and runs
of spaces, blank lines, comments anywhere) must load and give the expected result.
"""
import gzip
import os
import re
import subprocess
import sys
import tempfile
from typing import NamedTuple

GOOD = "1 2\n2 3\n"  # a valid edge list
EDGES = ["--format", "edgelist"]
LDBC = ["--format", "ldbc"]
WEIGHTED_SSSP = ["sssp", "--weighted", "--source", "1", *EDGES]
PROPERTIES = "graph.g.vertex-file = g.v\ngraph.g.edge-file = g.e\ngraph.g.directed = false\n"


def truncated_gzip():
    # Enough distinct lines that the stream spans several deflate blocks, then cut it in half.
    data = gzip.compress("".join(f"{i} {i * 7919 % 100003}\n" for i in range(50000)).encode())
    return data[: len(data) // 2]


class Case(NamedTuple):
    files: dict         # written into a temp dir: name -> text (or bytes)
    graph: str          # --graph, relative to the temp dir
    args: list          # ALGORITHM and options
    names: str = ""     # the message must contain this file name...
    line: int = 0       # ...followed by `:LINE:` (0: no line to name)
    also: str = ""      # something else the message must contain
    code: int = 3       # the exit code: 3 bad input, 2 usage error, 0 a valid input
    want: str = ""      # a valid input's expected result file


CASES = {
    "malformed_line": Case({"g.el": "1 2\n2 3\n7\n"}, "g.el", ["wcc", *EDGES], "g.el", 3),
    "non_numeric_id": Case({"g.el": "1 2\n2 x3\n"}, "g.el", ["wcc", *EDGES], "g.el", 2),
    "negative_id": Case({"g.el": "1 2\n3 -4\n"}, "g.el", ["wcc", *EDGES], "g.el", 2),
    "id_beyond_64_bits": Case({"g.el": "1 2\n18446744073709551616 1\n"}, "g.el",
                              ["wcc", *EDGES], "g.el", 2),
    "nan_weight": Case({"g.el": "1 2 0.5\n2 3 nan\n"}, "g.el", WEIGHTED_SSSP, "g.el", 2),
    "negative_weight": Case({"g.el": "1 2 0.5\n2 3 -1.5\n"}, "g.el", WEIGHTED_SSSP, "g.el", 2),
    "missing_weight": Case({"g.el": "1 2 0.5\n2 3\n"}, "g.el", WEIGHTED_SSSP, "g.el", 2),
    "infinite_weight": Case({"g.el": "1 2 0.5\n2 3 inf\n"}, "g.el", WEIGHTED_SSSP, "g.el", 2),
    "extra_column": Case({"g.el": "1 2\n2 3 1 4\n"}, "g.el", ["wcc", *EDGES], "g.el", 2),
    "binary_garbage": Case({"g.el": b"\x7fELF\x02\x01\x00\xff\xfe\x00garbage\n\x89PNG\r\n"}, "g.el",
                           ["wcc", *EDGES], "g.el", 1),
    "missing_file": Case({}, "absent.el", ["wcc", *EDGES], "absent.el"),
    # The source vertex comes from the command line, so only the vertex must be named.
    "unknown_source": Case({"g.el": GOOD}, "g.el", ["bfs", "--source", "99", *EDGES], also="99"),
    "ldbc_unknown_vertex": Case({"g.v": "1\n2\n3\n", "g.e": "1 2\n2 99\n",
                                 "g.properties": PROPERTIES}, "g", ["wcc", *LDBC], "g.e", 2),
    # Without .properties and without --directed/--undirected the directedness is unknown.
    "ldbc_missing_properties": Case({"g.v": "1\n2\n3\n", "g.e": "1 2\n"}, "g",
                                    ["wcc", *LDBC], "g.properties"),
    "truncated_gz": Case({"g.el.gz": truncated_gzip()}, "g.el.gz", ["wcc", *EDGES], "g.el.gz"),
    "empty_file": Case({"g.el": ""}, "g.el", ["wcc", *EDGES], "g.el", also="no vertices"),
    "only_comments": Case({"g.el": "# nothing\n% here\n\n"}, "g.el", ["wcc", *EDGES], "g.el",
                          also="no vertices"),
    # Found before any work is done; exits as a usage error.
    "unwritable_metrics": Case({"g.el": GOOD}, "g.el", ["wcc", *EDGES, "--metrics", "/nonexistent/m.json"],
                               "/nonexistent/m.json", code=2),
    "usage_unknown_algorithm": Case({"g.el": GOOD}, "g.el", ["no-such-algorithm"], code=2),
    "usage_unknown_option": Case({"g.el": GOOD}, "g.el", ["wcc", "--no-such-option"], code=2),
    "valid_layouts": Case({"g.el": "# header\r\n1\t2\r\n\n2   3 \n% a comment\n \t4 5\n# the end"}, "g.el",
                          ["wcc", *EDGES], code=0, want="1 1\n2 1\n3 1\n4 4\n5 4\n"),
    "valid_weighted_layouts": Case({"g.el": "1\t2\t0.5\r\n# c\n2  3   1.5\n\n"}, "g.el", WEIGHTED_SSSP, code=0,
                                   want="1 0\n2 0.5\n3 2\n"),
}


def check(mpiexec, eddy, case):
    c = CASES[case]
    with tempfile.TemporaryDirectory(prefix="eddy-bad-input-") as d:
        for name, data in c.files.items():
            with open(os.path.join(d, name), "wb" if isinstance(data, bytes) else "w") as f:
                f.write(data)
        output = os.path.join(d, "out")
        # `timeout -k`: a run that hangs is ended (TERM, KILL 10 s later) and reported as such.
        command = ["timeout", "-k", "10", "60", mpiexec, "-n", "2", eddy, "run", c.args[0],
                   "--graph", os.path.join(d, c.graph), *c.args[1:], "--output", output]
        print("running:", " ".join(command), flush=True)
        run = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        print(f"exit code {run.returncode}\n--- stdout\n{run.stdout}--- stderr\n{run.stderr}---",
              flush=True)

        failures = []
        if run.returncode in (124, 137):
            failures.append("did not finish within 60 s")
        elif run.returncode != c.code:
            failures.append(f"exit code {run.returncode}, expected {c.code}")
        if c.code == 0:
            got = open(output, encoding="ascii").read() if os.path.exists(output) else None
            if got != c.want:
                failures.append(f"the result is {got!r}, expected {c.want!r}")
        elif os.path.exists(output):
            failures.append("the output file was created")
        if c.code == 3 or c.names:
            errors = [l for l in run.stderr.splitlines() if l.startswith("eddy: error:")]
            if len(errors) != 1:
                failures.append(f"{len(errors)} lines start with `eddy: error:`, expected 1")
            message = errors[0] if errors else ""
            if c.names and c.names not in message:
                failures.append(f"the message does not name {c.names}")
            if c.line and f"{c.names}:{c.line}:" not in message:
                failures.append(f"the message does not say {c.names}:{c.line}:")
            if c.also and not re.search(rf"\b{re.escape(c.also)}\b", message):
                failures.append(f"the message does not name {c.also}")
    for failure in failures:
        print("FAILED:", failure)
    return 1 if failures else 0


def main(argv):
    if argv[1:] == ["--list"]:
        print("\n".join(CASES))
        return 0
    if len(argv) != 4 or argv[3] not in CASES:
        print(__doc__, file=sys.stderr)
        return 2
    return check(*argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
