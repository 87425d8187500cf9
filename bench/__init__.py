"""Benchmarks of the shared runtime against baselines measured in the same run.

Run from the repository root with ``python -m bench.run [--quick]`` (``make bench``). Every
result is reported as a ratio to a baseline measured on the same machine in the same run,
never as an absolute pass/fail; ``docs/benchmarks.md`` is written from the results.
"""
