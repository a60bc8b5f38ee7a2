"""``arcot run``: run a machine on an input and print how it stopped."""

from __future__ import annotations

import argparse
from typing import Any

from arcot.cli.exits import EXIT_LIMIT, EXIT_OK
from arcot.cli.numbers import _int_option
from arcot.cli.operands import _emit, _machine, _word

__all__ = ["cmd_run", "run_fields"]


def _add_run(sub: Any) -> None:
    p = sub.add_parser("run", help="run a machine on an input")
    p.add_argument("machine", help="standard text, zoo:NAME, or a machine file")
    p.add_argument("--input", default="", help="the input word, one char a symbol")
    p.add_argument("--max-steps", type=_int_option(0), default=10**7,
                   help="step budget, 0 .. 2**63 - 1 (default 10**7)")
    p.add_argument("--max-cells", type=_int_option(1), default=None,
                   help="tape cells at most, 1 .. 2**63 - 1 (default 2**28)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    """``arcot run``: run, print the outcome, exit 0 halted / 3 budget used up."""
    from arcot.machine import DEFAULT_MAX_CELLS, run

    machine = _machine(args.machine)
    word = _word(machine, args.input)
    result = run(
        machine, word, max_steps=args.max_steps,
        max_cells=DEFAULT_MAX_CELLS if args.max_cells is None else args.max_cells,
    )
    out = run_fields(result)
    if args.json:
        _emit(out)
    else:
        for key, value in out.items():
            print(f"{key:>10}  {value}")
        if not result.halted:
            print(f"budget of {args.max_steps} steps used up before the machine halted")
    return EXIT_OK if result.halted else EXIT_LIMIT


def run_fields(result: Any) -> dict[str, Any]:
    """A run's outcome as ``arcot run`` prints it (``arcot universal`` too)."""
    return {
        "halted": result.halted,
        "steps": result.steps,
        "nonzero": result.nonzero,
        "state": str(result.state),
        "head": result.head,
        "tape": result.tape_text(),
        "tape_start": result.span[0],
        "reason": result.reason,
        "accepted": result.accepted,
    }
