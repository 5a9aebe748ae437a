#!/usr/bin/env python3
"""Benchmark `eddy run` over a set of graphs, algorithms and rank counts.

Every (graph, algorithm, ranks) combination is run --repeat times through mpirun. Each run
writes its metrics with `eddy run ... --metrics FILE`; the script collects load_seconds,
algorithm_seconds, supersteps, bytes_sent and peak_rss_bytes, writes every run plus a summary
(median, min, max) to one JSON file and prints a Markdown table.

Graphs (names for --graphs; anything else is taken as a file path or a gen: spec):
  cnr-2000          DATA/graphs/web/cnr-2000.el.gz           directed web graph, source 217849
  soc-Slashdot0902  DATA/graphs/snap/soc-Slashdot0902.txt.gz  directed SNAP graph, source 0
  kronecker-18      gen:kronecker:scale=18                    Graph500 Kronecker, weights in [0,1),
                                                               source: smallest id of the largest WCC

DATA is --data, else $EDDY_TEST_DATA, else the repository's ../shared/data. Missing files are
reported and skipped. sssp needs weights: it runs only on graphs whose edge list has a third
column (the two SNAP-style files above have none, so sssp runs on the Kronecker graph only).
pagerank runs 20 iterations, cdlp 10. For bfs and sssp the JSON also records how many vertices
the source reached.

On a shared machine other processes distort the timings. Before each run the script waits
(--wait-idle) until the CPUs are idle, measures from /proc/stat how much CPU other processes
used during the run, and runs it again (--retries) when that exceeds --idle-threshold; the
discarded runs are kept in the JSON under discarded_runs. Each eddy run writes its vertex values
to a temporary file, which is deleted.

Standard library only.
"""

import argparse
import datetime
import gzip
import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALGORITHMS = ["bfs", "pagerank", "wcc", "cdlp", "lcc", "sssp"]
ALGORITHM_ARGS = {
    "bfs": [],
    "pagerank": ["--iterations", "20"],
    "wcc": [],
    "cdlp": ["--iterations", "10"],
    "lcc": [],
    "sssp": [],  # sssp implies --weighted
}
SOURCE_ALGORITHMS = {"bfs", "sssp"}
UNREACHED = {"9223372036854775807", "infinity"}  # LDBC output for vertices a bfs/sssp did not reach
AUTO = "auto"  # source: smallest vertex id of the largest weakly connected component

# name -> (file relative to DATA or gen: spec, default bfs/sssp source).
# cnr-2000: vertex 0 reaches only 311 of the 325,557 vertices along out-edges, so the source is
# 217849, the vertex of largest out-degree (2716), from which every vertex is reachable.
KNOWN_GRAPHS = {
    "cnr-2000": ("graphs/web/cnr-2000.el.gz", 217849),
    "soc-Slashdot0902": ("graphs/snap/soc-Slashdot0902.txt.gz", 0),
    "kronecker-18": ("gen:kronecker:scale=18", AUTO),
}
DEFAULT_GRAPHS = list(KNOWN_GRAPHS)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def parse_args():
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n", 1)[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--ranks", default="1,2", help="comma-separated MPI rank counts (default: 1,2)")
    p.add_argument("--repeat", type=int, default=5, help="runs per graph/algorithm/ranks (default: 5)")
    p.add_argument("--algorithms", default=",".join(ALGORITHMS),
                   help="comma-separated subset of %s (default: all)" % ",".join(ALGORITHMS))
    p.add_argument("--graphs", default=",".join(DEFAULT_GRAPHS),
                   help="comma-separated graph names (%s), file paths or gen: specs (default: all named)"
                   % ", ".join(KNOWN_GRAPHS))
    p.add_argument("--data", default=None,
                   help="data directory holding graphs/... (default: $EDDY_TEST_DATA, else REPO/../shared/data)")
    p.add_argument("--eddy", default=os.path.join(REPO, "build", "bin", "eddy"),
                   help="eddy executable (default: build/bin/eddy)")
    p.add_argument("--mpirun", default="mpirun", help="MPI launcher (default: mpirun)")
    p.add_argument("--mpirun-args", default="--oversubscribe",
                   help="extra launcher arguments, one shell-quoted string (default: --oversubscribe)")
    p.add_argument("--threads", type=int, default=None,
                   help="pass --threads N to eddy (default: eddy's own default, all cores available to a rank)")
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
    return p.parse_args()


