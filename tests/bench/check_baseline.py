#!/usr/bin/python3
"""Run a Boost.Graph baseline and eddy on the same graph and check that they agree.

usage: check_baseline.py MPIEXEC NP EDDY BASELINE ALGORITHM GRAPH MODE

NP         ranks for the baseline: 0 runs it without mpirun (sequential BGL), N >= 1 under mpirun.
ALGORITHM  pagerank | bfs | cc | sssp (eddy's wcc for cc).
GRAPH      gen:kronecker:... or an LDBC prefix DIR/NAME, of which NAME.e is read as an edge list
           by both programs (isolated vertices of NAME.v are not part of an edge list); the
           bfs/sssp source then comes from NAME.properties.
MODE       directed | undirected (for LDBC: `ldbc`, taken from NAME.properties).

Rules: bfs and sssp exact (unreachable: 9223372036854775807 / infinity in both); cc as a
partition; pagerank within 1e-6 relative. Boost's PageRank drops the rank of sinks where eddy
(LDBC) spreads it over all vertices, so on a graph with sinks the baseline is checked against
Boost's own recurrence, R(v) = (1-d) + d*sum R(u)/outdeg(u) from R = 1, divided by N, computed
here from the edge file (see bench/baselines/bgl_baseline.cpp). On a generated directed graph that
check is impossible (no edge file), so the case refuses to run rather than pass.
The baseline's JSON line is checked too. Exit 0 on agreement, 1 on disagreement, 77 when the
data is absent.
"""
import json
import os
import subprocess
import sys
import tempfile

SKIP = 77
UNREACHED_BFS = "9223372036854775807"
RELATIVE = 1e-6
ZERO_FLOOR = 1e-15
SHOW = 10
TIMEOUT = 240


def fail(message):
    print("FAILED: " + message)
    sys.exit(1)


def read_properties(prefix):
    props = {}
    with open(prefix + ".properties") as f:
        for line in f:
            key, sep, value = line.partition("=")
            if sep and not line.lstrip().startswith("#"):
                props[key.strip().split(".", 2)[-1]] = value.strip()
    return props


def read_edges(path):
    edges = []
    with open(path) as f:
        for line in f:
            fields = line.split()
            if fields and fields[0][0] not in "#%":
                edges.append((int(fields[0]), int(fields[1])))
    return edges


def read_values(path):
    values = {}
    with open(path) as f:
        for line in f:
            vertex, value = line.split()
            values[int(vertex)] = value
    return values


def run(command):
    print("running:", " ".join(command), flush=True)
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        fail(f"no result within {TIMEOUT} s")
    if done.returncode != 0:
        print(done.stdout + done.stderr)
        fail(f"exit code {done.returncode}")
    return done.stdout


def boost_pagerank(edges, undirected, damping=0.85, iterations=20):
    """Boost's page_rank recurrence (push form), started from 1 and divided by N."""
    arcs = []
    for s, d in edges:
        arcs.append((s, d))
        if undirected and s != d:
            arcs.append((d, s))
    vertices = sorted({v for a in arcs for v in a})
    outdeg = dict.fromkeys(vertices, 0)
    for s, _ in arcs:
        outdeg[s] += 1
    rank = dict.fromkeys(vertices, 1.0)
    for _ in range(iterations):
        new = dict.fromkeys(vertices, 1.0 - damping)
        for s, d in arcs:
            new[d] += damping * rank[s] / outdeg[s]
        rank = new
    return {v: r / len(vertices) for v, r in rank.items()}, sum(1 for v in vertices if outdeg[v] == 0)


def mismatches(expected, actual, equal):
    return [(v, expected[v], actual[v]) for v in sorted(expected) if not equal(expected[v], actual[v])]


def relative_equal(e, a):
    e, a = float(e), float(a)
    return abs(e - a) <= (RELATIVE * abs(e) if e != 0 else ZERO_FLOOR)


def exact_equal(e, a):
    return e == a or float(e) == float(a)  # "0" and "0.0" are the same distance


def partition_mismatches(expected, actual):
    e_to_a, a_to_e, bad = {}, {}, []
    for v in sorted(expected):
        e, a = expected[v], actual[v]
        if e_to_a.setdefault(e, a) != a or a_to_e.setdefault(a, e) != e:
            bad.append((v, e, a))
    return bad


