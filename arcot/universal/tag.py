"""2-tag systems, and Rogozhin's universal machine UTM(4,6) that runs them.

A 2-tag system over letters ``a_1 .. a_n`` and a halting letter ``a_{n+1}``
rewrites a word by reading its first letter ``x``, deleting the first two
letters and appending the production ``P(x)``; it stops when the first
letter is the halting letter (whose turn deletes two letters and appends
nothing) or when fewer than two letters are left. :class:`TagSystem` holds
one, :func:`run_tag` runs it directly.

Rogozhin's machine (:data:`ROGOZHIN_4_6`, ``zoo:rogozhin-4-6``) runs the tag
systems of one form, every production ``P(a_i) = a_n a_n B_i`` with ``B_n``
empty and every other ``B_i`` not; :func:`rogozhin_input` compiles such a
system and its word into the machine's input and :func:`read_rogozhin`
reads the final word back from the machine's run. The appendix of
:data:`ROGOZHIN_4_6` gives the source, the encoding and the conventions.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from arcot.errors import (
    DuplicateError,
    EmptyMachineError,
    EncodingError,
    MachineDefinitionError,
    UnknownSymbolError,
)
from arcot.machine import RunResult, machine_from_table

__all__ = [
    "ROGOZHIN_4_6",
    "ROGOZHIN_4_6_TABLE",
    "ROGOZHIN_PREAMBLE_STATES",
    "TagRun",
    "TagSystem",
    "check_rogozhin_form",
    "read_rogozhin",
    "read_rogozhin_codes",
    "read_rogozhin_word",
    "rogozhin_codes",
    "rogozhin_input",
    "rogozhin_preamble_steps",
    "rogozhin_word",
    "run_tag",
]

Word = tuple[str, ...]


# -- tag systems -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TagSystem:
    """A 2-tag system: ``letters`` ``a_1 .. a_n`` in order, ``productions``
    ``P(a_1) .. P(a_n)`` (words over the letters and ``halt``), and the
    halting letter ``halt`` (``a_{n+1}``), which has no production.

    Letters are non-empty strings; a word is any sequence of letters (a
    plain string is read one character a letter). Only deletion number 2
    is supported. A malformed system raises a
    :class:`~arcot.errors.MachineDefinitionError` naming the fault.

    >>> t = TagSystem.from_rules({"a": "aa"}, halt="h")
    >>> t.letters, t.productions, t.halt
    (('a',), (('a', 'a'),), 'h')
    """

    letters: Word
    productions: tuple[Word, ...]
    halt: str
    deletion: int = 2

    def __post_init__(self) -> None:
        if isinstance(self.deletion, bool) or self.deletion != 2:
            raise MachineDefinitionError(
                f"only deletion number 2 is supported, got {self.deletion!r}"
            )
        letters = _letters(self.letters, "letters")
        if not letters:
            raise EmptyMachineError("a tag system needs at least one letter")
        (halt,) = _letters((self.halt,), "the halting letter")
        seen: set[str] = set()
        for x in (*letters, halt):
            if x in seen:
                raise DuplicateError(f"letter {x!r} is named twice", symbol=x)
            seen.add(x)
        raw: object = self.productions
        if isinstance(raw, (str, bytes)) or not isinstance(raw, Iterable):
            raise MachineDefinitionError("productions must be a sequence of words")
        productions: tuple[object, ...] = tuple(raw)
        if len(productions) != len(letters):
            raise MachineDefinitionError(
                f"{len(letters)} letters need {len(letters)} productions, "
                f"got {len(productions)}"
            )
        words = []
        for x, p in zip(letters, productions, strict=True):
            if isinstance(p, bytes) or not isinstance(p, Iterable):
                raise MachineDefinitionError(
                    f"P({x}) must be a sequence of letters, got {p!r}", symbol=x
                )
            word = tuple(p)
            for y in word:
                if not isinstance(y, str) or y not in seen:
                    raise UnknownSymbolError(
                        f"P({x}) uses {y!r}, not a letter of {sorted(seen)!r}",
                        symbol=y,
                    )
            words.append(word)
        object.__setattr__(self, "letters", letters)
        object.__setattr__(self, "productions", tuple(words))
        object.__setattr__(self, "halt", halt)
        object.__setattr__(self, "deletion", 2)

    @classmethod
    def from_rules(cls, rules: Mapping[str, Iterable[str]], *, halt: str) -> TagSystem:
        """The system whose letters are ``rules``' keys in order, each with
        its production (a string is read one character a letter)."""
        return cls(tuple(rules), tuple(tuple(p) for p in rules.values()), halt)

    @property
    def alphabet(self) -> Word:
        """Every letter, the halting letter last."""
        return (*self.letters, self.halt)

    def production(self, letter: str) -> Word:
        """``P(letter)``."""
        try:
            return self.productions[self.letters.index(letter)]
        except ValueError:
            raise UnknownSymbolError(
                f"{letter!r} has no production", symbol=letter
            ) from None

    def check_word(self, word: Iterable[str]) -> Word:
        """``word`` as a tuple of letters, or raise naming the first bad one."""
        raw: object = word
        if isinstance(raw, bytes) or not isinstance(raw, Iterable):
            raise MachineDefinitionError(
                f"a word must be a sequence of letters, got {word!r}"
            )
        letters = tuple(raw)
        alphabet = set(self.alphabet)
        for i, x in enumerate(letters):
            if x not in alphabet:
                raise UnknownSymbolError(
                    f"letter {x!r} at position {i} is not in {list(self.alphabet)!r}",
                    symbol=x,
                )
        return letters


def _letters(values: object, what: str) -> Word:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise MachineDefinitionError(
            f"{what} must be a sequence of names, got {values!r}"
        )
    out = tuple(values)
    for x in out:
        if not isinstance(x, str) or not x:
            raise MachineDefinitionError(
                f"{what}: a letter must be a non-empty string, got {x!r}"
            )
    return out


class TagRun(NamedTuple):
    """What :func:`run_tag` found: whether the system halted, the steps
    taken (productions appended), and the word it stopped with."""

    halted: bool
    steps: int
    word: Word


def run_tag(system: TagSystem, word: Iterable[str], max_steps: int) -> TagRun:
    """Run ``system`` on ``word`` for at most ``max_steps`` steps.

    A step reads the first letter, deletes two letters and appends that
    letter's production. The halting letter in front stops the run: its
    two letters are deleted, nothing is appended and no step is counted (as
    an undefined transition stops a machine without a step). A word shorter
    than two letters stops the run as it is. Out of budget, ``halted`` is
    false and the word is the current one.

    >>> t = TagSystem.from_rules({"a": "aa"}, halt="h")
    >>> run_tag(t, "aah", 10)
    TagRun(halted=True, steps=1, word=('a',))
    """
    if isinstance(max_steps, bool) or not isinstance(max_steps, int) or max_steps < 0:
        raise MachineDefinitionError(
            f"max_steps must be an integer >= 0, got {max_steps!r}"
        )
    w = deque(system.check_word(word))
    rules = dict(zip(system.letters, system.productions, strict=True))
    steps = 0
    while len(w) >= 2:
        first = w.popleft()
        if first == system.halt:
            w.popleft()
            return TagRun(True, steps, tuple(w))
        if steps == max_steps:
            w.appendleft(first)
            return TagRun(False, steps, tuple(w))
        w.popleft()
        w.extend(rules[first])
        steps += 1
    return TagRun(True, steps, tuple(w))


# -- Rogozhin's UTM(4,6) -------------------------------------------------

# Rogozhin's 22 instructions, his symbols 1, b, b>, b<, 0, c written
# 1, b, >, <, _, c. Two cells are empty: q3 and q4 reading < stop.
_TABLE = """
    q1 1 -> < L q1
    q1 b -> > R q1
    q1 > -> b L q1
    q1 < -> _ R q1
    q1 _ -> < L q1
    q1 c -> _ R q4
    q2 1 -> _ R q2
    q2 b -> > L q3
    q2 > -> < R q2
    q2 < -> > L q2
    q2 _ -> 1 L q2
    q2 c -> b R q2
    q3 1 -> 1 R q3
    q3 b -> < R q4
    q3 > -> b R q3
    q3 _ -> c R q1
    q3 c -> 1 R q1
    q4 1 -> _ R q4
    q4 b -> c L q2
    q4 > -> < R q4
    q4 _ -> c L q2
    q4 c -> b R q4
