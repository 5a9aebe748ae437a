"""Incremental PageRank over edge-update streams against PageRank from scratch (run_stream_benchmarks.py).

For each graph the driver makes a base graph and one stream of edge updates (a fraction of them
deletes), then for each batch fraction f runs

    mpirun -np R eddy stream pagerank --graph BASE --updates PREFIX --batch-size B
        --tolerance T --verify-every K --output-dir DIR

with B = round(f * |E|) (at least 1) and PREFIX the stream's first N * B updates, so the run
applies N batches to the same base graph. From DIR/metrics.jsonl it takes, over the N batches:

  median latency ms    latency_ms: applying a batch to the graph and bringing PageRank back
                       within the tolerance (the stream's reading is not included)
  updates/s            B / median latency
  from-scratch ms      recompute_ms of the verified batches (every K-th): a static PageRank to
                       the same tolerance on the graph after that batch, in the same process
  speedup              median from-scratch ms / median latency ms
  max L1 error         the largest L1 distance of a verified batch's ranks to a PageRank
                       converged 1000 times further (eddy fails the run above the tolerance)
  apply upd/s per rank median of updates / apply_ms / R: changing the graph alone
  setup s              loading the base graph and the initial PageRank (eddy's "ready" line)

One more run per graph (--ingest-batch, algorithm `degree`, which keeps out-degrees and
propagates nothing) measures the graph's ingestion alone with large batches.

Graphs (--graphs):
  kronecker-N  `eddy generate --scale N` (edge factor 16, --seed): the base graph, and a stream
               whose adds continue the Kronecker edge stream and whose deletes name an edge of the
               base or an earlier add, uniformly (one already deleted is counted as ignored). Read
               undirected, as in run_benchmarks.py (--kronecker-directed: directed).
  cnr-2000     DATA/graphs/web/cnr-2000.el.gz, directed; skipped when the file is absent. Any other
               name is taken as a SNAP-style edge list file read directed. The stream is made here
               from --seed: a delete removes an edge present at that point (of the base or an
               earlier add) chosen uniformly; an add joins the source of one random present edge
               to the target of another (adds follow the degree distributions), drawn again when
               that is a self loop or an edge already present. No new vertex ids.

DATA is --data, else $EDDY_TEST_DATA, else the repository's ../shared/data. Before each run the
driver waits (--wait-idle) for idle CPUs and runs it again (--retries) when other processes used
more than --idle-threshold of the CPUs during it. Standard library only.
"""

import datetime
import gzip
import json
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import sys
import tempfile
from array import array

from .graphs import KNOWN_GRAPHS, data_dir, resolve_graphs
from .machine import command_output, launcher, log
from .options import add_session_options, REPO, split_list, stream_and_checkpoint_parser
from .report import save, session
from .runs import accounted, execute

EDGE_FACTOR = 16  # eddy generate's default
READY = re.compile(r"ready on (\d+) vertices, (\d+) edges in ([0-9.]+) s")
GEN_SCALE = re.compile(r"^gen:kronecker:scale=(\d+)$")


