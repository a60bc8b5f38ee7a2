"""Machine formats: Busy Beaver text, transition tables, dicts, JSON, graphs.

- :func:`parse_tm` / :func:`format_tm`: the Busy Beaver standard text format
  (``1RB1LB_1LA1RZ``; ``---`` undefined; a state letter past the last state
  halts) and its spaced form (``1RB 1LB  1LA 1RZ``; ``...`` undefined).
- :func:`machine_from_table`: a readable transition table, one line a rule.
- :func:`from_dict` / :func:`to_dict`: automata-lib's DTM dictionary layout.
- :func:`to_json` / :func:`from_json`, :func:`save_machine` /
  :func:`load_machine`: JSON files.
- :func:`to_automata` / :func:`from_automata`: automata-lib's ``DTM`` (optional).
- :func:`to_networkx` / :func:`to_dot`: the state diagram.
"""

from __future__ import annotations

import importlib
import json
import re
import string
from collections.abc import Hashable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from arcot.errors import (
    DuplicateTransitionError,
    FormatError,
    MachineDefinitionError,
    NondeterministicMachineError,
)
from arcot.machine.model import Move, Transition, TuringMachine

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "format_tm",
    "from_automata",
    "from_dict",
    "from_json",
    "load_machine",
    "machine_from_table",
    "parse_tm",
    "save_machine",
    "to_automata",
    "to_dict",
    "to_dot",
    "to_json",
    "to_networkx",
]

_LETTERS = string.ascii_uppercase
_JSON_FORMAT = "arcot-machine"
_JSON_VERSION = 1


# -- Busy Beaver standard text -----------------------------------------


def _split_text(text: str) -> tuple[list[tuple[int, str]], bool]:
    """Split into (offset, state group) pairs; say whether the form is spaced."""
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    if not stripped:
        raise FormatError("empty machine text", position=0)
    if "_" in stripped or not re.search(r"\s", stripped):
        groups, at = [], lead
        for part in stripped.split("_"):
            groups.append((at, part))
            at += len(part) + 1
        return groups, False
    # States are separated by two spaces or a newline, so a single-spaced
    # line is one state.
    groups = []
    for m in re.finditer(r"\S+(?: \S+)*", stripped):
        groups.append((lead + m.start(), m.group()))
    return groups, True


