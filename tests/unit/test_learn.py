"""Unit tests of arcot.learn: data, least squares, perceptron, rollout."""

from __future__ import annotations

import numpy as np
import pytest

from arcot.cot import encode_tableau, tableau_vocabulary
from arcot.errors import LearningError, StepLimitExceeded
from arcot.learn import (
    Distribution,
    FitInfo,
    LinearPredictor,
    ThresholdPredictor,
    WindowData,
    fit_linear_predictor,
    fit_perceptron,
    fit_threshold_perceptron,
    generate,
    rollout,
    tableau_batch,
    training_data,
)
from arcot.learn.data import all_words, configuration_windows, rule_table
from arcot.learn.features import Coord, feature_index, window_ids
from arcot.machine import parse_tm
from arcot.zoo import get

BB2 = get("bb2")
V2 = tableau_vocabulary(BB2)


def _data(**kw):
    base = {
        "vocabulary": V2,
        "windows": np.array([[1, 3, 1]]),
        "targets": np.array([2]),
        "positions": np.array([0]),
    }
    return WindowData(**{**base, **kw})


def _pred(**kw):
    base = {
        "features": "additive",
        "vocabulary": V2,
        "columns": np.array([0, 5]),
        "weights": np.zeros((2, len(V2))),
    }
    return LinearPredictor(**{**base, **kw})


# -- Distribution ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "n"),
    [
        ("inputs:0", "inputs", 0),
        ("sample:3", "sample", 3),
        ("configurations:9", "configurations", 9),
    ],
)
def test_distribution_parses(text, kind, n):
    d = Distribution.parse(text)
    assert (d.kind, d.n, str(d)) == (kind, n, text)


def test_distribution_rejects_unknown_kind():
    with pytest.raises(LearningError, match="'windows'"):
        Distribution.parse("windows:3")


def test_distribution_rejects_missing_count():
    with pytest.raises(LearningError, match="KIND:N"):
        Distribution.parse("inputs")


def test_distribution_rejects_non_integer_count():
    with pytest.raises(LearningError, match="'x'"):
        Distribution.parse("sample:x")


def test_distribution_rejects_negative_count():
    with pytest.raises(LearningError, match="-1"):
        Distribution(kind="inputs", n=-1)


def test_distribution_rejects_empty_sample():
    with pytest.raises(LearningError, match="K >= 1"):
        Distribution.parse("configurations:0")


# -- WindowData --------------------------------------------------------


def test_window_data_rejects_bad_window_shape():
    with pytest.raises(LearningError, match="windows must have shape"):
        _data(windows=np.array([[1, 3]]))


def test_window_data_rejects_bad_target_shape():
    with pytest.raises(LearningError, match="targets must have shape"):
        _data(targets=np.array([1, 2]))


def test_window_data_rejects_bad_position_shape():
    with pytest.raises(LearningError, match="positions must have shape"):
        _data(positions=np.array([0, 1]))


def test_window_data_rejects_token_outside_vocabulary():
    with pytest.raises(LearningError, match="windows token ids"):
        _data(windows=np.array([[1, 3, 99]]))


def test_window_data_rejects_target_outside_vocabulary():
    with pytest.raises(LearningError, match="targets token ids"):
        _data(targets=np.array([-2]))


def test_window_data_rejects_position_below_minus_one():
    with pytest.raises(LearningError, match="positions must be >= -1"):
        _data(positions=np.array([-2]))


def test_window_data_is_read_only():
    d = _data()
    with pytest.raises(ValueError, match="read-only"):
        d.windows[0, 0] = 2


# -- training data -----------------------------------------------------


def test_inputs_data_covers_every_word():
    m = get("increment")
    d = training_data(m, "inputs:2")
    words = all_words(m, 2)
    assert len(words) == 7
    t = encode_tableau(m, (), window=None)
    assert len(d) % len(words) == 0
    assert len(d) // len(words) >= len(t.cot)


def test_sample_data_is_seeded():
    m = get("increment")
    a = training_data(m, "sample:5", seed=3)
    b = training_data(m, "sample:5", seed=3)
    assert np.array_equal(a.windows, b.windows)
    assert np.array_equal(a.targets, b.targets)


def test_sample_rejects_negative_max_length():
    with pytest.raises(LearningError, match="max_length"):
        training_data(get("increment"), "sample:5", max_length=-1)


