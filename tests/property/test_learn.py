"""Property tests of arcot.learn: kernels == references, exact fits, rollout."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, example, given
from hypothesis import strategies as st

from arcot.construct import tableau_weights
from arcot.cot import encode_tableau
from arcot.learn import (
    LinearPredictor,
    WindowData,
    fit_linear_predictor,
    fit_perceptron,
    fit_threshold_perceptron,
    generate,
    rollout,
    training_data,
)
from arcot.learn import _kernels as K
from arcot.learn.data import all_words, stream_windows, tableau_batch
from arcot.learn.features import FEATURE_KINDS, feature_dimension, feature_index
from arcot.learn.predictor import KIND_CODE
from arcot.machine import TuringMachine
from arcot.pipeline import as_predictor, certify
from arcot.testing import tape_inputs, turing_machines
from tests.naive import (
    naive_argmax,
    naive_columns,
    naive_fit,
    naive_perceptron,
    naive_rollout,
    naive_scores,
    naive_stream_windows,
    naive_threshold_perceptron,
)

small_machines = turing_machines(max_states=3, max_symbols=3, halting=True)


@st.composite
def window_sets(draw, max_vocab=7, max_n=40, max_positions=3):
    """Random window data over a small vocabulary (targets arbitrary)."""
    from arcot.cot import Vocabulary

    v = draw(st.integers(2, max_vocab))
    vocab = Vocabulary(tokens=("#", *(f"t{i}" for i in range(v - 1))))
    n = draw(st.integers(1, max_n))
    tok = st.integers(0, v - 1)
    windows = draw(st.lists(st.tuples(tok, tok, tok), min_size=n, max_size=n))
    targets = draw(st.lists(tok, min_size=n, max_size=n))
    positions = draw(
        st.lists(st.integers(0, max_positions - 1), min_size=n, max_size=n)
    )
    return WindowData(
        vocabulary=vocab,
        windows=np.array(windows, np.int64),
        targets=np.array(targets, np.int64),
        positions=np.array(positions, np.int64),
    )


def _full_weights(p: LinearPredictor) -> np.ndarray:
    full = np.zeros((p.dim * (p.positions or 1), len(p.vocabulary)))
    full[p.columns] = p.weights
    return full


@given(window_sets(), st.sampled_from(FEATURE_KINDS), st.booleans())
def test_feature_columns_match_the_spec(data, kind, tied):
    v = len(data.vocabulary)
    groups = data.positions if not tied else np.zeros(len(data), np.int64)
    cols = K._feature_columns(
        data.windows, KIND_CODE[kind], v, groups, feature_dimension(kind, v)
    )
    for i, w in enumerate(data.windows):
        assert list(cols[i]) == naive_columns(
            kind, v, [int(t) for t in w], int(groups[i])
        )


@given(window_sets(), st.sampled_from(FEATURE_KINDS))
def test_coordinate_names_invert_the_spec(data, kind):
    p = fit_linear_predictor(data, features=kind)
    names = data.vocabulary.names
    for j in range(len(p.columns)):
        _, coord = p.coordinate(j)
        ids = [names.index(x) for x in coord.value]
        slot = coord.slot
        if kind == "additive":
            window = [0, 0, 0]
            window["LMR".index(slot)] = ids[0]
            col = feature_index(kind, len(names), *window)["LMR".index(slot)]
        elif slot == "M":
            col = feature_index(kind, len(names), 0, ids[0], 0)[0]
        elif slot == "LM":
            col = feature_index(kind, len(names), ids[0], ids[1], 0)[1]
        else:
            col = feature_index(kind, len(names), 0, ids[0], ids[1])[2]
        assert col == p.columns[j]


@given(window_sets(), st.sampled_from(FEATURE_KINDS), st.booleans())
def test_lstsq_kernel_equals_dense_numpy_lstsq(data, kind, tied):
    """Same minimum-norm solution as numpy.linalg.lstsq on the one-hot design."""
    p = fit_linear_predictor(data, features=kind, tied=tied)
    v = len(data.vocabulary)
    ref = naive_fit(
        kind, v, data.windows, data.targets, None if tied else data.positions
    )
    ours = _full_weights(p)
    assert ours.shape == ref.shape
    np.testing.assert_allclose(ours, ref, atol=1e-8)


@given(window_sets(), st.sampled_from(FEATURE_KINDS))
def test_predict_equals_reference_argmax(data, kind):
    p = fit_perceptron(data, features=kind, max_epochs=3)
    full = _full_weights(p)
    pred, margin = p.predict(data.windows)
    v = len(data.vocabulary)
    for i, w in enumerate(data.windows):
        scores = naive_scores(kind, v, full, [int(t) for t in w])
        assert pred[i] == naive_argmax(scores)
        others = [s for k, s in enumerate(scores) if k != pred[i]]
        assert margin[i] == scores[pred[i]] - max(others)


@given(window_sets(), st.sampled_from(FEATURE_KINDS), st.integers(1, 6))
def test_perceptron_kernel_equals_reference(data, kind, epochs):
    p = fit_perceptron(data, features=kind, max_epochs=epochs)
    # the kernel runs over the distinct examples in sorted order
    keys = np.unique(
        np.concatenate(
            [np.zeros((len(data), 1), np.int64), data.windows, data.targets[:, None]],
            axis=1,
        ),
        axis=0,
    )
    v = len(data.vocabulary)
    ref, ref_epochs, ref_mistakes = naive_perceptron(
        kind, v, keys[:, 1:4], keys[:, 4], max_epochs=epochs
    )
    assert (p.info.epochs, p.info.mistakes) == (ref_epochs, ref_mistakes)
    full = _full_weights(p)
    for c in range(full.shape[0]):
        assert list(full[c]) == ref.get(c, [0] * v)


@given(
    small_machines.flatmap(lambda m: st.tuples(st.just(m), tape_inputs(m, max_size=3)))
)
def test_stream_windows_kernel_equals_reference(case):
    machine, word = case
    t = encode_tableau(machine, word)
    d = stream_windows(t.vocabulary, t.tokens[None, :], t.width)
    ref = naive_stream_windows(t.vocabulary, t.tokens, t.width)
    assert [
        (tuple(map(int, w)), int(y), int(p))
        for w, y, p in zip(d.windows, d.targets, d.positions, strict=True)
    ] == ref


@given(small_machines, st.integers(0, 2**16))
def test_pairwise_lstsq_on_configurations_is_exact(machine, seed):
    """theory.md fact 3: zero residual, every training window reproduced."""
    d = training_data(machine, "configurations:300", seed=seed)
    p = fit_linear_predictor(d, features="pairwise")
    assert p.info.residual < 1e-9
    pred, margin = p.predict(d.windows)
    assert (pred == d.targets).all()
    assert margin.min() > 0.5


@given(small_machines, st.integers(0, 2**16))
def test_perceptron_on_additive_configurations_converges(machine, seed):
    """theory.md fact 1: the additive class separates the windows."""
    d = training_data(machine, "configurations:300", seed=seed)
    p = fit_perceptron(d, features="additive")
    assert p.info.converged
    pred, margin = p.predict(d.windows)
    assert (pred == d.targets).all()
    assert margin.min() >= 1


@given(
    small_machines.flatmap(lambda m: st.tuples(st.just(m), tape_inputs(m, max_size=3)))
)
def test_rollout_equals_simulator_for_exact_fit(case):
    """A fit that reproduces every window of a run rolls the run out exactly."""
    machine, word = case
    batch = tableau_batch(machine, all_words(machine, 3), max_steps=5000)
    data = stream_windows(batch.vocabulary, batch.streams, batch.window.width)
    assume(len(data) > 0)  # every run stops at once: no CoT to learn
    p = fit_linear_predictor(data, features="pairwise")
    r = rollout(p, machine, word, window=batch.window, steps=batch.steps)
    assert r.agrees, r.first_error


@given(
    window_sets(max_positions=1),
    st.sampled_from(FEATURE_KINDS),
    st.booleans(),
    st.integers(0, 20),
)
def test_rollout_kernel_equals_reference(data, kind, tied, n_tokens):
    vocab = data.vocabulary
    p = fit_perceptron(data, features=kind, max_epochs=2, tied=tied)
    if not tied:
        n_tokens = min(n_tokens, p.positions)
    width = 3
    prompt = np.array([0, *[int(t) for t in data.windows[0]]], np.int64)
    ours = generate(p, prompt, n_tokens, width)
    assert list(ours) == naive_rollout(p, prompt, n_tokens, width)
    assert len(vocab) >= 2


@given(turing_machines(max_states=4, max_symbols=3), st.integers(0, 2**16))
def test_pairwise_lstsq_on_configurations_is_verified_over_all_windows(machine, seed):
    """fit -> verify: the pairwise fit is proven on every window."""
    r = certify(
        machine, learner="lstsq", features="pairwise", seed=seed, certificate=False
    )
    assert r.verified, r.verification.counterexample


# Regressions: configurations data once missed (#, 0, #) (one-cell rows
# always held the head) and, at the old default size 8 V^2, a head window.
_NO_RULES = TuringMachine(
    states=["A", "Z"],
    symbols=["0", "1"],
    start="A",
    halt_states=["Z"],
    transitions={},
)
_ONE_RULE = TuringMachine(
    states=["A", "B", "Z"],
    symbols=["0", "1", "2"],
    start="A",
    halt_states=["Z"],
    transitions={("B", "2"): ("0", "L", "B")},
)


@given(turing_machines(max_states=4, max_symbols=3), st.integers(0, 2**16))
@example(_NO_RULES, 0)
@example(_ONE_RULE, 0)
def test_additive_perceptron_on_configurations_is_verified(machine, seed):
    """fit -> verify: ERM for the additive class, with covering data."""
    r = certify(
        machine, learner="perceptron", features="additive", seed=seed, certificate=False
    )
    assert r.predictor.info.converged
    assert r.verified, r.verification.counterexample


@given(
    turing_machines(max_states=4, max_symbols=3, halting=True).flatmap(
        lambda m: st.tuples(st.just(m), tape_inputs(m, max_size=5))
    ),
    st.sampled_from(FEATURE_KINDS),
)
def test_rollout_of_constructed_predictor_equals_simulator(case, kind):
    """The constructed predictor, rolled out from the prompt alone, writes the
    simulator's CoT on any input (Cor 3.9 for the tableau encoding)."""
    machine, word = case
    p = as_predictor(tableau_weights(machine, kind), machine)
    r = rollout(p, machine, word, max_steps=5000)
    assert r.agrees, r.first_error


