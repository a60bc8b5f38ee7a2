"""Deterministic k-tape machines, their simulator and their one-tape compilation.

A :class:`MultiTapeMachine` reads the ``k`` symbols under its ``k`` heads and
writes ``k`` symbols, moves each head (L, R or N) and changes state. The
input is on tape 1; every other tape starts blank; each head starts on cell
0. Conventions are the single-tape ones (:mod:`arcot.machine.simulator`):
entering a halt state is a step and stops the machine, an undefined
transition stops it without a step.

:func:`to_one_tape` is the textbook compilation (Sipser, Theorem 3.13), in
its tracks form: each cell of the one-tape machine holds ``k`` tracks, one
per tape, each a symbol and a mark for "the head of this tape is here".
One step of the k-tape machine becomes

1. a sweep right, from a cell at or left of every mark, that reads the
   symbol under each mark into the state, ending on the rightmost mark;
2. a sweep left that writes each track's new symbol and moves its mark (a
   mark moving right is placed by a one-cell excursion and the head comes
   back), ending at or left of every mark again.

The compiled machine runs on the same input words (input symbols stand for
themselves until the sweeps first touch them: a cell holding ``a`` unmarked
is tape 1 holding ``a``, every other track blank), halts in the same halt
states, and stops on an undefined transition exactly when the k-tape
machine does, so it is an ordinary :class:`~arcot.machine.TuringMachine`
for the whole pipeline. :meth:`OneTapeCompilation.decode` reads the k tapes
and heads back from its stopped run. A sweep costs about twice the distance
between the outermost heads, so ``t`` steps on ``k`` tapes take ``O(t^2)``
steps on one.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from arcot.errors import (
    BadMoveError,
    DuplicateTransitionError,
    FormatError,
    HaltStateTransitionError,
    MachineDefinitionError,
    NondeterministicMachineError,
    SizeLimitExceeded,
    UnknownStateError,
    UnknownSymbolError,
)
from arcot.machine.formats import automata_class, table_defaults
from arcot.machine.model import Move, TuringMachine

__all__ = [
    "MultiTapeMachine",
    "MultiTapeResult",
    "MultiTapeTransition",
    "OneTapeCompilation",
    "multitape_from_automata",
    "multitape_from_dict",
    "multitape_from_json",
    "multitape_from_table",
    "multitape_to_automata",
    "multitape_to_dict",
    "multitape_to_json",
    "run_multitape",
    "to_one_tape",
]


class MultiTapeTransition(NamedTuple):
    """What a k-tape machine does on reading ``k`` symbols."""

    writes: tuple[Hashable, ...]
    moves: tuple[Move, ...]
    next_state: Hashable


@dataclass(frozen=True, slots=True, kw_only=True)
class MultiTapeMachine:
    """A deterministic machine with ``tapes`` tapes over one alphabet.

    ``transitions`` maps ``(state, (s_1, ..., s_k))`` to ``(writes, moves,
    next state)``, each of ``writes`` and ``moves`` one entry per tape (or a
    :class:`MultiTapeTransition`). Validated like
    :class:`~arcot.machine.TuringMachine`: every error names the transition.

    Examples
    --------
    >>> copy = multitape_from_table('''
    ...     copy 1,_ -> 1,1 R,R copy
    ...     copy _,_ -> _,_ N,N done
    ... ''')
    >>> copy.tapes, run_multitape(copy, "111", max_steps=10).tapes
    (2, (('1', '1', '1', '_'), ('1', '1', '1', '_')))
    """

    tapes: int
    states: Sequence[Hashable]
    symbols: Sequence[Hashable]
    start: Hashable
    transitions: Mapping[Any, Any]
    halt_states: Collection[Hashable] = frozenset()
    blank: Hashable = "_"
    input_symbols: Sequence[Hashable] | None = None
    name: str = field(default="", compare=False)
    #: The names as a single-tape machine with no rules (their validation
    #: and the input check are that model's).
    _names: TuringMachine = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        k = self.tapes
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise MachineDefinitionError(f"tapes must be an integer >= 1, got {k!r}")
        # The single-tape model validates the names, the blank, the start,
        # the halt states and the input alphabet; its table stays empty.
        names = TuringMachine(
            states=self.states, symbols=self.symbols, start=self.start,
            transitions={}, halt_states=self.halt_states, blank=self.blank,
            input_symbols=self.input_symbols,
        )
        if not isinstance(self.transitions, Mapping):
            raise MachineDefinitionError(
                "transitions must be a mapping (state, symbols) -> "
                f"(writes, moves, next state), got {type(self.transitions).__name__}"
            )
        states, symbols = set(names.states), set(names.symbols)
        table = {}
        for key, value in self.transitions.items():
            rule = _check_rule(
                key, value, k, states, symbols, frozenset(names.halt_states)
            )
            table[key[0], tuple(key[1])] = rule
        set_ = object.__setattr__
        set_(self, "states", names.states)
        set_(self, "symbols", names.symbols)
        set_(self, "halt_states", names.halt_states)
        set_(self, "input_symbols", names.input_symbols)
        set_(self, "transitions", table)
        set_(self, "_names", names)

    def check_word(self, word: Iterable[Hashable]) -> tuple[Hashable, ...]:
        """``word`` as a tuple of input symbols, or raise naming the bad one."""
        return self._names.check_word(word)

    def __hash__(self) -> int:
        return hash((self.tapes, self.states, self.symbols, self.start,
                     frozenset(self.transitions.items()), self.halt_states,
                     self.blank, self.input_symbols))

    def __repr__(self) -> str:
        label = f" {self.name!r}" if self.name else ""
        return (
            f"<MultiTapeMachine{label}: {self.tapes} tapes, {len(self.states)} "
            f"states, {len(self.symbols)} symbols, {len(self.transitions)} "
            "transitions>"
        )


def _check_rule(
    key: object,
    value: object,
    k: int,
    states: set[Hashable],
    symbols: set[Hashable],
    halts: frozenset[Hashable],
) -> MultiTapeTransition:
    if not (isinstance(key, tuple) and len(key) == 2):
        raise MachineDefinitionError(
            f"transition key {key!r} must be a pair (state, symbols)"
        )
    state, read = key
    where = f"transition ({state!r}, {read!r})"
    if state not in states:
        raise UnknownStateError(f"{where}: unknown state {state!r}", state=state)
    if not isinstance(read, (tuple, list)):
        raise MachineDefinitionError(
            f"{where}: expected {k} symbols read, one per tape"
        )
    if len(read) != k:
        raise MachineDefinitionError(
            f"{where}: reads {len(read)} symbols, the machine has {k} tapes"
        )
    for s in read:
        if s not in symbols:
            raise UnknownSymbolError(f"{where}: unknown symbol {s!r}", state=state)
    if state in halts:
        raise HaltStateTransitionError(
            f"{where}: halt state {state!r} must have no transitions", state=state
        )
    parts: Any = value
    try:
        writes_in, moves_in, nxt = parts
        writes, moves = tuple(writes_in), tuple(moves_in)
    except (TypeError, ValueError):
        raise MachineDefinitionError(
            f"{where}: expected (writes, moves, next state), got {value!r}",
            state=state,
        ) from None
    if len(writes) != k or len(moves) != k:
        raise MachineDefinitionError(
            f"{where}: expected {k} writes and {k} moves, got {len(writes)} "
            f"and {len(moves)}", state=state,
        )
    for s in writes:
        if s not in symbols:
            raise UnknownSymbolError(
                f"{where}: writes unknown symbol {s!r}", state=state
            )
    try:
        parsed = tuple(Move.parse(m) for m in moves)
    except BadMoveError as exc:
        raise BadMoveError(f"{where}: {exc}", state=state) from None
    if nxt not in states:
        raise UnknownStateError(f"{where}: goes to unknown state {nxt!r}", state=state)
    return MultiTapeTransition(writes, parsed, nxt)


# -- the simulator -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class MultiTapeResult:
    """Where a k-tape run stopped.

    ``tapes[i]`` holds tape ``i``'s cells ``span[0] .. span[1]`` (the span
    covers every cell any head visited and the input); ``heads[i]`` is the
    cell under head ``i``.
    """

    halted: bool
    reason: Literal["halt-state", "undefined", "budget"]
    steps: int
    state: Hashable
    heads: tuple[int, ...]
    tapes: tuple[tuple[Hashable, ...], ...]
    span: tuple[int, int]

    def contents(self, blank: Hashable) -> tuple[dict[int, Hashable], ...]:
        """Each tape's non-blank cells, ``{cell: symbol}`` (independent of span)."""
        lo = self.span[0]
        return tuple(
            {lo + i: s for i, s in enumerate(tape) if s != blank} for tape in self.tapes
        )