def test_inputs_data_reports_a_machine_that_does_not_stop():
    loop = parse_tm("1RA1RA")
    with pytest.raises(StepLimitExceeded):
        training_data(loop, "inputs:0", max_steps=50)


def test_configuration_targets_follow_the_local_rule():
    d = configuration_windows(get("bb4"), 200)
    table = rule_table(get("bb4"), d.vocabulary)
    w = d.windows
    assert (table[w[:, 0], w[:, 1], w[:, 2]] == d.targets).all()
    assert (d.positions == -1).all()


def test_rule_table_marks_ill_formed_windows():
    table = rule_table(BB2, V2)
    well = set(window_ids(V2))
    head = V2.id(V2.tokens[3])
    assert (head, head, head) not in well
    assert table[head, head, head] == -1


# -- LinearPredictor ---------------------------------------------------


def test_predictor_rejects_unknown_features():
    with pytest.raises(LearningError, match="'cubic'"):
        _pred(features="cubic")


def test_predictor_rejects_non_vocabulary():
    with pytest.raises(LearningError, match="Vocabulary"):
        _pred(vocabulary=["#"])


def test_predictor_rejects_bad_positions():
    with pytest.raises(LearningError, match="positions"):
        _pred(positions=0)


def test_predictor_rejects_float_columns():
    with pytest.raises(LearningError, match="integer array"):
        _pred(columns=np.array([0.0, 1.0]))


def test_predictor_rejects_columns_out_of_range():
    with pytest.raises(LearningError, match="columns must lie"):
        _pred(columns=np.array([0, 10**6]))


def test_predictor_rejects_unsorted_columns():
    with pytest.raises(LearningError, match="strictly increasing"):
        _pred(columns=np.array([5, 0]))


def test_predictor_rejects_weight_shape():
    with pytest.raises(LearningError, match="weights must have shape"):
        _pred(weights=np.zeros((3, len(V2))))


def test_predictor_rejects_nan_weights():
    w = np.zeros((2, len(V2)))
    w[0, 0] = np.nan
    with pytest.raises(LearningError, match="finite"):
        _pred(weights=w)


def test_predictor_names_its_coordinates():
    v = len(V2)
    cols = np.array(feature_index("pairwise", v, 1, 3, 2))
    p = _pred(features="pairwise", columns=cols, weights=np.zeros((3, v)))
    assert [str(p.coordinate(j)[1]) for j in range(3)] == [
        "M:(A,0)",
        "LM:0,(A,0)",
        "MR:(A,0),1",
    ]


def test_predict_rejects_bad_windows():
    with pytest.raises(LearningError, match=r"shape \[n, 3\]"):
        _pred().predict(np.array([1, 2, 3]))


def test_predict_rejects_token_out_of_range():
    with pytest.raises(LearningError, match="window token ids"):
        _pred().predict(np.array([[1, 2, 30]]))


def test_untied_predict_needs_positions():
    p = _pred(positions=2)
    with pytest.raises(LearningError, match="CoT position"):
        p.predict(np.array([[1, 2, 3]]))


def test_untied_predict_rejects_positions_out_of_range():
    p = _pred(positions=2)
    with pytest.raises(LearningError, match="positions must lie"):
        p.predict(np.array([[1, 2, 3]]), positions=np.array([2]))


def test_fit_info_rejects_unknown_learner():
    with pytest.raises(LearningError, match="'svm'"):
        FitInfo(learner="svm", train="", n_windows=0, n_distinct=0)


def test_fit_info_rejects_negative_counts():
    with pytest.raises(LearningError, match="n_windows"):
        FitInfo(learner="lstsq", train="", n_windows=-1, n_distinct=0)


# -- least squares -----------------------------------------------------


def test_lstsq_pairwise_is_exact_on_bb4():
    d = training_data(get("bb4"), "configurations:2000")
    p = fit_linear_predictor(d, features="pairwise")
    assert p.info.residual < 1e-12
    pred, margin = p.predict(d.windows)
    assert (pred == d.targets).all()
    assert margin.min() > 0.5


def test_lstsq_additive_is_not_exact_on_bb4():
    """theory.md fact 2: least squares on additive features misses windows."""
    d = training_data(get("bb4"), "inputs:0")
    p = fit_linear_predictor(d, features="additive")
    pred, _ = p.predict(d.windows)
    wrong = {tuple(w) for w in d.windows[pred != d.targets]}
    assert len(wrong) > 0
    assert p.info.residual > 1


