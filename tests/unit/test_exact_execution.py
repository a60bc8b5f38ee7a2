"""arcot executes the predictor it proves: exact argmax, never a float one.

Issue 7 item 2: a float64 score can round, so a float argmax can differ from
the exact argmax that :func:`arcot.verify.exact.verify_exact` proves. These
tests hold ``predict``, ``generate`` and ``rollout`` to the exact scores.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from arcot.construct import ExactWeights, additive_tableau_weights
from arcot.cot import encode_tableau, tableau_vocabulary
from arcot.learn import LinearPredictor, generate, rollout
from arcot.learn.features import Coord, feature_index
from arcot.pipeline import as_predictor
from arcot.verify.exact import checked_windows, decide_windows, verify_exact
from arcot.zoo import get

BB2 = get("bb2")
V2 = tableau_vocabulary(BB2)


def offset_bb2(offset: int = 2**53) -> ExactWeights:
    """bb2's constructed additive weights with ``offset`` added to every
    L-slot weight of every output token: every score of a window moves by
    the same amount, so every exact margin is unchanged (>= 1)."""
    w = additive_tableau_weights(BB2)
    rows = {y: dict(w.rows.get(y, {})) for y in V2.names}
    for y in V2.names:
        for left in V2.names:
            c = Coord("L", (left,))
            rows[y][c] = rows[y].get(c, Fraction(0)) + offset
    return ExactWeights(kind="additive", rows=rows)


def test_the_2_53_offset_keeps_every_exact_margin():
    r = verify_exact(offset_bb2(), BB2)
    assert r.verified and r.min_margin == 1
    assert verify_exact(offset_bb2(), BB2, scope="inputs:3").verified


def test_the_2_53_offset_rolls_out_exactly():
    """Before the fix the float rollout went wrong at CoT position 8."""
    p = as_predictor(offset_bb2(), BB2)
    r = rollout(p, BB2)
    assert r.agrees, r.first_error
    for word in ["1", "11", "111"]:
        assert rollout(p, BB2, word).agrees


def test_the_2_53_offset_predicts_every_window_exactly():
    p = as_predictor(offset_bb2(), BB2)
    windows = np.array(list(checked_windows(V2)), np.int64)
    pred, margin = p.predict(windows)
    want = decide_windows(offset_bb2(), BB2, [tuple(w) for w in windows.tolist()])
    assert [V2.names[i] for i in pred] == [d.expected for d in want]
    # decided in integers: the margins are the exact ones, correctly rounded
    assert margin.tolist() == [float(d.margin) for d in want]


def _columns(*slots):
    """Weights on coordinates L:0, M:0 and R:0 (``slots[a][y]``: token ``y``'s
    weight on slot ``a``), so the window ``(0, 0, 0)`` sums them in order."""
    zero = V2.id("0")
    cols = feature_index("additive", len(V2), zero, zero, zero)[: len(slots)]
    w = np.zeros((len(slots), len(V2)))
    for a, weights in enumerate(slots):
        w[a, : len(weights)] = weights
    return LinearPredictor(features="additive", vocabulary=V2,
                           columns=np.array(cols), weights=w)


WINDOW = np.array([[V2.id("0"), V2.id("0"), V2.id("0")]])
E53 = 2.0**53


def test_a_rounded_sum_does_not_decide():
    # token 1: (2**53 + 2) - 1 = 2**53 + 1, float 2**53;
    # token 2: (2**53 + 1) + 1 = 2**53 + 2, float 2**53 (two roundings down)
    p = _columns([0, E53 + 2, E53], [0, -1, 1], [0, 0, 1])
    pred, margin = p.predict(WINDOW)
    assert pred.tolist() == [2] and margin.tolist() == [1.0]


def test_an_exact_tie_under_rounding_goes_to_the_lowest_id():
    # token 1: 2**53 + 1 + 1 (float 2**53), token 2: 2**53 + 2 (float 2**53 + 2)
    p = _columns([0, E53, E53 + 2], [0, 1, 0], [0, 1, 0])
    pred, margin = p.predict(WINDOW)
    assert pred.tolist() == [1] and margin.tolist() == [0.0]


def test_an_overflowing_float_sum_is_decided_exactly():
    big = float(np.finfo(np.float64).max)
    p = _columns([0, big, big], [0, big / 2, big])  # both sums overflow
    pred, margin = p.predict(WINDOW)
    assert pred.tolist() == [2] and margin.tolist() == [big / 2]


def test_tiny_weights_are_decided_exactly():
    tiny = 5e-324  # the least subnormal
    p = _columns([0, tiny, 0, 2 * tiny], [0, 2 * tiny, 0, 0])
    pred, margin = p.predict(WINDOW)
    assert pred.tolist() == [1] and margin.tolist() == [tiny]


def test_exact_ties_of_zero_scores_go_to_the_lowest_id():
    p = _columns([0.0])
    pred, margin = p.predict(np.array([[1, 2, 1], [0, 0, 0]]))
    assert pred.tolist() == [0, 0] and margin.tolist() == [0.0, 0.0]


def test_generate_repairs_each_float_error():
    # the float kernel alone goes wrong at CoT position 8 (and again after);
    # generate's exact argmax gives the simulator's CoT, token for token
    p = as_predictor(offset_bb2(), BB2)
    t = encode_tableau(BB2)
    assert generate(p, t.prompt, len(t.cot), t.width).tolist() == t.cot.tolist()


def test_the_float_filter_constants_are_powers_of_two():
    from arcot.learn import predictor as P

    for c in (P._FILTER, P._TINY):
        assert math.frexp(c)[0] == 0.5


@pytest.mark.parametrize(
    ("weights", "exact"),
    [
        ([0.0], True),
        ([1.0, -7.0, 3.0], True),
        ([0.5, 0.25, -3.0], True),
        ([2.0**51], True),
        ([2.0**52, 1.0], False),  # three of them: 3 * 2**52 + ... needs 54 bits
        ([2.0**53], True),  # a grid of 2**53: 3 * 2**53 is exact
        ([2.0**53, 1.0], False),
        ([1e-300, 1.0], False),
        ([5e-324, 2 * 5e-324], True),
        ([float(np.finfo(np.float64).max)], False),  # its sums overflow
    ],
)
def test_sums_are_exact(weights, exact):
    from arcot.learn.predictor import _sums_are_exact

    assert _sums_are_exact(np.array(weights)) is exact


def test_integer_predictors_take_the_float_kernel_as_is():
    p = as_predictor(additive_tableau_weights(BB2), BB2)
    assert p._sums_exact
    assert not as_predictor(offset_bb2(), BB2)._sums_exact
