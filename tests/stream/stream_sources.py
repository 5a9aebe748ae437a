"""The source.* cases of check_stream.py: standard input, TCP (also with a live window) and files
(gzip, named pipe, a last line without a newline, no updates)."""

import gzip
import json
import os
import queue
import random
import re
import socket
import subprocess
import threading
import time

from stream_model import (
    compare_values, degrees, expected_values, Failure, format_update, GraphModel, read_values,
    simulate_window, window_contents, window_events)

from stream_run import (
    based_stream, check_run, cut, read_metrics, TIMEOUT)


# ---------------------------------------------------------------------------------------------
# source.*


def check_stdin(ctx, np):
    rng = random.Random(ctx.seed)
    _, base, base_path, updates, updates_path, source = based_stream(ctx, rng, True, False, "stdin", size=12)
    with open(updates_path, encoding="ascii") as f:
        text = f.read()
    out = ctx.path("out")
    ctx.run(np, ["wcc", "--graph", base_path, "--updates", "-", "--batch-size", 12, "--emit", "every",
                 "--output-dir", out], stdin=text)
    check_run(out, "wcc", True, base, cut(updates, 12), None, "wcc from standard input")
    # --emit final without --output-dir: the result on standard output.
    done = ctx.run(np, ["bfs", "--graph", base_path, "--updates", "-", "--source", source], stdin=text)
    printed = ctx.path("stdout.txt")
    with open(printed, "w", encoding="ascii") as f:
        f.write(done.stdout)
    model = GraphModel(True, base)
    model.apply(updates)
    compare_values("bfs", read_values(printed, "bfs"), expected_values("bfs", model, source),
                   "bfs from standard input, result on standard output")
    return 0


