#!/usr/bin/python3
"""End-to-end tests of checkpoints of `eddy run`: resuming (at the same and at another number of
ranks) gives the result of an uninterrupted run, damaged checkpoints are skipped, a stop signal
and a killed rank lose nothing, and the files read with h5py.

usage: check_checkpoint.py MPIEXEC EDDY CASE        (check_checkpoint.py --list prints the cases)

Cases (the graph: 3,000 vertices with sparse ids, 24,000 weighted directed edges, from the seed):
  resume.ALGORITHM.npA-B  a run at A ranks checkpoints after every superstep (pagerank: every
        fifth), all checkpoints but a middle one are removed, and a run at B ranks resumes from
        it: its output equals an uninterrupted run's (pagerank: L1 <= 1e-12; others exactly).
  damaged.flip, damaged.truncate  the newest checkpoint has bytes flipped in its state, or is cut
        short: the resumed run names it as skipped, resumes from the one before and gives the
        same output. damaged.all: every checkpoint cut short: the run says so, starts over and
        gives the same output.
  signal.npN  SIGUSR1 to mpirun once a checkpoint exists: exit code 5 and no output file; --resume
        then finishes with the output of an uninterrupted run.
  kill.npA-B  kill -9 of one rank once a checkpoint exists; --resume at B ranks gives the output
        of an uninterrupted run.
  unwritable  --checkpoint-dir below a regular file: exit 2 naming the directory, before loading.
  disk-full   the directory is a tmpfs with room for the graph file and one checkpoint: the second fails with exit 1
        and a message, the first stays valid and resumes to the uninterrupted result (skipped
        where tmpfs cannot be mounted).
  usage       --resume without --checkpoint-dir, lcc with --checkpoint-dir, and a directory holding
        another algorithm's checkpoints: exit 2.
  inspect     `eddy checkpoint ls DIR` lists the checkpoints newest first with status ok, and a
        damaged one as damaged; `eddy checkpoint show FILE` prints the header and the state.
  h5py        a checkpoint read with h5py: the attributes of docs/CHECKPOINTS.md, the vertex ids of
        the graph, PageRank state summing to 1, and the graph's edges through /graph (skipped when
        h5py is missing).
"""
import glob
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zlib

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import case_driver  # noqa: E402

SKIP = 77
PASSES = {"pagerank": ["--iterations", "40"], "bfs": [], "sssp": [], "cdlp": ["--iterations", "12"], "wcc": []}


class Failure(Exception):
    pass


class Context:
    def __init__(self, mpiexec, eddy, tmp, seed):
        self.mpiexec, self.eddy, self.tmp, self.seed = mpiexec, eddy, tmp, seed
        self.graph = self.path("graph.el")
        self.source = make_graph(self.graph, random.Random(seed))

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def start(self, np, args):
        command = [self.mpiexec, "-n", str(np), self.eddy, "run", *[str(a) for a in args]]
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def run(self, np, args, expect=0):
        process = self.start(np, args)
        err = finish(process, f"eddy run {' '.join(map(str, args))} at {np} ranks")
        if process.returncode != expect:
            raise Failure(f"eddy run {' '.join(map(str, args))} at {np} ranks: exit {process.returncode}, "
                          f"expected {expect}\n{err}")
        return err

    def algorithm_args(self, algorithm, output):
        args = [algorithm, "--graph", self.graph, "--output", output, *PASSES[algorithm]]
        if algorithm in ("bfs", "sssp"):
            args += ["--source", self.source]
        return args

    def reference(self, algorithm, np):
        out = self.path(f"reference-{algorithm}.txt")
        if not os.path.exists(out):
            self.run(np, self.algorithm_args(algorithm, out))
        return read_values(out)


def finish(process, what, timeout=240):
    """Standard error of a started mpirun once it ends; a hung job fails the case and is ended,
    mpirun first (SIGTERM: it takes its ranks along), so that no rank outlives the test."""
    try:
        return process.communicate(timeout=timeout)[1]
    except subprocess.TimeoutExpired:
        process.terminate()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
        raise Failure(f"{what} did not end within {timeout} s (hung?)") from None


def make_graph(path, rng):
    """A random directed graph with weights and sparse, unordered ids; returns a source id."""
    ids = rng.sample(range(1, 1 << 40), 3000)
    with open(path, "w") as f:
        for _ in range(24000):
            u, v = rng.choice(ids), rng.choice(ids)
            f.write(f"{u} {v} {rng.uniform(0.5, 4.0):.6f}\n")
    return ids[0]


def read_values(path):
    values = {}
    with open(path) as f:
        for line in f:
            vertex, value = line.split()
            values[int(vertex)] = float(value)
    return values


