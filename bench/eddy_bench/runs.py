"""One timed run of eddy or of a baseline, as a JSON record, with the machine's load accounted for."""

import datetime
import json
import os
import subprocess
import time

from .graphs import direction_args
from .machine import children_cpu_seconds, cpu_busy_seconds, environment, launcher, log, wait_until_idle
from .options import ALGORITHM_ARGS, BASELINE_KERNELS, SOURCE_ALGORITHMS

UNREACHED = {"9223372036854775807", "infinity"}  # LDBC output for vertices a bfs/sssp did not reach
EDDY_METRICS = ("threads", "vertices", "edges", "load_seconds", "algorithm_seconds", "supersteps", "bytes_sent",
                "peak_rss_bytes")
BASELINE_FIELDS = ("vertices", "arcs", "algorithm_seconds", "peak_rss_bytes", "reached", "components")


def execute(args, cmd):
    """Runs cmd; returns (completed process or None, wall seconds, error text or None)."""
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return None, time.monotonic() - start, "timed out after %g s" % args.timeout
    wall = time.monotonic() - start
    if proc.returncode != 0:
        tagged = [l for l in proc.stderr.splitlines() if "error" in l] or proc.stderr.splitlines()[-5:]
        return proc, wall, "exit %d: %s" % (proc.returncode, " | ".join(tagged))
    return proc, wall, None


def eddy_command(args, graph, algorithm, ranks, threads=None, bind_none=False):
    cmd = launcher(args, ranks, ["--bind-to", "none"] if bind_none else [])
    cmd += [args.eddy, "run", algorithm, "--graph", graph["spec"]] + direction_args(graph) + ALGORITHM_ARGS[algorithm]
    if algorithm in SOURCE_ALGORITHMS:
        cmd += ["--source", str(graph["source"])]
    if threads is not None:
        cmd += ["--threads", str(threads)]
    return cmd


def run_eddy(args, graph, algorithm, ranks, tmp, keep_output=False, threads=None, bind_none=False):
    """One `eddy run`: {metrics, wall, error, output (path when kept), command}."""
    out_path = os.path.join(tmp, "values.txt")
    metrics_path = os.path.join(tmp, "metrics.json")
    for p in (out_path, metrics_path):
        if os.path.exists(p):
            os.remove(p)
    cmd = eddy_command(args, graph, algorithm, ranks, threads, bind_none) + [
        "--output", out_path, "--metrics", metrics_path]
    proc, wall, err = execute(args, cmd)
    result = {"metrics": None, "wall": wall, "error": err, "output": None, "command": cmd}
    if err is None and not os.path.exists(metrics_path):
        result["error"] = "no metrics file written"
    if result["error"]:
        return result
    with open(metrics_path) as f:
        result["metrics"] = json.load(f)
    if keep_output:
        result["output"] = out_path
    elif os.path.exists(out_path):
        os.remove(out_path)
    return result


def run_baseline(args, program, baseline, graph, algorithm, ranks):
    """One baseline run: {report (its JSON line), wall, error, command}. bgl runs without mpirun."""
    cmd = [] if baseline == "bgl" else launcher(args, ranks)
    cmd += [program, "--graph", graph["spec"], "--algorithm", BASELINE_KERNELS[algorithm]] + direction_args(graph)
    cmd += ALGORITHM_ARGS[algorithm]
    if algorithm in SOURCE_ALGORITHMS:
        cmd += ["--source", str(graph["source"])]
    proc, wall, err = execute(args, cmd)
    result = {"report": None, "wall": wall, "error": err, "command": cmd}
    if err is None:
        lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
        try:
            result["report"] = json.loads(lines[-1])
        except (IndexError, ValueError):
            result["error"] = "no JSON line on standard output"
    return result


def count_reached(path):
    with open(path) as f:
        return sum(1 for line in f if line.split()[1] not in UNREACHED)


def accounted(args, run):
    """Runs run() after waiting for idle CPUs; returns (its result, record fields on timing and load)."""
    waited = wait_until_idle(args) if args.wait_idle > 0 else 0.0
    started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    busy0, own0 = cpu_busy_seconds(), children_cpu_seconds()
    result = run()
    busy1, own1 = cpu_busy_seconds(), children_cpu_seconds()
    foreign = None
    if busy0 is not None and result["wall"] > 0:
        foreign = max(0.0, (busy1 - busy0) - (own1 - own0)) / (result["wall"] * (os.cpu_count() or 1))
    fields = {"started_utc": started, "waited_for_idle_seconds": round(waited, 1), "wall_seconds": result["wall"],
              "own_cpu_seconds": own1 - own0, "foreign_cpu_share": foreign, "command": result["command"],
              "error": result["error"]}
    fields["contended"] = foreign is not None and foreign > args.idle_threshold
    return result, fields


def measure_eddy(args, graph, algorithm, row, rep, tmp):
    """One timed eddy run as a JSON record (row: ranks, threads, sweep)."""
    keep = algorithm in SOURCE_ALGORITHMS
    result, fields = accounted(args, lambda: run_eddy(args, graph, algorithm, row["ranks"], tmp, keep_output=keep,
                                                      threads=row["threads"], bind_none=row["sweep"]))
    record = {"graph": graph["name"], "spec": graph["spec"], "algorithm": algorithm, "ranks": row["ranks"],
              "threads_requested": row["threads"], "sweep": row["sweep"], "repetition": rep}
    record.update(fields)
    if keep:
        record["source"] = graph["source"]
        if result["output"]:
            record["reached"] = count_reached(result["output"])
            os.remove(result["output"])
    if result["metrics"]:
        for key in EDDY_METRICS:
            record[key] = result["metrics"].get(key)
        if not args.no_per_superstep:
            record["per_superstep"] = result["metrics"].get("per_superstep", [])
    return record


def measure_baseline(args, baseline, program, graph, algorithm, ranks, rep):
    result, fields = accounted(args, lambda: run_baseline(args, program, baseline, graph, algorithm, ranks))
    record = {"graph": graph["name"], "spec": graph["spec"], "algorithm": algorithm, "baseline": baseline,
              "kernel": BASELINE_KERNELS[algorithm], "ranks": ranks, "repetition": rep}
    record.update(fields)
    if algorithm in SOURCE_ALGORITHMS:
        record["source"] = graph["source"]
    for key in BASELINE_FIELDS:
        if result["report"] and key in result["report"]:
            record[key] = result["report"][key]
    return record


def with_retries(args, measure_once, label, discarded):
    """measure_once() again while other processes disturbed it (up to --retries); returns the kept record."""
    for attempt in range(args.retries + 1):
        record = measure_once()
        if record["error"]:
            log("%s  FAILED %s" % (label, record["error"]))
            return record
        text = "%s  algorithm %.3f s" % (label, record["algorithm_seconds"])
        if "load_seconds" in record:
            text = "%s  load %.3f s  algorithm %.3f s  %d supersteps" % (
                label, record["load_seconds"], record["algorithm_seconds"], record["supersteps"])
        log("%s  (other processes: %.0f%% CPU)" % (text, 100 * (record["foreign_cpu_share"] or 0)))
        if not record["contended"] or attempt == args.retries:
            return record
        log("  other processes used the CPUs during this run -- discarded, running it again")
        discarded.append(record)
    return record