def test_lstsq_rejects_unknown_features():
    with pytest.raises(LearningError, match="'cubic'"):
        fit_linear_predictor(_data(), features="cubic")


def test_lstsq_rejects_non_data():
    with pytest.raises(LearningError, match="WindowData"):
        fit_linear_predictor([(1, 2, 3)])


def test_lstsq_rejects_empty_data():
    empty = _data(windows=np.zeros((0, 3)), targets=np.zeros(0), positions=np.zeros(0))
    with pytest.raises(LearningError, match="empty"):
        fit_linear_predictor(empty)


def test_untied_needs_positions_from_runs():
    d = configuration_windows(BB2, 10)
    with pytest.raises(LearningError, match="untied"):
        fit_linear_predictor(d, tied=False)


def test_untied_fit_reproduces_its_training_runs():
    m = get("increment")
    d = training_data(m, "inputs:3")
    p = fit_linear_predictor(d, features="additive", tied=False)
    assert p.positions == d.positions.max() + 1
    pred, _ = p.predict(d.windows, d.positions)
    # Each position sees few windows: the untied additive class fits them all.
    assert (pred == d.targets).all()


def test_weight_table_is_keyed_by_coordinates():
    p = fit_linear_predictor(training_data(BB2, "inputs:0"), features="pairwise")
    table = p.weight_table()
    assert all(pos is None and isinstance(c, Coord) for pos, c in table)
    assert all(isinstance(k, str) for row in table.values() for k in row)


# -- perceptron --------------------------------------------------------


def test_perceptron_converges_on_additive_bb4():
    d = training_data(get("bb4"), "configurations:2000")
    p = fit_perceptron(d)
    assert p.info.converged
    assert (np.round(p.weights) == p.weights).all()
    pred, margin = p.predict(d.windows)
    assert (pred == d.targets).all()
    assert margin.min() >= 1


def test_perceptron_reports_non_convergence():
    contradictory = _data(
        windows=np.array([[1, 3, 1], [1, 3, 1]]),
        targets=np.array([1, 2]),
        positions=np.array([0, 0]),
    )
    p = fit_perceptron(contradictory, max_epochs=5)
    assert p.info.converged is False
    assert p.info.epochs == 5
    assert p.info.mistakes > 0


def test_perceptron_rejects_bad_epochs():
    with pytest.raises(LearningError, match="max_epochs"):
        fit_perceptron(_data(), max_epochs=0)


def test_perceptron_rejects_bad_margin():
    with pytest.raises(LearningError, match="margin"):
        fit_perceptron(_data(), margin=0)


def test_perceptron_rejects_unknown_features():
    with pytest.raises(LearningError, match="'cubic'"):
        fit_perceptron(_data(), features="cubic")


def test_perceptron_rejects_non_data():
    with pytest.raises(LearningError, match="WindowData"):
        fit_perceptron(None)


def test_perceptron_rejects_empty_data():
    empty = _data(windows=np.zeros((0, 3)), targets=np.zeros(0), positions=np.zeros(0))
    with pytest.raises(LearningError, match="empty"):
        fit_perceptron(empty)


# -- rollout -----------------------------------------------------------


def test_rollout_of_exact_fit_matches_simulator_on_bb4():
    m = get("bb4")
    p = fit_linear_predictor(training_data(m, "configurations:2000"))
    r = rollout(p, m)
    assert r.agrees
    assert np.array_equal(r.cot, r.expected.cot)


def test_rollout_reports_first_error():
    m = get("bb4")
    p = fit_linear_predictor(training_data(m, "inputs:0"), features="additive")
    r = rollout(p, m)
    assert not r.agrees
    assert r.cot[r.first_error] != r.expected.cot[r.first_error]
    assert np.array_equal(r.cot[: r.first_error], r.expected.cot[: r.first_error])


def test_rollout_rejects_foreign_vocabulary():
    p = fit_linear_predictor(training_data(BB2, "inputs:0"))
    with pytest.raises(LearningError, match="vocabulary"):
        rollout(p, get("bb3"))


def test_generate_rejects_non_predictor():
    with pytest.raises(LearningError, match="LinearPredictor"):
        generate("weights", np.zeros(5, np.int64), 3, 4)


