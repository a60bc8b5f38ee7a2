"""Every reduction decides exactly what the exhaustive check does.

Random circuits (threshold and parity gates, some inputs weighted alike,
some apart, dead gates, XORs that cancel) against random functions that are
invariant by construction (SymmetricFunction, OrbitFunction over a random
partition, CircuitFunction of another random circuit): check_function with
the reduction gives the verdict, the counterexample and the two answers of
the exhaustive check on the same function as a plain callable. And the
classes circuit_classes finds are real: swapping two inputs of one class
never changes the circuit's answer, on any input.
"""

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from arcot.circuit import Gate, SymmetricFunction, ThresholdCircuit, check_function
from arcot.circuit.functions import (
    CircuitFunction,
    OrbitFunction,
    circuit_classes,
    plan_check,
)
from arcot.circuit.model import all_bit_inputs


@st.composite
def circuits(draw, n=None):
    """Circuits whose inputs fall in a few groups weighted alike, now and
    then one input apart, so that every reduction (and none) shows up."""
    n = draw(st.integers(1, 6)) if n is None else n
    groups = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    gates = []
    for j in range(draw(st.integers(1, 4))):
        if draw(st.integers(0, 3)) == 0:  # a parity gate
            sources = [f"x{i}" for i in range(n) if draw(st.booleans())]
            sources += [g.name for g in gates if draw(st.booleans())]
            gates.append(Gate.parity(f"g{j}", sources or ["x0"]))
            continue
        by_group = [draw(st.integers(-3, 3)) for _ in range(3)]
        weights = {}
        for i in range(n):
            w = by_group[groups[i]] if draw(st.integers(0, 6)) else draw(
                st.integers(-3, 3))
            if w:
                weights[f"x{i}"] = w
        for g in gates:
            w = draw(st.integers(-4, 4))
            if w:
                weights[g.name] = w
        gates.append(Gate(name=f"g{j}", weights=weights or {"x0": 1},
                          threshold=draw(st.integers(-4, 6))))
    return ThresholdCircuit(n_inputs=n, gates=gates)


@st.composite
def orbit_functions(draw, n):
    labels = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    classes = [[i for i in range(n) if labels[i] == c] for c in range(3)]
    table = {}

    def of_counts(k, size):
        if k not in table:  # a random value per vector of counts, drawn once
            table[k] = draw(st.integers(0, 1))
        return table[k]

    # draw every vector's value up front: of_counts must be a function
    for k in itertools.product(*(range(len(c) + 1) for c in classes)):
        of_counts(k, n)
    return OrbitFunction("random", lambda size: classes, lambda k, size: table[k])


@st.composite
def near_misses(draw, circuit):
    """The circuit's own answer as a function of its classes' counts, with
    one orbit's value flipped now and then: right everywhere, or wrong on
    exactly one orbit (whose least input is the counterexample)."""
    n = circuit.n_inputs
    classes = circuit_classes(circuit)
    vectors = list(itertools.product(*(range(len(c) + 1) for c in classes)))
    table = {}
    for k in vectors:
        x = [0] * n
        for c, ones in zip(classes, k, strict=True):
            for i in c[len(c) - ones:]:
                x[i] = 1
        table[k] = circuit.cot(x)[-1]
    if draw(st.booleans()):
        flip = draw(st.sampled_from(vectors))
        table[flip] ^= 1
    return OrbitFunction("near", lambda size: classes, lambda k, size: table[k])


@st.composite
def invariant_functions(draw, circuit):
    n = circuit.n_inputs
    kind = draw(st.sampled_from(["symmetric", "orbit", "circuit", "near"]))
    if kind == "near":
        return draw(near_misses(circuit))
    if kind == "symmetric":
        values = draw(st.lists(st.integers(0, 1), min_size=n + 1, max_size=n + 1))
        return SymmetricFunction("random", lambda k, size: values[k])
    if kind == "orbit":
        return draw(orbit_functions(n))
    return CircuitFunction(draw(circuits(n)))


def verdict(check):
    return (check.verified, check.counterexample, check.expected, check.got)


@settings(max_examples=250, deadline=None)
@given(st.data())
def test_every_reduction_agrees_with_every_input(data):
    circuit = data.draw(circuits())
    f = data.draw(invariant_functions(circuit))
    reduced = check_function(circuit, f)
    full = check_function(circuit, lambda x: f(x))
    assert full.method == "exhaustive" and full.checked == 2**circuit.n_inputs
    assert reduced.method in ("symmetric", "orbits", "exhaustive")
    assert reduced.checked == plan_check(circuit, f).inputs <= full.checked
    assert verdict(reduced) == verdict(full)


@settings(max_examples=100, deadline=None)
@given(circuits(), st.data())
def test_the_classes_are_real_symmetries_of_the_answer(circuit, data):
    n = circuit.n_inputs
    rows = all_bit_inputs(n)
    answer = circuit.evaluate(rows)[:, -1]
    for c in circuit_classes(circuit):
        if len(c) < 2:
            continue
        i, j = data.draw(st.sampled_from(list(itertools.combinations(c, 2))))
        swapped = rows.copy()
        swapped[:, [i, j]] = rows[:, [j, i]]
        assert np.array_equal(circuit.evaluate(swapped)[:, -1], answer), (i, j)


@settings(max_examples=60, deadline=None)
@given(circuits(), st.integers(1, 40), st.integers(0, 3))
def test_a_sample_finds_only_real_errors(circuit, k, seed):
    f = SymmetricFunction("f", lambda w, size: w % 2)
    sampled = check_function(circuit, lambda x: f(x), sample=k, seed=seed)
    full = check_function(circuit, lambda x: f(x))
    if sampled.method.startswith("sampled:"):
        assert not sampled.verified and sampled.checked == k
        if sampled.refuted:  # an error found is one the exhaustive check has
            x = sampled.counterexample
            assert circuit.cot(x)[-1] != f(x) and not full.verified
    else:  # the exact check fits in the sample: the exhaustive answer
        assert verdict(sampled) == verdict(full)
