"""The column layout of the feature maps is one bijection, stated once."""

from hypothesis import given
from hypothesis import strategies as st

from arcot.cot import tableau_vocabulary
from arcot.learn.features import (
    column_coord,
    coord_column,
    feature_dimension,
    feature_index,
    window_coords,
)
from arcot.testing import turing_machines


@given(
    turing_machines(max_states=3), st.sampled_from(["additive", "pairwise"]), st.data()
)
def test_columns_and_coordinates_are_inverse(machine, kind, data):
    vocab = tableau_vocabulary(machine)
    v = len(vocab)
    column = data.draw(st.integers(0, feature_dimension(kind, v) - 1))
    assert coord_column(kind, vocab, column_coord(kind, vocab, column)) == column
    window = data.draw(st.tuples(*[st.integers(0, v - 1)] * 3))
    coords = window_coords(kind, vocab, *window)
    assert tuple(coord_column(kind, vocab, c) for c in coords) == feature_index(
        kind, v, *window
    )
