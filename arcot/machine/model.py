"""The Turing-machine model: ``Move``, ``Transition`` and ``TuringMachine``.

A machine is frozen, hashable and validated when it is built. Every
malformed definition raises :class:`~arcot.errors.MachineDefinitionError`
naming the offending state, symbol or transition.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, cast

from arcot.errors import (
    BadMoveError,
    DuplicateError,
    EmptyMachineError,
    HaltStateTransitionError,
    MachineDefinitionError,
    UnknownStateError,
    UnknownSymbolError,
)

__all__ = ["Move", "Transition", "TuringMachine"]


class Move(enum.Enum):
    """Where the head goes after writing: one cell left, right, or nowhere."""

    LEFT = -1
    STAY = 0
    RIGHT = 1

    @property
    def letter(self) -> str:
        """``"L"``, ``"N"`` or ``"R"`` (automata-lib's letters)."""
        return {Move.LEFT: "L", Move.STAY: "N", Move.RIGHT: "R"}[self]

    @classmethod
    def parse(cls, value: object) -> Move:
        """Read a move from a ``Move``, a letter (L/R/N/S), a word or -1/0/1.

        >>> Move.parse("R"), Move.parse(-1)
        (<Move.RIGHT: 1>, <Move.LEFT: -1>)
        """
        if isinstance(value, Move):
            return value
        if isinstance(value, bool):
            raise BadMoveError(f"bad move {value!r}: expected L, R or N")
        if isinstance(value, int) and value in (-1, 0, 1):
            return cls(value)
        if isinstance(value, str):
            found = _MOVE_WORDS.get(value.strip().upper())
            if found is not None:
                return found
        raise BadMoveError(f"bad move {value!r}: expected L, R or N")


_MOVE_WORDS = {
    "L": Move.LEFT,
    "LEFT": Move.LEFT,
    "R": Move.RIGHT,
    "RIGHT": Move.RIGHT,
    "N": Move.STAY,
    "S": Move.STAY,
    "STAY": Move.STAY,
}


class Transition(NamedTuple):
    """What the machine does on reading a symbol: write, move, next state."""

    write: Hashable
    move: Move
    next_state: Hashable


def _unique(kind: str, values: Iterable[Hashable]) -> tuple[Hashable, ...]:
    items: list[Hashable] = []
    seen: set[Hashable] = set()
    for value in values:
        try:
            hash(value)
        except TypeError:
            raise MachineDefinitionError(f"{kind} {value!r} is not hashable") from None
        if value in seen:
            raise DuplicateError(f"{kind} {value!r} is listed twice")
        seen.add(value)
        items.append(value)
    return tuple(items)


def _ordered(values: Iterable[Hashable]) -> list[Hashable]:
    """Keep sequences in the user's order; give sets a stable order."""
    if isinstance(values, (set, frozenset)):
        return sorted(values, key=lambda v: (type(v).__name__, repr(v)))
    if isinstance(values, (str, bytes)):
        raise MachineDefinitionError(
            f"expected a collection of names, got the string {values!r}"
        )
    return list(values)


@dataclass(frozen=True, slots=True, kw_only=True)
class TuringMachine:
    """A deterministic single-tape Turing machine.

    States and symbols may be any hashable names. ``states`` lists every state,
    halt states included; ``symbols`` is the tape alphabet with the ``blank``
    first. ``transitions`` maps ``(state, symbol)`` to a :class:`Transition`;
    a missing key is an undefined transition, which stops the machine without
    a step. Entering a halt state is a step, and stops the machine.

    Examples
    --------
    >>> tm = TuringMachine(
    ...     states=["A", "B", "Z"], symbols=["0", "1"], start="A",
    ...     halt_states=["Z"],
    ...     transitions={("A", "0"): ("1", "R", "B"), ("A", "1"): ("1", "L", "B"),
    ...                  ("B", "0"): ("1", "L", "A"), ("B", "1"): ("1", "R", "Z")})
    >>> tm.transitions["B", "1"]
    Transition(write='1', move=<Move.RIGHT: 1>, next_state='Z')
    """

    # Constructors accept any collections (lists, sets, tuples of Transition
    # or (write, move, next) triples); __post_init__ stores tuples, a
    # frozenset and a read-only mapping of Transition.
    states: Sequence[Hashable]
    symbols: Sequence[Hashable]
    start: Hashable
    transitions: Mapping[Any, Any]
    halt_states: Collection[Hashable] = frozenset()
    blank: Hashable = "0"
    input_symbols: Sequence[Hashable] | None = None
    #: The halt states that accept (default: every halt state, automata-lib's
    #: reading of final states). A run is rejected when it halts in another
    #: halt state or stops on an undefined transition. Not part of equality:
    #: it reads the outcome, the computation is the table's.
    accept_states: Collection[Hashable] | None = field(default=None, compare=False)
    name: str = field(default="", compare=False)
    _items: tuple[tuple[tuple[Hashable, Hashable], Transition], ...] = field(
        init=False, repr=False, compare=True
    )
    _state_index: dict[Hashable, int] = field(
        init=False, repr=False, compare=False, hash=False
    )
    _symbol_index: dict[Hashable, int] = field(
        init=False, repr=False, compare=False, hash=False
    )
    #: Whether ``input_symbols`` was inferred (every non-blank symbol, work
    #: symbols included) rather than given.
    inputs_inferred: bool = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        states = _unique("state", _ordered(self.states))
        if not states:
            raise EmptyMachineError("empty machine: no states given")
        raw_symbols = _unique("symbol", _ordered(self.symbols))
        if not raw_symbols:
            raise EmptyMachineError("empty machine: no tape symbols given")
        if self.blank not in raw_symbols:
            raise UnknownSymbolError(
                f"blank symbol {self.blank!r} is not in the tape alphabet "
                f"{list(raw_symbols)!r}"
            )
        # Canonical order: blank first, the rest as given.
        symbols = (self.blank, *(s for s in raw_symbols if s != self.blank))
        state_set, symbol_set = set(states), set(symbols)
        if self.start not in state_set:
            raise UnknownStateError(
                f"start state {self.start!r} is not among the states {list(states)!r}"
            )
        halts = frozenset(_unique("halt state", _ordered(self.halt_states)))
        for h in halts:
            if h not in state_set:
                raise UnknownStateError(
                    f"halt state {h!r} is not among the states {list(states)!r}"
                )
        if self.accept_states is None:
            accepts = halts
        else:
            accepts = frozenset(_unique("accept state", _ordered(self.accept_states)))
            for a in accepts:
                if a not in halts:
                    raise UnknownStateError(
                        f"accept state {a!r} is not a halt state "
                        f"({sorted(map(str, halts))!r})"
                    )
        if self.input_symbols is None:
            inputs = tuple(s for s in symbols if s != self.blank)
        else:
            inputs = _unique("input symbol", _ordered(self.input_symbols))
            for s in inputs:
                if s not in symbol_set:
                    raise UnknownSymbolError(
                        f"input symbol {s!r} is not in the tape alphabet "
                        f"{list(symbols)!r}"
                    )
        if not isinstance(self.transitions, Mapping):
            raise MachineDefinitionError(
                "transitions must be a mapping (state, symbol) -> "
                f"(write, move, next state), got {type(self.transitions).__name__}"
            )
        items = []
        for key, value in self.transitions.items():
            items.append(_check_transition(key, value, state_set, symbol_set, halts))
        state_index = {s: i for i, s in enumerate(states)}
        symbol_index = {s: i for i, s in enumerate(symbols)}
        items.sort(key=lambda kv: (state_index[kv[0][0]], symbol_index[kv[0][1]]))
        set_ = object.__setattr__
        set_(self, "states", states)
        set_(self, "symbols", symbols)
        set_(self, "halt_states", halts)
        set_(self, "accept_states", accepts)
        set_(self, "inputs_inferred", self.input_symbols is None)
        set_(self, "input_symbols", inputs)
        set_(self, "_items", tuple(items))
        set_(self, "transitions", _FrozenMap(items))
        set_(self, "_state_index", state_index)
        set_(self, "_symbol_index", symbol_index)

    # -- derived views -------------------------------------------------

    @property
    def n_states(self) -> int:
        """Number of states, halt states included."""
        return len(self.states)

    @property
    def n_symbols(self) -> int:
        """Size of the tape alphabet."""
        return len(self.symbols)

    def accepts(self, state: Hashable) -> bool:
        """Whether ``state`` is one of the accepting halt states."""
        return state in cast("frozenset[Hashable]", self.accept_states)

    def state_index(self, state: Hashable) -> int:
        """Position of ``state`` in :attr:`states`."""
        return self._state_index[state]

    def symbol_index(self, symbol: Hashable) -> int:
        """Position of ``symbol`` in :attr:`symbols` (the blank is 0)."""
        return self._symbol_index[symbol]

    def check_word(self, word: Iterable[Hashable]) -> tuple[Hashable, ...]:
        """Return ``word`` as a tuple of symbols, or raise naming the bad one.

        A string is read one character per symbol.
        """
        cells = tuple(word)
        allowed = set(self.input_symbols or ())
        for i, s in enumerate(cells):
            if s not in allowed:
                raise MachineDefinitionError(
                    f"input symbol {s!r} at position {i} is not in the input "
                    f"alphabet {list(self.input_symbols or ())!r}"
                )
        return cells

    def _repr_html_(self) -> str:
        """The transition table as an HTML grid (notebooks): a row per
        state, a column per symbol, ``write move next`` in each cell."""
        import html

        def esc(value: object) -> str:
            return html.escape(str(value))

        head = "".join(f"<th>{esc(a)}</th>" for a in self.symbols)
        rows = []
        for q in self.states:
            marks = ("&rarr; " if q == self.start else "") + esc(q)
            if q in self.halt_states:
                marks += " (accept)" if self.accepts(q) else " (halt)"
            cells = []
            for a in self.symbols:
                t = self.transitions.get((q, a))
                cells.append(
                    "<td></td>" if t is None
                    else f"<td>{esc(t.write)} {t.move.letter} {esc(t.next_state)}</td>"
                )
            rows.append(
                f"<tr><th style='text-align:left'>{marks}</th>{''.join(cells)}</tr>"
            )
        return (
            f"<p>{esc(repr(self))}</p><table><tr><th></th>{head}</tr>"
            f"{''.join(rows)}</table>{_dot_svg(self.to_dot())}"
        )

    def to_dot(self) -> str:
        """The state diagram in Graphviz's DOT language: a node a state
        (halt states doubly circled, the start marked by an arrow), an edge
        a transition labelled ``read/write move``, one edge per pair of
        states with its labels stacked.

        >>> from arcot.machine import parse_tm
        >>> print(parse_tm("1RB1LB_1LA1RZ").to_dot().splitlines()[3])
          "A" [shape=circle];
        """
        def escape(value: object) -> str:
            return str(value).replace("\\", "\\\\").replace('"', '\\"')

        def quote(value: object) -> str:
            return f'"{escape(value)}"'

        start = quote(f"{self.start} (start)")  # an unlabelled point, no state
        lines = ["digraph machine {", "  rankdir=LR;",
                 f'  {start} [shape=point, label=""];']
        for q in self.states:
            shape = "doublecircle" if q in self.halt_states else "circle"
            lines.append(f"  {quote(q)} [shape={shape}];")
        lines.append(f"  {start} -> {quote(self.start)};")
        labels: dict[tuple[object, object], list[str]] = {}
        for (q, a), t in self.transitions.items():
            labels.setdefault((q, t.next_state), []).append(
                f"{a}/{t.write} {t.move.letter}")
        for (q, r), texts in labels.items():
            label = "\\n".join(escape(t) for t in texts)
            lines.append(f'  {quote(q)} -> {quote(r)} [label="{label}"];')
        lines.append("}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        label = f" {self.name!r}" if self.name else ""
        return (
            f"<TuringMachine{label}: {self.n_states} states, "
            f"{self.n_symbols} symbols, {len(self._items)} transitions>"
        )


def _check_transition(
    key: object,
    value: object,
    states: set[Hashable],
    symbols: set[Hashable],
    halts: frozenset[Hashable],
) -> tuple[tuple[Hashable, Hashable], Transition]:
    if not (isinstance(key, tuple) and len(key) == 2):
        raise MachineDefinitionError(
            f"transition key {key!r} must be a pair (state, symbol)"
        )
    state, symbol = key
    where = f"transition ({state!r}, {symbol!r})"
    if state not in states:
        raise UnknownStateError(f"{where}: unknown state {state!r}", state=state)
    if symbol not in symbols:
        raise UnknownSymbolError(
            f"{where}: unknown symbol {symbol!r}", state=state, symbol=symbol
        )
    if state in halts:
        raise HaltStateTransitionError(
            f"{where}: halt state {state!r} must have no transitions",
            state=state,
            symbol=symbol,
        )
    if isinstance(value, Transition):
        write, move, nxt = value
    else:
        try:
            write, move, nxt = value  # type: ignore[misc]
        except (TypeError, ValueError):
            raise MachineDefinitionError(
                f"{where}: expected (write, move, next state), got {value!r}",
                state=state,
                symbol=symbol,
            ) from None
    if write not in symbols:
        raise UnknownSymbolError(
            f"{where}: writes unknown symbol {write!r}", state=state, symbol=symbol
        )
    try:
        parsed = Move.parse(move)
    except BadMoveError as exc:
        raise BadMoveError(f"{where}: {exc}", state=state, symbol=symbol) from None
    if nxt not in states:
        raise UnknownStateError(
            f"{where}: goes to unknown state {nxt!r}", state=state, symbol=symbol
        )
    return (state, symbol), Transition(write, parsed, nxt)


class _FrozenMap(Mapping[Any, Transition]):
    """A read-only, hashable mapping (the machine's transition table)."""

    __slots__ = ("_data", "_hash")

    def __init__(self, items: Iterable[tuple[Any, Transition]]) -> None:
        self._data = dict(items)
        self._hash: int | None = None

    def __getitem__(self, key: Any) -> Transition:
        value: Transition = self._data[key]
        return value

    def __iter__(self) -> Any:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"{{{', '.join(f'{k!r}: {v!r}' for k, v in self._data.items())}}}"


#: Seconds Graphviz may take to draw a notebook's state diagram.
_DOT_SECONDS = 5.0


def _dot_svg(dot: str) -> str:
    """``dot`` drawn as inline SVG by Graphviz's ``dot`` program where it is
    installed (nothing otherwise, or when it fails or takes too long)."""
    import shutil
    import subprocess

    program = shutil.which("dot")
    if program is None:
        return ""
    try:
        done = subprocess.run([program, "-Tsvg"], input=dot, capture_output=True,
                              text=True, timeout=_DOT_SECONDS, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    svg = done.stdout
    start = svg.find("<svg")
    return svg[start:] if done.returncode == 0 and start >= 0 else ""