def split_list(text):
    return [x.strip() for x in text.split(",") if x.strip()]


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


def resolve_graphs(args, data):
    sources = {}
    for item in args.source:
        name, sep, value = item.partition("=")
        if not sep:
            sys.exit("--source expects GRAPH=ID, got %r" % item)
        sources[name] = value if value == AUTO else int(value)
    graphs = []
    for name in split_list(args.graphs):
        if name in KNOWN_GRAPHS:
            spec, source = KNOWN_GRAPHS[name]
            path = spec if spec.startswith("gen:") else os.path.join(data, spec)
        else:  # a file path (relative to the current directory) or a gen: spec
            spec = path = name
            source = AUTO
            name = name[4:] if name.startswith("gen:") else os.path.basename(name)
        source = sources.get(name, source)
        if spec.startswith("gen:"):  # generated graphs carry weights in [0, 1)
            graphs.append({"name": name, "spec": spec, "weighted": True, "source": source})
            continue
        if not os.path.exists(path):
            log("NOTE: graph %s: %s does not exist -- skipped (set --data or $EDDY_TEST_DATA)" % (name, path))
            continue
        graphs.append({"name": name, "spec": path, "weighted": first_data_columns(path) >= 3, "source": source})
    return graphs


def launcher(args, ranks):
    return [args.mpirun, "-np", str(ranks)] + shlex.split(args.mpirun_args)


