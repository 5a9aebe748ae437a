"""What checkpoints cost: eddy run pagerank without and with --checkpoint-dir, its --resume, and an
eddy stream checkpoint (run_checkpoint_benchmarks.py).

Each graph is first converted to an eddy graph file (`eddy convert --graph SPEC [--undirected]
--output WORK/NAME.h5`, the recommended input, which run checkpoints link to as their graph instead
of copying it); --input text keeps the text or generated input, whose checkpoints write a copy of
the graph once, at the first checkpoint (counted in "s per checkpoint" and the overhead). Then for
each graph G and rank count R the driver runs, --runs times each:

  A  mpirun -np R eddy run pagerank --graph G --iterations I --tolerance 0 --top 1 --metrics M.json
  B  A with --checkpoint-dir D --checkpoint-every K --keep 2   (D emptied before each run)
  C  B with --resume, on a fresh copy of the D the last B left  (a copy: every C resumes alike)
  D  mpirun -np R eddy stream degree --graph G [--undirected] --updates U --batch-size S
         --checkpoint-dir D2 --checkpoint-every 1 --output-dir O   (once; U holds 3 batches)
  E  D with --resume, on a fresh copy of D2

A and B alternate (A, B, A, B, ...) so that the machine's drift hits both alike. --tolerance 0
makes every run do I iterations; --top 1 keeps eddy from printing every vertex's rank on standard
output (outside the timed part either way). C resumes from D's newest checkpoint, taken after
superstep I when K divides I, else after the last multiple of K, and does the supersteps left.

Columns:
  |V|                   vertices eddy loaded
  median s without      median algorithm_seconds of the A runs
  median s with         the same of the B runs, checkpoint writing included
  overhead %            (with / without - 1) * 100; the target is at most 10 %
  in-run overhead %     median over the B runs of: (checkpoint_write_seconds + what the supersteps
                        right after a checkpoint took beyond the run's median superstep) / the
                        rest of algorithm_seconds * 100. Within one process, so the machine's
                        drift between processes (up to 1.5x here) does not enter it
  checkpoints           checkpoints written per B run (checkpoints_written; all written, --keep
                        only prunes the directory)
  s per checkpoint      median over the B runs of checkpoint_write_seconds / checkpoints_written
  checkpoint MB         size of the newest D/checkpoint-*.h5 after a B run (10^6 bytes)
  restore s             median checkpoint_restore_seconds of the C runs: finding the newest valid
                        checkpoint, checking its checksums, reading it and restoring the ranks and
                        aggregators (the graph is loaded before)
  resumed at            the superstep the C runs started at (first_superstep)
  stream checkpoint MB  the newest checkpoint D left: the graph's edges, ids and stream position
  stream write s        median of D's writes (its `eddy: checkpoint PATH (X s)` lines)
  stream restore s      median over the E runs of X in `eddy: resumed from ... (X s)`: reading the
                        checkpoint and building the graph from it, instead of loading G

The checkpoint figures come from --metrics (checkpoints_written, checkpoint_write_seconds,
checkpoint_restore_seconds, first_superstep); for an eddy that does not write a key, from its
standard error (`eddy: checkpoint PATH (X s)`, `eddy: resumed from PATH: N supersteps done (X s)`).

Graphs (--graphs):
  kronecker-N  gen:kronecker:scale=N (:seed=S when --seed is not 1), read undirected. Its stream:
               `eddy generate --scale N --seed S --updates ...` (adds continue the Kronecker edge
               stream, 20 % deletes name an edge of the graph or an earlier add); the graph file
               generate must also write is deleted, the stream runs on the same gen: graph.
  cnr-2000     DATA/graphs/web/cnr-2000.el.gz, directed; skipped when absent. Any other name is an
               edge list file read directed. Its stream is made here as run_stream_benchmarks.py
               makes one (random.Random(--seed); 20 % deletes of present edges; adds join the source
               of one random edge to the target of another).

DATA is --data, else $EDDY_TEST_DATA, else the repository's ../shared/data. Before each run the
driver waits (--wait-idle) for idle CPUs and runs it again (--retries) when other processes used
more than --idle-threshold of the CPUs during it. Standard library only.
"""

import datetime
import glob
import json
import os
import re
import shlex
import shutil
import sys
import tempfile

from . import stream
from .graphs import data_dir, direction_args
from .machine import launcher, log
from .options import add_session_options, split_list, stream_and_checkpoint_parser
from .report import save, session, stats
from .runs import accounted, execute

