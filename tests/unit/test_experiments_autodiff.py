"""arcot.experiments.autodiff: the paper's linear model and MLP, by cross-entropy.

Skipped only where the ``experiments`` extra (JAX, optax) is not installed;
CI installs it.
"""

from __future__ import annotations

import itertools
import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("jax")
pytest.importorskip("optax")

from arcot.errors import LearningError
from arcot.experiments.autodiff import (
    CrossEntropyModel,
    _chunks,
    _layout,
    _programs,
    fit_cross_entropy,
    jax_available,
)
from arcot.experiments.sequences import SequenceData, greedy_rollout, score


def reversal() -> SequenceData:
    """[BOS] a b c, then c b a: every written token is one earlier token."""
    digits = itertools.product(range(1, 5), repeat=3)
    rows = [[0, a, b, c, c, b, a] for a, b, c in digits]
    return SequenceData(tokens=np.array(rows), prompt=4,
                        vocabulary=("[BOS]", "1", "2", "3", "4"), answer=slice(4, 7))


def xor() -> SequenceData:
    """[BOS] a b, then a xor b: no sum of a weight for a and one for b
    separates it, so the linear model cannot, the MLP can."""
    bits = itertools.product(range(2), repeat=2)
    rows = [[0, 1 + a, 1 + b, 1 + (a ^ b)] for a, b in bits]
    return SequenceData(tokens=np.array(rows), prompt=3, vocabulary=("[BOS]", "0", "1"),
                        answer=slice(3, 4))


@pytest.fixture(scope="module")
def reversal_models() -> dict[str, CrossEntropyModel]:
    return {m: fit_cross_entropy(reversal(), model=m, width=8, steps=150, batch=32,
                                 lr=1e-2, seed=0)
            for m in ("linear", "mlp")}


@pytest.mark.parametrize("model", ["linear", "mlp"])
def test_both_models_learn_a_reversal_to_exact_rollout(reversal_models, model):
    data = reversal()
    fitted = reversal_models[model]
    written = greedy_rollout(fitted, data)
    assert score(written, data).sequence_match == 1.0
    assert (written == data.tokens).all()
    assert fitted.info.final_loss < 0.05


def test_the_mlp_computes_xor_and_the_linear_model_cannot():
    data = xor()
    scores = {m: score(greedy_rollout(fit_cross_entropy(
        data, model=m, width=8, steps=300, batch=16, lr=1e-2, seed=0), data), data)
        for m in ("linear", "mlp")}
    assert scores["mlp"].exact_match == 1.0
    # Of the 4 inputs a linear argmax gets 3 at most.
    assert scores["linear"].exact_match <= 0.75


def test_a_model_reads_only_the_tokens_before_t(reversal_models):
    fitted = reversal_models["mlp"]
    tokens = reversal().tokens
    for t in range(4, 7):
        changed = tokens.copy()
        changed[:, t:] = (changed[:, t:] % 4) + 1  # every later token differs
        np.testing.assert_array_equal(fitted.next_scores(tokens, t),
                                      fitted.next_scores(changed, t))
        # And a context cut at t scores the same as the whole row.
        np.testing.assert_array_equal(fitted.next_scores(tokens[:, :t], t),
                                      fitted.next_scores(tokens, t))


def test_the_same_seed_trains_the_same_model_and_another_does_not():
    data = reversal()
    hits = _programs.cache_info().hits
    a, b, c = (fit_cross_entropy(data, model="mlp", width=4, steps=20, batch=8, seed=s)
               for s in (3, 3, 4))
    assert _programs.cache_info().hits == hits + 2  # compiled once for the three
    assert a.params.keys() == b.params.keys()
    for name in a.params:
        np.testing.assert_array_equal(a.params[name], b.params[name])
    assert a.info.final_loss == b.info.final_loss
    assert not np.array_equal(a.params["blocks"], c.params["blocks"])


