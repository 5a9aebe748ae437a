"""The benchmark's graphs: names, files, direction, weights and bfs/sssp sources."""

import gzip
import os
import random
import sys

from .machine import log
from .options import REPO

AUTO = "auto"  # source: smallest vertex id of the largest weakly connected component

# name -> (file relative to DATA or gen: spec, default bfs/sssp source).
# cnr-2000: vertex 0 reaches only 311 of the 325,557 vertices along out-edges, so the source is
# 217849, the vertex of largest out-degree (2716), from which every vertex is reachable.
KNOWN_GRAPHS = {
    "cnr-2000": ("graphs/web/cnr-2000.el.gz", 217849),
    "soc-Slashdot0902": ("graphs/snap/soc-Slashdot0902.txt.gz", 0),
    "kronecker-18": ("gen:kronecker:scale=18", AUTO),
    "kronecker-20": ("gen:kronecker:scale=20", AUTO),
    "kronecker-22": ("gen:kronecker:scale=22", AUTO),
}


def data_dir(args):
    if args.data:
        return args.data
    if os.environ.get("EDDY_TEST_DATA"):
        return os.environ["EDDY_TEST_DATA"]
    return os.path.normpath(os.path.join(REPO, "..", "shared", "data"))


def first_data_columns(path):
    """Number of columns on the first non-comment line of an edge list (plain or .gz)."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", errors="replace") as f:
        for line in f:
            s = line.strip()
            if s and s[0] not in "#%":
                return len(s.split())
    return 0


def resolve_graphs(args, data, names):
    """Graph records: name, spec, weighted, undirected, source (an id or AUTO)."""
    sources = {}
    for item in args.source:
        name, sep, value = item.partition("=")
        if not sep:
            sys.exit("--source expects GRAPH=ID, got %r" % item)
        sources[name] = value if value == AUTO else int(value)
    graphs = []
    for name in names:
        if name in KNOWN_GRAPHS:
            spec, source = KNOWN_GRAPHS[name]
            path = spec if spec.startswith("gen:") else os.path.join(data, spec)
        else:  # a file path (relative to the current directory) or a gen: spec
            spec = path = name
            source = AUTO
            name = name[4:] if name.startswith("gen:") else os.path.basename(name)
        source = sources.get(name, source)
        if spec.startswith("gen:"):  # generated graphs: undirected, weights in [0, 1)
            graphs.append({"name": name, "spec": spec, "weighted": True, "undirected": True, "source": source})
            continue
        if not os.path.exists(path):
            log("NOTE: graph %s: %s does not exist -- skipped (set --data or $EDDY_TEST_DATA)" % (name, path))
            continue
        graphs.append({"name": name, "spec": path, "weighted": first_data_columns(path) >= 3, "undirected": False,
                       "source": source})
    return graphs


WEIGHT_SEED = 1


def with_weights(graph, tmp):
    """The graph for sssp: itself when weighted; else a copy of its edge list in `tmp` with a third
    column of weights uniform in [0, 1) from a fixed seed (the GAP suite likewise adds random weights
    to unweighted inputs for its sssp), made once per session."""
    if graph["weighted"]:
        return graph
    if "weighted_copy" not in graph:
        path = os.path.join(tmp, graph["name"] + ".weighted.el")
        log("%s: writing a copy with weights uniform in [0, 1) (seed %d) for sssp: %s" % (
            graph["name"], WEIGHT_SEED, path))
        rng = random.Random(WEIGHT_SEED)
        opener = gzip.open if graph["spec"].endswith(".gz") else open
        with opener(graph["spec"], "rt") as f, open(path, "w") as out:
            for line in f:
                fields = line.split()
                if not fields or fields[0][0] in "#%":
                    continue
                out.write("%s %s %.9f\n" % (fields[0], fields[1], rng.random()))
        graph["weighted_copy"] = path
        graph["sssp_weights"] = "uniform in [0, 1), seed %d, added by the benchmark" % WEIGHT_SEED
    return dict(graph, spec=graph["weighted_copy"], weighted=True)


def direction_args(graph):
    return ["--undirected"] if graph["undirected"] else []


def auto_source(args, graph, tmp, run_eddy):
    """Smallest vertex id in the largest weakly connected component (one wcc run at 1 rank)."""
    result = run_eddy(args, graph, "wcc", 1, tmp, keep_output=True)
    if result["error"]:
        raise RuntimeError("wcc probe for the source of %s failed: %s" % (graph["name"], result["error"]))
    size, smallest = {}, {}
    with open(result["output"]) as f:
        for line in f:
            v, c = line.split()
            v = int(v)
            size[c] = size.get(c, 0) + 1
            smallest[c] = min(smallest.get(c, v), v)
    os.remove(result["output"])
    largest = max(size, key=lambda c: (size[c], -smallest[c]))
    return smallest[largest], size[largest], len(size)
