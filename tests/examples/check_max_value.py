#!/usr/bin/env python3
"""Runs the max_value example and checks its count against a plain Python fixed point.

usage: check_max_value.py MPIEXEC NP EXAMPLE EDGE_FILE
"""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import example_check  # noqa: E402


def expected_count(path):
    edges = list(example_check.read_pairs(path))
    ids = {v for e in edges for v in e}
    value = {v: v for v in ids}
    changed = True
    while changed:  # Bellman-Ford style relaxation of "largest id that reaches me"
        changed = False
        for s, d in edges:
            if value[s] > value[d]:
                value[d] = value[s]
                changed = True
    return len(set(value.values())), len(ids)


def expected_line(edge_file):
    count, vertices = expected_count(edge_file)
    return f"{count} distinct maxima over {vertices} vertices"


if __name__ == "__main__":
    sys.exit(example_check.main(sys.argv, "--graph", expected_line))