"""

# arcot's head starts on cell 0, Rogozhin's on the first cell of the word's
# code, right of the whole program: two states walk there, changing nothing.
_PREAMBLE = """
    seek < -> < R seek   # over the program ...
    seek b -> b R seek
    seek 1 -> 1 R seek
    seek c -> c L back   # ... to the first c, which ends the word's first letter,
    back 1 -> 1 L back   # back over that letter's code
    back b -> b R q1     # to the b before it: Rogozhin's start
"""

#: The two states arcot adds in front of Rogozhin's four.
ROGOZHIN_PREAMBLE_STATES = ("seek", "back")

#: Rogozhin's table alone, exactly as published: 4 states, 6 symbols, 22
#: instructions, start q1. Started on cell 0 it is not started as Rogozhin
#: starts it; :data:`ROGOZHIN_4_6` is the machine to run.
ROGOZHIN_4_6_TABLE = machine_from_table(
    _TABLE, blank="_", input_symbols=["<", "b", "1", "c"], name="rogozhin-4-6-table"
)

ROGOZHIN_4_6 = machine_from_table(
    _PREAMBLE + _TABLE,
    blank="_",
    input_symbols=["<", "b", "1", "c"],
    name="rogozhin-4-6",
)
"""Rogozhin's universal machine UTM(4,6), started as arcot starts machines.

