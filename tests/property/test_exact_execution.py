"""predict, generate and rollout equal an exact Fraction reference.

Random machines, the constructed predictor as floats, then large offsets
(``2**e``, up to far beyond float64's 53 bits) added per column, which move
every score of a window alike (or would, in exact arithmetic, were the
weights not rounded), and a few arbitrary floats and near-ties on top. Float
scores round there; arcot must still emit the exact argmax, ties to the
lowest id (issue 7 item 2).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import event, given
from hypothesis import strategies as st

from arcot.construct import as_exact, tableau_weights
from arcot.cot import DELIMITER, encode_tableau
from arcot.learn import LinearPredictor, generate, rollout
from arcot.learn import _kernels as K
from arcot.learn.features import FEATURE_KINDS
from arcot.pipeline import as_predictor
from arcot.testing import tape_inputs, turing_machines
from tests.naive import naive_argmax, naive_columns

small_machines = turing_machines(max_states=3, max_symbols=3, halting=True)

offsets = st.one_of(
    st.just(0.0),
    st.builds(
        lambda sign, k, e: sign * k * 2.0**e,
        st.sampled_from([1, -1]),
        st.integers(1, 7),
        st.one_of(st.integers(48, 60), st.sampled_from([100, 500, 1000])),
    ),
)
odd_floats = st.floats(
    min_value=-1e300, max_value=1e300, allow_nan=False, allow_infinity=False,
    allow_subnormal=True,
)


@st.composite
def offset_cases(draw):
    """(machine, word, predictor): a tied or untied offset predictor."""
    machine = draw(small_machines)
    word = draw(tape_inputs(machine, max_size=3))
    features = draw(st.sampled_from(FEATURE_KINDS))
    base = as_predictor(tableau_weights(machine, features), machine)
    t = encode_tableau(machine, word)
    tied = draw(st.booleans())
    n_pos = 1 if tied else max(len(t.cot), 1)
    dim, v = base.dim, len(base.vocabulary)
    dense = np.zeros((dim, v))
    dense[base.columns] = base.weights
    blocks = []
    for _ in range(n_pos):
        w = dense.copy()
        # one offset per column: the same for every output token
        col_offsets = draw(st.lists(offsets, min_size=3, max_size=3))
        w += np.array([col_offsets[c * 3 // dim] for c in range(dim)])[:, None]
        for _ in range(draw(st.integers(0, 3))):  # a few arbitrary entries
            c, y = draw(st.integers(0, dim - 1)), draw(st.integers(0, v - 1))
            w[c, y] = draw(st.one_of(odd_floats, st.just(w[c, y] + 1.0)))
        blocks.append(w)
    full = np.concatenate(blocks)
    p = LinearPredictor(
        features=features, vocabulary=base.vocabulary,
        columns=np.arange(len(full), dtype=np.int64), weights=full,
        positions=None if tied else n_pos,
    )
    return machine, word, p


def exact_scores(p, window, position):
    """Every token's score, as an exact Fraction sum of the float weights."""
    v = len(p.vocabulary)
    table = {int(c): j for j, c in enumerate(p.columns)}
    cols = [table[c] for c in naive_columns(p.features, v, window, position)
            if c in table]
    return [sum((as_exact(p.weights[j, k]) for j in cols), Fraction(0))
            for k in range(v)]


def exact_generate(p, prompt, n_tokens, width):
    """The exact rollout: argmax of Fraction scores, ties to the lowest id."""
    stream = [int(t) for t in prompt]
    delim = p.vocabulary.id(DELIMITER)
    for t in range(n_tokens):
        q = len(stream)
        left = stream[q - width - 2] if q - width - 2 >= 0 else delim
        window = (left, stream[q - width - 1], stream[q - width])
        stream.append(naive_argmax(exact_scores(p, window, 0 if p.tied else t)))
    return stream[len(prompt):]


@given(offset_cases())
def test_generate_equals_the_exact_rollout(case):
    machine, word, p = case
    t = encode_tableau(machine, word)
    want = exact_generate(p, t.prompt, len(t.cot), t.width)
    assert generate(p, t.prompt, len(t.cot), t.width).tolist() == want
    plain = K._rollout(t.prompt, len(t.cot), t.width, p._kind, len(p.vocabulary),
                       p.dim, p.tied, p.columns, p.weights, p.vocabulary.id(DELIMITER))
    event("the plain float rollout is wrong" if plain.tolist() != want
          else "the plain float rollout is right")
    if p.tied:
        r = rollout(p, machine, word)
        assert r.cot.tolist() == want
        bad = [i for i, (a, b) in enumerate(zip(want, t.cot, strict=True)) if a != b]
        assert r.first_error == (bad[0] if bad else None)


@given(offset_cases())
def test_predict_equals_the_exact_argmax_and_margin(case):
    machine, word, p = case
    t = encode_tableau(machine, word)
    stream = [int(x) for x in t.tokens]
    w, delim = t.width, p.vocabulary.id(DELIMITER)
    windows, positions = [], []
    for q in range(w + 1, len(stream)):
        left = stream[q - w - 2] if q - w - 2 >= 0 else delim
        windows.append((left, stream[q - w - 1], stream[q - w]))
        positions.append(q - w - 1)
    if not windows:
        return
    pos = None if p.tied else np.array(positions)
    pred, margin = p.predict(np.array(windows, np.int64), pos)
    groups = p._groups(len(windows), pos)  # which path decided, for statistics
    cols = K._feature_columns(np.array(windows, np.int64), p._kind, len(p.vocabulary),
                              groups, p.dim)
    event("some window decided in integers"
          if not p._float_argmax(K._lookup(p.columns, cols))[2].all()
          else "every window decided in float64")
    for i, (win, q) in enumerate(zip(windows, positions, strict=True)):
        scores = exact_scores(p, win, 0 if p.tied else q)
        best = naive_argmax(scores)
        gap = scores[best] - max(s for k, s in enumerate(scores) if k != best)
        assert pred[i] == best
        assert (margin[i] == 0) == (gap == 0)
