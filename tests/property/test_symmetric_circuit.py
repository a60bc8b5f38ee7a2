"""symmetric_circuit: right on every input of every symmetric function it is
given, within the length its construction promises."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from arcot.circuit import all_bit_inputs, symmetric_circuit


def _runs(values):
    return sum(1 for s, v in enumerate(values) if v and (s == 0 or not values[s - 1]))


@settings(max_examples=200)
@given(st.lists(st.integers(0, 1), min_size=2, max_size=12))
def test_the_chain_computes_the_function_on_every_input(values):
    n = len(values) - 1
    c = symmetric_circuit(values)
    assert c.is_threshold and c.n_inputs == n
    ones = all_bit_inputs(n).sum(axis=1)
    assert (c.evaluate_all()[:, -1] == np.array(values)[ones]).all()
    # a gate a run of ones (the last one free when it reaches n), plus the
    # answer; or the same for the zeros, whichever is shorter
    bound = min(_runs(values) + (values[-1] == 0),
                _runs([1 - v for v in values]) + (values[-1] == 1))
    assert c.cot_length <= max(bound, 1)
    assert c.cot_length <= n // 2 + 1
