"""Benchmark `eddy run` over a set of graphs, algorithms and rank counts, against Boost.Graph baselines.

Every (graph, algorithm, ranks) combination is run --repeat times through mpirun. Each run
writes its metrics with `eddy run ... --metrics FILE`; the script collects load_seconds,
algorithm_seconds, supersteps, bytes_sent and peak_rss_bytes, writes every run plus a summary
(median, min, max) to one JSON file and prints a Markdown table.

Baselines (--baselines, default: those built next to eddy, i.e. eddy_bgl_baseline and
eddy_pbgl_baseline in eddy's bin directory) run the same kernels on the same graph in the same
session, --repeat times each, interleaved with eddy's repetitions: `bgl` is the sequential Boost
Graph Library on its compressed_sparse_row_graph (one process, run once per graph and algorithm),
`pbgl` the Parallel BGL under mpirun at each rank count. They time only the library call, as
eddy's algorithm_seconds does. Kernels: pagerank (20 iterations), bfs, wcc (Boost's connected
components on arcs stored both ways), sssp (Dijkstra / delta-stepping); cdlp, lcc and tc have
none ("n/a": Boost's clustering coefficient is O(sum deg^3) on a CSR graph, PBGL has nothing). The table adds each baseline's median and eddy's speed-up (baseline median / eddy median).
The programs are bench/baselines/*.cpp; their semantics differences are described there.

--threads-sweep 1,2 adds eddy-only rows at 1 rank with `--bind-to none --threads T`.
Rank counts above the number of cores (--ranks 1,2,4,8) run oversubscribed (time-shared) and are
marked in the table; MB sent shows how the traffic grows with the rank count.

Graphs (names for --graphs; anything else is taken as a file path or a gen: spec):
  cnr-2000          DATA/graphs/web/cnr-2000.el.gz           directed web graph, source 217849
  soc-Slashdot0902  DATA/graphs/snap/soc-Slashdot0902.txt.gz  directed SNAP graph, source 0
  kronecker-18      gen:kronecker:scale=18                    Graph500 Kronecker, undirected,
  kronecker-20      gen:kronecker:scale=20                      weights in [0,1), source: smallest
  kronecker-22      gen:kronecker:scale=22                      id of the largest WCC
Generated (gen:) graphs are undirected (eddy and the baselines get --undirected); files directed.
kronecker-22 (67 M edges) is not in the default set: name it in --graphs.

DATA is --data, else $EDDY_TEST_DATA, else the repository's ../shared/data. Missing files are
reported and skipped. sssp needs weights: on a file without a third column (the two SNAP-style
files above) it runs on a temporary copy with weights uniform in [0, 1) from a fixed seed, which
eddy and the baselines read alike.
pagerank runs 20 iterations, cdlp 10. For bfs and sssp the JSON also records how many vertices
the source reached, for eddy and for each baseline (a difference is reported as a warning).

On a shared machine other processes distort the timings. Before each run the script waits
(--wait-idle) until the CPUs are idle, measures from /proc/stat how much CPU other processes
used during the run, and runs it again (--retries) when that exceeds --idle-threshold; the
discarded runs are kept in the JSON under discarded_runs. Each eddy run writes its vertex values
to a temporary file, which is deleted.

Standard library only.
"""

