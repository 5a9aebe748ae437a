"""eddy's benchmark driver (bench/run_benchmarks.py): one module per job.

options  command line, algorithms, baseline programs     graphs  named graphs, direction, sources
machine  launching, CPU accounting, waiting for idle      runs    one timed run of eddy or a baseline
report   summaries, speed-ups and the Markdown table      main    the session and the JSON document
stream   run_stream_benchmarks.py: incremental PageRank over update streams against from-scratch runs
"""
