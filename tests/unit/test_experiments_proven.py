"""Multiplication the arcot way: zoo:multiply, its length law, the proven
least-squares predictor, its certificate and its rollout."""

import dataclasses
import itertools
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from arcot.construct import ExactWeights
from arcot.errors import LearningError
from arcot.experiments import proven
from arcot.length import fit_length, measure_length
from arcot.machine import machine_from_table, run
from arcot.pipeline import as_predictor
from arcot.verify import checker
from arcot.zoo import ZOO

ROOT = Path(__file__).resolve().parents[2]
CERT = ROOT / "proofs" / "valid" / "multiply-lstsq-pairwise.cert.json"
MACHINE = ZOO["multiply"].machine


def test_machine_is_small():
    assert (len(MACHINE.states), len(MACHINE.symbols)) == (9, 6)
    assert MACHINE.input_symbols == ("0", "1", "*")


def test_machine_multiplies_every_pair_of_up_to_6_bits():
    """Against Python, on every pair of bit strings of 0..6 bits (leading
    zeros, empty factors), written out here rather than via check_machine."""
    strings = ["".join(p) for n in range(7) for p in itertools.product("01", repeat=n)]
    for a, b in itertools.product(strings, repeat=2):
        r = run(MACHINE, f"{a}*{b}", max_steps=10_000)
        product = int(a or "0", 2) * int(b or "0", 2)
        assert r.state == "done", (a, b)
        assert int(r.tape_text().strip("_") or "0", 2) == product, (a, b)
        assert len(r.tape_text().strip("_")) == len(a) + len(b), (a, b)


def test_check_machine_counts_and_finds_a_wrong_machine(monkeypatch):
    assert proven.check_machine(3) == {"pairs": 225, "max_bits": 3}
    broken = machine_from_table(_broken_table(), input_symbols=["0", "1", "*"],
                                name="multiply")
    entry = dataclasses.replace(ZOO["multiply"], machine=broken)
    monkeypatch.setattr(proven, "ZOO", {"multiply": entry})
    with pytest.raises(LearningError, match=r"zoo:multiply on '.*': tape"):
        proven.check_machine(3)


def _broken_table():
    """zoo:multiply with one rule wrong: a carry into (0,0) is lost."""
    rules = []
    for (q, a), t in MACHINE.transitions.items():
        write = "0" if (q, a) == ("add1", "0") else t.write
        rules.append(f"{q} {a} -> {write} {t.move.name[0]} {t.next_state}")
    return "\n".join(rules)


@pytest.mark.parametrize(("a_bits", "b_bits"), [(0, 0), (1, 0), (0, 3), (4, 3), (7, 7)])
def test_cot_shape_is_the_runs_shape_on_random_bits(a_bits, b_bits):
    rng = np.random.default_rng(a_bits * 10 + b_bits)
    for _ in range(5):
        a = "".join(rng.choice(["0", "1"], size=a_bits))
        b = "".join(rng.choice(["0", "1"], size=b_bits))
        r = run(MACHINE, f"{a}*{b}", max_steps=10_000)
        lo, hi = min(0, r.span[0]), max(r.span[1], len(a) + len(b))
        assert (r.steps, hi - lo + 1) == proven.cot_shape(a_bits, b_bits)


def test_worst_case_law_over_words():
    """Every word of n symbols over 0, 1, *: n (n + 3)^2 tokens."""
    profile = measure_length(MACHINE, "tableau", 7)
    tokens = [r.cot_tokens for r in profile.rows]
    assert tokens == [n * (n + 3) ** 2 for n in range(1, 8)]
    assert str(fit_length(tokens).expression) == (
        "n**3 + 6*n**2 + 9*n"
    )


def test_length_summary_is_the_mean_of_the_runs_at_2_digits():
    lo, hi = proven.number_range(2)
    total, worst = 0, 0
    for a in range(lo, hi, 4):  # a quarter of the a's, every b: 1,738 runs
        for b in range(lo, hi):
            word = proven.product_word(a, b)
            r = run(MACHINE, word, max_steps=10_000)
            width = max(r.span[1], len(word) - 1) - min(0, r.span[0]) + 1
            tokens = r.steps * (width + 1)
            assert tokens == proven.cot_tokens(a, b)
            total, worst = total + tokens, max(worst, tokens)
    s = proven.length_summary(2)
    assert s["worst"] == worst == 3600 and s["pairs"] == 89 * 89
    exact = Fraction(sum(proven.cot_tokens(a, b) for a in range(lo, hi)
                         for b in range(lo, hi)), 89 * 89)
    assert s["mean_exact"] == str(exact)