def test_generate_rejects_prompt_of_wrong_shape():
    with pytest.raises(LearningError, match="one row of width 4"):
        generate(_pred(), np.zeros(3, np.int64), 3, 4)


def test_generate_rejects_negative_length():
    with pytest.raises(LearningError, match="n_tokens"):
        generate(_pred(), np.zeros(5, np.int64), -1, 4)


def test_generate_rejects_prompt_tokens_out_of_range():
    with pytest.raises(LearningError, match="prompt token ids"):
        generate(_pred(), np.full(5, 40, np.int64), 1, 4)


def test_generate_untied_refuses_positions_it_never_learned():
    with pytest.raises(LearningError, match="2 CoT"):
        generate(_pred(positions=2), np.zeros(5, np.int64), 3, 4)


def test_tableau_batch_rows_are_the_tableaux_of_words_of_mixed_lengths():
    m = get("increment")
    words = [("1", "0", "1"), (), ("1",), ("0", "1")]
    b = tableau_batch(m, words)
    for word, stream in zip(words, b.streams, strict=True):
        t = encode_tableau(m, word, window=b.window, steps=b.steps)
        assert np.array_equal(stream, t.tokens)


def test_tableau_batch_rejects_no_words():
    with pytest.raises(LearningError, match="no input words"):
        tableau_batch(get("increment"), [])


# -- circuit encoding: threshold predictors ----------------------------


def _threshold(**kw):
    base = {
        "n_inputs": 1,
        "weights": np.array([[1, 0]]),
        "thresholds": np.array([1]),
    }
    return ThresholdPredictor(**{**base, **kw})


def test_threshold_predictor_rejects_negative_inputs():
    with pytest.raises(LearningError, match="n_inputs"):
        _threshold(n_inputs=-1)


def test_threshold_predictor_rejects_float_weights():
    with pytest.raises(LearningError, match="2-d integer"):
        _threshold(weights=np.array([[1.0, 0.0]]))


def test_threshold_predictor_rejects_weight_shape():
    with pytest.raises(LearningError, match=r"\[T, n_inputs \+ T\]"):
        _threshold(weights=np.array([[1, 0, 0]]))


def test_threshold_predictor_rejects_threshold_shape():
    with pytest.raises(LearningError, match="thresholds"):
        _threshold(thresholds=np.array([1, 2]))


def test_threshold_predictor_may_not_read_its_own_or_later_bits():
    with pytest.raises(LearningError, match="before it"):
        _threshold(weights=np.array([[1, 1]]))


def test_threshold_rollout_rejects_wrong_input():
    with pytest.raises(LearningError, match="1 input bits"):
        _threshold().rollout([1, 0])


def test_threshold_perceptron_rejects_non_binary_contexts():
    with pytest.raises(LearningError, match="only 0 and 1"):
        fit_threshold_perceptron(np.array([[0, 2]]), 1)


def test_threshold_perceptron_rejects_float_contexts():
    with pytest.raises(LearningError, match="integer array"):
        fit_threshold_perceptron(np.array([[0.0, 1.0]]), 1)


def test_threshold_perceptron_rejects_bad_n_inputs():
    with pytest.raises(LearningError, match="n_inputs must lie"):
        fit_threshold_perceptron(np.array([[0, 1]]), 3)


def test_threshold_perceptron_rejects_empty_data():
    with pytest.raises(LearningError, match="empty"):
        fit_threshold_perceptron(np.zeros((0, 2), np.int64), 1)


def test_threshold_perceptron_rejects_bad_epochs():
    with pytest.raises(LearningError, match="max_epochs"):
        fit_threshold_perceptron(np.array([[0, 1]]), 1, max_epochs=0)


def test_threshold_perceptron_reports_non_separable_data():
    xor = np.array([[a, b, a ^ b] for a in (0, 1) for b in (0, 1)])
    p = fit_threshold_perceptron(xor, 2, max_epochs=20)
    assert p.info.converged is False


def test_circuit_data_is_the_circuit_cot_of_every_input():
    from arcot.cot import encode_circuit
    from arcot.learn.data import circuit_data

    m = get("increment")
    d = circuit_data(m, 2)
    assert len(d.words) == 4
    for word, row in zip(d.words, d.contexts, strict=True):
        t = encode_circuit(m, word, window=d.window, steps=d.steps)
        assert np.array_equal(row, np.concatenate([t.prompt, t.cot]))