def run_multitape(
    machine: MultiTapeMachine, word: Iterable[Hashable] = (), *, max_steps: int
) -> MultiTapeResult:
    """Run ``machine`` on ``word`` (on tape 1) for at most ``max_steps`` steps.

    A plain loop over dictionaries, the reference the compilation is
    checked against.
    """
    if isinstance(max_steps, bool) or not isinstance(max_steps, int) or max_steps < 0:
        raise MachineDefinitionError(
            f"max_steps must be an integer >= 0, got {max_steps!r}"
        )
    cells = machine.check_word(word)
    k, blank = machine.tapes, machine.blank
    tapes: list[dict[int, Hashable]] = [dict(enumerate(cells))]
    tapes += [{} for _ in range(k - 1)]
    heads = [0] * k
    lo, hi = 0, max(len(cells), 1) - 1
    state, steps = machine.start, 0
    reason: Literal["halt-state", "undefined", "budget"]
    while True:
        if state in machine.halt_states:
            reason = "halt-state"
            break
        read = tuple(t.get(h, blank) for t, h in zip(tapes, heads, strict=True))
        rule = machine.transitions.get((state, read))
        if rule is None:
            reason = "undefined"
            break
        if steps >= max_steps:
            reason = "budget"
            break
        for i in range(k):
            tapes[i][heads[i]] = rule.writes[i]
            heads[i] += rule.moves[i].value
        lo, hi = min(lo, *heads), max(hi, *heads)
        state = rule.next_state
        steps += 1
    return MultiTapeResult(
        halted=reason != "budget",
        reason=reason,
        steps=steps,
        state=state,
        heads=tuple(heads),
        tapes=tuple(tuple(t.get(c, blank) for c in range(lo, hi + 1)) for t in tapes),
        span=(lo, hi),
    )


