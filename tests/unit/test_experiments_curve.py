"""Unit tests of arcot.experiments.curve (Thm 3.3, 3.6) and the learning
curve it runs (arcot.learn.curves)."""

from __future__ import annotations

import json
from unittest import mock

import numpy as np
import pytest

from arcot.errors import LearningError
from arcot.experiments import curve as C
from arcot.learn import fit_linear_predictor, fit_perceptron, generate, tableau_batch
from arcot.learn.curves import CurvePoint, _rollout_all, learning_curve
from arcot.learn.data import all_words, stream_windows
from arcot.zoo import get

INCREMENT = get("increment")


@pytest.fixture(scope="module")
def tiny():
    """A run of seconds: increment, inputs of length <= 1, 2, 3."""
    return C.run_curve(INCREMENT, [1, 2, 3], [1, 4, 16, 64], seeds=3)


# -- the learning curve's batched rollout --------------------------------


@pytest.mark.parametrize("tied", [True, False])
@pytest.mark.parametrize(("learner", "features"), [
    ("lstsq", "pairwise"), ("lstsq", "additive"), ("perceptron", "additive"),
])
def test_batched_rollout_writes_what_generate_writes(tied, learner, features):
    """All prompts at once, the same tokens as one rollout per prompt."""
    batch = tableau_batch(INCREMENT, all_words(INCREMENT, 3))
    width = batch.window.width
    row = width + 1
    fit = fit_linear_predictor if learner == "lstsq" else fit_perceptron
    data = stream_windows(batch.vocabulary, batch.streams[[0, 3, 5, 9]], width)
    p = fit(data, features=features, tied=tied)
    n_tokens = batch.streams.shape[1] - row
    together = _rollout_all(p, batch.streams[:, :row], n_tokens, width)
    one_by_one = np.stack([generate(p, s[:row], n_tokens, width)
                           for s in batch.streams])
    assert np.array_equal(together, one_by_one)
    # a partial fit: some rollouts are wrong, so the comparison means something
    assert (together != batch.streams[:, row:]).any()


def test_learning_curve_counts_each_seed():
    points = learning_curve(INCREMENT, 3, [2, 8, 32], seeds=4, seed=5)
    for p in points:
        assert p.seed == 5 and len(p.rollout_wrong) == len(p.teacher_forced_wrong) == 4
        assert all(0 <= w <= p.inputs for w in p.rollout_wrong)
        assert p.exact == sum(w == 0 for w in p.rollout_wrong)
        assert p.rollout == pytest.approx(sum(p.rollout_wrong) / p.inputs / 4)
        assert p.compounded == 0  # Thm 3.6


def test_learning_curve_samples_grow_with_k():
    """A seed's sample of size K is the same whichever larger K is asked."""
    alone = learning_curve(INCREMENT, 3, [4], seeds=3, tied=False)
    among = learning_curve(INCREMENT, 3, [4, 64], seeds=3, tied=False)
    assert alone[0] == among[0]


def test_extra_steps_repeat_the_halted_rows():
    """Padding lengthens the CoT by whole rows; the prefix is the old tableau
    and the added rows repeat its last (halted) row."""
    from arcot.learn.curves import _longer

    batch = tableau_batch(INCREMENT, all_words(INCREMENT, 3))
    row = batch.window.width + 1
    longer = _longer(INCREMENT, batch, batch.steps + 3)
    length = batch.streams.shape[1]
    assert longer.streams.shape == (len(batch.words), length + 3 * row)
    assert np.array_equal(longer.streams[:, :length], batch.streams)
    for extra in range(3):
        added = longer.streams[:, length + extra * row:length + (extra + 1) * row]
        assert np.array_equal(added, batch.streams[:, -row:])
    plain = learning_curve(INCREMENT, 3, [4], seeds=2)[0]
    padded = learning_curve(INCREMENT, 3, [4], seeds=2, extra_steps=3)[0]
    assert padded.cot_tokens == plain.cot_tokens + 3 * row
    assert padded.extra_steps == 3


def test_learning_curve_rejects_bad_seed():
    with pytest.raises(LearningError, match="seed must"):
        learning_curve(INCREMENT, 2, [1], seed=-1)


# -- run_curve -----------------------------------------------------------


def test_rollout_never_above_teacher_forced(tiny):
    """Thm 3.6, on every row (measured independently, so it could fail)."""
    assert tiny["holds"]
    for row in tiny["rows"]:
        assert row["rollout"] <= row["teacher_forced"]
        assert row["compounded"] == 0 and row["holds"]
    assert len(tiny["rows"]) == 3 * 2 * 4


