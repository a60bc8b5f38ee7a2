"""``arcot sweep``: a task over every machine of a space, resumable, on one
process, local processes or Dask."""

from __future__ import annotations

import argparse
from typing import Any

from arcot.cli.exits import EXIT_OK
from arcot.cli.operands import _emit
from arcot.errors import UsageError

__all__ = ["cmd_sweep"]


def _add_sweep(sub: Any) -> None:
    p = sub.add_parser(
        "sweep", help="run a task over every machine of a space",
        description="Run a task over every machine of a space, in chunks of the "
        "space's fixed order, each written whole to OUT/chunk-NNNNNN.jsonl; "
        "--resume skips the chunks already written. Spaces: tnf:NxM (tree normal "
        "form), all:NxM, random:NxM:COUNT:SEED, file:PATH (standard-text lines), "
        "bbchallenge:PATH (a seed database). Tasks: run (halted, steps, nonzero), "
        "certify (a learner/features grid: verified, refuted or skipped), length "
        "(the tableau law), or MODULE:FUNCTION (your function of a TuringMachine, "
        "returning a dict).",
    )
    p.add_argument("space", help="tnf:NxM, all:NxM, random:NxM:COUNT:SEED, file:PATH "
                   "or bbchallenge:PATH")
    p.add_argument("--task", default="run", help="run, certify, length or "
                   "MODULE:FUNCTION (default: run)")
    p.add_argument("--out", required=True, metavar="DIR",
                   help="the folder the results go to")
    p.add_argument("--engine", choices=("local", "processes", "dask"),
                   default="local", help="where the chunks run (default: local)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="a Dask scheduler's address (--engine dask; default: a "
                   "LocalCluster)")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="processes or Dask workers (default: the CPU count; 2 "
                   "for a LocalCluster)")
    p.add_argument("--chunk-size", type=int, default=500, metavar="N",
                   help="machines a chunk (default: 500)")
    p.add_argument("--resume", action="store_true",
                   help="continue a sweep in OUT, skipping its finished chunks")
    p.add_argument("--max-steps", type=int, default=None, metavar="N",
                   help="step budget of each run (default: 10000)")
    p.add_argument("--grid", default=None, metavar="L/F[/T],...",
                   help="certify's grid of learner/features[/train], e.g. "
                   "construct/additive,lstsq/pairwise/inputs:4")
    p.add_argument("--no-progress", action="store_true",
                   help="no progress bar on stderr")
    p.add_argument("--json", action="store_true",
                   help="print the summary as one JSON object")
    p.set_defaults(func=cmd_sweep)


def cmd_sweep(args: argparse.Namespace) -> int:
    """``arcot sweep``: exit 0 once every chunk is written."""
    options: dict[str, Any] = {}
    if args.max_steps is not None:
        if args.max_steps < 0:
            raise UsageError(f"--max-steps must be >= 0, got {args.max_steps}")
        options["max_steps"] = args.max_steps
    if args.grid is not None:
        cells = [c.split("/") for c in args.grid.split(",") if c]
        if not cells or any(len(c) not in (2, 3) for c in cells):
            raise UsageError(
                f"--grid {args.grid!r}: expected LEARNER/FEATURES[/TRAIN],... e.g. "
                "construct/additive,lstsq/pairwise/inputs:4"
            )
        options["grid"] = cells
    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers must be >= 1, got {args.workers}")
    if args.scheduler is not None and args.engine != "dask":
        raise UsageError("--scheduler is for --engine dask")
    from arcot.sweep.runner import summary, sweep

    result = sweep(
        args.space, args.task, out=args.out, engine=args.engine,
        workers=args.workers, scheduler=args.scheduler, chunk_size=args.chunk_size,
        resume=args.resume, options=options,
        progress=False if args.no_progress else None,
    )
    counts = summary(result.rows(), args.task)
    if args.json:
        _emit({"out": str(result.out), "machines": result.machines,
               "chunks": result.chunks, "resumed_chunks": result.resumed_chunks,
               "summary": dict(counts)})
        return EXIT_OK
    print(f"{args.space} ({args.task}): {result.machines} machines in "
          f"{result.chunks} chunks ({result.resumed_chunks} finished before), "
          f"rows in {result.out}")
    width = max((len(k) for k, _ in counts), default=0)
    for key, count in counts:
        print(f"  {key:<{width}}  {count:>8}")
    return EXIT_OK
