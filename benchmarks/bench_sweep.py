"""Sweeps: machines a second on each engine, the cost of a chunk, the whole
3x2 tree-normal-form space.

One process per measurement, in one run: the ``run`` task (10,000-step
budget) over every 3x2 TNF machine on each engine (local: this process;
processes and a two-worker Dask LocalCluster: both cores), against a plain
loop over ``arcot.run``; the ``certify`` task (the default four-cell grid)
over the first 400 machines of the space; the scheduling cost of a chunk
(chunks of one machine and a task that does nothing, against one chunk of
all of them). Rows are checked equal across engines.

    python benchmarks/bench_sweep.py
"""

from __future__ import annotations

import itertools
import tempfile
import time
from pathlib import Path

from arcot.machine import parse_tm, run
from arcot.sweep import tnf
from arcot.sweep.runner import load_results, sweep


def nothing(machine):  # type: ignore[no-untyped-def]
    """A task that does no work: what a chunk costs by itself."""
    return {}


def timed(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - t


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    machines = list(tnf(3, 2))
    print(f"tnf:3x2: {len(machines):,} machines")
    _, plain = timed(lambda: [run(parse_tm(m), max_steps=10_000) for m in machines])
    print(f"{'task':<10} {'engine':<10} {'machines':>9} {'seconds':>8} "
          f"{'machines/s':>11} {'vs plain loop':>14}")
    print(f"{'run':<10} {'plain loop':<10} {len(machines):>9,} {plain:>8.2f} "
          f"{len(machines) / plain:>11,.0f} {1.0:>14.2f}")
    reference = None
    for engine in ("local", "processes", "dask"):
        out = tmp / f"run-{engine}"
        _, dt = timed(lambda e=engine, o=out: sweep(
            "tnf:3x2", "run", out=o, engine=e, workers=2, chunk_size=500,
            progress=False))
        rows = load_results(out)
        reference = reference or rows
        assert rows == reference, engine
        print(f"{'run':<10} {engine:<10} {len(rows):>9,} {dt:>8.2f} "
              f"{len(rows) / dt:>11,.0f} {plain / dt:>14.2f}")
    prefix = tmp / "prefix.txt"
    prefix.write_text("\n".join(itertools.islice(machines, 400)) + "\n")
    reference = None
    for engine in ("local", "processes", "dask"):
        out = tmp / f"certify-{engine}"
        _, dt = timed(lambda e=engine, o=out: sweep(
            f"file:{prefix}", "certify", out=o, engine=e, workers=2,
            chunk_size=50, progress=False))
        rows = load_results(out)
        reference = reference or rows
        assert rows == reference, engine
        print(f"{'certify':<10} {engine:<10} {len(rows):>9,} {dt:>8.2f} "
              f"{len(rows) / dt:>11,.1f} {'-':>14}")
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    for engine in ("local", "processes", "dask"):
        _, one = timed(lambda e=engine: sweep(
            f"file:{prefix}", "bench_sweep:nothing", out=tmp / f"one-{e}", engine=e,
            workers=2, chunk_size=400, progress=False))
        _, many = timed(lambda e=engine: sweep(
            f"file:{prefix}", "bench_sweep:nothing", out=tmp / f"many-{e}",
            engine=e, workers=2, chunk_size=1, progress=False))
        print(f"chunk cost, {engine:<9}: {(many - one) / 399 * 1e3:.2f} ms a chunk "
              f"(400 chunks of 1 in {many:.2f} s, 1 chunk of 400 in {one:.2f} s)")


if __name__ == "__main__":
    main()
