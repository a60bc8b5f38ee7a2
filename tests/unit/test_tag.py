"""2-tag systems and Rogozhin's UTM(4,6): the transcription, the published
test vectors, the encoder and decoder, and malformed systems."""

import pytest

from arcot.errors import (
    DuplicateError,
    EmptyMachineError,
    EncodingError,
    MachineDefinitionError,
    StepLimitExceeded,
    UnknownSymbolError,
)
from arcot.machine import Move, configurations, run
from arcot.universal.tag import (
    ROGOZHIN_4_6,
    ROGOZHIN_4_6_TABLE,
    ROGOZHIN_PREAMBLE_STATES,
    TagRun,
    TagSystem,
    check_rogozhin_form,
    read_rogozhin,
    read_rogozhin_codes,
    read_rogozhin_word,
    rogozhin_codes,
    rogozhin_input,
    rogozhin_preamble_steps,
    rogozhin_word,
    run_tag,
)
from arcot.zoo import ZOO

# Rogozhin's table as the paper lays it out: a row a scanned symbol, a
# column a state q1 .. q4, each cell "write move next" and "-" where the
# machine stops; b> and b< are written > and <, the blank 0 is _.
PUBLISHED = """
    1  | < L 1 | _ R 2 | 1 R 3 | _ R 4
    b  | > R 1 | > L 3 | < R 4 | c L 2
    >  | b L 1 | < R 2 | b R 3 | < R 4
    <  | _ R 1 | > L 2 | -     | -
    _  | < L 1 | 1 L 2 | c R 1 | c L 2
    c  | _ R 4 | b R 2 | 1 R 1 | b R 4
"""


def published_table():
    table = {}
    for line in PUBLISHED.strip().splitlines():
        symbol, *cells = (part.strip() for part in line.split("|"))
        for q, cell in zip(("q1", "q2", "q3", "q4"), cells, strict=True):
            if cell == "-":
                table[q, symbol] = None
            else:
                write, move, nxt = cell.split()
                table[q, symbol] = (write, move, f"q{nxt}")
    return table


def as_table(machine, states):
    out = {}
    for q in states:
        for s in machine.symbols:
            t = machine.transitions.get((q, s))
            move = {Move.LEFT: "L", Move.RIGHT: "R"}.get(t.move) if t else None
            out[q, s] = None if t is None else (t.write, move, t.next_state)
    return out


MINIMAL = TagSystem.from_rules({"a": "aa"}, halt="h")  # Cristofani's minimal test
#: Cristofani's example: P(a1) = a3 a3 a2 a1 a4, P(a2) = a3 a3 a1, P(a3) = a3 a3.
EXAMPLE = TagSystem(
    ("a1", "a2", "a3"),
    (("a3", "a3", "a2", "a1", "a4"), ("a3", "a3", "a1"), ("a3", "a3")),
    "a4",
)
EXAMPLE_WORD = ("a2", "a1", "a1")
# His input for it, as he prints it (the tape adds <b in front).
EXAMPLE_TEXT = (
    "b1b11111111111111111bbb1b1bb11111111111111111bb111111b1b1111111111111111111"
    "11bb1bb11111111111bb11111111111111111bb1111111111111111b11111111111c1c1"
)


def table_steps(tape, head):
    """Rogozhin's table alone, stepped by hand from ``head`` in q1: the
    number of steps until a cell without a rule, and the final tape."""
    rules = {k: v for k, v in published_table().items() if v is not None}
    cells = dict(enumerate(tape))
    state, steps = "q1", 0
    while (state, cells.get(head, "_")) in rules:
        write, move, state = rules[state, cells.get(head, "_")]
        cells[head] = write
        head += 1 if move == "R" else -1
        steps += 1
    return steps, state, cells.get(head, "_"), cells


# -- the transcription ---------------------------------------------------


def test_the_table_is_rogozhins_22_instructions():
    table = published_table()
    assert len(table) == 24 and sum(v is not None for v in table.values()) == 22
    assert ROGOZHIN_4_6_TABLE.states == ("q1", "q4", "q2", "q3")  # order of mention
    assert set(ROGOZHIN_4_6_TABLE.symbols) == {"1", "b", ">", "<", "_", "c"}
    assert ROGOZHIN_4_6_TABLE.start == "q1" and ROGOZHIN_4_6_TABLE.blank == "_"
    assert len(ROGOZHIN_4_6_TABLE.transitions) == 22
    assert as_table(ROGOZHIN_4_6_TABLE, ("q1", "q2", "q3", "q4")) == table