def parse_tm(text: str, *, name: str = "") -> TuringMachine:
    """Parse a machine in the Busy Beaver standard text format.

    States are ``A, B, C, ...`` in order, ``A`` starts; symbols are the digits
    ``0 .. k-1`` and ``0`` is the blank. A transition is write, move, next
    state (``1RB``); ``---`` (``...`` in the spaced form) is undefined, and a
    state letter past the last state (``Z`` by custom) is a halt state.
    Lower case reads as upper case (``1rb1lb_1la1rz``).

    Examples
    --------
    >>> tm = parse_tm("1RB1LB_1LA1RZ")
    >>> tm.states, tm.halt_states
    (('A', 'B', 'Z'), frozenset({'Z'}))
    >>> parse_tm("1RB 1LB  1LA 1RZ") == tm
    True
    >>> parse_tm("1RB1LB_1LA1QZ")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    arcot.errors.FormatError: state B, symbol 1 (character 11): bad move 'Q': ...
    """
    if not isinstance(text, str):
        raise FormatError(f"machine text must be a string, got {type(text).__name__}")
    text = text.upper()  # the letters are moves and states, written either way
    groups, spaced = _split_text(text)
    n_states = len(groups)
    if n_states > len(_LETTERS) - 1:
        raise FormatError(f"{n_states} states: the text format allows at most 25")
    rows: list[list[tuple[int, str]]] = []
    for i, (at, group) in enumerate(groups):
        state = _LETTERS[i]
        if spaced:
            cells, off = [], at
            for piece in group.split(" "):
                cells.append((off, piece))
                off += len(piece) + 1
        else:
            if len(group) % 3:
                raise FormatError(
                    f"state {state} (character {at}): {group!r} is not a whole "
                    "number of 3-character transitions",
                    position=at,
                    state=state,
                )
            cells = [(at + j, group[j : j + 3]) for j in range(0, len(group), 3)]
        rows.append(cells)
    n_symbols = len(rows[0])
    for i, cells in enumerate(rows):
        if len(cells) != n_symbols:
            raise FormatError(
                f"state {_LETTERS[i]} (character {groups[i][0]}) has {len(cells)} "
                f"transitions, state A has {n_symbols}",
                position=groups[i][0],
                state=_LETTERS[i],
            )
    if n_symbols > 10:
        raise FormatError(f"{n_symbols} symbols: the text format allows at most 10")
    symbols = [str(d) for d in range(n_symbols)]
    states = list(_LETTERS[:n_states])
    transitions: dict[tuple[str, str], Transition] = {}
    halts: list[str] = []
    for i, cells in enumerate(rows):
        for j, (at, cell) in enumerate(cells):
            state, symbol = states[i], symbols[j]

            def fail(
                msg: str, k: int, state: str = state, symbol: str = symbol, at: int = at
            ) -> FormatError:
                return FormatError(
                    f"state {state}, symbol {symbol} (character {at + k}): {msg}",
                    position=at + k,
                    state=state,
                    symbol=symbol,
                )

            if len(cell) != 3:
                raise fail(f"{cell!r} is not a 3-character transition", 0)
            if cell in ("---", "..."):
                continue
            w, m, s = cell[0], cell[1], cell[2]
            if w not in "0123456789" or int(w) >= n_symbols:  # ASCII: not '²'
                raise fail(f"bad symbol {w!r}: expected a digit below {n_symbols}", 0)
            if m not in "LR":
                raise fail(f"bad move {m!r}: expected L or R", 1)
            if s not in _LETTERS:
                raise fail(f"bad state {s!r}: expected a letter A-Z", 2)
            if _LETTERS.index(s) >= n_states and s not in halts:
                halts.append(s)
            transitions[state, symbol] = Transition(w, Move.parse(m), s)
    return TuringMachine(
        states=states + sorted(halts),
        symbols=symbols,
        blank="0",
        start="A",
        halt_states=frozenset(halts),
        transitions=transitions,
        name=name,
    )


def format_tm(machine: TuringMachine, *, spaced: bool = False) -> str:
    """Write ``machine`` in the Busy Beaver standard text format.

    Names are replaced by the format's: the start state becomes ``A``, other
    states follow in order, symbols become digits (blank ``0``), and halt
    states keep a single-letter name past the last state or become ``Z``,
    ``Y``, ... Raises :class:`~arcot.errors.FormatError` if the format cannot
    hold the machine: a stay move, more than 25 states or 10 symbols, or a
    halting start state.

    Examples
    --------
    >>> format_tm(parse_tm("1RB1LB_1LA1RZ"))
    '1RB1LB_1LA1RZ'
    >>> format_tm(parse_tm("1RB1LB_1LA1RZ"), spaced=True)
    '1RB 1LB  1LA 1RZ'
    """
    if machine.start in machine.halt_states:
        raise FormatError(
            f"start state {machine.start!r} halts: the text format cannot say so"
        )
    working = [machine.start] + [
        s for s in machine.states if s != machine.start and s not in machine.halt_states
    ]
    if len(working) > 25 or machine.n_symbols > 10:
        raise FormatError(
            f"{len(working)} states and {machine.n_symbols} symbols: the text "
            "format allows at most 25 states and 10 symbols"
        )
    letter = {s: _LETTERS[i] for i, s in enumerate(working)}
    spare = [c for c in reversed(_LETTERS) if c not in letter.values()]
    for h in sorted(machine.halt_states, key=repr):
        if isinstance(h, str) and len(h) == 1 and h in spare:
            letter[h] = h
            spare.remove(h)
    for h in sorted(machine.halt_states, key=repr):
        if h not in letter:
            letter[h] = spare.pop(0)
    digit = {s: str(i) for i, s in enumerate(machine.symbols)}
    undefined = "..." if spaced else "---"
    groups = []
    for state in working:
        cells = []
        for symbol in machine.symbols:
            t = machine.transitions.get((state, symbol))
            if t is None:
                cells.append(undefined)
                continue
            if t.move is Move.STAY:
                raise FormatError(
                    f"transition ({state!r}, {symbol!r}) stays put: the text "
                    "format has only L and R"
                )
            cells.append(digit[t.write] + t.move.letter + letter[t.next_state])
        groups.append((" " if spaced else "").join(cells))
    return ("  " if spaced else "_").join(groups)


