"""Checking a circuit against a symmetric function on one input per Hamming
weight: when it applies, and what each row says it checked."""

import pytest

from arcot.circuit import (
    Gate,
    SymmetricFunction,
    ThresholdCircuit,
    all_bit_inputs,
    chain_parity_circuit,
    check_function,
    is_symmetric,
    parity_circuit,
)
from arcot.errors import CircuitError
from arcot.length import FUNCTIONS, measure_function_length

PARITY = SymmetricFunction("parity", lambda k, n: k % 2)


def test_parity_at_64_bits_is_decided_on_65_inputs():
    r = check_function(parity_circuit(64), PARITY)
    assert (r.verified, r.method, r.checked) == (True, "symmetric", 65)


def test_a_wrong_answer_names_the_first_input_the_exhaustive_check_would():
    r = check_function(parity_circuit(40), SymmetricFunction("f", lambda k, n: k > 2))
    assert not r.verified and r.method == "symmetric"
    assert r.counterexample == (0,) * 39 + (1,)  # one 1: parity 1, f 0
    assert (r.expected, r.got) == (0, 1)


def test_a_circuit_symmetric_in_all_but_one_gate_is_not_checked_by_weight():
    good = parity_circuit(4)
    gates = list(good.gates)
    first = gates[0]
    tilted = dict(first.weights)
    tilted["x3"] = 2  # one input weighted apart, in one gate only
    gates[0] = Gate(name=first.name, weights=tilted, threshold=first.threshold)
    circuit = ThresholdCircuit(n_inputs=4, gates=gates)
    assert is_symmetric(good) and not is_symmetric(circuit)
    r = check_function(circuit, PARITY)
    # x3 is a class of its own: one input per (ones in x0..x2, x3), 4 * 2
    assert r.method == "orbits" and r.checked == 8
    inputs = all_bit_inputs(4)
    last = circuit.evaluate(inputs)[:, -1]
    wrong = [tuple(x) for x, y in zip(inputs.tolist(), last, strict=True)
             if y != sum(x) % 2]
    assert wrong and not r.verified and r.counterexample == wrong[0]


def test_a_gate_reading_some_inputs_only_is_not_symmetric():
    assert not is_symmetric(chain_parity_circuit(5, 3))
    # but its answer is the XOR of every input: one class all the same
    r = check_function(chain_parity_circuit(5, 3), PARITY)
    assert r.verified and r.method == "symmetric" and r.checked == 6
    r = check_function(chain_parity_circuit(5, 3), lambda x: sum(x) % 2)
    assert r.verified and r.method == "exhaustive" and r.checked == 32


def test_a_plain_callable_is_always_checked_on_every_input():
    r = check_function(parity_circuit(5), lambda x: sum(x) % 2)
    assert r.verified and r.method == "exhaustive" and r.checked == 32


def test_a_symmetric_function_returning_a_non_bit_is_an_error():
    with pytest.raises(CircuitError, match="got 2 on 0 ones of 3"):
        check_function(parity_circuit(3), SymmetricFunction("two", lambda k, n: 2))


def test_the_named_functions_are_functions_of_the_number_of_ones():
    for name in ("parity", "majority", "and", "or"):
        assert isinstance(FUNCTIONS[name], SymmetricFunction)
        assert FUNCTIONS[name].name == name
    assert [FUNCTIONS["majority"]((1, 1, 0)), FUNCTIONS["and"]((1, 0)),
            FUNCTIONS["or"]((0, 1)), FUNCTIONS["parity"]((1, 1, 1))] == [1, 0, 1, 1]


def test_rows_say_how_they_were_checked():
    p = measure_function_length("parity", "threshold-log", 64)
    assert all(r.verified and r.check == "symmetric" for r in p.rows)
    assert p.rows[-1].to_dict()["check"] == "symmetric"
    assert "one input per number of ones" in p.notes()["check"]
    chain = measure_function_length("parity", "chain:3", 5)
    # the chain's answer is the XOR of every input: symmetric at every n
    assert [r.check for r in chain.rows] == ["symmetric"] * 5
    majority = measure_function_length("majority", lambda n: chain_parity_circuit(
        n, 3), 5)  # wrong past n = 1, and found so per number of ones
    assert [r.verified for r in majority.rows] == [True] + [False] * 4
    assert [r.check for r in majority.rows] == ["symmetric"] * 5


def test_the_exhaustive_check_streams_its_inputs_in_blocks(monkeypatch):
    import arcot.circuit.functions as functions

    circuit = parity_circuit(5)
    wrong = lambda x: sum(x) % 2 if x != (1, 0, 1, 1, 0) else 0  # noqa: E731
    whole = check_function(circuit, wrong)
    monkeypatch.setattr(functions, "EXHAUSTIVE_BLOCK", 3)  # 11 blocks of 32 inputs
    blocks = check_function(circuit, wrong)
    assert blocks == whole
    assert (blocks.verified, blocks.checked, blocks.counterexample) == (
        False, 32, (1, 0, 1, 1, 0))


def test_an_exhaustive_check_past_2_to_the_62_is_refused():
    wide = ThresholdCircuit(n_inputs=63, gates=[Gate(name="g", weights={"x0": 1},
                                                     threshold=1)])
    with pytest.raises(CircuitError, match="n must be <= 62"):
        check_function(wide, lambda x: x[0])
