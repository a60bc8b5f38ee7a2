"""The SAT encoding's symmetry breaking loses no CoT (arcot.length.sat,
steps 0-4 of its docstring): on random functions with the symmetries it
breaks (interchangeable inputs, flippable ones, irrelevant ones), the
minimum with the breaking clauses is the minimum without them."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arcot.circuit import all_bit_inputs
from arcot.length.sat import input_symmetries, minimum_length_sat, search_lengths

pytest.importorskip("pysat.solvers")


@st.composite
def symmetric_tables(draw):
    """``f(x) = h(|x_B|, x_rest) xor (parity of x_B if flip)`` for a block
    ``B`` of inputs (a random set), ``h`` random, on 3 or 4 bits; a random
    input may be left out of ``h`` too."""
    n = draw(st.integers(3, 4))
    block = draw(st.sets(st.integers(0, n - 1), min_size=2, max_size=n))
    rest = [i for i in range(n) if i not in block]
    ignored = draw(st.sampled_from([None, *rest]))
    flip = draw(st.booleans())
    h = draw(st.lists(st.integers(0, 1), min_size=(n + 1) << len(rest),
                      max_size=(n + 1) << len(rest)))
    table = []
    for x in all_bit_inputs(n).tolist():
        count = sum(x[i] for i in block)
        key = count
        for i in rest:
            key = 2 * key + (0 if i == ignored else x[i])
        table.append(h[key] ^ (count % 2 if flip else 0))
    return n, table


@given(symmetric_tables())
@settings(max_examples=40, deadline=None)
def test_the_breaks_keep_the_minimum(case):
    n, table = case
    best = minimum_length_sat(table, n, proof=False)
    sym = input_symmetries(table, n)
    assert best.verified
    if best.tokens > 1:  # without the breaks, one token less is refuted too
        [verdict] = search_lengths(table, n, lengths=[best.tokens - 1],
                                   proof=False, symmetry=False)
        assert verdict.status == "unsat", (table, sym, best.tokens)


def documented_breaks(table, n, length, w_in, g0):
    """The breaking clauses as the docstring lists them, on given weights:
    ``w_in[t][i]`` token ``t``'s weight on ``x_i``, ``g0[t]`` its value on
    the input ``0^n``."""
    sym = input_symmetries(table, n)
    relevant = [i for i in range(n) if i not in sym.irrelevant]
    all_or_none = len(sym.flippable) in (0, len(relevant))
    for t in range(length):
        if any(w_in[t][i] for i in sym.irrelevant):
            return False
        if t < length - 1 and (t >= 1 or all_or_none) and g0[t]:
            return False
        if t == 0 < length - 1 and any(w_in[0][i] < 0 for i in sym.flippable):
            return False
    for cls in sym.classes:
        for i, j in itertools.pairwise(cls):
            if [w[i] for w in w_in] < [w[j] for w in w_in]:  # lexicographic
                return False
    return True


@given(symmetric_tables(), st.integers(1, 3), st.randoms(use_true_random=False))
@settings(max_examples=60, deadline=None)
def test_the_breaking_clauses_are_the_documented_ones(case, length, rng):
    """With every weight fixed (small, so ties are common) and the output
    clauses left out, the CNF is satisfiable exactly when the weights meet
    the documented breaks: the other clauses only define the adders."""
    from pysat.solvers import Solver

    from arcot.length.sat import chain_cnf

    n, table = case
    enc = chain_cnf(table, n, length)
    sym = input_symmetries(table, n)
    units = {(s,) for s in enc.outputs} | {(-s,) for s in enc.outputs}
    clauses = [c for c in enc.clauses if c not in units]
    assumptions, w_in, g0 = [], [], []
    for t, words in enumerate(enc.weights):
        values = [0 if i in sym.irrelevant and rng.random() < 0.8
                  else rng.randint(-2, 2) for i in range(n)]
        values += [rng.randint(-2, 2) for _ in range(t + 1)]
        w_in.append(values[:n])
        act = values[-1] + sum(u * g for u, g in zip(values[n:-1], g0, strict=True))
        g0.append(int(act >= 0))
        for bits, v in zip(words, values, strict=True):
            assumptions += [b if (v >> k) & 1 else -b for k, b in enumerate(bits)]
    with Solver(name="cadical153", bootstrap_with=clauses) as s:
        sat = s.solve(assumptions=assumptions)
    assert sat == documented_breaks(table, n, length, w_in, g0), (table, w_in)
