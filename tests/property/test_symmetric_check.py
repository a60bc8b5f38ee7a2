"""The symmetric reduction decides exactly what the exhaustive check does.

Random circuits whose gates weight all inputs alike (and some that do not),
random symmetric functions: check_function on a SymmetricFunction (one input
per Hamming weight when the circuit allows it) gives the verdict and the
counterexample of the exhaustive check on the same function as a plain
callable (a circuit whose gates weight all inputs alike always reduces to
one class).
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from arcot.circuit import Gate, SymmetricFunction, ThresholdCircuit, check_function
from arcot.circuit.functions import is_symmetric


@st.composite
def circuits(draw):
    n = draw(st.integers(1, 6))
    gates = []
    for j in range(draw(st.integers(1, 4))):
        weights = {}
        kind = draw(st.sampled_from(["threshold", "threshold", "parity"]))
        if kind == "parity":
            if draw(st.booleans()):  # all inputs, or a subset (not symmetric)
                weights = dict.fromkeys((f"x{i}" for i in range(n)), 1)
            else:
                weights = {f"x{draw(st.integers(0, n - 1))}": 1}
            for g in gates:
                if draw(st.booleans()):
                    weights[g.name] = 1
            if not weights:
                weights = {"x0": 1}
            gates.append(Gate(name=f"g{j}", kind="parity", weights=weights))
            continue
        w = draw(st.integers(-3, 3))
        for i in range(n):  # one weight for all, or now and then one apart
            weights[f"x{i}"] = w if draw(st.integers(0, 5)) else draw(
                st.integers(-3, 3))
        for g in gates:
            weights[g.name] = draw(st.integers(-4, 4))
        weights = {s: v for s, v in weights.items() if v} or {"x0": 1}
        gates.append(Gate(name=f"g{j}", weights=weights,
                          threshold=draw(st.integers(-4, 6))))
    return ThresholdCircuit(n_inputs=n, gates=gates)


@settings(max_examples=300, deadline=None)
@given(circuits(), st.lists(st.integers(0, 1), min_size=7, max_size=7))
def test_the_reduction_agrees_with_every_input(circuit, by_weight):
    f = SymmetricFunction("f", lambda k, n: by_weight[k])
    reduced = check_function(circuit, f)
    full = check_function(circuit, lambda x: by_weight[sum(x)])
    assert full.method == "exhaustive"
    # gates that weight all inputs alike make one class; others may still
    # reduce to orbits (tests/property/test_orbits.py holds those apart)
    if is_symmetric(circuit):
        assert reduced.method == "symmetric"
    assert reduced.method in ("symmetric", "orbits", "exhaustive")
    assert (reduced.verified, reduced.counterexample, reduced.expected,
            reduced.got) == (full.verified, full.counterexample, full.expected,
                             full.got)