def test_parameters_count_as_the_paper_and_as_stored(reversal_models):
    # T = 7, d = 8, V = 5; the rows scoring positions 4, 5, 6 read 4 + 5 + 6
    # blocks; the paper counts the mask's T(T + 1)/2 = 28 blocks.
    shared = 5 * 8 + 8 * 5 + 5
    linear, mlp = reversal_models["linear"].info, reversal_models["mlp"].info
    assert linear.parameters == 28 * 64 + shared
    assert linear.stored_parameters == 15 * 64 + shared
    assert mlp.parameters - linear.parameters == 8 * 8 + 8
    assert mlp.stored_parameters - linear.stored_parameters == 8 * 8 + 8
    assert reversal_models["mlp"].params["blocks"].shape == (15, 8, 8)
    assert linear.trained_positions == 3
    assert linear.train_seconds > 0 and linear.tokens_per_second > 0


def test_training_the_prompt_too_adds_its_rows():
    fitted = fit_cross_entropy(reversal(), model="linear", width=4, steps=3, batch=4,
                               train_prompt=True)
    assert fitted.first == 1
    assert fitted.info.trained_positions == 6
    assert fitted.params["blocks"].shape == (1 + 2 + 3 + 4 + 5 + 6, 4, 4)
    assert fitted.next_scores(reversal().tokens, 1).shape == (64, 5)


def test_packed_blocks_are_the_trained_chunks_row_after_row():
    # The index of every row's blocks, checked against a direct count.
    offsets, index, packed = _layout(7, 3)
    assert packed == 3 + 4 + 5 + 6
    for r, t in enumerate(range(3, 7)):
        assert index[r, :t].tolist() == list(range(offsets[r], offsets[r] + t))
        assert (index[r, t:] == packed).all()
    # Chunks cover every row once, each reading the inputs before its first row.
    for rows, first in ((5, 2), (40, 7), (1, 3)):
        chunks = _chunks(rows, first)
        assert [r for lo, hi, _ in chunks for r in range(lo, hi)] == list(range(rows))
        assert all(shared == first + lo for lo, _, shared in chunks)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"model": "transformer"}, "model must be one of linear, mlp"),
    ({"width": 0}, "width must be an integer >= 1"),
    ({"steps": 2.5}, "steps must be an integer >= 1"),
    ({"batch": True}, "batch must be an integer >= 1"),
    ({"lr": 0.0}, "lr must be a finite number > 0"),
    ({"clip": float("nan")}, "clip must be a finite number > 0"),
    ({"weight_decay": -0.1}, "weight_decay must be finite and >= 0"),
    ({"device": "tpu"}, "device must be one of cpu, gpu"),
])
def test_bad_arguments_raise(kwargs, message):
    with pytest.raises(LearningError, match=message):
        fit_cross_entropy(reversal(), **kwargs)


def test_data_must_be_sequence_data():
    with pytest.raises(LearningError, match="data must be a SequenceData"):
        fit_cross_entropy(np.zeros((2, 3), dtype=int))  # type: ignore[arg-type]


def test_positions_outside_the_model_raise(reversal_models):
    fitted = reversal_models["linear"]
    tokens = reversal().tokens
    with pytest.raises(LearningError, match="scores positions 4 to 6, got t=3"):
        fitted.next_scores(tokens, 3)
    with pytest.raises(LearningError, match="scores positions 4 to 6, got t=7"):
        fitted.next_scores(tokens, 7)
    with pytest.raises(LearningError, match=r"tokens must be integer \(rows, >= 5\)"):
        fitted.next_scores(tokens[:, :4], 5)


def test_a_token_outside_the_vocabulary_raises(reversal_models):
    # Regression: JAX clamps an out-of-range embedding index, so an id past
    # the vocabulary was scored as the last token instead of refused.
    tokens = reversal().tokens.copy()
    tokens[0, 1] = len(reversal().vocabulary)
    with pytest.raises(LearningError, match="outside the model's vocabulary"):
        reversal_models["mlp"].next_scores(tokens, 4)