# -- the one-tape compilation -----------------------------------------

#: Most cell symbols (``(2 S)^k``) :func:`to_one_tape` builds: each state of
#: the compiled machine has a rule for every one (three tapes over three
#: symbols make 216; four over four, 4,096).
MAX_CELL_SYMBOLS = 4096
#: One cell of the compiled tape: per track, (symbol, head here?).
Cell = tuple[tuple[Hashable, bool], ...]
_NONE: frozenset[int] = frozenset()


class _Action(NamedTuple):
    writes: tuple[Hashable, ...]
    moves: tuple[int, ...]
    next_state: Hashable


@dataclass(frozen=True)
class OneTapeCompilation:
    """A k-tape machine compiled to one tape (:func:`to_one_tape`).

    ``cells`` maps each one-tape symbol to the tracks it stands for;
    ``phases`` maps each one-tape state to ``(k-tape state, phase)``, the
    phase ``"start"``, ``"read"`` (the sweep right), ``"write"`` (the sweep
    left) or ``"halt"``.
    """

    source: MultiTapeMachine
    machine: TuringMachine
    cells: Mapping[str, Cell]
    phases: Mapping[str, tuple[Hashable, str]]

    def decode(self, result: Any) -> MultiTapeResult:
        """The k-tape machine's stopped run, read from the compiled one's.

        ``result`` is a stopped :class:`~arcot.machine.RunResult` of
        :attr:`machine`; raises if it stopped mid-sweep (a budget cut), where
        no k-tape configuration is written out.
        """
        if not result.halted:
            raise MachineDefinitionError(
                "the compiled run was cut by its budget mid-simulation; decode "
                "reads stopped runs only"
            )
        k, blank = self.source.tapes, self.source.blank
        lo, hi = result.span
        tracks = [self.cells[s] for s in result.tape]
        heads: list[int | None] = [None] * k
        for c, cell in enumerate(tracks):
            for i, (_, marked) in enumerate(cell):
                if marked:
                    heads[i] = lo + c
        state, phase = self.phases[result.state]
        if None in heads:  # stopped before the start step marked the heads
            heads = [0] * k
        return MultiTapeResult(
            halted=True,
            reason="halt-state" if phase == "halt" else "undefined",
            steps=-1,  # not recoverable from the final configuration
            state=state,
            heads=tuple(h or 0 for h in heads),
            tapes=tuple(tuple(cell[i][0] if cell else blank for cell in tracks)
                        for i in range(k)),
            span=(lo, hi),
        )


