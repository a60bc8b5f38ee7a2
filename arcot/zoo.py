"""Named machines and what is known about each.

Every entry records its source and either public facts (the Busy Beaver
champions' step and non-zero counts on the blank tape, which the tests
reproduce) or a plain Python ``reference`` that says what the machine
computes (which the tests compare with every run on short inputs).
``zoo:NAME`` works wherever the command line expects a machine.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from arcot.errors import ArcotError, MachineDefinitionError
from arcot.machine import (
    RunResult,
    TuringMachine,
    load_machine,
    machine_from_table,
    parse_tm,
)

__all__ = ["ZOO", "ZooEntry", "get", "names", "resolve_machine"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ZooEntry:
    """A named machine with its documented behaviour.

    ``known`` holds published facts about the run on the blank tape
    (``steps``, ``nonzero``). ``reference(word)`` gives the expected answer
    and ``answer(result)`` reads the machine's answer from a run, so the two
    can be compared on every input.
    """

    name: str
    machine: TuringMachine
    summary: str
    source: str
    answer_kind: Literal["tape", "state", "blank-tape"]
    known: Mapping[str, int] = field(default_factory=dict)
    reference: Callable[[str], object] | None = None
    answer: Callable[[RunResult], object] | None = None
    example_input: str = ""


def _tape_text(r: RunResult) -> str:
    return "".join(str(s) for s in r.tape).strip("_")


def _ones(r: RunResult) -> int:
    return sum(1 for s in r.tape if s == "1")


def _binary_plus_one(word: str) -> str:
    return format(int(word or "0", 2) + 1, "b").zfill(len(word))


def _state(r: RunResult) -> object:
    return r.state


def _product(word: str) -> str | None:
    """``a*b`` (binary, most significant bit first; an empty factor is 0)
    -> the product in binary, zero-padded to ``|a| + |b|`` bits (it always
    fits); ``None`` for a word without exactly one star."""
    if word.count("*") != 1:
        return None
    a, b = word.split("*")
    product = int(a or "0", 2) * int(b or "0", 2)
    return format(product, "b").zfill(len(a) + len(b)) if a or b else ""


def _product_answer(r: RunResult) -> str | None:
    """The tape of a run that ends in ``done``; ``None`` for any other stop."""
    return _tape_text(r) if r.state == "done" else None


_INCREMENT = machine_from_table(
    """
    right 0 -> 0 R right    # walk to the end of the number
    right 1 -> 1 R right
    right _ -> _ L carry
    carry 1 -> 0 L carry    # 1 + carry = 0, carry on
    carry 0 -> 1 L done     # 0 + carry = 1, finished
    carry _ -> 1 L done     # a new leading digit
    """,
    name="increment",
)

_ADDER = machine_from_table(
    """
    scan 1 -> 1 R scan      # 1^a + 1^b: turn the plus into a 1 ...
    scan + -> 1 R scan
    scan _ -> _ L erase
    erase 1 -> _ L done     # ... and erase the last 1
    """,
    name="unary-add",
)

_PARITY = machine_from_table(
    """
    even 0 -> 0 R even
    even 1 -> 1 R odd
    odd 0 -> 0 R odd
    odd 1 -> 1 R even
    even _ -> 0 L done      # write the parity after the input
    odd _ -> 1 L done
    """,
    name="parity",
)

_PALINDROME = machine_from_table(
    """
    start 0 -> _ R have0    # erase the first symbol, remember it
    start 1 -> _ R have1
    start _ -> _ R accept
    have0 0 -> 0 R have0
    have0 1 -> 1 R have0
    have0 _ -> _ L check0
    have1 0 -> 0 R have1
    have1 1 -> 1 R have1
    have1 _ -> _ L check1
    check0 0 -> _ L back    # the last symbol matches: erase it
    check0 1 -> 1 L reject
    check0 _ -> _ R accept
    check1 1 -> _ L back
    check1 0 -> 0 L reject
    check1 _ -> _ R accept
    back 0 -> 0 L back
    back 1 -> 1 L back
    back _ -> _ R start
    """,
    accept_states=["accept"],
    name="palindrome",
)

_ZERO_N_ONE_N = machine_from_table(
    """
    q0 0 -> X R q1          # cross off a 0 ...
    q0 Y -> Y R q3
    q0 1 -> 1 R reject
    q0 _ -> _ R accept
    q1 0 -> 0 R q1
    q1 Y -> Y R q1
    q1 1 -> Y L q2          # ... and its matching 1
    q1 _ -> _ R reject
    q2 0 -> 0 L q2
    q2 Y -> Y L q2
    q2 X -> X R q0
    q3 Y -> Y R q3          # all 0s crossed: only Ys may remain
    q3 0 -> 0 R reject
    q3 1 -> 1 R reject
    q3 _ -> _ R accept
    """,
    input_symbols=["0", "1"],
    accept_states=["accept"],
    name="0n1n",
)

# Binary multiplication by shift and add, for a*b, both factors most
# significant bit first. Left of the star each cell holds two bits (a, p):
# 0 = (0,0), 1 = (1,0), x = (0,1), y = (1,1), so the input a is its a track
# with p = 0. A pass to the right (shS, S the a bit carried) moves the a
# track one cell right and turns the star into one more cell, so the p
# track doubles and the a track keeps its value; take reads b's next bit
# (the one after the star, most significant first) and moves the star onto
# it; for a 1, a pass to the left (addC, C the carry) adds the a track into
# the p track, for a 0 one walks back. So p = 2p + bit * a, and when b is
# used up p = a * b, in the |a| + |b| cells left of the last inserted one
# (dropped). A word without exactly one star stops on an undefined
# transition, never in done.
_MULTIPLY = machine_from_table(
    """
    sh0 0 -> 0 R sh0        # move the a track one cell right ...
    sh0 1 -> 0 R sh1
    sh0 x -> x R sh0
    sh0 y -> x R sh1
    sh0 * -> 0 R take       # ... into the star's cell, a new last cell
    sh1 0 -> 1 R sh0
    sh1 1 -> 1 R sh1
    sh1 x -> y R sh0
    sh1 y -> y R sh1
    sh1 * -> 1 R take
    take 0 -> * L walk      # b's next bit: 0, nothing to add
    take 1 -> * L add0      # 1: p += a
    take _ -> _ L drop      # b is used up
    add0 0 -> 0 L add0      # (a, p) + carry
    add0 1 -> y L add0
    add0 x -> x L add0
    add0 y -> 1 L add1
    add0 _ -> _ R sh0       # no carry out of the top: p < 2^cells
    add1 0 -> x L add0
    add1 1 -> 1 L add1
    add1 x -> 0 L add1
    add1 y -> y L add1
    walk 0 -> 0 L walk
    walk 1 -> 1 L walk
    walk x -> x L walk
    walk y -> y L walk
    walk _ -> _ R sh0
    drop 0 -> _ L clean     # the cell the last shift added holds no p bit
    drop 1 -> _ L clean
    drop x -> _ L clean
    drop y -> _ L clean
    clean 0 -> 0 L clean    # each cell's p bit
    clean 1 -> 0 L clean
    clean x -> 1 L clean
    clean y -> 1 L clean
    clean _ -> _ R done
    """,
    input_symbols=["0", "1", "*"],
    name="multiply",
)

_BB_SOURCE = "bbchallenge.org champions; Busy Beaver conventions (halting step counts)"

_ENTRIES = [
    ZooEntry(
        name="increment",
        machine=_INCREMENT,
        summary="binary increment, most significant bit first",
        source="textbook",
        answer_kind="tape",
        reference=_binary_plus_one,
        answer=_tape_text,
        example_input="1011",
    ),
    ZooEntry(
        name="unary-add",
        machine=_ADDER,
        summary="unary addition: 1^a+1^b leaves a+b ones",
        source="textbook",
        answer_kind="tape",
        reference=lambda w: max(len(w) - 1, 0),
        answer=_ones,
        example_input="111+11",
    ),
    ZooEntry(
        name="parity",
        machine=_PARITY,
        summary="writes the parity of the number of 1s after the input",
        source="textbook",
        answer_kind="tape",
        reference=lambda w: w + str(w.count("1") % 2),
        answer=_tape_text,
        example_input="10110",
    ),
    ZooEntry(
        name="palindrome",
        machine=_PALINDROME,
        summary="decides whether a binary word is a palindrome",
        source="textbook (Sipser-style two-ended matching)",
        answer_kind="state",
        reference=lambda w: "accept" if w == w[::-1] else "reject",
        answer=_state,
        example_input="0110",
    ),
    ZooEntry(
        name="0n1n",
        machine=_ZERO_N_ONE_N,
        summary="decides the language 0^n 1^n",
        source="Sipser, Introduction to the Theory of Computation, Example 3.9 style",
        answer_kind="state",
        reference=lambda w: (
            "accept"
            if w == "0" * (len(w) // 2) + "1" * (len(w) // 2) and len(w) % 2 == 0
            else "reject"
        ),
        answer=_state,
        example_input="0011",
    ),
    ZooEntry(
        name="multiply",
        machine=_MULTIPLY,
        summary="binary multiplication: a*b, most significant bit first, leaves "
        "a times b in |a| + |b| bits (8 states and a halt state, 6 symbols)",
        source="arcot (shift and add on a two-track tape)",
        answer_kind="tape",
        reference=_product,
        answer=_product_answer,
        example_input="1011*110",
    ),
    ZooEntry(
        name="bb2",
        machine=parse_tm("1RB1LB_1LA1RZ", name="bb2"),
        summary="2-state 2-symbol Busy Beaver champion",
        source=_BB_SOURCE,
        answer_kind="blank-tape",
        known={"steps": 6, "nonzero": 4},
    ),
    ZooEntry(
        name="bb3",
        machine=parse_tm("1RB1RZ_1LB0RC_1LC1LA", name="bb3"),
        summary="3-state 2-symbol Busy Beaver step champion",
        source=_BB_SOURCE,
        answer_kind="blank-tape",
        known={"steps": 21, "nonzero": 5},
    ),
    ZooEntry(
        name="bb4",
        machine=parse_tm("1RB1LB_1LA0LC_1RZ1LD_1RD0RA", name="bb4"),
        summary="4-state 2-symbol Busy Beaver champion",
        source=_BB_SOURCE,
        answer_kind="blank-tape",
        known={"steps": 107, "nonzero": 13},
    ),
    ZooEntry(
        name="bb5",
        machine=parse_tm("1RB1LC_1RC1RB_1RD0LE_1LA1LD_1RZ0LA", name="bb5"),
        summary="5-state 2-symbol Busy Beaver champion (Marxen-Buntrock)",
        source=_BB_SOURCE + "; BB(5) proven by bbchallenge (2024)",
        answer_kind="blank-tape",
        known={"steps": 47_176_870, "nonzero": 4098},
    ),
]


def _rogozhin_entry() -> ZooEntry:
    """Rogozhin's UTM(4,6); its example runs P(a) = a a on the word a a h."""
    from arcot.universal import tag

    system = tag.TagSystem.from_rules({"a": "aa"}, halt="h")
    return ZooEntry(
        name="rogozhin-4-6",
        machine=tag.ROGOZHIN_4_6,
        summary="Rogozhin's universal machine UTM(4,6): runs encoded 2-tag systems "
        "(arcot.universal.tag compiles and decodes them)",
        source="Yu. Rogozhin, Small universal Turing machines, TCS 168 (1996) "
        "215-240, section 8; two preamble states find his start cell",
        answer_kind="tape",
        answer=tag.read_rogozhin_codes,
        example_input=tag.rogozhin_input(system, "aah"),
    )


