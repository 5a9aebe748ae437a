#!/usr/bin/env python3
"""Runs the relation_components example and checks its summary against a plain Python union-find.

usage: check_relation_components.py MPIEXEC NP EXAMPLE PAIR_FILE
"""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import example_check  # noqa: E402


def expected_summary(path):
    parent = {}

    def find(v):
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for a, b in example_check.read_pairs(path):
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        parent[find(a)] = find(b)
    sizes = {}
    for v in parent:
        root = find(v)
        sizes[root] = sizes.get(root, 0) + 1
    return f"{len(sizes)} components over {len(parent)} keys, the largest with {max(sizes.values())} keys"


if __name__ == "__main__":
    sys.exit(example_check.main(sys.argv, "--pairs", expected_summary))