def to_one_tape(machine: MultiTapeMachine) -> OneTapeCompilation:
    """Compile a k-tape machine to one tape with k tracks (module docstring).

    Only the states reachable in the construction are built. Symbols and
    states of the result are strings: a cell is written ``a^|b`` (tape 1
    holds ``a`` under its head, tape 2 holds ``b``), a state names its
    k-tape state, phase and what the phase remembers.

    >>> copy = multitape_from_table(
    ...     "copy 1,_ -> 1,1 R,R copy\\ncopy _,_ -> _,_ N,N done")
    >>> c = to_one_tape(copy)
    >>> from arcot.machine import run
    >>> r = run(c.machine, "11", max_steps=1000)
    >>> r.halted, c.decode(r).tapes
    (True, (('1', '1', '_'), ('1', '1', '_')))
    """
    k, blank = machine.tapes, machine.blank
    n_cells = (2 * len(machine.symbols)) ** k
    if n_cells > MAX_CELL_SYMBOLS:
        raise SizeLimitExceeded(
            f"{k} tapes over {len(machine.symbols)} symbols make {n_cells} cell "
            f"symbols on one tape, more than {MAX_CELL_SYMBOLS} (and rules for "
            "each in every state): compile fewer tapes or symbols"
        )
    inputs = tuple(machine.input_symbols or ())
    blank_cell: Cell = ((blank, False),) * k
    symbol_name: dict[Cell, str] = {}
    cells: dict[str, Cell] = {}

    def name_of(cell: Cell) -> str:
        got = symbol_name.get(cell)
        if got is None:
            got = (
                str(blank) if cell == blank_cell
                else "|".join(f"{s}{'^' if m else ''}" for s, m in cell)
            )
            if got in cells:
                raise MachineDefinitionError(
                    f"cell names collide at {got!r}: rename symbols that contain "
                    "'|' or '^'"
                )
            symbol_name[cell] = got
            cells[got] = cell
        return got

    name_of(blank_cell)
    raw: dict[str, Cell] = {}
    for a in inputs:
        cell = ((a, False),) + ((blank, False),) * (k - 1)
        if str(a) != str(blank):
            raw[str(a)] = cell
    # An input symbol still raw where the sweeps have not written yet stands
    # for its cell as well: every rule reading the cell reads it too.
    raw_names: dict[Cell, list[str]] = {}
    for a, cell in raw.items():
        raw_names.setdefault(cell, []).append(a)
    every_cell = [
        tuple(pair) for pair in itertools.product(
            itertools.product(machine.symbols, (False, True)), repeat=k
        )
    ]

    phases: dict[str, tuple[Hashable, str]] = {}
    rules: dict[tuple[str, str], tuple[str, Move, str]] = {}

    def after_step(action: _Action) -> str:
        q = action.next_state
        if q in machine.halt_states:
            return reach(("halt", q))
        return reach(("read", q, (None,) * k))

    names: dict[tuple[Any, ...], str] = {}

    def state_name(key: tuple[Any, ...]) -> str:
        got = names.get(key)
        if got is None:
            kind = key[0]
            if kind == "start":
                got, phase = "start", ("start", "start")
            elif kind == "halt":
                got, phase = str(key[1]), (key[1], "halt")
            elif kind == "read":
                seen = ",".join("?" if s is None else str(s) for s in key[2])
                got, phase = f"{key[1]} read {seen}", (key[1], "read")
            else:
                _, act, done, pend, extra = key
                got = (
                    f"{act.next_state} {kind} "
                    f"{','.join(map(str, act.writes))} "
                    f"{''.join('LNR'[m + 1] for m in act.moves)} "
                    f"done {_bits(done, k)} pend {_bits(pend, k)}"
                    + (f" place {_bits(extra, k)}" if kind == "place" else "")
                )
                phase = (act.next_state, "write")
            if got in phases:
                raise MachineDefinitionError(
                    f"state names collide at {got!r}: rename the machine's states"
                )
            names[key] = got
            phases[got] = phase
        return got

    start = state_name(("start",))
    todo: list[tuple[Any, ...]] = []
    seen_keys: set[tuple[Any, ...]] = set()

    def reach(key: tuple[Any, ...]) -> str:
        name = state_name(key)
        if key[0] != "halt" and key not in seen_keys:
            seen_keys.add(key)
            todo.append(key)
        return name

    def rule(state: str, cell: Cell, write: Cell, move: int, nxt: str) -> None:
        action = (name_of(write), Move(move), nxt)
        for symbol in (name_of(cell), *raw_names.get(cell, ())):
            rules[state, symbol] = action

    if machine.start in machine.halt_states:
        first = reach(("halt", machine.start))
    else:
        first = reach(("read", machine.start, (None,) * k))
    # Start: mark every head on cell 0 (tape 1's symbol as read there).
    for a in (blank, *inputs):
        cell = ((a, False),) + ((blank, False),) * (k - 1)
        marked = tuple((s, True) for s, _ in cell)
        rule(start, cell, marked, 0, first)
    while todo:
        key = todo.pop()
        name = names[key]
        kind = key[0]
        for cell in every_cell:
            if kind == "read":
                _, q, seen = key
                now = tuple(
                    s if s is not None else (sym if mark else None)
                    for s, (sym, mark) in zip(seen, cell, strict=True)
                )
                if None in now:
                    rule(name, cell, cell, 1, reach(("read", q, now)))
                    continue
                t = machine.transitions.get((q, now))
                if t is None:
                    continue  # undefined: the compiled machine stops too
                act = _Action(t.writes, tuple(m.value for m in t.moves), t.next_state)
                rule(name, cell, cell, 0, reach(("write", act, _NONE, _NONE, _NONE)))
            elif kind == "write":
                _, act, done, pend, _ = key
                out, done2, left, right = _write_cell(cell, act, done, pend)
                full = len(done2) == k
                if right:
                    nxt = reach(("place", act, done2, left, right))
                    rule(name, cell, out, 1, nxt)
                elif full and not left:
                    rule(name, cell, out, 0, after_step(act))
                else:
                    nxt = reach(("write", act, done2, left, _NONE))
                    rule(name, cell, out, -1, nxt)
            elif kind == "place":
                # One cell right of where marks moved right: mark them, go back.
                _, act, done, pend, place = key
                out = tuple((s, m or i in place) for i, (s, m) in enumerate(cell))
                if len(done) == k and not pend:
                    rule(name, cell, out, -1, after_step(act))
                else:
                    rule(name, cell, out, -1, reach(("back", act, done, pend, _NONE)))
            else:  # "back": over the cell just written, on leftwards
                _, act, done, pend, _ = key
                nxt = reach(("write", act, done, pend, _NONE))
                rule(name, cell, cell, -1, nxt)
    states = list(phases)
    every_name = {**cells, **raw}
    one = TuringMachine(
        states=states,
        symbols=list(every_name),
        blank=str(blank),
        start=start,
        halt_states=[s for s, (_, p) in phases.items() if p == "halt"],
        input_symbols=[str(a) for a in inputs if str(a) != str(blank)],
        transitions=rules,
        name=f"{machine.name or 'multitape'} on one tape",
    )
    return OneTapeCompilation(machine, one, every_name, phases)