def test_the_zoo_machine_is_the_table_after_a_preamble():
    m = ROGOZHIN_4_6
    assert m.start == "seek" and set(m.states) == {
        "seek",
        "back",
        "q1",
        "q2",
        "q3",
        "q4",
    }
    assert ROGOZHIN_PREAMBLE_STATES == ("seek", "back")
    assert set(m.symbols) == set(ROGOZHIN_4_6_TABLE.symbols)
    assert as_table(m, ("q1", "q2", "q3", "q4")) == published_table()
    assert not m.halt_states  # it stops on the two empty cells
    preamble = {
        k: t for k, t in m.transitions.items() if k[0] in ROGOZHIN_PREAMBLE_STATES
    }
    assert len(preamble) == len(m.transitions) - 22 == 6
    assert all(t.write == k[1] for k, t in preamble.items())  # it only reads
    assert [k for k, t in preamble.items() if t.next_state == "q1"] == [("back", "b")]


# -- the published test vectors -------------------------------------------


def test_minimal_vector():
    """b1b1bbb1c1c11111: P(a) = a a, word a a h; 518 steps counting the stop."""
    text = rogozhin_input(MINIMAL, "aah")
    assert text == "<b" + "b1b1bbb1c1c11111"
    assert rogozhin_codes(MINIMAL) == {"a": 1, "h": 5}
    assert run_tag(MINIMAL, "aah", 10) == TagRun(True, 1, ("a",))
    r = run(ROGOZHIN_4_6, text, max_steps=10_000)
    assert (r.halted, r.reason, r.state) == (True, "undefined", "q3")
    assert rogozhin_preamble_steps(text) == 13
    assert r.steps == 13 + 517
    assert r.tape_text() == "<>>1>1>>>11111111111c1c11111"
    assert r.tape[r.head - r.span[0]] == "<"
    assert read_rogozhin_codes(r) == (1, 5)
    assert read_rogozhin(r, MINIMAL) == ("a",)


def test_minimal_vector_by_the_bare_table():
    """The published table stepped by hand from Rogozhin's start cell takes
    517 steps and leaves the tape the zoo machine leaves."""
    text = rogozhin_input(MINIMAL, "aah")
    steps, state, read, cells = table_steps(text, text.index("1c"))
    assert (steps, state, read) == (517, "q3", "<")
    r = run(ROGOZHIN_4_6, text, max_steps=10_000)
    lo, hi = r.span
    assert "".join(cells.get(i, "_") for i in range(lo, hi + 1)) == r.tape_text()


def test_minimal_vector_uses_every_instruction():
    used = {
        (c.state, c.symbol(c.head))
        for c in configurations(ROGOZHIN_4_6, "<bb1b1bbb1c1c11111")
    }
    rogozhin = {k for k in used if k[0] not in ROGOZHIN_PREAMBLE_STATES}
    assert rogozhin - set(ROGOZHIN_4_6.transitions) == {("q3", "<")}  # the stop
    assert len(rogozhin) == 23


def test_cristofanis_example():
    codes = rogozhin_codes(EXAMPLE)
    assert codes == {"a1": 1, "a2": 11, "a3": 17, "a4": 21}
    text = rogozhin_input(EXAMPLE, EXAMPLE_WORD)
    assert text == "<b" + EXAMPLE_TEXT
    direct = run_tag(EXAMPLE, EXAMPLE_WORD, 100)
    assert direct == TagRun(True, 5, ("a3",) * 5 + ("a1",))
    r = run(ROGOZHIN_4_6, text, max_steps=1_000_000)
    assert r.halted and r.state == "q3"
    assert rogozhin_preamble_steps(text) == 157
    assert r.steps == 157 + 124_767
    assert read_rogozhin_codes(r) == (17,) * 5 + (1, 21)
    assert read_rogozhin(r, EXAMPLE) == direct.word
    steps, state, read, _ = table_steps(
        text, len("<b" + EXAMPLE_TEXT) - len("11111111111c1c1")
    )
    assert (steps, state, read) == (124_767, "q3", "<")


def test_zoo_entry():
    entry = ZOO["rogozhin-4-6"]
    assert entry.machine is ROGOZHIN_4_6
    assert entry.example_input == rogozhin_input(MINIMAL, "aah")
    r = run(entry.machine, entry.example_input, max_steps=10_000)
    assert entry.answer(r) == (1, 5)


# -- tag systems run directly ------------------------------------------------


def test_run_tag_stops_and_budgets():
    t = TagSystem.from_rules({"a": "aab", "b": "aa"}, halt="h")
    assert run_tag(t, "ha", 5) == TagRun(True, 0, ())  # the halting letter in front
    assert run_tag(t, "a", 5) == TagRun(True, 0, ("a",))  # shorter than 2
    assert run_tag(t, "ab", 0) == TagRun(False, 0, ("a", "b"))
    assert run_tag(t, "ab", 1) == TagRun(False, 1, ("a", "a", "b"))
    assert run_tag(t, "bah", 3) == TagRun(True, 1, ("a",))  # b a h, h a a, a
    shrinking = TagSystem.from_rules({"a": ""}, halt="h")
    assert run_tag(shrinking, "aaa", 9) == TagRun(True, 1, ("a",))


