#!/usr/bin/python3
"""Check `eddy generate` against properties recomputed here from its files.

usage: check_generate.py MPIEXEC EDDY CASE        (check_generate.py --list prints the cases)

Cases:
  ranks    the graph and the stream are byte for byte the same at 1, 2, 3 and 4 ranks for a seed
           (plain, and --weighted --times), and differ for another seed.
  graph    the graph file holds the edges of `eddy convert --graph gen:kronecker:scale=10 --to
           edgelist` (as a multiset, with weights), one per line.
  stream   for each of plain, --weighted, --times and both: U lines of the documented fields, the
           delete fraction within tolerance, every delete naming an edge of the graph or of an
           earlier add, endpoints in [0, 2^scale), times 0..U-1, weights in [0, 1).
  usage    bad values end with exit code 2 and one error line on every rank count, writing nothing;
           --help describes the options.
  shapes   `generate --graph gen:NAME:...` for every generator but Kronecker, at 1, 2 and 4 ranks:
           the edge list is byte for byte the same at every rank count and, read by networkx, equals
           networkx's generator (grid_graph, hypercube_graph, circulant_graph, complete_graph,
           cycle_graph, path_graph, star_graph, empty_graph, disjoint K2s) with labels mapped where
           networkx's are tuples; the eddy graph file (--to hdf5) holds the same vertices and edges.
  rmat     gen:kronecker with simplify=1 holds exactly the distinct non-loop edges of the same spec
           without it, directed and undirected; a,b,c and noise change the edges, the seed too.
  spec     bad generator specs and an edge list of a graph with isolated vertices end with exit
           code 2 and one error line naming the bad key or value, writing nothing.
"""
import collections
import filecmp
import itertools
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import case_driver  # noqa: E402

SCALE = 10
UPDATES = 20000
FRACTION = 0.2
TIMEOUT = 120


class Failure(Exception):
    pass


def run(mpiexec, np, eddy, args, expect=0):
    command = [mpiexec, "-n", str(np), eddy, *args]
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=TIMEOUT)
    if done.returncode != expect:
        raise Failure(f"{' '.join(command)}: exit code {done.returncode}, expected {expect}\n{done.stderr}")
    return done


def generate(mpiexec, np, eddy, tmp, name, extra, seed=1):
    base = os.path.join(tmp, name + ".el")
    stream = os.path.join(tmp, name + ".txt")
    run(mpiexec, np, eddy, ["generate", "--scale", str(SCALE), "--seed", str(seed), "--output", base,
                            "--updates", str(UPDATES), "--updates-output", stream,
                            "--delete-fraction", str(FRACTION), *extra])
    return base, stream


def check_ranks(mpiexec, eddy, tmp):
    for extra in [[], ["--weighted", "--times"]]:
        first = generate(mpiexec, 1, eddy, tmp, "np1", extra)
        for np in [2, 3, 4]:
            other = generate(mpiexec, np, eddy, tmp, f"np{np}", extra)
            for a, b in zip(first, other):
                if not filecmp.cmp(a, b, shallow=False):
                    raise Failure(f"{' '.join(extra)}: {b} at {np} ranks differs from {a} at 1 rank")
        reseeded = generate(mpiexec, 2, eddy, tmp, "seed2", extra, seed=2)
        for a, b in zip(first, reseeded):
            if filecmp.cmp(a, b, shallow=False):
                raise Failure(f"{' '.join(extra)}: seed 2 wrote the same {os.path.basename(a)} as seed 1")
    return 0


def edges_of(path, weighted):
    edges = collections.Counter()
    with open(path, encoding="ascii") as f:
        for number, line in enumerate(f, 1):
            fields = line.split()
            if len(fields) != (3 if weighted else 2):
                raise Failure(f"{path}:{number}: expected {3 if weighted else 2} fields: {line!r}")
            edges[(int(fields[0]), int(fields[1]), float(fields[2]) if weighted else None)] += 1
    return edges


