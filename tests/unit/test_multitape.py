"""k-tape machines: the model, its formats, the simulator and the compilation."""

import itertools

import pytest

from arcot.errors import (
    DuplicateTransitionError,
    FormatError,
    HaltStateTransitionError,
    MachineDefinitionError,
    NondeterministicMachineError,
    UnknownSymbolError,
)
from arcot.machine import from_automata, run
from arcot.machine.multitape import (
    MultiTapeMachine,
    multitape_from_automata,
    multitape_from_json,
    multitape_from_table,
    multitape_to_automata,
    multitape_to_json,
    run_multitape,
    to_one_tape,
)

COPY = """
copy 1,_ -> 1,1 R,R copy
copy _,_ -> _,_ N,N done
"""

#: A two-tape palindrome decider over {a, b}: copy, rewind tape 1, compare
#: tape 1 forwards with tape 2 backwards.
PALINDROME = """
copy a,_ -> a,a R,R copy
copy b,_ -> b,b R,R copy
copy _,_ -> _,_ L,L back
back a,a -> a,a L,N back
back a,b -> a,b L,N back
back b,a -> b,a L,N back
back b,b -> b,b L,N back
back _,a -> _,a R,N cmp
back _,b -> _,b R,N cmp
back _,_ -> _,_ R,N cmp
cmp a,a -> a,a R,L cmp
cmp b,b -> b,b R,L cmp
cmp a,b -> a,b N,N reject
cmp b,a -> b,a N,N reject
cmp _,_ -> _,_ N,N accept
"""


def words(alphabet, max_length):
    for n in range(max_length + 1):
        yield from itertools.product(alphabet, repeat=n)


def test_table_gives_the_machine():
    m = multitape_from_table(PALINDROME)
    assert m.tapes == 2 and m.start == "copy"
    assert m.halt_states == {"accept", "reject"}
    assert m.input_symbols == ("a", "b") and m.blank == "_"


def test_palindrome_decider_on_every_word_to_length_8():
    m = multitape_from_table(PALINDROME)
    for w in words("ab", 8):
        r = run_multitape(m, w, max_steps=1000)
        assert r.halted and r.state == ("accept" if w == w[::-1] else "reject"), w


def test_compiled_palindrome_decider_agrees_on_every_word_to_length_6():
    m = multitape_from_table(PALINDROME)
    c = to_one_tape(m)
    assert c.machine.input_symbols == ("a", "b")
    for w in words("ab", 6):
        direct = run_multitape(m, w, max_steps=1000)
        one = run(c.machine, w, max_steps=10**5)
        got = c.decode(one)
        assert (got.state, got.heads, got.reason) == (
            direct.state, direct.heads, direct.reason
        )
        assert got.contents("_") == direct.contents("_")


def test_slowdown_is_quadratic_in_the_simulated_steps():
    # The heads of the copy machine move apart by nothing (both go right),
    # so each simulated step costs a constant; the palindrome decider's
    # rewind separates the heads by n, so its one-tape steps grow as n^2.
    copy, pal = (to_one_tape(multitape_from_table(t)) for t in (COPY, PALINDROME))
    copy_steps = [run(copy.machine, "1" * n, max_steps=10**6).steps for n in range(12)]
    assert len({b - a for a, b in itertools.pairwise(copy_steps)}) == 1  # linear
    pal_steps = [run(pal.machine, "a" * n, max_steps=10**7).steps for n in (10, 20, 40)]
    first, second = pal_steps[1] - pal_steps[0], pal_steps[2] - pal_steps[1]
    assert second > 3 * first  # a linear law would give 2x


def test_compiled_copy_machine_is_certified_over_all_windows():
    from arcot.pipeline import certify

    c = to_one_tape(multitape_from_table(COPY))
    result = certify(c.machine, learner="construct")
    assert result.verified


def test_stopped_at_the_start_and_undefined_at_once():
    # Halting start state: no steps on k tapes; the compiled machine still
    # ends in that halt state.
    m = MultiTapeMachine(tapes=2, states=["H"], symbols=["_"], start="H",
                         halt_states=["H"], transitions={})
    c = to_one_tape(m)
    r = run(c.machine, "", max_steps=10)
    assert r.halted and c.decode(r).state == "H"
    # No rule for the first read: undefined on both.
    m = MultiTapeMachine(tapes=2, states=["A"], symbols=["_", "1"], start="A",
                         transitions={})
    c = to_one_tape(m)
    r = run(c.machine, "1", max_steps=10)
    assert r.reason == "undefined"
    assert c.decode(r).reason == run_multitape(m, "1", max_steps=10).reason