def test_params_are_read_only(reversal_models):
    with pytest.raises(ValueError, match="read-only"):
        reversal_models["linear"].params["blocks"][0, 0, 0] = 1.0


def test_gpu_without_one_names_it():
    import jax

    if any(d.platform == "gpu" for d in jax.devices()):
        pytest.skip("a GPU is present")
    no_gpu = "device='gpu' asked for, but JAX finds no GPU"
    with pytest.raises(LearningError, match=no_gpu):
        fit_cross_entropy(reversal(), device="gpu")


def test_the_module_imports_without_jax_and_names_the_extra():
    # A fresh interpreter where jax cannot be imported.
    code = (
        "import sys; sys.modules['jax'] = None\n"
        "import numpy as np\n"
        "from arcot.errors import LearningError\n"
        "from arcot.experiments.autodiff import fit_cross_entropy\n"
        "from arcot.experiments.sequences import SequenceData\n"
        "d = SequenceData(tokens=np.array([[0, 1]]), prompt=1, vocabulary=('a', 'b'),"
        " answer=slice(1, 2))\n"
        "try:\n"
        "    fit_cross_entropy(d)\n"
        "except LearningError as e:\n"
        "    print(e)\n"
        "from arcot.experiments.autodiff import jax_available\n"
        "print('available:', jax_available())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert "pip install 'arcot[experiments]'" in out
    assert "jax is not installed" in out
    assert "available: False" in out


def test_jax_is_available_here():
    assert jax_available()


# -- on the paper's multiplication data ------------------------------------------

def test_run_autodiff_returns_its_row():
    from arcot.experiments.autodiff import run_autodiff

    row = run_autodiff(2, "no_cot", model="linear-ce", width=8, steps=10, batch=16,
                       max_train=500, test_pairs=1000, seed=1)
    assert row["model"] == "linear-ce" and row["format"] == "no_cot"
    assert row["digits"] == 2 and row["sequence_tokens"] == 11
    assert row["train_pairs"] == 500 and row["test_pairs"] == 1000
    assert row["split_rule"] == "random"
    # T = 11, d = 8, V = 117: 66 blocks as the paper counts, 7 + 8 + 9 + 10
    # stored (the rows of the product's four digits).
    shared = 117 * 8 * 2 + 117
    assert row["parameters"] == 66 * 64 + shared
    assert row["stored_parameters"] == 34 * 64 + shared
    assert 0 <= row["exact_match"] <= row["digit_accuracy"] <= 1
    assert row["cot_match"] is None  # no CoT to get right
    assert row["train_seconds"] > 0 and row["tokens_per_second"] > 0
    for key in ("width", "steps", "batch", "lr", "seed", "device", "final_loss",
                "eval_seconds", "sequence_match"):
        assert key in row


def test_run_autodiff_scores_the_cot_before_the_answer():
    from arcot.experiments.autodiff import run_autodiff

    row = run_autodiff(2, "cot", model="linear", width=16, steps=150, batch=64,
                       lr=1e-2, max_train=3000, test_pairs=300)
    # Every CoT step before the sum is a lookup (a digit copied, a joint
    # token from two digits, the two digits of a one-digit product): linear
    # in the one-hot context, learned in 150 steps, on held-out pairs too.
    # The final sum is not.
    assert row["cot_match"] >= 0.9
    assert row["sequence_match"] <= row["cot_match"]
    assert row["sequence_match"] <= row["exact_match"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"model": "lstsq"}, "model must be one of linear"),
    ({"max_train": 0}, "max_train must be an integer >= 1"),
    ({"test_pairs": 2.0}, "test_pairs must be an integer >= 1"),
])
def test_run_autodiff_refuses_bad_arguments(kwargs, message):
    from arcot.experiments.autodiff import run_autodiff

    with pytest.raises(LearningError, match=message):
        run_autodiff(2, "cot", **kwargs)