import argparse
import os

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ALGORITHMS = ["bfs", "pagerank", "wcc", "cdlp", "lcc", "sssp", "tc"]
ALGORITHM_ARGS = {
    "bfs": [],
    "pagerank": ["--iterations", "20"],
    "wcc": [],
    "cdlp": ["--iterations", "10"],
    "lcc": [],
    "sssp": [],  # sssp implies --weighted
    "tc": [],
}
SOURCE_ALGORITHMS = {"bfs", "sssp"}
BASELINES = ["bgl", "pbgl"]
BASELINE_PROGRAMS = {"bgl": "eddy_bgl_baseline", "pbgl": "eddy_pbgl_baseline"}
# eddy algorithm -> the baselines' --algorithm; others have no baseline kernel.
BASELINE_KERNELS = {"bfs": "bfs", "pagerank": "pagerank", "wcc": "cc", "sssp": "sssp"}


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        prog="run_benchmarks.py",
        description=__doc__.split("\n\n", 1)[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--ranks", default="1,2", help="comma-separated MPI rank counts (default: 1,2)")
    p.add_argument("--repeat", type=int, default=5, help="runs per graph/algorithm/ranks (default: 5)")
    p.add_argument("--algorithms", default=",".join(ALGORITHMS),
                   help="comma-separated subset of %s (default: all)" % ",".join(ALGORITHMS))
    p.add_argument("--graphs", default="cnr-2000,soc-Slashdot0902,kronecker-18,kronecker-20",
                   help="comma-separated graph names (see below), file paths or gen: specs "
                   "(default: cnr-2000,soc-Slashdot0902,kronecker-18,kronecker-20)")
    p.add_argument("--data", default=None,
                   help="data directory holding graphs/... (default: $EDDY_TEST_DATA, else REPO/../shared/data)")
    p.add_argument("--eddy", default=os.path.join(REPO, "build", "bin", "eddy"),
                   help="eddy executable (default: build/bin/eddy)")
    p.add_argument("--baselines", default=None,
                   help="comma-separated subset of bgl,pbgl, or none (default: each whose program is in "
                   "eddy's bin directory)")
    p.add_argument("--mpirun", default="mpirun", help="MPI launcher (default: mpirun)")
    p.add_argument("--mpirun-args", default="--oversubscribe",
                   help="extra launcher arguments, one shell-quoted string (default: --oversubscribe)")
    p.add_argument("--threads", type=int, default=None,
                   help="pass --threads N to eddy (default: eddy's own default, all cores available to a rank)")
    p.add_argument("--threads-sweep", default=None, metavar="T1,T2,...",
                   help="also run eddy alone at 1 rank with --bind-to none --threads T for each T")
    p.add_argument("--source", action="append", default=[], metavar="GRAPH=ID",
                   help="bfs/sssp source for a graph, ID or 'auto' (repeatable)")
    p.add_argument("--output", default=os.path.join(REPO, "build", "bench-results", "latest.json"),
                   help="JSON results file (default: build/bench-results/latest.json)")
    p.add_argument("--markdown", default=None, help="also write the Markdown table to this file")
    p.add_argument("--timeout", type=float, default=3600, help="seconds allowed per run (default: 3600)")
    p.add_argument("--wait-idle", type=float, default=900,
                   help="before each run, wait up to this many seconds for other processes to leave the CPUs "
                   "alone (0: do not check; default: 900)")
    p.add_argument("--idle-threshold", type=float, default=0.05,
                   help="share of all CPUs other processes may use before and during a run (default: 0.05)")
    p.add_argument("--retries", type=int, default=3,
                   help="times a run is repeated when other processes used more than that share of the CPUs "
                   "during it; discarded runs stay in the JSON (default: 3)")
    p.add_argument("--no-per-superstep", action="store_true", help="leave per-superstep metrics out of the JSON")
    return p.parse_args(argv)


def stream_and_checkpoint_parser(prog, doc):
    """The parser the stream and checkpoint drivers start from: their help from the module
    docstring, and the eddy binary, graphs, data directory and rank counts they share."""
    p = argparse.ArgumentParser(prog=prog, description=doc.split("\n\n", 1)[0], epilog=doc.split("\n\n", 1)[1],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--eddy", default=os.path.join(REPO, "build", "bin", "eddy"),
                   help="eddy executable (default: build/bin/eddy)")
    p.add_argument("--graphs", default="kronecker-20,cnr-2000",
                   help="comma-separated kronecker-N, cnr-2000 or edge list files (default: kronecker-20,cnr-2000)")
    p.add_argument("--data", default=None,
                   help="data directory holding graphs/... (default: $EDDY_TEST_DATA, else REPO/../shared/data)")
    p.add_argument("--ranks", default="2", help="comma-separated MPI rank counts (default: 2)")
    return p


def add_session_options(p, json_name, kept):
    """What the stream and checkpoint drivers share: the launcher, where files go, time limits and
    the wait for idle CPUs. `kept` names what --work-dir keeps."""
    p.add_argument("--mpirun", default="mpirun", help="MPI launcher (default: mpirun)")
    p.add_argument("--mpirun-args", default="--oversubscribe",
                   help="extra launcher arguments, one shell-quoted string (default: --oversubscribe)")
    p.add_argument("--work-dir", default=None,
                   help="keep the %s here (default: a temporary directory, removed)" % kept)
    p.add_argument("--out-json", default=os.path.join(REPO, "build", "bench-results", json_name),
                   help="JSON results file (default: build/bench-results/%s)" % json_name)
    p.add_argument("--out-markdown", default=None, help="also write the Markdown report to this file")
    p.add_argument("--timeout", type=float, default=3600, help="seconds allowed per eddy run (default: 3600)")
    p.add_argument("--wait-idle", type=float, default=900,
                   help="before each run, wait up to this many seconds for idle CPUs (0: do not check; default: 900)")
    p.add_argument("--idle-threshold", type=float, default=0.05,
                   help="share of all CPUs other processes may use before and during a run (default: 0.05)")
    p.add_argument("--retries", type=int, default=3,
                   help="times a run is repeated when other processes used more than that share (default: 3)")


def split_list(text):
    return [x.strip() for x in text.split(",") if x.strip()]


def baseline_programs(args):
    """{name: executable} of the baselines to run; exits when a requested one is missing."""
    bin_dir = os.path.dirname(os.path.abspath(args.eddy))
    found = {b: os.path.join(bin_dir, BASELINE_PROGRAMS[b]) for b in BASELINES}
    found = {b: path for b, path in found.items() if os.path.isfile(path) and os.access(path, os.X_OK)}
    if args.baselines is None:
        return found
    wanted = [] if args.baselines.strip() == "none" else split_list(args.baselines)
    for b in wanted:
        if b not in BASELINES:
            raise SystemExit("unknown baseline %r (expected some of %s, or none)" % (b, ",".join(BASELINES)))
        if b not in found:
            raise SystemExit("baseline %s requested but %s is not built next to eddy (cmake target %s)"
                             % (b, os.path.join(bin_dir, BASELINE_PROGRAMS[b]), BASELINE_PROGRAMS[b]))
    return {b: found[b] for b in wanted}