Source. Yu. Rogozhin, *Small universal Turing machines*, Theoretical
Computer Science 168 (1996) 215-240, section 8: the machine with 4 states
``q1 .. q4``, 6 symbols ``1, b, b>, b<, 0, c`` (blank ``0``) and 22
instructions. Here ``b>`` is written ``>``, ``b<`` is ``<`` and the blank
``0`` is ``_``. The table was checked cell by cell against two independent
transcriptions of the printed page (the state table in the header of
D. B. Cristofani's ``utm.b``, and a Haskell program's table in the paper's
symbol names); all three agree on the 22 instructions and on
the two empty cells, ``q3 <`` and ``q4 <``, where the machine stops.

Start. Rogozhin's machine starts in ``q1`` on the first cell of the initial
word's code, with the program to its left; arcot starts every machine on
cell 0, the first cell of its input, with blanks to the left, so no input
can start the published table where it expects. Two states are added in
front: ``seek`` (start) walks right over the program to the first ``c``,
``back`` walks left over the first letter's code and steps right into
``q1`` on its first cell. They write back what they read, so from there
the run is Rogozhin's, step for step; the preamble takes
:func:`rogozhin_preamble_steps` steps. The four states ``q1 .. q4`` carry
exactly the published 22 instructions (:data:`ROGOZHIN_4_6_TABLE`).

Tag systems run. Deletion number 2, letters ``a_1 .. a_n`` and a halting
letter ``a_{n+1}``, every production ``P(a_i) = a_n a_n B_i`` with ``B_n``
empty and ``B_i`` not empty for ``i < n``; the initial word has at least
two letters (:func:`check_rogozhin_form`).

Encoding (:func:`rogozhin_input`). The code of ``a_i`` is ``1 + 2 (|P(a_1)|
+ ... + |P(a_{i-1})|)`` ones (:func:`rogozhin_codes`). A production
``P(a_i) = a_n a_n x_1 .. x_k`` is written ``b1``, then ``b code(x_j) b``
for ``j = k .. 1``, then ``b code(a_n) b``, then ``b`` followed by
``code(a_n) - code(a_i)`` ones. The input is ``<b`` (the halting letter's
production: stop), the productions ``P(a_n), .., P(a_1)``, one ``b``, and
the initial word's codes joined by ``c``; every other cell is blank.

