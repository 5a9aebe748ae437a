#!/usr/bin/python3
"""Check `eddy generate` against properties recomputed here from its files.

usage: check_generate.py MPIEXEC EDDY CASE        (check_generate.py --list prints the cases)

Cases:
  ranks    the graph and the stream are byte for byte the same at 1, 2, 3 and 4 ranks for a seed
           (plain, and --weighted --times), and differ for another seed.
  graph    the graph file holds the edges of `eddy convert --graph gen:kronecker:scale=10 --to
           edgelist` (as a multiset, with weights), one per line.
  stream   for each of plain, --weighted, --times and both: U lines of the documented fields, the
           delete fraction within tolerance, every delete naming an edge of the graph or of an
           earlier add, endpoints in [0, 2^scale), times 0..U-1, weights in [0, 1).
  usage    bad values end with exit code 2 and one error line on every rank count, writing nothing;
           --help describes the options.
"""
import collections
import filecmp
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import case_driver  # noqa: E402

SCALE = 10
UPDATES = 20000
FRACTION = 0.2
TIMEOUT = 120


class Failure(Exception):
    pass


def run(mpiexec, np, eddy, args, expect=0):
    command = [mpiexec, "-n", str(np), eddy, *args]
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=TIMEOUT)
    if done.returncode != expect:
        raise Failure(f"{' '.join(command)}: exit code {done.returncode}, expected {expect}\n{done.stderr}")
    return done


def generate(mpiexec, np, eddy, tmp, name, extra, seed=1):
    base = os.path.join(tmp, name + ".el")
    stream = os.path.join(tmp, name + ".txt")
    run(mpiexec, np, eddy, ["generate", "--scale", str(SCALE), "--seed", str(seed), "--output", base,
                            "--updates", str(UPDATES), "--updates-output", stream,
                            "--delete-fraction", str(FRACTION), *extra])
    return base, stream


def check_ranks(mpiexec, eddy, tmp):
    for extra in [[], ["--weighted", "--times"]]:
        first = generate(mpiexec, 1, eddy, tmp, "np1", extra)
        for np in [2, 3, 4]:
            other = generate(mpiexec, np, eddy, tmp, f"np{np}", extra)
            for a, b in zip(first, other):
                if not filecmp.cmp(a, b, shallow=False):
                    raise Failure(f"{' '.join(extra)}: {b} at {np} ranks differs from {a} at 1 rank")
        reseeded = generate(mpiexec, 2, eddy, tmp, "seed2", extra, seed=2)
        for a, b in zip(first, reseeded):
            if filecmp.cmp(a, b, shallow=False):
                raise Failure(f"{' '.join(extra)}: seed 2 wrote the same {os.path.basename(a)} as seed 1")
    return 0


def edges_of(path, weighted):
    edges = collections.Counter()
    with open(path, encoding="ascii") as f:
        for number, line in enumerate(f, 1):
            fields = line.split()
            if len(fields) != (3 if weighted else 2):
                raise Failure(f"{path}:{number}: expected {3 if weighted else 2} fields: {line!r}")
            edges[(int(fields[0]), int(fields[1]), float(fields[2]) if weighted else None)] += 1
    return edges


def check_graph(mpiexec, eddy, tmp):
    for weighted in [False, True]:
        flag = ["--weighted"] if weighted else []
        generated = os.path.join(tmp, "generated.el")
        converted = os.path.join(tmp, "converted.el")
        run(mpiexec, 3, eddy, ["generate", "--scale", str(SCALE), "--output", generated, *flag])
        run(mpiexec, 2, eddy, ["convert", "--graph", f"gen:kronecker:scale={SCALE}", "--directed", *flag,
                               "--to", "edgelist", "--output", converted])
        ours, theirs = edges_of(generated, weighted), edges_of(converted, weighted)
        if sum(ours.values()) != 16 << SCALE:
            raise Failure(f"{generated}: {sum(ours.values())} edges, expected {16 << SCALE}")
        if ours != theirs:
            raise Failure(f"{generated} and gen:kronecker:scale={SCALE} hold different edges "
                          f"({sum((ours - theirs).values())} only in the first)")
    return 0