def test_number_range_and_bad_arguments():
    assert proven.number_range(3) == (111, 1000)
    for bad in (0, -1, True, 2.0):
        with pytest.raises(LearningError, match="digits"):
            proven.number_range(bad)
    with pytest.raises(LearningError, match="b must be"):
        proven.product_word(3, -1)
    with pytest.raises(LearningError, match="a_bits"):
        proven.cot_shape(-1, 2)
    with pytest.raises(LearningError, match="pairs"):
        proven.run_proven(2, pairs=0)
    with pytest.raises(LearningError, match="configurations"):
        proven.run_proven(2, configurations=-5)
    with pytest.raises(LearningError, match="no pairs"):
        proven.rollout_products(None, [])  # type: ignore[arg-type]
    with pytest.raises(LearningError, match="no training data"):
        proven.training_windows([], 0)


@pytest.fixture(scope="module")
def fitted():
    rng = np.random.default_rng(0)
    products = proven._draw_pairs(2, 16, rng)
    data = proven.training_windows(products, 20_000, seed=0)
    from arcot.learn import fit_linear_predictor

    return data, fit_linear_predictor(data, features="pairwise")


def test_integer_weights_are_the_certificates(fitted):
    data, predictor = fitted
    weights, den, distance = proven.integer_weights(predictor, data)
    assert den == 3843 and distance < 1e-12
    assert all(w.denominator == 1 for r in weights.rows.values() for w in r.values())
    # the committed certificate holds these weights (renamed to standard text)
    from arcot.verify.certificate import make_certificate

    text = make_certificate(proven._tableau(), weights, features="pairwise").to_text()
    assert text == CERT.read_text(encoding="utf-8")


def test_integer_weights_refuse_a_float_far_from_small_fractions(fitted):
    _, predictor = fitted
    changed = predictor.weights.copy()
    changed[np.nonzero(changed)[0][0], np.nonzero(changed)[1][0]] = 0.1234567891234
    bad = dataclasses.replace(predictor, weights=changed)
    with pytest.raises(LearningError, match="no rational of denominator"):
        proven.integer_weights(bad)


def test_zero_residual_catches_one_changed_weight(fitted):
    data, predictor = fitted
    weights, den, _ = proven.integer_weights(predictor, data)
    rows = {y: dict(r) for y, r in weights.rows.items()}
    y = "(sh0,1)"
    coord = next(iter(rows[y]))
    rows[y][coord] += 1
    with pytest.raises(LearningError, match="do not fit training window"):
        proven._zero_residual(ExactWeights(kind="pairwise", rows=rows), den, data)


def test_rollout_of_the_certified_predictor_and_of_a_broken_one(fitted):
    data, predictor = fitted
    weights, _, _ = proven.integer_weights(predictor, data)
    tableau = proven._tableau()
    pairs = [(11, 99), (97, 13), (64, 64), (50, 21)]
    good = proven.rollout_products(as_predictor(weights, tableau), pairs)
    assert (good["exact_match"], good["digit_accuracy"], good["cot_match"]) == (1, 1, 1)
    assert good["tokens_max"] == max(proven.cot_tokens(a, b) for a, b in pairs) == 3600
    # without a row for y = (1,1) the predictor never writes y: the sums go wrong
    rows = {t: r for t, r in weights.rows.items() if t != "y"}
    broken = proven.rollout_products(
        as_predictor(ExactWeights(kind="pairwise", rows=rows), tableau), pairs
    )
    assert broken["cot_match"] == 0 and broken["exact_match"] < 1
    assert broken["digit_accuracy"] < 1


def test_run_proven_row():
    row = proven.run_proven(2, pairs=12, train_products=8, configurations=20_000,
                            check_bits=3)
    assert row["model"] == "linear, least squares on pairwise features, proven"
    assert (row["format"], row["digits"], row["test_pairs"]) == ("tableau", 2, 12)
    assert row["verified"] is True
    assert (row["exact_match"], row["digit_accuracy"], row["cot_match"]) == (1, 1, 1)
    assert 816 <= row["sequence_tokens"] <= row["sequence_tokens_max"] <= 3600
    assert row["verification"]["windows"] == 11197
    assert row["verification"]["denominator"] == 3843
    assert row["parameters"] == sum(1 for _ in _weights(CERT))
    assert row["train"]["traces_only"]["wrong_windows"] > 0
    assert row["machine"]["checked"] == {"pairs": 225, "max_bits": 3}
    assert "all 11197 windows" in row["proof"] and "all 225 pairs" in row["proof"]
    assert "not proven" in row["proof"]
    assert row["length"]["worst"] == 3600


def _weights(path):
    import json

    doc = json.loads(path.read_text())
    for slots in doc["weights"].values():
        for slot, entries in slots.items():
            for value in entries.values():
                if slot == "M":
                    yield value
                else:
                    yield from value.values()


def test_certificate_passes_the_bare_checker(tmp_path):
    bare = tmp_path / "checker.py"
    bare.write_bytes((ROOT / "arcot" / "verify" / "checker.py").read_bytes())
    proc = subprocess.run([sys.executable, "-I", "-S", str(bare), str(CERT)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("verified: 11197 windows, least margin 3843")
    assert checker.check(CERT.read_bytes())[0] == "verified"