def test_circuit_data_rejects_negative_length():
    from arcot.learn.data import circuit_data

    with pytest.raises(LearningError, match="input length"):
        circuit_data(get("increment"), -1)


def test_inputs_beyond_the_limit_are_refused():
    with pytest.raises(LearningError, match="use sample:K"):
        training_data(get("increment"), "inputs:40")


def test_samples_beyond_the_limit_are_refused():
    with pytest.raises(LearningError, match="more than"):
        training_data(get("increment"), "sample:100000000")


def test_configurations_beyond_the_limit_are_refused():
    with pytest.raises(LearningError, match="more than"):
        training_data(get("increment"), "configurations:100000000")


# -- learning curves ---------------------------------------------------


def test_learning_curve_errors_do_not_compound():
    """Thm 3.6: a deterministic rollout errs exactly where teacher forcing does."""
    from arcot.learn.curves import learning_curve

    for tied in (True, False):
        for p in learning_curve(get("parity"), 3, [1, 4, 16], seeds=3, tied=tied):
            assert p.rollout == p.teacher_forced
            assert 0 <= p.exact <= p.seeds


def test_learning_curve_tied_needs_fewer_samples_than_untied():
    from arcot.learn.curves import learning_curve

    sizes = [4, 16, 64]
    tied = learning_curve(get("increment"), 4, sizes, seeds=4)
    untied = learning_curve(get("increment"), 4, sizes, seeds=4, tied=False)
    assert all(a.rollout <= b.rollout for a, b in zip(tied, untied, strict=True))
    assert tied[-1].rollout < untied[-1].rollout


def test_learning_curve_rejects_unknown_learner():
    from arcot.learn.curves import learning_curve

    with pytest.raises(LearningError, match="'svm'"):
        learning_curve(get("parity"), 2, [1], learner="svm")


def test_learning_curve_rejects_bad_seeds():
    from arcot.learn.curves import learning_curve

    with pytest.raises(LearningError, match="seeds"):
        learning_curve(get("parity"), 2, [1], seeds=0)


def test_learning_curve_rejects_bad_sizes():
    from arcot.learn.curves import learning_curve

    with pytest.raises(LearningError, match="sample sizes"):
        learning_curve(get("parity"), 2, [0])


def test_learning_curve_needs_a_cot():
    from arcot.learn.curves import learning_curve

    stops = parse_tm("---")
    with pytest.raises(LearningError, match="no CoT"):
        learning_curve(stops, 0, [1])


@pytest.mark.parametrize("tied", [True, False])
@pytest.mark.parametrize("features", ["additive", "pairwise"])
def test_sorting_path_equals_dense_tables(tied, features):
    """Large vocabularies renumber and count by sorting: same fit."""
    from unittest import mock

    from arcot.learn import lstsq

    d = training_data(get("increment"), "inputs:3")
    dense = fit_linear_predictor(d, features=features, tied=tied)
    with mock.patch.object(lstsq, "_DENSE_LIMIT", 0):
        sorted_ = fit_linear_predictor(d, features=features, tied=tied)
        perceptron = fit_perceptron(d, features=features, tied=tied)
    assert np.array_equal(dense.columns, sorted_.columns)
    assert np.array_equal(dense.weights, sorted_.weights)
    assert dense.info.n_distinct == sorted_.info.n_distinct
    assert np.array_equal(
        perceptron.weights, fit_perceptron(d, features=features, tied=tied).weights
    )


# -- ThresholdPredictor: exact sums, never int64 wrap-around ------------


def test_threshold_rollout_does_not_wrap_int64():
    big = 2**62
    # position 0: 1[big*x0 + big*x1 >= 2**63 - 1]; in int64 2**63 wraps negative
    p = ThresholdPredictor(n_inputs=2, weights=np.array([[big, big, 0]]),
                           thresholds=np.array([2**63 - 1]))
    assert p.rollout([1, 1]).tolist() == [1]
    assert p.rollout([1, 0]).tolist() == [0]


def test_threshold_rollout_of_huge_negative_weights():
    low = -(2**63)
    p = ThresholdPredictor(n_inputs=2, weights=np.array([[low, low, 0]]),
                           thresholds=np.array([0]))
    assert p.rollout([1, 1]).tolist() == [0]
    assert p.rollout([0, 0]).tolist() == [1]