def environment():
    env = dict(os.environ)
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # Open MPI refuses root without these
        env["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        env["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
    return env


def cpu_busy_seconds():
    """CPU seconds spent busy by the whole machine since boot (Linux /proc/stat), or None."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def machine_busy_share(seconds=0.5):
    """Fraction of all CPUs busy over a short sample (this script is idle meanwhile)."""
    before = cpu_busy_seconds()
    if before is None:
        return 0.0
    time.sleep(seconds)
    return (cpu_busy_seconds() - before) / (seconds * (os.cpu_count() or 1))


def wait_until_idle(args):
    """Waits (up to --wait-idle seconds) until other processes leave the CPUs alone; returns seconds waited."""
    start = time.monotonic()
    announced = False
    while time.monotonic() - start < args.wait_idle:
        share = machine_busy_share()
        if share <= args.idle_threshold:
            break
        if not announced:
            log("  machine busy (%.0f%% of the CPUs used by other processes) -- waiting" % (100 * share))
            announced = True
        time.sleep(5)
    return time.monotonic() - start


def count_reached(path):
    with open(path) as f:
        return sum(1 for line in f if line.split()[1] not in UNREACHED)


def run_eddy(args, graph, algorithm, ranks, tmp, extra=(), keep_output=False):
    """One `eddy run`; returns (metrics dict or None, wall seconds, error text, output path)."""
    out_path = os.path.join(tmp, "values.txt")
    metrics_path = os.path.join(tmp, "metrics.json")
    for p in (out_path, metrics_path):
        if os.path.exists(p):
            os.remove(p)
    cmd = launcher(args, ranks) + [args.eddy, "run", algorithm, "--graph", graph["spec"]]
    cmd += ALGORITHM_ARGS[algorithm] + list(extra)
    if args.threads is not None:
        cmd += ["--threads", str(args.threads)]
    cmd += ["--output", out_path, "--metrics", metrics_path]
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return None, time.monotonic() - start, "timed out after %g s" % args.timeout, None, cmd
    wall = time.monotonic() - start
    if proc.returncode != 0 or not os.path.exists(metrics_path):
        lines = [l for l in proc.stderr.splitlines() if l.startswith("eddy:")] or proc.stderr.splitlines()[-5:]
        return None, wall, "exit %d: %s" % (proc.returncode, " | ".join(lines)), None, cmd
    with open(metrics_path) as f:
        metrics = json.load(f)
    if not keep_output and os.path.exists(out_path):
        os.remove(out_path)
    return metrics, wall, None, out_path, cmd


def measure(args, graph, algorithm, ranks, rep, tmp, extra):
    """One timed run as a JSON record; foreign_cpu_share is the CPU used meanwhile by other processes."""
    waited = wait_until_idle(args) if args.wait_idle > 0 else 0.0
    started_run = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    busy0, own0 = cpu_busy_seconds(), children_cpu_seconds()
    metrics, wall, err, out, cmd = run_eddy(args, graph, algorithm, ranks, tmp, extra,
                                            keep_output=algorithm in SOURCE_ALGORITHMS)
    busy1, own1 = cpu_busy_seconds(), children_cpu_seconds()
    foreign = None
    if busy0 is not None:
        foreign = max(0.0, (busy1 - busy0) - (own1 - own0)) / (wall * (os.cpu_count() or 1))
    record = {"graph": graph["name"], "spec": graph["spec"], "algorithm": algorithm, "ranks": ranks,
              "repetition": rep, "started_utc": started_run, "waited_for_idle_seconds": round(waited, 1),
              "wall_seconds": wall, "own_cpu_seconds": own1 - own0, "foreign_cpu_share": foreign,
              "command": cmd, "error": err}
    if algorithm in SOURCE_ALGORITHMS:
        record["source"] = graph["source"]
        if out:
            record["reached"] = count_reached(out)
            os.remove(out)
    if metrics:
        for key in ("threads", "vertices", "edges", "load_seconds", "algorithm_seconds", "supersteps",
                    "bytes_sent", "peak_rss_bytes"):
            record[key] = metrics.get(key)
        if not args.no_per_superstep:
            record["per_superstep"] = metrics.get("per_superstep", [])
    return record


def contended(args, record):
    return record["foreign_cpu_share"] is not None and record["foreign_cpu_share"] > args.idle_threshold


def auto_source(args, graph, tmp):
    """Smallest vertex id in the largest weakly connected component (one wcc run at 1 rank)."""
    _, _, err, out_path, _ = run_eddy(args, graph, "wcc", 1, tmp, keep_output=True)
    if err:
        raise RuntimeError("wcc probe for the source of %s failed: %s" % (graph["name"], err))
    size, smallest = {}, {}
    with open(out_path) as f:
        for line in f:
            v, c = line.split()
            v = int(v)
            size[c] = size.get(c, 0) + 1
            smallest[c] = min(smallest.get(c, v), v)
    os.remove(out_path)
    largest = max(size, key=lambda c: (size[c], -smallest[c]))
    return smallest[largest], size[largest], len(size)


def stats(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def summarise(runs):
    groups = {}
    for r in runs:
        groups.setdefault((r["graph"], r["algorithm"], r["ranks"]), []).append(r)
    summary = []
    for (graph, algorithm, ranks), rs in groups.items():
        ok = [r for r in rs if r["error"] is None]
        entry = {"graph": graph, "algorithm": algorithm, "ranks": ranks, "runs": len(rs), "failed": len(rs) - len(ok)}
        if ok:
            entry.update({
                "threads": ok[0]["threads"],
                "vertices": ok[0]["vertices"],
                "edges": ok[0]["edges"],
                "source": ok[0].get("source"),
                "reached": ok[0].get("reached"),
                "load_seconds": stats([r["load_seconds"] for r in ok]),
                "algorithm_seconds": stats([r["algorithm_seconds"] for r in ok]),
                "wall_seconds": stats([r["wall_seconds"] for r in ok]),
                "supersteps": stats([r["supersteps"] for r in ok]),
                "bytes_sent": stats([r["bytes_sent"] for r in ok]),
                "peak_rss_bytes": stats([r["peak_rss_bytes"] for r in ok]),
                "contended_runs": sum(1 for r in ok if r.get("contended")),
                "foreign_cpu_share": stats([r["foreign_cpu_share"] for r in ok]),
            })
        else:
            entry["error"] = rs[-1]["error"]
        summary.append(entry)
    return summary


def fmt_int(x):
    return "%d" % x if float(x).is_integer() else "%.1f" % x


def markdown(summary):
    lines = [
        "| graph | algorithm | ranks | median load s | median algorithm s | algorithm min–max s | supersteps "
        "| MB sent | peak RSS MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for e in summary:
        if "algorithm_seconds" not in e:
            lines.append("| %s | %s | %d | failed: %s | | | | | |" % (e["graph"], e["algorithm"], e["ranks"], e["error"]))
            continue
        a = e["algorithm_seconds"]
        steps = e["supersteps"]
        steps_text = fmt_int(steps["median"]) if steps["min"] == steps["max"] else "%s–%s" % (
            fmt_int(steps["min"]), fmt_int(steps["max"]))
        lines.append("| %s | %s | %d | %.3f | %.3f | %.3f–%.3f | %s | %.1f | %.0f |" % (
            e["graph"], e["algorithm"], e["ranks"], e["load_seconds"]["median"], a["median"], a["min"], a["max"],
            steps_text, e["bytes_sent"]["median"] / 1e6, e["peak_rss_bytes"]["median"] / 1e6))
    return "\n".join(lines) + "\n"


def command_output(cmd):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env=environment()).stdout.strip()
    except OSError:
        return None


def main():
    args = parse_args()
    algorithms = split_list(args.algorithms)
    for a in algorithms:
        if a not in ALGORITHMS:
            sys.exit("unknown algorithm %r (expected some of %s)" % (a, ",".join(ALGORITHMS)))
    ranks_list = [int(r) for r in split_list(args.ranks)]
    if args.repeat < 1 or not ranks_list or min(ranks_list) < 1:
        sys.exit("--repeat and --ranks must be positive")
    if not (os.path.isfile(args.eddy) and os.access(args.eddy, os.X_OK)):
        sys.exit("eddy executable not found: %s (build it, or pass --eddy PATH)" % args.eddy)
    if shutil.which(args.mpirun) is None:
        sys.exit("MPI launcher not found: %s" % args.mpirun)

    data = data_dir(args)
    graphs = resolve_graphs(args, data)
    if not graphs:
        sys.exit("no graphs to run (data directory: %s)" % data)

    started = datetime.datetime.now(datetime.timezone.utc)
    runs, skipped, discarded = [], [], []
    with tempfile.TemporaryDirectory(prefix="eddy-bench-") as tmp:
        for graph in graphs:
            if any(a in SOURCE_ALGORITHMS for a in algorithms) and graph["source"] == AUTO:
                source, comp_size, comps = auto_source(args, graph, tmp)
                log("%s: source %d (smallest id of the largest WCC: %d vertices, %d components)" % (
                    graph["name"], source, comp_size, comps))
                graph["source"] = source
                graph["source_rule"] = "smallest vertex id of the largest weakly connected component"
            for algorithm in algorithms:
                if algorithm == "sssp" and not graph["weighted"]:
                    msg = "sssp skipped on %s: the edge list has no weight column" % graph["name"]
                    log("NOTE: " + msg)
                    skipped.append({"graph": graph["name"], "algorithm": algorithm, "reason": msg})
                    continue
                extra = ["--source", str(graph["source"])] if algorithm in SOURCE_ALGORITHMS else []
                for ranks in ranks_list:
                    for rep in range(1, args.repeat + 1):
                        for attempt in range(args.retries + 1):
                            record = measure(args, graph, algorithm, ranks, rep, tmp, extra)
                            record["contended"] = contended(args, record)
                            label = "%-18s %-8s ranks=%d #%d" % (graph["name"], algorithm, ranks, rep)
                            if record["error"]:
                                log("%s  FAILED %s" % (label, record["error"]))
                                break
                            log("%s  load %.3f s  algorithm %.3f s  %d supersteps  (other processes: %.0f%% CPU)" % (
                                label, record["load_seconds"], record["algorithm_seconds"], record["supersteps"],
                                100 * (record["foreign_cpu_share"] or 0)))
                            if not record["contended"] or attempt == args.retries:
                                break
                            log("  other processes used the CPUs during this run -- discarded, running it again")
                            discarded.append(record)
                        runs.append(record)

    summary = summarise(runs)
    table = markdown(summary)
    doc = {
        "started_utc": started.isoformat(timespec="seconds"),
        "finished_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": [sys.executable] + sys.argv,
        "eddy": os.path.abspath(args.eddy),
        "mpirun": args.mpirun,
        "mpirun_args": args.mpirun_args,
        "mpirun_version": ((command_output([args.mpirun, "--version"]) or "").splitlines() or [""])[0],
        "host": platform.node(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "data": data,
        "repeat": args.repeat,
        "ranks": ranks_list,
        "algorithms": algorithms,
        "algorithm_args": {a: ALGORITHM_ARGS[a] for a in algorithms},
        "graphs": graphs,
        "skipped": skipped,
        "summary": summary,
        "runs": runs,
        "discarded_runs": discarded,
    }
    out_dir = os.path.dirname(os.path.abspath(args.output))
    os.makedirs(out_dir, exist_ok=True)
    with open(args.output, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    log("results: %s" % args.output)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(table)
        log("table: %s" % args.markdown)
    print(table, end="")
    return 1 if any(r["error"] for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
