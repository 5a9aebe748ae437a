"""What the `eddy stream` checks share: the run context, reading metrics.jsonl and batch files, and
checking a run's results against networkx and the edge-set model (used by check_stream.py)."""

import json
import os
import subprocess
import sys
import zlib

import stream_model

from stream_model import (
    compare_values, expected_values, Failure, GraphModel, read_values, StreamMaker, write_edge_list,
    write_stream)


TIMEOUT = 120
SKIP = 77
ALGORITHMS = ["pagerank", "wcc", "bfs", "sssp", "degree"]
RANKS = [1, 2, 4]


class Context:
    def __init__(self, mpiexec, eddy, tmp, seed):
        self.mpiexec, self.eddy, self.tmp, self.seed = mpiexec, eddy, tmp, seed

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def command(self, np, args):
        return [self.mpiexec, "-n", str(np), self.eddy, "stream", *[str(a) for a in args]]

    def run(self, np, args, expect=0, stdin=None):
        command = self.command(np, args)
        done = subprocess.run(command, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              timeout=TIMEOUT)
        if done.returncode != expect:
            raise Failure(f"{' '.join(command)}: exit code {done.returncode}, expected {expect}\n{done.stderr}")
        return done


def networkx_start(cases):
    """A case_driver start function for drivers whose checks need networkx: each case gets a
    Context seeded from its name, or the driver skips when networkx is missing."""
    def start(mpiexec, eddy, tmp, case):
        if stream_model.nx is None:
            print(f"SKIPPED: networkx is not installed for {sys.executable}")
            return SKIP
        return cases()[case](Context(mpiexec, eddy, tmp, zlib.crc32(case.encode("ascii"))))
    return start


def read_metrics(directory):
    with open(os.path.join(directory, "metrics.jsonl"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    records = []
    for number, line in enumerate(lines, 1):
        try:
            records.append(json.loads(line))
        except ValueError:
            raise Failure(f"{directory}/metrics.jsonl:{number}: not JSON: {line!r}") from None
    return records


def check_record(record, number, counts, where, late=0, window_end=None):
    """One metrics.jsonl line against the model's counts for batch `number`."""
    want = dict(counts, batch=number, late=late)
    for key, value in want.items():
        if record.get(key) != value:
            raise Failure(f"{where}: batch {number}: {key} = {record.get(key)!r}, expected {value} ({record})")
    for key in ("supersteps", "touched"):
        if not isinstance(record.get(key), int) or record[key] < 0:
            raise Failure(f"{where}: batch {number}: {key} missing or negative ({record})")
    for key in ("latency_ms", "apply_ms"):
        if not isinstance(record.get(key), (int, float)) or record[key] < 0:
            raise Failure(f"{where}: batch {number}: {key} missing or negative ({record})")
    if window_end is None and "window_end" in record:
        raise Failure(f"{where}: batch {number}: window_end without a window ({record})")
    if window_end is not None and record.get("window_end") != window_end:
        raise Failure(f"{where}: batch {number}: window_end = {record.get('window_end')!r}, expected {window_end}")


def batch_file(out, number):
    return os.path.join(out, f"batch-{number:06d}.txt")


def check_run(out, algorithm, directed, base, batches, source=None, where="", damping=0.85):
    """Every batch file, final.txt and metrics.jsonl of an --emit every run against the model."""
    model = GraphModel(directed, base)
    records = read_metrics(out)
    if len(records) != len(batches):
        raise Failure(f"{where}: metrics.jsonl has {len(records)} lines, expected {len(batches)} batches")
    want = expected_values(algorithm, model, source, damping)
    for number, batch in enumerate(batches, 1):
        counts = model.apply(batch)
        check_record(records[number - 1], number, counts, where)
        want = expected_values(algorithm, model, source, damping)
        compare_values(algorithm, read_values(batch_file(out, number), algorithm), want,
                       f"{where}: batch {number}")
    compare_values(algorithm, read_values(os.path.join(out, "final.txt"), algorithm), want, f"{where}: final.txt")
    if os.path.exists(batch_file(out, len(batches) + 1)):
        raise Failure(f"{where}: {batch_file(out, len(batches) + 1)} written for {len(batches)} batches")
    return records


def cut(updates, size):
    return [updates[i:i + size] for i in range(0, len(updates), size)]


def mode_flag(directed):
    return "--directed" if directed else "--undirected"


def first_seen(batches):
    """vertex -> index of the first batch whose add names it."""
    seen = {}
    for index, batch in enumerate(batches):
        for kind, src, dst, _, _ in batch:
            if kind == "a":
                seen.setdefault(src, index)
                seen.setdefault(dst, index)
    return seen


def based_stream(ctx, rng, directed, weighted, name, batches=8, size=20, vertices=40, edges=100):
    """A base graph file and a stream file whose last batch is partial."""
    maker = StreamMaker(rng, directed, weighted, vertices, edges)
    base = list(maker.base)
    updates = [u for _ in range(batches) for u in maker.batch(size)]
    updates = updates[:len(updates) - size // 2]
    base_path, updates_path = ctx.path(name + ".el"), ctx.path(name + ".txt")
    write_edge_list(base_path, base, weighted)
    write_stream(updates_path, updates, rng)
    sources = sorted({src for src, _, _ in base})
    return maker, base, base_path, updates, updates_path, rng.choice(sources)
