"""The parity experiment: near chance without a CoT, verified with one."""

from __future__ import annotations

import math

import numpy as np
import pytest

from arcot.circuit import all_bit_inputs, chain_parity_circuit, parity_circuit
from arcot.errors import LearningError, SizeLimitExceeded
from arcot.experiments import parity as P
from arcot.learn import fit_threshold_perceptron
from arcot.learn.predictor import ThresholdPredictor

TIMING = ("seconds", "search_seconds")


@pytest.fixture(scope="module")
def small():
    """A run of seconds with the defaults: n = 6..8, chains of k = 2, 3."""
    return P.run_parity([6, 7, 8], k_values=[2, 3], seeds=2, seed=0)


def _without_timing(result):
    return [{k: v for k, v in r.items() if k not in TIMING}
            for r in result["rows"] + result["chain"]]


# -- the claims ------------------------------------------------------------


def test_no_cot_stays_near_chance(small):
    for row in small["rows"]:
        assert abs(row["no_cot_accuracy"] - 0.5) <= 0.1, row
        assert abs(row["no_cot_perceptron_accuracy"] - 0.5) <= 0.1, row


def test_with_the_cot_the_rollout_is_right_on_every_input(small):
    for row in small["rows"]:
        assert row["verified"] is True
        # trained on the same K inputs as the no-CoT control
        assert row["cot_accuracy"] == 1.0 and row["cot_sequence_accuracy"] == 1.0
        assert row["cot_tokens"] == row["n"].bit_length()
        assert row["cot_samples"] == max(row["cot_samples_per_seed"])
        assert all(1 <= k <= P.MAX_SAMPLES for k in row["cot_samples_per_seed"])


@pytest.mark.parametrize("n", [6, 8])
def test_the_samples_found_are_right_on_every_input_and_one_fewer_is_not(small, n):
    """Refit each seed at its K and roll out with arcot.learn's own per-input
    rollout (not this module's), against the circuit's CoT."""
    (row,) = [r for r in small["rows"] if r["n"] == n]
    inputs = all_bit_inputs(n)
    want = parity_circuit(n).evaluate(inputs).tolist()
    for s, k in enumerate(row["cot_samples_per_seed"]):
        x = P.draw_inputs(n, k, seed=s)
        fit = P.fit_cot_perceptron(P._training(n, x), n)
        assert [fit.rollout(bits).tolist() for bits in inputs] == want
        if k > 1:
            fewer = P.fit_cot_perceptron(P._training(n, x[: k - 1]), n)
            assert not P.rollout_check(fewer, n)["verified"]


