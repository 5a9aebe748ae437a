#!/usr/bin/python3
"""End-to-end tests of `eddy stream`: results after every batch against networkx, metrics against
a Python model of the edge set, event-time windows against a model of their documented rules,
standard input and TCP sources, malformed input and usage errors.

usage: check_stream.py MPIEXEC EDDY CASE        (check_stream.py --list prints the cases)

Cases (npN: at N ranks):
  incremental.ALGORITHM.MODE.npN  ALGORITHM (pagerank, wcc, bfs, sssp, degree) on a directed or
        undirected graph, --emit every: every batch file and final.txt against networkx, every
        metrics.jsonl line against the model; once from a base graph (--graph), once from nothing
        (the bfs/sssp source appearing in a later batch; PageRank with --damping 0.7).
        The streams mix adds (some of new vertices, ids up to 2^64-1), deletes of present and
        absent edges, adds of present edges, a d/a/d or a/d/a toggle of one edge inside every
        batch, `d 5 3` for an undirected edge 3-5, self-loops, reweights and weighted adds for
        sssp, comments, blank lines, tabs and CRLF.
  incremental.ALGORITHM.large.np4  the same on 400 vertices in batches of 100 updates.
  verify.npN       --verify-every 1 (every algorithm) and 3: exit 0, "error" within the contract.
  window.MODE.npN  --window/--slide/--max-out-of-orderness on timed updates (degree): after every
        batch the graph holds the edges whose latest add lies in [E-W, E) and no delete followed;
        window_end, late and the counts of metrics.jsonl; --late-output lines or the late-update
        messages (FILE:LINE) on standard error; a slide longer than the window; negative times.
  window.snap.npN  the same with --updates-format snap-temporal.
  window.untimed   an update without TIME in a window run: exit 3, FILE:LINE.
  source.stdin.npN --updates - (and the final result on standard output).
  source.tcp.npN   --updates tcp://127.0.0.1:0: chunks cut mid-line with pauses; a batch is applied
        as soon as its last update arrived, before the peer sends more.
  source.tcp-window  a window fires on a live TCP stream once the watermark passes its end.
  source.files     gzip (by name and by content), a named pipe, a last line without a newline, a
        stream without updates.
  malformed.npN    a bad line 8 with --batch-size 5: exit 3, one FILE:8 message, batch 1 only,
        no final.txt; malformed.fields, malformed.values: more bad lines, each exit 3 with its
        FILE:LINE and only the batches before it applied.
  usage.GROUP.npN  usage errors (options: rejected by the parser; checks: by eddy) exit 2 with one
        message and write no result; usage.help: --help lists the options.
  top.npN          --emit top:K prints the K largest `vertex value` lines (ties by id) per batch.

Set EDDY_STREAM_KEEP=DIR to keep the files of a run in DIR.
"""
import os
import random
import shutil
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import case_driver  # noqa: E402
from stream_model import (  # noqa: E402
    compare_values, degrees, expected_values, Failure, format_update, GraphModel, read_values,
    simulate_window, StreamMaker, top_values, window_contents, window_events, write_stream)

from stream_run import (  # noqa: E402
    networkx_start, ALGORITHMS, based_stream, batch_file, check_record, check_run, cut,
    first_seen, mode_flag, RANKS, read_metrics)
from stream_sources import check_files, check_stdin, check_tcp, check_tcp_window  # noqa: E402


# ---------------------------------------------------------------------------------------------
# incremental.ALGORITHM.MODE.npN


