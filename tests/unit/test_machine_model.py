"""One test per validation rule of TuringMachine, plus the model's basics."""

import pytest

from arcot.errors import (
    ArcotError,
    BadMoveError,
    DuplicateError,
    EmptyMachineError,
    HaltStateTransitionError,
    MachineDefinitionError,
    UnknownStateError,
    UnknownSymbolError,
)
from arcot.machine import Move, Transition, TuringMachine


def make(**overrides):
    spec = {
        "states": ["A", "B", "Z"],
        "symbols": ["0", "1"],
        "start": "A",
        "halt_states": ["Z"],
        "transitions": {
            ("A", "0"): ("1", "R", "B"),
            ("A", "1"): ("1", "L", "B"),
            ("B", "0"): ("1", "L", "A"),
            ("B", "1"): ("1", "R", "Z"),
        },
    }
    spec.update(overrides)
    return TuringMachine(**spec)


def test_valid_machine_is_frozen_and_hashable():
    tm = make()
    assert hash(tm) == hash(make())
    assert tm == make()
    with pytest.raises(AttributeError):
        tm.start = "B"  # type: ignore[misc]
    assert tm.transitions["A", "0"] == Transition("1", Move.RIGHT, "B")


def test_errors_are_arcot_and_value_errors():
    with pytest.raises(ArcotError):
        make(states=[])
    with pytest.raises(ValueError, match="states"):
        make(states=[])


@pytest.mark.parametrize(
    ("overrides", "error", "message"),
    [
        ({"states": []}, EmptyMachineError, "empty machine: no states"),
        ({"symbols": []}, EmptyMachineError, "empty machine: no tape symbols"),
        (
            {"blank": "_"},
            UnknownSymbolError,
            "blank symbol '_' is not in the tape alphabet",
        ),
        ({"start": "Q"}, UnknownStateError, "start state 'Q' is not among the states"),
        (
            {"halt_states": ["H"]},
            UnknownStateError,
            "halt state 'H' is not among the states",
        ),
        (
            {"input_symbols": ["1", "2"]},
            UnknownSymbolError,
            "input symbol '2' is not in the tape alphabet",
        ),
        ({"states": ["A", "A", "B", "Z"]}, DuplicateError, "state 'A' is listed twice"),
        ({"symbols": ["0", "1", "1"]}, DuplicateError, "symbol '1' is listed twice"),
        ({"states": "ABZ"}, MachineDefinitionError, "expected a collection of names"),
        (
            {"states": [["A"], "B", "Z"]},
            MachineDefinitionError,
            "state \\['A'\\] is not hashable",
        ),
        (
            {"transitions": [("A", "0", "1", "R", "B")]},
            MachineDefinitionError,
            "transitions must be a mapping",
        ),
    ],
)
def test_definition_rules(overrides, error, message):
    with pytest.raises(error, match=message):
        make(**overrides)


def transitions_with(key, value):
    base = make().transitions
    table = {k: tuple(v) for k, v in base.items()}
    table[key] = value
    return table


@pytest.mark.parametrize(
    ("key", "value", "error", "message"),
    [
        (
            ("Q", "0"),
            ("1", "R", "A"),
            UnknownStateError,
            r"transition \('Q', '0'\): unknown state 'Q'",
        ),
        (
            ("A", "7"),
            ("1", "R", "A"),
            UnknownSymbolError,
            r"transition \('A', '7'\): unknown symbol '7'",
        ),
        (("A", "0"), ("7", "R", "A"), UnknownSymbolError, "writes unknown symbol '7'"),
        (("A", "0"), ("1", "X", "A"), BadMoveError, "bad move 'X': expected L, R or N"),
        (("A", "0"), ("1", 2, "A"), BadMoveError, "bad move 2"),
        (("A", "0"), ("1", True, "A"), BadMoveError, "bad move True"),
        (("A", "0"), ("1", "R", "Q"), UnknownStateError, "goes to unknown state 'Q'"),
        (
            ("Z", "0"),
            ("1", "R", "A"),
            HaltStateTransitionError,
            "halt state 'Z' must have no transitions",
        ),
        ("A0", ("1", "R", "A"), MachineDefinitionError, "must be a pair"),
        (
            ("A", "0"),
            ("1", "R"),
            MachineDefinitionError,
            r"expected \(write, move, next state\)",
        ),
    ],
)
def test_transition_rules(key, value, error, message):
    with pytest.raises(error, match=message) as info:
        make(transitions=transitions_with(key, value))
    if isinstance(key, tuple):
        assert info.value.state == key[0]


def test_blank_comes_first_and_inputs_default_to_non_blank():
    tm = make(symbols=["1", "0"])
    assert tm.symbols == ("0", "1")
    assert tm.input_symbols == ("1",)
    assert tm.symbol_index("0") == 0


def test_sets_get_a_stable_order():
    a = make(states={"A", "B", "Z"}, symbols={"0", "1"})
    b = make(states={"Z", "B", "A"}, symbols={"1", "0"})
    assert a.states == b.states
    assert a == b


def test_any_hashable_names():
    tm = TuringMachine(
        states=[0, 1],
        symbols=[None, True],
        blank=None,
        start=0,
        halt_states=[1],
        transitions={(0, None): (True, Move.RIGHT, 1)},
    )
    assert tm.transitions[0, None].next_state == 1


def test_check_word_names_the_bad_symbol():
    with pytest.raises(MachineDefinitionError, match="input symbol '2' at position 1"):
        make().check_word("12")


@pytest.mark.parametrize(
    ("text", "move"),
    [
        ("L", Move.LEFT),
        ("right", Move.RIGHT),
        ("N", Move.STAY),
        ("S", Move.STAY),
        (-1, Move.LEFT),
        (0, Move.STAY),
        (Move.RIGHT, Move.RIGHT),
    ],
)
def test_move_parse(text, move):
    assert Move.parse(text) is move


def test_repr_is_short():
    assert repr(make(name="bb2")) == (
        "<TuringMachine 'bb2': 3 states, 2 symbols, 4 transitions>"
    )