def check_graph(mpiexec, eddy, tmp):
    for weighted in [False, True]:
        flag = ["--weighted"] if weighted else []
        generated = os.path.join(tmp, "generated.el")
        converted = os.path.join(tmp, "converted.el")
        run(mpiexec, 3, eddy, ["generate", "--scale", str(SCALE), "--output", generated, *flag])
        run(mpiexec, 2, eddy, ["convert", "--graph", f"gen:kronecker:scale={SCALE}", "--directed", *flag,
                               "--to", "edgelist", "--output", converted])
        ours, theirs = edges_of(generated, weighted), edges_of(converted, weighted)
        if sum(ours.values()) != 16 << SCALE:
            raise Failure(f"{generated}: {sum(ours.values())} edges, expected {16 << SCALE}")
        if ours != theirs:
            raise Failure(f"{generated} and gen:kronecker:scale={SCALE} hold different edges "
                          f"({sum((ours - theirs).values())} only in the first)")
    return 0


def check_stream_file(base, stream, weighted, times):
    graph = edges_of(base, weighted)
    existing = {(s, d) for s, d, _ in graph}
    vertices = 1 << SCALE
    deletes = 0
    with open(stream, encoding="ascii") as f:
        lines = f.read().splitlines()
    if len(lines) != UPDATES:
        raise Failure(f"{stream}: {len(lines)} lines, expected {UPDATES}")
    for index, line in enumerate(lines):
        where = f"{stream}:{index + 1}"
        fields = line.split()
        if not fields or fields[0] not in ("a", "d"):
            raise Failure(f"{where}: not an add or a delete: {line!r}")
        add = fields[0] == "a"
        wanted = 3 + (1 if add and (weighted or times) else 0) + (1 if times else 0)
        if len(fields) != wanted:
            raise Failure(f"{where}: {len(fields)} fields, expected {wanted}: {line!r}")
        src, dst = int(fields[1]), int(fields[2])
        if times and int(fields[-1]) != index:
            raise Failure(f"{where}: time {fields[-1]}, expected {index}")
        if add:
            if not (0 <= src < vertices and 0 <= dst < vertices):
                raise Failure(f"{where}: endpoint outside [0, {vertices}): {line!r}")
            if weighted and not 0.0 <= float(fields[3]) < 1.0:
                raise Failure(f"{where}: weight outside [0, 1): {line!r}")
            if times and not weighted and fields[3] != "1":
                raise Failure(f"{where}: an unweighted add with a time must carry weight 1: {line!r}")
            existing.add((src, dst))
        else:
            deletes += 1
            if (src, dst) not in existing:
                raise Failure(f"{where}: deletes an edge neither in the graph nor added before: {line!r}")
    fraction = deletes / UPDATES
    if abs(fraction - FRACTION) > 0.02:
        raise Failure(f"{stream}: delete fraction {fraction:.4f}, expected {FRACTION} +- 0.02")


def check_stream(mpiexec, eddy, tmp):
    for weighted in [False, True]:
        for times in [False, True]:
            extra = (["--weighted"] if weighted else []) + (["--times"] if times else [])
            base, stream = generate(mpiexec, 2, eddy, tmp, "stream", extra)
            check_stream_file(base, stream, weighted, times)
    return 0


def check_usage(mpiexec, eddy, tmp):
    out = os.path.join(tmp, "out.el")
    updates = os.path.join(tmp, "updates.txt")
    bad = [["--scale", "0", "--output", out],
           ["--scale", "41", "--output", out],
           ["--scale", "8", "--output", out, "--updates", "10", "--updates-output", updates,
            "--delete-fraction", "1.5"],
           ["--scale", "8", "--output", out, "--updates", "10", "--updates-output", updates,
            "--delete-fraction", "-0.1"],
           ["--scale", "8", "--output", out, "--updates", "10"],
           ["--scale", "8", "--output", out, "--updates-output", updates],
           ["--scale", "8", "--edge-factor", "0", "--output", out]]
    for args in bad:
        for np in [1, 2]:
            done = run(mpiexec, np, eddy, ["generate", *args], expect=2)
            errors = [line for line in done.stderr.splitlines() if line.startswith("eddy: error:")]
            if len(errors) != 1:
                raise Failure(f"generate {' '.join(args)} at {np} ranks: expected one error line, got {errors}")
            if os.path.exists(out) or os.path.exists(updates):
                raise Failure(f"generate {' '.join(args)}: wrote a file")
    text = run(mpiexec, 1, eddy, ["generate", "--help"]).stdout
    for option in ["--scale", "--edge-factor", "--seed", "--weighted", "--output", "--updates",
                   "--updates-output", "--delete-fraction", "--times"]:
        if option not in text:
            raise Failure(f"generate --help does not mention {option}")
    return 0