def check_incremental(ctx, algorithm, directed, np):
    rng = random.Random(ctx.seed)
    weighted = algorithm == "sssp"
    extra = [mode_flag(directed)]
    if np > 1 and not directed:
        extra += ["--partition", "hash"]
    if algorithm == "sssp" and np == 2:
        extra.append("--weighted")

    # From a base graph.
    size = 20
    maker, base, base_path, updates, updates_path, source = based_stream(ctx, rng, directed, weighted, "based",
                                                                         size=size)
    with_source = ["--source", source] if algorithm in ("bfs", "sssp") else []
    out = ctx.path("based")
    ctx.run(np, [algorithm, "--graph", base_path, "--updates", updates_path, "--batch-size", size, "--emit",
                 "every", "--output-dir", out, *with_source, *extra])
    check_run(out, algorithm, directed, base, cut(updates, size), source, f"{algorithm} from {base_path}")

    # From nothing: the first batch names only a few vertices; the source appears later. PageRank
    # with another damping factor.
    maker.empty()
    size = 15
    first = maker.batch(size, vertices=maker.pool[:10])
    updates = first + [u for _ in range(5) for u in maker.batch(size)]
    batches = cut(updates, size)
    seen = first_seen(batches)
    later = sorted(v for v, index in seen.items() if index >= 2)
    source = later[0] if later else 999999
    with_source = ["--source", source] if algorithm in ("bfs", "sssp") else []
    damping = 0.7 if algorithm == "pagerank" else 0.85
    if algorithm == "pagerank":
        with_source = ["--damping", damping, "--tolerance", 1e-9]
    updates_path, out = ctx.path("empty.txt"), ctx.path("empty")
    write_stream(updates_path, updates, rng)
    ctx.run(np, [algorithm, "--updates", updates_path, "--batch-size", size, "--emit", "every", "--output-dir", out,
                 *with_source, mode_flag(directed)])
    check_run(out, algorithm, directed, [], batches, source, f"{algorithm} from an empty graph", damping)
    return 0


def check_large(ctx, algorithm, np):
    """A larger sparse graph (components split and merge, paths lengthen) in batches of 100."""
    rng = random.Random(ctx.seed)
    for directed in [True, False]:
        name = f"large-{mode_flag(directed)[2:]}"
        _, base, base_path, updates, updates_path, source = based_stream(
            ctx, rng, directed, algorithm == "sssp", name, batches=10, size=100, vertices=400, edges=600)
        with_source = ["--source", source] if algorithm in ("bfs", "sssp") else []
        out = ctx.path(name)
        ctx.run(np, [algorithm, "--graph", base_path, "--updates", updates_path, "--batch-size", 100, "--emit",
                     "every", "--output-dir", out, "--partition", "hash" if directed else "chunk", *with_source,
                     mode_flag(directed)])
        check_run(out, algorithm, directed, base, cut(updates, 100), source, f"{algorithm} from {base_path}")
    return 0


# ---------------------------------------------------------------------------------------------
# verify.npN


def check_verify(ctx, np):
    rng = random.Random(ctx.seed)
    for algorithm in ALGORITHMS:
        for directed, every in [(True, 1), (False, 3)]:
            if not directed and algorithm not in ("pagerank", "wcc", "sssp"):
                continue
            name = f"{algorithm}-{mode_flag(directed)[2:]}"
            _, base, base_path, updates, updates_path, source = based_stream(ctx, rng, directed, algorithm == "sssp",
                                                                             name, batches=7, size=15)
            with_source = ["--source", source] if algorithm in ("bfs", "sssp") else []
            out = ctx.path(name)
            ctx.run(np, [algorithm, "--graph", base_path, "--updates", updates_path, "--batch-size", 15,
                         "--output-dir", out, "--verify-every", every, "--partition", "hash", *with_source,
                         mode_flag(directed)])
            records = read_metrics(out)
            batches = cut(updates, 15)
            if len(records) != len(batches):
                raise Failure(f"{name}: {len(records)} metrics lines, expected {len(batches)}")
            for number, record in enumerate(records, 1):
                where = f"{name} --verify-every {every}: batch {number}"
                if number % every != 0:
                    if "error" in record:
                        raise Failure(f"{where}: carries an error without a verification ({record})")
                    continue
                if "error" not in record or "recompute_ms" not in record:
                    raise Failure(f"{where}: no error/recompute_ms ({record})")
                limit = 1e-7 if algorithm == "pagerank" else 0
                if not 0 <= record["error"] <= limit:
                    raise Failure(f"{where}: error {record['error']}, expected within [0, {limit}]")
    return 0


# ---------------------------------------------------------------------------------------------
# window.MODE.npN, window.snap.npN


def parse_late(path):
    events = []
    with open(path, encoding="ascii") as f:
        for number, line in enumerate(f, 1):
            fields = line.split()
            where = f"{path}:{number}"
            if not fields or fields[0] not in ("a", "d", "u"):
                raise Failure(f"{where}: not an eddy update line: {line!r}")
            want = 4 if fields[0] == "d" else 5
            if len(fields) != want:
                raise Failure(f"{where}: {len(fields)} fields, expected {want}: {line!r}")
            weight = None if fields[0] == "d" else float(fields[3])
            events.append((fields[0], int(fields[1]), int(fields[2]), weight, int(fields[-1])))
    return events