STREAM_BATCHES = 3
DELETE_FRACTION = 0.2  # run_stream_benchmarks.py's default
OVERHEAD_TARGET = 10.0  # per cent
WRITE = re.compile(r"^eddy: checkpoint (.+) \(([0-9.]+) s\)$", re.M)
RESUMED = re.compile(r"^eddy: resumed from (.+): (\d+) (?:supersteps done|batches, \d+ updates taken) "
                     r"\(([0-9.]+) s\)$", re.M)


def parse_args(argv=None):
    p = stream_and_checkpoint_parser("run_checkpoint_benchmarks.py", __doc__)
    p.add_argument("--runs", type=int, default=3, help="runs of each kind (A, B, C and E below; default: 3)")
    p.add_argument("--iterations", type=int, default=60, help="PageRank iterations (default: 60)")
    p.add_argument("--every", type=int, default=10, help="checkpoint every K supersteps (default: 10)")
    p.add_argument("--stream-batch", type=int, default=1000,
                   help="updates per batch of the stream run, which applies %d batches (default: 1000)" % STREAM_BATCHES)
    p.add_argument("--seed", type=int, default=1, help="seed of the Kronecker graphs and the streams (default: 1)")
    p.add_argument("--input", choices=("hdf5", "text"), default="hdf5",
                   help="hdf5: run on an eddy graph file converted first (default); text: on the given input")
    add_session_options(p, "checkpoint.json", "streams, metrics and checkpoints")
    # stream.stream_graphs reads these: no --source here, and Kronecker graphs are read undirected.
    p.set_defaults(source=[], kronecker_directed=False)
    args = p.parse_args(argv)
    try:
        args.rank_list = [int(r) for r in split_list(args.ranks)]
    except ValueError as e:
        p.error(str(e))
    if not args.rank_list or min(args.rank_list) < 1:
        p.error("--ranks must be positive")
    if min(args.runs, args.iterations, args.every, args.stream_batch) < 1 or args.retries < 0:
        p.error("--runs, --iterations, --every and --stream-batch must be positive, --retries not negative")
    return args


def machine(args):
    """run_stream_benchmarks.py's description of the machine, the build and the commit."""
    return stream.machine_description(args)


# ---------------------------------------------------------------------------------------------
# Runs


def newest_checkpoint(directory):
    """(path, bytes) of the highest-numbered checkpoint-*.h5 (fixed-width numbers sort by name)."""
    found = sorted(glob.glob(os.path.join(glob.escape(directory), "checkpoint-*.h5")))
    return (found[-1], os.path.getsize(found[-1])) if found else (None, None)


def fresh_copy(src, dst, *empty):
    """dst as a copy of checkpoint directory src, made of hard links where it can (eddy opens a
    checkpoint read-only and replaces files only by renaming new ones into place); `empty` removed."""
    fresh(dst, *empty)
    def link(a, b):
        try:
            os.link(a, b)
        except OSError:
            shutil.copy2(a, b)
    shutil.copytree(src, dst, copy_function=link)


def run_eddy(args, cmd, metrics=None, ckdir=None, before=None):
    """One eddy run: its figures (metrics when `metrics` names the file, what its standard error says
    about checkpoints) and the newest checkpoint in `ckdir` afterwards. before() first makes the
    directories the run starts from, again for each retry."""
    if before:
        before()
    if metrics and os.path.exists(metrics):
        os.remove(metrics)
    proc, wall, err = execute(args, cmd)
    text = proc.stderr if proc is not None else ""
    m, ready, data = RESUMED.search(text), stream.READY.search(text), {}
    resumed = {"path": m.group(1), "done": int(m.group(2)), "seconds": float(m.group(3))} if m else None
    if err is None and metrics:
        try:
            with open(metrics) as f:
                data = json.load(f)
        except (OSError, ValueError) as e:
            err = "metrics: %s" % e
    result = {"wall": wall, "error": err, "command": cmd, "resumed": resumed,
              "writes": [float(x) for _, x in WRITE.findall(text)], "setup_seconds": ready and float(ready.group(3))}
    result["checkpoint_path"], result["checkpoint_bytes"] = newest_checkpoint(ckdir) if ckdir else (None, None)
    result.update(figures(data, result["writes"], resumed or {}))
    result["in_run_overhead_percent"] = in_run_overhead(data, args.every) if ckdir and not resumed else None
    return result


