"""The step log: one token a step (``state read > write move``), then a stop.

``T + 1`` tokens, but the next token depends on the whole history, not on a
window of the last row: the encoding the paper contrasts with the tableau.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import cast

import numpy as np

from arcot.cot.tableau import TableauWindow, check_window, tableau_window
from arcot.cot.tokens import (
    StepToken,
    StopToken,
    Vocabulary,
    check_plain_symbols,
    token_key,
)
from arcot.cot.trace import CoTTrace, check_count
from arcot.errors import EncodingError, StepLimitExceeded
from arcot.machine import Configuration, TuringMachine, configurations

__all__ = ["decode_steplog", "encode_steplog", "steplog_length", "steplog_vocabulary"]

def steplog_vocabulary(machine: TuringMachine) -> Vocabulary:
    """Symbols (the prompt is the input word), then a :class:`StepToken` for
    every defined transition, then a :class:`StopToken` for every
    ``(state, symbol)``.

    >>> from arcot.zoo import get
    >>> steplog_vocabulary(get("bb2")).names[:4]
    ('0', '1', 'A0>1R', 'A1>1L')
    """
    steps = [
        StepToken(q, a, t.write, t.move) for (q, a), t in machine.transitions.items()
    ]
    check_plain_symbols(machine)
    stops = [StopToken(q, a) for q in machine.states for a in machine.symbols]
    return Vocabulary(tokens=(*machine.symbols, *steps, *stops))


def encode_steplog(
    machine: TuringMachine,
    word: Sequence[Hashable] = (),
    *,
    max_steps: int = 10_000,
    window: TableauWindow | None = None,
    steps: int | None = None,
) -> CoTTrace:
    """The step log: the input word as prompt, one token a step, a stop token.

    With ``steps`` given, the stop token repeats to make ``steps + 1``
    tokens (the length law of every input of one length). ``window`` is
    checked like the tableau's (the decoded configurations show it).

    >>> from arcot.zoo import get
    >>> encode_steplog(get("bb2")).render().splitlines()[:3]
    ['prompt: (empty)', '   1  A0>1R', '   2  B0>1L']
    """
    word = machine.check_word(word)
    check_count("max_steps", max_steps)
    budget = max_steps if steps is None else check_count("steps", steps)
    if window is None:
        window, _ = tableau_window(machine, [word], max_steps=budget)
    check_window(window, len(word))
    vocab = steplog_vocabulary(machine)
    out: list[int] = []
    last = None
    for config in configurations(machine, word):
        if config.head not in window.cells:
            raise EncodingError(
                f"window {window.left}..{window.left + window.width - 1} is too "
                f"small: the head reaches cell {config.head} at step {config.step}"
            )
        last = config
        if config.step >= budget and not _stopped(machine, config):
            raise StepLimitExceeded(
                f"the machine did not stop within {budget} steps", steps=budget
            )
        if not _stopped(machine, config):
            read = config.symbol(config.head)
            rule = machine.transitions[config.state, read]
            out.append(vocab.id(StepToken(config.state, read, rule.write, rule.move)))
    assert last is not None
    n_steps = len(out)
    total = n_steps if steps is None else steps
    stop = vocab.id(StopToken(last.state, last.symbol(last.head)))
    out += [stop] * (total + 1 - n_steps)
    return CoTTrace(
        encoding="steplog", vocabulary=vocab,
        prompt=vocab.ids(word), cot=np.array(out, dtype=np.int64),
        steps=total, width=window.width, left=window.left,
    )


def _stopped(machine: TuringMachine, config: Configuration) -> bool:
    return config.state in machine.halt_states or (
        (config.state, config.symbol(config.head)) not in machine.transitions
    )


def decode_steplog(machine: TuringMachine, trace: CoTTrace) -> list[Configuration]:
    """The configurations a step log shows (see :func:`arcot.cot.decode`)."""
    vocab = trace.vocabulary
    word = [vocab.token(int(i)) for i in trace.prompt]
    left, w = trace.left, trace.width
    cells = [machine.blank] * w
    for i, s in enumerate(word):
        if token_key(s)[0] != "plain" or s not in machine._symbol_index:
            raise EncodingError(f"prompt token {i} ({s!r}) is not a symbol")
        if not 0 <= i - left < w:
            raise EncodingError(f"input cell {i} is outside the window")
        cells[i - left] = s
    head, state = 0, machine.start
    out = [Configuration(state=state, head=head, origin=left, cells=tuple(cells),
                         step=0, blank=machine.blank)]
    tokens = [vocab.token(int(i)) for i in trace.cot]
    for k, tok in enumerate(tokens):
        if isinstance(tok, StopToken):
            if (tok.state, tok.symbol) != (state, cells[head - left]):
                raise EncodingError(
                    f"token {k}: {tok} does not match state {state!r} reading "
                    f"{cells[head - left]!r}"
                )
            if (trace.cot[k:] != trace.cot[k]).any():  # by id, not equality
                raise EncodingError(f"token {k}: only stop tokens may follow a stop")
            return out
        if not isinstance(tok, StepToken):
            raise EncodingError(f"token {k}: {tok!r} is not a step token")
        if (tok.state, tok.read) != (state, cells[head - left]):
            raise EncodingError(
                f"token {k}: {tok} does not match state {state!r} reading "
                f"{cells[head - left]!r}"
            )
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if nxt is None:
            raise EncodingError("the step log has no final stop token")
        cells[head - left] = tok.write
        head += tok.move.value
        if not 0 <= head - left < w:
            raise EncodingError(f"token {k}: the head leaves the window")
        state = cast(StepToken | StopToken, nxt).state
        out.append(Configuration(state=state, head=head, origin=left,
                                 cells=tuple(cells), step=k + 1, blank=machine.blank))
    raise EncodingError("the step log has no final stop token")


def steplog_length(steps: int) -> int:
    """The step log's length law: ``T + 1`` tokens (the steps, then a final token)."""
    return steps + 1
