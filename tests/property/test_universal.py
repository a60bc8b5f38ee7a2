"""The universality construction end to end: for random machines M and
inputs w, the one verified linear predictor of zoo:utm, given only the
prompt encode(M, w), writes a CoT whose decoded result is M's run on w."""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from arcot.machine import run
from arcot.testing import tape_inputs, turing_machines
from arcot.universal.run import run_universal, universal_predictor
from arcot.universal.utm import UTM, UniversalConfiguration, decode, encode

MACHINES = turing_machines(min_states=1, max_states=3, min_symbols=1, max_symbols=4,
                           allow_stay=True, allow_undefined=True, max_halt_states=3)
CASES = MACHINES.flatmap(lambda m: st.tuples(
    st.just(m), tape_inputs(m, max_size=4), st.integers(0, 40)))


@settings(max_examples=60)
@given(CASES)
def test_the_certified_predictor_runs_every_machine(case):
    machine, word, budget = case
    want = run(machine, word, max_steps=budget)
    got = run_universal(machine, word, predictor=universal_predictor(),
                        max_steps=budget)
    assert got.result == want
    assert got.predictor.verification.verified
    assert got.cot_tokens == got.utm_steps * (got.width + 1)


@given(CASES)
def test_u_itself_simulates_every_halting_run(case):
    machine, word, budget = case
    want = run(machine, word, max_steps=budget)
    if want.halted:
        assert decode(machine, run(UTM, encode(machine, word), max_steps=10**7)) == want


@given(MACHINES.flatmap(lambda m: st.tuples(st.just(m), tape_inputs(m, max_size=6))))
def test_encode_then_decode_is_the_run_before_its_first_step(case):
    machine, word = case
    config = UniversalConfiguration("seek_state", 0, encode(machine, word))
    before = run(machine, word, max_steps=0)  # halted if it cannot make a step
    assert decode(machine, config) == replace(before, halted=False, reason="budget")
