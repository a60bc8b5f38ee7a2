"""The tableau encoding, and the :class:`Tableau`: one machine's tableau, built once.

A run is written as rows of a fixed window of ``W`` tape cells, each row
behind a delimiter ``#`` (theory.md section 3): row 0 (the initial
configuration) is the prompt, rows ``1..T`` are the chain of thought, and a
stopped configuration maps to itself, so every input of one length gives a
CoT of one length, ``T (W + 1)`` tokens. Cell ``i`` of row ``t + 1`` is the
local rule of cells ``i - 1, i, i + 1`` of row ``t``.

:class:`Tableau` holds what every later stage reads of a machine's tableau:
its vocabulary, the local rule on token ids, the flat tables the kernels
step, the circuit encoding's cell tokens and, once a run's shape is known,
its window and step count. The learners, the constructor, the verifier and
the certificate producer take it instead of deriving these again.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import cast

import numpy as np

from arcot.circuit import machine_cell_tokens
from arcot.cot.tokens import (
    DELIMITER,
    DELIMITER_KEY,
    HeadCell,
    Vocabulary,
    check_plain_symbols,
    token_key,
)
from arcot.cot.trace import CoTTrace
from arcot.errors import EncodingError, SizeLimitExceeded, StepLimitExceeded
from arcot.machine import (
    Move,
    Transition,
    TuringMachine,
    configurations,
    flat_tables,
    run,
)

__all__ = [
    "MAX_RULE_TABLE",
    "MAX_TABLEAU_TOKENS",
    "Tableau",
    "TableauWindow",
    "as_tableau",
    "decode_tableau",
    "encode_tableau",
    "local_rule",
    "tableau_length",
    "tableau_vocabulary",
    "tableau_window",
]

#: The most entries ``V^3`` of a dense local-rule table (:attr:`Tableau.rule_table`).
MAX_RULE_TABLE = 1 << 26

#: The most tokens :func:`encode_tableau` writes out for one run (a gigabyte
#: of int64 ids); past it, :class:`~arcot.errors.SizeLimitExceeded`.
MAX_TABLEAU_TOKENS = 1 << 27


@dataclass(frozen=True, eq=False)
class Tableau:
    """One machine's tableau encoding: everything the stages after it read.

    ``vocabulary`` is :func:`tableau_vocabulary`'s (id ``0`` is ``#``, then
    the symbols, then the head cells). The local rule is held factored, by
    token id, in three arrays of length ``V``: what a cell becomes when it
    is the middle of a window (``stay``: a head's own step, everything
    else itself), and the state a head moving right (``enters_right``) or
    left (``enters_left``) brings to the cell beside it (``-1``: none).
    :meth:`rule` reads them for one window, :meth:`rules` for arrays of
    windows, and :attr:`rule_table` is the dense ``[V, V, V]`` id table
    (built on first use, refused beyond :data:`MAX_RULE_TABLE` entries:
    at ``V`` in the hundreds it is hundreds of megabytes, while the
    factored rule is ``3 V`` integers).

    A run's shape (its :class:`TableauWindow` and step count) is not part
    of the value: one certification reads one machine's tableau on many
    shapes (each input of an ``inputs:N`` scope on its own), so the shape
    travels beside it.

    >>> from arcot.zoo import get
    >>> t = as_tableau(get("bb2"))
    >>> names = t.vocabulary.names
    >>> names[t.rule(names.index("(A,0)"), names.index("0"), names.index("0"))]
    '(B,0)'
    """

    machine: TuringMachine
    vocabulary: Vocabulary
    #: The delimiter's id.
    delimiter: int = field(init=False)
    #: Per token id: whether it is a head cell.
    is_head: np.ndarray = field(init=False, repr=False)
    #: Per token id: the tape symbol's index in a plain or head cell (-1 for ``#``).
    symbol: np.ndarray = field(init=False, repr=False)
    #: Per token id: what the cell becomes as a window's middle.
    stay: np.ndarray = field(init=False, repr=False)
    #: Per head id: the state it brings to the cell on its right (-1: none).
    enters_right: np.ndarray = field(init=False, repr=False)
    #: Per head id: the state it brings to the cell on its left (-1: none).
    enters_left: np.ndarray = field(init=False, repr=False)
    #: The flat transition tables the batch kernels step: write, move,
    #: next state (-1: undefined), is-halt.
    kernel_tables: tuple[np.ndarray, ...] = field(init=False, repr=False)
    #: The circuit encoding's cell tokens, in one-hot bit order (the
    #: vocabulary without ``#``: cell token ``v`` has tableau id ``v + 1``).
    cell_tokens: tuple[Hashable, ...] = field(init=False, repr=False)
    # the rule's arrays as lists, for rule() one window at a time; the dense
    # table once built (a list, so the frozen value can fill it in)
    _lists: tuple[list[int], ...] = field(init=False, repr=False)
    _dense: list[np.ndarray] = field(init=False, repr=False, default_factory=list)

    def __post_init__(self) -> None:
        m, vocab = self.machine, self.vocabulary
        s = m.n_symbols
        size = len(vocab)
        if size != 1 + s * (1 + m.n_states) or vocab.id(DELIMITER) != 0:
            raise EncodingError(
                "the vocabulary is not this machine's tableau vocabulary"
            )
        ids = np.arange(size, dtype=np.int64)
        is_head = ids > s
        symbol = np.where(is_head, (ids - 1 - s) % s, ids - 1)
        stay = ids.copy()
        enters = {Move.RIGHT: np.full(size, -1, np.int64),
                  Move.LEFT: np.full(size, -1, np.int64)}
        for h in np.flatnonzero(is_head).tolist():
            rule = _live_rule(m, cast(HeadCell, vocab.tokens[h]))
            if rule is None:
                continue
            q, w = m.state_index(rule.next_state), m.symbol_index(rule.write)
            if rule.move is Move.STAY:
                stay[h] = 1 + s + q * s + w
            else:
                stay[h] = 1 + w
                enters[rule.move][h] = q
        t = flat_tables(m)
        tables = (
            np.array(t.write, dtype=np.int64), np.array(t.move, dtype=np.int64),
            np.array(t.next_state, dtype=np.int64), np.array(t.is_halt, dtype=np.bool_),
        )
        for arr in (is_head, symbol, stay, *enters.values(), *tables):
            arr.setflags(write=False)
        set_ = object.__setattr__
        set_(self, "delimiter", 0)
        set_(self, "is_head", is_head)
        set_(self, "symbol", symbol)
        set_(self, "stay", stay)
        set_(self, "enters_right", enters[Move.RIGHT])
        set_(self, "enters_left", enters[Move.LEFT])
        set_(self, "kernel_tables", tables)
        set_(self, "cell_tokens", machine_cell_tokens(m))
        set_(self, "_lists", tuple(
            a.tolist() for a in (is_head, symbol, stay, *enters.values())
        ))

    @classmethod
    def of(cls, machine: TuringMachine) -> Tableau:
        """The machine-wide tableau of ``machine`` (no shape yet)."""
        return cls(machine=machine, vocabulary=tableau_vocabulary(machine))

    def rule(self, left: int, middle: int, right: int) -> int:
        """The local rule on one window of ids: the id of the middle cell's
        next token (``-1`` if two of the three cells are heads and the middle
        is not ``#``: no run shows such a window)."""
        is_head, symbol, stay, enters_right, enters_left = self._lists
        if middle == self.delimiter:
            return stay[middle]
        if is_head[left] + is_head[middle] + is_head[right] > 1:
            return -1
        if is_head[middle]:
            return stay[middle]
        s = self.machine.n_symbols
        for q in (enters_right[left], enters_left[right]):
            if q >= 0:
                return 1 + s + q * s + symbol[middle]
        return middle

    def rules(
        self, left: np.ndarray, middle: np.ndarray, right: np.ndarray
    ) -> np.ndarray:
        """:meth:`rule` on arrays of ids (broadcast together), int64."""
        a, b, c = (np.asarray(x, dtype=np.int64) for x in (left, middle, right))
        s = self.machine.n_symbols
        head_b, delim_b = self.is_head[b], b == self.delimiter
        from_left, from_right = self.enters_right[a], self.enters_left[c]
        entered = np.where(from_left >= 0, from_left, from_right)
        plain = np.where(entered >= 0, 1 + s + entered * s + self.symbol[b], b)
        out = np.where(head_b | delim_b, self.stay[b], plain)
        heads = self.is_head[a].astype(np.int8) + head_b + self.is_head[c]
        return np.where(~delim_b & (heads > 1), -1, out)

    @property
    def cell_names(self) -> tuple[str, ...]:
        """The names of :attr:`cell_tokens`, in one-hot order."""
        return self.vocabulary.names[1:]

    @property
    def rule_table(self) -> np.ndarray:
        """The local rule as a dense ``[V, V, V]`` int64 id table (read-only;
        ``-1`` on windows no run shows, :meth:`rule`)."""
        if not self._dense:
            size = len(self.vocabulary)
            if size**3 > MAX_RULE_TABLE:
                raise EncodingError(
                    f"a dense local-rule table of {size}^3 = {size**3} entries is "
                    f"more than {MAX_RULE_TABLE}; read the rule with Tableau.rule "
                    "or Tableau.rules"
                )
            ids = np.arange(size, dtype=np.int64)
            table = self.rules(
                ids[:, None, None], ids[None, :, None], ids[None, None, :]
            )
            table.setflags(write=False)
            self._dense.append(table)
        return self._dense[0]


_TABLEAUX: dict[int, tuple[TuringMachine, Tableau]] = {}


def as_tableau(machine: TuringMachine | Tableau) -> Tableau:
    """``machine``'s :class:`Tableau` (a tableau is returned as it is).

    Kept for the most recent machines, by identity, so a stage handed the
    machine, not its tableau, builds it once.
    """
    if isinstance(machine, Tableau):
        return machine
    if not isinstance(machine, TuringMachine):
        raise EncodingError(
            f"expected a TuringMachine or a Tableau, got {type(machine).__name__}"
        )
    hit = _TABLEAUX.get(id(machine))
    if hit is not None and hit[0] is machine:
        return hit[1]
    tableau = Tableau.of(machine)
    if len(_TABLEAUX) >= 64:
        _TABLEAUX.pop(next(iter(_TABLEAUX)))
    _TABLEAUX[id(machine)] = (machine, tableau)
    return tableau


def tableau_vocabulary(machine: TuringMachine) -> Vocabulary:
    """``#``, then every symbol, then every head cell ``(q, a)``.

    Ids: ``0`` is ``#``; ``1 + k`` is symbol ``k``; head ``(q, a)`` is
    ``1 + S + q_index * S + a_index`` with ``S`` symbols. A symbol is a
    plain token even when it equals a head cell's tuple (:func:`token_key`).
    Raises :class:`~arcot.errors.EncodingError` for a symbol named ``#``
    (the machine model allows one, and the step log encodes it, but here the
    name is the delimiter's) and for names two tokens share.

    >>> from arcot.zoo import get
    >>> tableau_vocabulary(get("bb2")).names[:4]
    ('#', '0', '1', '(A,0)')
    """
    check_plain_symbols(machine)
    for s in machine.symbols:
        if str(s) == DELIMITER:
            raise EncodingError(
                f"symbol {s!r}: the tableau encoding reserves the name "
                f"{DELIMITER!r} for its row delimiter; rename the symbol"
            )
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


def _live_rule(machine: TuringMachine, head: HeadCell) -> Transition | None:
    if head.state in machine.halt_states:
        return None
    return machine.transitions.get((head.state, head.symbol))


@dataclass(frozen=True, slots=True, kw_only=True)
class TableauWindow:
    """Which tape cells a tableau row shows: ``left .. left + width - 1``."""

    left: int
    width: int

    def __post_init__(self) -> None:
        for name in ("left", "width"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                raise EncodingError(f"window {name} must be an integer, got {value!r}")
            object.__setattr__(self, name, int(value))
        if self.width < 1:
            raise EncodingError(f"window width must be >= 1, got {self.width}")

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


def check_window(window: TableauWindow, n: int) -> None:
    """Raise unless ``window`` is a window holding the input cells ``0..n-1``."""
    if not isinstance(window, TableauWindow):
        raise EncodingError(f"window must be a TableauWindow, got {window!r}")
    if window.left > 0 or window.left + window.width < max(n, 1):
        raise EncodingError(
            f"window {window.left}..{window.left + window.width - 1} is too small: "
            f"it must hold the input cells 0..{max(n, 1) - 1}"
        )


def encode_tableau(
    machine: TuringMachine | Tableau,
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
    tableau = as_tableau(machine)
    machine = tableau.machine
    word = machine.check_word(word)
    if window is None:
        window, needed = tableau_window(machine, [word], max_steps=max_steps)
    else:
        needed = None
    if steps is None:
        if needed is None:
            _, needed = tableau_window(machine, [word], max_steps=max_steps)
        steps = needed
    tokens = (steps + 1) * (window.width + 1)
    if tokens > MAX_TABLEAU_TOKENS:
        raise SizeLimitExceeded(
            f"the tableau of input {''.join(map(str, word))!r} would hold {tokens} "
            f"tokens ({steps} steps over {window.width} cells), more than the "
            f"{MAX_TABLEAU_TOKENS} (2**27) arcot writes out at once; lower "
            "--max-steps or use a shorter input"
        )
    vocab = tableau.vocabulary
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
        left=window.left,
    )


def decode_tableau(
    machine: TuringMachine, trace: CoTTrace, *, left: int = 0
) -> list[tuple[Hashable, int, tuple[Hashable, ...]]]:
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
        delimiters = [token_key(t) == DELIMITER_KEY for t in row]
        if not delimiters[0]:
            raise EncodingError(f"row {k // row_len} does not start with '#'")
        if any(delimiters[1:]):
            raise EncodingError(
                f"row {k // row_len} has '#' in cell {delimiters.index(True, 1)}"
            )
        heads = [i for i, t in enumerate(row[1:]) if isinstance(t, HeadCell)]
        if len(heads) != 1:
            raise EncodingError(f"row {k // row_len} has {len(heads)} heads, not 1")
        h = heads[0]
        cells = tuple(t.symbol if isinstance(t, HeadCell) else t for t in row[1:])
        out.append((cast(HeadCell, row[1 + h]).state, left + h, cells))
    return out