def _utm_entry() -> ZooEntry:
    """arcot's universal machine; its example runs BB(2) on the blank tape."""
    from arcot.universal import utm

    bb2 = parse_tm("1RB1LB_1LA1RZ", name="bb2")
    return ZooEntry(
        name="utm",
        machine=utm.UTM,
        summary="arcot's universal machine, 37 states x 10 symbols: runs any "
        "machine encode(M, w) writes (arcot.universal.utm encodes and decodes)",
        source="arcot (docs/explanation/universal.md)",
        answer_kind="tape",
        answer=lambda r: utm.decode(bb2, r).tape_text(),
        example_input="".join(utm.encode(bb2)),
    )


_ENTRIES.append(_rogozhin_entry())
_ENTRIES.append(_utm_entry())

#: Every zoo entry by name.
ZOO: Mapping[str, ZooEntry] = MappingProxyType({e.name: e for e in _ENTRIES})


def names() -> list[str]:
    """The zoo's machine names."""
    return list(ZOO)


def get(name: str) -> TuringMachine:
    """The zoo machine called ``name``.

    >>> get("bb2").transitions["B", "1"].next_state
    'Z'
    """
    entry = ZOO.get(name)
    if entry is None:
        raise MachineDefinitionError(
            f"no zoo machine named {name!r}; the zoo has {', '.join(ZOO)}"
        )
    return entry.machine