class Running:
    """An eddy process whose standard error is read line by line while it runs."""

    def __init__(self, command):
        self.command = command
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines = queue.Queue()
        self.seen = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stderr:
            self.lines.put(line)

    def wait_for(self, pattern, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(line)
            found = re.search(pattern, line)
            if found:
                return found
        self.stop()
        raise Failure(f"{' '.join(self.command)}: no line matching {pattern!r} on standard error\n{''.join(self.seen)}")

    def finish(self, expect=0):
        try:
            code = self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.stop()
            raise Failure(f"{' '.join(self.command)}: still running after the stream ended") from None
        self.reader.join(timeout=10)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        if code != expect:
            raise Failure(f"{' '.join(self.command)}: exit code {code}, expected {expect}\n{''.join(self.seen)}")

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def metrics_lines(out):
    try:
        with open(os.path.join(out, "metrics.jsonl"), encoding="utf-8") as f:
            return [json.loads(line) for line in f.read().splitlines()]
    except FileNotFoundError:
        return []


def wait_for_batches(running, out, count, what, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = metrics_lines(out)
        if len(lines) >= count:
            return lines
        if running.process.poll() is not None:
            break
        time.sleep(0.05)
    running.stop()
    raise Failure(f"{' '.join(running.command)}: {what}: batch {count} not applied within {timeout} s")


def connect(running):
    port = int(running.wait_for(r"reading updates from tcp://127\.0\.0\.1:(\d+)").group(1))
    try:
        return socket.create_connection(("127.0.0.1", port), timeout=30)
    except OSError as e:
        running.stop()
        raise Failure(f"{' '.join(running.command)}: cannot connect to port {port}: {e}") from None


def send_in_chunks(sock, data, rng, pieces=5):
    cuts = sorted(rng.sample(range(1, len(data)), pieces - 1)) if len(data) > pieces else []
    start = 0
    for end in cuts + [len(data)]:
        sock.sendall(data[start:end])
        start = end
        time.sleep(0.2)


def check_tcp(ctx, np):
    rng = random.Random(ctx.seed)
    size = 10
    _, base, base_path, updates, _, source = based_stream(ctx, rng, True, True, "tcp", size=size)
    text = "\n".join(format_update(u) for u in updates).encode("ascii")  # the last line unterminated
    first = "".join(format_update(u) + "\n" for u in updates[:size]).encode("ascii")
    out = ctx.path("out")
    running = Running(ctx.command(np, ["sssp", "--graph", base_path, "--updates", "tcp://127.0.0.1:0", "--source",
                                       source, "--batch-size", size, "--emit", "every", "--output-dir", out]))
    with connect(running) as sock:
        # The first batch's lines and half of the next line: batch 1 must be applied without more input.
        half = len(first) + 4
        send_in_chunks(sock, text[:half], rng, 3)
        wait_for_batches(running, out, 1, "after the first batch's updates arrived")
        time.sleep(0.3)
        if len(metrics_lines(out)) != 1:
            raise Failure(f"{' '.join(running.command)}: a second batch before its updates arrived")
        send_in_chunks(sock, text[half:], rng, 6)
    running.finish()
    check_run(out, "sssp", True, base, cut(updates, size), source, "sssp over TCP")
    return 0


def check_tcp_window(ctx):
    rng = random.Random(ctx.seed)
    events = window_events(rng, False, 200, 12, 30, out_of_order=0.2, delay=6)
    lateness = 4
    batches, _, _ = simulate_window(events, 30, 10, lateness, False)
    # Send everything up to the event after which the first end is due; it must fire at once.
    arrived = next(i for i in range(len(events))
                   if simulate_window(events[:i + 1], 30, 10, lateness, False, finish=False)[0])
    out = ctx.path("out")
    running = Running(ctx.command(2, ["degree", "--updates", "tcp://127.0.0.1:0", "--window", 30, "--slide", 10,
                                      "--max-out-of-orderness", lateness, "--undirected", "--emit", "every",
                                      "--output-dir", out]))
    with connect(running) as sock:
        send_in_chunks(sock, "".join(format_update(e) + "\n" for e in events[:arrived + 1]).encode("ascii"), rng, 3)
        lines = wait_for_batches(running, out, 1, "once the watermark passed the first window end")
        if lines[0].get("window_end") != batches[0]["end"]:
            raise Failure(f"first batch over TCP: window_end {lines[0].get('window_end')}, expected {batches[0]['end']}")
        send_in_chunks(sock, "".join(format_update(e) + "\n" for e in events[arrived + 1:]).encode("ascii"), rng, 4)
    running.finish()
    records = read_metrics(out)
    if [r.get("window_end") for r in records] != [b["end"] for b in batches]:
        raise Failure(f"window over TCP: window ends {[r.get('window_end') for r in records]}, "
                      f"expected {[b['end'] for b in batches]}")
    _, _, accepted = simulate_window(events, 30, 10, lateness, False)
    vertices, edges = window_contents(accepted, batches[-1]["end"], 30, False)
    compare_values("degree", read_values(os.path.join(out, "final.txt"), "degree"), degrees(vertices, edges, False),
                   "window over TCP: final.txt")
    return 0


def check_files(ctx):
    rng = random.Random(ctx.seed)
    _, base, base_path, updates, updates_path, _ = based_stream(ctx, rng, False, False, "files", size=10)
    with open(updates_path, "rb") as f:
        data = f.read()
    named = ctx.path("updates.txt.gz")
    disguised = ctx.path("updates-gzip.txt")
    for path in (named, disguised):
        with gzip.open(path, "wb") as f:
            f.write(data)
    for path in (named, disguised):
        out = ctx.path(os.path.basename(path) + ".out")
        ctx.run(2, ["degree", "--graph", base_path, "--undirected", "--updates", path, "--batch-size", 10, "--emit",
                    "every", "--output-dir", out])
        check_run(out, "degree", False, base, cut(updates, 10), None, f"degree from {path}")
    fifo = ctx.path("updates.fifo")
    os.mkfifo(fifo)
    out = ctx.path("fifo.out")
    running = Running(ctx.command(2, ["degree", "--graph", base_path, "--undirected", "--updates", fifo,
                                      "--batch-size", 10, "--emit", "every", "--output-dir", out]))

    def write():
        with open(fifo, "wb") as f:
            send = lambda chunk: (f.write(chunk), f.flush(), time.sleep(0.1))
            for start in range(0, len(data), 300):
                send(data[start:start + 300])

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    running.finish()
    writer.join(timeout=10)
    check_run(out, "degree", False, base, cut(updates, 10), None, f"degree from the named pipe {fifo}")

    # The last line without a newline.
    unterminated = ctx.path("unterminated.txt")
    with open(unterminated, "w", encoding="ascii") as f:
        f.write("\n".join(format_update(u) for u in updates))
    out = ctx.path("unterminated.out")
    ctx.run(1, ["degree", "--graph", base_path, "--undirected", "--updates", unterminated, "--batch-size", 10,
                "--emit", "every", "--output-dir", out])
    check_run(out, "degree", False, base, cut(updates, 10), None, f"degree from {unterminated}")

    # No updates at all (comments only): no batch, the base graph's result in final.txt.
    empty = ctx.path("comments.txt")
    with open(empty, "w", encoding="ascii") as f:
        f.write("# nothing\n\n   \n# still nothing\n")
    for window in [[], ["--window", 10, "--slide", 5]]:
        out = ctx.path("comments.out" + str(len(window)))
        ctx.run(2, ["degree", "--graph", base_path, "--undirected", "--updates", empty, "--emit", "every",
                    "--output-dir", out, *window])
        check_run(out, "degree", False, base, [], None, f"degree from {empty} {' '.join(map(str, window))}")
    return 0
