"""The machine the benchmark runs on: launching, CPU accounting, and waiting for quiet CPUs."""

import os
import resource
import shlex
import subprocess
import sys
import time


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def launcher(args, ranks, extra=()):
    return [args.mpirun, "-np", str(ranks)] + shlex.split(args.mpirun_args) + list(extra)


def environment():
    env = dict(os.environ)
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # Open MPI refuses root without these
        env["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        env["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
    return env


def command_output(cmd):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env=environment()).stdout.strip()
    except OSError:
        return None


def cpu_busy_seconds():
    """CPU seconds spent busy by the whole machine since boot (Linux /proc/stat), or None."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def machine_busy_share(seconds=0.5):
    """Fraction of all CPUs busy over a short sample (this script is idle meanwhile)."""
    before = cpu_busy_seconds()
    if before is None:
        return 0.0
    time.sleep(seconds)
    return (cpu_busy_seconds() - before) / (seconds * (os.cpu_count() or 1))


def wait_until_idle(args):
    """Waits (up to --wait-idle seconds) until other processes leave the CPUs alone; returns seconds waited."""
    start = time.monotonic()
    announced = False
    while time.monotonic() - start < args.wait_idle:
        share = machine_busy_share()
        if share <= args.idle_threshold:
            break
        if not announced:
            log("  machine busy (%.0f%% of the CPUs used by other processes) -- waiting" % (100 * share))
            announced = True
        time.sleep(5)
    return time.monotonic() - start
