"""The exhaustive check with its circuits in numba (arcot.circuit._kernels)
gives the numpy blocks' verdict and counterexample, and both agree with a
plain-Python evaluation in exact ints, on random threshold and parity
circuits against truth tables, circuit functions and plain callables."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arcot.circuit import Gate, ThresholdCircuit, check_function
from arcot.circuit import functions as F
from arcot.circuit.functions import CircuitFunction, TableFunction


@st.composite
def circuits(draw, n):
    gates = []
    for j in range(draw(st.integers(1, 5))):
        sources = [f"x{i}" for i in range(n)] + [g.name for g in gates]
        read = draw(st.lists(st.sampled_from(sources), unique=True, max_size=6)
                    ) if sources else []
        if read and draw(st.integers(0, 3)) == 0:
            gates.append(Gate.parity(f"g{j}", read))
            continue
        big = draw(st.sampled_from([5, 5, 2**40]))  # big: sums past float32
        weights = {s: draw(st.integers(-big, big)) for s in read}
        gates.append(Gate(name=f"g{j}", weights=weights,
                          threshold=draw(st.integers(-big, big))))
    return ThresholdCircuit(n_inputs=n, gates=gates)


def reference(circuit, f):
    """The first input (in order) where the circuit's last gate is not f,
    evaluated gate by gate in Python ints."""
    n = circuit.n_inputs
    for x in itertools.product((0, 1), repeat=n):
        v = {f"x{i}": b for i, b in enumerate(x)}
        for g in circuit.gates:
            s = sum(w * v[src] for src, w in g.terms)
            v[g.name] = (sum(v[src] for src, _ in g.terms) % 2 if g.kind == "parity"
                         else int(s >= g.threshold))
        got, want = v[circuit.gates[-1].name], int(f(x))
        if got != want:
            return x, want, got
    return None


def both(circuit, f):
    with pytest.MonkeyPatch.context() as m:
        m.setattr(F, "_kernel_pays", lambda circuit, n: True)
        kernel = check_function(circuit, f)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(F, "_kernel_pays", lambda circuit, n: False)
        blocks = check_function(circuit, f)
    return kernel, blocks


@settings(max_examples=60, deadline=None)
@given(data=st.data(), n=st.integers(0, 7), kind=st.sampled_from(
    ["table", "circuit", "callable"]))
def test_kernel_and_blocks_agree(data, n, kind):
    circuit = data.draw(circuits(n))
    if kind == "circuit":
        f = CircuitFunction(data.draw(circuits(n)))
    else:
        bits = np.array(data.draw(st.lists(st.integers(0, 1), min_size=2**n,
                                           max_size=2**n)), dtype=np.int64)
        table = TableFunction("t", bits)
        f = table if kind == "table" else (lambda x: table(x))
    if F.plan_check(circuit, f).method != "exhaustive":
        return  # reduced to orbits: not this path
    kernel, blocks = both(circuit, f)
    assert kernel == blocks
    found = reference(circuit, f)
    assert kernel.verified == (found is None)
    if found is not None:
        assert (kernel.counterexample, kernel.expected, kernel.got) == found
    assert kernel.checked == 2**n


def test_kernel_streams_past_one_block(monkeypatch):
    # the counterexample in a late block, found the same both ways
    n = 12
    gates = [Gate(name="g", weights={f"x{i}": 1 << (n - 1 - i) for i in range(n)},
                  threshold=3000)]
    circuit = ThresholdCircuit(n_inputs=n, gates=gates)  # 1 iff input >= 3000
    f = lambda x: int(sum(b << (n - 1 - i) for i, b in enumerate(x)) >= 3001)  # noqa: E731
    monkeypatch.setattr(F, "PROBE_BLOCK", 7)
    monkeypatch.setattr(F, "EXHAUSTIVE_BLOCK", 100)
    kernel, blocks = both(circuit, f)
    assert kernel == blocks
    assert kernel.counterexample == tuple((3000 >> (n - 1 - i)) & 1 for i in range(n))
    assert (kernel.expected, kernel.got, kernel.checked) == (0, 1, 2**n)


def test_kernel_refuses_a_wrong_arity_table(monkeypatch):
    from arcot.errors import CircuitError

    circuit = ThresholdCircuit(n_inputs=3, gates=[Gate(name="g", weights={"x0": 1},
                                                       threshold=1)])
    monkeypatch.setattr(F, "_kernel_pays", lambda circuit, n: True)
    with pytest.raises(CircuitError, match="truth table"):
        check_function(circuit, TableFunction("t", np.array([0, 1, 1, 0])))


def test_a_circuit_function_of_no_inputs():
    # circuit_classes read the largest label of an empty array at n = 0
    c = ThresholdCircuit(n_inputs=0, gates=[Gate(name="g0", weights={}, threshold=0),
                                            Gate.parity("g1", ["g0"])])
    kernel, blocks = both(c, CircuitFunction(c))
    assert kernel == blocks
    assert (kernel.verified, kernel.checked) == (True, 1)
