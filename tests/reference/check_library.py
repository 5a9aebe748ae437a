#!/usr/bin/env python3
"""Runs `eddy run` on a real graph and compares its result with an independent implementation.

usage: check_library.py MPIEXEC NP EDDY ALGORITHM GRAPH_FILE directed|undirected [EDDY OPTION...]

Oracles: ppr, hits, scc, triangles (--variant list: common neighbours of each edge), clustering, kcore, jaccard, adamic-adar, triadic-census and
betweenness (every vertex a source) against networkx; summarize (--group-by scc) against groups
and arc counts made here from networkx's strongly connected components; degrees counted from the file's lines; label-propagation and community against
the Gelly reimplementation in tests/unit/algorithms/golden/gelly_golden.py. Trailing options go to
eddy unchanged (--variant, --top, --min-score, --source) and the oracle follows them.

The same output at other rank counts, thread counts and partitionings is check_determinism.py's.

Exits 77 when networkx or the data is absent, 1 on any mismatch.
"""
import math
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "unit", "algorithms", "golden"))

from check_with_igraph import SKIP, read_edges  # noqa: E402

FLOAT_RTOL = 1e-9
RANKS_RTOL = 1e-12
# Iterative results: both sides converge far below this, so a larger distance is a real difference.
ITERATIVE_L1 = 1e-9
TRIADS = ["003", "012", "102", "021D", "021U", "021C", "111D", "111U",
          "030T", "030C", "201", "120D", "120U", "120C", "210", "300"]
VERTEX_ALGORITHMS = {"ppr", "hits", "scc", "label-propagation", "community", "triangles", "clustering",
                     "kcore", "degrees", "betweenness"}
PAIR_ALGORITHMS = {"jaccard", "adamic-adar"}


class Mismatch(Exception):
    pass