def test_the_chain_rows(small):
    assert [(r["n"], r["k"]) for r in small["chain"]] == [
        (n, k) for n in (6, 7, 8) for k in (2, 3)]
    for r in small["chain"]:
        assert r["verified"] and r["accuracy"] == 1.0
        assert r["cot_tokens"] == -(-(r["n"] - 1) // (r["k"] - 1))
        # the whole class of every step, summed over the steps
        n, k = r["n"], r["k"]
        assert r["candidates_examined"] == sum(
            math.comb(n + t, j)
            for t in range(r["cot_tokens"]) for j in range(1, k + 1))
        assert r["cot_tokens"] <= r["first_fit_candidates"] <= r["candidates_examined"]
        assert r["no_cot_candidates"] == 2 ** n - 1


def test_the_chain_samples_are_least(small):
    """With nested samples the first agreeing subset can only stay put as
    rows are added, so bisection finds the least sample size."""
    for r in small["chain"]:
        n, k = r["n"], r["k"]
        for s, need in enumerate(r["samples_per_seed"]):
            x = P.draw_inputs(n, need, seed=s)
            assert P._chain_check(n, k, P.learn_chain(n, k, x)["subsets"])[1] == 2 ** n
            if need > 1:
                fewer = P.learn_chain(n, k, x[: need - 1])["subsets"]
                assert P._chain_check(n, k, fewer)[1] < 2 ** n


def test_deterministic_by_seed():
    a = P.run_parity([6], k_values=[2], seeds=2, seed=3)
    b = P.run_parity([6], k_values=[2], seeds=2, seed=3)
    assert _without_timing(a) == _without_timing(b)
    c = P.run_parity([6], k_values=[2], seeds=2, seed=4)
    assert _without_timing(a) != _without_timing(c)


def test_the_uniform_plain_perceptron_too():
    """The other settings run and are verified (they need more samples)."""
    r = P.run_parity([6], k_values=[], seeds=1, distribution="uniform", margin=0)
    (row,) = r["rows"]
    assert row["verified"] and row["distribution"] == "uniform" and row["margin"] == 0
    assert r["chain"] == []


def test_a_cap_below_the_need_is_not_verified():
    r = P.run_parity([7], k_values=[2], seeds=1, max_samples=4)
    (row,), (crow,) = r["rows"], r["chain"]
    assert row["cot_samples"] is None and row["verified"] is False
    assert row["cot_samples_per_seed"] == [None]
    assert crow["samples"] is None and crow["verified"] is False


def test_on_row_sees_every_row():
    seen = []
    r = P.run_parity([6], k_values=[2, 3], seeds=1, on_row=seen.append)
    assert seen == r["rows"][:1] + r["chain"]


# -- the parts -------------------------------------------------------------


def test_draws_are_nested_and_seeded():
    for dist in P.DISTRIBUTIONS:
        long = P.draw_inputs(9, 3000, seed=2, distribution=dist)
        assert long.shape == (3000, 9) and set(np.unique(long)) <= {0, 1}
        shorter = P.draw_inputs(9, 1500, seed=2, distribution=dist)
        other = P.draw_inputs(9, 100, seed=3, distribution=dist)
        assert (shorter == long[:1500]).all() and not (other == long[:100]).all()
    assert P.draw_inputs(4, 0).shape == (0, 4)


def test_the_weights_distribution_spreads_the_number_of_ones():
    """Every count 0..n about equally often (uniform bits put a third of
    the draws on counts 4..6 of 10 and almost none on 0 or 10)."""
    n, count = 10, 11_000
    ones = P.draw_inputs(n, count, seed=0, distribution="weights").sum(axis=1)
    freq = np.bincount(ones, minlength=n + 1) / count
    assert np.all(np.abs(freq - 1 / (n + 1)) < 0.02), freq
    bits = P.draw_inputs(n, count, seed=0, distribution="uniform")
    assert abs(bits.mean() - 0.5) < 0.01


@pytest.mark.parametrize("n", range(2, 10))
def test_the_oracles_are_the_circuits(n):
    x = all_bit_inputs(n)
    m = parity_circuit(n).n_gates
    assert (P._count_bits(x, m) == parity_circuit(n).evaluate(x)).all()
    for k in (2, 3, 4):
        chain = chain_parity_circuit(n, k).evaluate(x)
        assert (P._prefix_parities(x, n, k) == chain).all()
    chunks = list(P._all_inputs(n))
    assert (np.concatenate(chunks) == x).all()


def test_the_margin_zero_perceptron_is_arcots_update_for_update():
    rng = np.random.default_rng(0)
    for n in (4, 7, 9):
        x = rng.integers(0, 2, size=(300, n))
        rows = P._training(n, x)
        mine = P._margin_perceptron(rows, n, [0] * (rows.shape[1] - n), 1000)
        theirs = fit_threshold_perceptron(rows, n, max_epochs=1000)
        assert (mine[0] == theirs.weights).all()
        assert (mine[1] == theirs.thresholds).all()
        assert mine[2] == theirs.info.epochs and mine[3] == 0


def test_the_margin_perceptron_keeps_its_margin():
    n = 8
    rows = P._training(n, P.draw_inputs(n, 300, seed=1))
    fit = P.fit_cot_perceptron(rows, n, margin=1.5)
    assert fit.info.converged
    for t in range(fit.positions):
        c = n + t
        slack = rows[:, :c] @ fit.weights[t, :c] - fit.thresholds[t]
        mu = math.ceil(1.5 * (c + 1))
        y = rows[:, c] == 1
        assert (slack[y] >= mu).all() and (slack[~y] <= -1 - mu).all()


def _circuit_predictor(n):
    """Thm 3.11's circuit read as per-token threshold weights."""
    circuit = parity_circuit(n)
    names = [f"x{i}" for i in range(n)] + [g.name for g in circuit.gates]
    w = np.zeros((circuit.n_gates, len(names)), np.int64)
    for t, gate in enumerate(circuit.gates):
        for src, weight in gate.terms:
            w[t, names.index(src)] = weight
    b = np.array([g.threshold for g in circuit.gates], np.int64)
    return ThresholdPredictor(n_inputs=n, weights=w, thresholds=b)


@pytest.mark.parametrize("n", [7, 17])
def test_rollout_check_passes_the_circuit_and_finds_a_wrong_token(n):
    exact = _circuit_predictor(n)
    assert P.rollout_check(exact, n) == {
        "answer_right": 2 ** n, "sequence_right": 2 ** n, "inputs": 2 ** n,
        "verified": True}
    w = exact.weights.copy()
    w[-1, 0] += 1 << 20  # the answer token now fires whenever x0 is on
    bad = ThresholdPredictor(n_inputs=n, weights=w, thresholds=exact.thresholds)
    got = P.rollout_check(bad, n)
    # wrong exactly where x0 = 1 and the parity is 0: a quarter of the inputs
    assert got["answer_right"] == got["sequence_right"] == 2 ** n - 2 ** n // 4
    assert not got["verified"] and got["inputs"] == 2 ** n
    early = P.rollout_check(bad, n, stop_at_first=True)
    assert not early["verified"]
    # x0 is the top bit of the row number: every block of 2^16 inputs below
    # the second half is right, so the check stops in the first block past it
    assert early["inputs"] == min(2 ** n, 2 ** (n - 1) + 2 ** 16)


def test_learn_chain_finds_the_chain():
    r = P.learn_chain(9, 3, P.draw_inputs(9, 64, seed=0, distribution="uniform"))
    assert len(r["subsets"]) == 4
    assert P._chain_check(9, 3, r["subsets"]) == (2 ** 9, 2 ** 9)
    assert r["consistent"] >= 4


# -- the plot --------------------------------------------------------------


def test_plot(small, tmp_path):
    pytest.importorskip("matplotlib")
    path = tmp_path / "parity.png"
    fig = P.plot_parity(small, str(path))
    assert path.stat().st_size > 0 and len(fig.axes) == 3
    with pytest.raises(LearningError, match="path"):
        P.plot_parity(small)
    with pytest.raises(LearningError, match="rows"):
        P.plot_parity({"rows": []}, str(path))


# -- bad input ---------------------------------------------------------------


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"ns": [1]}, "n must be an integer >= 2"),
    ({"ns": []}, "no input length"),
    ({"ns": [6, 6]}, "twice"),
    ({"ns": "6"}, "list of input lengths"),
    ({"ns": [6.0]}, "n must be an integer"),
    ({"ns": [6], "k_values": [1]}, "k must be an integer >= 2"),
    ({"ns": [6], "k_values": [2, 2]}, "twice"),
    ({"ns": [6], "seeds": 0}, "seeds"),
    ({"ns": [6], "samples": 0}, "samples"),
    ({"ns": [6], "distribution": "normal"}, "distribution"),
    ({"ns": [6], "margin": -1}, "margin"),
    ({"ns": [6], "margin": float("nan")}, "margin"),
    ({"ns": [6], "max_samples": True}, "max_samples"),
    ({"ns": [6], "chain_samples": 0}, "chain_samples"),
])
def test_bad_arguments_raise(kwargs, message):
    ns = kwargs.pop("ns")
    with pytest.raises(LearningError, match=message):
        P.run_parity(ns, **kwargs)


