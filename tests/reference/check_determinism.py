#!/usr/bin/env python3
"""Runs one `eddy run` at several rank counts, thread counts and partitionings and requires the
same output from each (docs/DETERMINISM.md).

usage: check_determinism.py MPIEXEC EDDY ALGORITHM GRAPH directed|undirected [EDDY OPTION...]

The first configuration of RUNS (1 rank, 1 thread) is the baseline; every other one must write
the same result file and the same result line on standard error (the global triangle count, the
clustering averages). Field by field, with the fields split at whitespace:
  - text and integer literals must be identical, so integer results are compared bit for bit;
  - any other number (a decimal point, an exponent, 'infinity', 'nan') may differ by
    RANKS_RTOL = 1e-12 relative to the larger magnitude. There is no absolute floor: a value written
    as 0 in one configuration must be 0 in all of them.
Every result file eddy writes is sorted (vertex lines by id, pairs by (u, v), triangles by corners,
summaries by group; docs/ALGORITHMS.md), so the rows are compared in order, without re-sorting.
Values are written with 15 significant digits, so a relative difference below about 1e-15 does
not show, and one that straddles a rounding boundary shows as up to 1e-14.

Rank counts above the cores available need Open MPI's oversubscription (scripts/mpirun_env.sh,
the tests' ENVIRONMENT). Exits 77 when the graph is absent, 1 on any difference.
"""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from check_library import RANKS_RTOL, Mismatch, run_eddy_text  # noqa: E402
from check_with_igraph import SKIP  # noqa: E402

# (ranks, threads per rank, partitioning). Every run names its threads and partitioning, so none
# depends on the machine's core count. Thread counts vary at 1 and 2 ranks, hash partitioning at 2
# and 4; 8 ranks exceed CI's 2 cores on purpose.
RUNS = [(1, 1, "chunk"), (1, 2, "chunk"), (2, 1, "chunk"), (2, 2, "chunk"), (2, 1, "hash"),
        (3, 1, "chunk"), (4, 1, "hash"), (4, 1, "chunk"), (8, 1, "chunk")]
SHOWN = 5  # differing rows printed on failure


def describe(run):
    ranks, threads, partition = run
    return f"np {ranks}, --threads {threads}, --partition {partition}"


def graph_present(graph):
    # An LDBC dataset (--format ldbc) is named by its prefix: PREFIX.e holds the edges.
    return os.path.exists(graph) or os.path.exists(graph + ".e")


def is_integer(token):
    return token.lstrip("-").isdigit()


def relative_difference(x, y):
    """0 for identical fields; the relative difference of two non-integer numbers; None when the
    fields must be identical and are not (text, integers, or a number against text)."""
    if x == y:
        return 0.0
    if is_integer(x) and is_integer(y):
        return None
    try:
        a, b = float(x), float(y)
    except ValueError:
        return None
    if a == b:  # the same number spelled differently
        return 0.0
    scale = max(abs(a), abs(b))
    return abs(a - b) / scale if scale < float("inf") and a == a and b == b else None


class Comparison:
    """The rows of one configuration against the baseline's."""

    def __init__(self, first, other):
        self.largest = 0.0  # largest relative difference among the fields within tolerance
        self.rounded = 0    # rows differing within tolerance
        self.bad = []       # (row number, baseline row, other row)
        if len(first) != len(other):
            self.bad.append((min(len(first), len(other)) + 1, f"{len(first)} rows", f"{len(other)} rows"))
        for number, (a, b) in enumerate(zip(first, other), 1):
            if a == b:
                continue
            fields = [relative_difference(x, y) for x, y in zip(a, b)] if len(a) == len(b) else [None]
            if any(d is None or d > RANKS_RTOL for d in fields):
                self.bad.append((number, " ".join(a), " ".join(b)))
            else:
                self.rounded += 1
                self.largest = max([self.largest] + fields)


def rows_of(text):
    return [line.split() for line in text.splitlines()]


def result_lines(stderr, algorithm):
    """The lines eddy prints after '<algorithm> finished: ...': the run's global results, free of
    timings and rank counts."""
    lines = stderr.splitlines()
    finished = [i for i, line in enumerate(lines) if line.startswith(f"eddy: {algorithm} finished:")]
    return [line.split() for line in lines[finished[-1] + 1:] if line.startswith("eddy: ")] if finished else []


def run_once(mpiexec, eddy, algorithm, graph, directed, extra, run):
    ranks, threads, partition = run
    start = time.monotonic()
    text, stderr = run_eddy_text(mpiexec, ranks, eddy, algorithm, graph, directed,
                                 extra + ["--threads", str(threads), "--partition", partition])
    return text, result_lines(stderr, algorithm), time.monotonic() - start


def check(mpiexec, eddy, algorithm, graph, directed, extra):
    """Returns the largest relative difference seen; raises Mismatch naming every configuration
    that differs beyond tolerance."""
    base_text, base_summary, seconds = run_once(mpiexec, eddy, algorithm, graph, directed, extra, RUNS[0])
    base_rows = rows_of(base_text)
    print(f"baseline {describe(RUNS[0])}: {len(base_rows)} rows, {len(base_text)} bytes, "
          f"result lines {[' '.join(s) for s in base_summary]} ({seconds:.1f} s)")
    largest = 0.0
    failures = []
    for run in RUNS[1:]:
        text, summary, seconds = run_once(mpiexec, eddy, algorithm, graph, directed, extra, run)
        if text == base_text and summary == base_summary:
            print(f"{describe(run)}: byte-identical ({seconds:.1f} s)")
            continue
        rows = Comparison(base_rows, rows_of(text))
        lines = Comparison(base_summary, summary)
        largest = max(largest, rows.largest, lines.largest)
        if rows.bad or lines.bad:
            shown = [f"  row {n}: baseline {a!r}\n  row {n}: this run {b!r}" for n, a, b in rows.bad[:SHOWN]]
            shown += [f"  stderr: baseline {a!r}\n  stderr: this run {b!r}" for _, a, b in lines.bad[:SHOWN]]
            print(f"{describe(run)}: DIFFERS in {len(rows.bad)} rows and {len(lines.bad)} result lines "
                  f"({seconds:.1f} s); first:\n" + "\n".join(shown))
            failures.append(describe(run))
        else:
            print(f"{describe(run)}: {rows.rounded + lines.rounded} rows differ in rounding only, largest "
                  f"relative difference {max(rows.largest, lines.largest):.3e} <= {RANKS_RTOL:g} ({seconds:.1f} s)")
    if failures:
        raise Mismatch(f"differs from {describe(RUNS[0])} beyond {RANKS_RTOL:g} at: " + "; ".join(failures))
    return largest


def main():
    if len(sys.argv) < 6 or sys.argv[5] not in ("directed", "undirected"):
        sys.exit(__doc__)
    mpiexec, eddy, algorithm, graph, mode = sys.argv[1:6]
    extra = sys.argv[6:]
    if not graph_present(graph):
        print(f"SKIPPED: {graph} not found (set EDDY_TEST_DATA)")
        return SKIP
    label = " ".join([algorithm] + extra + ["on", os.path.basename(graph), mode])
    try:
        largest = check(mpiexec, eddy, algorithm, graph, mode == "directed", extra)
    except Mismatch as e:
        print(f"MISMATCH: {label}: {e}")
        return 1
    verdict = "byte-identical" if largest == 0 else f"largest relative difference {largest:.3e}"
    print(f"ok: {label}: {len(RUNS)} configurations, {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