# -- encoding and decoding ----------------------------------------------------


@pytest.mark.parametrize("word", [(), ("a1",), EXAMPLE_WORD, ("a4", "a3", "a2", "a1")])
def test_word_round_trip(word):
    assert read_rogozhin_word(EXAMPLE, rogozhin_word(EXAMPLE, word)) == word


@pytest.mark.parametrize("text", ["11", "1cc1", "c1", "1b1", "1" * 22])
def test_bad_codes_are_refused(text):
    with pytest.raises(EncodingError):
        read_rogozhin_word(EXAMPLE, text)


def test_codes_are_distinct_and_odd():
    codes = rogozhin_codes(EXAMPLE)
    assert len(set(codes.values())) == len(codes)
    assert all(n % 2 == 1 for n in codes.values())


def test_decoder_refuses_runs_it_cannot_read():
    text = rogozhin_input(MINIMAL, "aah")
    with pytest.raises(StepLimitExceeded):
        read_rogozhin(run(ROGOZHIN_4_6, text, max_steps=100), MINIMAL)
    with pytest.raises(EncodingError, match="no c"):
        read_rogozhin_codes(run(ROGOZHIN_4_6, "<b1", max_steps=100))
    r = run(ROGOZHIN_4_6, text, max_steps=10_000)
    other = TagSystem.from_rules({"a": "aa", "b": "aa"}, halt="h")  # codes 1, 5, 9
    with pytest.raises(EncodingError, match="halting letter"):
        read_rogozhin(r, other)


# -- malformed systems ------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (
            lambda: TagSystem(("a",), (("a", "a"),), "h", 3),
            MachineDefinitionError,
            "deletion",
        ),
        (
            lambda: TagSystem(("a",), (("a", "a"),), "h", True),
            MachineDefinitionError,
            "deletion",
        ),
        (lambda: TagSystem((), (), "h"), EmptyMachineError, "at least one"),
        (lambda: TagSystem(("a", "a"), (("a",), ("a",)), "h"), DuplicateError, "twice"),
        (lambda: TagSystem(("a",), (("a",),), "a"), DuplicateError, "twice"),
        (lambda: TagSystem(("a",), (), "h"), MachineDefinitionError, "1 productions"),
        (lambda: TagSystem(("a",), (("a", "z"),), "h"), UnknownSymbolError, "'z'"),
        (
            lambda: TagSystem(("a", ""), (("a",), ("a",)), "h"),
            MachineDefinitionError,
            "non-empty",
        ),
        (
            lambda: TagSystem(("a", 1), (("a",), ("a",)), "h"),
            MachineDefinitionError,
            "non-empty",
        ),
        (
            lambda: TagSystem("ab", (("a",), ("a",)), "h"),
            MachineDefinitionError,
            "sequence",
        ),
        (lambda: TagSystem(("a",), "aa", "h"), MachineDefinitionError, "sequence"),
        (lambda: TagSystem(("a",), (5,), "h"), MachineDefinitionError, "sequence"),
        (lambda: TagSystem(("a",), (("a",),), ""), MachineDefinitionError, "non-empty"),
    ],
)
def test_malformed_systems(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_malformed_words_and_budgets():
    with pytest.raises(UnknownSymbolError, match="position 1"):
        run_tag(MINIMAL, "az", 5)
    with pytest.raises(MachineDefinitionError, match="max_steps"):
        run_tag(MINIMAL, "aa", -1)
    with pytest.raises(UnknownSymbolError):
        MINIMAL.production("h")


@pytest.mark.parametrize(
    ("rules", "word", "message"),
    [
        ({"a": "ba", "b": "bb"}, "ab", "start with b b"),  # P(a) must begin a_n a_n
        ({"a": "bba", "b": "bba"}, "ab", "alone"),  # P(a_n) must be a_n a_n
        ({"a": "bb", "b": "bb"}, "ab", "more than"),  # B_i empty for i < n
        ({"a": "bba", "b": "bb"}, "a", "at least 2"),
    ],
)
def test_systems_rogozhin_cannot_run(rules, word, message):
    system = TagSystem.from_rules(rules, halt="h")
    run_tag(system, word, 10)  # a tag system all the same
    with pytest.raises(MachineDefinitionError, match=message):
        rogozhin_input(system, word)
    with pytest.raises(MachineDefinitionError, match=message):
        check_rogozhin_form(system, word)