def compare(algorithm, expected, got, where):
    if expected.keys() != got.keys():
        raise Failure(f"{where}: vertex sets differ ({len(expected)} against {len(got)})")
    if algorithm == "pagerank":
        l1 = sum(abs(expected[v] - got[v]) for v in expected)
        if l1 > 1e-12:
            raise Failure(f"{where}: L1 {l1:.3g} from the uninterrupted run (allowed 1e-12)")
        return
    wrong = [v for v in expected if expected[v] != got[v]]
    if wrong:
        v = wrong[0]
        raise Failure(f"{where}: {len(wrong)} vertices differ, e.g. {v}: {got[v]} instead of {expected[v]}")


def checkpoints(directory):
    return sorted(glob.glob(os.path.join(directory, "checkpoint-*.h5")))


def checkpointed_run(ctx, algorithm, np, directory, every, extra=()):
    out = ctx.path(f"partial-{algorithm}.txt")
    ctx.run(np, [*ctx.algorithm_args(algorithm, out), "--checkpoint-dir", directory, "--checkpoint-every", every,
                 "--keep", 1000, *extra])
    found = checkpoints(directory)
    if len(found) < 2:
        raise Failure(f"{algorithm}: {len(found)} checkpoints written, expected at least 2")
    return found


def resume(ctx, algorithm, np, directory, name):
    out = ctx.path(f"resumed-{name}.txt")
    err = ctx.run(np, [*ctx.algorithm_args(algorithm, out), "--checkpoint-dir", directory, "--resume"])
    return read_values(out), err


