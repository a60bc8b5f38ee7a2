"""Machine spaces: tree normal form against the published counts, every
table, seeded samples."""

import itertools

import pytest

from arcot.errors import UsageError
from arcot.machine import parse_tm, run
from arcot.sweep import (
    BUSY_BEAVER_STEPS,
    PUBLISHED_TNF_COUNTS,
    every_table,
    random_tables,
    tnf,
    tnf_count,
)


@pytest.mark.parametrize("size", [
    (2, 2), (3, 2), pytest.param((4, 2), marks=pytest.mark.slow),  # 620,261: 16 s
])
def test_tnf_counts_equal_the_published_ones(size):
    assert tnf_count(*size) == PUBLISHED_TNF_COUNTS[size]


def canonical(text):
    """The machine with its non-start states renamed in every possible way:
    the smallest text stands for the class."""
    rows = text.split("_")
    n = len(rows)
    best = None
    for perm in itertools.permutations(range(1, n)):
        names = dict(zip("ABCDEFGH"[1:n], ("ABCDEFGH"[p] for p in perm), strict=True))
        order = [0, *sorted(range(1, n), key=lambda q: perm[q - 1])]
        renamed = "_".join(
            "".join(c[:2] + names.get(c[2], c[2]) if c != "---" else c
                    for c in (rows[q][i:i + 3] for i in range(0, len(rows[q]), 3)))
            for q in order
        )
        best = renamed if best is None else min(best, renamed)
    return best


@pytest.mark.parametrize("size", [(2, 2), (3, 2), (2, 3)])
def test_tnf_lists_each_machine_once_up_to_renaming(size):
    texts = list(tnf(*size))
    assert len(set(texts)) == len(texts)
    assert len({canonical(t) for t in texts}) == len(texts)


@pytest.mark.parametrize("size", [(2, 2), (3, 2), (2, 3)])
def test_every_tnf_machine_is_finished(size):
    # Each listed machine halts by the halting transition it was given last,
    # or runs the space's Busy Beaver step count without an undefined one.
    limit = BUSY_BEAVER_STEPS[size]
    for text in tnf(*size):
        r = run(parse_tm(text), max_steps=limit)
        assert r.reason in ("halt-state", "budget"), text
        assert r.steps <= limit


def test_every_table_counts_and_samples_are_seeded():
    assert sum(1 for _ in every_table(2, 2)) == (2 * 2 * 3) ** 4  # 20,736
    a = list(random_tables(3, 3, 50, seed=7))
    assert a == list(random_tables(3, 3, 50, seed=7))
    assert a != list(random_tables(3, 3, 50, seed=8))
    assert all(parse_tm(t).n_symbols == 3 for t in a)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: list(tnf(1, 2)), "needs 2 states"),
    (lambda: list(tnf(6, 2)), "give a step limit"),
    (lambda: list(tnf(2, 1)), "at least 2 symbols"),
    (lambda: list(every_table(0, 2)), "n_states must be an integer from 1 to 25"),
    (lambda: list(random_tables(2, 2, -1, seed=0)), "count must be"),
])
def test_bad_sizes_say_what_is_wrong(call, message):
    with pytest.raises(UsageError, match=message):
        call()