@given(
    st.integers(0, 4).flatmap(
        lambda n_in: st.tuples(
            st.just(n_in),
            st.lists(
                st.lists(st.integers(0, 1), min_size=n_in + 3, max_size=n_in + 3),
                min_size=1,
                max_size=8,
            ),
        )
    ),
    st.integers(1, 5),
)
def test_threshold_perceptron_kernel_equals_reference(case, epochs):
    n_in, rows = case
    arr = np.array(rows, np.int64)
    p = fit_threshold_perceptron(arr, n_in, max_epochs=epochs)
    w, b, e, m = naive_threshold_perceptron(arr, n_in, epochs)
    for t in range(p.positions):
        assert p.weights[t, : n_in + t].tolist() == w[t]
        assert not p.weights[t, n_in + t :].any()
    assert p.thresholds.tolist() == b
    assert p.info.epochs == max(e)
    assert p.info.mistakes == sum(m)


@given(
    turing_machines(max_states=3, max_symbols=2, halting=True),
    st.integers(0, 3),
)
def test_threshold_perceptron_learns_every_circuit_cot(machine, n):
    """Each gate is a threshold of earlier bits: the perceptron converges and
    its rollout writes the circuit CoT of every input (Thm 3.3 + 3.8)."""
    from arcot.learn.data import circuit_data

    data = circuit_data(machine, n, max_steps=2000)
    p = fit_threshold_perceptron(data.contexts, data.n_inputs)
    assert p.info.converged
    for row in data.contexts:
        assert p.rollout(row[: data.n_inputs]).tolist() == row[data.n_inputs :].tolist()
