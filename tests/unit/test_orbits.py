"""Orbit reductions: the classes a circuit's answer and a function treat
alike, when a check may use them, and what it then evaluates."""

import itertools

import numpy as np
import pytest

from arcot.circuit import (
    Gate,
    SymmetricFunction,
    ThresholdCircuit,
    all_bit_inputs,
    chain_parity_circuit,
    check_function,
    parity_circuit,
)
from arcot.circuit import functions as functions_module
from arcot.circuit.functions import (
    CircuitFunction,
    OrbitFunction,
    TableFunction,
    circuit_classes,
    function_classes,
    plan_check,
)
from arcot.errors import CircuitError, SizeLimitExceeded
from arcot.length import FUNCTIONS, measure_function_length, target_function

PARITY = SymmetricFunction("parity", lambda k, n: k % 2)


def tilted_parity(n, gate=0, extra=2):
    """parity_circuit(n) with input x(n-1) weighted apart in one gate only."""
    gates = list(parity_circuit(n).gates)
    weights = dict(gates[gate].weights)
    weights[f"x{n - 1}"] = extra
    gates[gate] = Gate(name=gates[gate].name, weights=weights,
                       threshold=gates[gate].threshold)
    return ThresholdCircuit(n_inputs=n, gates=gates)


def wrong_inputs(circuit, f):
    rows = all_bit_inputs(circuit.n_inputs)
    answer = circuit.evaluate(rows)[:, -1]
    return [tuple(x) for x, y in zip(rows.tolist(), answer, strict=True)
            if y != int(f(tuple(x)))]


# -- the classes of a circuit's answer --------------------------------------


def test_a_circuit_symmetric_in_all_but_one_gate_is_not_reduced_as_symmetric():
    circuit = tilted_parity(6)
    assert circuit_classes(circuit) == ((0, 1, 2, 3, 4), (5,))
    plan = plan_check(circuit, PARITY)
    assert plan.method == "orbits" and plan.inputs == 6 * 2
    r = check_function(circuit, PARITY)
    wrong = wrong_inputs(circuit, PARITY)
    assert wrong and not r.verified and r.counterexample == wrong[0]
    assert (r.expected, r.got) == (PARITY(wrong[0]), 1 - PARITY(wrong[0]))
    # the same answer as every input gives, from 12 inputs of 64
    full = check_function(circuit, lambda x: sum(x) % 2)
    assert (full.method, full.checked) == ("exhaustive", 64)
    assert (r.verified, r.counterexample, r.expected, r.got) == (
        full.verified, full.counterexample, full.expected, full.got)


def test_equal_weight_columns_in_every_gate_make_a_class():
    # x0, x1 alike in both gates; x2 alike with them in g but not in h
    c = ThresholdCircuit(n_inputs=4, gates=[
        Gate(name="g", weights={"x0": 1, "x1": 1, "x2": 1, "x3": 3}, threshold=2),
        Gate(name="h", weights={"x0": 2, "x1": 2, "x2": 1, "g": -1}, threshold=1),
    ])
    assert circuit_classes(c) == ((0, 1), (2,), (3,))


def test_a_gate_the_answer_does_not_read_splits_nothing():
    dead = Gate(name="dead", weights={"x0": 5}, threshold=1)
    gates = [dead, *parity_circuit(4).gates]
    c = ThresholdCircuit(n_inputs=4, gates=gates)
    assert circuit_classes(c) == ((0, 1, 2, 3),)
    r = check_function(c, PARITY)
    assert r.verified and r.method == "symmetric" and r.checked == 5
    # a weight-0 entry reads nothing either
    zero = ThresholdCircuit(n_inputs=2, gates=[
        Gate(name="g", weights={"x0": 1}, threshold=1),
        Gate(name="h", weights={"x0": 1, "x1": 1, "g": 0}, threshold=1)])
    assert circuit_classes(zero) == ((0, 1),)


def test_xors_that_cancel_leave_the_inputs_they_cancel_together():
    # p = x0 ^ x1 ^ x2, q = p ^ x2 = x0 ^ x1: x2 cancels, so {x0, x1} and {x2, x3}
    c = ThresholdCircuit(n_inputs=4, gates=[
        Gate.parity("p", ["x0", "x1", "x2"]), Gate.parity("q", ["p", "x2"])])
    assert circuit_classes(c) == ((0, 1), (2, 3))
    assert circuit_classes(chain_parity_circuit(9, 4)) == (tuple(range(9)),)


def test_a_parity_gate_over_a_threshold_gate_is_not_linear():
    c = ThresholdCircuit(n_inputs=3, gates=[
        Gate(name="t", weights={"x0": 1, "x1": 1}, threshold=2),
        Gate.parity("p", ["t", "x2"])])
    assert circuit_classes(c) == ((0, 1), (2,))


# -- what a function declares ----------------------------------------------


def test_only_functions_invariant_by_construction_declare_classes():
    assert function_classes(PARITY, 3) == ((0, 1, 2),)
    assert function_classes(lambda x: sum(x) % 2, 3) is None
    assert function_classes(TableFunction.parse("0110"), 2) is None
    assert function_classes(CircuitFunction(tilted_parity(4)), 4) == (
        (0, 1, 2), (3,))
    assert function_classes(FUNCTIONS["palindrome"], 5) == ((0, 4), (1, 3), (2,))
    assert function_classes(FUNCTIONS["greater-than"], 4) is None


def test_a_plain_callable_is_never_reduced():
    # parity as a lambda: invariant in fact, but nothing says so
    r = check_function(parity_circuit(6), lambda x: sum(x) % 2)
    assert (r.method, r.checked) == ("exhaustive", 64)