def in_run_overhead(m, every):
    """A B run's checkpoint cost measured inside the run, which the machine's drift between
    processes does not touch: the writes plus what the supersteps right after a checkpoint took
    beyond the median superstep (the file being forced to disk meanwhile), over the rest."""
    steps = [x["seconds"] for x in m.get("per_superstep", [])]
    if not steps or "checkpoint_write_seconds" not in m:
        return None
    typical = sorted(steps)[len(steps) // 2]
    after = [steps[k] for k in range(every, len(steps), every) if k < len(steps)]
    excess = sum(max(0.0, t - typical) for t in after)
    return 100.0 * (m["checkpoint_write_seconds"] + excess) / (m["algorithm_seconds"] - m["checkpoint_write_seconds"] - excess)


def figures(m, writes, resumed):
    """A run's checkpoint figures: from its metrics `m`, else (an older eddy; eddy stream) standard error."""
    got = {k: m.get(k) for k in ("vertices", "edges", "algorithm_seconds", "supersteps")}
    got["from_metrics"] = [k for k in ("checkpoints_written", "checkpoint_write_seconds",
                                       "checkpoint_restore_seconds", "first_superstep") if k in m]
    got["checkpoints_written"] = m.get("checkpoints_written", len(writes))
    got["checkpoint_write_seconds"] = m.get("checkpoint_write_seconds", sum(writes))
    got["checkpoint_restore_seconds"] = m.get("checkpoint_restore_seconds", resumed.get("seconds"))
    got["first_superstep"] = m.get("first_superstep", resumed.get("done")) if m else None
    # The algorithm's time outside its supersteps: in a resumed run, finding, checking and reading
    # the checkpoint; eddy's checkpoint_restore_seconds counts only the reading.
    steps = m.get("per_superstep")
    got["outside_supersteps_seconds"] = m["algorithm_seconds"] - sum(x["seconds"] for x in steps) if steps else None
    return got


def measured(args, label, kind, run):
    """A record of run() after waiting for idle CPUs; run again while other processes used the CPUs."""
    discarded = []
    for attempt in range(args.retries + 1):
        result, fields = accounted(args, run)
        record = {"kind": kind, **{k: v for k, v in result.items() if k != "wall"}, **fields}
        record["error"] = record["error"] or problem(record)
        if record["error"]:
            log("%s  FAILED %s" % (label, record["error"]))
            break
        log("%s  %s  (other processes: %.0f%% CPU)" % (label, describe(record), 100 * (record["foreign_cpu_share"] or 0)))
        if not record["contended"] or attempt == args.retries:
            break
        log("  other processes used the CPUs during this run -- discarded, running it again")
        discarded.append(record)
    record["discarded_runs"] = discarded
    return record


def problem(r):
    """What a run that exited 0 failed to do, or None: a resume that started from the beginning
    measured no restore, a stream without a checkpoint measured no write."""
    if r["kind"] == "restore" and not r["first_superstep"]:
        return "did not resume from a checkpoint"
    if r["kind"] == "stream-restore" and r["resumed"] is None:
        return "did not resume (no `eddy: resumed from ...` line)"
    return "no checkpoint written" if r["kind"] == "stream" and not r["writes"] else None


def describe(r):
    mb = (r["checkpoint_bytes"] or 0) / 1e6
    if r["kind"] == "stream":
        return "%d checkpoints, %.2f MB, %s s" % (len(r["writes"]), mb, " ".join("%.3f" % w for w in r["writes"]))
    if r["kind"] == "stream-restore":
        return "resumed from batch %d in %.3f s" % (r["resumed"]["done"], r["resumed"]["seconds"])
    out = "algorithm %.3f s" % r["algorithm_seconds"]
    if r["kind"] == "with":
        out += "  %d checkpoints, %.3f s writing, %.2f MB" % (r["checkpoints_written"], r["checkpoint_write_seconds"], mb)
    if r["kind"] == "restore":
        out += "  restore %.3f s, from superstep %d (%s s outside the supersteps)" % (
            r["checkpoint_restore_seconds"], r["first_superstep"], stream.fmt(r["outside_supersteps_seconds"], "%.3f"))
    return out


def pagerank_command(args, graph, ranks, metrics, ckdir=None, resume=False):
    cmd = launcher(args, ranks) + [args.eddy, "run", "pagerank", "--graph", graph["spec"]] + direction_args(graph)
    cmd += ["--iterations", str(args.iterations), "--tolerance", "0", "--top", "1", "--metrics", metrics]
    if ckdir:
        cmd += ["--checkpoint-dir", ckdir, "--checkpoint-every", str(args.every), "--keep", "2"]
    return cmd + (["--resume"] if resume else [])


def stream_command(args, graph, ranks, ckdir, out_dir, resume=False):
    cmd = launcher(args, ranks) + [args.eddy, "stream", "degree", "--graph", graph["spec"]] + direction_args(graph)
    cmd += ["--updates", graph["stream"], "--batch-size", str(args.stream_batch), "--checkpoint-dir", ckdir,
            "--checkpoint-every", "1", "--output-dir", out_dir]
    return cmd + (["--resume"] if resume else [])


def fresh(*dirs):
    for d in dirs:
        shutil.rmtree(d, ignore_errors=True)


def note(commands, *cmds):
    commands.extend(c for c in cmds if c not in commands)  # each once: the repetitions run the same


def measure(args, graph, ranks, work, commands):
    """The A-E runs of one graph at one rank count (see the top), as records."""
    tag = os.path.join(work, "%s-np%d" % (graph["name"], ranks))
    metrics, ckdir, again = tag + ".metrics.json", tag + ".checkpoints", tag + ".checkpoints-resume"
    name = "%-12s ranks=%d" % (graph["name"], ranks)
    records = []
    plain, with_ck = pagerank_command(args, graph, ranks, metrics), pagerank_command(args, graph, ranks, metrics, ckdir)
    for rep in range(1, args.runs + 1):
        records.append(measured(args, "%s without #%d" % (name, rep), "without",
                                lambda: run_eddy(args, plain, metrics)))
        records.append(measured(args, "%s with    #%d" % (name, rep), "with",
                                lambda: run_eddy(args, with_ck, metrics, ckdir, before=lambda: fresh(ckdir))))
    note(commands, plain, ["rm", "-rf", ckdir], with_ck)
    if newest_checkpoint(ckdir)[0]:
        resume = pagerank_command(args, graph, ranks, metrics, again, resume=True)
        for rep in range(1, args.runs + 1):
            records.append(measured(args, "%s restore #%d" % (name, rep), "restore",
                                    lambda: run_eddy(args, resume, metrics, before=lambda: fresh_copy(ckdir, again))))
        note(commands, ["rm", "-rf", again], ["cp", "-al", ckdir, again], resume)
    else:
        log("%s: no checkpoint in %s -- no restore runs" % (name, ckdir))

    sdir, sout = tag + ".stream-checkpoints", tag + ".stream-out"
    sagain, sout_again = sdir + "-resume", sout + "-resume"
    write = stream_command(args, graph, ranks, sdir, sout)
    records.append(measured(args, "%s stream" % name, "stream",
                            lambda: run_eddy(args, write, ckdir=sdir, before=lambda: fresh(sdir, sout))))
    note(commands, ["rm", "-rf", sdir, sout], write)
    if records[-1]["error"] is None:
        sresume = stream_command(args, graph, ranks, sagain, sout_again, resume=True)
        for rep in range(1, args.runs + 1):
            records.append(measured(args, "%s stream restore #%d" % (name, rep), "stream-restore", lambda: run_eddy(
                args, sresume, before=lambda: fresh_copy(sdir, sagain, sout_again))))
        note(commands, ["rm", "-rf", sagain, sout_again], ["cp", "-al", sdir, sagain], sresume)
    for r in records:
        r.update(graph=graph["name"], ranks=ranks)
    return records


def prepare_stream(args, graph, work, commands):
    """The stream file of --stream-batch x 3 updates (see the top)."""
    updates = STREAM_BATCHES * args.stream_batch
    graph["stream"] = os.path.join(work, graph["name"] + ".updates.txt")
    if graph["kind"] == "kronecker":
        base = os.path.join(work, graph["name"] + ".el")
        cmd = launcher(args, max(args.rank_list)) + [
            args.eddy, "generate", "--scale", str(graph["scale"]), "--seed", str(args.seed), "--output", base,
            "--updates", str(updates), "--updates-output", graph["stream"], "--delete-fraction", repr(DELETE_FRACTION)]
        stream.run_logged(args, cmd, commands, "%s: generating %d updates" % (graph["name"], updates))
        os.remove(base)  # generate must write the graph too; the runs generate it themselves
        graph["stream_rule"] = "eddy generate --seed %d: adds continue the Kronecker edge stream" % args.seed
    else:
        log("%s: making %d updates (seed %d): %s" % (graph["name"], updates, args.seed, graph["stream"]))
        stream.write_file_stream(stream.read_edges(graph["spec"]), graph["stream"], updates, DELETE_FRACTION, args.seed)
        graph["stream_rule"] = "made by the driver as run_stream_benchmarks.py makes one, seed %d" % args.seed
        commands.append("# %s: %s" % (graph["stream"], graph["stream_rule"]))


# ---------------------------------------------------------------------------------------------
# Report


def summarise(args, records):
    rows = []
    for key in dict.fromkeys((r["graph"], r["ranks"]) for r in records):
        mine = [r for r in records if (r["graph"], r["ranks"]) == key]
        ok = {k: [r for r in mine if r["kind"] == k and not r["error"]]
              for k in ("without", "with", "restore", "stream", "stream-restore")}

        def med(kind, f):
            return (stats([f(r) for r in ok[kind]]) or {}).get("median")
        row = {"graph": key[0], "ranks": key[1], "iterations": args.iterations, "every": args.every,
               "failed": sum(1 for r in mine if r["error"]),
               "vertices": next((r["vertices"] for r in mine if r.get("vertices")), None),
               "without_seconds": med("without", lambda r: r["algorithm_seconds"]),
               "with_seconds": med("with", lambda r: r["algorithm_seconds"]),
               "checkpoints": med("with", lambda r: r["checkpoints_written"]),
               "seconds_per_checkpoint": med("with", lambda r: r["checkpoint_write_seconds"] / r["checkpoints_written"]
                                             if r["checkpoints_written"] else None),
               "checkpoint_bytes": med("with", lambda r: r["checkpoint_bytes"]),
               "restore_seconds": med("restore", lambda r: r["checkpoint_restore_seconds"]),
               "resumed_at": med("restore", lambda r: r["first_superstep"]),
               "stream_checkpoint_bytes": med("stream", lambda r: r["checkpoint_bytes"]),
               "stream_write_seconds": (stats(sum((r["writes"] for r in ok["stream"]), [])) or {}).get("median"),
               "stream_restore_seconds": med("stream-restore", lambda r: r["resumed"]["seconds"])}
        row["in_run_overhead_percent"] = med("with", lambda r: r["in_run_overhead_percent"])
        if row["without_seconds"] and row["with_seconds"] is not None:
            row["overhead_percent"] = 100.0 * (row["with_seconds"] / row["without_seconds"] - 1.0)
        rows.append(row)
    return rows


def markdown(doc):
    m, a = doc["machine"], doc["settings"]
    lines = [
        "Checkpoints, measured %s–%s UTC on %s (%d CPUs, %s GiB), %s, commit %s; %s, %s build, %s." % (
            doc["started_utc"][:16].replace("T", " "), doc["finished_utc"][11:16], m["cpu_model"] or m["host"],
            m["cpus"], m["memory_gib"], m["platform"], m["commit"] or "unknown", m["compiler"] or "compiler unknown",
            m["build_type"] or "?", m["mpirun_version"] or "mpirun"),
        "",
        "pagerank: %d iterations (--tolerance 0), a checkpoint every %d supersteps, --keep 2, %d runs each "
        "(without and with alternating). Stream: degree, %d batches of %d updates, a checkpoint after every "
        "batch. Seed %d." % (a["iterations"], a["every"], a["runs"], STREAM_BATCHES, a["stream_batch"], a["seed"]),
        "",
    ]
    head = ["graph", "\\|V\\|", "ranks", "iterations", "every", "median s without", "median s with", "overhead %",
            "in-run overhead %", "checkpoints", "s per checkpoint", "checkpoint MB", "restore s", "resumed at", "stream checkpoint MB",
            "stream write s", "stream restore s"]
    lines += ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    fmt = stream.fmt
    for r in doc["summary"]:
        over = r.get("overhead_percent")
        lines.append("| " + " | ".join([
            r["graph"], "{:,}".format(r["vertices"]) if r["vertices"] else "–", str(r["ranks"]),
            str(r["iterations"]), str(r["every"]), fmt(r["without_seconds"], "%.3f"), fmt(r["with_seconds"], "%.3f"),
            fmt(over, "%+.1f") + (" ✗" if over is not None and over > OVERHEAD_TARGET else ""),
            fmt(r["in_run_overhead_percent"], "%+.1f") + (" ✗" if (r["in_run_overhead_percent"] or 0) > OVERHEAD_TARGET else ""),
            fmt(r["checkpoints"], "%g"), fmt(r["seconds_per_checkpoint"], "%.3f"),
            fmt(r["checkpoint_bytes"] and r["checkpoint_bytes"] / 1e6, "%.2f"), fmt(r["restore_seconds"], "%.3f"),
            fmt(r["resumed_at"], "%g"), fmt(r["stream_checkpoint_bytes"] and r["stream_checkpoint_bytes"] / 1e6, "%.2f"),
            fmt(r["stream_write_seconds"], "%.3f"), fmt(r["stream_restore_seconds"], "%.3f")]) + " |")
    lines += [
        "",
        "Medians; see `run_checkpoint_benchmarks.py --help`. Seconds: eddy's algorithm_seconds, checkpoint writes "
        "included; overhead = with / without − 1 (target ≤ %g %%, ✗ above); in-run overhead: the writes and the "
        "excess of the supersteps right after them over the median superstep, within each run. restore s: eddy's "
        "checkpoint_restore_seconds (reading the checkpoint; finding and checking it is not counted). Stream: its "
        "newest checkpoint, each write, a --resume rebuilding the graph from it. MB = 10^6 bytes." % OVERHEAD_TARGET,
    ]
    failed = [r for r in doc["summary"] if r["failed"]]
    if failed:
        lines.append("Failed runs (see the JSON): " + ", ".join("%s ranks=%d: %d" % (r["graph"], r["ranks"], r["failed"])
                                                              for r in failed) + ".")
    for g in doc["graphs"]:
        lines.append("%s: %s, %s; stream: %s." % (g["name"], g["spec"], "undirected" if g["undirected"] else "directed",
                                                g["stream_rule"]))
    lines += ["", "Commands (WORK = %s):" % doc["work_dir"], "", "```sh", "python3 " + shlex.join(doc["command"][1:])]
    for cmd in doc["commands"]:
        lines.append((cmd if isinstance(cmd, str) else shlex.join(cmd)).replace(doc["work_dir"], "WORK"))
    return "\n".join(lines + ["```"]) + "\n"


def main(argv=None):
    args = parse_args(argv)
    if not (os.path.isfile(args.eddy) and os.access(args.eddy, os.X_OK)):
        sys.exit("eddy executable not found: %s (build it, or pass --eddy PATH)" % args.eddy)
    if shutil.which(args.mpirun) is None:
        sys.exit("MPI launcher not found: %s" % args.mpirun)
    graphs = stream.stream_graphs(args)  # a missing file is reported and skipped
    if not graphs:
        sys.exit("no graphs to run (data directory: %s)" % data_dir(args))
    for g in graphs:
        if g["kind"] == "kronecker":
            g["spec"] = "gen:kronecker:scale=%d" % g["scale"] + (":seed=%d" % args.seed if args.seed != 1 else "")

    started = datetime.datetime.now(datetime.timezone.utc)
    info = machine(args)
    records, commands = [], []
    work = os.path.abspath(args.work_dir) if args.work_dir else tempfile.mkdtemp(prefix="eddy-checkpoint-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        for graph in graphs:
            prepare_stream(args, graph, work, commands)
            if args.input == "hdf5":
                converted = os.path.join(work, graph["name"] + ".h5")
                cmd = launcher(args, args.rank_list[0]) + [args.eddy, "convert", "--graph", graph["spec"]]
                cmd += direction_args(graph) + ["--output", converted]
                _, _, error = execute(args, cmd)
                if error:
                    sys.exit("converting %s failed: %s" % (graph["name"], error))
                note(commands, cmd)
                graph["spec"] = converted
            for ranks in args.rank_list:
                records += measure(args, graph, ranks, work, commands)
    finally:
        if not args.work_dir:
            shutil.rmtree(work, ignore_errors=True)

    doc = {**session(args, started), "machine": info, "work_dir": work,
           "settings": {k: getattr(args, k) for k in ("iterations", "every", "runs", "stream_batch", "seed",
                                                       "wait_idle", "idle_threshold", "retries")},
           "ranks": args.rank_list, "graphs": graphs, "summary": summarise(args, records), "runs": records,
           "commands": commands}
    save(doc, markdown(doc), args.out_json, args.out_markdown)
    return 1 if any(r["error"] for r in records) else 0
