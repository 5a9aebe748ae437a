#!/usr/bin/python3
"""End-to-end tests of checkpoints of `eddy stream`: a stream resumed from a checkpoint (at the
same or another number of ranks) applies every update exactly once, checked batch by batch
against networkx and the edge-set model of tests/stream.

usage: check_stream_checkpoint.py MPIEXEC EDDY CASE   (--list prints the cases)

Cases:
  resume.ALGORITHM.MODE.npA-B  a stream of 10 batches (adds, deletes, toggles, new vertices,
        comments) checkpointed every 2 batches at A ranks; all checkpoints but a middle one are
        removed and the stream resumes at B ranks: metrics.jsonl (counts), every later batch file
        and final.txt against the model.
  resume.pagerank.tight.npA-B  PageRank with --tolerance 1e-13, resumed at B ranks from a middle
        checkpoint of a run at A: final.txt within L1 1e-12 of the uninterrupted run's.
  resume.pagerank.from-nothing.np4-3  a stream without a base graph whose first batches name two
        vertices (ranks owning none take part in every checkpoint), resumed after batch 1.
  window.npA-B  event-time windows (degree): the checkpoint holds the window's buffer; the resumed
        run's later batches, window ends, late counts and final.txt equal an uninterrupted run's
        (itself checked against the window model by tests/stream).
  signal.npN  standard input fed slowly; SIGUSR1 after the first checkpoint: exit 5; the producer
        replays the stream from its start into a --resume run, which skips what was applied.
  kill.npA-B  kill -9 of one rank after a checkpoint; --resume at B ranks from the file.
  tcp.npN     a TCP source: SIGUSR1 once a checkpoint exists, exit 5 after the next batch; the
        resumed run listens again and the producer replays the stream from its start.
"""
import os
import random
import signal
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "stream"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import case_driver  # noqa: E402
from stream_model import (compare_values, expected_values, Failure, format_update, GraphModel,  # noqa: E402
                          read_values, StreamMaker, window_events, write_stream)
from stream_sources import connect, Running, send_in_chunks, wait_for_batches  # noqa: E402
from stream_run import (  # noqa: E402
    networkx_start, based_stream, batch_file, check_record, mode_flag, read_metrics)

SIZE = 20


def checkpoint_files(directory):
    return sorted(f for f in os.listdir(directory) if f.startswith("checkpoint-") and f.endswith(".h5"))


def batch_of(name):
    return int(name[len("checkpoint-"):-len(".h5")])


