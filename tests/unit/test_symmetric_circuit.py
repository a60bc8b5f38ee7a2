"""symmetric_circuit on hand-worked cases and bad values."""

import itertools

import pytest

from arcot.circuit import symmetric_circuit, symmetric_length
from arcot.errors import CircuitError


@pytest.mark.parametrize(("values", "tokens"), [
    ([0, 0, 0, 1], 1),          # and of 3: one threshold gate
    ([1, 1, 1, 1], 1),          # constant 1
    ([0, 0, 0, 0], 1),          # constant 0, the complement's chain negated
    ([0, 0, 1, 0, 0], 2),       # exactly 2 of 4
    ([1, 0, 0, 1, 0, 0, 1], 3),  # s % 3 == 0 on 6 bits
])
def test_lengths(values, tokens):
    assert symmetric_length(values) == tokens


def test_exact_two_is_a_cut_and_the_answer():
    c = symmetric_circuit([0, 0, 1, 0, 0])
    first, answer = c.gates
    assert first.threshold == 3 and dict(first.weights) == {f"x{i}": 1
                                                             for i in range(4)}
    assert answer.threshold == 2 and dict(answer.weights)["g0"] == -3


@pytest.mark.parametrize("bad", [[], [1], [0, 2], [True, False], "0110"])
def test_bad_values(bad):
    with pytest.raises(CircuitError, match="values"):
        symmetric_circuit(bad)


@pytest.mark.parametrize("n", range(1, 11))
def test_inner_product_circuit_is_right_on_every_input(n):
    from arcot.circuit import inner_product_circuit
    from arcot.length.targets import target_function

    c = inner_product_circuit(n)
    assert c.is_threshold
    f = target_function("inner-product")
    xs = list(itertools.product((0, 1), repeat=n))
    assert c.evaluate(xs)[:, -1].tolist() == [f(x) for x in xs]
    h = n // 2
    assert c.cot_length == (1 if h <= 1 else h + (h).bit_length())


def test_the_inner_product_search_starts_from_it():
    from arcot.length.frontier import minimum_table

    t = minimum_table(["inner-product"], 8, row_time_limit=1e-9)
    assert t.bounds("inner-product", 8) == (1, 7)
