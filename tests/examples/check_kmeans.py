#!/usr/bin/python3
"""Runs the kmeans example on seeded generated points and checks it against Lloyd's algorithm in
numpy from the same initial centroids: the assignments exactly, the centroids within 1e-9, the
number of supersteps, and that bad input is refused with its file and line.

usage: check_kmeans.py MPIEXEC NP EXAMPLE
"""
import os
import re
import subprocess
import sys
import tempfile

SKIP = 77
MASK = (1 << 64) - 1


def splitmix64(z):
    z = (z + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def seeded_indices(n, k, seed):
    """The example's documented choice: draw i picks splitmix64(seed + i) mod n, skipping repeats."""
    chosen, draw = [], 0
    while len(chosen) < k:
        i = splitmix64((seed + draw) & MASK) % n
        draw += 1
        if i not in chosen:
            chosen.append(i)
    return chosen


def lloyd(np, points, centroids, iterations, epsilon):
    """(final assignment, final centroids, rounds); empty clusters keep their centroid."""
    centroids = centroids.copy()
    rounds = 0
    for rounds in range(1, iterations + 1):
        labels = ((points[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
        moved = 0.0
        for c in range(len(centroids)):
            members = points[labels == c]
            if len(members):
                mean = members.mean(axis=0)
                moved = max(moved, float(np.sqrt(((mean - centroids[c]) ** 2).sum())))
                centroids[c] = mean
        if moved <= epsilon:
            break
    labels = ((points[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    return labels, centroids, rounds


def write_csv(path, rows, header=None):
    with open(path, "w") as f:
        if header:
            f.write(header + "\n\n")
        for row in rows:
            f.write(",".join(repr(float(x)) for x in row) + "\n")


def run(mpiexec, np_ranks, example, args):
    return subprocess.run([mpiexec, "-n", np_ranks, example] + args, capture_output=True, text=True, timeout=120)


def check_case(np, mpiexec, ranks, example, tmp, points, name, initial, args, iterations, epsilon):
    want_labels, want_centroids, want_rounds = lloyd(np, points, initial, iterations, epsilon)
    out = os.path.join(tmp, name + ".clusters")
    done = run(mpiexec, ranks, example, args + ["--output", out, "--iterations", str(iterations),
                                                "--epsilon", repr(epsilon)])
    if done.returncode != 0:
        return f"{name}: exit {done.returncode}\n{done.stderr}"
    with open(out) as f:
        rows = [line.split() for line in f]
    if [int(r[0]) for r in rows] != list(range(len(points))):
        return f"{name}: assignment lines are not one per point in index order"
    got_labels = np.array([int(r[1]) for r in rows])
    wrong = np.flatnonzero(got_labels != want_labels)
    if len(wrong):
        return f"{name}: {len(wrong)} points assigned differently, first {wrong[:5].tolist()}"
    got_centroids = np.array([[float(x) for x in line.split(",")] for line in done.stdout.split()])
    if got_centroids.shape != want_centroids.shape:
        return f"{name}: centroids of shape {got_centroids.shape}, expected {want_centroids.shape}"
    worst = float(np.abs(got_centroids - want_centroids).max())
    if worst > 1e-9:
        return f"{name}: centroids differ by up to {worst:.3e}"
    match = re.search(r"(\d+) supersteps", done.stderr)
    if not match or int(match.group(1)) != want_rounds:
        return f"{name}: expected {want_rounds} supersteps, standard error: {done.stderr}"
    print(f"ok {name}: {len(points)} points, {len(initial)} clusters, {want_rounds} supersteps, "
          f"centroids within {worst:.1e}")
    return None


def check_refusal(mpiexec, ranks, example, tmp, name, text, args, expected):
    path = os.path.join(tmp, name + ".csv")
    with open(path, "w") as f:
        f.write(text)
    done = run(mpiexec, ranks, example, ["--points", path] + args)
    message = expected.replace("FILE", path)
    if done.returncode == 0 or message not in done.stderr:
        return f"{name}: expected a failure naming '{message}', got exit {done.returncode}: {done.stderr}"
    print(f"ok {name}: {done.stderr.strip()}")
    return None


def main():
    mpiexec, ranks, example = sys.argv[1:4]
    try:
        import numpy as np
    except ImportError:
        print("SKIPPED: numpy is not installed (run with /usr/bin/python3)")
        return SKIP
    rng = np.random.default_rng(20240917)
    centres = rng.uniform(-10, 10, size=(4, 3))
    points = np.concatenate([c + rng.normal(scale=2.5, size=(750, 3)) for c in centres])
    rng.shuffle(points)
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        points_path = os.path.join(tmp, "points.csv")
        write_csv(points_path, points, header="# x,y,z")
        initial = points[rng.choice(len(points), size=4, replace=False)] + 0.5
        centroids_path = os.path.join(tmp, "initial.csv")
        write_csv(centroids_path, initial)
        problems.append(check_case(np, mpiexec, ranks, example, tmp, points, "from-file", initial,
                                   ["--points", points_path, "--centroids", centroids_path], 100, 0.0))
        seeded = points[seeded_indices(len(points), 6, 11)]
        problems.append(check_case(np, mpiexec, ranks, example, tmp, points, "seeded", seeded,
                                   ["--points", points_path, "--k", "6", "--seed", "11"], 100, 0.0))
        problems.append(check_case(np, mpiexec, ranks, example, tmp, points, "capped", seeded,
                                   ["--points", points_path, "--k", "6", "--seed", "11"], 3, 1e-3))
        problems.append(check_refusal(mpiexec, ranks, example, tmp, "not-a-number", "1,2\n3,4\n5,x\n",
                                      ["--k", "2"], "FILE:3: 'x' is not a finite number"))
        problems.append(check_refusal(mpiexec, ranks, example, tmp, "ragged", "# c\n1,2\n3,4,5\n",
                                      ["--k", "2"], "FILE:3: 3 coordinates where earlier lines have 2"))
        problems.append(check_refusal(mpiexec, ranks, example, tmp, "too-many-clusters", "1,2\n3,4\n",
                                      ["--k", "3"], "--k 3 exceeds the 2 points of FILE"))
    problems = [p for p in problems if p]
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
