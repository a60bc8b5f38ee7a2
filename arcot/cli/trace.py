"""``arcot trace``: a run's chain of thought in one encoding, in the shape
all inputs of the word's length share."""

from __future__ import annotations

import argparse
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from arcot.cli.exits import EXIT_OK
from arcot.cli.numbers import (
    INPUT_LIMIT,
    _count_inputs,
    _int_option,
    _SizeLimit,
    _window,
)
from arcot.cli.operands import _emit, _machine, _word
from arcot.errors import UsageError

__all__ = ["TRACE_TOKEN_LIMIT", "cmd_trace"]

#: The most CoT tokens ``arcot trace`` writes (its JSON is about 3 bytes a token).
TRACE_TOKEN_LIMIT = 1 << 24


def _add_trace(sub: Any) -> None:
    p = sub.add_parser(
        "trace",
        help="a run's chain of thought in one encoding",
        description="Encode a run as a CoT. The shape (window, steps) is the "
        "worst case over all inputs of the word's length, so the CoT has the "
        "length `arcot length` reports for that n.",
    )
    p.add_argument("machine", help="standard text, zoo:NAME, or a machine file")
    p.add_argument("--input", default="", help="the input word, one char a symbol")
    p.add_argument(
        "--encoding", required=True, help="tableau, circuit or steplog"
    )
    p.add_argument("--max-steps", type=_int_option(0), default=100_000,
                   help="step budget of each run, 0 .. 2**63 - 1")
    p.add_argument(
        "--window", default=None, metavar="FIRST..LAST",
        help="tape cells a row shows (default: the least window for all inputs "
        "of the word's length)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_trace)


def cmd_trace(args: argparse.Namespace) -> int:
    """``arcot trace``: print a CoT (token ids with --json, readable without)."""
    encoding = args.encoding
    if encoding not in ("tableau", "circuit", "steplog"):
        raise UsageError(
            f"unknown encoding {encoding!r}: expected tableau, circuit or steplog"
        )
    machine = _machine(args.machine)
    word = _word(machine, args.input)
    from arcot.cot import cot_length, encode, length_shape

    machine.check_word(word)
    k = len(machine.input_symbols or ())
    inputs = _count_inputs(k, len(word), up_to=False)
    if inputs > INPUT_LIMIT:
        raise _SizeLimit(
            f"the CoT's shape is the worst case over every input of the word's "
            f"length, {k}^{len(word)} of them: more than the {INPUT_LIMIT} (2**20) "
            "inputs arcot enumerates"
        )
    # Work no larger than a run that run() steps in plain Python runs its
    # kernels as plain Python too: numba's import and set-up alone cost more.
    with _small(inputs * args.max_steps):
        window, steps = length_shape(machine, len(word), max_steps=args.max_steps)
    if args.window is not None:
        window = _window(args.window)
    tokens = cot_length(machine, encoding, steps=steps, width=window.width)
    if tokens > TRACE_TOKEN_LIMIT:
        raise _SizeLimit(
            f"the {encoding} CoT would have {tokens} tokens (T={steps}, "
            f"W={window.width}): more than the {TRACE_TOKEN_LIMIT} (2**24) tokens "
            "arcot trace writes"
        )
    with _small(tokens):
        trace = encode(machine, word, encoding=encoding, window=window, steps=steps)
    if args.json:
        _emit({
            "encoding": trace.encoding,
            "vocabulary": list(trace.vocabulary.names),
            "prompt": trace.prompt.tolist(),
            "cot": trace.cot.tolist(),
            "steps": trace.steps,
            "width": trace.width,
        })
        return EXIT_OK
    print(
        f"{encoding} CoT of {args.input or '(empty input)'}: {len(trace.cot)} tokens "
        f"(law {tokens}), steps T={steps}, window W={window.width} "
        f"(cells {window.left}..{window.left + window.width - 1}), "
        f"vocabulary {len(trace.vocabulary)} tokens"
    )
    print(trace.render())
    return EXIT_OK


def _small(work: int) -> AbstractContextManager[None]:
    """:func:`arcot._numba.plain_python` when ``work`` (steps or tokens, at
    worst) is within what :func:`arcot.machine.run` steps in plain Python."""
    from arcot._numba import plain_python
    from arcot.machine.simulator import PYTHON_STEPS

    return plain_python() if work <= PYTHON_STEPS else nullcontext()