def test_untied_needs_at_least_the_tied_samples(tiny):
    """On increment the untied need is never below the tied one, and at
    n <= 3 it is above it (a measurement: it could come out otherwise)."""
    shape = tiny["shape"]
    assert shape["untied_not_below_tied"] is True
    points = {p["n"]: p for p in shape["points"]}
    assert all(p["ratio"] is not None and p["ratio"] >= 1 for p in points.values())
    assert points[3]["k_untied"] > points[3]["k_tied"]
    assert points[3]["ratio_over_t"] == points[3]["ratio"] / points[3]["cot_tokens"]


def test_rows_grow_in_t_with_n(tiny):
    ts = [p["cot_tokens"] for p in tiny["shape"]["points"]]
    assert ts == sorted(ts) and len(set(ts)) == 3
    assert tiny["shape"]["exponents"]["k_untied"] is not None


def test_errors_fall_with_k(tiny):
    """Exhaustive test set: at the largest K some fits are exact, at K = 1
    none (increment's inputs differ too much for one to teach them all)."""
    for predictor in ("tied", "untied"):
        rows = [r for r in tiny["rows"] if r["n"] == 3 and r["predictor"] == predictor]
        assert rows[0]["k"] == 1 and rows[0]["exact_fits"] == 0
        assert rows[-1]["rollout"] < rows[0]["rollout"]


def test_result_is_json_and_says_what_it_measured(tiny):
    assert json.loads(json.dumps(tiny)) == tiny
    text = "\n".join(tiny["summary"])
    assert "Thm 3.6" in text and "upper bound" in text
    assert f"on {len(tiny['rows'])} of {len(tiny['rows'])} rows" in text
    equal = sum(r["rollout"] == r["teacher_forced"] for r in tiny["rows"])
    assert f"(equal on {equal})" in text and "steps up to x4.00" in text


def test_deterministic_by_seed():
    args = (INCREMENT, [2], [2, 8])
    a = C.run_curve(*args, seeds=2, seed=7)
    assert C.run_curve(*args, seeds=2, seed=7) == a
    b = C.run_curve(*args, seeds=2, seed=8)
    assert [r["rollout"] for r in a["rows"]] != [r["rollout"] for r in b["rows"]]


def test_t_by_padding_keeps_the_population():
    """T varied at one n: the same inputs; on increment the padded positions
    need no more samples, tied or untied (a measurement)."""
    r = C.run_curve(INCREMENT, [3], [1, 4, 16, 64], seeds=3, extra_steps=[0, 4, 16])
    assert r["settings"]["t_axis"] == "extra_steps" and r["holds"]
    points = r["shape"]["points"]
    assert [p["extra_steps"] for p in points] == [0, 4, 16]
    assert len({p["inputs"] for p in points}) == 1
    assert points[0]["cot_tokens"] < points[1]["cot_tokens"] < points[2]["cot_tokens"]
    assert len({(p["k_tied"], p["k_untied"]) for p in points}) == 1
    assert "padding" in "\n".join(r["summary"])


def test_t_axis_is_one_or_the_other():
    with pytest.raises(LearningError, match="not both"):
        C.run_curve(INCREMENT, [1, 2], [1], extra_steps=[0, 2])


def test_integer_n_means_lengths_one_to_n():
    r = C.run_curve(INCREMENT, 2, [4], seeds=1)
    assert r["settings"]["n"] == [1, 2]
    assert {row["n"] for row in r["rows"]} == {1, 2}


def test_a_compounding_rollout_is_reported():
    """The Thm 3.6 check fails when the counts say it should."""
    bad = CurvePoint(k=1, tied=True, seeds=1, inputs=3, cot_tokens=5,
                     teacher_forced=0.0, rollout=1 / 3, exact=0,
                     teacher_forced_wrong=(0,), rollout_wrong=(1,), compounded=1)
    with mock.patch.object(C, "learning_curve", return_value=[bad]):
        r = C.run_curve(INCREMENT, [1], [1], seeds=1)
    assert not r["holds"] and not r["rows"][0]["holds"]
    assert "on 0 of 2 rows" in r["summary"][0]


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"learner": "svm"}, "learner"),
    ({"features": "cubic"}, "features"),
    ({"n": 0}, "n must"),
    ({"n": []}, "at least one input length"),
    ({"n": [2, 2]}, "twice"),
    ({"n": "3"}, "n must"),
    ({"sizes": []}, "at least one sample size"),
    ({"sizes": [0, 4]}, "sample size"),
    ({"sizes": 4}, "sizes"),
    ({"seeds": 0}, "seeds"),
    ({"seed": -1}, "seed"),
    ({"eps": 1.0}, "eps"),
    ({"delta": -0.1}, "delta"),
    ({"max_steps": -1}, "max_steps"),
    ({"extra_steps": -1}, "extra_steps"),
    ({"extra_steps": []}, "at least one padding"),
    ({"extra_steps": "2"}, "extra_steps"),
])
def test_bad_input_raises(kwargs, match):
    args = {"n": [1], "sizes": [1], **kwargs}
    n, sizes = args.pop("n"), args.pop("sizes")
    with pytest.raises(LearningError, match=match):
        C.run_curve(INCREMENT, n, sizes, **args)


