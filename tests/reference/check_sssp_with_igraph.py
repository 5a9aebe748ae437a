#!/usr/bin/env python3
"""Runs `eddy run sssp` on a generated weighted graph and compares the distances with
python-igraph's Dijkstra.

usage: check_sssp_with_igraph.py MPIEXEC NP EDDY SHAPE

SHAPE: grid (a 150 x 150 lattice with integer weights 1..1000: long paths, so a search crosses
thousands of delta-stepping buckets), skewed (a preferential-attachment graph with uniform weights
in [0, 1): hubs that many buckets reach). Distances must agree to a relative 1e-9; unreachable
vertices are written as inf. Exits 77 when igraph is absent.
"""
import math
import os
import random
import subprocess
import sys
import tempfile

SKIP = 77


def grid_edges(rng, side=150):
    edges = []
    for r in range(side):
        for c in range(side):
            v = r * side + c
            if c + 1 < side:
                edges.append((v, v + 1, float(rng.randint(1, 1000))))
            if r + 1 < side:
                edges.append((v, v + side, float(rng.randint(1, 1000))))
    return edges


def skewed_edges(rng, vertices=20000, per_vertex=8):
    edges = []
    ends = [0]
    for v in range(1, vertices):
        for _ in range(per_vertex):
            edges.append((v, rng.choice(ends), rng.random()))
        ends.extend([v] * per_vertex)
        ends.append(v)
    # a few vertices no edge reaches from the source's component
    edges.extend((vertices + i, vertices + i + 1, 1.0) for i in range(0, 10, 2))
    return edges


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    mpiexec, np, eddy, shape = sys.argv[1:5]
    try:
        import igraph
    except ImportError:
        print("SKIPPED: python3-igraph is not installed")
        return SKIP
    rng = random.Random(7)
    edges = grid_edges(rng) if shape == "grid" else skewed_edges(rng)
    source = 0
    with tempfile.TemporaryDirectory() as tmp:
        graph = os.path.join(tmp, "graph.el")
        with open(graph, "w") as f:
            f.writelines(f"{a} {b} {w!r}\n" for a, b, w in edges)
        out = os.path.join(tmp, "dist.txt")
        cmd = [mpiexec, "-n", np, eddy, "run", "sssp", "--graph", graph, "--undirected", "--weighted",
               "--source", str(source), "--output", out]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            sys.exit(f"eddy failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr}")
        with open(out) as f:
            got = {int(a): float(b) for a, b in (line.split() for line in f)}

    ids = sorted({v for a, b, _ in edges for v in (a, b)})
    index = {v: i for i, v in enumerate(ids)}
    g = igraph.Graph(n=len(ids), edges=[(index[a], index[b]) for a, b, _ in edges], directed=False)
    expected = g.distances(source=[index[source]], weights=[w for _, _, w in edges])[0]
    if sorted(got) != ids:
        sys.exit(f"eddy wrote {len(got)} vertices, the graph has {len(ids)}")
    wrong = 0
    for v in ids:
        want, have = expected[index[v]], got[v]
        same = (math.isinf(want) and math.isinf(have)) or (
            not math.isinf(want) and abs(have - want) <= 1e-9 * max(1.0, abs(want)))
        if not same:
            wrong += 1
            if wrong <= 5:
                print(f"vertex {v}: eddy {have}, igraph {want}")
    print(f"sssp on {shape} ({len(ids)} vertices, {len(edges)} edges) at {np} rank(s): {wrong} wrong")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
