"""arcot.experiments.positional: the position-specific least-squares model."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import arcot.experiments.positional as positional
from arcot.errors import LearningError, SizeLimitExceeded
from arcot.experiments.multiplication import multiplication_data, segments, split
from arcot.experiments.positional import (
    PositionalLinear,
    evaluate,
    fit_least_squares,
    run_linear,
    teacher_forced_accuracy,
)
from arcot.experiments.sequences import SequenceData, greedy_rollout

VOCAB = ("[BOS]", "1", "2", "3", "4", "=")
SHIFT = {1: 3, 2: 1, 3: 4, 4: 2}  # a permutation of the digits


def lookup_task(rows: list[tuple[int, int, int]]) -> SequenceData:
    """[BOS] x y z =, then SHIFT[y], =, x: each written token a function of
    one earlier position (a lookup, linear in the one-hot context)."""
    seqs = [[0, x, y, z, 5, SHIFT[y], 5, x] for x, y, z in rows]
    return SequenceData(tokens=np.array(seqs, dtype=np.int64), prompt=5,
                        vocabulary=VOCAB, answer=slice(5, 8))


def dense_scores(data: SequenceData, t: int, rows: np.ndarray,
                 ridge: float) -> np.ndarray:
    """The reference: numpy's least squares on the materialized one-hot design
    of position t (bias, then every (j < t, token) column, zero ones too)."""
    v = len(data.vocabulary)

    def design(tokens: np.ndarray) -> np.ndarray:
        x = np.zeros((len(tokens), 1 + t * v))
        x[:, 0] = 1
        for j in range(t):
            x[np.arange(len(tokens)), 1 + j * v + tokens[:, j]] = 1
        return x

    x = design(data.tokens)
    y = np.eye(v)[data.tokens[:, t]]
    if ridge == 0:
        w = np.linalg.lstsq(x, y, rcond=None)[0]
    else:
        used = x.any(axis=0)  # the fit penalizes the columns that occur
        w = np.zeros((x.shape[1], v))
        xu = x[:, used]
        w[used] = np.linalg.solve(xu.T @ xu + ridge * np.eye(used.sum()), xu.T @ y)
    return design(rows) @ w  # type: ignore[no-any-return]


def random_data(seed: int) -> SequenceData:
    rng = np.random.default_rng(seed)
    tokens = rng.integers(0, 4, size=(50, 7))
    tokens[:, 0] = 4  # a constant position (a copy of the bias column)
    tokens[:, 3] = np.where(tokens[:, 1] == 0, 1, tokens[:, 3])  # correlated
    tokens[:, 5] = (tokens[:, 1] + tokens[:, 2]) % 4  # not linear
    return SequenceData(tokens=tokens, prompt=2, vocabulary=("a", "b", "c", "d", "e"),
                        answer=slice(5, 7))


def test_a_lookup_task_is_fitted_exactly_and_rolled_out_perfectly():
    data = lookup_task(list(itertools.product(range(1, 5), repeat=3)))
    model = fit_least_squares(data, ridge=0.0)
    for t in range(data.prompt, data.length):
        scores = model.next_scores(data.tokens, t)
        target = np.eye(len(VOCAB))[data.tokens[:, t]]
        assert np.abs(scores - target).max() < 1e-9  # zero residual
    written = greedy_rollout(model, data)
    assert (written == data.tokens).all()
    scores = evaluate(model, data)
    assert scores.exact_match == scores.digit_accuracy == scores.sequence_match == 1.0
    assert teacher_forced_accuracy(model, data).tolist() == [1.0, 1.0, 1.0]


def test_a_lookup_task_generalizes_to_unseen_prompts():
    every = list(itertools.product(range(1, 5), repeat=3))
    rng = np.random.default_rng(0)
    picked = rng.permutation(len(every))
    train = lookup_task([every[k] for k in picked[:24]])
    test = lookup_task([every[k] for k in picked[24:]])
    model = fit_least_squares(train)
    assert evaluate(model, test).exact_match == 1.0


@pytest.mark.parametrize("ridge", [0.0, 1e-3, 2.5])
@pytest.mark.parametrize("seed", [1, 2])
def test_scores_equal_numpy_least_squares_on_the_dense_design(ridge, seed):
    data = random_data(seed)
    model = fit_least_squares(data, ridge=ridge)
    # rows the data never held, token 4 ("e") at unseen positions too
    others = np.random.default_rng(seed + 10).integers(0, 5, size=(30, 7))
    for t in range(data.prompt, data.length):
        for rows in (data.tokens, others):
            expected = dense_scores(data, t, rows, ridge)
            assert np.abs(model.next_scores(rows, t) - expected).max() < 1e-8


def test_two_digit_cot_learns_the_partial_products():
    train, test = split(2, "random", seed=0)
    model = fit_least_squares(multiplication_data(train, 2))
    data = multiplication_data(test, 2)
    written = greedy_rollout(model, data)
    right = written == data.tokens
    part = segments(2)["partial_products"]
    # chance is 1/10 a digit; the joint tokens before them 1/100
    assert right[:, part].mean() > 0.95
    assert right[:, : part.stop].all(axis=1).mean() > 0.9  # whole CoT prefix
    forced = teacher_forced_accuracy(model, data)
    assert forced[part.start - data.prompt : part.stop - data.prompt].min() > 0.99
    scores = evaluate(model, data)
    assert scores.exact_match > 0.02  # 1 / 10**4 by chance
    assert scores.digit_accuracy > 0.4


def test_the_papers_two_digit_split_leaves_the_test_units_unseen():
    # Its hash puts half the units-digit pairs in training only: the joint
    # token of the test pairs' units digits is then mostly out of reach.
    train, test = split(2, "paper")
    model = fit_least_squares(multiplication_data(train, 2))
    data = multiplication_data(test, 2)
    right = greedy_rollout(model, data) == data.tokens
    assert right[:, segments(2)["multiples"]].all(axis=1).mean() < 0.5


def test_no_cot_control_is_a_fit_too():
    train, test = split(2, "random", seed=0)
    model = fit_least_squares(multiplication_data(train, 2, "no_cot"))
    scores = evaluate(model, multiplication_data(test, 2, "no_cot"))
    assert 0.0 <= scores.exact_match < 0.05
    assert model.info.trained_positions == 4


def test_determinism_by_seed():
    train, _ = split(2)
    data = multiplication_data(train, 2)
    a = fit_least_squares(data, max_train=500, seed=3)
    b = fit_least_squares(data, max_train=500, seed=3)
    c = fit_least_squares(data, max_train=500, seed=4)
    assert a.info.train_sequences == 500
    assert all(np.array_equal(x, y) for x, y in zip(a.weights, b.weights, strict=True))
    assert np.array_equal(a.columns, b.columns)
    assert not all(x.shape == y.shape and np.array_equal(x, y)
                   for x, y in zip(a.weights, c.weights, strict=True))


def test_info_and_read_only_arrays():
    data = lookup_task(list(itertools.product(range(1, 5), repeat=3)))
    model = fit_least_squares(data)
    assert isinstance(model, PositionalLinear)
    info = model.info
    v = len(VOCAB)
    assert info.parameters == sum((t * v + 1) * v for t in (5, 6, 7))
    # columns: bias, [BOS], 4 + 4 + 4 digits, '=', then 4 shifted, '=', 4: 24;
    # position 5 reads the first 15 of them for 4 tokens, 6: 19 for 1, 7: 20 for 4
    assert info.columns == 24
    assert info.stored_parameters == 15 * 4 + 19 * 1 + 20 * 4
    assert info.train_sequences == 64 and info.trained_positions == 3
    assert info.train_seconds > 0 and info.tokens_per_second > 0
    with pytest.raises(ValueError, match="read-only"):
        model.weights[0][0, 0] = 1.0


def test_run_linear_row():
    row = run_linear(2, "cot", split_rule="random", max_train=800, max_test=300, seed=1)
    assert row["model"] == "least_squares" and row["format"] == "cot"
    assert row["digits"] == 2 and row["sequence_tokens"] == 77
    assert (row["train_pairs"], row["test_pairs"]) == (800, 300)
    for key in ("parameters", "exact_match", "digit_accuracy", "train_seconds",
                "tokens_per_second"):
        assert key in row
    assert 0 <= row["exact_match"] <= row["digit_accuracy"] <= 1
    again = run_linear(2, "cot", split_rule="random", max_train=800, max_test=300,
                       seed=1)
    assert again["exact_match"] == row["exact_match"]
    direct = run_linear(2, "no_cot", max_train=800, max_test=300)
    assert direct["sequence_tokens"] == 11
    with pytest.raises(LearningError, match="max_train"):
        run_linear(4, "cot")


def test_too_big_is_refused_up_front(monkeypatch):
    data = lookup_task([(1, 2, 3), (2, 3, 4)])
    monkeypatch.setattr(positional, "MEMORY_LIMIT", 1000)  # the Gram's plan
    with pytest.raises(SizeLimitExceeded, match=r"plans .* GiB, over"):
        fit_least_squares(data)
    monkeypatch.setattr(positional, "MEMORY_LIMIT", 100)  # 8 x 6 column maps
    with pytest.raises(SizeLimitExceeded, match="column map"):
        fit_least_squares(data)


def test_bad_input():
    data = lookup_task([(1, 2, 3), (2, 3, 4)])
    with pytest.raises(LearningError, match="SequenceData"):
        fit_least_squares(data.tokens)  # type: ignore[arg-type]
    with pytest.raises(LearningError, match="ridge"):
        fit_least_squares(data, ridge=-1.0)
    with pytest.raises(LearningError, match="ridge"):
        fit_least_squares(data, ridge=float("nan"))
    with pytest.raises(LearningError, match="max_train"):
        fit_least_squares(data, max_train=0)
    with pytest.raises(LearningError, match="seed"):
        fit_least_squares(data, seed=-2)
    model = fit_least_squares(data)
    with pytest.raises(LearningError, match="positions 5 to 7"):
        model.next_scores(data.tokens, 4)
    with pytest.raises(LearningError, match="vocabulary"):
        model.next_scores(data.tokens + 10, 5)
    with pytest.raises(LearningError, match="shape"):
        model.next_scores(data.tokens[:, :3], 5)
    empty = SequenceData(tokens=np.zeros((0, 8), dtype=np.int64), prompt=5,
                         vocabulary=VOCAB, answer=slice(5, 8))
    with pytest.raises(LearningError, match="no sequences"):
        fit_least_squares(empty)