#: The environment variable naming a local bbchallenge seed database, for
#: ``zoo:bbchallenge:ID``.
SEED_DATABASE_VARIABLE = "ARCOT_BBCHALLENGE_DB"


def _bbchallenge(ident: str) -> TuringMachine:
    """Machine ``ident`` of the seed database named by $ARCOT_BBCHALLENGE_DB."""
    from arcot.machine.lists import SeedDatabase

    where = os.environ.get(SEED_DATABASE_VARIABLE)
    if not where:
        raise MachineDefinitionError(
            f"zoo:bbchallenge:{ident} needs a local copy of the bbchallenge seed "
            f"database: set {SEED_DATABASE_VARIABLE} to its path (arcot never "
            "downloads it)"
        )
    if not (ident.isascii() and ident.isdigit()):
        raise MachineDefinitionError(
            f"zoo:bbchallenge:{ident}: a machine id is an integer >= 0"
        )
    try:
        text = SeedDatabase.open(where).machine(int(ident))
    except ArcotError as exc:
        raise MachineDefinitionError(str(exc)) from None
    return parse_tm(text, name=f"bbchallenge:{ident}")


def resolve_machine(spec: str | TuringMachine) -> TuringMachine:
    """A machine from ``zoo:NAME``, ``zoo:bbchallenge:ID`` (with
    $ARCOT_BBCHALLENGE_DB naming a local seed database), a file path, or
    Busy Beaver standard text.

    >>> resolve_machine("zoo:bb2") == resolve_machine("1RB1LB_1LA1RZ")
    True
    """
    if isinstance(spec, TuringMachine):
        return spec
    if not isinstance(spec, str):
        raise MachineDefinitionError(f"expected a machine or its text, got {spec!r}")
    if spec.startswith("zoo:bbchallenge:"):
        return _bbchallenge(spec[len("zoo:bbchallenge:"):])
    if spec.startswith("zoo:"):
        return get(spec[4:])
    path = Path(spec)
    try:
        is_file, is_dir = path.is_file(), path.is_dir()
    except (OSError, ValueError):  # not a name the system takes (too long, NUL)
        is_file = is_dir = False
    if is_dir:
        raise MachineDefinitionError(
            f"{spec!r} is a directory, not a machine file or standard text"
        )
    if spec.endswith((".json", ".tm", ".txt")) or is_file:
        if not is_file:
            raise MachineDefinitionError(f"machine file {spec!r} does not exist")
        return load_machine(path)
    return parse_tm(spec)