def parse_args(argv=None):
    p = stream_and_checkpoint_parser("run_stream_benchmarks.py", __doc__)
    p.add_argument("--fractions", default="1e-6,1e-5,1e-4,1e-3",
                   help="batch sizes as fractions of the base graph's edges (default: 1e-6,1e-5,1e-4,1e-3)")
    p.add_argument("--batches", type=int, default=10, help="batches per run (default: 10)")
    p.add_argument("--verify-every", type=int, default=None,
                   help="verify (and time a from-scratch PageRank) every K batches (default: batches // 3, at least 1)")
    p.add_argument("--delete-fraction", type=float, default=0.2, help="share of deletes in the stream (default: 0.2)")
    p.add_argument("--tolerance", type=float, default=1e-6, help="PageRank L1 tolerance (default: 1e-6)")
    p.add_argument("--damping", type=float, default=0.85, help="PageRank damping factor (default: 0.85)")
    p.add_argument("--ingest-batch", type=int, default=1000000,
                   help="updates per batch of the ingestion run (algorithm degree); 0: no ingestion run "
                   "(default: 1000000)")
    p.add_argument("--ingest-batches", type=int, default=3, help="batches of the ingestion run (default: 3)")
    p.add_argument("--seed", type=int, default=1, help="seed of the graphs and streams (default: 1)")
    p.add_argument("--kronecker-directed", action="store_true",
                   help="read Kronecker graphs directed (default: undirected, as run_benchmarks.py)")
    p.add_argument("--threads", type=int, default=None, help="pass --threads N to eddy stream")
    add_session_options(p, "stream.json", "graphs, streams and metrics")
    p.set_defaults(source=[])  # graphs.resolve_graphs reads --source, which has no use here
    args = p.parse_args(argv)
    try:
        args.rank_list = [int(r) for r in split_list(args.ranks)]
        args.fraction_list = [float(f) for f in split_list(args.fractions)]
    except ValueError as e:
        p.error(str(e))
    if not args.rank_list or min(args.rank_list) < 1:
        p.error("--ranks must be positive")
    if not args.fraction_list or min(args.fraction_list) <= 0:
        p.error("--fractions must be positive")
    if args.batches < 1 or args.ingest_batches < 1 or args.ingest_batch < 0:
        p.error("--batches and --ingest-batches must be positive, --ingest-batch not negative")
    if args.verify_every is None:
        args.verify_every = max(1, args.batches // 3)
    if args.verify_every < 1:
        p.error("--verify-every must be positive")
    if not 0 <= args.delete_fraction <= 1:
        p.error("--delete-fraction must lie in [0, 1]")
    return args


# ---------------------------------------------------------------------------------------------
# The machine and the build


def cmake_cache(eddy):
    """CMAKE_CXX_COMPILER and CMAKE_BUILD_TYPE of the build that holds eddy (BUILD/bin/eddy)."""
    found = {}
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(eddy))), "CMakeCache.txt")
    try:
        with open(path) as f:
            for line in f:
                key, _, value = line.strip().partition("=")
                name = key.split(":")[0]
                if name in ("CMAKE_CXX_COMPILER", "CMAKE_BUILD_TYPE"):
                    found[name] = value
    except OSError:
        pass
    return found


def first_line(text):
    return (text or "").splitlines()[0] if text else ""