def main(argv):
    if len(argv) != 8:
        print(__doc__, file=sys.stderr)
        return 2
    mpiexec, np, eddy, baseline, algorithm, graph, mode = argv[1:]
    np = int(np)
    edge_file, source, edges, damping = None, None, None, 0.85
    if graph.startswith("gen:"):
        spec = graph
        undirected = mode == "undirected"
        if algorithm == "pagerank" and not undirected:
            print("a generated directed graph has sinks and no edge file to compute Boost's own PageRank from")
            return 2
    else:
        edge_file = graph + ".e"
        for path in (edge_file, graph + ".properties"):
            if not os.path.isfile(path):
                print(f"SKIPPED: {path} not found (set EDDY_TEST_DATA)")
                return SKIP
        props = read_properties(graph)
        undirected = props.get("directed", "true") != "true"
        spec = edge_file
        edges = read_edges(edge_file)
        if algorithm in ("bfs", "sssp"):
            source = int(props[f"{algorithm}.source-vertex"])

    with tempfile.TemporaryDirectory(prefix="eddy-baseline-") as tmp:
        direction = ["--undirected"] if undirected else []
        eddy_cmd = [mpiexec, "-n", "1", eddy, "run"]
        if source is None and algorithm in ("bfs", "sssp"):
            # The smallest id of the largest component, as the benchmark chooses it.
            labels_path = os.path.join(tmp, "wcc.txt")
            run(eddy_cmd + ["wcc", "--graph", spec, "--format", "edgelist"] + direction + ["--output", labels_path])
            members = {}
            for v, label in read_values(labels_path).items():
                members.setdefault(label, []).append(v)
            largest = max(members.values(), key=lambda m: (len(m), -min(m)))
            source = min(largest)
        source_args = ["--source", str(source)] if algorithm in ("bfs", "sssp") else []

        eddy_out = os.path.join(tmp, "eddy.txt")
        eddy_algorithm = "wcc" if algorithm == "cc" else algorithm
        run(eddy_cmd + [eddy_algorithm, "--graph", spec, "--format", "edgelist"] + direction + source_args
            + ["--output", eddy_out])
        base_out = os.path.join(tmp, "baseline.txt")
        launcher = [mpiexec, "-n", str(np)] if np > 0 else []
        stdout = run(launcher + [baseline, "--graph", spec, "--algorithm", algorithm] + direction + source_args
                     + ["--output", base_out])
        expected, actual = read_values(eddy_out), read_values(base_out)

    lines = [line for line in stdout.splitlines() if line.strip()]
    if len(lines) != 1:
        fail(f"expected one JSON line on standard output, got {len(lines)}")
    report = json.loads(lines[0])
    for key in ("baseline", "algorithm", "ranks", "vertices", "arcs", "algorithm_seconds", "peak_rss_bytes"):
        if key not in report:
            fail(f"JSON line lacks {key}: {lines[0]}")
    if report["algorithm"] != algorithm or report["ranks"] != max(np, 1) or report["vertices"] != len(actual):
        fail(f"JSON line does not describe this run: {lines[0]}")
    if not expected or expected.keys() != actual.keys():
        fail(f"vertex sets differ: eddy {len(expected)}, baseline {len(actual)}, "
             f"only in eddy {sorted(expected.keys() - actual.keys())[:SHOW]}, "
             f"only in baseline {sorted(actual.keys() - expected.keys())[:SHOW]}")

    what = "eddy"
    if algorithm == "pagerank":
        reference, sinks = boost_pagerank(edges, undirected, damping) if edges is not None else (None, 0)
        if sinks:
            print(f"NOTE: {sinks} sinks: Boost drops their rank (eddy spreads it), so the baseline is checked "
                  "against Boost's own recurrence computed here, not against eddy")
            expected = {v: repr(r) for v, r in reference.items()}
            what = "Boost's PageRank recurrence"
        bad = mismatches(expected, actual, relative_equal)
        total = sum(float(x) for x in actual.values())
        if not sinks and abs(total - 1) > 1e-9:
            fail(f"PageRank values sum to {total}, not 1, on a graph without sinks")
    elif algorithm == "cc":
        bad = partition_mismatches(expected, actual)
    else:
        bad = mismatches(expected, actual, exact_equal)
        unreached = UNREACHED_BFS if algorithm == "bfs" else "infinity"
        reached = sum(1 for x in actual.values() if x != unreached)
        if reached < 2:
            fail(f"the source reaches {reached} vertices: nothing was checked")
        print(f"{reached} of {len(actual)} vertices reached")
    if bad:
        print(f"MISMATCH with {what}: {len(bad)} of {len(expected)} values differ")
        for v, e, a in bad[:SHOW]:
            print(f"  vertex {v}: expected {e}, baseline {a}")
        return 1
    print(f"OK: {report['baseline']} {algorithm} at {report['ranks']} rank(s) matches {what} on "
          f"{len(expected)} vertices ({report['algorithm_seconds']:.6f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
