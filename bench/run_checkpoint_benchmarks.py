#!/usr/bin/env python3
"""Benchmark checkpoints: what `--checkpoint-dir` costs `eddy run pagerank`, how long a `--resume`
takes, and the size and speed of an `eddy stream` checkpoint; see `--help` or
bench/eddy_bench/checkpoint.py.

Standard library only.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from eddy_bench.checkpoint import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
