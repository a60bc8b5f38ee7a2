"""certify at scale (issue 11): the default training size within the sample
cap, margins past int64 in two limbs, certificates written from one integer
scoring."""

import random
from fractions import Fraction

import numpy as np
import pytest

from arcot.construct import ExactWeights, tableau_weights
from arcot.cot import as_tableau
from arcot.learn.data import MAX_CONFIGURATIONS, configuration_windows
from arcot.machine import TuringMachine
from arcot.pipeline import default_train
from arcot.pipeline.tableau import cover_configurations
from arcot.verify.certificate import make_certificate
from arcot.verify.checker import check
from arcot.verify.exact import verify_exact, window_decisions
from arcot.verify.windows import _Decider, checked_window_array, decide_all
from arcot.zoo import get


def random_machine(q: int, s: int, seed: int = 0) -> TuringMachine:
    """``q`` states and one halt state over ``s`` symbols (benchmarks' kind)."""
    rng = random.Random(seed)
    states = [f"q{i}" for i in range(q)] + ["H"]
    symbols = [str(i) for i in range(s)]
    transitions = {
        (st, a): (rng.choice(symbols), rng.choice("LR"),
                  "H" if rng.random() < 0.02 else rng.choice(states[:-1]))
        for st in states[:-1] for a in symbols
    }
    return TuringMachine(states=states, symbols=symbols, start="q0",
                         halt_states=["H"], transitions=transitions, blank="0")


def _size(train: str) -> int:
    kind, n = train.split(":")
    assert kind == "configurations"
    return int(n)


@pytest.mark.parametrize(("q", "s"), [(100, 8), (200, 8), (400, 10)])
def test_the_default_training_size_stays_within_the_sample_cap(q, s):
    """32 V^2 passed MAX_CONFIGURATIONS from V >= 725, so training_data
    refused certify's own default on 100 x 8 and 200 x 8."""
    m = random_machine(q, s)
    v = len(as_tableau(m).vocabulary)
    assert 32 * v * v > MAX_CONFIGURATIONS
    k = _size(default_train(m))
    assert k == min(MAX_CONFIGURATIONS, cover_configurations(s, q + 1))


@pytest.mark.parametrize("name", ["bb2", "bb4", "increment", "parity"])
def test_below_the_cap_the_default_is_unchanged(name):
    m = get(name)
    v = len(as_tableau(m).vocabulary)
    assert _size(default_train(m)) == max(2000, 32 * v * v)


@pytest.mark.parametrize(("q", "s"), [(3, 2), (4, 3), (2, 4)])
def test_the_cover_count_covers_every_window(q, s):
    """What cover_configurations promises, on machines small enough to draw."""
    m = random_machine(q, s, seed=q * 10 + s)
    t = as_tableau(m)
    v = len(t.vocabulary)
    data = configuration_windows(t, cover_configurations(s, q + 1), seed=0)

    def keys(w: np.ndarray) -> np.ndarray:
        return (w[:, 0] * v + w[:, 1]) * v + w[:, 2]

    every = keys(checked_window_array(t.vocabulary))
    assert np.setdiff1d(every, keys(data.windows)).size == 0


def _wide(machine: TuringMachine) -> ExactWeights:
    """The constructed pairwise weights times ``1 + 2^-70`` (the same
    decisions, ties included): numerators past int64 at the common
    denominator, as fitted float weights have."""
    w = tableau_weights(machine, "pairwise")
    scale = 1 + Fraction(1, 1 << 70)
    rows = {y: {c: x * scale for c, x in r.items()} for y, r in w.rows.items()}
    return ExactWeights(kind="pairwise", rows=rows)


def test_margins_past_int64_are_summed_in_two_limbs():
    """Once numerators left int64 every window was scored in Python ints
    (about 40 us a window: fitted float weights always leave it)."""
    m = get("bb3")
    t = as_tableau(m)
    weights = _wide(m)
    decide = _Decider(weights, t.vocabulary)
    assert decide.kernel_tables() is None
    windows = checked_window_array(t.vocabulary)
    expected = t.rules(windows[:, 0], windows[:, 1], windows[:, 2])
    got = decide.margins(windows, expected)
    assert got is not None and got[0].dtype == object
    want = decide.python_margins(windows, expected)
    assert got[0].tolist() == list(want[0]) and got[1].tolist() == list(want[1])
    _, margins, _ = decide_all(decide, t, windows)
    assert margins == list(want[0])


def test_a_version_2_certificate_is_the_verification_with_no_rows():
    m = random_machine(30, 3)  # more than 25 states: version 2
    weights = tableau_weights(m, "additive")
    cert = make_certificate(m, weights)
    result = verify_exact(weights, m)
    assert cert.version == 2 and cert.hints == ()
    assert (cert.count, cert.min_margin) == (result.checked, result.min_margin)
    assert check(cert.to_json())[0] == "verified"


def test_a_version_1_certificate_has_every_window_decision():
    m = get("bb3")
    cert = make_certificate(m, features="pairwise")
    assert cert.version == 1
    assert list(cert.hints) == window_decisions(tableau_weights(m, "pairwise"), m)
    assert cert.count == len(cert.hints)
    assert cert.min_margin == min(h.margin for h in cert.hints)


def test_a_wide_predictor_is_certified_and_checked():
    m = random_machine(30, 3)
    weights = _wide(m)
    cert = make_certificate(m, weights)
    result = verify_exact(weights, m)
    assert result.verified and cert.min_margin == result.min_margin
    assert check(cert.to_json())[0] == "verified"


def test_certify_writes_the_version_2_certificate_from_its_verification():
    """certify's certificate takes the count and least margin its own
    verification found, and is the one make_certificate writes alone."""
    from arcot.pipeline import certify

    m = random_machine(30, 3)
    r = certify(m, learner="construct")
    alone = make_certificate(m, r.weights)
    assert r.certificate is not None and r.certificate.version == 2
    assert r.certificate.weights is r.weights  # named as the machine names them
    doc, want = r.certificate.to_json(), alone.to_json()
    assert doc == want and check(doc)[0] == "verified"


def test_a_200_by_8_constructed_certificate_is_within_the_checker_budget():
    """Its 2,977,137 windows sum 71,268,537 weights counted on every window
    (past the budget of 30,000,000 there was once, so certify verified the
    machine but wrote no certificate), 13,805,481 with the slots that read no
    R cell counted once per run of windows sharing (L, M)."""
    from arcot.verify import checker, document
    from arcot.verify.tableau_certificate import _weight_terms

    m = random_machine(200, 8, seed=200 * 100 + 8)
    t = as_tableau(m)
    terms = _weight_terms(tableau_weights(m, "additive"), t,
                          checked_window_array(t.vocabulary))
    assert terms == 13_805_481 <= document.MAX_TERMS == checker.MAX_TERMS


def test_arcots_recheck_of_a_version_2_certificate_scores_in_integers():
    """check_certificate's version 2 path: the checker's verdict and count,
    and a wrong weight found at the same window."""
    import copy

    from arcot.verify.certificate import check_certificate

    m = random_machine(30, 3)
    doc = make_certificate(m).to_json()
    assert check_certificate(doc) == check(doc)
    bad = copy.deepcopy(doc)
    row = bad["weights"]["#"]
    slot = next(iter(row))
    key = next(iter(row[slot]))
    row[slot][key] = -1000
    ours, theirs = check_certificate(bad), check(bad)
    assert ours[0] == theirs[0] == "rejected"
    assert ours[1].split(":")[0] == theirs[1].split(":")[0]  # the same window