def _bits(tracks: frozenset[int], k: int) -> str:
    return "".join("1" if i in tracks else "0" for i in range(k))


def _write_cell(
    cell: Cell, act: _Action, done: frozenset[int], pend: frozenset[int]
) -> tuple[Cell, frozenset[int], frozenset[int], frozenset[int]]:
    """The sweep left on one cell: write and move each mark found here.

    Returns the new cell, the tracks done, the marks to place one cell left
    and the marks to place one cell right.
    """
    out = []
    new_done, left, right = set(done), set(), set()
    for i, (s, marked) in enumerate(cell):
        if marked and i not in done:
            s = act.writes[i]
            new_done.add(i)
            if act.moves[i] < 0:
                left.add(i)
                marked = False
            elif act.moves[i] > 0:
                right.add(i)
                marked = False
        out.append((s, marked or i in pend))
    return tuple(out), frozenset(new_done), frozenset(left), frozenset(right)


# -- formats -----------------------------------------------------------

_FIELDS = re.compile(r"\s*(?:->|→)\s*|\s+")
_RULE_KEYS = {"state", "read", "write", "move", "next"}


def multitape_from_table(
    table: str,
    *,
    start: Hashable | None = None,
    blank: str = "_",
    halt_states: Iterable[str] | None = None,
    input_symbols: Iterable[str] | None = None,
    name: str = "",
) -> MultiTapeMachine:
    """Build a k-tape machine from a table, one rule a line.

    Each line reads ``state a,b -> c,d R,L next``: the symbols read, written
    and the moves, one per tape, separated by commas. The rest is as
    :func:`~arcot.machine.machine_from_table`: ``#`` comments, the first
    state is the start, states without rules are halt states.
    """
    if not isinstance(table, str):
        raise FormatError(f"a transition table must be a string, got {table!r}")
    states: list[str] = []
    symbols: list[str] = [blank]
    rules: dict[tuple[str, tuple[str, ...]], Any] = {}
    first: dict[tuple[str, tuple[str, ...]], int] = {}
    tapes = None
    for lineno, raw in enumerate(table.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        fields = [f for f in _FIELDS.split(line) if f]
        if len(fields) != 5:
            raise FormatError(
                f"line {lineno}: expected 'state a,b -> c,d R,L next', got "
                f"{raw.strip()!r}", position=lineno,
            )
        state, read_f, write_f, move_f, nxt = fields
        read, write, moves = (tuple(f.split(",")) for f in (read_f, write_f, move_f))
        tapes = len(read) if tapes is None else tapes
        if not len(read) == len(write) == len(moves) == tapes:
            raise FormatError(
                f"line {lineno}: every rule needs {tapes} symbols read, {tapes} "
                f"written and {tapes} moves, got {len(read)}, {len(write)} and "
                f"{len(moves)}", position=lineno,
            )
        try:
            parsed = tuple(Move.parse(m) for m in moves)
        except MachineDefinitionError:
            raise FormatError(
                f"line {lineno}: bad move in {move_f!r}: expected L, R or N",
                position=lineno,
            ) from None
        key = (state, read)
        if key in rules:
            raise DuplicateTransitionError(
                f"line {lineno}: a second rule for state {state!r} reading "
                f"{','.join(read)} (the first is on line {first[key]})",
                position=lineno,
            )
        rules[key] = (write, parsed, nxt)
        first[key] = lineno
        for s in (state, nxt):
            if s not in states:
                states.append(s)
        for c in (*read, *write):
            if c not in symbols:
                symbols.append(c)
    if tapes is None:
        raise FormatError("the transition table has no rules")
    start, halts, inputs = table_defaults(
        states, symbols, {s for s, _ in rules}, start=start, blank=blank,
        halt_states=halt_states, input_symbols=input_symbols,
    )
    return MultiTapeMachine(
        tapes=tapes, states=states, symbols=symbols, blank=blank, start=start,
        halt_states=halts, input_symbols=inputs, transitions=rules, name=name,
    )


def multitape_to_dict(machine: MultiTapeMachine) -> dict[str, Any]:
    """A JSON-ready dictionary: automata-lib's MNTM names, rules as a list."""
    return {
        "n_tapes": machine.tapes,
        "states": list(machine.states),
        "input_symbols": list(machine.input_symbols or ()),
        "tape_symbols": list(machine.symbols),
        "blank_symbol": machine.blank,
        "initial_state": machine.start,
        "final_states": sorted(machine.halt_states, key=str),
        "transitions": [
            {"state": q, "read": list(read), "write": list(t.writes),
             "move": [m.letter for m in t.moves], "next": t.next_state}
            for (q, read), t in machine.transitions.items()
        ],
    }


def multitape_from_dict(spec: Mapping[str, Any], *, name: str = "") -> MultiTapeMachine:
    """The inverse of :func:`multitape_to_dict`; errors name the bad field."""
    if not isinstance(spec, Mapping):
        raise FormatError(f"a k-tape machine must be a JSON object, got {spec!r}")
    needed = ("n_tapes", "states", "tape_symbols", "blank_symbol", "initial_state",
              "transitions")
    missing = [key for key in needed if key not in spec]
    if missing:
        raise FormatError(f"a k-tape machine needs the field(s) {', '.join(missing)}")
    rules = spec["transitions"]
    if not isinstance(rules, list):
        raise FormatError("transitions must be a list of rules")
    table = {}
    for i, r in enumerate(rules):
        if not isinstance(r, Mapping) or set(r) != _RULE_KEYS:
            raise FormatError(
                f"transitions[{i}] must have exactly the keys state, read, write, "
                "move, next"
            )
        read = r["read"]
        key = (r["state"], tuple(read) if isinstance(read, list) else read)
        if key in table:
            raise DuplicateTransitionError(f"transitions[{i}] repeats {key!r}")
        table[key] = (r["write"], r["move"], r["next"])
    return MultiTapeMachine(
        tapes=spec["n_tapes"], states=spec["states"], symbols=spec["tape_symbols"],
        blank=spec["blank_symbol"], start=spec["initial_state"],
        halt_states=spec.get("final_states", ()),
        input_symbols=spec.get("input_symbols"), transitions=table, name=name,
    )


def multitape_to_json(machine: MultiTapeMachine) -> str:
    """:func:`multitape_to_dict` as indented JSON."""
    return json.dumps(multitape_to_dict(machine), indent=2)


def multitape_from_json(text: str, *, name: str = "") -> MultiTapeMachine:
    """Read :func:`multitape_to_json`'s output."""
    try:
        spec = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"not JSON: {exc}") from None
    return multitape_from_dict(spec, name=name)