def same_late(got, want, directed):
    """Late updates as written (weights with 15 significant digits) against the model's."""
    def norm(event):
        kind, src, dst, weight, t = event
        if not directed:
            src, dst = min(src, dst), max(src, dst)
        return kind, src, dst, None if kind == "d" else (1.0 if weight is None else weight), t

    if len(got) != len(want):
        return False
    for a, b in zip(map(norm, got), map(norm, want)):
        if a[:3] + a[4:] != b[:3] + b[4:]:
            return False
        if a[3] is not None and not abs(a[3] - b[3]) <= 1e-14 * max(1.0, abs(b[3])):
            return False
    return True


def check_window_run(ctx, np, name, events, directed, size, slide, lateness, late_output, snap=False):
    path = ctx.path(name + ".txt")
    if snap:
        lines = ["% a SNAP temporal network", "# src dst time"]
        numbers = []
        for index, (_, src, dst, _, t) in enumerate(events):
            if index % 17 == 0:
                lines += ["% comment", ""]
            lines.append(f"{src}\t{dst}  {t}" if index % 5 == 0 else f"{src} {dst} {t}")
            numbers.append(len(lines))
        with open(path, "w", encoding="ascii") as f:
            f.write("".join(line + "\n" for line in lines))
    else:
        numbers = write_stream(path, events, random.Random(ctx.seed))
    out = ctx.path(name)
    late_path = ctx.path(name + ".late")
    args = ["degree", "--updates", path, "--window", size, "--slide", slide, "--emit", "every", "--output-dir", out,
            mode_flag(directed)]
    if lateness:
        args += ["--max-out-of-orderness", lateness]
    if late_output:
        args += ["--late-output", late_path]
    if snap:
        args += ["--updates-format", "snap-temporal"]
    done = ctx.run(np, args)

    batches, late, accepted = simulate_window(events, size, slide, lateness, directed)
    where = f"{name} (--window {size} --slide {slide} --max-out-of-orderness {lateness})"
    records = read_metrics(out)
    if len(records) != len(batches):
        raise Failure(f"{where}: {len(records)} batches, expected {len(batches)} "
                      f"(window ends {[r.get('window_end') for r in records]}, expected {[b['end'] for b in batches]})")
    model = GraphModel(directed)
    values = {}
    for number, (record, batch) in enumerate(zip(records, batches), 1):
        counts = model.apply(batch["updates"])
        check_record(record, number, counts, where, late=batch["late"], window_end=batch["end"])
        vertices, edges = window_contents(accepted, batch["end"], size, directed)
        if vertices != model.vertices or edges != set(model.edges):
            raise Failure(f"{where}: batch {number}: the test's window model disagrees with its definition")
        values = degrees(vertices, edges, directed)
        compare_values("degree", read_values(batch_file(out, number), "degree"), values,
                       f"{where}: batch {number} (window end {batch['end']})")
    compare_values("degree", read_values(os.path.join(out, "final.txt"), "degree"), values, f"{where}: final.txt")
    if late_output:
        got = parse_late(late_path)
        want = [event for _, event in late]
        if not same_late(got, want, directed):
            raise Failure(f"{where}: {late_path} holds {got[:5]}... ({len(got)} lines), expected {want[:5]}... "
                          f"({len(late)} late updates)")
    else:
        # Without --late-output the first ten are reported on standard error, each with its line.
        messages = [line for line in done.stderr.splitlines() if "late update" in line]
        if len(messages) != min(10, len(late)):
            raise Failure(f"{where}: {len(messages)} late-update messages on standard error, expected "
                          f"{min(10, len(late))} for {len(late)} late updates")
        for message, (index, event) in zip(messages, late):
            if f"{path}:{numbers[index]}: " not in message or f"(time {event[4]}," not in message:
                raise Failure(f"{where}: late update {format_update(event)!r} of line {numbers[index]} "
                              f"reported as {message!r}")
        if len(late) >= 10 and "only counted" not in messages[-1]:
            raise Failure(f"{where}: the 10th late-update message does not say the rest are only counted")
    return late, batches