def run_eddy_text(mpiexec, np, eddy, algorithm, graph, directed, extra):
    """Returns (the result file's text, standard error)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "result.txt")
        cmd = [mpiexec, "-n", str(np), eddy, "run", algorithm, "--graph", graph, "--output", out,
               "--directed" if directed else "--undirected"] + extra
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise Mismatch(f"eddy failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr}")
        with open(out) as f:
            return f.read(), done.stderr


def run_eddy(mpiexec, np, eddy, algorithm, graph, directed, extra):
    """Returns (lines of the result file, standard error)."""
    text, stderr = run_eddy_text(mpiexec, np, eddy, algorithm, graph, directed, extra)
    return [line.split() for line in text.splitlines() if line.strip()], stderr


def option(extra, name, default=None):
    return extra[extra.index(name) + 1] if name in extra else default


def close(a, b, rtol):
    return abs(a - b) <= rtol * max(abs(a), abs(b)) + 1e-300


# ---- output formats -----------------------------------------------------------------------------

def parse_vertices(rows, ids, columns):
    got_ids = [int(r[0]) for r in rows]
    if any(len(r) != columns + 1 for r in rows):
        raise Mismatch(f"expected lines 'id' + {columns} value(s)")
    if got_ids != sorted(set(got_ids)):
        raise Mismatch("vertex lines not strictly ascending by id (a vertex repeated or out of order)")
    if got_ids != ids:
        missing = sorted(set(ids) - set(got_ids))[:5]
        extra = sorted(set(got_ids) - set(ids))[:5]
        raise Mismatch(f"vertex sets differ: eddy {len(got_ids)}, file {len(ids)}; "
                       f"missing {missing}, unexpected {extra}")
    return {int(r[0]): r[1:] for r in rows}


def parse_pairs(rows):
    if any(len(r) != 3 for r in rows):
        raise Mismatch("expected 'u v score' lines")
    keys = [(int(r[0]), int(r[1])) for r in rows]
    if keys != sorted(set(keys)):
        raise Mismatch("pair lines not strictly ascending by (u, v)")
    if any(u == v for u, v in keys):
        raise Mismatch("a pair (v, v) was reported")
    return {k: float(r[2]) for k, r in zip(keys, rows)}


def parse_triangles(rows):
    if any(len(r) != 3 for r in rows):
        raise Mismatch("expected 'a b c' lines")
    triangles = [tuple(int(x) for x in r) for r in rows]
    if triangles != sorted(set(triangles)):
        raise Mismatch("triangle lines not strictly ascending (a triangle repeated or out of order)")
    if any(not a < b < c for a, b, c in triangles):
        raise Mismatch("a triangle's corners are not in ascending order")
    return triangles


def parse_census(rows):
    if [r[0] for r in rows] != TRIADS or any(len(r) != 2 for r in rows):
        raise Mismatch(f"expected the 16 lines 'TYPE count' in the order {' '.join(TRIADS)}")
    return {r[0]: int(r[1]) for r in rows}


# ---- comparisons --------------------------------------------------------------------------------

def compare_exact(got, want, what):
    bad = [f"vertex {v}: eddy {got[v]}, {what} {want[v]}" for v in sorted(want) if got[v] != want[v]]
    if bad:
        raise Mismatch(f"{len(bad)} mismatches; first: " + "; ".join(bad[:5]))


def compare_floats(got, want, what, rtol=FLOAT_RTOL):
    bad = [f"vertex {v}: eddy {got[v]!r}, {what} {want[v]!r}" for v in sorted(want)
           if not close(got[v], want[v], rtol) and abs(got[v] - want[v]) > 1e-15]
    if bad:
        raise Mismatch(f"{len(bad)} mismatches; first: " + "; ".join(bad[:5]))


def compare_l1(got, want, what):
    l1 = sum(abs(got[v] - want[v]) for v in want)
    print(f"L1 distance to {what}: {l1:.3e}")
    if l1 > ITERATIVE_L1:
        worst = max(want, key=lambda v: abs(got[v] - want[v]))
        raise Mismatch(f"L1 {l1:.3e} > {ITERATIVE_L1:g}; worst vertex {worst}: eddy {got[worst]!r}, "
                       f"{what} {want[worst]!r}")


# ---- oracles ------------------------------------------------------------------------------------

def simple_undirected(nx, ids, edges):
    g = nx.Graph()
    g.add_nodes_from(ids)
    g.add_edges_from((a, b) for a, b in edges if a != b)
    return g


def stored_graph(nx, ids, edges, directed):
    g = nx.DiGraph() if directed else nx.Graph()
    g.add_nodes_from(ids)
    g.add_edges_from(edges)
    return g


def check_ppr(nx, ids, edges, directed, got, extra):
    source = int(option(extra, "--source"))
    g = stored_graph(nx, ids, edges, directed)
    want = nx.pagerank(g, alpha=0.85, personalization={source: 1}, dangling={source: 1},
                       tol=1e-15, max_iter=100000)
    compare_l1({v: float(got[v][0]) for v in ids}, want, "networkx")


def check_hits(nx, ids, edges, directed, got, extra):
    g = stored_graph(nx, ids, edges, directed)
    hubs, authorities = nx.hits(g, max_iter=100000, tol=1e-15)
    for column, want in enumerate((hubs, authorities)):
        norm = math.sqrt(sum(x * x for x in want.values()))
        mine = {v: float(got[v][column]) for v in ids}
        mine_norm = math.sqrt(sum(x * x for x in mine.values()))
        if abs(mine_norm - 1) > 1e-12:
            raise Mismatch(f"{('hub', 'authority')[column]} column has L2 norm {mine_norm!r}, not 1")
        compare_l1(mine, {v: abs(x) / norm for v, x in want.items()},
                   f"networkx {('hubs', 'authorities')[column]}")


def check_scc(nx, ids, edges, directed, got, extra):
    g = stored_graph(nx, ids, edges, directed)
    parts = nx.strongly_connected_components(g) if directed else nx.connected_components(g)
    want = {v: min(c) for c in parts for v in c}
    print(f"{len(set(want.values()))} components")
    compare_exact({v: int(got[v][0]) for v in ids}, want, "networkx")


def check_gelly(algorithm, ids, edges, directed, got, extra):
    import gelly_golden
    # Positions in ascending id order keep every comparison of labels (ties to the larger or the
    # smaller) the same as on the ids themselves.
    index = {v: i for i, v in enumerate(ids)}
    arcs = [(index[a], index[b]) for a, b in edges]
    iterations = int(option(extra, "--iterations", "20"))
    if algorithm == "label-propagation":
        if not directed:
            arcs += [(b, a) for a, b in arcs if a != b]
        labels = gelly_golden.label_propagation(len(ids), arcs, iterations)
    else:
        delta = float(option(extra, "--delta", "0.5"))
        labels = gelly_golden.community_detection(len(ids), [(a, b, 1.0) for a, b in arcs], iterations, delta)
    want = {v: ids[labels[i]] for i, v in enumerate(ids)}
    print(f"{len(set(want.values()))} labels")
    compare_exact({v: int(got[v][0]) for v in ids}, want, "gelly_golden")


def check_triangles(nx, ids, edges, directed, got, stderr):
    want = nx.triangles(simple_undirected(nx, ids, edges))
    compare_exact({v: int(got[v][0]) for v in ids}, want, "networkx")
    total = sum(want.values()) // 3
    print(f"{total} triangles")
    if f"eddy: triangles: {total}\n" not in stderr:
        raise Mismatch(f"standard error lacks 'eddy: triangles: {total}':\n{stderr}")


def check_triangle_list(nx, ids, edges, got, stderr):
    # Each triangle from its edge (a, b), a < b, and each common neighbour c > b (networkx's
    # clique enumeration holds every clique in memory, gigabytes on these graphs).
    g = simple_undirected(nx, ids, edges)
    neighbours = {v: set(g[v]) for v in g}
    want = sorted((a, b, c) for a in neighbours for b in neighbours[a] if b > a
                  for c in neighbours[a] & neighbours[b] if c > b)
    print(f"{len(want)} triangles")
    if got != want:
        missing = sorted(set(want) - set(got))[:5]
        extra = sorted(set(got) - set(want))[:5]
        raise Mismatch(f"eddy lists {len(got)} triangles, networkx {len(want)}; missing {missing}, "
                       f"unexpected {extra}")
    if f"eddy: triangles: {len(want)}\n" not in stderr:
        raise Mismatch(f"standard error lacks 'eddy: triangles: {len(want)}':\n{stderr}")


def check_clustering(nx, ids, edges, directed, got, extra, stderr):
    variant = option(extra, "--variant", "undirected")
    simple = simple_undirected(nx, ids, edges)
    if variant == "directed" and directed:
        g = nx.DiGraph()
        g.add_nodes_from(ids)
        g.add_edges_from((a, b) for a, b in edges if a != b)
    else:
        g = simple
    compare_floats({v: float(got[v][0]) for v in ids}, nx.clustering(g), "networkx")
    # The summary line: the average of the local coefficients and the transitivity of the simple
    # undirected graph, printed with 15 significant digits.
    line = next((l for l in stderr.splitlines() if l.startswith("eddy: clustering: ")), None)
    if line is None:
        raise Mismatch(f"standard error lacks 'eddy: clustering: average A global G':\n{stderr}")
    fields = line.split()
    if fields[2:5:2] != ["average", "global"]:
        raise Mismatch(f"malformed summary line {line!r}")
    for name, got_value, want in (("average", float(fields[3]), nx.average_clustering(g)),
                                  ("global", float(fields[5]), nx.transitivity(simple))):
        if not close(got_value, want, 1e-12):
            raise Mismatch(f"{name} clustering {got_value!r}, networkx {want!r}")


def check_kcore(nx, ids, edges, directed, got, extra):
    want = nx.core_number(simple_undirected(nx, ids, edges))
    print(f"largest core {max(want.values())}")
    compare_exact({v: int(got[v][0]) for v in ids}, want, "networkx")


def splitmix(z):
    z = (z + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return z ^ (z >> 31)


def check_betweenness(nx, ids, edges, directed, got, extra):
    # Shortest paths do not multiply over parallel edges or pass through self-loops.
    g = stored_graph(nx, ids, edges, directed)
    g.remove_edges_from(list(nx.selfloop_edges(g)))
    samples = int(option(extra, "--samples", len(ids)))
    if samples >= len(ids):
        want = nx.betweenness_centrality(g, normalized=False)
    else:
        # The sources eddy documents: the smallest keys mix(seed ^ mix(id)), ties to the smaller id.
        seed = int(option(extra, "--seed", 0))
        sources = sorted(ids, key=lambda v: (splitmix(seed ^ splitmix(v)), v))[:samples]
        subset = nx.betweenness_centrality_subset(g, sources, list(g), normalized=False)
        want = {v: b * len(ids) / samples for v, b in subset.items()}
    compare_floats({v: float(got[v][0]) for v in ids}, want, "networkx")


def check_summary(nx, ids, edges, directed, rows):
    """--group-by scc: groups are the strongly connected components, shown by their smallest id;
    every stored arc (both of an undirected edge, a self-loop once) counts in its group pair."""
    g = nx.DiGraph() if directed else nx.Graph()
    g.add_nodes_from(ids)
    g.add_edges_from(edges)
    parts = nx.strongly_connected_components(g) if directed else nx.connected_components(g)
    group = {v: min(c) for c in parts for v in c}
    sizes = Counter(group.values())
    arcs = Counter()
    for a, b in edges:
        arcs[(group[a], group[b])] += 1
        if not directed and a != b:
            arcs[(group[b], group[a])] += 1
    want_vertices = sorted((rep, rep, size) for rep, size in sizes.items())
    got_vertices = sorted((int(r[1]), int(r[2]), int(r[3])) for r in rows if r[0] == "v")
    if got_vertices != want_vertices:
        raise Mismatch(f"{len(got_vertices)} vertex groups, networkx {len(want_vertices)}; first differing "
                       f"{next((a, b) for a, b in zip(got_vertices + [None], want_vertices + [None]) if a != b)}")
    want_edges = sorted((s, t, 1.0, n) for (s, t), n in arcs.items())
    got_edges = [(int(r[1]), int(r[2]), float(r[3]), int(r[4])) for r in rows if r[0] == "e"]
    if got_edges != sorted(got_edges):
        raise Mismatch("edge groups not sorted by source, target, value")
    if got_edges != want_edges:
        raise Mismatch(f"{len(got_edges)} edge groups, expected {len(want_edges)}")


def check_degrees(ids, edges, directed, got, extra):
    variant = option(extra, "--variant", "total")
    # Straight from the lines: every arc counts, parallel ones too; a self-loop is one arc out of
    # and one into its vertex, but a single incident edge of an undirected graph.
    out, into, incident = Counter(), Counter(), Counter()
    for a, b in edges:
        out[a] += 1
        into[b] += 1
        incident[a] += 1
        if a != b:
            incident[b] += 1
    if not directed:
        want = incident
    else:
        want = {"in": into, "out": out, "total": out + into}[variant]
    compare_exact({v: int(got[v][0]) for v in ids}, {v: want[v] for v in ids}, "the file")


def check_similarity(nx, algorithm, ids, edges, got, extra):
    g = simple_undirected(nx, ids, edges)
    min_score = float(option(extra, "--min-score", "0"))
    top = int(option(extra, "--top", "0"))
    neighbours = {v: set(g[v]) for v in ids}
    # networkx scores only the pairs that can reach min_score (it is too slow for all of them):
    # for Jaccard those whose counted index does, for Adamic-Adar those with enough shared
    # neighbours, each adding at most 1/ln 2.
    candidates = []
    for u in ids:
        shared = Counter()
        for w in neighbours[u]:
            shared.update(neighbours[w])
        del shared[u]
        for v, c in shared.items():
            if algorithm == "jaccard":
                bound = c / (len(neighbours[u]) + len(neighbours[v]) - c)
            else:
                bound = c / math.log(2)
            if bound >= min_score * (1 - 1e-9):
                candidates.append((u, v))
    score = nx.jaccard_coefficient if algorithm == "jaccard" else nx.adamic_adar_index
    scored = defaultdict(list)
    for u, v, s in score(g, candidates):
        scored[u].append((v, s))
    # A pair whose score is within rounding of a cut (min_score, or the k-th best of its u) may
    # fall either side of it, depending on the order of summation.
    required, allowed = {}, {}
    for u, partners in scored.items():
        partners = [(v, s) for v, s in partners if s >= min_score * (1 - FLOAT_RTOL)]
        partners.sort(key=lambda p: (-p[1], p[0]))
        cut = partners[top - 1][1] if 0 < top <= len(partners) else None
        for v, s in partners:
            if cut is not None and s < cut * (1 - FLOAT_RTOL):
                continue
            allowed[(u, v)] = s
            if s >= min_score * (1 + FLOAT_RTOL) and (cut is None or s > cut * (1 + FLOAT_RTOL)):
                required[(u, v)] = s
    print(f"networkx: {len(required)} pairs certain, {len(allowed)} possible; eddy {len(got)}")
    bad = [f"({u}, {v}) missing (networkx {s!r})" for (u, v), s in required.items() if (u, v) not in got]
    bad += [f"({u}, {v}) unexpected (eddy {s!r})" for (u, v), s in got.items() if (u, v) not in allowed]
    bad += [f"({u}, {v}): eddy {s!r}, networkx {allowed[(u, v)]!r}" for (u, v), s in got.items()
            if (u, v) in allowed and not close(s, allowed[(u, v)], FLOAT_RTOL)]
    if top:
        per_u = Counter(u for u, _ in got)
        for u, partners in scored.items():
            n = sum(1 for _, s in partners if s >= min_score * (1 - FLOAT_RTOL))
            want_n = min(top, n)
            if not (per_u[u] == want_n or (per_u[u] < want_n and any(
                    close(s, min_score, FLOAT_RTOL) for _, s in partners))):
                bad.append(f"vertex {u}: eddy keeps {per_u[u]} partners, expected {want_n}")
    if bad:
        raise Mismatch(f"{len(bad)} mismatches; first: " + "; ".join(bad[:5]))


def check_census(nx, ids, edges, directed, got):
    g = nx.DiGraph()
    g.add_nodes_from(ids)
    g.add_edges_from((a, b) for a, b in edges if a != b)
    if not directed:
        g.add_edges_from((b, a) for a, b in edges if a != b)
    want = nx.triadic_census(g)
    for name in TRIADS:
        if got[name] != want[name]:
            raise Mismatch(f"triad {name}: eddy {got[name]}, networkx {want[name]}")


# ---- drivers ------------------------------------------------------------------------------------

def check_against_oracle(nx, mpiexec, np, eddy, algorithm, graph, directed, extra):
    edges = read_edges(graph)
    ids = sorted({v for e in edges for v in e})
    rows, stderr = run_eddy(mpiexec, np, eddy, algorithm, graph, directed, extra)
    if algorithm == "triadic-census":
        return check_census(nx, ids, edges, directed, parse_census(rows))
    if algorithm == "summarize":
        return check_summary(nx, ids, edges, directed, rows)
    if algorithm == "triangles" and option(extra, "--variant") == "list":
        return check_triangle_list(nx, ids, edges, parse_triangles(rows), stderr)
    if algorithm in PAIR_ALGORITHMS:
        return check_similarity(nx, algorithm, ids, edges, parse_pairs(rows), extra)
    got = parse_vertices(rows, ids, 2 if algorithm == "hits" else 1)
    if algorithm in ("label-propagation", "community"):
        return check_gelly(algorithm, ids, edges, directed, got, extra)
    if algorithm == "triangles":
        return check_triangles(nx, ids, edges, directed, got, stderr)
    if algorithm == "degrees":
        return check_degrees(ids, edges, directed, got, extra)
    if algorithm == "clustering":
        return check_clustering(nx, ids, edges, directed, got, extra, stderr)
    check = {"ppr": check_ppr, "hits": check_hits, "scc": check_scc,
             "kcore": check_kcore, "betweenness": check_betweenness}[algorithm]
    return check(nx, ids, edges, directed, got, extra)


def main():
    if len(sys.argv) < 7 or sys.argv[6] not in ("directed", "undirected"):
        sys.exit(__doc__)
    mpiexec, np, eddy, algorithm, graph, mode = sys.argv[1:7]
    extra = sys.argv[7:]
    try:
        import networkx as nx
    except ImportError:
        print("SKIPPED: networkx is not installed (run with /usr/bin/python3)")
        return SKIP
    if not os.path.exists(graph):
        print(f"SKIPPED: {graph} not found (set EDDY_TEST_DATA)")
        return SKIP
    directed = mode == "directed"
    label = f"{algorithm} {' '.join(extra)} on {os.path.basename(graph)}".replace("  ", " ")
    try:
        if algorithm in VERTEX_ALGORITHMS | PAIR_ALGORITHMS | {"triadic-census", "summarize"}:
            check_against_oracle(nx, mpiexec, np, eddy, algorithm, graph, directed, extra)
        else:
            sys.exit(f"unknown algorithm {algorithm}")
    except Mismatch as e:
        print(f"MISMATCH: {label} at np {np}: {e}")
        return 1
    print(f"ok: {label} at np {np}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
