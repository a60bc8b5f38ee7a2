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
    p.add_argument(
        "--max-inputs", type=_int_option(0, INPUT_LIMIT), default=INPUT_LIMIT,
        metavar="N", help="refuse (exit 3, before any run) a word whose length "
        "has more inputs, each run to find the shape (default and most: "
        "1048576 = 2**20)",
    )
    p.add_argument(
        "--max-tokens", type=_int_option(0), default=TRACE_TOKEN_LIMIT,
        metavar="T", help="refuse (exit 3) a CoT of more tokens: at once when "
        "the word's own run passes it, else once the shape is known (default: "
        "16777216 = 2**24; the JSON takes about 3 bytes a token)",
    )
    p.add_argument("--no-progress", action="store_true",
                   help="no progress bar on stderr (drawn only on a terminal)")
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
    from arcot.cot import cot_length, encode

    machine.check_word(word)
    k = len(machine.input_symbols or ())
    inputs = _count_inputs(k, len(word), up_to=False)
    if inputs > args.max_inputs:
        more = (", raise --max-inputs (at most 2**20)"
                if args.max_inputs < INPUT_LIMIT else "")
        raise _SizeLimit(
            f"the CoT's shape is the worst case over every input of the word's "
            f"length, {_power(k, len(word), inputs)} of them: more than "
            f"--max-inputs {args.max_inputs}; use a shorter word{more} or "
            "arcot run for this one input"
        )
    own, own_steps = _own_shape(machine, word, args.max_steps)
    width = own.width if args.window is None else _window(args.window).width
    tokens = cot_length(machine, encoding, steps=own_steps, width=width)
    if tokens > args.max_tokens:  # the shared shape holds this run: no smaller
        raise _SizeLimit(_too_many(encoding, tokens, own_steps, width,
                                   args.max_tokens, "at least "))
    progress = False if args.no_progress or args.json else None
    # Work no larger than a run that run() steps in plain Python runs its
    # kernels as plain Python too: numba's import and set-up alone cost more.
    with _small(inputs * args.max_steps):
        window, steps = _shared_shape(machine, len(word), args.max_steps,
                                      inputs * own_steps, progress)
    if args.window is not None:
        window = _window(args.window)
    tokens = cot_length(machine, encoding, steps=steps, width=window.width)
    if tokens > args.max_tokens:
        raise _SizeLimit(_too_many(encoding, tokens, steps, window.width,
                                   args.max_tokens, ""))
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


def _power(k: int, n: int, count: int) -> str:
    return f"{k}^{n} = {count}" if count <= INPUT_LIMIT else f"{k}^{n}"


def _too_many(encoding: str, tokens: int, steps: int, width: int, limit: int,
              least: str) -> str:
    return (
        f"the {encoding} CoT would have {least}{tokens} tokens (T={steps}, "
        f"W={width}): more than --max-tokens {limit}; use a shorter word, or "
        "raise --max-tokens"
    )


def _own_shape(machine: Any, word: Any, max_steps: int) -> tuple[Any, int]:
    """The word's own run's shape (the shared one holds it): one run, which
    reports a run that does not stop before the others are run."""
    from arcot.cot import tableau_window

    with _small(max_steps):
        return tableau_window(machine, [word], max_steps=max_steps)


#: Runs' steps in all past which a bar is worth running the inputs in
#: chunks, and the steps a run must take per input symbol for the chunks'
#: Python listing of the symbols to cost little beside it.
_CHUNKED_STEPS = 10**8
_PER_INPUT_STEPS = 100


def _shared_shape(machine: Any, n: int, max_steps: int, work: int,
                  progress: bool | None) -> tuple[Any, int]:
    """:func:`~arcot.cot.length_shape`, in chunks of inputs a progress bar
    steps through when it is drawn and the runs are long (each chunk's
    symbols are listed in Python, which the kernel's one call avoids)."""
    import itertools

    from arcot._progress import Progress
    from arcot.cot import TableauWindow, length_shape

    alphabet = tuple(machine.input_symbols or ())
    count = len(alphabet) ** n if alphabet else int(n == 0)
    per_input = work // max(count, 1)
    if (progress is False or work < _CHUNKED_STEPS
            or per_input < _PER_INPUT_STEPS * max(n, 1)):
        return length_shape(machine, n, max_steps=max_steps)
    chunks = 100
    size = -(-count // chunks)
    bar = Progress(-(-count // size), f"runs of length {n}", progress,
                   unit="chunk")
    if not bar.enabled:
        return length_shape(machine, n, max_steps=max_steps)
    words = itertools.product(alphabet, repeat=n)
    lo, hi, steps = 0, 0, 0
    try:
        while chunk := list(itertools.islice(words, size)):
            w, t = length_shape(machine, n, max_steps=max_steps, inputs=chunk)
            lo, hi = min(lo, w.left), max(hi, w.left + w.width - 1)
            steps = max(steps, t)
            bar.step()
    finally:
        bar.close()
    return TableauWindow(left=lo, width=hi - lo + 1), steps


def _small(work: int) -> AbstractContextManager[None]:
    """:func:`arcot._numba.plain_python` when ``work`` (steps or tokens, at
    worst) is within what :func:`arcot.machine.run` steps in plain Python."""
    from arcot._numba import plain_python
    from arcot.machine.simulator import PYTHON_STEPS

    return plain_python() if work <= PYTHON_STEPS else nullcontext()