def check_window(ctx, directed, np):
    rng = random.Random(ctx.seed)
    # In order: nothing is late.
    events = window_events(rng, directed, 300, 14, 30)
    late, batches = check_window_run(ctx, np, "ordered", events, directed, 30, 10, 0, True)
    if late or len(batches) < 10:
        raise Failure(f"test stream: {len(late)} late updates and {len(batches)} batches in order")
    # Out of order within D (applied) and beyond (late, to --late-output).
    events = window_events(rng, directed, 300, 14, 30, out_of_order=0.25, delay=12, very_late=4)
    late, _ = check_window_run(ctx, np, "disordered", events, directed, 30, 10, 5, True)
    if len(late) < 4:
        raise Failure(f"test stream: only {len(late)} late updates")
    # A slide longer than the window (updates between windows arrive and expire in one batch) and
    # an out-of-orderness longer than the window.
    events = window_events(rng, directed, 200, 14, 8, out_of_order=0.3, delay=15, very_late=3)
    check_window_run(ctx, np, "hopping", events, directed, 8, 10, 12, True)
    # Negative times, a slide that does not divide the window, late updates on standard error.
    events = window_events(rng, directed, 300, 14, 25, start=-1000, out_of_order=0.3, delay=10, very_late=12)
    late, _ = check_window_run(ctx, np, "negative", events, directed, 25, 7, 3, False)
    if len(late) < 11:
        raise Failure(f"test stream: only {len(late)} late updates")
    return 0


def check_window_snap(ctx, np):
    rng = random.Random(ctx.seed)
    events = [e for e in window_events(rng, True, 400, 16, 20, out_of_order=0.2, delay=8, very_late=5)
              if e[0] == "a"]
    events = [("a", src, dst, None, t) for _, src, dst, _, t in events]
    late, _ = check_window_run(ctx, np, "snap", events, True, 20, 5, 2, True, snap=True)
    if not late:
        raise Failure("test stream: no late update")
    return 0


def check_window_untimed(ctx):
    path = ctx.path("untimed.txt")
    with open(path, "w", encoding="ascii") as f:
        f.write("a 1 2 1 5\na 2 3 0.5 6\n# a comment\n\nd 1 2 7\na 3 4\na 4 5 1 9\n")
    snap = ctx.path("untimed.snap")
    with open(snap, "w", encoding="ascii") as f:
        f.write("% snap\n1 2 5\n2 3 6\n2 3\n")
    for np in [1, 2]:
        for file, line, extra in [(path, 6, []), (snap, 4, ["--updates-format", "snap-temporal"])]:
            done = ctx.run(np, ["degree", "--updates", file, "--window", 10, "--slide", 5, *extra], expect=3)
            messages = [m for m in done.stderr.splitlines() if f"{file}:{line}:" in m]
            if len(messages) != 1:
                raise Failure(f"window run on {file} at {np} ranks: expected one message naming {file}:{line}, "
                              f"got {messages}\n{done.stderr}")
    return 0


# ---------------------------------------------------------------------------------------------
# malformed.*


def check_bad_line(ctx, np, lines, bad, batch_size, name):
    """`lines` with `bad` at 1-based line len(lines) + 1 and one more update after it."""
    path = ctx.path(name + ".txt")
    number = len(lines) + 1
    with open(path, "w", encoding="ascii") as f:
        f.write("".join(line + "\n" for line in lines) + bad + "\na 1 2\n")
    out = ctx.path(name)
    done = ctx.run(np, ["degree", "--updates", path, "--batch-size", batch_size, "--emit", "every", "--output-dir",
                        out], expect=3)
    where = f"bad line {bad!r} at {path}:{number}, {np} ranks"
    messages = [m for m in done.stderr.splitlines() if f"{path}:" in m]
    if len(messages) != 1 or f"{path}:{number}:" not in messages[0]:
        raise Failure(f"{where}: expected one message naming {path}:{number}, got {messages}\n{done.stderr}")
    updates = [u for u in (line.split() for line in lines) if u and not u[0].startswith("#")]
    complete = len(updates) // batch_size
    records = read_metrics(out)
    if [r.get("batch") for r in records] != list(range(1, complete + 1)):
        raise Failure(f"{where}: metrics.jsonl holds batches {[r.get('batch') for r in records]}, "
                      f"expected 1..{complete} (nothing of the half-read batch)")
    model = GraphModel(True)
    for index, record in enumerate(records):
        batch = [(u[0], int(u[1]), int(u[2]), None, None) for u in updates[index * batch_size:(index + 1) * batch_size]]
        check_record(record, index + 1, model.apply(batch), where)
    if os.path.exists(batch_file(out, complete + 1)) or os.path.exists(os.path.join(out, "final.txt")):
        raise Failure(f"{where}: a result written after the failure: {sorted(os.listdir(out))}")


