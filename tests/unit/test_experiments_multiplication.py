"""arcot.experiments.multiplication: the paper's CoT, its control and its split,
against hand-worked examples."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from arcot.errors import EncodingError, SizeLimitExceeded
from arcot.experiments.multiplication import (
    VOCABULARY,
    cot_tokens,
    direct_tokens,
    is_train,
    multiplication_data,
    number_range,
    pair_count,
    sample_pairs,
    segments,
    sequence_length,
    split,
    units_balance,
)

PRIME = 277149838960172320159769184791  # the paper's product.py


def test_vocabulary_is_the_papers_117_tokens_in_its_order():
    assert len(VOCABULARY) == 117
    assert VOCABULARY[:17] == ("[UNK]", "[BOS]", "0", "1", "2", "3", "4", "5", "6",
                               "7", "8", "9", "(", ")", "+", "x", "=")
    assert VOCABULARY[17] == "0x0" and VOCABULARY[17 + 76] == "7x6"
    assert VOCABULARY[-1] == "9x9"
    assert len(set(VOCABULARY)) == 117


def test_47_times_86_token_by_token():
    # Worked by hand: a = 47 (a0 = 7, a1 = 4), b = 86 (b0 = 6, b1 = 8).
    prompt = ["[BOS]", "4", "7", "x", "8", "6", "="]
    expansion = ["(", "7", "x", "1", "+", "4", "x", "1", "0", ")", "x",
                 "(", "6", "x", "1", "+", "8", "x", "1", "0", ")", "="]
    # digits of a outer, least significant first: (a0,b0) (a0,b1) (a1,b0) (a1,b1)
    multiples = ["7x6", "x", "1", "x", "1", "+",
                 "7x8", "x", "1", "x", "1", "0", "+",
                 "4x6", "x", "1", "0", "x", "1", "+",
                 "4x8", "x", "1", "0", "x", "1", "0", "="]
    # 42 (2 digits), 560 (3), 240 (3), 3200 (4): i + j + 2 digits each
    partials = ["4", "2", "+", "5", "6", "0", "+", "2", "4", "0", "+",
                "3", "2", "0", "0", "="]
    product = ["4", "0", "4", "2"]  # 47 * 86 = 4042, padded to len(str(89**2)) = 4
    expected = prompt + expansion + multiples + partials + product
    assert cot_tokens(47, 86, 2) == expected
    assert len(expected) == 77
    assert direct_tokens(47, 86, 2) == prompt + product
    assert 42 + 560 + 240 + 3200 == 47 * 86


def test_padding_of_small_partial_products_and_products():
    # 11 x 11 = 121: the product padded to 4 digits; 1 x 1 = 1 padded to "0 1".
    tokens = cot_tokens(11, 11, 2)
    assert tokens[-4:] == ["0", "1", "2", "1"]
    part = segments(2)["partial_products"]
    assert " ".join(tokens[part]) == "0 1 + 0 1 0 + 0 1 0 + 0 1 0 0 ="
    # a zero digit: 10 is out of range, but 20 x 30 has zero units digits
    tokens = cot_tokens(20, 30, 2)
    assert " ".join(tokens[part]) == "0 0 + 0 0 0 + 0 0 0 + 0 6 0 0 ="
    assert tokens[segments(2)["multiples"]][0] == "0x0"
    assert direct_tokens(20, 30, 2)[-4:] == ["0", "6", "0", "0"]


def test_three_digit_example_by_hand():
    tokens = cot_tokens(123, 456, 3)
    assert tokens[:9] == ["[BOS]", "1", "2", "3", "x", "4", "5", "6", "="]
    parts = " ".join(tokens[segments(3)["partial_products"]])
    # a0 b0 = 3*6, a0 b1 = 3*5 *10, a0 b2 = 3*4*100, a1 b0 = 2*6*10, ...
    assert parts.startswith("1 8 + 1 5 0 + 1 2 0 0 + 1 2 0 + 1 0 0 0 + ")
    assert parts.endswith("+ 0 4 0 0 0 0 =")  # a2 b2 = 1*4*10^4, 6 digits
    assert "".join(tokens[-6:]) == "056088"  # 123 * 456, padded to 6


@pytest.mark.parametrize(("digits", "cot", "direct"), [(1, 28, 7), (2, 77, 11),
                                                       (3, 166, 15), (4, 307, 19)])
def test_sequence_lengths(digits, cot, direct):
    low, high = number_range(digits)
    assert sequence_length(digits) == cot == len(cot_tokens(high - 1, low, digits))
    assert sequence_length(digits, "no_cot") == direct
    assert cot == 2 * digits**3 + 8 * digits**2 + 11 * digits + 7


def test_number_range_is_the_papers():
    assert number_range(2) == (11, 100)
    assert number_range(3) == (111, 1000)
    assert number_range(4) == (1111, 10000)  # configs/config_linear_prod.json
    assert pair_count(4) == 8889**2


def test_segments_tile_the_sequence():
    for digits in (2, 3):
        for fmt in ("cot", "no_cot"):
            marks = list(segments(digits, fmt).values())
            assert marks[0].start == 0
            assert marks[-1].stop == sequence_length(digits, fmt)
            assert all(a.stop == b.start for a, b in itertools.pairwise(marks))
    assert segments(4)["expansion"].stop - 1 == 58  # the '=' positions of the notes
    assert [s.stop - 1 for s in segments(4).values()][:4] == [10, 58, 202, 298]


@pytest.mark.parametrize("fmt", ["cot", "no_cot"])
def test_vectorized_data_equals_the_token_by_token_reference(fmt):
    rng = np.random.default_rng(5)
    for digits in (1, 2, 3, 4):
        low, high = number_range(digits)
        pairs = rng.integers(low, high, size=(40, 2))
        pairs[0] = (low, low)
        pairs[1] = (high - 1, high - 1)
        data = multiplication_data(pairs, digits, fmt)
        reference = cot_tokens if fmt == "cot" else direct_tokens
        for row, (a, b) in zip(data.tokens, pairs.tolist(), strict=True):
            assert [VOCABULARY[k] for k in row] == reference(a, b, digits)
        assert data.prompt == 2 * digits + 3
        assert data.answer == slice(data.length - 2 * digits, data.length)
        products = [int("".join(VOCABULARY[k] for k in row[data.answer]))
                    for row in data.tokens]
        assert products == [a * b for a, b in pairs.tolist()]


def test_every_two_digit_pair_matches_the_reference():
    train, test = split(2)
    pairs = np.concatenate([train, test])
    data = multiplication_data(pairs, 2)
    ids = {t: k for k, t in enumerate(VOCABULARY)}
    for row, (a, b) in zip(data.tokens[::37], pairs[::37].tolist(), strict=True):
        assert row.tolist() == [ids[t] for t in cot_tokens(a, b, 2)]


def test_paper_split_on_hand_checked_indices():
    # count = 89**2 = 7921, count // 4 = 1980; index = (a - 11) + 89 (b - 11)
    cases = {(11, 11): 0, (12, 11): 1, (14, 11): 3, (11, 12): 89, (47, 86): 6711}
    residues = {k: i * PRIME % 7921 for k, i in cases.items()}
    assert residues == {(11, 11): 0, (12, 11): 810, (14, 11): 2430,
                        (11, 12): 801, (47, 86): 2104}
    got = is_train(list(cases), 2).tolist()
    assert got == [r > 1980 for r in residues.values()]
    assert got == [False, False, True, False, True]


def test_paper_split_agrees_with_python_integers_at_every_size():
    for digits in (2, 3, 4, 5):
        low, high = number_range(digits)
        count = (high - low) ** 2
        pairs = np.random.default_rng(digits).integers(low, high, size=(500, 2))
        index = [(a - low) + (high - low) * (b - low) for a, b in pairs.tolist()]
        expected = [i * PRIME % count > count // 4 for i in index]
        assert is_train(pairs, digits).tolist() == expected


def test_split_sizes_and_disjointness():
    train, test = split(2)
    assert (len(train), len(test)) == (5940, 1981)  # a permutation: count - 1981
    both = {tuple(p) for p in train.tolist()} | {tuple(p) for p in test.tolist()}
    assert len(both) == 7921
    assert is_train(train, 2).all() and not is_train(test, 2).any()


def test_paper_hash_is_unbalanced_at_two_digits_and_random_is_not():
    paper = units_balance(2)
    assert int((paper == 1.0).sum()) == 50  # never in the test side
    assert paper.min() < 0.03
    random = units_balance(2, "random", seed=0)
    assert random.min() > 0.55 and random.max() < 0.95  # sampling noise only
    three = units_balance(3)
    assert three.min() > 0.749 and three.max() < 0.751


def test_random_split_is_seeded():
    a_train, a_test = split(2, "random", seed=3)
    b_train, b_test = split(2, "random", seed=3)
    c_train, _ = split(2, "random", seed=4)
    assert np.array_equal(a_train, b_train) and np.array_equal(a_test, b_test)
    assert not np.array_equal(a_train, c_train)
    assert abs(len(a_train) / 7921 - 0.75) < 0.02
    assert is_train(a_train, 2, "random", seed=3).all()


def test_sample_pairs_is_seeded_distinct_and_on_its_side():
    pairs = sample_pairs(4, 500, side="test", seed=2)
    assert pairs.shape == (500, 2)
    assert len({tuple(p) for p in pairs.tolist()}) == 500
    assert not is_train(pairs, 4).any()
    assert np.array_equal(pairs, sample_pairs(4, 500, side="test", seed=2))
    assert is_train(sample_pairs(4, 50, rule="random", seed=1), 4, "random",
                    seed=1).all()
    low, high = number_range(4)
    assert ((pairs >= low) & (pairs < high)).all()


@pytest.mark.parametrize("digits", [0, -1, 1.5, True, "2"])
def test_bad_digits(digits):
    with pytest.raises(EncodingError, match="digits"):
        cot_tokens(11, 11, digits)


@pytest.mark.parametrize(("a", "b", "culprit"),
                         [(10, 11, "a = 10"), (11, 100, "b = 100"), (5, 50, "a = 5")])
def test_numbers_outside_the_range(a, b, culprit):
    with pytest.raises(EncodingError, match=culprit):
        cot_tokens(a, b, 2)
    with pytest.raises(EncodingError, match=culprit):
        direct_tokens(a, b, 2)
    with pytest.raises(EncodingError, match=culprit):
        multiplication_data([[47, 86], [a, b]], 2)


def test_bad_format_rule_pairs_and_sizes():
    with pytest.raises(EncodingError, match="format"):
        multiplication_data([[47, 86]], 2, "cots")
    with pytest.raises(EncodingError, match="rule"):
        split(2, "hash")
    with pytest.raises(EncodingError, match=r"\(n, 2\)"):
        multiplication_data([47, 86], 2)
    with pytest.raises(EncodingError, match="seed"):
        split(2, "random", seed=-1)
    with pytest.raises(SizeLimitExceeded, match="sample_pairs"):
        split(4)
    with pytest.raises(EncodingError, match="side"):
        sample_pairs(2, 5, side="valid")
    empty = multiplication_data(np.zeros((0, 2), dtype=np.int64), 2)
    assert empty.tokens.shape == (0, 77)
