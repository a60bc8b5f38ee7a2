"""Properties of arcot.length: measured rows agree with the simulator and the
encoder; the fitter recovers the laws it claims and declines noise; exact
minima are verified and agree with brute-force threshold enumeration."""

import itertools

import numpy as np
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from arcot.circuit import all_bit_inputs, function_circuit
from arcot.cot import TableauWindow, cot_length, encode
from arcot.length import N, fit_length, measure_length, minimum_length
from arcot.machine import run
from arcot.testing import turing_machines

ENCODINGS = ("tableau", "circuit", "steplog")


@settings(max_examples=25)
@given(
    machine=turing_machines(max_states=3, halting=True),
    encoding=st.sampled_from(ENCODINGS),
)
def test_rows_are_the_worst_case_of_direct_runs(machine, encoding):
    profile = measure_length(machine, encoding, 3, max_steps=10_000)
    alphabet = list(machine.input_symbols)
    for row in profile.rows:
        words = list(itertools.product(alphabet, repeat=row.n))
        runs = [run(machine, w, max_steps=10_000) for w in words]
        assert all(r.halted for r in runs)
        lo = min(0, *(r.span[0] for r in runs))
        hi = max(row.n - 1, *(r.span[1] for r in runs))
        assert row.steps == max(r.steps for r in runs)
        assert row.width == hi - lo + 1
        assert row.cot_tokens == cot_length(
            machine, encoding, steps=row.steps, width=row.width
        )
        window = TableauWindow(left=lo, width=row.width)
        for w in words:
            trace = encode(machine, w, encoding=encoding, window=window,
                           steps=row.steps)
            assert len(trace.cot) == row.cot_tokens


def _exact(law, n):
    return law(n)


# -- the fitter recovers known laws ----------------------------------------

coefs = st.integers(-20, 20)


@given(
    c=st.lists(coefs, min_size=4, max_size=4).filter(any),
    extra=st.integers(0, 4),
)
def test_recovers_cubics(c, extra):
    poly = c[0] + c[1] * N + c[2] * N**2 + c[3] * N**3
    terms = sum(1 for v in c if v)
    ns = list(range(1, terms + 3 + extra))
    law = fit_length([int(poly.subs(N, n)) for n in ns])
    assert law is not None
    assert sympy.expand(law.expression - poly) == 0
    assert len(law.held_out_ns) >= 2


@given(a=st.integers(1, 9), b=coefs, c=coefs, k=st.integers(5, 8))
def test_recovers_n_log_n_on_powers_of_two(a, b, c, k):
    ns = [2**i for i in range(k)]
    law = fit_length([a * n * i + b * n + c for i, n in enumerate(ns)], ns)
    assert law is not None
    target = a * N * sympy.log(N, 2) + b * N + c
    assert sympy.simplify(law.expression - target) == 0
    assert law.growth == "Theta(n*log(n))"


@given(a=st.integers(1, 9), b=coefs, m=st.integers(5, 20))
def test_recovers_bit_length(a, b, m):
    law = fit_length([a * n.bit_length() + b for n in range(1, m + 1)])
    assert law is not None
    assert all(_exact(law, n) == a * n.bit_length() + b for n in range(1, 40))
    assert law.growth == "Theta(log(n))"


@given(a=st.integers(1, 9), b=coefs, c=coefs, m=st.integers(5, 14))
def test_recovers_exponentials(a, b, c, m):
    law = fit_length([a * 2**n + b * n + c for n in range(1, m + 1)])
    assert law is not None
    assert sympy.expand(law.expression - (a * 2**N + b * N + c)) == 0
    assert law.growth == "Theta(2**n)"


# -- soundness and noise ---------------------------------------------------


@given(st.lists(st.integers(-5, 5), min_size=3, max_size=9))
def test_a_law_reproduces_every_point(values):
    law = fit_length(values)
    if law is not None:
        assert [_exact(law, n) for n in range(1, len(values) + 1)] == values
        assert len(law.held_out_ns) >= 2


@given(seed=st.integers(0, 2**32 - 1), m=st.integers(6, 16))
def test_declines_random_sequences(seed, m):
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 10**9, size=m).tolist()
    assert fit_length(values) is None


@given(
    seed=st.integers(0, 2**32 - 1),
    c=st.lists(coefs, min_size=3, max_size=3),
    m=st.integers(7, 14),
)
def test_declines_a_law_plus_noise(seed, c, m):
    rng = np.random.default_rng(seed)
    noise = rng.integers(1, 10**6, size=m) * rng.choice([-1, 1], size=m)
    values = [c[0] + c[1] * n + c[2] * n * n + int(e)
              for n, e in zip(range(1, m + 1), noise, strict=True)]
    assert fit_length(values) is None


# -- exact minima ----------------------------------------------------------


def _threshold_tables(n):
    from arcot.length import threshold_weight_bound

    k = threshold_weight_bound(n)
    xs = all_bit_inputs(n).tolist()
    out = set()
    for ws in itertools.product(range(-k, k + 1), repeat=n + 1):
        *w, b = ws
        out.add(tuple(int(np.dot(w, x) >= b) for x in xs))
    return out


THRESHOLD_3 = _threshold_tables(3)


@settings(max_examples=20)
@given(table=st.lists(st.integers(0, 1), min_size=8, max_size=8))
def test_minimum_on_three_bits(table):
    best = minimum_length(table, 3)
    assert best.verified
    assert (best.circuit.evaluate_all()[:, -1] == np.array(table)).all()
    assert (best.tokens == 1) == (tuple(table) in THRESHOLD_3)
    assert best.infeasible == tuple(range(1, best.tokens))
    assert best.tokens <= function_circuit(
        lambda x: table[int("".join(map(str, x)), 2)], 3).cot_length