def keep_only_middle(directory):
    found = checkpoint_files(directory)
    if len(found) < 2:
        raise Failure(f"{len(found)} checkpoints in {directory}, expected several")
    middle = found[(len(found) - 1) // 2]
    for name in found:
        if name != middle:
            os.remove(os.path.join(directory, name))
    return batch_of(middle)


def stream_offset(ctx, checkpoint):
    """Updates the checkpoint had taken from the stream, as `eddy checkpoint show` prints it."""
    shown = subprocess.run([ctx.mpiexec, "-n", "1", ctx.eddy, "checkpoint", "show", checkpoint], capture_output=True,
                           text=True, timeout=60)
    for line in shown.stdout.splitlines():
        if line.startswith("stream_offset: "):
            return int(line.split()[1])
    raise Failure(f"eddy checkpoint show {checkpoint} printed no stream_offset:\n{shown.stdout}{shown.stderr}")


def check_after(out, algorithm, directed, base, updates, offset, done, source, where):
    """The resumed run's output against the model: the first `offset` updates were applied before
    its checkpoint (after batch `done`); each later batch holds as many updates as its metrics line
    says (a slow pipe may cut batches short), and together they hold exactly the rest."""
    model = GraphModel(directed, base)
    model.apply(updates[:offset])
    records = read_metrics(out)
    if [r["batch"] for r in records] != list(range(done + 1, done + 1 + len(records))):
        raise Failure(f"{where}: metrics.jsonl numbers batches {[r['batch'] for r in records]}")
    if sum(r["updates"] for r in records) != len(updates) - offset:
        raise Failure(f"{where}: the resumed run applied {sum(r['updates'] for r in records)} updates, "
                      f"{len(updates) - offset} were left after the checkpoint")
    want = expected_values(algorithm, model, source)
    at = offset
    for record in records:
        counts = model.apply(updates[at:at + record["updates"]])
        at += record["updates"]
        check_record(record, record["batch"], counts, where)
        want = expected_values(algorithm, model, source)
        compare_values(algorithm, read_values(batch_file(out, record["batch"]), algorithm), want,
                       f"{where}: batch {record['batch']}")
    compare_values(algorithm, read_values(os.path.join(out, "final.txt"), algorithm), want, f"{where}: final.txt")


def check_resume(ctx, algorithm, directed, np_from, np_to):
    rng = random.Random(ctx.seed)
    _, base, base_path, updates, updates_path, source = based_stream(ctx, rng, directed, algorithm == "sssp", "s",
                                                                     batches=10, size=SIZE)
    common = [algorithm, "--graph", base_path, "--updates", updates_path, "--batch-size", SIZE, "--emit", "every",
              mode_flag(directed), "--checkpoint-dir", ctx.path("ck")]
    if algorithm in ("bfs", "sssp"):
        common += ["--source", source]
    ctx.run(np_from, [*common, "--output-dir", ctx.path("first"), "--checkpoint-every", 2, "--keep", 100])
    done = keep_only_middle(ctx.path("ck"))
    offset = stream_offset(ctx, os.path.join(ctx.path("ck"), checkpoint_files(ctx.path("ck"))[0]))
    if offset != done * SIZE:
        raise Failure(f"the checkpoint after batch {done} says {offset} updates were taken, not {done * SIZE}")
    run = ctx.run(np_to, [*common, "--output-dir", ctx.path("resumed"), "--resume"])
    if "resumed from" not in run.stderr:
        raise Failure(f"the stream did not resume:\n{run.stderr}")
    check_after(ctx.path("resumed"), algorithm, directed, base, updates, offset, done, source,
                f"{algorithm} resumed at {np_to} ranks after batch {done} of a run at {np_from}")
    return 0


def check_tight(ctx, np_from, np_to):
    """Incremental PageRank keeps its ranks within --tolerance T of the exact ranks, whatever order
    it pushed residuals in, so a resumed run and an uninterrupted one agree within 2T: at
    T = 1e-13, within the 1e-12 that a resumed `eddy run pagerank` keeps."""
    rng = random.Random(ctx.seed)
    _, _, base_path, _, updates_path, _ = based_stream(ctx, rng, True, False, "s", batches=10, size=SIZE)
    ck = ctx.path("ck")
    common = ["pagerank", "--graph", base_path, "--updates", updates_path, "--batch-size", SIZE, "--directed",
              "--tolerance", "1e-13", "--checkpoint-dir", ck]
    ctx.run(np_from, [*common, "--output-dir", ctx.path("first"), "--checkpoint-every", 2, "--keep", 100])
    done = keep_only_middle(ck)
    run = ctx.run(np_to, [*common, "--output-dir", ctx.path("resumed"), "--resume"])
    if f"{done} batches" not in run.stderr:
        raise Failure(f"the stream did not resume after batch {done}:\n{run.stderr}")
    want = read_values(os.path.join(ctx.path("first"), "final.txt"), "pagerank")
    got = read_values(os.path.join(ctx.path("resumed"), "final.txt"), "pagerank")
    if set(got) != set(want):
        raise Failure(f"the resumed run ranks {len(got)} vertices, the uninterrupted one {len(want)}")
    distance = sum(abs(got[v] - want[v]) for v in want)
    print(f"L1 distance between the resumed and the uninterrupted final ranks: {distance:.3g}")
    if distance > 1e-12:
        raise Failure(f"resumed at {np_to} ranks after batch {done}: L1 distance {distance:.3g} to the "
                      f"uninterrupted run at {np_from} exceeds 1e-12")
    return 0


def check_from_nothing(ctx, np_from, np_to):
    """PageRank of a stream without a base graph, checkpointed after every batch: the first
    batches name only two vertices, so most ranks own none when the first checkpoints are taken."""
    rng = random.Random(ctx.seed)
    maker = StreamMaker(rng, True, False)
    maker.empty()
    updates = [u for _ in range(2) for u in maker.batch(SIZE, vertices=maker.pool[:2])]
    updates += [u for _ in range(4) for u in maker.batch(SIZE)]
    path = ctx.path("from-nothing.txt")
    write_stream(path, updates, rng)
    ck = ctx.path("ck")
    common = ["pagerank", "--updates", path, "--batch-size", SIZE, "--emit", "every", "--directed",
              "--checkpoint-dir", ck]
    ctx.run(np_from, [*common, "--output-dir", ctx.path("first"), "--checkpoint-every", 1, "--keep", 100])
    for name in checkpoint_files(ck)[1:]:  # resume from the first batch's checkpoint
        os.remove(os.path.join(ck, name))
    ctx.run(np_to, [*common, "--output-dir", ctx.path("resumed"), "--resume"])
    check_after(ctx.path("resumed"), "pagerank", True, [], updates, SIZE, 1, None,
                f"pagerank from nothing resumed at {np_to} ranks after batch 1 of a run at {np_from}")
    return 0


def check_window(ctx, np_from, np_to):
    rng = random.Random(ctx.seed)
    events = window_events(rng, False, 300, 30, 40, out_of_order=0.3, delay=15, very_late=5)
    path = ctx.path("timed.txt")
    write_stream(path, events, rng, noise=False)
    common = ["degree", "--updates", path, "--window", 40, "--slide", 10, "--max-out-of-orderness", 15,
              "--undirected", "--emit", "every"]
    ctx.run(np_to, [*common, "--output-dir", ctx.path("full")])
    ck = ["--checkpoint-dir", ctx.path("ck")]
    ctx.run(np_from, [*common, "--output-dir", ctx.path("first"), *ck, "--checkpoint-every", 3, "--keep", 100])
    done = keep_only_middle(ctx.path("ck"))
    ctx.run(np_to, [*common, "--output-dir", ctx.path("resumed"), *ck, "--resume"])
    full, resumed = read_metrics(ctx.path("full")), read_metrics(ctx.path("resumed"))
    if len(resumed) != len(full) - done:
        raise Failure(f"resumed after batch {done}: {len(resumed)} batches, the uninterrupted run {len(full)}")
    for mine, theirs in zip(resumed, full[done:]):
        for key in ("batch", "updates", "adds", "deletes", "ignored", "late", "window_end", "edges"):
            if mine.get(key) != theirs.get(key):
                raise Failure(f"batch {theirs['batch']}: {key} {mine.get(key)} resumed, {theirs.get(key)} uninterrupted")
    for number in range(done + 1, len(full) + 1):
        if open(batch_file(ctx.path("resumed"), number)).read() != open(batch_file(ctx.path("full"), number)).read():
            raise Failure(f"batch {number}: degrees differ from the uninterrupted run")
    if open(ctx.path("resumed", "final.txt")).read() != open(ctx.path("full", "final.txt")).read():
        raise Failure("final.txt differs from the uninterrupted run")
    return 0


def feed_slowly(process, text, stop):
    """Writes the stream to the process's standard input a line at a time, with pauses."""
    try:
        for line in text.splitlines(keepends=True):
            if stop.is_set():
                break
            process.stdin.write(line)
            process.stdin.flush()
            time.sleep(0.004)
        process.stdin.close()
    except (BrokenPipeError, ValueError):
        pass


def check_interrupted(ctx, np_from, np_to, how):
    rng = random.Random(ctx.seed)
    _, base, base_path, updates, updates_path, _ = based_stream(ctx, rng, False, False, "s", batches=40, size=SIZE)
    ck = ctx.path("ck")
    common = ["wcc", "--graph", base_path, "--batch-size", SIZE, "--undirected", "--checkpoint-dir", ck]
    command = ctx.command(np_from, [*common, "--updates", "-", "--output-dir", ctx.path("first"),
                                    "--checkpoint-every", 3])
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    stop = threading.Event()
    feeder = threading.Thread(target=feed_slowly, args=(process, open(updates_path).read(), stop))
    feeder.start()
    deadline = time.time() + 60
    while not (os.path.isdir(ck) and checkpoint_files(ck)):
        if process.poll() is not None or time.time() > deadline:
            stop.set()
            process.kill()
            raise Failure(f"no checkpoint appeared (exit {process.returncode})")
        time.sleep(0.02)
    if how == "signal":
        process.send_signal(signal.SIGUSR1)
    else:
        ranks = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        os.kill(int(ranks[-1]), signal.SIGKILL)
    _, err = process.communicate(timeout=120)
    stop.set()
    feeder.join()
    if how == "signal" and (process.returncode != 5 or "stopped on request" not in err):
        raise Failure(f"SIGUSR1: exit {process.returncode}, expected 5 with 'stopped on request'\n{err}")
    if how == "kill" and process.returncode == 0:
        raise Failure("the stream with a killed rank succeeded")
    newest = checkpoint_files(ck)[-1]
    done, offset = batch_of(newest), stream_offset(ctx, os.path.join(ck, newest))
    replay = ["--updates", "-"] if how == "signal" else ["--updates", updates_path]
    run = ctx.run(np_to, [*common, *replay, "--output-dir", ctx.path("resumed"), "--emit", "every", "--resume"],
                  stdin=open(updates_path).read() if how == "signal" else None)
    if "resumed from" not in run.stderr:
        raise Failure(f"the stream did not resume:\n{run.stderr}")
    check_after(ctx.path("resumed"), "wcc", False, base, updates, offset, done, None,
                f"wcc resumed at {np_to} ranks after {how} at batch {done}")
    return 0


def check_tcp(ctx, np):
    rng = random.Random(ctx.seed)
    _, base, base_path, updates, _, _ = based_stream(ctx, rng, False, False, "s", batches=10, size=SIZE)
    text = "".join(format_update(u) + "\n" for u in updates).encode("ascii")
    per_batch = len(text) // len(updates) * SIZE
    ck, out = ctx.path("ck"), ctx.path("first")
    common = ["wcc", "--graph", base_path, "--updates", "tcp://127.0.0.1:0", "--batch-size", SIZE, "--undirected",
              "--checkpoint-dir", ck, "--checkpoint-every", 2]
    running = Running(ctx.command(np, [*common, "--output-dir", out]))
    with connect(running) as sock:
        sent = 5 * per_batch  # a little less than 5 batches: the fifth waits for more input
        sock.sendall(text[:sent])
        wait_for_batches(running, out, 4, "after four batches' updates arrived")
        running.process.send_signal(signal.SIGUSR1)
        try:  # the stop comes after the next batch: eddy may close the connection before all is sent
            send_in_chunks(sock, text[sent:sent + 2 * per_batch], rng, 2)
        except (ConnectionResetError, BrokenPipeError):
            pass
        running.finish(expect=5)
    newest = checkpoint_files(ck)[-1]
    done, offset = batch_of(newest), stream_offset(ctx, os.path.join(ck, newest))
    resumed = Running(ctx.command(np, [*common, "--output-dir", ctx.path("resumed"), "--emit", "every", "--resume"]))
    with connect(resumed) as sock:
        send_in_chunks(sock, text, rng, 3)  # the producer replays from the start
    resumed.finish()
    check_after(ctx.path("resumed"), "wcc", False, base, updates, offset, done, None,
                f"wcc over TCP resumed at batch {done}")
    return 0


def cases():
    table = {}
    moves = {"pagerank": [(2, 2), (4, 3)], "wcc": [(4, 2)], "bfs": [(1, 4)], "sssp": [(2, 3)], "degree": [(3, 1)]}
    for algorithm, pairs in moves.items():
        for directed in (True, False):
            for a, b in pairs:
                name = f"resume.{algorithm}.{'directed' if directed else 'undirected'}.np{a}-{b}"
                table[name] = lambda ctx, al=algorithm, d=directed, x=a, y=b: check_resume(ctx, al, d, x, y)
    table["resume.pagerank.from-nothing.np4-3"] = lambda ctx: check_from_nothing(ctx, 4, 3)
    for a, b in ((2, 2), (4, 3)):
        table[f"resume.pagerank.tight.np{a}-{b}"] = lambda ctx, x=a, y=b: check_tight(ctx, x, y)
    for a, b in ((2, 2), (4, 1)):
        table[f"window.np{a}-{b}"] = lambda ctx, x=a, y=b: check_window(ctx, x, y)
    for np in (1, 2, 4):
        table[f"signal.np{np}"] = lambda ctx, n=np: check_interrupted(ctx, n, n, "signal")
    for a, b in ((2, 2), (4, 2)):
        table[f"kill.np{a}-{b}"] = lambda ctx, x=a, y=b: check_interrupted(ctx, x, y, "kill")
    for np in (1, 2):
        table[f"tcp.np{np}"] = lambda ctx, n=np: check_tcp(ctx, n)
    return table


def main(argv):
    return case_driver.main(argv, __doc__, cases(), networkx_start(cases), Failure, "eddy-stream-checkpoint-")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