def test_past_the_exhaustive_limit():
    with pytest.raises(SizeLimitExceeded, match="2\\^n"):
        P.run_parity([P.MAX_N + 1])


def test_bad_parts_raise():
    with pytest.raises(LearningError, match="0 and 1"):
        P.fit_cot_perceptron(np.array([[0, 2]]), 1, margin=1)
    with pytest.raises(LearningError, match="empty"):
        P.fit_cot_perceptron(np.zeros((0, 3), np.int64), 2, margin=1)
    with pytest.raises(LearningError, match="2-d"):
        P.fit_cot_perceptron(np.zeros(3, np.int64), 2, margin=1)
    with pytest.raises(LearningError, match="n_inputs"):
        P.fit_cot_perceptron(np.zeros((2, 3), np.int64), 4, margin=1)
    with pytest.raises(LearningError, match="\\[K, 5\\]"):
        P.learn_chain(5, 2, np.zeros((3, 4), np.int64))
    with pytest.raises(LearningError, match="empty"):
        P.learn_chain(5, 2, np.zeros((0, 5), np.int64))
    with pytest.raises(LearningError, match="k must be"):
        P.learn_chain(5, 1, np.zeros((3, 5), np.int64))
    with pytest.raises(LearningError, match="distribution"):
        P.draw_inputs(5, 3, distribution="gauss")
    fit = P.fit_cot_perceptron(P._training(6, P.draw_inputs(6, 50)), 6)
    with pytest.raises(LearningError, match="over 7 input bits"):
        P.rollout_check(fit, 7)