def machine_description(args):
    info = {"host": platform.node(), "platform": platform.platform(), "cpus": os.cpu_count() or 1,
            "python": platform.python_version()}
    try:
        with open("/proc/cpuinfo") as f:
            models = [l.split(":", 1)[1].strip() for l in f if l.startswith("model name")]
        info["cpu_model"] = models[0] if models else None
    except OSError:
        info["cpu_model"] = None
    try:
        with open("/proc/meminfo") as f:
            kb = next(int(l.split()[1]) for l in f if l.startswith("MemTotal:"))
        info["memory_gib"] = round(kb / 2 ** 20, 1)
    except (OSError, StopIteration, ValueError):
        info["memory_gib"] = None
    info["mpirun_version"] = first_line(command_output([args.mpirun, "--version"]))
    cache = cmake_cache(args.eddy)
    info["build_type"] = cache.get("CMAKE_BUILD_TYPE")
    info["compiler"] = first_line(command_output([cache["CMAKE_CXX_COMPILER"], "--version"])) if cache.get(
        "CMAKE_CXX_COMPILER") else None
    info["eddy_version"] = first_line(command_output([args.eddy, "--version"]))
    commit = first_line(command_output(["git", "-C", REPO, "rev-parse", "--short", "HEAD"]))
    dirty = command_output(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"])
    info["commit"] = (commit + (" with local changes" if dirty else "")) if commit else None
    return info


# ---------------------------------------------------------------------------------------------
# Graphs and streams


def stream_graphs(args):
    """Graph records: name, kind (kronecker with its scale, or file with its spec), undirected."""
    graphs = []
    for name in split_list(args.graphs):
        known = KNOWN_GRAPHS.get(name, (name, None))[0]
        m = re.match(r"^kronecker-(\d+)$", name) or GEN_SCALE.match(known)
        if m:
            scale = int(m.group(1))
            graphs.append({"name": "kronecker-%d" % scale, "kind": "kronecker", "scale": scale,
                           "edge_factor": EDGE_FACTOR, "edges": EDGE_FACTOR << scale,
                           "undirected": not args.kronecker_directed})
            continue
        if known.startswith("gen:"):
            sys.exit("graph %s: only Kronecker graphs (kronecker-N) can be generated with a stream" % name)
        for g in resolve_graphs(args, data_dir(args), [name]):  # a missing file is reported and skipped
            graphs.append({"name": g["name"], "kind": "file", "spec": g["spec"], "undirected": False})
    return graphs


def needed_updates(args, edges):
    largest = max(batch_size(f, edges) for f in args.fraction_list) * args.batches
    return max(largest, args.ingest_batch * args.ingest_batches)


def batch_size(fraction, edges):
    return max(1, int(round(fraction * edges)))


def run_logged(args, cmd, commands, what):
    log("%s: %s" % (what, shlex.join(cmd)))
    commands.append(cmd)
    proc, wall, err = execute(args, cmd)
    if err:
        sys.exit("%s failed: %s" % (what, err))
    return wall


def prepare_kronecker(args, graph, work, commands):
    base = os.path.join(work, graph["name"] + ".el")
    ups = os.path.join(work, graph["name"] + ".updates.txt")
    updates = needed_updates(args, graph["edges"])
    cmd = launcher(args, max(args.rank_list)) + [
        args.eddy, "generate", "--scale", str(graph["scale"]), "--edge-factor", str(graph["edge_factor"]),
        "--seed", str(args.seed), "--output", base, "--updates", str(updates), "--updates-output", ups,
        "--delete-fraction", repr(args.delete_fraction)]
    wall = run_logged(args, cmd, commands, "%s: generating the graph and %d updates" % (graph["name"], updates))
    graph.update({"base": base, "stream": ups, "stream_updates": updates, "generate_seconds": round(wall, 3),
                  "stream_rule": "eddy generate: adds continue the Kronecker edge stream, deletes name an edge "
                                 "of the base or an earlier add uniformly"})


def read_edges(path):
    """Distinct (src, dst) pairs of an edge list, in file order, as two arrays; and the line count."""
    opener = gzip.open if path.endswith(".gz") else open
    src, dst, present, lines = array("q"), array("q"), set(), 0
    with opener(path, "rt") as f:
        for line in f:
            fields = line.split()
            if not fields or fields[0][0] in "#%":
                continue
            lines += 1
            s, d = int(fields[0]), int(fields[1])
            key = (s << 32) | d
            if key in present:
                continue
            present.add(key)
            src.append(s)
            dst.append(d)
    return src, dst, present, lines


def write_file_stream(edges, out, updates, delete_fraction, seed):
    """Writes the stream over `edges` (read_edges; consumed) as described at the top; returns (adds, deletes)."""
    src, dst, present, _ = edges
    rng = random.Random(seed)
    adds = deletes = 0
    chunk = []
    with open(out, "w") as f:
        for _ in range(updates):
            n = len(src)
            if n and rng.random() < delete_fraction:
                k = rng.randrange(n)
                s, d = src[k], dst[k]
                src[k], dst[k] = src[-1], dst[-1]  # swap-remove: every present edge stays equally likely
                src.pop()
                dst.pop()
                present.discard((s << 32) | d)
                chunk.append("d %d %d\n" % (s, d))
                deletes += 1
            else:
                for _attempt in range(1000):
                    s, d = src[rng.randrange(n)], dst[rng.randrange(n)]
                    if s != d and ((s << 32) | d) not in present:
                        break
                present.add((s << 32) | d)
                src.append(s)
                dst.append(d)
                chunk.append("a %d %d\n" % (s, d))
                adds += 1
            if len(chunk) >= 65536:
                f.write("".join(chunk))
                chunk = []
        f.write("".join(chunk))
    return adds, deletes


def prepare_file(args, graph, work):
    ups = os.path.join(work, graph["name"] + ".updates.txt")
    edges = read_edges(graph["spec"])
    lines = edges[3]
    if lines != len(edges[0]):
        log("%s: %d lines, %d distinct edges" % (graph["name"], lines, len(edges[0])))
    updates = needed_updates(args, lines)
    log("%s: making %d updates (delete fraction %g, seed %d): %s" % (
        graph["name"], updates, args.delete_fraction, args.seed, ups))
    adds, deletes = write_file_stream(edges, ups, updates, args.delete_fraction, args.seed)
    del edges
    graph.update({"base": graph["spec"], "edges": lines, "stream": ups, "stream_updates": updates,
                  "stream_adds": adds, "stream_deletes": deletes,
                  "stream_rule": "made by the driver (Python random.Random(%d)): deletes remove a present edge "
                                 "uniformly, adds join the source of a random present edge to the target of "
                                 "another (no self loops, no present edges)" % args.seed})


def stream_prefix(graph, updates, work):
    """A file with the stream's first `updates` updates (the stream itself when that is all of it)."""
    if updates >= graph["stream_updates"]:
        return graph["stream"]
    path = os.path.join(work, "%s.updates-%d.txt" % (graph["name"], updates))
    if not os.path.exists(path):
        with open(graph["stream"]) as f, open(path, "w") as out:
            for i, line in enumerate(f):
                if i == updates:
                    break
                out.write(line)
    return path


# ---------------------------------------------------------------------------------------------
# Runs


def stream_command(args, graph, algorithm, ranks, updates_file, batch, out_dir, verify):
    cmd = launcher(args, ranks) + [args.eddy, "stream", algorithm, "--graph", graph["base"]]
    if graph["undirected"]:
        cmd.append("--undirected")
    cmd += ["--updates", updates_file, "--batch-size", str(batch), "--output-dir", out_dir]
    if algorithm == "pagerank":
        cmd += ["--tolerance", repr(args.tolerance), "--damping", repr(args.damping)]
    if verify:
        cmd += ["--verify-every", str(args.verify_every)]
    if args.threads is not None:
        cmd += ["--threads", str(args.threads)]
    return cmd


def eddy_error(stderr):
    """eddy's own complaint in a failed run's standard error: its lines before mpirun's banner,
    progress lines left out."""
    lines = []
    for line in stderr.splitlines():
        if line.startswith("-----"):
            break
        if line.strip() and (not line.startswith("eddy: ") or "error" in line):
            lines.append(line.strip())
    return " | ".join(lines[-3:]) or " | ".join(stderr.splitlines()[-3:])


def run_stream(args, cmd, out_dir):
    """One `eddy stream` run: {batches (metrics.jsonl lines), setup, wall, error, command}."""
    shutil.rmtree(out_dir, ignore_errors=True)
    proc, wall, err = execute(args, cmd)
    result = {"wall": wall, "error": err, "command": cmd, "batches": [], "setup": None}
    metrics = os.path.join(out_dir, "metrics.jsonl")
    if os.path.exists(metrics):
        with open(metrics) as f:
            result["batches"] = [json.loads(line) for line in f if line.strip()]
    if proc is not None and err and proc.returncode != 0:
        result["error"] = "exit %d: %s" % (proc.returncode, eddy_error(proc.stderr))
    if proc is not None:
        m = READY.search(proc.stderr)
        if m:
            result["setup"] = {"vertices": int(m.group(1)), "edges": int(m.group(2)), "seconds": float(m.group(3))}
    if err is None and not result["batches"]:
        result["error"] = "no batches in %s" % metrics
    return result


def stats(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "count": len(values)}


def summarise_run(record, ranks):
    batches = record["batches"]
    latency = stats([b["latency_ms"] for b in batches])
    recompute = stats([b["recompute_ms"] for b in batches if "recompute_ms" in b])
    apply_rate = stats([b["updates"] / (b["apply_ms"] / 1000.0) / ranks for b in batches if b["apply_ms"] > 0])
    errors = [b["error"] for b in batches if "error" in b]
    out = {
        "latency_ms": latency,
        "apply_ms": stats([b["apply_ms"] for b in batches]),
        "updates_per_second": record["batch_size"] / (latency["median"] / 1000.0) if latency and latency["median"] > 0 else None,
        "recompute_ms": recompute,
        "speedup": recompute["median"] / latency["median"] if recompute and latency and latency["median"] > 0 else None,
        "max_error": max(errors) if errors else None,
        "verified_batches": len(errors),
        "apply_updates_per_second_per_rank": apply_rate,
        "supersteps": stats([b.get("supersteps") for b in batches]),
        "touched": stats([b.get("touched") for b in batches]),
        "updates": sum(b["updates"] for b in batches),
        "adds": sum(b["adds"] for b in batches),
        "deletes": sum(b["deletes"] for b in batches),
        "ignored": sum(b["ignored"] for b in batches),
        "new_vertices": sum(b.get("new_vertices", 0) for b in batches),
    }
    return out


def measure(args, graph, algorithm, ranks, fraction, batch, batches, work, commands):
    updates = batch * batches
    updates_file = stream_prefix(graph, updates, work)
    out_dir = os.path.join(work, "out-%s-%s-np%d-b%d" % (graph["name"], algorithm, ranks, batch))
    cmd = stream_command(args, graph, algorithm, ranks, updates_file, batch, out_dir, algorithm == "pagerank")
    label = "%-14s %-8s ranks=%d batch=%d x %d" % (graph["name"], algorithm, ranks, batch, batches)
    discarded = []
    for attempt in range(args.retries + 1):
        result, fields = accounted(args, lambda: run_stream(args, cmd, out_dir))
        record = {"graph": graph["name"], "algorithm": algorithm, "ranks": ranks, "fraction": fraction,
                  "batch_size": batch, "batches_requested": batches, "updates_file": updates_file,
                  "verify_every": args.verify_every if algorithm == "pagerank" else None,
                  "setup": result["setup"], "batches": result["batches"]}
        record.update(fields)
        record.update(summarise_run(record, ranks) if result["batches"] else {})
        if record["error"]:
            log("%s  FAILED %s" % (label, record["error"]))
            break
        lat = record["latency_ms"]["median"]
        text = "%s  latency %.3f ms  %.0f updates/s" % (label, lat, record["updates_per_second"])
        if record["recompute_ms"]:
            text += "  from scratch %.1f ms (%.1fx)  max L1 %.2g" % (
                record["recompute_ms"]["median"], record["speedup"], record["max_error"])
        log("%s  (other processes: %.0f%% CPU)" % (text, 100 * (record["foreign_cpu_share"] or 0)))
        if not record["contended"] or attempt == args.retries:
            break
        log("  other processes used the CPUs during this run -- discarded, running it again")
        discarded.append(record)
    commands.append(cmd)
    record["discarded_runs"] = discarded
    return record


# ---------------------------------------------------------------------------------------------
# Report


def fmt(x, spec):
    return "–" if x is None else spec % x


def fmt_rate(x):
    if x is None:
        return "–"
    return "%.2f M" % (x / 1e6) if x >= 1e6 else "%.0f k" % (x / 1e3) if x >= 1e4 else "%.0f" % x


def markdown(doc):
    m = doc["machine"]
    a = doc["settings"]
    lines = [
        "Streaming PageRank, measured %s–%s UTC on %s (%d CPUs, %s GiB), %s, commit %s; %s, %s build, %s." % (
            doc["started_utc"][:16].replace("T", " "), doc["finished_utc"][11:16], m["cpu_model"] or m["host"],
            m["cpus"], m["memory_gib"],
            m["platform"], m["commit"] or "unknown", m["compiler"] or "compiler unknown", m["build_type"] or "?",
            m["mpirun_version"] or "mpirun"),
        "",
        "Tolerance %g (L1), damping %g, %d batches per run, verified every %d, delete fraction %g, seed %d." % (
            a["tolerance"], a["damping"], a["batches"], a["verify_every"], a["delete_fraction"], a["seed"]),
        "",
    ]
    head = ["graph", "\\|E\\|", "ranks", "algorithm", "batch fraction", "batch size", "median latency ms",
            "updates/s", "from-scratch ms", "speedup", "max L1 error", "apply upd/s per rank", "ignored", "setup s"]
    lines += ["| " + " | ".join(head) + " |", "|---|---:|---:|---|---:|" + "---:|" * (len(head) - 5)]
    for r in doc["runs"]:
        g = next(g for g in doc["graphs"] if g["name"] == r["graph"])
        cells = [r["graph"], "{:,}".format(g["edges"]), str(r["ranks"]), r["algorithm"],
                 "%g" % r["fraction"] if r["fraction"] is not None else "–", "{:,}".format(r["batch_size"])]
        if r["error"] or not r.get("latency_ms"):
            cells += ["failed: %s" % (r["error"] or "no batches").replace("|", "/")] + [""] * (len(head) - 7)
        else:
            rec = r["recompute_ms"]
            cells += [fmt(r["latency_ms"]["median"], "%.2f"), fmt_rate(r["updates_per_second"]),
                      fmt(rec and rec["median"], "%.1f"), fmt(r["speedup"], "%.1f×"),
                      fmt(r["max_error"], "%.2g"),
                      fmt_rate(r["apply_updates_per_second_per_rank"] and
                               r["apply_updates_per_second_per_rank"]["median"]),
                      "%.0f%%" % (100.0 * r["ignored"] / r["updates"]) if r["updates"] else "–",
                      fmt(r["setup"] and r["setup"]["seconds"], "%.2f")]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "Medians over the batches of one run. Latency: applying a batch and bringing the ranks back within the "
        "tolerance. From scratch: static PageRank to the same tolerance on the graph after each verified batch, "
        "same process; speedup = its median / the median latency. apply upd/s per rank: updates / apply time / "
        "ranks (changing the graph alone); the `degree` row propagates nothing. Ignored: updates that changed "
        "nothing (an add of a present edge, a delete of an absent one), counted in updates/s. Setup: loading "
        "the base graph and the initial PageRank.",
    ]
    for g in doc["graphs"]:
        loaded = [r["setup"]["edges"] for r in doc["runs"] if r["graph"] == g["name"] and r.get("setup")]
        kept = " (eddy keeps %s distinct edges)" % "{:,}".format(loaded[0]) if loaded and loaded[0] != g["edges"] else ""
        lines.append("%s: %s edges%s, %s; stream: %s." % (
            g["name"], "{:,}".format(g["edges"]), kept, "undirected" if g["undirected"] else "directed",
            g["stream_rule"]))
    lines += ["", "Commands (WORK = %s):" % doc["work_dir"], "", "```sh", "python3 " + shlex.join(doc["command"][1:])]
    for cmd in doc["commands"]:
        lines.append(shlex.join(cmd).replace(doc["work_dir"], "WORK"))
    lines.append("```")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------


