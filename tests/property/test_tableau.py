"""The Tableau value's local rule on ids is the token-level local rule.

Every stage after the encoding reads the rule through
:class:`arcot.cot.Tableau` (by id, one window or arrays of them, or the
dense table); here all three agree with :func:`arcot.cot.local_rule` on
every window of random machines, stay moves and halt states included.
"""

import itertools

import numpy as np
from hypothesis import given, settings

from arcot.cot import DELIMITER, HeadCell, Tableau, local_rule
from arcot.testing import turing_machines

machines = turing_machines(max_states=3, max_symbols=3)


@settings(max_examples=60, deadline=None)
@given(machines)
def test_rule_is_the_local_rule_on_every_window(machine):
    tableau = Tableau.of(machine)
    vocab = tableau.vocabulary
    tokens = vocab.tokens
    heads = [isinstance(t, HeadCell) for t in tokens]
    table = tableau.rule_table
    for a, b, c in itertools.product(range(len(vocab)), repeat=3):
        shown = tokens[b] == DELIMITER or heads[a] + heads[b] + heads[c] <= 1
        want = vocab.id(local_rule(machine, tokens[a], tokens[b], tokens[c])) \
            if shown else -1
        assert tableau.rule(a, b, c) == want, (tokens[a], tokens[b], tokens[c])
        assert table[a, b, c] == want


@settings(max_examples=60, deadline=None)
@given(machines)
def test_rules_on_arrays_is_rule_one_window_at_a_time(machine):
    tableau = Tableau.of(machine)
    size = len(tableau.vocabulary)
    rng = np.random.default_rng(size)
    a, b, c = rng.integers(0, size, size=(3, 200))
    got = tableau.rules(a, b, c)
    assert got.dtype == np.int64
    assert got.tolist() == [tableau.rule(*w) for w in zip(a.tolist(), b.tolist(),
                                                          c.tolist(), strict=True)]
