"""Rogozhin's UTM(4,6) against direct simulation, on random tag systems of
the form it runs: up to three letters and the halting letter, each
P(a_i) = a_n a_n B_i, stopping within 25 tag steps."""

from hypothesis import assume, given
from hypothesis import strategies as st

from arcot.machine import run
from arcot.universal.tag import (
    ROGOZHIN_4_6,
    TagSystem,
    read_rogozhin,
    read_rogozhin_word,
    rogozhin_input,
    rogozhin_word,
    run_tag,
)

TAG_STEPS = 25
#: Far above the machine steps such runs take (at most about 700,000 in
#: 400 random ones); a run past it fails the test.
MACHINE_STEPS = 20_000_000


@st.composite
def systems(draw):
    n = draw(st.integers(1, 3))
    letters = tuple(f"a{i}" for i in range(1, n + 1))
    halt = f"a{n + 1}"
    alphabet = (*letters, halt)
    an = letters[-1]
    tails = [
        draw(st.lists(st.sampled_from(alphabet), min_size=1, max_size=3))
        for _ in letters[:-1]
    ]
    productions = (*((an, an, *b) for b in tails), (an, an))
    word = draw(st.lists(st.sampled_from(alphabet), min_size=2, max_size=4))
    return TagSystem(letters, productions, halt), tuple(word)


@given(systems())
def test_machine_agrees_with_direct_simulation(case):
    system, word = case
    direct = run_tag(system, word, TAG_STEPS)
    assume(direct.halted)
    text = rogozhin_input(system, word)
    assert set(text) <= set(ROGOZHIN_4_6.input_symbols)
    r = run(ROGOZHIN_4_6, text, max_steps=MACHINE_STEPS)
    assert r.halted and r.reason == "undefined" and r.state in ("q3", "q4")
    assert r.tape[r.head - r.span[0]] == "<"
    assert read_rogozhin(r, system) == direct.word


@given(systems(), st.data())
def test_words_round_trip(case, data):
    system, _ = case
    word = data.draw(st.lists(st.sampled_from(system.alphabet), max_size=6))
    assert read_rogozhin_word(system, rogozhin_word(system, word)) == tuple(word)