Halting and output. The machine stops in ``q3`` or ``q4`` reading ``<``,
an empty cell, so the run stops *without* a step: arcot counts one step
fewer than sources that count the stop as a step (Cristofani's 518 for
his minimal test is 517 steps of ``q1 .. q4`` here, plus the preamble).
The tape right of the leftmost ``c`` then holds the final word of the tag
system (the word after the halting letter's turn, :func:`run_tag`)
followed by the halting letter's code, codes joined by ``c``
(:func:`read_rogozhin`).

Tests that confirm the transcription (``tests/unit/test_tag.py``,
``tests/property/test_tag_property.py``): the 22 rules of ``q1 .. q4``
against the published grid written out independently; Cristofani's
minimal test ``b1b1bbb1c1c11111`` (``P(a_1) = a_1 a_1``, word ``a_1 a_1
a_2``): 13 preamble steps and 517 of Rogozhin's, stopping in ``q3`` on
``<`` with ``1c11111`` right of the leftmost ``c``, every one of the 22
instructions used; Cristofani's larger example (four letters, word ``a_2 a_1 a_1``)
in 124,767 of Rogozhin's steps; and random tag systems of the form, whose
final word read from the machine equals :func:`run_tag`'s.
"""


def check_rogozhin_form(system: TagSystem, word: Iterable[str] | None = None) -> None:
    """Raise :class:`~arcot.errors.MachineDefinitionError` unless ``system``
    (and ``word``, if given) is of the form Rogozhin's machine runs."""
    an = system.letters[-1]
    for i, (x, p) in enumerate(zip(system.letters, system.productions, strict=True)):
        if p[:2] != (an, an):
            raise MachineDefinitionError(
                f"P({x}) must start with {an} {an} (the last letter twice), got {p!r}",
                symbol=x,
            )
        last = i == len(system.letters) - 1
        if last and len(p) != 2:
            raise MachineDefinitionError(
                f"P({x}) of the last letter must be {an} {an} alone, got {p!r}",
                symbol=x,
            )
        if not last and len(p) < 3:
            raise MachineDefinitionError(
                f"P({x}) must append more than {an} {an} (only the last letter's "
                f"does not), got {p!r}",
                symbol=x,
            )
    if word is not None and len(system.check_word(word)) < 2:
        raise MachineDefinitionError(
            "Rogozhin's machine needs a word of at least 2 letters"
        )


def rogozhin_codes(system: TagSystem) -> dict[str, int]:
    """Each letter's code, as a number of ones; the halting letter's last.

    >>> rogozhin_codes(TagSystem.from_rules({"a": "aa"}, halt="h"))
    {'a': 1, 'h': 5}
    """
    codes, total = {}, 0
    for x, p in zip(system.letters, system.productions, strict=True):
        codes[x] = 1 + 2 * total
        total += len(p)
    codes[system.halt] = 1 + 2 * total
    return codes


def rogozhin_word(system: TagSystem, word: Iterable[str]) -> str:
    """``word``'s letters as their codes joined by ``c``."""
    codes = rogozhin_codes(system)
    return "c".join("1" * codes[x] for x in system.check_word(word))


def read_rogozhin_word(system: TagSystem, text: str) -> Word:
    """The letters of ``text``, codes joined by ``c`` (inverse of
    :func:`rogozhin_word`); raise :class:`~arcot.errors.EncodingError` on a
    code that is no letter's."""
    letters = {n: x for x, n in rogozhin_codes(system).items()}
    return tuple(_letter(letters, n) for n in _codes(text))


def _codes(text: str) -> tuple[int, ...]:
    if text == "":
        return ()
    out = []
    for piece in text.split("c"):
        if not piece or piece.strip("1"):
            raise EncodingError(f"expected codes of ones joined by c, got {text!r}")
        out.append(len(piece))
    return tuple(out)


def _letter(letters: Mapping[int, str], n: int) -> str:
    if n not in letters:
        raise EncodingError(f"{n} ones are no letter's code (codes: {sorted(letters)})")
    return letters[n]


def rogozhin_input(system: TagSystem, word: Iterable[str]) -> str:
    """The input of :data:`ROGOZHIN_4_6` that runs ``system`` on ``word``.

    >>> rogozhin_input(TagSystem.from_rules({"a": "aa"}, halt="h"), "aah")
    '<bb1b1bbb1c1c11111'
    """
    letters = system.check_word(word)
    check_rogozhin_form(system, letters)
    codes = rogozhin_codes(system)
    an = system.letters[-1]
    program = []
    for x, p in reversed(list(zip(system.letters, system.productions, strict=True))):
        blocks = "".join(f"b{'1' * codes[y]}b" for y in reversed(p[2:]))
        program.append(f"b1{blocks}b{'1' * codes[an]}bb{'1' * (codes[an] - codes[x])}")
    return "<b" + "".join(program) + "b" + rogozhin_word(system, letters)


def rogozhin_preamble_steps(text: str) -> int:
    """Steps the preamble (``seek``, ``back``) takes on input ``text``
    before Rogozhin's ``q1`` starts."""
    first_c = text.index("c")
    first_code = first_c - text.rindex("b", 0, first_c) - 1
    return first_c + 1 + first_code + 1


def read_rogozhin_codes(result: RunResult) -> tuple[int, ...]:
    """The codes (numbers of ones) right of the leftmost ``c`` when the
    machine has stopped: the final word's, then the halting letter's."""
    result.raise_if_running()
    text = "".join(str(s) for s in result.tape)
    i = text.find("c")
    if i < 0:
        raise EncodingError("the tape has no c: not a run of an encoded tag system")
    return _codes(text[i + 1 :].rstrip("_"))


def read_rogozhin(result: RunResult, system: TagSystem) -> Word:
    """The final word of ``system``'s run (as :func:`run_tag` gives it),
    read from a stopped run of :data:`ROGOZHIN_4_6`.

    Raises :class:`~arcot.errors.StepLimitExceeded` if the run had not
    stopped, :class:`~arcot.errors.EncodingError` if the tape does not
    hold a final word followed by the halting letter.
    """
    codes = read_rogozhin_codes(result)
    letters = {n: x for x, n in rogozhin_codes(system).items()}
    word = tuple(_letter(letters, n) for n in codes)
    if not word or word[-1] != system.halt:
        raise EncodingError(
            f"the tape's word {word!r} does not end with the halting letter "
            f"{system.halt!r}"
        )
    return word[:-1]