def nx():
    import networkx  # only /usr/bin/python3 has it
    return networkx


def arcs_of(path):
    with open(path, encoding="ascii") as f:
        return [tuple(int(x) for x in line.split()[:2]) for line in f]


def graph_of_h5(path):
    import h5py
    with h5py.File(path, "r") as f:
        ids = [int(x) for x in f["vertices/external_id"][:]]
        offsets, targets = f["out/offsets"][:], f["out/targets"][:]
        graph = nx().DiGraph() if int(f.attrs["directed"]) else nx().Graph()
    graph.add_nodes_from(ids)
    for row, v in enumerate(ids):
        graph.add_edges_from((v, ids[int(t)]) for t in targets[offsets[row]:offsets[row + 1]])
    return graph


def tuple_labels(graph, sizes):
    """networkx's tuple labels as eddy's ids (first dimension fastest), in either tuple order."""
    strides = [1]
    for size in sizes[:-1]:
        strides.append(strides[-1] * size)
    labelings = []
    for order in (list(range(len(sizes))), list(reversed(range(len(sizes))))):
        labelings.append(nx().relabel_nodes(graph, {t: sum(t[i] * strides[j] for j, i in enumerate(order))
                                                    for t in graph.nodes}))
    return labelings


def circulant_arcs(n, offsets):
    return sorted((v, (v + o) % n) for v in range(n) for o in offsets)


def shape_cases():
    """(spec, whether eddy lists arcs, the expected graphs: any one may match, exact arcs or None)."""
    g = nx()
    return [
        ("grid:dims=3x4", False, tuple_labels(g.grid_graph(dim=[3, 4]), [3, 4]), None),
        ("grid:dims=3x4x5:wrap=1x0x1", False,
         tuple_labels(g.grid_graph(dim=[3, 4, 5], periodic=[True, False, True]), [3, 4, 5]), None),
        ("hypercube:d=4", False, tuple_labels(g.hypercube_graph(4), [2] * 4), None),
        ("circulant:n=12:offsets=1..2,5", True, [g.circulant_graph(12, [1, 2, 5])],
         circulant_arcs(12, [1, 2, 5])),
        ("echo:n=10:degree=3", True, [g.circulant_graph(10, [4, 5])], circulant_arcs(10, [4, 5, 6])),
        ("complete:n=7", False, [g.complete_graph(7)], None),
        ("cycle:n=9", False, [g.cycle_graph(9)], None),
        ("path:n=9", False, [g.path_graph(9)], None),
        ("star:n=6", False, [g.star_graph(5)], None),  # networkx's star_graph(k) has k + 1 nodes
        ("singleton-edge:pairs=4", False, [g.disjoint_union_all([g.complete_graph(2)] * 4)], None),
        ("empty:n=10", False, [g.empty_graph(10)], None),
    ]


def same_graph(ours, expected):
    return set(ours.nodes) == set(expected.nodes) and {frozenset(e) for e in ours.edges} == \
        {frozenset(e) for e in expected.edges}


def check_shapes(mpiexec, eddy, tmp):
    for spec, directed, expected, arcs in shape_cases():
        isolated = spec.startswith("empty")
        first = None
        for np in [1, 2, 4]:
            h5 = os.path.join(tmp, f"shape{np}.h5")
            run(mpiexec, np, eddy, ["generate", "--graph", "gen:" + spec, "--to", "hdf5", "--output", h5])
            stored = graph_of_h5(h5)
            if stored.is_directed() != directed:
                raise Failure(f"{spec}: the graph file says directed={stored.is_directed()}, expected {directed}")
            if not any(same_graph(stored, e) for e in expected):
                raise Failure(f"{spec} at {np} ranks: the graph file's graph differs from networkx's")
            if isolated:
                continue
            listed = os.path.join(tmp, f"shape{np}.el")
            run(mpiexec, np, eddy, ["generate", "--graph", "gen:" + spec, "--output", listed])
            if first is None:
                first = listed
            elif not filecmp.cmp(first, listed, shallow=False):
                raise Failure(f"{spec}: the edge list at {np} ranks differs from the one at 1 rank")
            lines = arcs_of(listed)
            if arcs is not None and sorted(lines) != arcs:
                raise Failure(f"{spec}: the arcs are not v -> v + offset (mod n) for each offset")
            ours = nx().Graph(lines)
            if arcs is None and len(lines) != ours.number_of_edges():
                raise Failure(f"{spec}: {len(lines)} lines for {ours.number_of_edges()} distinct edges")
            ours.add_nodes_from(range(max(stored.nodes) + 1))
            if not any(same_graph(ours, e) for e in expected):
                raise Failure(f"{spec} at {np} ranks: the edge list differs from networkx's graph")
        if isolated:
            done = run(mpiexec, 2, eddy, ["generate", "--graph", "gen:" + spec, "--output",
                                          os.path.join(tmp, "empty.el")], expect=2)
            if "isolated" not in done.stderr or os.path.exists(os.path.join(tmp, "empty.el")):
                raise Failure(f"{spec}: an edge list was not refused for the isolated vertices: {done.stderr}")
    return 0


