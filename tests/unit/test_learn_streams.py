"""Unit tests of data read from token streams (arcot.learn.data.stream_windows)."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest

from arcot.cot import encode_tableau
from arcot.errors import LearningError
from arcot.learn import WindowData, fit_linear_predictor, training_data
from arcot.learn import data as D
from arcot.learn.data import stream_windows
from arcot.zoo import get
from tests.naive import naive_stream_windows

BB2 = encode_tableau(get("bb2"), "")


def _stream_data(streams=None):
    tokens = BB2.tokens[None, :] if streams is None else streams
    return stream_windows(BB2.vocabulary, tokens, BB2.width)


def test_stream_data_keep_the_streams_and_build_windows_when_read():
    d = _stream_data()
    assert d.streams is not None
    assert len(d) == d.cot_tokens == len(BB2.cot)
    ref = naive_stream_windows(BB2.vocabulary, BB2.tokens, BB2.width)
    assert [
        (tuple(map(int, w)), int(y), int(p))
        for w, y, p in zip(d.windows, d.targets, d.positions, strict=True)
    ] == ref
    for arr in (d.windows, d.targets, d.positions, d.streams.streams):
        assert not arr.flags.writeable


def test_array_data_have_no_streams():
    d = _stream_data()
    arrays = WindowData(
        vocabulary=d.vocabulary, windows=d.windows, targets=d.targets,
        positions=d.positions,
    )
    assert arrays.streams is None
    assert len(arrays) == len(d)


def test_stream_data_do_not_follow_later_writes_to_the_input():
    tokens = BB2.tokens[None, :].copy()
    d = _stream_data(tokens)
    before = fit_linear_predictor(d)
    tokens[:] = 0
    assert d.streams is not None
    assert not np.shares_memory(d.streams.streams, tokens)
    after = fit_linear_predictor(d)
    assert np.array_equal(before.weights, after.weights)


def test_read_only_streams_are_not_copied():
    tokens = BB2.tokens[None, :].copy()
    tokens.setflags(write=False)
    d = _stream_data(tokens)
    assert d.streams is not None
    assert np.shares_memory(d.streams.streams, tokens)


def test_a_read_only_view_of_writable_streams_is_copied():
    tokens = BB2.tokens[None, :].copy()
    view = tokens.view()
    view.setflags(write=False)
    d = _stream_data(view)
    assert d.streams is not None
    assert not np.shares_memory(d.streams.streams, tokens)


@pytest.mark.parametrize("dense", [True, False])
@pytest.mark.parametrize("where", [0, 1, BB2.width, BB2.width + 1, -1])
@pytest.mark.parametrize("value", [-1, len(BB2.vocabulary)])
def test_stream_windows_rejects_token_outside_vocabulary(dense, where, value):
    """Wherever the bad token sits (first token, prompt row, first CoT token,
    last token), whether the check counts (dense) or only checks."""
    bad = BB2.tokens[None, :].copy()
    bad[0, where] = value
    with (
        mock.patch.object(D, "dense_table", return_value=dense),
        pytest.raises(LearningError, match="stream token ids"),
    ):
        _stream_data(bad)


@pytest.mark.parametrize("dense", [True, False])
def test_stream_windows_checks_a_prompt_row_alone(dense):
    bad = BB2.tokens[None, : BB2.width + 1].copy()
    bad[0, -1] = len(BB2.vocabulary)
    with (
        mock.patch.object(D, "dense_table", return_value=dense),
        pytest.raises(LearningError, match="stream token ids"),
    ):
        _stream_data(bad)
    assert len(_stream_data(BB2.tokens[None, : BB2.width + 1])) == 0


def test_tied_examples_are_counted_while_checking():
    d = _stream_data()
    assert d.streams is not None
    assert d.streams.keys is not None and d.streams.counts is not None
    assert int(d.streams.counts.sum()) == len(d)


def test_stream_windows_rejects_float_streams():
    with pytest.raises(LearningError, match="integer token ids"):
        _stream_data(BB2.tokens[None, :].astype(float))


def test_stream_windows_rejects_partial_rows():
    with pytest.raises(LearningError, match="whole rows"):
        _stream_data(BB2.tokens[None, :-1])


def test_training_data_on_runs_reads_streams_and_configurations_do_not():
    assert training_data(get("bb2"), "inputs:2").streams is not None
    assert training_data(get("bb2"), "configurations:30").streams is None


def test_untied_fit_from_streams_has_one_block_per_position():
    d = training_data(get("bb2"), "inputs:2")
    p = fit_linear_predictor(d, tied=False)
    assert p.positions == d.streams.cot_length
    assert p.info.n_windows == len(d)
