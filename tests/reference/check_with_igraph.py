#!/usr/bin/env python3
"""Runs `eddy run` on a real graph and compares its result with python-igraph's.

usage: check_with_igraph.py MPIEXEC NP EDDY ALGORITHM GRAPH_FILE [directed|undirected]

ALGORITHM: pagerank (eddy to tolerance 1e-13 vs igraph's PRPACK solution; dangling rank spread
uniformly in both), wcc (weak components as a partition), bfs (hop distances from the smallest id),
lcc (undirected local transitivity, 0 for degree < 2), tc (triangles per vertex of the simple
undirected graph, directions ignored). Exits 77 when igraph or the data is absent.
"""
import gzip
import math
import os
import subprocess
import sys
import tempfile

SKIP = 77
UNREACHABLE = 9223372036854775807


def read_edges(path):
    opener = gzip.open if path.endswith(".gz") else open
    edges = []
    with opener(path, "rt") as f:
        for line in f:
            fields = line.split()
            if not fields or fields[0][0] in "#%":
                continue
            edges.append((int(fields[0]), int(fields[1])))
    return edges


def run_eddy(mpiexec, np, eddy, algorithm, graph, directed, extra):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "result.txt")
        cmd = [mpiexec, "-n", np, eddy, "run", algorithm, "--graph", graph, "--output", out,
               "--directed" if directed else "--undirected"] + extra
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            sys.exit(f"eddy failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr}")
        with open(out) as f:
            return {int(a): b for a, b in (line.split() for line in f)}


def main():
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    mpiexec, np, eddy, algorithm, graph, mode = sys.argv[1:7]
    try:
        import igraph
    except ImportError:
        print("SKIPPED: python3-igraph is not installed")
        return SKIP
    if not os.path.exists(graph):
        print(f"SKIPPED: {graph} not found (set EDDY_TEST_DATA)")
        return SKIP
    directed = mode == "directed"
    edges = read_edges(graph)
    ids = sorted({v for e in edges for v in e})
    index = {v: i for i, v in enumerate(ids)}
    g = igraph.Graph(n=len(ids), edges=[(index[a], index[b]) for a, b in edges], directed=directed)

    extra, bad = [], []
    if algorithm == "pagerank":
        extra = ["--tolerance", "1e-13", "--iterations", "100000"]
    elif algorithm == "bfs":
        extra = ["--source", str(ids[0])]
    got = run_eddy(mpiexec, np, eddy, algorithm, graph, directed, extra)
    if sorted(got) != ids:
        sys.exit(f"vertex sets differ: eddy {len(got)}, igraph {len(ids)}")

    if algorithm == "pagerank":
        want = g.pagerank(damping=0.85, directed=directed, implementation="prpack")
        l1 = sum(abs(float(got[v]) - want[i]) for i, v in enumerate(ids))
        print(f"L1 distance to igraph: {l1:.3e}")
        if l1 > 1e-8:
            bad.append(f"L1 {l1} > 1e-8")
    elif algorithm == "wcc":
        membership = g.connected_components(mode="weak").membership
        pairs = {(got[v], membership[i]) for i, v in enumerate(ids)}
        labels = {got[v] for v in ids}
        if len(pairs) != len(labels) or len(labels) != len(set(membership)):
            bad.append(f"partitions differ: {len(labels)} eddy components, {len(set(membership))} igraph")
    elif algorithm == "bfs":
        dist = g.distances(source=[0], mode="out")[0]
        for i, v in enumerate(ids):
            want = UNREACHABLE if math.isinf(dist[i]) else int(dist[i])
            if int(got[v]) != want:
                bad.append(f"vertex {v}: eddy {got[v]}, igraph {want}")
    elif algorithm == "lcc":
        simple = g.copy()
        simple.simplify()
        want = simple.transitivity_local_undirected(mode="zero")
        for i, v in enumerate(ids):
            if abs(float(got[v]) - want[i]) > 1e-12 + 1e-9 * abs(want[i]):
                bad.append(f"vertex {v}: eddy {got[v]}, igraph {want[i]}")
    elif algorithm == "tc":
        simple = g.as_undirected(mode="collapse") if directed else g.copy()
        simple.simplify()
        want = [0] * len(ids)
        for triangle in simple.list_triangles():
            for corner in triangle:
                want[corner] += 1
        print(f"{sum(want) // 3} triangles")
        for i, v in enumerate(ids):
            if int(got[v]) != want[i]:
                bad.append(f"vertex {v}: eddy {got[v]}, igraph {want[i]}")
    else:
        sys.exit(f"unknown algorithm {algorithm}")

    if bad:
        print(f"{len(bad)} mismatches; first: " + "; ".join(bad[:5]))
        return 1
    print(f"ok: {algorithm} on {os.path.basename(graph)} ({len(ids)} vertices) matches igraph")
    return 0


if __name__ == "__main__":
    sys.exit(main())
