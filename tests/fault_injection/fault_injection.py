#!/usr/bin/python3
"""Inject a failure on one rank (EDDY_INJECT_FAULT) and check that the whole job ends cleanly.

usage: fault_injection.py MPIEXEC EDDY CASE        (fault_injection.py --list prints the cases)

A case is KIND.WHERE.rankR.npN: under `mpiexec -n N`, rank R fails with KIND (exception, bad_alloc,
read; read_gz reads a gzip input) while loading the graph, at superstep 3 of pagerank, while
writing the second column of pagerank's checkpoints (the others in parallel HDF5's collective
calls), or at the second batch of `eddy stream degree`. The job
must end within 30 s with the expected exit code, exactly one `eddy: error:` line in the combined
standard error of all ranks (Open MPI's own MPI_ABORT banner is not eddy's and is not counted),
naming the cause, and no output file. The usage cases check a malformed value of the variable.
"""
import gzip
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import case_driver  # noqa: E402

LIMIT = 30  # seconds a failed job may take to end
# Every rank's byte range of the file holds whole lines at 4 ranks, so each reads a block.
EDGES = "".join(f"{i} {(i * 7 + 1) % 500}\n{i} {(i + 1) % 500}\n" for i in range(500))
# Which time the failing rank reaches the place: superstep 3, the second checkpoint column written,
# the second stream batch.
OCCURRENCE = {"superstep": 3, "checkpoint": 1, "batch": 1}
UPDATES = "".join(f"a {i} {(i * 3 + 2) % 500}\n" for i in range(200))


class Failure(Exception):
    pass


class Expect:
    def __init__(self, value, code, says, one_rank=False, gz=False, fault=True, where="load"):
        self.value = value        # EDDY_INJECT_FAULT
        self.code = code          # the job's exit code
        self.says = says          # text the one message must hold
        self.one_rank = one_rank  # known to the failing rank only: the message names that rank
        self.gz = gz              # the input is gzip-compressed
        self.fault = fault        # false: the value itself is wrong
        self.where = where        # load, superstep, checkpoint or batch


def fault_case(kind, where, rank):
    value = f"{'read' if kind == 'read_gz' else kind}@{rank}"
    if where != "load":
        value += f":{where}:{OCCURRENCE[where]}"
    cause = {"exception": f"injected exception at {where} {OCCURRENCE.get(where, 0)}", "bad_alloc": "out of memory",
             "read_gz": "g.el.gz: read error", "read": "g.el: read error"}[kind]
    # Loading runs inside agree(), so every rank learns a load failure; any later failure is
    # known to its rank only, which ends the job.
    code = 3 if kind.startswith("read") else 1
    return Expect(value, code, cause, one_rank=where != "load", gz=kind == "read_gz", where=where)


def all_cases():
    cases = {}
    for kind, where in [("exception", "load"), ("bad_alloc", "load"), ("read", "load"), ("read_gz", "load"),
                        ("exception", "superstep"), ("bad_alloc", "superstep"), ("exception", "checkpoint"),
                        ("bad_alloc", "checkpoint"), ("exception", "batch")]:
        for np in (1, 2, 4):
            for rank in sorted({0, np - 1}):
                cases[f"{kind}.{where}.rank{rank}.np{np}"] = (np, fault_case(kind, where, rank))
    cases["usage.malformed.np2"] = (2, Expect("exception@one", 2, "EDDY_INJECT_FAULT=exception@one", fault=False))
    cases["usage.no_such_rank.np2"] = (2, Expect("exception@2", 2, "the job has no rank 2", fault=False))
    return cases


CASES = all_cases()


def start(mpiexec, eddy, tmp, case):
    np, expect = CASES[case]
    graph = os.path.join(tmp, "g.el.gz" if expect.gz else "g.el")
    with open(graph, "wb") as f:
        f.write(gzip.compress(EDGES.encode()) if expect.gz else EDGES.encode())
    output = os.path.join(tmp, "out")
    if expect.where == "batch":
        updates = os.path.join(tmp, "updates.txt")
        with open(updates, "w", encoding="ascii") as f:
            f.write(UPDATES)
        job = ["stream", "degree", "--graph", graph, "--updates", updates, "--batch-size", "50",
               "--output-dir", tmp]
        output = os.path.join(tmp, "final.txt")
    else:
        job = ["run", "pagerank", "--graph", graph, "--iterations", "10", "--output", output]
        if expect.where == "checkpoint":
            job += ["--checkpoint-dir", os.path.join(tmp, "ck"), "--checkpoint-every", "1"]
    # `timeout -k`: a job that hangs is ended (TERM, KILL 5 s later) and reported as such.
    command = ["timeout", "-k", "5", str(LIMIT), mpiexec, "-n", str(np), eddy, *job]
    env = dict(os.environ, EDDY_INJECT_FAULT=expect.value)
    print(f"running: EDDY_INJECT_FAULT={expect.value}", " ".join(command), flush=True)
    began = time.monotonic()
    run = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    seconds = time.monotonic() - began
    print(f"exit code {run.returncode} after {seconds:.2f} s\n--- stdout\n{run.stdout}--- stderr\n{run.stderr}---",
          flush=True)

    failures = []
    if run.returncode in (124, 137):
        failures.append(f"did not end within {LIMIT} s")
    elif run.returncode != expect.code:
        failures.append(f"exit code {run.returncode}, expected {expect.code}")
    if os.path.exists(output):
        failures.append("the output file was created")
    errors = [line for line in run.stderr.splitlines() if line.startswith("eddy: error:")]
    if len(errors) != 1:
        failures.append(f"{len(errors)} lines start with `eddy: error:`, expected 1")
    message = errors[0] if errors else ""
    if expect.says not in message:
        failures.append(f"the message does not say `{expect.says}`")
    rank = expect.value.split("@")[1].split(":")[0]
    if expect.fault and expect.one_rank != message.endswith(f"(rank {rank})"):
        failures.append(f"the message should {'' if expect.one_rank else 'not '}name rank {rank}")
    if failures:
        raise Failure("; ".join(failures))
    print(f"ok: ended in {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(case_driver.main(sys.argv, __doc__, CASES, start, Failure, "eddy-fault-injection-"))