def test_decode_refuses_a_run_cut_mid_sweep():
    c = to_one_tape(multitape_from_table(COPY))
    cut = run(c.machine, "111", max_steps=3)
    with pytest.raises(MachineDefinitionError, match="cut by its budget"):
        c.decode(cut)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"tapes": 0}, MachineDefinitionError, "tapes must be an integer >= 1"),
        ({"transitions": {("A", ("1",)): (("1", "1"), ("R", "R"), "A")}},
         MachineDefinitionError, "reads 1 symbols, the machine has 2 tapes"),
        ({"transitions": {("A", ("1", "x")): (("1", "1"), ("R", "R"), "A")}},
         UnknownSymbolError, "unknown symbol 'x'"),
        ({"transitions": {("A", ("1", "1")): (("1",), ("R", "R"), "A")}},
         MachineDefinitionError, "expected 2 writes and 2 moves"),
        ({"transitions": {("A", ("1", "1")): (("1", "1"), ("R", "Q"), "A")}},
         MachineDefinitionError, "bad move 'Q'"),
        ({"transitions": {("Z", ("1", "1")): (("1", "1"), ("R", "R"), "A")}},
         HaltStateTransitionError, "halt state 'Z'"),
        ({"transitions": {("A", "11"): (("1", "1"), ("R", "R"), "A")}},
         MachineDefinitionError, "expected 2 symbols read"),
    ],
)
def test_bad_machines_name_what_is_wrong(kwargs, error, message):
    spec = {"tapes": 2, "states": ["A", "Z"], "symbols": ["_", "1"], "start": "A",
            "halt_states": ["Z"], "transitions": {}}
    with pytest.raises(error, match=message):
        MultiTapeMachine(**{**spec, **kwargs})


@pytest.mark.parametrize(
    ("table", "error", "message"),
    [
        ("a 1,_ -> 1,1 R,R a\na 1 -> 1 R a", FormatError, "line 2: every rule needs 2"),
        ("a 1,_ -> 1,1 R,X a", FormatError, "line 1: bad move"),
        ("a 1,_ -> 1,1 R,R a\na 1,_ -> 1,1 L,L a", DuplicateTransitionError,
         "line 2: a second rule"),
        ("a 1,_ -> 1,1 R,R", FormatError, "line 1: expected"),
        ("# nothing", FormatError, "no rules"),
    ],
)
def test_bad_tables_name_the_line(table, error, message):
    with pytest.raises(error, match=message):
        multitape_from_table(table)


def test_json_round_trip_and_errors():
    m = multitape_from_table(PALINDROME)
    assert multitape_from_json(multitape_to_json(m)) == m
    with pytest.raises(FormatError, match="not JSON"):
        multitape_from_json("{")
    with pytest.raises(FormatError, match="needs the field"):
        multitape_from_json('{"states": []}')


def test_automata_lib_round_trip_and_its_simulation():
    from automata.tm.mntm import MNTM

    m = multitape_from_table(PALINDROME)
    mntm = multitape_to_automata(m)
    assert isinstance(mntm, MNTM)
    back = multitape_from_automata(mntm)
    # automata-lib keeps sets, so only the order of names may differ.
    assert back.transitions == m.transitions and back.start == m.start
    assert set(back.states) == set(m.states) and set(back.symbols) == set(m.symbols)
    assert back.halt_states == m.halt_states and back.tapes == m.tapes
    # automata-lib accepts where the machine halts (both halt states are final).
    for w in ("", "ab", "aba"):
        assert mntm.accepts_input(w) == run_multitape(m, w, max_steps=100).halted


def test_nondeterministic_machines_are_refused_by_name():
    from automata.tm.mntm import MNTM
    from automata.tm.ntm import NTM

    mntm = MNTM(
        states={"q0", "q1"}, input_symbols={"1"}, tape_symbols={"1", "#"},
        n_tapes=2, initial_state="q0", blank_symbol="#", final_states={"q1"},
        transitions={"q0": {("1", "#"): [("q0", (("1", "R"), ("1", "R"))),
                                         ("q1", (("1", "N"), ("#", "N")))]}},
    )
    with pytest.raises(NondeterministicMachineError,
                       match="nondeterministic machines are not supported"):
        multitape_from_automata(mntm)
    ntm = NTM(
        states={"q0", "q1"}, input_symbols={"1"}, tape_symbols={"1", "#"},
        initial_state="q0", blank_symbol="#", final_states={"q1"},
        transitions={"q0": {"1": {("q0", "1", "R"), ("q1", "1", "N")}}},
    )
    with pytest.raises(NondeterministicMachineError,
                       match="nondeterministic machines are not supported"):
        from_automata(ntm)
    with pytest.raises(FormatError, match="multitape_from_automata"):
        from_automata(mntm)


def test_compiling_too_many_cell_symbols_is_refused_up_front():
    from arcot.errors import SizeLimitExceeded

    m = MultiTapeMachine(tapes=5, states=["A", "Z"], symbols=["_", "1", "2"],
                         start="A", halt_states=["Z"], transitions={})
    with pytest.raises(SizeLimitExceeded, match="7776 cell symbols"):
        to_one_tape(m)
