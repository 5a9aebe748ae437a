"""Summaries (median, min, max) of the runs, the baselines beside eddy, and the Markdown table."""

import datetime
import json
import os
import statistics
import sys

from .machine import log
from .options import BASELINE_KERNELS


def stats(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def row_key(r):
    return (r["graph"], r["algorithm"], r["ranks"], r.get("threads_requested"), r.get("sweep", False))


def baseline_summary(runs, eddy_entry):
    ok = [r for r in runs if r["error"] is None]
    entry = {"ranks": runs[0]["ranks"], "runs": len(runs), "failed": len(runs) - len(ok)}
    if not ok:
        entry["error"] = runs[-1]["error"]
        return entry
    entry.update({
        "vertices": ok[0].get("vertices"),
        "arcs": ok[0].get("arcs"),
        "reached": ok[0].get("reached"),
        "algorithm_seconds": stats([r["algorithm_seconds"] for r in ok]),
        "wall_seconds": stats([r["wall_seconds"] for r in ok]),
        "peak_rss_bytes": stats([r.get("peak_rss_bytes") for r in ok]),
        "contended_runs": sum(1 for r in ok if r.get("contended")),
    })
    eddy_seconds = (eddy_entry.get("algorithm_seconds") or {}).get("median")
    if eddy_seconds:
        entry["eddy_speedup"] = entry["algorithm_seconds"]["median"] / eddy_seconds
    # The same graph and source must reach the same vertices; anything else means different inputs.
    for key in ("vertices", "reached"):
        if eddy_entry.get(key) is not None and entry.get(key) is not None:
            entry[key + "_match_eddy"] = entry[key] == eddy_entry[key]
    return entry


def summarise(runs, baseline_runs):
    groups = {}
    for r in runs:
        groups.setdefault(row_key(r), []).append(r)
    summary = []
    for key, rs in groups.items():
        graph, algorithm, ranks, threads, sweep = key
        ok = [r for r in rs if r["error"] is None]
        entry = {"graph": graph, "algorithm": algorithm, "ranks": ranks, "threads_requested": threads,
                 "sweep": sweep, "runs": len(rs), "failed": len(rs) - len(ok)}
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
        # bgl runs once per graph and algorithm (one process) and stands beside every rank count;
        # pbgl beside the rank count it ran at. Sweep rows are eddy's alone.
        entry["baselines"] = {}
        if not sweep:
            for name in sorted({b["baseline"] for b in baseline_runs}):
                mine = [b for b in baseline_runs if b["baseline"] == name and b["graph"] == graph
                        and b["algorithm"] == algorithm and (name == "bgl" or b["ranks"] == ranks)]
                if mine:
                    entry["baselines"][name] = baseline_summary(mine, entry)
        summary.append(entry)
    return summary


def fmt_int(x):
    return "%d" % x if float(x).is_integer() else "%.1f" % x


def baseline_cells(entry, name):
    if entry["sweep"]:
        return ["", ""]
    if entry["algorithm"] not in BASELINE_KERNELS:
        return ["n/a", ""]
    b = entry["baselines"].get(name)
    if b is None:
        return ["–", ""]
    if "algorithm_seconds" not in b:
        return ["failed", ""]
    speedup = "%.2f×" % b["eddy_speedup"] if "eddy_speedup" in b else ""
    return ["%.3f" % b["algorithm_seconds"]["median"], speedup]


def markdown(summary, baselines, cpus):
    head = ["graph", "algorithm", "ranks", "threads", "median load s", "median algorithm s", "algorithm min–max s",
            "supersteps", "MB sent", "peak RSS MB"]
    for name in baselines:
        head += ["%s median s" % name.upper(), "eddy vs %s" % name.upper()]
    lines = ["| " + " | ".join(head) + " |", "|---|---|" + "---:|" * (len(head) - 2)]
    oversubscribed = False
    for e in summary:
        ranks = str(e["ranks"])
        threads = str(e.get("threads") or e["threads_requested"] or "")
        if e["sweep"]:
            threads += " (unbound)"  # --threads-sweep: --bind-to none --threads T
        if e["ranks"] * (e["threads_requested"] or 1) > cpus:
            ranks += " †"
            oversubscribed = True
        cells = [e["graph"], e["algorithm"], ranks, threads]
        if "algorithm_seconds" not in e:
            cells += ["failed: %s" % e["error"]] + [""] * (len(head) - 5)
        else:
            a, steps = e["algorithm_seconds"], e["supersteps"]
            steps_text = fmt_int(steps["median"]) if steps["min"] == steps["max"] else "%s–%s" % (
                fmt_int(steps["min"]), fmt_int(steps["max"]))
            cells += ["%.3f" % e["load_seconds"]["median"], "%.3f" % a["median"], "%.3f–%.3f" % (a["min"], a["max"]),
                      steps_text, "%.1f" % (e["bytes_sent"]["median"] / 1e6), "%.0f" % (e["peak_rss_bytes"]["median"] / 1e6)]
            for name in baselines:
                cells += baseline_cells(e, name)
        lines.append("| " + " | ".join(cells) + " |")
    notes = []
    if oversubscribed:
        notes.append("† more ranks × threads than the machine's %d cores: oversubscribed, time-shared." % cpus)
    if baselines:
        notes.append("Baselines time the library call only; BGL is one sequential process (its 1-process time "
                     "stands beside every rank count), PBGL runs at the row's rank count; n/a: no kernel; "
                     "eddy vs X = X median / eddy median.")
    return "\n".join(lines + ([""] + notes if notes else [])) + "\n"


def save(doc, table, json_path, markdown_path):
    """Writes the raw results as JSON and, when asked, the table as Markdown; prints the table."""
    os.makedirs(os.path.dirname(os.path.abspath(json_path)), exist_ok=True)
    with open(json_path, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    log("results: %s" % json_path)
    if markdown_path:
        with open(markdown_path, "w") as f:
            f.write(table)
        log("table: %s" % markdown_path)
    print(table, end="")


def session(args, started):
    """What every results file starts with: when, the command, the eddy binary and the launcher."""
    return {
        "started_utc": started.isoformat(timespec="seconds"),
        "finished_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": [sys.executable] + sys.argv,
        "eddy": os.path.abspath(args.eddy),
        "mpirun": args.mpirun,
        "mpirun_args": args.mpirun_args,
    }
