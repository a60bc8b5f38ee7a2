"""The public Hypothesis strategies keep their promises."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arcot.machine import Move, MultiTapeMachine, TuringMachine, run
from arcot.testing import tape_inputs, threshold_circuits, turing_machines


@given(turing_machines(min_states=2, max_states=3, min_symbols=3, max_symbols=4))
def test_bounds(machine):
    working = [s for s in machine.states if s not in machine.halt_states]
    assert 2 <= len(working) <= 3
    assert 3 <= machine.n_symbols <= 4
    assert machine.blank == "0"


@settings(max_examples=200)
@given(
    turing_machines(halting=True, max_states=5).flatmap(
        lambda m: st.tuples(st.just(m), tape_inputs(m, max_size=10))
    )
)
def test_halting_machines_halt_on_every_input(case):
    machine, word = case
    # Each state of a layered machine runs once, over a bounded region; a
    # budget far beyond that makes a non-halting machine fail here.
    assert run(machine, word, max_steps=100_000).halted


@given(turing_machines(allow_stay=False, allow_undefined=False))
def test_options(machine):
    working = [s for s in machine.states if s not in machine.halt_states]
    assert len(machine.transitions) == len(working) * machine.n_symbols
    assert all(t.move is not Move.STAY for t in machine.transitions.values())


@given(st.data())
def test_inputs_use_the_input_alphabet(data):
    machine = data.draw(turing_machines())
    word = data.draw(tape_inputs(machine, min_size=2, max_size=4))
    assert 2 <= len(word) <= 4
    assert set(word) <= set(machine.input_symbols)


@pytest.mark.parametrize(
    "kwargs",
    [{"min_states": 0}, {"min_states": 3, "max_states": 2}, {"max_symbols": 11}],
)
def test_bad_bounds(kwargs):
    with pytest.raises(ValueError, match="need 1 <="):
        turing_machines(**kwargs)


@given(threshold_circuits(min_inputs=2, max_inputs=3, min_gates=2, max_gates=3))
def test_circuit_bounds(circuit):
    assert 2 <= circuit.n_inputs <= 3
    assert 2 <= len(circuit.gates) <= 3
    assert circuit.is_threshold


def test_bad_circuit_bounds():
    with pytest.raises(ValueError, match="min_gates"):
        threshold_circuits(min_gates=0)


@given(st.from_type(TuringMachine), st.from_type(MultiTapeMachine))
def test_from_type_draws_arcot_machines(machine, multitape):
    # Registered by the 'hypothesis' entry point (arcot/_hypothesis.py).
    assert isinstance(machine, TuringMachine)
    assert isinstance(multitape, MultiTapeMachine)


@settings(max_examples=25, deadline=None)
@given(turing_machines())
def test_default_machines_can_be_certified(machine):
    # Issue 14: the defaults draw machines arcot certifies as they are: stay
    # moves, undefined transitions and all (windows scope, no run needed).
    from arcot.pipeline import certify

    result = certify(machine, learner="construct", features="pairwise",
                     scope="windows")
    assert result.verified is True
    assert result.certificate is not None
