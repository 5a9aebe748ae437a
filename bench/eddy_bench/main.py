"""The benchmark session: every graph, algorithm and row, eddy and the baselines, then the reports."""

import datetime
import os
import platform
import shutil
import sys
import tempfile

from .graphs import AUTO, auto_source, data_dir, resolve_graphs, with_weights
from .machine import command_output, log
from .options import (ALGORITHM_ARGS, ALGORITHMS, BASELINE_KERNELS, SOURCE_ALGORITHMS, baseline_programs,
                      parse_args, split_list)
from .report import markdown, save, session, summarise
from .runs import measure_baseline, measure_eddy, run_eddy, with_retries


def rows(args):
    """(ranks, threads, sweep) combinations: the rank counts, then the eddy-only thread sweep."""
    ranks_list = [int(r) for r in split_list(args.ranks)]
    sweep = [int(t) for t in split_list(args.threads_sweep)] if args.threads_sweep else []
    if not ranks_list or min(ranks_list + sweep) < 1:
        sys.exit("--ranks and --threads-sweep must be positive")
    return ([{"ranks": r, "threads": args.threads, "sweep": False} for r in ranks_list]
            + [{"ranks": 1, "threads": t, "sweep": True} for t in sweep])


def run_graph(args, graph, algorithms, row_list, programs, tmp, log_book):
    runs, baseline_runs, discarded = log_book
    if any(a in SOURCE_ALGORITHMS for a in algorithms) and graph["source"] == AUTO:
        source, comp_size, comps = auto_source(args, graph, tmp, run_eddy)
        log("%s: source %d (smallest id of the largest WCC: %d vertices, %d components)" % (
            graph["name"], source, comp_size, comps))
        graph["source"] = source
        graph["source_rule"] = "smallest vertex id of the largest weakly connected component"
    for algorithm in algorithms:
        on = with_weights(graph, tmp) if algorithm == "sssp" else graph
        bgl_done = False
        for row in row_list:
            # Baselines beside this row: bgl once per graph and algorithm, pbgl at each rank count.
            beside = []
            if not row["sweep"] and algorithm in BASELINE_KERNELS:
                beside = [b for b in programs if b == "pbgl" or not bgl_done]
                bgl_done = bgl_done or "bgl" in beside
            for rep in range(1, args.repeat + 1):
                where = "ranks=%d" % row["ranks"] + (" threads=%d" % row["threads"] if row["sweep"] else "")
                label = "%-18s %-8s %s #%d" % (graph["name"], algorithm, where, rep)
                runs.append(with_retries(
                    args, lambda: measure_eddy(args, on, algorithm, row, rep, tmp), label, discarded))
                for b in beside:
                    ranks = 1 if b == "bgl" else row["ranks"]
                    label = "%-18s %-8s %s ranks=%d #%d" % (graph["name"], algorithm, b, ranks, rep)
                    baseline_runs.append(with_retries(
                        args, lambda: measure_baseline(args, b, programs[b], on, algorithm, ranks, rep), label,
                        discarded))


def warn_mismatches(summary):
    for e in summary:
        for name, b in e["baselines"].items():
            for key in ("vertices", "reached"):
                if b.get(key + "_match_eddy") is False:
                    log("WARNING: %s %s ranks=%d: %s %s %s, eddy %s" % (
                        e["graph"], e["algorithm"], e["ranks"], name, key, b[key], e[key]))


def main(argv=None):
    args = parse_args(argv)
    algorithms = split_list(args.algorithms)
    for a in algorithms:
        if a not in ALGORITHMS:
            sys.exit("unknown algorithm %r (expected some of %s)" % (a, ",".join(ALGORITHMS)))
    if args.repeat < 1:
        sys.exit("--repeat must be positive")
    row_list = rows(args)
    if not (os.path.isfile(args.eddy) and os.access(args.eddy, os.X_OK)):
        sys.exit("eddy executable not found: %s (build it, or pass --eddy PATH)" % args.eddy)
    if shutil.which(args.mpirun) is None:
        sys.exit("MPI launcher not found: %s" % args.mpirun)
    programs = baseline_programs(args)
    log("baselines: %s" % (", ".join("%s (%s)" % kv for kv in programs.items()) or "none"))

    data = data_dir(args)
    graphs = resolve_graphs(args, data, split_list(args.graphs))
    if not graphs:
        sys.exit("no graphs to run (data directory: %s)" % data)

    started = datetime.datetime.now(datetime.timezone.utc)
    runs, baseline_runs, discarded = [], [], []
    with tempfile.TemporaryDirectory(prefix="eddy-bench-") as tmp:
        for graph in graphs:
            run_graph(args, graph, algorithms, row_list, programs, tmp, (runs, baseline_runs, discarded))

    summary = summarise(runs, baseline_runs)
    warn_mismatches(summary)
    cpus = os.cpu_count() or 1
    table = markdown(summary, list(programs), cpus)
    doc = {
        **session(args, started),
        "baselines": programs,
        "mpirun_version": ((command_output([args.mpirun, "--version"]) or "").splitlines() or [""])[0],
        "host": platform.node(),
        "platform": platform.platform(),
        "cpus": cpus,
        "data": data,
        "repeat": args.repeat,
        "ranks": [r["ranks"] for r in row_list if not r["sweep"]],
        "threads_sweep": [r["threads"] for r in row_list if r["sweep"]],
        "rows": row_list,
        "algorithms": algorithms,
        "algorithm_args": {a: ALGORITHM_ARGS[a] for a in algorithms},
        "graphs": graphs,
        "summary": summary,
        "runs": runs,
        "baseline_runs": baseline_runs,
        "discarded_runs": discarded,
    }
    save(doc, table, args.output, args.markdown)
    return 1 if any(r["error"] for r in runs + baseline_runs) else 0