def check_rmat(mpiexec, eddy, tmp):
    def listed(spec, *extra, np=2):
        path = os.path.join(tmp, "rmat.el")
        run(mpiexec, np, eddy, ["generate", "--graph", "gen:kronecker:" + spec, "--output", path, *extra])
        return arcs_of(path)

    plain = listed("scale=9")
    for flag, key in [("--directed", lambda e: e), ("--undirected", lambda e: tuple(sorted(e)))]:
        for np in [1, 3]:
            simple = listed("scale=9:simplify=1", flag, np=np)
            keys = [key(e) for e in simple]
            if any(u == v for u, v in simple) or len(set(keys)) != len(keys):
                raise Failure(f"simplify=1 {flag} at {np} ranks left a self-loop or a repeated edge")
            if set(keys) != {key(e) for e in plain if e[0] != e[1]}:
                raise Failure(f"simplify=1 {flag} at {np} ranks does not hold the distinct edges of the graph")
    for other in ["scale=9:seed=2", "scale=9:a=0.45:b=0.25:c=0.15", "scale=9:noise=0.1"]:
        if listed(other) == plain:
            raise Failure(f"gen:kronecker:{other} made the same edges as gen:kronecker:scale=9")
    return 0


def check_spec(mpiexec, eddy, tmp):
    out = os.path.join(tmp, "out.el")
    bad = [("grid:dims=3xq", "'q'"), ("grid:dims=3x4:wrap=1x1x1", "'wrap'"), ("grid:size=3", "'size'"),
           ("circulant:n=10:offsets=1..3,2", "overlap"), ("circulant:n=10:offsets=12", "'12'"),
           ("echo:n=10:degree=4", "even"), ("complete", "'n'"), ("star:n=x", "'x'"), ("lattice:n=3", "'lattice'"),
           ("kronecker:scale=8:noise=5", "noise"), ("kronecker:scale=8:a=0.9:b=0.3", "constants"),
           ("empty:n=4", "isolated"), ("complete:n=1", "isolated")]
    for spec, named in bad:
        for np in [1, 2]:
            done = run(mpiexec, np, eddy, ["generate", "--graph", "gen:" + spec, "--output", out], expect=2)
            errors = [line for line in done.stderr.splitlines() if line.startswith("eddy: error:")]
            if len(errors) != 1 or named not in errors[0]:
                raise Failure(f"gen:{spec} at {np} ranks: expected one error line naming {named}, got {errors}")
            if os.path.exists(out):
                raise Failure(f"gen:{spec}: wrote a file")
    for args in [["--scale", "8", "--graph", "gen:path:n=3"], ["--graph", "path:n=3"], [],
                 ["--graph", "gen:path:n=3", "--updates", "5", "--updates-output", out + ".txt"]]:
        run(mpiexec, 1, eddy, ["generate", *args, "--output", out], expect=2)
    text = run(mpiexec, 1, eddy, ["generate", "--help"]).stdout
    for word in ["--graph", "--to", "grid", "singleton-edge", "docs/GENERATORS.md"]:
        if word not in text:
            raise Failure(f"generate --help does not mention {word}")
    return 0


CASES = {"ranks": check_ranks, "graph": check_graph, "stream": check_stream, "usage": check_usage,
         "shapes": check_shapes, "rmat": check_rmat, "spec": check_spec}


def main(argv):
    return case_driver.main(argv, __doc__, CASES, lambda mpiexec, eddy, tmp, case: CASES[case](mpiexec, eddy, tmp),
                            Failure, "eddy-generate-")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
