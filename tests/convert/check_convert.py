#!/usr/bin/python3
"""Check `eddy convert`: algorithms give the same results on the converted graph as on the original.

usage: check_convert.py MPIEXEC EDDY DATA_DIR CASE        (check_convert.py --list prints the cases)

Cases:
  ldbc-NAME   DATA_DIR/ldbc/graphalytics-test/NAME converted to an eddy graph file (HDF5) at 2
              ranks; every algorithm run at 1, 2 and 4 ranks on the file (chunk and hash
              partitioning) and on the original, compared by LDBC's rules. The file's layout is
              checked with h5dump (and h5py when installed). Exits 77 when the data is absent.
  kronecker   gen:kronecker:scale=10, directed and undirected, to HDF5 and to a text edge list.
  bad-file    a garbage and a truncated .h5: exit code 3, one error line naming the file, no output.
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ldbc"))
import ldbc_compare  # noqa: E402

SKIP = 77
RULES = {"bfs": "exact", "cdlp": "exact", "wcc": "equivalence",
         "pagerank": "epsilon", "lcc": "epsilon", "sssp": "epsilon"}
LDBC_SETS = ["example-directed", "example-undirected"]
RANKS = ["1", "2", "4"]
TIMEOUT = 120


class Failure(Exception):
    pass


def run(mpiexec, np, eddy, args, expect=0):
    command = [mpiexec, "-n", np, eddy, *args]
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=TIMEOUT)
    if done.returncode != expect:
        raise Failure(f"{' '.join(command)}: exit code {done.returncode}, expected {expect}\n{done.stderr}")
    return done


def same_results(expected, actual, algorithm, what):
    if ldbc_compare.main(["ldbc_compare", expected, actual, RULES[algorithm]]) != 0:
        raise Failure(f"{what}: {algorithm} differs")


def ldbc_parameters(properties, name):
    """Algorithm options from NAME.properties, given explicitly so both runs use the same ones."""
    values = {}
    with open(properties, encoding="utf-8") as f:
        for line in f:
            if "=" in line and not line.lstrip().startswith("#"):
                key, value = (part.strip() for part in line.split("=", 1))
                values[key.removeprefix(f"graph.{name}.")] = value
    options = {
        "bfs": ["--source", values["bfs.source-vertex"]],
        "sssp": ["--source", values["sssp.source-vertex"]],
        "cdlp": ["--iterations", values["cdlp.max-iterations"]],
        "pagerank": ["--iterations", values["pr.num-iterations"], "--damping", values["pr.damping-factor"]],
        "wcc": [],
        "lcc": [],
    }
    return values["directed"] == "true", options


def check_layout(h5, directed, weighted):
    """The file is plain HDF5 with the documented attributes and datasets."""
    h5dump = shutil.which("h5dump")
    if h5dump is None:
        print("note: h5dump not installed, layout check skipped")
    else:
        header = subprocess.run([h5dump, "-H", h5], stdout=subprocess.PIPE, text=True, check=True).stdout
        wanted = ["format", "version", "directed", "weighted", "vertices", "edges", "arcs", "target_type",
                  "external_id", "offsets", "targets"] + (["weights"] if weighted else [])
        for name in wanted:
            if f'"{name}"' not in header:
                raise Failure(f"h5dump -H {h5}: no {name}")
        if ('GROUP "in"' in header) != directed:
            raise Failure(f"h5dump -H {h5}: /in present for an undirected graph or missing for a directed one")
    try:
        import h5py  # noqa: PLC0415 (optional)
    except ImportError:
        print("note: h5py not installed, content check skipped")
        return
    with h5py.File(h5, "r") as f:
        n, arcs = int(f.attrs["vertices"]), int(f.attrs["arcs"])
        ids = f["vertices/external_id"][:]
        offsets = f["out/offsets"][:]
        if len(ids) != n or len(offsets) != n + 1 or offsets[-1] != arcs or f["out/targets"].shape != (arcs,):
            raise Failure(f"{h5}: dataset sizes do not match the attributes")
        if any(ids[i] >= ids[i + 1] for i in range(n - 1)):
            raise Failure(f"{h5}: external ids not ascending")


def check_ldbc(mpiexec, eddy, data, name, tmp):
    prefix = os.path.join(data, "ldbc", "graphalytics-test", name)
    if not os.path.isfile(prefix + ".properties"):
        print(f"SKIPPED: {prefix}.properties not found (set EDDY_TEST_DATA)")
        return SKIP
    directed, options = ldbc_parameters(prefix + ".properties", name)
    h5 = os.path.join(tmp, name + ".h5")
    run(mpiexec, "2", eddy, ["convert", "--graph", prefix, "--weighted", "--output", h5])
    check_layout(h5, directed, True)
    for np in RANKS:
        for algorithm, extra in options.items():
            original = os.path.join(tmp, "original")
            run(mpiexec, np, eddy, ["run", algorithm, "--graph", prefix, "--format", "ldbc", "--weighted", *extra,
                                    "--output", original])
            for partition in ["chunk", "hash"]:
                converted = os.path.join(tmp, "converted")
                run(mpiexec, np, eddy, ["run", algorithm, "--graph", h5, "--weighted", *extra,
                                        "--partition", partition, "--output", converted])
                same_results(original, converted, algorithm, f"{name} at {np} ranks ({partition})")
    return 0


def first_vertex(edge_list):
    with open(edge_list, encoding="utf-8") as f:
        return f.readline().split()[0]


def check_kronecker(mpiexec, eddy, tmp):
    graph = "gen:kronecker:scale=10"
    for direction in ["--directed", "--undirected"]:
        h5 = os.path.join(tmp, "k.h5")
        text = os.path.join(tmp, "k.el")
        run(mpiexec, "2", eddy, ["convert", "--graph", graph, direction, "--weighted", "--output", h5])
        run(mpiexec, "3", eddy, ["convert", "--graph", graph, direction, "--weighted", "--to", "edgelist",
                                 "--output", text])
        check_layout(h5, direction == "--directed", True)
        source = first_vertex(text)
        for np in RANKS:
            for algorithm in RULES:
                extra = ["--source", source] if algorithm in ("bfs", "sssp") else []
                expected = os.path.join(tmp, "expected")
                run(mpiexec, np, eddy, ["run", algorithm, "--graph", graph, direction, *extra, "--output", expected])
                for converted_graph in [h5, text]:
                    actual = os.path.join(tmp, "actual")
                    run(mpiexec, np, eddy, ["run", algorithm, "--graph", converted_graph, direction, *extra,
                                            "--output", actual])
                    same_results(expected, actual, algorithm, f"{converted_graph} {direction} at {np} ranks")
    return 0


def check_bad_files(mpiexec, eddy, tmp):
    good = os.path.join(tmp, "good.h5")
    run(mpiexec, "2", eddy, ["convert", "--graph", "gen:kronecker:scale=8", "--output", good])
    with open(good, "rb") as f:
        data = f.read()
    cases = {"garbage.h5": b"1 2\n2 3\n", "truncated.h5": data[: len(data) // 2]}
    for name, content in cases.items():
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(content)
        output = os.path.join(tmp, "out")
        done = run(mpiexec, "2", eddy, ["run", "wcc", "--graph", path, "--output", output], expect=3)
        errors = [line for line in done.stderr.splitlines() if line.startswith("eddy: error:")]
        if len(errors) != 1 or path not in errors[0]:
            raise Failure(f"{name}: expected one error line naming {path}, got {errors}")
        if os.path.exists(output):
            raise Failure(f"{name}: an output file was written")
    return 0


def check_isolated(mpiexec, eddy, tmp):
    """An edge list cannot hold isolated vertices: refused, with one message and no file; the
    eddy graph file keeps them."""
    text, h5 = os.path.join(tmp, "g.el"), os.path.join(tmp, "g.h5")
    graph = "gen:empty:n=6"
    done = run(mpiexec, "2", eddy, ["convert", "--graph", graph, "--to", "edgelist", "--output", text], expect=2)
    errors = [line for line in done.stderr.splitlines() if line.startswith("eddy: error:")]
    if len(errors) != 1 or "6 isolated vertices" not in errors[0] or os.path.exists(text):
        raise Failure(f"an edge list of {graph} was not refused clearly: {errors}")
    run(mpiexec, "2", eddy, ["convert", "--graph", graph, "--output", h5])
    done = run(mpiexec, "2", eddy, ["run", "wcc", "--graph", h5])
    if len(done.stdout.split("\n")) - 1 != 6:
        raise Failure(f"the graph file of {graph} does not hold its 6 vertices:\n{done.stdout}")
    return 0


def main(argv):
    cases = [f"ldbc-{name}" for name in LDBC_SETS] + ["kronecker", "bad-file", "isolated"]
    if argv[1:] == ["--list"]:
        print("\n".join(cases))
        return 0
    if len(argv) != 5 or argv[4] not in cases:
        print(__doc__, file=sys.stderr)
        return 2
    mpiexec, eddy, data, case = argv[1:]
    with tempfile.TemporaryDirectory(prefix="eddy-convert-") as tmp:
        try:
            if case.startswith("ldbc-"):
                return check_ldbc(mpiexec, eddy, data, case.removeprefix("ldbc-"), tmp)
            if case == "kronecker":
                return check_kronecker(mpiexec, eddy, tmp)
            if case == "isolated":
                return check_isolated(mpiexec, eddy, tmp)
            return check_bad_files(mpiexec, eddy, tmp)
        except (Failure, subprocess.TimeoutExpired) as e:
            print(f"FAILED: {e}")
            return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