def check_resume(ctx, algorithm, np_from, np_to):
    expected = ctx.reference(algorithm, np_to)
    directory = ctx.path("checkpoints")
    found = checkpointed_run(ctx, algorithm, np_from, directory, 5 if algorithm == "pagerank" else 1)
    middle = found[(len(found) - 1) // 2]
    for path in found:
        if path != middle:
            os.remove(path)
    got, err = resume(ctx, algorithm, np_to, directory, algorithm)
    if f"resumed from {middle}" not in err:
        raise Failure(f"the run did not say it resumed from {middle}:\n{err}")
    compare(algorithm, expected, got, f"{algorithm} resumed at {np_to} ranks from a checkpoint of {np_from}")
    return 0


def flip_state_bytes(path):
    # The state datasets are the bulk of the file, written after the header: flip bytes in its
    # second half.
    size = os.path.getsize(path)
    with open(path, "r+b") as f:
        for at in range(size * 5 // 8, size * 7 // 8, 4096):
            f.seek(at)
            byte = f.read(1)
            f.seek(at)
            f.write(bytes([byte[0] ^ 0xFF]))


def truncate(path):
    with open(path, "r+b") as f:
        f.truncate(os.path.getsize(path) // 2)


def check_damaged(ctx, how):
    algorithm = "pagerank"
    expected = ctx.reference(algorithm, 2)
    directory = ctx.path("checkpoints")
    found = checkpointed_run(ctx, algorithm, 2, directory, 10)
    targets = found if how == "all" else found[-1:]
    for path in targets:
        (flip_state_bytes if how == "flip" else truncate)(path)
    got, err = resume(ctx, algorithm, 2, directory, how)
    if how == "all":
        if "no valid checkpoint" not in err:
            raise Failure(f"with every checkpoint damaged the run did not say it starts over:\n{err}")
    else:
        if f"skipping checkpoint {found[-1]}" not in err or f"resumed from {found[-2]}" not in err:
            raise Failure(f"the damaged {found[-1]} was not skipped for {found[-2]}:\n{err}")
    compare(algorithm, expected, got, f"resumed past a damaged checkpoint ({how})")
    return 0


def long_run_args(ctx, output, directory):
    # Long enough to be interrupted: fixed iterations, so the result does not depend on timing.
    return ["pagerank", "--graph", ctx.graph, "--output", output, "--iterations", 6000,
            "--checkpoint-dir", directory, "--checkpoint-every", 200]


def wait_for_checkpoint(process, directory):
    deadline = time.time() + 120
    while not checkpoints(directory):
        if process.poll() is not None or time.time() > deadline:
            process.kill()
            raise Failure(f"no checkpoint appeared (exit {process.returncode})")
        time.sleep(0.05)


def check_interrupted(ctx, np_from, np_to, how):
    directory = ctx.path("checkpoints")
    out = ctx.path("interrupted.txt")
    process = ctx.start(np_from, long_run_args(ctx, out, directory))
    wait_for_checkpoint(process, directory)
    if how == "signal":
        process.send_signal(signal.SIGUSR1)  # mpirun forwards it to every rank
    else:
        ranks = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        if not ranks:
            process.kill()
            raise Failure("no rank process found below mpirun")
        os.kill(int(ranks[-1]), signal.SIGKILL)
    err = finish(process, f"the interrupted run ({how})")
    if how == "signal":
        if process.returncode != 5 or "stopped on request" not in err:
            raise Failure(f"SIGUSR1: exit {process.returncode}, expected 5 with 'stopped on request'\n{err}")
        if os.path.exists(out):
            raise Failure("a run stopped by a signal wrote its output file")
    elif process.returncode == 0:
        raise Failure("the run with a killed rank succeeded")
    reference = ctx.path("uninterrupted.txt")
    ctx.run(np_to, ["pagerank", "--graph", ctx.graph, "--output", reference, "--iterations", 6000])
    err = ctx.run(np_to, [*long_run_args(ctx, out, directory), "--resume"])
    if "resumed from" not in err:
        raise Failure(f"the run did not resume:\n{err}")
    compare("pagerank", read_values(reference), read_values(out), f"resumed after {how} at {np_to} ranks")
    return 0


def check_unwritable(ctx):
    blocker = ctx.path("a-file")
    open(blocker, "w").close()
    err = ctx.run(2, ["wcc", "--graph", ctx.graph, "--checkpoint-dir", os.path.join(blocker, "dir")], expect=2)
    if os.path.join(blocker, "dir") not in err or "loading" in err:
        raise Failure(f"the unwritable directory was not named before loading:\n{err}")
    return 0


def written_once(directory):
    return glob.glob(os.path.join(directory, "graph-*.h5")) + glob.glob(os.path.join(directory, "vertices-*.h5"))


def check_disk_full(ctx):
    # A run on a roomy disk gives the sizes: the files written once (the graph and the vertex
    # order) and a checkpoint.
    roomy = ctx.path("roomy")
    checkpointed_run(ctx, "pagerank", 2, roomy, 10)
    graph_bytes = sum(os.path.getsize(p) for p in written_once(roomy))
    checkpoint_bytes = os.path.getsize(checkpoints(roomy)[0])
    # Room for the graph and one checkpoint, and not for a second (eddy asks for the data plus
    # 64 KiB of headroom before it writes).
    size_kib = (graph_bytes + checkpoint_bytes) // 1024 + 80
    directory = ctx.path("small")
    os.makedirs(directory)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", directory],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        print(f"SKIPPED: cannot mount a small tmpfs here ({mounted.stderr.strip()})")
        return SKIP
    try:
        err = ctx.run(2, [*ctx.algorithm_args("pagerank", ctx.path("never.txt")), "--checkpoint-dir", directory,
                          "--checkpoint-every", 10, "--keep", 5], expect=1)
        if "disk full or not writable" not in err:
            raise Failure(f"a full disk was not reported clearly:\n{err}")
        left = sorted(f for f in os.listdir(directory) if not f.startswith(("graph-", "vertices-")))
        if left != ["checkpoint-000000000010.h5"]:
            raise Failure(f"after the failed write the directory holds {left}, expected the first checkpoint only")
        kept = ctx.path("kept")
        shutil.copytree(directory, kept)
    finally:
        subprocess.run(["umount", directory], check=False)
    expected = ctx.reference("pagerank", 2)
    got, err = resume(ctx, "pagerank", 2, kept, "disk-full")
    if "resumed from" not in err:
        raise Failure(f"the checkpoint written before the disk filled did not resume:\n{err}")
    compare("pagerank", expected, got, "resumed from the checkpoint before the disk filled")
    return 0


def check_usage(ctx):
    ctx.run(1, ["wcc", "--graph", ctx.graph, "--resume"], expect=2)
    ctx.run(1, ["lcc", "--graph", ctx.graph, "--checkpoint-dir", ctx.path("c")], expect=2)
    directory = ctx.path("checkpoints")
    checkpointed_run(ctx, "cdlp", 2, directory, 1)
    err = ctx.run(2, [*ctx.algorithm_args("wcc", ctx.path("w.txt")), "--checkpoint-dir", directory, "--resume"],
                  expect=2)
    if "use another --checkpoint-dir" not in err:
        raise Failure(f"another algorithm's checkpoint was not refused clearly:\n{err}")
    return 0


def eddy_checkpoint(ctx, *args):
    done = subprocess.run([ctx.mpiexec, "-n", "2", ctx.eddy, "checkpoint", *args], capture_output=True, text=True,
                          timeout=120)
    if done.returncode != 0:
        raise Failure(f"eddy checkpoint {' '.join(args)}: exit {done.returncode}\n{done.stderr}")
    return done.stdout


def check_inspect(ctx):
    directory = ctx.path("checkpoints")
    found = checkpointed_run(ctx, "pagerank", 2, directory, 10)
    flip_state_bytes(found[0])
    rows = eddy_checkpoint(ctx, "ls", directory).splitlines()[1:]
    names = [row.split()[0] for row in rows]
    if names != [os.path.basename(p) for p in reversed(found)]:
        raise Failure(f"ls listed {names}, expected newest first")
    if not rows[0].endswith(" ok") or "damaged" not in rows[-1]:
        raise Failure("ls did not tell the damaged checkpoint from the good ones:\n" + "\n".join(rows))
    shown = eddy_checkpoint(ctx, "show", found[-1])
    for expected in ("algorithm: pagerank", "superstep: 40", "ranks: 2", '"damping": 0.85',
                     "state: /state/rank float64[3000]", "status: ok"):
        if expected not in shown:
            raise Failure(f"show does not print '{expected}':\n{shown}")
    return 0


def check_h5py(ctx):
    try:
        import h5py
    except ImportError:
        print("SKIPPED: h5py is not installed (Debian: python3-h5py)")
        return SKIP
    directory = ctx.path("checkpoints")
    found = checkpointed_run(ctx, "pagerank", 2, directory, 10)
    graph_ids = {int(line.split()[0]) for line in open(ctx.graph)} | {int(line.split()[1]) for line in open(ctx.graph)}
    with h5py.File(found[-1], "r") as f:
        attrs = {k: f.attrs[k] for k in f.attrs}
        for name in ("format", "version", "kind", "algorithm", "parameters", "superstep", "batch",
                     "stream_offset", "ranks", "vertices", "graph_fingerprint", "graph_file", "vertex_file", "created"):
            if name not in attrs:
                raise Failure(f"attribute {name} missing from {found[-1]}")
        if attrs["format"] != b"eddy-checkpoint" or int(attrs["superstep"]) != 40 or int(attrs["ranks"]) != 2:
            raise Failure(f"unexpected attributes {attrs}")
        # The ids, through the external link to the vertex order written once beside the checkpoints.
        if not isinstance(f.get("vertices", getlink=True), h5py.ExternalLink):
            raise Failure("/vertices of a run checkpoint is not a link to the vertex order file")
        ids = set(int(i) for i in f["vertices/external_id"][:])
        if ids != graph_ids:
            raise Failure("/vertices/external_id does not hold the graph's vertices")
        total = float(f["state/rank"][:].sum())
        if abs(total - 1.0) > 1e-9:
            raise Failure(f"/state/rank sums to {total}")
        # The graph, through the external link to the graph file written once beside the checkpoints.
        edges = sorted(zip(f["graph/edges/source"][:].tolist(), f["graph/edges/target"][:].tolist()))
        given = sorted((int(line.split()[0]), int(line.split()[1])) for line in open(ctx.graph))
        if f["graph"].attrs["kind"] != b"graph" or edges != given:
            raise Failure("/graph does not hold the graph's edges")
        # Every dataset's checksum is zlib's CRC-32 of its bytes, whatever computed it.
        datasets = []
        f.visititems(lambda name, item: datasets.append(name) if isinstance(item, h5py.Dataset) else None)
        for name in ["vertices/external_id", "graph/edges/source", "graph/edges/target"] + datasets:
            crc = zlib.crc32(f[name][:].tobytes())
            if int(f[name].attrs["crc32"]) != crc:
                raise Failure(f"/{name}: attribute crc32 {int(f[name].attrs['crc32'])}, zlib.crc32 {crc}")
        if not any(name.startswith("values/") for name in datasets):
            raise Failure(f"no /values dataset among {datasets}")
    return 0


def cases():
    table = {}
    for algorithm, moves in (("pagerank", [(4, 2), (2, 3), (1, 1)]), ("bfs", [(4, 2), (1, 4)]),
                             ("sssp", [(2, 3), (4, 1)]), ("cdlp", [(4, 2), (2, 2)]), ("wcc", [(2, 4), (4, 3)])):
        for a, b in moves:
            table[f"resume.{algorithm}.np{a}-{b}"] = lambda ctx, al=algorithm, x=a, y=b: check_resume(ctx, al, x, y)
    for how in ("flip", "truncate", "all"):
        table[f"damaged.{how}"] = lambda ctx, h=how: check_damaged(ctx, h)
    for np in (1, 2, 4):
        table[f"signal.np{np}"] = lambda ctx, n=np: check_interrupted(ctx, n, n, "signal")
    for a, b in ((2, 2), (4, 2), (2, 3)):
        table[f"kill.np{a}-{b}"] = lambda ctx, x=a, y=b: check_interrupted(ctx, x, y, "kill")
    table["unwritable"] = check_unwritable
    table["disk-full"] = check_disk_full
    table["usage"] = check_usage
    table["inspect"] = check_inspect
    table["h5py"] = check_h5py
    return table


def start(mpiexec, eddy, tmp, case):
    return cases()[case](Context(mpiexec, eddy, tmp, zlib.crc32(case.encode("ascii"))))


def main(argv):
    return case_driver.main(argv, __doc__, cases(), start, Failure, "eddy-checkpoint-")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