def check_malformed(ctx, np):
    good = [f"a {i} {i + 1}" for i in range(1, 8)]
    check_bad_line(ctx, np, good, "x 1 2", 5, "unknown")
    check_bad_line(ctx, np, good[:3] + ["# comment", ""] + good[3:5], "a 1", 2, "short")
    return 0


BAD_FIELDS = ["a 1", "d 1", "u 1 2", "a 1 2 1 5 6", "d 1 2 3 4", "u 1 2 1 5 6", "1 2", "add 1 2"]
BAD_VALUES = ["a 1 2 -1", "a 1 2 nan", "a 1 2 inf", "a 1 2 1e999", "a 1 2 1 x", "a -1 2", "a x 2",
              "a 1 18446744073709551616", "d 1 2 9223372036854775808"]


def check_malformed_lines(ctx, bad):
    good = ["a 1 2", "a 2 3", "# comment", "d 1 2", "a 3 4"]
    for index, line in enumerate(bad):
        check_bad_line(ctx, 1 + index % 2, good, line, 2, f"bad{index}")
    return 0


# ---------------------------------------------------------------------------------------------
# usage, top


# Usage errors: (arguments, a piece of the one message expected); OUT and UPDATES stand for paths.
USAGE = {
    "options": [  # rejected while parsing the command line
        (["degree", "--output-dir", "OUT"], "--updates"),
        (["closeness", "--updates", "UPDATES"], "closeness"),
        (["degree", "--updates", "UPDATES", "--window", 10], "--slide"),
        (["degree", "--updates", "UPDATES", "--slide", 10], "--window"),
        (["degree", "--updates", "UPDATES", "--window", 10, "--slide", 5, "--batch-size", 3], "--batch-size"),
        (["degree", "--updates", "UPDATES", "--max-out-of-orderness", 3], "--window"),
        (["degree", "--updates", "UPDATES", "--late-output", "OUT/late.txt"], "--window"),
        (["degree", "--updates", "UPDATES", "--batch-size", 0], "--batch-size"),
        (["degree", "--updates", "UPDATES", "--updates-format", "csv"], "csv"),
    ],
    "checks": [  # rejected by eddy's own checks
        (["bfs", "--updates", "UPDATES", "--output-dir", "OUT"], "needs --source"),
        (["sssp", "--updates", "UPDATES", "--output-dir", "OUT"], "needs --source"),
        (["degree", "--updates", "UPDATES", "--emit", "every"], "--output-dir"),
        (["degree", "--updates", "UPDATES", "--output-dir", "OUT", "--emit", "top:0"], "top:0"),
        (["degree", "--updates", "UPDATES", "--output-dir", "OUT", "--emit", "sometimes"], "sometimes"),
        (["degree", "--updates", "UPDATES", "--output-dir", "OUT", "--window", 0, "--slide", 1], "window size"),
        (["degree", "--updates", "UPDATES", "--output-dir", "OUT", "--window", 10, "--slide", 0], "slide"),
        (["degree", "--updates", "tcp://127.0.0.1", "--output-dir", "OUT"], "tcp://127.0.0.1"),
    ],
}


def check_usage(ctx, group, np):
    """Each usage error exits 2 with one message and writes no result."""
    updates = ctx.path("one.txt")
    with open(updates, "w", encoding="ascii") as f:
        f.write("a 1 2\n")
    out = ctx.path("out")
    for args, message in USAGE[group]:
        args = [str(a).replace("UPDATES", updates).replace("OUT", out) for a in args]
        shutil.rmtree(out, ignore_errors=True)
        done = ctx.run(np, args, expect=2)
        lines = [line for line in done.stderr.splitlines() if message in line]
        if len(lines) != 1:
            raise Failure(f"stream {' '.join(args)} at {np} ranks: expected one message with "
                          f"{message!r}, got {lines}\n{done.stderr}")
        for name in ("metrics.jsonl", "final.txt", "batch-000001.txt"):
            if os.path.exists(os.path.join(out, name)):
                raise Failure(f"stream {' '.join(args)}: wrote {name}")
    return 0


def check_help(ctx):
    text = ctx.run(1, ["--help"]).stdout
    for option in ["--graph", "--updates", "--updates-format", "--batch-size", "--window", "--slide",
                   "--max-out-of-orderness", "--late-output", "--output-dir", "--emit", "--source", "--tolerance",
                   "--verify-every", "--undirected", "--weighted", "snap-temporal", "tcp://", "top:K"]:
        if option not in text:
            raise Failure(f"stream --help does not mention {option}")
    return 0