def test_the_meet_of_both_partitions_is_used():
    # the circuit: one class; sparse parity of x0, x1: {x0, x1} and the rest
    f = target_function("sparse-parity:0,1")
    plan = plan_check(parity_circuit(6), f)
    assert plan.classes == ((0, 1), (2, 3, 4, 5)) and plan.inputs == 3 * 5
    r = check_function(parity_circuit(6), f)
    assert not r.verified and r.counterexample == wrong_inputs(parity_circuit(6), f)[0]


def test_fewer_orbits_than_inputs_or_else_exhaustive():
    # every input its own class: 2^n orbits, no better than every input
    c = ThresholdCircuit(n_inputs=3, gates=[Gate(
        name="g", weights={"x0": 1, "x1": 2, "x2": 4}, threshold=3)])
    assert plan_check(c, PARITY).method == "exhaustive"


def test_a_bad_partition_is_an_error():
    f = OrbitFunction("bad", lambda n: [[0], [0, 1]], lambda k, n: 0)
    with pytest.raises(CircuitError, match="input 0 is in two classes"):
        f((0, 1))
    g = OrbitFunction("short", lambda n: [[0]], lambda k, n: 0)
    with pytest.raises(CircuitError, match="input 1 is in no class"):
        g((0, 1))
    h = OrbitFunction("two", lambda n: [range(n)], lambda k, n: 2)
    with pytest.raises(CircuitError, match="must return 0/1 or a bool, got 2"):
        check_function(parity_circuit(3), h)


# -- streaming, sampling, time ---------------------------------------------


def test_orbits_are_streamed_in_blocks(monkeypatch):
    circuit = tilted_parity(7)
    whole = check_function(circuit, PARITY)
    monkeypatch.setattr(functions_module, "EXHAUSTIVE_BLOCK", 3)
    monkeypatch.setattr(functions_module, "PROBE_BLOCK", 2)
    assert check_function(circuit, PARITY) == whole


def test_a_sample_decides_nothing_unless_it_finds_an_error():
    r = check_function(parity_circuit(30), lambda x: sum(x) % 2, sample=500)
    assert (r.method, r.checked, r.verified, r.refuted) == (
        "sampled:500", 500, False, False)
    wrong = check_function(parity_circuit(30), lambda x: 0, sample=500, seed=3)
    assert wrong.refuted and sum(wrong.counterexample) % 2 == 1
    # where the exact check needs no more than K inputs, it is the exact one
    small = check_function(parity_circuit(30), PARITY, sample=500)
    assert small.verified and small.method == "symmetric"


def test_a_check_past_its_time_limit_is_refused_on_its_estimate(monkeypatch):
    import time

    monkeypatch.setattr(functions_module, "PROBE_BLOCK", 4)

    def slow(x):
        time.sleep(0.005)
        return sum(x) % 2

    began = time.perf_counter()
    with pytest.raises(SizeLimitExceeded, match=r"checking all 2\^12 inputs would "
                       r"take about .* at the measured .* inputs/s \(the first 4\)"):
        check_function(parity_circuit(12), slow, time_limit=1.0)
    assert time.perf_counter() - began < 1.0  # refused, not run


def test_a_measurement_past_its_time_limit_keeps_the_rows_it_finished(monkeypatch):
    import time

    from arcot.length.measure import LengthTimeLimit

    monkeypatch.setattr(functions_module, "PROBE_BLOCK", 4)

    def slow_past_9(x):
        if len(x) > 9:
            time.sleep(0.005)
        return sum(x) % 2

    with pytest.raises(LengthTimeLimit) as info:
        measure_function_length(slow_past_9, "threshold-log", 12, time_limit=2.0)
    assert isinstance(info.value, SizeLimitExceeded)
    assert str(info.value).startswith("row n=10: checking all 2^10 inputs would")
    assert [r.n for r in info.value.finished.rows] == list(range(1, 10))
    assert all(r.verified for r in info.value.finished.rows)


def test_the_orbit_rows_are_the_least_input_of_each_orbit():
    classes = ((0, 2), (1, 3, 4))
    rows = functions_module._orbit_rows(classes, 5, np.arange(3 * 4))
    for row in rows.tolist():
        k = (row[0] + row[2], row[1] + row[3] + row[4])
        orbit = [x for x in itertools.product((0, 1), repeat=5)
                 if (x[0] + x[2], x[1] + x[3] + x[4]) == k]
        assert tuple(row) == min(orbit)
    assert len({tuple(r) for r in rows.tolist()}) == 12


@pytest.mark.parametrize("big", [1 << 22, (1 << 23) - 3, 1 << 23, 1 << 40,
                                 (1 << 52) - 5, 1 << 53, 1 << 60])
def test_evaluation_stays_exact_past_the_float_limits(big):
    # blocks are summed in float32 or float64 where that is exact, in int64
    # past it: the same values as the integer definition either way
    c = ThresholdCircuit(n_inputs=3, gates=[
        Gate(name="g", weights={"x0": big, "x1": -big + 1, "x2": 1}, threshold=2),
        Gate(name="h", weights={"g": big, "x0": 1}, threshold=big + 1)])
    want = []
    for x in all_bit_inputs(3).tolist():
        g = int(big * x[0] + (1 - big) * x[1] + x[2] >= 2)
        want.append([g, int(big * g + x[0] >= big + 1)])
    assert c.evaluate(all_bit_inputs(3)).tolist() == want