def test_not_a_machine_raises():
    with pytest.raises(LearningError, match="TuringMachine"):
        C.run_curve("zoo:increment", 1, [1])  # type: ignore[arg-type]


# -- samples_needed and curve_shape, on hand-made points -----------------


def _point(k: int, wrong: tuple[int, ...], *, tied: bool = True, inputs: int = 4,
           cot: int = 10) -> CurvePoint:
    return CurvePoint(k=k, tied=tied, seeds=len(wrong), inputs=inputs,
                      cot_tokens=cot, teacher_forced=0.0, rollout=0.0,
                      exact=sum(w == 0 for w in wrong), rollout_wrong=wrong,
                      teacher_forced_wrong=wrong)


def test_samples_needed_by_hand():
    # seed 0 exact from K = 2 on; seed 1 exact at K = 1, one input wrong at
    # K = 2, exact at 4
    points = [_point(1, (3, 0)), _point(2, (0, 1)), _point(4, (0, 0))]
    half = C.samples_needed({(1, 0, "tied"): points}, delta=0.5)[0]
    assert half["per_seed"] == [2, 4]
    assert half["fits_required"] == 1 and half["k_needed"] == 2
    assert C.samples_needed({(1, 0, "tied"): points}, delta=0.0)[0]["k_needed"] == 4
    # one wrong input in four is within eps = 0.25: every seed from K = 1
    loose = C.samples_needed({(1, 0, "tied"): points}, eps=0.25, delta=0.0)[0]
    assert loose["per_seed"] == [2, 1] and loose["k_needed"] == 2
    assert half["k_see_all"] == pytest.approx(4 * (1 + 1 / 2 + 1 / 3 + 1 / 4))


def test_samples_needed_not_reached_is_none():
    points = [_point(1, (1,)), _point(8, (1,))]
    got = C.samples_needed({(1, 0, "untied"): points})[0]
    assert got["per_seed"] == [None] and got["k_needed"] is None
    assert got["k_max"] == 8


def test_curve_shape_by_hand():
    needed = []
    for length, t in ((1, 10), (2, 20), (3, 40)):
        for predictor, k in (("tied", t), ("untied", t * t)):
            needed.append({"n": length, "cot_tokens": t, "inputs": 5,
                           "predictor": predictor, "k_needed": k, "k_max": 4096,
                           "k_see_all": 11.4})
    shape = C.curve_shape(needed)
    assert [p["ratio"] for p in shape["points"]] == [10, 20, 40]
    assert [p["ratio_over_t"] for p in shape["points"]] == [1, 1, 1]
    assert shape["exponents"]["k_tied"] == pytest.approx(1)
    assert shape["exponents"]["k_untied"] == pytest.approx(2)
    assert shape["exponents"]["ratio"] == pytest.approx(1)
    assert shape["untied_not_below_tied"] is True
    needed[-1]["k_needed"] = None  # untied at T = 40 past the grid
    last = C.curve_shape(needed)["points"][-1]
    assert last["ratio"] is None and last["ratio_above"] == 4096 / 40
    needed[0]["k_needed"], needed[1]["k_needed"] = 20, 10  # untied below tied
    assert C.curve_shape(needed)["untied_not_below_tied"] is False


def test_curve_shape_needs_both_predictors():
    with pytest.raises(LearningError, match="tied and an untied"):
        C.curve_shape([{"n": 1, "cot_tokens": 5, "inputs": 3, "predictor": "tied",
                        "k_needed": 1, "k_max": 1, "k_see_all": 5.5}])


# -- plot_curve ----------------------------------------------------------


def test_plot_curve_saves_two_panels(tiny, tmp_path):
    pytest.importorskip("matplotlib")
    path = tmp_path / "curve.png"
    fig = C.plot_curve(tiny, str(path))
    assert path.stat().st_size > 0 and len(fig.axes) == 2
    lines = fig.axes[0].get_lines()
    assert len(lines) == 4  # tied, untied x rollout, teacher-forced
    assert fig.axes[0].get_title().startswith("n <= 3")


def test_plot_curve_draws_rows_into_an_axes(tiny):
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    assert C.plot_curve(tiny["rows"], ax=ax, n=1) is ax.figure
    assert ax.get_title().startswith("n <= 1")


def test_plot_curve_bad_input(tiny):
    with pytest.raises(LearningError, match="path to save to or an ax"):
        C.plot_curve(tiny)
    with pytest.raises(LearningError, match="no rows for n=9"):
        C.plot_curve(tiny, "x.png", n=9)
    with pytest.raises(LearningError, match="at least one row"):
        C.plot_curve([], "x.png")
