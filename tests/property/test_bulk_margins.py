"""The windows scope's bulk path against its references.

The well-formed windows are enumerated directly (not filtered out of all
V^3 triples) and their margins summed by a numba kernel in int64; here both
are held to the plain definitions on random machines and random exact
weights (fractions, negative and huge numerators, ties).
"""

import itertools
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from arcot.construct import ExactWeights
from arcot.cot import DELIMITER, HeadCell, Tableau
from arcot.learn.features import Coord
from arcot.testing import turing_machines
from arcot.verify.exact import verify_exact
from arcot.verify.windows import (
    WIDE_BITS,
    _Decider,
    checked_window_array,
    checked_windows,
    decide_all,
)

machines = turing_machines(max_states=3, max_symbols=3)


@settings(max_examples=40, deadline=None)
@given(machines)
def test_checked_windows_are_the_well_formed_triples_in_order(machine):
    vocab = Tableau.of(machine).vocabulary
    heads = [isinstance(t, HeadCell) for t in vocab.tokens]
    delim = vocab.id(DELIMITER)
    want = [w for w in itertools.product(range(len(vocab)), repeat=3)
            if w[1] == delim or heads[w[0]] + heads[w[1]] + heads[w[2]] <= 1]
    assert list(checked_windows(vocab)) == want
    assert checked_window_array(vocab).tolist() == [list(w) for w in want]


numerators = st.one_of(st.integers(-3, 3), st.integers(-(1 << 70), 1 << 70),
                       st.integers(-(1 << 92), 1 << 92))


@st.composite
def weights_for(draw, machine):
    names = Tableau.of(machine).vocabulary.names
    kind = draw(st.sampled_from(["additive", "pairwise"]))
    slots = ("L", "M", "R") if kind == "additive" else ("M", "LM", "MR")
    rows: dict[str, dict[Coord, Fraction]] = {}
    for _ in range(draw(st.integers(0, 40))):
        slot = draw(st.sampled_from(slots))
        value = tuple(draw(st.sampled_from(names)) for _ in range(len(slot)))
        y = draw(st.sampled_from(names))
        w = Fraction(draw(numerators), draw(st.sampled_from([1, 1, 2, 3, 7])))
        rows.setdefault(y, {})[Coord(slot, value)] = w
    return ExactWeights(kind=kind, rows=rows)


@settings(max_examples=60, deadline=None)
@given(machines.flatmap(lambda m: st.tuples(st.just(m), weights_for(m))))
def test_the_kernel_margins_are_the_python_margins(case):
    machine, weights = case
    tableau = Tableau.of(machine)
    decide = _Decider(weights, tableau.vocabulary)
    windows = checked_window_array(tableau.vocabulary)
    expected = tableau.rules(windows[:, 0], windows[:, 1], windows[:, 2])
    want_m, want_best = decide.python_margins(windows, expected)
    got = decide.margins(windows, expected)
    largest = max((abs(w.numerator) * (decide.denominator // w.denominator)
                   for row in weights.rows.values() for w in row.values()), default=0)
    if largest.bit_length() >= WIDE_BITS:
        assert got is None  # beyond two limbs: the Python path decides
    else:  # int64, or two int64 limbs past it (Python ints out)
        assert got is not None
        assert (got[0].dtype == np.int64) == (6 * largest < 1 << 63)
        assert got[0].tolist() == list(want_m)
        assert got[1].tolist() == list(want_best)
    # whichever path, the decisions are the reference's
    _, margins, best = decide_all(decide, tableau, windows)
    assert margins == list(want_m) and best == list(want_best)


def test_verify_exact_is_the_same_on_either_side_of_the_kernel_threshold(monkeypatch):
    import arcot.verify.windows as windows_module
    from arcot.construct import tableau_weights
    from arcot.zoo import get

    m = get("bb3")
    w = tableau_weights(m, "additive")
    rows = {y: dict(r) for y, r in w.rows.items()}
    rows["1"][Coord("M", ("0",))] = Fraction(7, 3)  # wrong somewhere
    broken = ExactWeights(kind="additive", rows=rows)
    results = []
    for threshold in (0, 10**9):  # the kernel always, never
        monkeypatch.setattr(windows_module, "KERNEL_WINDOWS", threshold)
        results.append([verify_exact(x, m).to_json() for x in (w, broken)])
    assert results[0] == results[1]
    assert results[0][1]["verified"] is False


@settings(max_examples=40, deadline=None)
@given(machines.flatmap(lambda m: st.tuples(st.just(m), weights_for(m))))
def test_the_checker_cost_is_the_sum_over_windows(case):
    from arcot.learn.features import SLOT_CELLS, window_coords
    from arcot.verify.tableau_certificate import _weight_terms

    machine, weights = case
    tableau = Tableau.of(machine)
    windows = list(checked_windows(tableau.vocabulary))
    def terms(window, right):
        return sum(len(weights.by_coord.get(c, ()))
                   for c in window_coords(weights.kind, tableau.vocabulary, *window)
                   if (2 in SLOT_CELLS[c.slot]) == right)

    # the slots that read no R cell once per run of windows sharing (L, M)
    runs = [next(g) for _, g in itertools.groupby(windows, lambda w: w[:2])]
    want = (sum(terms(w, right=False) for w in runs)
            + sum(terms(w, right=True) for w in windows))
    assert _weight_terms(weights, tableau, windows) == want