def check_top(ctx, np):
    rng = random.Random(ctx.seed)
    k = 5
    for algorithm, directed, with_dir in [("degree", True, False), ("degree", False, True), ("bfs", True, False),
                                          ("wcc", False, False)]:
        maker = StreamMaker(rng, directed, False)
        maker.empty()
        first = maker.batch(4, vertices=maker.pool[:3])  # fewer vertices than K at first
        updates = first + [u for _ in range(6) for u in maker.batch(8)]
        batches = cut(updates, 4)
        path = ctx.path(f"top-{algorithm}-{directed}.txt")
        write_stream(path, updates, rng)
        source = next(u[1] for u in updates if u[0] == "a")
        args = [algorithm, "--updates", path, "--batch-size", 4, "--emit", f"top:{k}", mode_flag(directed)]
        if algorithm == "bfs":
            args += ["--source", source]
        out = ctx.path(f"top-{algorithm}-{directed}")
        if with_dir:
            args += ["--output-dir", out]
        done = ctx.run(np, args)
        lines = done.stdout.splitlines()
        model = GraphModel(directed)
        where = f"{algorithm} --emit top:{k} ({mode_flag(directed)})"
        at = 0
        for number, batch in enumerate(batches, 1):
            model.apply(batch)
            values = expected_values(algorithm, model, source)
            want = [f"{v} {value}" for v, value in top_values(values, k)]
            got = lines[at:at + len(want)]
            at += len(want)
            if got != want:
                raise Failure(f"{where}: batch {number} printed {got}, expected {want}")
        if at != len(lines):
            raise Failure(f"{where}: {len(lines) - at} more lines on standard output: {lines[at:at + 5]}")
        if with_dir:
            compare_values(algorithm, read_values(os.path.join(out, "final.txt"), algorithm), values,
                           f"{where}: final.txt")
            if os.path.exists(batch_file(out, 1)):
                raise Failure(f"{where}: batch files written without --emit every")
    return 0


# ---------------------------------------------------------------------------------------------


def cases():
    table = {}
    for algorithm in ALGORITHMS:
        for directed in [True, False]:
            for np in RANKS:
                mode = "directed" if directed else "undirected"
                table[f"incremental.{algorithm}.{mode}.np{np}"] = (
                    lambda ctx, a=algorithm, d=directed, n=np: check_incremental(ctx, a, d, n))
    for algorithm in ALGORITHMS:
        table[f"incremental.{algorithm}.large.np4"] = lambda ctx, a=algorithm: check_large(ctx, a, 4)
    for np in RANKS:
        table[f"verify.np{np}"] = lambda ctx, n=np: check_verify(ctx, n)
    for directed in [True, False]:
        for np in RANKS:
            mode = "directed" if directed else "undirected"
            table[f"window.{mode}.np{np}"] = lambda ctx, d=directed, n=np: check_window(ctx, d, n)
    for np in RANKS:
        table[f"window.snap.np{np}"] = lambda ctx, n=np: check_window_snap(ctx, n)
    table["window.untimed"] = check_window_untimed
    for np in [1, 2]:
        table[f"source.stdin.np{np}"] = lambda ctx, n=np: check_stdin(ctx, n)
    for np in RANKS:
        table[f"source.tcp.np{np}"] = lambda ctx, n=np: check_tcp(ctx, n)
    table["source.tcp-window"] = check_tcp_window
    table["source.files"] = check_files
    for np in RANKS:
        table[f"malformed.np{np}"] = lambda ctx, n=np: check_malformed(ctx, n)
    table["malformed.fields"] = lambda ctx: check_malformed_lines(ctx, BAD_FIELDS)
    table["malformed.values"] = lambda ctx: check_malformed_lines(ctx, BAD_VALUES)
    for group in USAGE:
        for np in [1, 2]:
            table[f"usage.{group}.np{np}"] = lambda ctx, g=group, n=np: check_usage(ctx, g, n)
    table["usage.help"] = check_help
    for np in RANKS:
        table[f"top.np{np}"] = lambda ctx, n=np: check_top(ctx, n)
    return table


def main(argv):
    return case_driver.main(argv, __doc__, cases(), networkx_start(cases), Failure, "eddy-stream-", keep="EDDY_STREAM_KEEP")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