def multitape_to_automata(machine: MultiTapeMachine) -> Any:
    """An automata-lib ``MNTM`` equal to ``machine`` (needs automata-lib)."""
    MNTM = automata_class("mntm", "MNTM", machine)
    transitions: dict[Hashable, dict[tuple[Hashable, ...], list[Any]]] = {}
    for (q, read), t in machine.transitions.items():
        transitions.setdefault(q, {})[read] = [(
            t.next_state,
            tuple((w, m.letter) for w, m in zip(t.writes, t.moves, strict=True)),
        )]
    return MNTM(
        states=set(machine.states),
        input_symbols=set(machine.input_symbols or ()),
        tape_symbols=set(machine.symbols),
        n_tapes=machine.tapes,
        transitions=transitions,
        initial_state=machine.start,
        blank_symbol=machine.blank,
        final_states=set(machine.halt_states),
    )


def multitape_from_automata(mntm: Any, *, name: str = "") -> MultiTapeMachine:
    """A :class:`MultiTapeMachine` equal to a deterministic automata-lib ``MNTM``.

    Raises :class:`~arcot.errors.NondeterministicMachineError` when a state
    has more than one rule for the same symbols.
    """
    try:
        n_tapes = mntm.n_tapes
        rows = mntm.transitions
        fields = (mntm.states, mntm.input_symbols, mntm.tape_symbols,
                  mntm.initial_state, mntm.blank_symbol, mntm.final_states)
    except AttributeError as exc:
        raise FormatError(f"not an automata-lib MNTM: {exc}") from None
    table = {}
    for q, row in rows.items():
        for read, choices in row.items():
            choices = list(choices)
            if len(choices) != 1:
                raise NondeterministicMachineError(
                    f"nondeterministic machines are not supported: state {q!r} "
                    f"reading {read!r} has {len(choices)} rules (arcot's targets "
                    "are functions, computed by deterministic machines)"
                )
            nxt, actions = choices[0]
            table[q, tuple(read)] = (
                tuple(w for w, _ in actions), tuple(m for _, m in actions), nxt
            )
    states, inputs, symbols, start, blank, finals = fields
    ordered = sorted(symbols, key=lambda s: (s != blank, str(s)))
    return MultiTapeMachine(
        tapes=n_tapes, states=sorted(states, key=str), symbols=ordered, blank=blank,
        start=start, halt_states=finals, input_symbols=sorted(inputs, key=str),
        transitions=table, name=name,
    )