def check_stream_file(base, stream, weighted, times):
    graph = edges_of(base, weighted)
    existing = {(s, d) for s, d, _ in graph}
    vertices = 1 << SCALE
    deletes = 0
    with open(stream, encoding="ascii") as f:
        lines = f.read().splitlines()
    if len(lines) != UPDATES:
        raise Failure(f"{stream}: {len(lines)} lines, expected {UPDATES}")
    for index, line in enumerate(lines):
        where = f"{stream}:{index + 1}"
        fields = line.split()
        if not fields or fields[0] not in ("a", "d"):
            raise Failure(f"{where}: not an add or a delete: {line!r}")
        add = fields[0] == "a"
        wanted = 3 + (1 if add and (weighted or times) else 0) + (1 if times else 0)
        if len(fields) != wanted:
            raise Failure(f"{where}: {len(fields)} fields, expected {wanted}: {line!r}")
        src, dst = int(fields[1]), int(fields[2])
        if times and int(fields[-1]) != index:
            raise Failure(f"{where}: time {fields[-1]}, expected {index}")
        if add:
            if not (0 <= src < vertices and 0 <= dst < vertices):
                raise Failure(f"{where}: endpoint outside [0, {vertices}): {line!r}")
            if weighted and not 0.0 <= float(fields[3]) < 1.0:
                raise Failure(f"{where}: weight outside [0, 1): {line!r}")
            if times and not weighted and fields[3] != "1":
                raise Failure(f"{where}: an unweighted add with a time must carry weight 1: {line!r}")
            existing.add((src, dst))
        else:
            deletes += 1
            if (src, dst) not in existing:
                raise Failure(f"{where}: deletes an edge neither in the graph nor added before: {line!r}")
    fraction = deletes / UPDATES
    if abs(fraction - FRACTION) > 0.02:
        raise Failure(f"{stream}: delete fraction {fraction:.4f}, expected {FRACTION} +- 0.02")


def check_stream(mpiexec, eddy, tmp):
    for weighted in [False, True]:
        for times in [False, True]:
            extra = (["--weighted"] if weighted else []) + (["--times"] if times else [])
            base, stream = generate(mpiexec, 2, eddy, tmp, "stream", extra)
            check_stream_file(base, stream, weighted, times)
    return 0


def check_usage(mpiexec, eddy, tmp):
    out = os.path.join(tmp, "out.el")
    updates = os.path.join(tmp, "updates.txt")
    bad = [["--scale", "0", "--output", out],
           ["--scale", "41", "--output", out],
           ["--scale", "8", "--output", out, "--updates", "10", "--updates-output", updates,
            "--delete-fraction", "1.5"],
           ["--scale", "8", "--output", out, "--updates", "10", "--updates-output", updates,
            "--delete-fraction", "-0.1"],
           ["--scale", "8", "--output", out, "--updates", "10"],
           ["--scale", "8", "--output", out, "--updates-output", updates],
           ["--scale", "8", "--edge-factor", "0", "--output", out]]
    for args in bad:
        for np in [1, 2]:
            done = run(mpiexec, np, eddy, ["generate", *args], expect=2)
            errors = [line for line in done.stderr.splitlines() if line.startswith("eddy: error:")]
            if len(errors) != 1:
                raise Failure(f"generate {' '.join(args)} at {np} ranks: expected one error line, got {errors}")
            if os.path.exists(out) or os.path.exists(updates):
                raise Failure(f"generate {' '.join(args)}: wrote a file")
    text = run(mpiexec, 1, eddy, ["generate", "--help"]).stdout
    for option in ["--scale", "--edge-factor", "--seed", "--weighted", "--output", "--updates",
                   "--updates-output", "--delete-fraction", "--times"]:
        if option not in text:
            raise Failure(f"generate --help does not mention {option}")
    return 0


CASES = {"ranks": check_ranks, "graph": check_graph, "stream": check_stream, "usage": check_usage}


def main(argv):
    return case_driver.main(argv, __doc__, CASES, lambda mpiexec, eddy, tmp, case: CASES[case](mpiexec, eddy, tmp),
                            Failure, "eddy-generate-")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
