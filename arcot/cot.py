"""Chain-of-thought encodings of machine runs.

The *tableau* encoding (THEORY.md section 3) writes a run as rows of a fixed
window of ``W`` tape cells, each row behind a delimiter ``#``: row 0 (the
initial configuration) is the prompt, rows ``1..T`` are the chain of thought,
and a stopped configuration maps to itself, so every input of one length
gives a CoT of one length, ``T * (W + 1)`` tokens. A cell token is a plain
symbol ``a`` or a head cell ``(q, a)``. Cell ``i`` of row ``t + 1`` is
:func:`local_rule` of cells ``i - 1, i, i + 1`` of row ``t``, which sit
``W + 2``, ``W + 1`` and ``W`` tokens back in the stream.

Worked example (bb2, ``1RB1LB_1LA1RZ``, window cells -2..1, W = 4)::

    # 0 0 (A,0) 0       <- prompt, row 0
    # 0 0 1 (B,0)       <- row 1: A wrote 1, moved right into B
    ...
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from arcot.errors import EncodingError, StepLimitExceeded
from arcot.machine import Move, TuringMachine, configurations, run

__all__ = [
    "DELIMITER",
    "CoTTrace",
    "HeadCell",
    "TableauWindow",
    "Vocabulary",
    "decode_tableau",
    "encode_tableau",
    "local_rule",
    "tableau_length",
    "tableau_vocabulary",
    "tableau_window",
]

#: The row delimiter token's name.
DELIMITER = "#"


class HeadCell(NamedTuple):
    """A tape cell under the head: the machine's state and the cell's symbol."""

    state: Hashable
    symbol: Hashable

    def __str__(self) -> str:
        return f"({self.state},{self.symbol})"


@dataclass(frozen=True, slots=True, kw_only=True)
class Vocabulary:
    """Named tokens with integer ids (the id is the position in ``tokens``).

    ``names`` are the tokens' printable names, unique, used in JSON output
    and certificates.
    """

    tokens: tuple[Hashable, ...]
    names: tuple[str, ...] = field(init=False)
    _index: dict[Hashable, int] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        tokens = tuple(self.tokens)
        names = tuple(str(t) for t in tokens)
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise EncodingError(
                f"two tokens share the name {dup!r}; rename the machine's "
                "states or symbols"
            )
        object.__setattr__(self, "tokens", tokens)
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "_index", {t: i for i, t in enumerate(tokens)})

    def __len__(self) -> int:
        return len(self.tokens)

    def id(self, token: Hashable) -> int:
        """The id of ``token``."""
        try:
            return self._index[token]
        except KeyError:
            raise EncodingError(f"{token!r} is not in the vocabulary") from None

    def ids(self, tokens: Iterable[Hashable]) -> np.ndarray:
        """Ids of ``tokens`` as an int64 array."""
        return np.array([self.id(t) for t in tokens], dtype=np.int64)

    def token(self, token_id: int) -> Hashable:
        """The token with id ``token_id``."""
        if not 0 <= token_id < len(self.tokens):
            raise EncodingError(
                f"token id {token_id} is outside the vocabulary (size {len(self)})"
            )
        return self.tokens[token_id]


def tableau_vocabulary(machine: TuringMachine) -> Vocabulary:
    """``#``, then every symbol, then every head cell ``(q, a)``.

    Ids: ``0`` is ``#``; ``1 + k`` is symbol ``k``; head ``(q, a)`` is
    ``1 + S + q_index * S + a_index`` with ``S`` symbols.

    >>> from arcot.zoo import get
    >>> tableau_vocabulary(get("bb2")).names[:4]
    ('#', '0', '1', '(A,0)')
    """
    heads = [HeadCell(q, a) for q in machine.states for a in machine.symbols]
    return Vocabulary(tokens=(DELIMITER, *machine.symbols, *heads))


def local_rule(
    machine: TuringMachine, left: Hashable, middle: Hashable, right: Hashable
) -> Hashable:
    """The tableau's local rule F: the next token of the cell ``middle``.

    ``left`` and ``right`` are the neighbouring tokens of the row above; a
    window holds at most one head cell. The delimiter stays a delimiter, a
    stopped head stays as it is, a moving head leaves the symbol it wrote,
    and a head moving in from a neighbour lands on this cell.
    """
    if middle == DELIMITER:
        return DELIMITER
    if isinstance(middle, HeadCell):
        rule = _live_rule(machine, middle)
        if rule is None:
            return middle
        if rule.move is Move.STAY:
            return HeadCell(rule.next_state, rule.write)
        return rule.write
    for neighbour, arriving in ((left, Move.RIGHT), (right, Move.LEFT)):
        if isinstance(neighbour, HeadCell):
            rule = _live_rule(machine, neighbour)
            if rule is not None and rule.move is arriving:
                return HeadCell(rule.next_state, middle)
    return middle


def _live_rule(machine: TuringMachine, head: HeadCell):  # type: ignore[no-untyped-def]
    if head.state in machine.halt_states:
        return None
    return machine.transitions.get((head.state, head.symbol))


@dataclass(frozen=True, slots=True, kw_only=True)
class TableauWindow:
    """Which tape cells a tableau row shows: ``left .. left + width - 1``."""

    left: int
    width: int

    @property
    def cells(self) -> range:
        """The tape cells of the window."""
        return range(self.left, self.left + self.width)


def tableau_window(
    machine: TuringMachine, words: Iterable[Sequence[Hashable]], *, max_steps: int
) -> tuple[TableauWindow, int]:
    """The least window and step count ``T`` covering every run on ``words``.

    The window holds every input cell and every cell the head visits; ``T``
    is the longest run. Raises :class:`~arcot.errors.StepLimitExceeded` if a
    run does not stop within ``max_steps``.
    """
    lo, hi, steps = 0, 0, 0
    for word in words:
        r = run(machine, word, max_steps=max_steps)
        if not r.halted:
            raise StepLimitExceeded(
                f"the machine did not stop within {max_steps} steps on input "
                f"{''.join(map(str, word))!r}",
                steps=r.steps,
            )
        lo, hi = min(lo, r.span[0]), max(hi, r.span[1], len(word) - 1)
        steps = max(steps, r.steps)
    return TableauWindow(left=lo, width=hi - lo + 1), steps


def tableau_length(steps: int, width: int) -> int:
    """The exact length law: ``T * (W + 1)`` CoT tokens after the prompt."""
    return steps * (width + 1)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class CoTTrace:
    """A prompt and its chain of thought, as token ids of ``vocabulary``."""

    encoding: str
    vocabulary: Vocabulary
    prompt: np.ndarray  # [n_prompt] int64, read-only
    cot: np.ndarray  # [n_cot] int64, read-only
    steps: int
    width: int

    def __post_init__(self) -> None:
        for name in ("prompt", "cot"):
            arr = np.array(getattr(self, name), dtype=np.int64)
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)

    @property
    def tokens(self) -> np.ndarray:
        """Prompt and CoT, one stream."""
        return np.concatenate([self.prompt, self.cot])

    def render(self) -> str:
        """One line a row (tableau) or one token a line (other encodings)."""
        names = self.vocabulary.names
        if self.encoding != "tableau":
            return " ".join(names[i] for i in self.tokens)
        stream = self.tokens
        row = self.width + 1
        return "\n".join(
            " ".join(names[i] for i in stream[k : k + row])
            for k in range(0, len(stream), row)
        )


def encode_tableau(
    machine: TuringMachine,
    word: Sequence[Hashable] = (),
    *,
    max_steps: int = 10_000,
    window: TableauWindow | None = None,
    steps: int | None = None,
) -> CoTTrace:
    """The tableau CoT of ``machine`` on ``word``.

    By default the window is the least one covering the run and ``steps`` is
    the run's length; pass both to pad many inputs to one shape (extra rows
    repeat the stopped configuration). Raises
    :class:`~arcot.errors.EncodingError` if the window is too small for the
    run, and :class:`~arcot.errors.StepLimitExceeded` if the machine does not
    stop within ``max_steps`` (or within ``steps``, when given).

    >>> from arcot.zoo import get
    >>> t = encode_tableau(get("bb2"))
    >>> t.steps, t.width, len(t.cot) == tableau_length(t.steps, t.width)
    (6, 4, True)
    """
    word = machine.check_word(word)
    if window is None:
        window, needed = tableau_window(machine, [word], max_steps=max_steps)
    else:
        needed = None
    if steps is None:
        if needed is None:
            _, needed = tableau_window(machine, [word], max_steps=max_steps)
        steps = needed
    vocab = tableau_vocabulary(machine)
    rows: list[list[int]] = []
    last = None
    for config in configurations(machine, word):
        if config.step > steps:
            raise StepLimitExceeded(
                f"the machine did not stop within {steps} steps", steps=steps
            )
        if config.head not in window.cells:
            raise EncodingError(
                f"window {window.left}..{window.left + window.width - 1} is too "
                f"small: the head reaches cell {config.head} at step {config.step}"
            )
        row = [0]
        for c in window.cells:
            sym = config.symbol(c)
            tok = HeadCell(config.state, sym) if c == config.head else sym
            row.append(vocab.id(tok))
        for c in range(config.origin, config.origin + len(config.cells)):
            if c not in window.cells and config.symbol(c) != machine.blank:
                raise EncodingError(
                    f"window {window.left}..{window.left + window.width - 1} is "
                    f"too small: cell {c} holds {config.symbol(c)!r}"
                )
        rows.append(row)
        last = row
    assert last is not None
    while len(rows) < steps + 1:
        rows.append(last)
    if len(rows) > steps + 1:
        raise StepLimitExceeded(
            f"the machine did not stop within {steps} steps", steps=steps
        )
    flat = np.array(rows, dtype=np.int64).reshape(-1)
    row_len = window.width + 1
    return CoTTrace(
        encoding="tableau",
        vocabulary=vocab,
        prompt=flat[:row_len],
        cot=flat[row_len:],
        steps=steps,
        width=window.width,
    )


def decode_tableau(machine: TuringMachine, trace: CoTTrace, *, left: int = 0) -> list:  # type: ignore[type-arg]
    """The configurations a tableau trace shows, one per row.

    Each is ``(state, head, cells)`` with ``cells`` the window's symbols
    starting at tape cell ``left``. Raises on a malformed row.
    """
    vocab = trace.vocabulary
    row_len = trace.width + 1
    stream = trace.tokens
    if len(stream) % row_len:
        raise EncodingError(f"{len(stream)} tokens is not a whole number of rows")
    out = []
    for k in range(0, len(stream), row_len):
        row = [vocab.token(int(i)) for i in stream[k : k + row_len]]
        if row[0] != DELIMITER:
            raise EncodingError(f"row {k // row_len} does not start with '#'")
        heads = [i for i, t in enumerate(row[1:]) if isinstance(t, HeadCell)]
        if len(heads) != 1:
            raise EncodingError(f"row {k // row_len} has {len(heads)} heads, not 1")
        h = heads[0]
        cells = tuple(t.symbol if isinstance(t, HeadCell) else t for t in row[1:])
        out.append((row[1 + h].state, left + h, cells))  # type: ignore[union-attr]
    return out
