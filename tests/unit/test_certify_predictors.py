"""Every certify result carries a predictor that runs (issue 14: the
construction's and the circuit encoding's were None)."""

from __future__ import annotations

import itertools

import pytest

from arcot.circuit import compile_machine
from arcot.cot import encode_tableau, length_shape
from arcot.errors import VerificationError
from arcot.learn import rollout
from arcot.pipeline import GatePredictor, certify
from arcot.verify.gates import CircuitGates, circuit_gates
from arcot.zoo import get


def _name(token):
    """A compiled circuit's token as the tableau vocabulary names it."""
    return f"({token[0]},{token[1]})" if isinstance(token, tuple) else str(token)


def _words(m, n_max):
    return [w for n in range(n_max + 1)
            for w in itertools.product(m.input_symbols, repeat=n)]


@pytest.mark.parametrize("learner", ["construct", "lstsq", "perceptron"])
def test_tableau_predictors_roll_out(learner):
    m = get("increment")
    r = certify(m, learner=learner)
    assert r.verified
    for w in _words(m, 3):
        assert rollout(r.predictor, m, w).agrees, (learner, w)


def test_an_untied_predictor_rolls_out_on_its_shape():
    r = certify("zoo:increment", tied=False, scope="inputs:2")
    for w in _words(r.machine, 2):
        assert rollout(r.predictor, r.machine, w).agrees


@pytest.mark.parametrize("learner", ["construct", "perceptron"])
def test_circuit_inputs_predictors_roll_out(learner):
    m = get("increment")
    r = certify(m, encoding="circuit", scope="inputs:2", learner=learner)
    assert r.verified and r.predictor is not None
    window, steps = length_shape(m, 2, max_steps=10_000)
    compiled = compile_machine(m, 2, steps, window)
    for w in _words(m, 2):
        if len(w) != 2:
            continue
        bits = [int(b) for b in r.predictor.rollout(compiled.row0_bits(w))]
        want = encode_tableau(m, w, window=window, steps=steps)
        rows = compiled.rows(bits)
        names = want.vocabulary.names
        cells = [names[int(t)] for t in want.cot]
        row = window.width + 1
        expected = [tuple(cells[i * row + 1:(i + 1) * row]) for i in range(steps)]
        assert [tuple(map(_name, row)) for row in rows] == expected


def test_the_circuit_windows_gates_roll_out_on_every_input():
    m = get("palindrome")
    r = certify(m, encoding="circuit")
    assert r.verified and isinstance(r.predictor, GatePredictor)
    for w in _words(m, 4):
        out = r.predictor.rollout(w)
        assert out.agrees, w
        assert list(out.cot) == list(encode_tableau(m, w).cot)
    assert "GatePredictor" in repr(r.predictor)


def test_a_wrong_gate_rolls_out_wrong():
    # the rollout can fail: a gate that never fires stops it there
    m = get("bb2")
    g = circuit_gates(m)
    victim = g.cells[0]
    broken = CircuitGates(cells=g.cells, weights=g.weights,
                          thresholds={**g.thresholds, victim: 10**6})
    out = GatePredictor(broken, m).rollout()
    assert not out.agrees
    assert out.first_error is not None
    assert out.cot[out.first_error] == encode_tableau(m).vocabulary.id("#")


def test_gates_for_another_machine_are_refused():
    with pytest.raises(VerificationError, match="not for this machine"):
        GatePredictor(circuit_gates(get("bb2")), get("bb3"))
