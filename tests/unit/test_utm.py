"""zoo:utm: its encoding, its decoding, and its runs against the simulator."""

import pytest

from arcot.errors import UniversalEncodingError
from arcot.machine import run
from arcot.machine.formats import machine_from_table, parse_tm
from arcot.universal.utm import (
    BETWEEN_STEPS,
    UTM,
    UniversalConfiguration,
    decode,
    encode,
)
from arcot.zoo import ZOO, get


def test_size_and_halting_states():
    assert (len(UTM.states), len(UTM.symbols)) == (37, 10)
    assert not UTM.halt_states  # U stops by undefined transitions only
    assert UTM.start == BETWEEN_STEPS


def test_encoding_of_a_small_machine():
    # state A: 0 -> 1 R B, 1 undefined; B: 0 -> 1 L A, 1 -> 1 R Z; Z halts
    word = encode(parse_tm("1RB---_1LA1RZ"), "1")
    assert "".join(word) == "<TE1|11|1ESE1|1|E1|11|11S<G1"


def test_decode_of_the_start_is_the_machine_before_its_first_step():
    tm = get("increment")
    config = UniversalConfiguration(BETWEEN_STEPS, 0, encode(tm, "101"))
    got = decode(tm, config)
    want = run(tm, "101", max_steps=0)
    assert got == want and not got.halted and got.reason == "budget"


@pytest.mark.parametrize("name", ["bb2", "bb3", "bb4", "increment", "parity",
                                  "palindrome", "unary-add", "0n1n"])
def test_zoo_machines_through_u(name):
    tm = get(name)
    word = ZOO[name].example_input
    want = run(tm, word, max_steps=100_000)
    got = decode(tm, run(UTM, encode(tm, word), max_steps=10**8))
    assert got == want


def test_stay_moves_undefined_and_two_halt_states():
    tm = machine_from_table("""
        a 0 -> 1 N b
        b 1 -> 1 L a2
        a2 0 -> 2 R c
        c 0 -> 0 N yes
        c 2 -> 2 R no
    """, halt_states=["yes", "no"])
    for word in ["", "1", "2", "21"]:
        want = run(tm, word, max_steps=1000)
        assert decode(tm, run(UTM, encode(tm, word), max_steps=10**7)) == want


def test_a_machine_that_starts_halted():
    tm = machine_from_table("a 0 -> 0 R h", start="h", halt_states=["h"])
    want = run(tm, "", max_steps=10)
    assert want.halted and want.steps == 0
    assert decode(tm, run(UTM, encode(tm), max_steps=1000)) == want


def test_a_word_outside_the_machine_is_refused():
    with pytest.raises(UniversalEncodingError, match="not a word of the machine"):
        encode(get("bb2"), "7")
    with pytest.raises(UniversalEncodingError, match="TuringMachine"):
        encode("1RB1LB_1LA1RZ")  # type: ignore[arg-type]


def test_a_configuration_mid_step_is_refused():
    tm = get("bb2")
    mid = run(UTM, encode(tm), max_steps=5)
    with pytest.raises(UniversalEncodingError, match="neither stopped nor between"):
        decode(tm, mid)
    with pytest.raises(UniversalEncodingError, match="'<' marks"):
        decode(tm, UniversalConfiguration("at_state", 0, ("0", "1")))
