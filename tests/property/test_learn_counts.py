"""Property tests of the fused count: examples counted straight from token
streams equal the examples of the materialised windows, and so do the fits."""

from __future__ import annotations

from collections import Counter
from contextlib import ExitStack
from unittest import mock

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from arcot.cot import Vocabulary
from arcot.learn import WindowData, fit_linear_predictor
from arcot.learn import _kernels as K
from arcot.learn import data as D
from arcot.learn import lstsq as L
from arcot.learn.data import stream_windows
from arcot.learn.features import FEATURE_KINDS
from tests.naive import naive_fit, naive_stream_windows


@st.composite
def token_streams(draw, max_vocab=6, max_streams=4, max_width=3, max_rows=5):
    """Random streams of whole rows over a small vocabulary (any tokens, not
    only tableaux: the count must not care)."""
    v = draw(st.integers(2, max_vocab))
    names = [f"t{i}" for i in range(v - 1)]
    names.insert(draw(st.integers(0, v - 1)), "#")  # the delimiter's id varies
    vocab = Vocabulary(tokens=tuple(names))
    width = draw(st.integers(1, max_width))
    rows = draw(st.integers(2, max_rows))
    n = draw(st.integers(1, max_streams))
    size = n * rows * (width + 1)
    tokens = draw(st.lists(st.integers(0, v - 1), min_size=size, max_size=size))
    return vocab, np.array(tokens, np.int64).reshape(n, -1), width


def _naive_counts(vocab, streams, width, tied):
    """Counter of (group, left, middle, right, target) over every CoT token."""
    out: Counter = Counter()
    for s in streams:
        for window, target, position in naive_stream_windows(vocab, s, width):
            out[(0 if tied else position, *window, target)] += 1
    return out


def _as_counter(windows, targets, groups, counts):
    rows = zip(groups, windows, targets, counts, strict=True)
    return Counter({(int(g), *map(int, w), int(y)): int(c) for g, w, y, c in rows})


def _tables(dense):
    """Dense count tables everywhere (``True``: the tied examples counted in
    stream_windows' checking pass) or hash tables everywhere (``False``)."""
    stack = ExitStack()
    stack.enter_context(mock.patch.object(D, "dense_table", return_value=dense))
    stack.enter_context(mock.patch.object(L, "_dense", return_value=dense))
    return stack


@given(token_streams(), st.booleans(), st.booleans())
def test_stream_count_equals_reference(case, tied, dense):
    vocab, streams, width = case
    with _tables(dense):
        data = stream_windows(vocab, streams, width)
        assert data.streams is not None
        assert (data.streams.keys is not None) == dense
        windows, targets, groups, counts, positions = L._examples(data, tied)
    assert _as_counter(windows, targets, groups, counts) == _naive_counts(
        vocab, streams, width, tied
    )
    keys = [(int(g), *map(int, w), int(y)) for g, w, y in zip(
        groups, windows, targets, strict=True)]
    assert keys == sorted(keys)  # sorted as _distinct sorts
    assert positions == (None if tied else streams.shape[1] - width - 1)


@given(token_streams(), st.booleans(), st.booleans())
def test_array_count_equals_stream_count(case, tied, dense):
    vocab, streams, width = case
    with _tables(dense):
        lazy = stream_windows(vocab, streams, width)
    arrays = WindowData(
        vocabulary=vocab, windows=lazy.windows, targets=lazy.targets,
        positions=lazy.positions,
    )
    assert arrays.streams is None
    with _tables(dense):
        ours = L._examples(lazy, tied)
        ref = L._examples(arrays, tied)
    for a, b in zip(ours[:4], ref[:4], strict=True):
        assert np.array_equal(a, b)
    assert ours[4] == ref[4]


@given(token_streams(), st.booleans())
def test_overflow_fallback_equals_keyed_count(case, tied):
    vocab, streams, width = case
    data = stream_windows(vocab, streams, width)
    ref = L._examples(data, tied)
    with mock.patch.object(L, "_KEY_LIMIT", 1):  # every key "overflows"
        ours = L._examples(data, tied)
    for a, b in zip(ours[:4], ref[:4], strict=True):
        assert np.array_equal(a, b)


@given(token_streams(), st.sampled_from(FEATURE_KINDS), st.booleans())
def test_fit_from_streams_equals_fit_from_arrays(case, kind, tied):
    vocab, streams, width = case
    lazy = stream_windows(vocab, streams, width)
    arrays = WindowData(
        vocabulary=vocab, windows=lazy.windows, targets=lazy.targets,
        positions=lazy.positions,
    )
    ours = fit_linear_predictor(lazy, features=kind, tied=tied)
    ref = fit_linear_predictor(arrays, features=kind, tied=tied)
    assert np.array_equal(ours.columns, ref.columns)
    assert np.array_equal(ours.weights, ref.weights)
    assert ours.info == ref.info


@st.composite
def pairwise_windows(draw, max_vocab=7, max_n=60, max_positions=2):
    """Random windows and targets (residuals non-zero) for the block solver,
    sometimes with few distinct pairs so a block's bipartite graph splits."""
    v = draw(st.integers(2, max_vocab))
    vocab = Vocabulary(tokens=("#", *(f"t{i}" for i in range(v - 1))))
    n = draw(st.integers(1, max_n))
    few = st.integers(0, draw(st.integers(1, v - 1)))
    windows = draw(st.lists(st.tuples(few, few, few), min_size=n, max_size=n))
    targets = draw(st.lists(st.integers(0, v - 1), min_size=n, max_size=n))
    positions = draw(st.lists(st.integers(0, max_positions - 1), min_size=n,
                              max_size=n))
    return WindowData(vocabulary=vocab, windows=np.array(windows, np.int64),
                      targets=np.array(targets, np.int64),
                      positions=np.array(positions, np.int64))


@given(pairwise_windows(), st.booleans(), st.booleans())
def test_structured_block_solve_equals_dense_numpy_lstsq(data, tied, fails):
    """Pairwise blocks through the Schur-complement solver, or through its
    pseudo-inverse fallback (``fails``): numpy.linalg.lstsq's minimum-norm
    solution, on data whose bipartite graphs split and residuals are not 0."""
    if fails:
        def every_block_fails(gram, offsets, starts, sizes, *rest):
            return np.arange(len(sizes))

        with mock.patch.object(K, "_pairwise_blocks_solve", every_block_fails):
            p = fit_linear_predictor(data, features="pairwise", tied=tied)
    else:
        p = fit_linear_predictor(data, features="pairwise", tied=tied)
    v = len(data.vocabulary)
    ref = naive_fit("pairwise", v, data.windows, data.targets,
                    None if tied else data.positions)
    ours = np.zeros_like(ref)
    ours[p.columns] = p.weights
    np.testing.assert_allclose(ours, ref, atol=1e-8)
