#!/usr/bin/env python3
"""Benchmark incremental PageRank over edge-update streams (`eddy stream`) against PageRank from
scratch in the same run; see `--help` or bench/eddy_bench/stream.py.

Standard library only.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from eddy_bench.stream import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
