#!/usr/bin/env python3
"""Benchmark `eddy run` against Boost.Graph baselines; see `--help` or bench/eddy_bench/options.py.

Standard library only. The driver lives in the package bench/eddy_bench/, one module per job.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from eddy_bench.main import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