# -- transition tables -------------------------------------------------

_ARROW = re.compile(r"\s*(?:->|→|:|,)\s*|\s+")


def machine_from_table(
    table: str,
    *,
    start: Hashable | None = None,
    blank: str = "_",
    halt_states: Iterable[str] | None = None,
    input_symbols: Iterable[str] | None = None,
    accept_states: Iterable[str] | None = None,
    name: str = "",
) -> TuringMachine:
    """Build a machine from a transition table, one rule a line.

    Each line reads ``state symbol -> write move next`` (the arrow, commas and
    colons are optional); ``#`` starts a comment. The first state named is
    the start unless ``start`` is given; states with no rules of their own
    are halt states unless ``halt_states`` is given, and every halt state
    accepts unless ``accept_states`` names the ones that do. Errors name the
    line.

    Examples
    --------
    >>> tm = machine_from_table('''
    ...     # flip every bit, halt at the first blank
    ...     flip 0 -> 1 R flip
    ...     flip 1 -> 0 R flip
    ...     flip _ -> _ L done
    ... ''')
    >>> tm.states, sorted(tm.halt_states), tm.input_symbols
    (('flip', 'done'), ['done'], ('0', '1'))
    """
    if not isinstance(table, str):
        raise FormatError(f"a transition table must be a string, got {table!r}")
    states: list[str] = []
    symbols: list[str] = [blank]
    transitions: dict[tuple[str, str], tuple[str, Move, str]] = {}
    first_line: dict[tuple[str, str], int] = {}
    for lineno, raw in enumerate(table.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        fields = [f for f in _ARROW.split(line) if f]
        if len(fields) != 5:
            raise FormatError(
                f"line {lineno}: expected 'state symbol -> write move next', "
                f"got {raw.strip()!r}",
                position=lineno,
            )
        state, symbol, write, move, nxt = fields
        try:
            parsed = Move.parse(move)
        except MachineDefinitionError:
            raise FormatError(
                f"line {lineno}: bad move {move!r}: expected L, R or N",
                position=lineno,
                state=state,
                symbol=symbol,
            ) from None
        key = (state, symbol)
        if key in transitions:
            raise DuplicateTransitionError(
                f"line {lineno}: a second rule for state {state!r} reading "
                f"{symbol!r} (the first is on line {first_line[key]})",
                position=lineno,
                state=state,
                symbol=symbol,
            )
        transitions[key] = (write, parsed, nxt)
        first_line[key] = lineno
        for s in (state, nxt):
            if s not in states:
                states.append(s)
        for c in (symbol, write):
            if c not in symbols:
                symbols.append(c)
    if not transitions:
        raise FormatError("the transition table has no rules")
    start, halts, inputs = table_defaults(
        states, symbols, {s for s, _ in transitions}, start=start, blank=blank,
        halt_states=halt_states, input_symbols=input_symbols,
    )
    return TuringMachine(
        states=states,
        symbols=symbols,
        blank=blank,
        start=start,
        halt_states=frozenset(halts),
        input_symbols=inputs,
        accept_states=None if accept_states is None else list(accept_states),
        transitions=transitions,
        name=name,
    )


def table_defaults(
    states: list[Any],
    symbols: list[Any],
    ruled: set[Any],
    *,
    start: Hashable | None,
    blank: Hashable,
    halt_states: Iterable[Any] | None,
    input_symbols: Iterable[Any] | None,
) -> tuple[Hashable, list[Any], list[Any]]:
    """A table's start, halt states and input symbols where not given: the
    first state named, the states without rules of their own (``ruled``
    holds those with), every non-blank symbol. Adds given halt states and
    start to ``states``. Shared by the single- and k-tape tables."""
    if halt_states is None:
        halts = [s for s in states if s not in ruled]
    else:
        halts = list(halt_states)
        states += [h for h in halts if h not in states]
    if start is not None and start not in states:
        states.insert(0, start)
    inputs = (
        [s for s in symbols if s != blank] if input_symbols is None
        else list(input_symbols)
    )
    return (states[0] if start is None else start), halts, inputs


# -- dictionaries (automata-lib's DTM layout) and JSON -----------------

_DICT_KEYS = {
    "states",
    "input_symbols",
    "tape_symbols",
    "transitions",
    "initial_state",
    "blank_symbol",
    "final_states",
}


def from_dict(spec: Mapping[str, Any], *, name: str = "") -> TuringMachine:
    """Build a machine from automata-lib's DTM dictionary layout.

    ``transitions`` maps ``state -> {symbol: (next_state, write, move)}``
    (automata-lib's order), ``final_states`` are the halt states. Names may
    be any hashables.

    Examples
    --------
    >>> tm = from_dict({
    ...     "states": {"q0", "q1"}, "input_symbols": {"1"},
    ...     "tape_symbols": {"1", "."}, "initial_state": "q0",
    ...     "blank_symbol": ".", "final_states": {"q1"},
    ...     "transitions": {"q0": {"1": ("q0", "1", "R"), ".": ("q1", "1", "N")}},
    ... })
    >>> to_dict(tm)["transitions"]["q0"]["."]
    ['q1', '1', 'N']
    """
    if not isinstance(spec, Mapping):
        raise FormatError(f"a machine dictionary must be a mapping, got {spec!r}")
    if "n_tapes" in spec:
        raise FormatError(
            "this is a k-tape machine: read it with "
            "arcot.machine.multitape.multitape_from_dict (or _json) and compile "
            "it with to_one_tape"
        )
    missing = sorted(_DICT_KEYS - set(spec))
    if missing:
        raise FormatError(f"machine dictionary is missing key {missing[0]!r}")
    unknown = sorted(
        set(spec) - _DICT_KEYS - {"format", "version", "name", "accept_states"},
        key=str,
    )
    if unknown:
        raise FormatError(f"machine dictionary has unknown key {unknown[0]!r}")
    table = spec["transitions"]
    if not isinstance(table, Mapping):
        raise FormatError("'transitions' must map each state to {symbol: rule}")
    transitions: dict[tuple[Hashable, Hashable], tuple[Any, Any, Any]] = {}
    for state, row in table.items():
        if not isinstance(row, Mapping):
            raise FormatError(
                f"transitions[{state!r}] must map symbols to (next, write, move)",
                state=state,
            )
        for symbol, rule in row.items():
            if not isinstance(rule, (tuple, list)) or len(rule) != 3:
                raise FormatError(
                    f"transitions[{state!r}][{symbol!r}] must be "
                    f"(next_state, write, move), got {rule!r}",
                    state=state,
                    symbol=symbol,
                )
            nxt, write, move = rule
            transitions[state, symbol] = (write, move, nxt)
    return TuringMachine(
        states=_as_names("states", spec["states"]),
        symbols=_as_names("tape_symbols", spec["tape_symbols"]),
        input_symbols=_as_names("input_symbols", spec["input_symbols"]),
        blank=spec["blank_symbol"],
        start=spec["initial_state"],
        halt_states=frozenset(_as_names("final_states", spec["final_states"])),
        accept_states=(
            None if spec.get("accept_states") is None
            else _as_names("accept_states", spec["accept_states"])
        ),
        transitions=transitions,
        name=name or str(spec.get("name", "")),
    )


def _as_names(key: str, value: Any) -> list[Hashable]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise FormatError(f"{key!r} must be a collection of names, got {value!r}")
    items = list(value)
    if isinstance(value, (set, frozenset)):
        items.sort(key=lambda v: (type(v).__name__, repr(v)))
    return items


def to_dict(machine: TuringMachine) -> dict[str, Any]:
    """The automata-lib DTM dictionary of ``machine`` (lists, JSON-friendly)."""
    table: dict[Hashable, dict[Hashable, list[Any]]] = {}
    for (state, symbol), t in machine.transitions.items():
        table.setdefault(state, {})[symbol] = [t.next_state, t.write, t.move.letter]
    return {
        "states": list(machine.states),
        "input_symbols": list(machine.input_symbols or ()),
        "tape_symbols": list(machine.symbols),
        "transitions": table,
        "initial_state": machine.start,
        "blank_symbol": machine.blank,
        "final_states": [s for s in machine.states if s in machine.halt_states],
        **(
            {}
            if machine.accept_states == machine.halt_states
            else {"accept_states": [s for s in machine.states
                                    if machine.accepts(s)]}
        ),
    }


def to_json(machine: TuringMachine) -> str:
    """JSON text of ``machine`` (state and symbol names must be strings)."""
    names = [*machine.states, *machine.symbols]
    for n in names:
        if not isinstance(n, str):
            raise FormatError(f"JSON needs string names; {n!r} is not a string")
    doc = {"format": _JSON_FORMAT, "version": _JSON_VERSION}
    if machine.name:
        doc["name"] = machine.name
    doc.update(to_dict(machine))
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def from_json(text: str) -> TuringMachine:
    """Read a machine from JSON text written by :func:`to_json`."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
            position=exc.pos,
        ) from None
    if not isinstance(doc, dict):
        raise FormatError("a machine JSON file must hold an object")
    if doc.get("format", _JSON_FORMAT) != _JSON_FORMAT:
        raise FormatError(
            f"unknown format {doc['format']!r}, expected {_JSON_FORMAT!r}"
        )
    if doc.get("version", _JSON_VERSION) != _JSON_VERSION:
        raise FormatError(f"unsupported machine file version {doc['version']!r}")
    return from_dict(doc)


def save_machine(machine: TuringMachine, path: str | Path) -> None:
    """Write ``machine`` to a JSON file."""
    Path(path).write_text(to_json(machine), encoding="utf-8")


def load_machine(path: str | Path) -> TuringMachine:
    """Read a machine file: JSON, a transition table (the
    :func:`machine_from_table` language, one rule a line) or standard text.

    A table is recognised by its rules (``state symbol -> write move next``);
    a k-tape table or JSON is refused with a pointer to
    :func:`arcot.machine.to_one_tape`.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise FormatError(
            f"cannot read machine file {str(p)!r}: {exc.strerror}"
        ) from None
    except UnicodeDecodeError:
        raise FormatError(f"machine file {str(p)!r} is not UTF-8 text") from None
    if text.lstrip().startswith("{"):
        return from_json(text)
    rules = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    rules = [r for r in rules if r]
    if any("->" in r or "→" in r or _looks_like_rule(r) for r in rules):
        if any("," in r.split()[1] for r in rules if len(r.split()) > 1):
            raise FormatError(
                f"machine file {str(p)!r} is a k-tape table: read it with "
                "arcot.machine.multitape_from_table and compile it with to_one_tape"
            )
        return machine_from_table(text, name=p.stem)
    return parse_tm(text.strip(), name=p.stem)


_TRANSITION_TEXT = re.compile(r"^(?:[0-9][LRN][A-Z]|---|\.\.\.)$", re.IGNORECASE)


def _looks_like_rule(line: str) -> bool:
    """Five or more fields that are not all standard-text transitions (the
    spaced standard text ``1RB 1LB 1LA 1RZ ...`` has only those)."""
    fields = line.split()
    return len(fields) >= 5 and not all(_TRANSITION_TEXT.match(f) for f in fields)


# -- automata-lib ------------------------------------------------------


def automata_class(module: str, name: str, machine: Any) -> Any:
    """automata-lib's class ``automata.tm.<module>.<name>``, once ``machine``
    (single- or multi-tape) is known to keep its rules: no halting start
    state, no blank among the input symbols."""
    try:
        found = getattr(importlib.import_module(f"automata.tm.{module}"), name)
    except ImportError:
        raise MachineDefinitionError(
            "automata-lib is not installed: pip install 'arcot[automata]'"
        ) from None
    if machine.start in machine.halt_states:
        raise MachineDefinitionError(
            f"automata-lib forbids a halting start state ({machine.start!r})"
        )
    if machine.blank in (machine.input_symbols or ()):
        raise MachineDefinitionError(
            f"automata-lib forbids the blank {machine.blank!r} in the input alphabet"
        )
    return found


def to_automata(machine: TuringMachine) -> Any:
    """An ``automata.tm.dtm.DTM`` equal to ``machine`` (needs automata-lib).

    automata-lib requires the input alphabet to leave out the blank and the
    start state not to be final; machines breaking those rules are refused.
    """
    DTM = automata_class("dtm", "DTM", machine)
    d = to_dict(machine)
    return DTM(
        states=set(d["states"]),
        input_symbols=set(d["input_symbols"]),
        tape_symbols=set(d["tape_symbols"]),
        transitions={
            q: {a: tuple(r) for a, r in row.items()}
            for q, row in d["transitions"].items()
        },
        initial_state=d["initial_state"],
        blank_symbol=d["blank_symbol"],
        final_states=set(d["final_states"]),
    )


def from_automata(dtm: Any, *, name: str = "") -> TuringMachine:
    """A :class:`TuringMachine` equal to an automata-lib ``DTM``.

    An ``NTM`` is refused with
    :class:`~arcot.errors.NondeterministicMachineError`; an ``MNTM`` goes to
    :func:`arcot.machine.multitape.multitape_from_automata`.
    """
    kind = type(dtm).__name__
    if kind == "MNTM":
        raise FormatError(
            "an automata-lib MNTM has several tapes: read it with "
            "arcot.machine.multitape.multitape_from_automata"
        )
    if kind == "NTM":
        raise NondeterministicMachineError(
            "nondeterministic machines are not supported: got an automata-lib "
            "NTM; arcot's targets are functions, computed by deterministic machines"
        )
    try:
        spec = {key: getattr(dtm, key) for key in _DICT_KEYS}
    except AttributeError as exc:
        raise FormatError(f"not an automata-lib DTM: {exc}") from None
    return from_dict(spec, name=name)


# -- the state diagram -------------------------------------------------


def to_networkx(machine: TuringMachine) -> nx.MultiDiGraph:
    """The state diagram: a node per state, an edge per transition.

    Nodes carry ``start`` and ``halt`` flags; edges carry ``read``, ``write``,
    ``move`` and a ``label`` like ``1/0,R``.
    """
    import networkx as nx

    g = nx.MultiDiGraph(name=machine.name)
    for s in machine.states:
        g.add_node(s, start=s == machine.start, halt=s in machine.halt_states)
    for (state, symbol), t in machine.transitions.items():
        g.add_edge(
            state,
            t.next_state,
            read=symbol,
            write=t.write,
            move=t.move.letter,
            label=f"{symbol}/{t.write},{t.move.letter}",
        )
    return g


def _dot_id(value: object) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(machine: TuringMachine) -> str:
    """Graphviz DOT text of the state diagram (halt states double-circled)."""
    g = to_networkx(machine)
    lines = [
        f"digraph {_dot_id(machine.name or 'tm')} {{",
        "  rankdir=LR;",
        '  "" [shape=none, label=""];',
    ]
    for node, data in g.nodes(data=True):
        shape = "doublecircle" if data["halt"] else "circle"
        lines.append(f"  {_dot_id(node)} [shape={shape}];")
    lines.append(f'  "" -> {_dot_id(machine.start)};')
    for u, v, data in g.edges(data=True):
        lines.append(
            f"  {_dot_id(u)} -> {_dot_id(v)} [label={_dot_id(data['label'])}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"