def main(argv=None):
    args = parse_args(argv)
    if not (os.path.isfile(args.eddy) and os.access(args.eddy, os.X_OK)):
        sys.exit("eddy executable not found: %s (build it, or pass --eddy PATH)" % args.eddy)
    if shutil.which(args.mpirun) is None:
        sys.exit("MPI launcher not found: %s" % args.mpirun)
    graphs = stream_graphs(args)
    if not graphs:
        sys.exit("no graphs to run (data directory: %s)" % data_dir(args))

    started = datetime.datetime.now(datetime.timezone.utc)
    machine = machine_description(args)
    runs, commands = [], []
    work = os.path.abspath(args.work_dir) if args.work_dir else tempfile.mkdtemp(prefix="eddy-stream-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        for graph in graphs:
            if graph["kind"] == "kronecker":
                prepare_kronecker(args, graph, work, commands)
            else:
                prepare_file(args, graph, work)
            for ranks in args.rank_list:
                for fraction in args.fraction_list:
                    batch = batch_size(fraction, graph["edges"])
                    runs.append(measure(args, graph, "pagerank", ranks, fraction, batch, args.batches, work, commands))
                if args.ingest_batch:
                    runs.append(measure(args, graph, "degree", ranks, None, args.ingest_batch, args.ingest_batches,
                                        work, commands))
    finally:
        if not args.work_dir:
            shutil.rmtree(work, ignore_errors=True)

    doc = {
        **session(args, started),
        "machine": machine,
        "work_dir": work,
        "settings": {k: getattr(args, k) for k in (
            "tolerance", "damping", "batches", "verify_every", "delete_fraction", "seed", "ingest_batch",
            "ingest_batches", "threads", "wait_idle", "idle_threshold", "retries")},
        "ranks": args.rank_list,
        "fractions": args.fraction_list,
        "graphs": graphs,
        "runs": runs,
        "commands": commands,
    }
    table = markdown(doc)
    save(doc, table, args.out_json, args.out_markdown)
    return 1 if any(r["error"] for r in runs) else 0
