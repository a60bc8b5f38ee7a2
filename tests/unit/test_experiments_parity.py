"""The parity experiment: near chance without a CoT, verified with one."""

import numpy as np
import pytest

from arcot.errors import LearningError, SizeLimitExceeded
from arcot.experiments.parity import MAX_N, _least_samples, _rollout, run_parity


@pytest.fixture(scope="module")
def small():
    return run_parity([6, 7, 8], k_values=[2, 3], seeds=2, seed=0)


def test_no_cot_stays_near_chance(small):
    for row in small["rows"]:
        assert abs(row["no_cot_accuracy"] - 0.5) <= 0.1, row
        assert abs(row["no_cot_perceptron_accuracy"] - 0.5) <= 0.1, row


def test_with_the_cot_the_rollout_is_right_on_every_input(small):
    for row in small["rows"]:
        assert row["verified"] is True
        assert row["cot_accuracy"] == 1.0
        assert row["cot_tokens"] == int(row["n"]).bit_length()
        assert 1 <= row["cot_samples"] <= 2 ** row["n"]
        assert row["cot_samples"] == max(row["cot_samples_per_seed"])


def test_the_chain_rows(small):
    assert [(r["n"], r["k"]) for r in small["chain"]] == [
        (n, k) for n in (6, 7, 8) for k in (2, 3)]
    for r in small["chain"]:
        assert r["verified"] and r["accuracy"] == 1.0
        assert r["cot_tokens"] == -(-(r["n"] - 1) // (r["k"] - 1))
        assert r["candidates_examined"] >= r["cot_tokens"]


def test_deterministic_by_seed():
    def strip(result):
        return [{k: v for k, v in r.items() if k not in ("seconds", "search_seconds")}
                for r in result["rows"] + result["chain"]]

    a = run_parity([6], k_values=[2], seeds=2, seed=3)
    b = run_parity([6], k_values=[2], seeds=2, seed=3)
    assert strip(a) == strip(b)


def test_the_least_samples_are_least():
    from arcot.circuit import all_bit_inputs, parity_circuit
    from arcot.experiments.parity import _cot_learned

    x = all_bit_inputs(7).astype(np.int64)
    cot = parity_circuit(7).evaluate(x).astype(np.int64)
    k = _least_samples(x, cot, np.random.default_rng(5), 1 << 16)
    order = np.random.default_rng(5).permutation(len(x))
    assert _cot_learned(x, cot, order, k)
    assert k == 1 or not _cot_learned(x, cot, order, k - 1)
    # a cap below the need: none found
    assert _least_samples(x, cot, np.random.default_rng(5), k - 1) is None


def test_rollout_reads_its_own_tokens():
    # token 0 copies x0; token 1 copies token 0 (not the input)
    w = np.array([[1, 0, 0, 0], [0, 0, 1, 0]])
    out = _rollout(w, np.array([1, 1]), np.array([[0, 1], [1, 0]]))
    assert out.tolist() == [[0, 0], [1, 1]]


@pytest.mark.parametrize(("ns", "error"), [
    ([1], LearningError), ([], LearningError), ([2.5], LearningError),
    ([MAX_N + 1], SizeLimitExceeded)])
def test_bad_lengths(ns, error):
    with pytest.raises(error):
        run_parity(ns)


def test_bad_options():
    with pytest.raises(LearningError, match="seeds"):
        run_parity([4], seeds=0)
    with pytest.raises(LearningError, match="sparsities"):
        run_parity([4], k_values=[1])
    with pytest.raises(LearningError, match="samples"):
        run_parity([4], samples=0)


def test_plot(tmp_path, small):
    pytest.importorskip("matplotlib")
    from arcot.experiments.parity import plot_parity

    fig = plot_parity(small, str(tmp_path / "p.png"))
    assert (tmp_path / "p.png").stat().st_size > 0 and fig is not None
