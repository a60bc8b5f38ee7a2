"""arcot.verify.exact and arcot.verify.certificate: one test per rule."""

import json
import math
from fractions import Fraction

import numpy as np
import pytest

from arcot.construct import ExactWeights, tableau_weights
from arcot.cot import tableau_vocabulary
from arcot.errors import (
    CertificateError,
    CertificateRejected,
    MalformedCertificate,
    StepLimitExceeded,
    VerificationError,
)
from arcot.learn.features import Coord, feature_dimension, feature_index, window_ids
from arcot.machine import TuringMachine, machine_from_table, parse_tm
from arcot.verify import checker
from arcot.verify.certificate import (
    Certificate,
    check_certificate,
    make_certificate,
    seal,
)
from arcot.verify.exact import (
    Scope,
    as_weights,
    checked_windows,
    clopper_pearson_upper,
    fraction_text,
    verify_exact,
    window_decisions,
)
from arcot.zoo import get

BB2 = get("bb2")

# -- scopes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "size"),
    [("windows", "windows", None), ("inputs:3", "inputs", 3),
     ("inputs:0", "inputs", 0), ("sample:5", "sample", 5)],
)
def test_scope_parse(text, kind, size):
    scope = Scope.parse(text)
    assert (scope.kind, scope.size) == (kind, size)
    assert str(scope) == text


@pytest.mark.parametrize(
    ("text", "match"),
    [("window", "not windows"), ("inputs", "not windows"), ("windows:3", "not"),
     ("inputs:x", "'x' is not an integer"), ("inputs:-1", ">= 0"),
     ("sample:0", ">= 1"), (3, "must be a string")],
)
def test_scope_parse_refuses(text, match):
    with pytest.raises(VerificationError, match=match):
        Scope.parse(text)


def test_scope_fields_validated():
    with pytest.raises(VerificationError, match="takes no size"):
        Scope(kind="windows", size=3)
    with pytest.raises(VerificationError, match="is not windows"):
        Scope(kind="all")
    with pytest.raises(VerificationError, match="integer size"):
        Scope(kind="inputs", size=True)


# -- the predictor interface -------------------------------------------------


def test_predictor_must_be_weights():
    with pytest.raises(VerificationError, match="neither ExactWeights"):
        verify_exact({"0": {}}, BB2)


def test_predictor_with_exact_weights_method_is_accepted():
    class Learned:
        def exact_weights(self):
            return tableau_weights(BB2, "pairwise")

    assert as_weights(Learned()).kind == "pairwise"
    assert verify_exact(Learned(), BB2).verified


def test_weights_must_name_tokens_of_the_machine():
    bad_row = ExactWeights(kind="additive", rows={"(C,0)": {Coord("M", ("0",)): 1}})
    with pytest.raises(VerificationError, match=r"row for '\(C,0\)'"):
        verify_exact(bad_row, BB2)
    with pytest.raises(VerificationError, match="not a token"):
        verify_exact(tableau_weights(get("bb3")), BB2)
    w = ExactWeights(kind="additive", rows={"0": {Coord("M", ("(Q,0)",)): 1}})
    with pytest.raises(VerificationError, match=r"coordinate M:\(Q,0\) names"):
        verify_exact(w, BB2)


@pytest.mark.parametrize("name", ["max_steps", "seed", "max_length", "search_length"])
@pytest.mark.parametrize("value", [-1, True, 1.5, "3"])
def test_integer_options_validated(name, value):
    with pytest.raises(VerificationError, match=f"^{name} must be an integer"):
        verify_exact(tableau_weights(BB2), BB2, **{name: value})


def test_float_weights_from_a_dense_matrix_verify_exactly():
    """What a learner hands in: a float [V, F] matrix, converted exactly."""
    vocab = tableau_vocabulary(BB2)
    v = len(vocab)
    exact = tableau_weights(BB2, "pairwise")
    dense = np.zeros((v, feature_dimension("pairwise", v)))
    ids = {n: i for i, n in enumerate(vocab.names)}
    for a, b, c in window_ids(vocab):
        for col, coord in zip(
            feature_index("pairwise", v, a, b, c),
            (Coord("M", (vocab.names[b],)),
             Coord("LM", (vocab.names[a], vocab.names[b])),
             Coord("MR", (vocab.names[b], vocab.names[c]))),
            strict=True,
        ):
            for y, w in exact.by_coord.get(coord, {}).items():
                dense[ids[y], col] = float(w)
    assert ExactWeights.from_dense("pairwise", vocab, dense) == exact
    dense[ids["1"], 0] += 2.0 ** -60  # a tiny float is a tiny, exact weight
    result = verify_exact(ExactWeights.from_dense("pairwise", vocab, dense), BB2)
    assert result.verified
    assert result.min_margin < 1  # the margin moved by exactly 2^-60 somewhere
    assert result.min_margin == 1 - Fraction(1, 2**60)


# -- windows scope -----------------------------------------------------------


def test_windows_scope_counts_and_order():
    vocab = tableau_vocabulary(BB2)
    windows = list(checked_windows(vocab))
    assert windows == sorted(windows)
    v = len(vocab)
    n_heads = 6
    plain = v - n_heads - 1
    cells = plain * (v * v - n_heads * n_heads) + n_heads * (v - n_heads) ** 2
    assert len(windows) == v * v + cells
    d = window_decisions(tableau_weights(BB2), BB2)
    assert [(x.left, x.middle, x.right) for x in d] == [
        tuple(vocab.names[i] for i in w) for w in windows
    ]


def test_failure_gives_window_and_rollout_counterexample():
    w = tableau_weights(BB2)
    rows = {y: dict(r) for y, r in w.rows.items()}
    rows["0"][Coord("M", ("(B,1)",))] = 4  # (B,1) writes 1: now 0 ties with it
    result = verify_exact(ExactWeights(kind="additive", rows=rows), BB2)
    assert not result.verified and result.failures >= 1
    cx = result.counterexample
    assert cx.window[1] == "(B,1)" and cx.expected == "1" and cx.got == "0"
    assert cx.margin == 0 and result.min_margin == 0
    assert cx.input == () and cx.step == 6  # bb2 reads (B,1) at its last step
    assert result.to_json()["counterexample"]["input"] == ""


def test_no_rollout_counterexample_when_no_short_input_reaches_the_window():
    w = tableau_weights(BB2)
    rows = {y: dict(r) for y, r in w.rows.items()}
    rows["0"] = {**rows["0"], Coord("L", ("(Z,0)",)): 9}  # halted heads never move
    result = verify_exact(ExactWeights(kind="additive", rows=rows), BB2)
    assert not result.verified
    assert result.counterexample.input is None
    assert result.counterexample.window[0] == "(Z,0)"


# -- inputs and sample scopes -------------------------------------------------


def test_inputs_scope_counts_every_input():
    m = get("increment")
    r = verify_exact(tableau_weights(m, "pairwise"), m, scope="inputs:3")
    assert r.verified and r.unit == "inputs" and r.checked == 1 + 2 + 4 + 8


def test_inputs_scope_raises_on_a_run_that_does_not_stop():
    loop = parse_tm("1RA1RA")
    with pytest.raises(StepLimitExceeded):
        verify_exact(tableau_weights(loop), loop, scope="inputs:1", max_steps=50)


def test_sample_scope_is_seeded_and_bounded():
    m = get("parity")
    w = tableau_weights(m)
    a = verify_exact(w, m, scope="sample:20", seed=1)
    b = verify_exact(w, m, scope="sample:20", seed=1)
    assert a == b and a.unit == "samples" and a.checked == 20
    assert a.error_rate == 0 and a.confidence == 0.95
    assert math.isclose(a.error_bound, 1 - 0.05 ** (1 / 20), rel_tol=1e-9)


def test_sample_scope_reports_the_error_rate():
    m = get("parity")
    w = tableau_weights(m)
    rows = {y: dict(r) for y, r in w.rows.items()}
    rows["0"] = {**rows["0"], Coord("M", ("#",)): 5}  # a tie on every delimiter
    r = verify_exact(ExactWeights(kind="additive", rows=rows), m, scope="sample:10")
    assert not r.verified and r.failures == 10 and r.error_rate == 1
    assert r.error_bound == 1.0


def test_clopper_pearson():
    assert clopper_pearson_upper(5, 5) == 1.0
    assert math.isclose(clopper_pearson_upper(0, 50), 1 - 0.05 ** (1 / 50))
    assert clopper_pearson_upper(1, 50) > clopper_pearson_upper(0, 50)
    with pytest.raises(VerificationError):
        clopper_pearson_upper(3, 2)


def test_fraction_text():
    assert fraction_text(Fraction(6, 3)) == 2
    assert fraction_text(Fraction(-2, 6)) == "-1/3"


# -- certificates -----------------------------------------------------------


def test_certificate_round_trip():
    cert = make_certificate(get("increment"), features="pairwise")
    doc = json.loads(cert.to_text())
    again = Certificate.from_json(doc)
    assert again.to_json() == doc
    assert again.weights == cert.weights


def test_certificate_of_a_learned_predictor_is_renamed():
    m = get("increment")  # states right/carry/done, blank '_'
    cert = make_certificate(m, tableau_weights(m, "additive"))
    assert cert.machine == "0LB1RA2RA_2LZ2LZ1LB"
    assert "(A,1)" in cert.weights.rows and "(right,0)" not in cert.weights.rows
    assert checker.check(cert.to_json())[0] == "verified"


def test_certificate_of_what_the_text_cannot_hold_is_version_2():
    """A stay move has no standard text: format version 2 holds the
    machine in its own names (issue 9); a name it cannot hold is refused."""
    stay = machine_from_table("a 0 -> 1 N a", blank="0")
    cert = make_certificate(stay)
    assert cert.version == 2 and cert.renaming is None
    assert cert.to_json()["machine"]["transitions"] == [["a", "0", "1", "N", "a"]]
    assert checker.check(cert.to_json())[0] == "verified"
    spaced = TuringMachine(states=["a b"], symbols=["0", "1"], start="a b",
                           transitions={("a b", "0"): ("1", "N", "a b")})
    with pytest.raises(CertificateError, match="state name 'a b'"):
        make_certificate(spaced)


def test_certificate_refuses_a_wrong_predictor():
    w = tableau_weights(BB2)
    rows = {y: dict(r) for y, r in w.rows.items()}
    rows["0"][Coord("M", ("(B,1)",))] = 5
    with pytest.raises(CertificateRejected, match="cannot certify") as info:
        make_certificate(BB2, ExactWeights(kind="additive", rows=rows))
    assert info.value.expected == "1" and info.value.got == "0"


def test_certificate_fields_validated():
    cert = make_certificate(BB2)
    fields = {f: getattr(cert, f) for f in cert.__dataclass_fields__}
    with pytest.raises(CertificateError, match="compact standard text"):
        Certificate(**{**fields, "machine": "1RB 1LB  1LA 1RZ"})
    with pytest.raises(CertificateError, match="needs inputs, and only"):
        Certificate(**{**fields, "scope": "inputs:3"})
    with pytest.raises(CertificateError, match="'windows' or 'inputs:N'"):
        Certificate(**{**fields, "scope": "sample:3"})
    with pytest.raises(CertificateError, match="needs inputs, and only"):
        Certificate(**{**fields, "inputs": {"alphabet": [], "max_steps": 1}})


def test_inputs_scope_certificate_round_trip_and_check():
    m = get("0n1n")  # input symbols 0, 1; the tape also has X and Y
    cert = make_certificate(m, features="pairwise", scope="inputs:2", max_steps=500)
    digit = {v: k for k, v in cert.renaming["symbols"].items()}
    assert cert.inputs == {"alphabet": [digit["0"], digit["1"]], "max_steps": 500}
    assert len(cert.vocabulary) == 1 + 5 + 5 * 6  # 5 symbols, 4 + 2 halt states
    doc = json.loads(cert.to_text())
    assert Certificate.from_json(doc).to_json() == doc
    assert checker.check(doc)[0] == check_certificate(doc)[0] == "verified"


def test_inputs_scope_certificate_refusals():
    with pytest.raises(CertificateError, match="statistic"):
        make_certificate(BB2, scope="sample:10")
    with pytest.raises(CertificateError, match="checker takes at most"):
        make_certificate(get("parity"), scope="inputs:20")
    with pytest.raises(CertificateError, match="checker takes at most"):
        make_certificate(BB2, scope="inputs:1", max_steps=10**7)
    with pytest.raises(CertificateError, match="CoT is empty"):
        make_certificate(parse_tm("---"), scope="inputs:2")
    with pytest.raises(StepLimitExceeded):
        make_certificate(parse_tm("0RA"), scope="inputs:0", max_steps=20)


def test_a_fit_right_on_short_inputs_is_certified_for_them_only():
    """Least squares trained on inputs up to 3: certified for inputs:3, refused
    for the windows scope (with the window it gets wrong)."""
    from arcot.learn import fit_linear_predictor, training_data
    from arcot.pipeline import exact_weights

    m = get("increment")
    fit = fit_linear_predictor(training_data(m, "inputs:3"), features="pairwise")
    weights = exact_weights(fit)
    doc = make_certificate(m, weights, scope="inputs:3").to_json()
    assert checker.check(doc)[0] == "verified"
    with pytest.raises(CertificateRejected, match="cannot certify"):
        make_certificate(m, weights)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: [1], "$"),
        (lambda d: {k: v for k, v in d.items() if k != "hints"}, "$.hints"),
        (lambda d: {**d, "machine": "1RB1LB_1LA1QZ"}, "$.machine"),
        (lambda d: {**d, "version": 3}, "$.version"),
        (lambda d: {**d, "version": 2}, "$.renaming"),  # version 2 has none
    ],
)
def test_from_json_names_the_path(change, path):
    with pytest.raises(MalformedCertificate) as info:
        Certificate.from_json(change(make_certificate(BB2).to_json()))
    assert info.value.path == path


def test_from_json_refuses_text_that_is_not_json():
    with pytest.raises(MalformedCertificate, match="not JSON"):
        Certificate.from_json("{")


def test_seal_and_check():
    doc = make_certificate(BB2).to_json()
    assert check_certificate(doc)[0] == "verified"
    doc["producer"] = "x"
    assert check_certificate(doc)[0] == "rejected"
    assert check_certificate(seal(doc))[0] == "verified"


# -- circuits: Thm 3.8 and Cor 3.9 ------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 5, 7])
def test_verify_circuit_parity(n):
    from arcot.circuit import chain_parity_circuit, parity_circuit
    from arcot.verify.exact import verify_circuit

    r = verify_circuit(None, parity_circuit(n))
    assert r.verified and r.checked == 2**n and r.unit == "inputs"
    if n >= 2:
        chain = chain_parity_circuit(n, 2)
        if chain.is_threshold:
            assert verify_circuit(None, chain).verified


def test_verify_circuit_finds_a_wrong_position():
    from arcot.circuit import parity_circuit
    from arcot.construct import CircuitPredictor, circuit_weights
    from arcot.verify.exact import verify_circuit

    good = circuit_weights(parity_circuit(3))
    positions = list(good.positions)
    name, weights, threshold = positions[0]
    positions[0] = (name, weights, threshold + 1)
    bad = CircuitPredictor(n_inputs=3, positions=tuple(positions))
    r = verify_circuit(bad, parity_circuit(3))
    assert not r.verified
    assert r.counterexample.window == (name,) and r.counterexample.step == 1
    assert (r.counterexample.expected, r.counterexample.got) == ("1", "0")


def test_verify_circuit_checks_its_arguments():
    from arcot.circuit import parity_circuit
    from arcot.construct import circuit_weights
    from arcot.verify.exact import verify_circuit

    with pytest.raises(VerificationError, match="not a CircuitPredictor"):
        verify_circuit(tableau_weights(BB2), parity_circuit(2))
    with pytest.raises(VerificationError, match="3 inputs"):
        verify_circuit(circuit_weights(parity_circuit(3)), parity_circuit(2))


@pytest.mark.parametrize("name", ["parity", "increment", "bb2"])
def test_verify_compiled_machine(name):
    from arcot.circuit import compile_machine
    from arcot.cot import length_shape
    from arcot.verify.exact import verify_compiled_machine

    machine = get(name)
    n = 0 if name == "bb2" else 2
    window, steps = length_shape(machine, n, max_steps=1000)
    r = verify_compiled_machine(compile_machine(machine, n, steps, window))
    assert r.verified and r.checked == len(machine.input_symbols) ** n


def test_verify_compiled_machine_against_the_wrong_machine():
    """The circuit of one machine does not reproduce another's tableau."""
    from dataclasses import replace

    from arcot.circuit import compile_machine
    from arcot.cot import length_shape
    from arcot.verify.exact import verify_compiled_machine

    window, steps = length_shape(BB2, 0, max_steps=100)
    compiled = compile_machine(BB2, 0, steps, window)
    other = parse_tm("1RB1LB_1LA0RZ")  # B/1 writes 0
    r = verify_compiled_machine(replace(compiled, machine=other))
    assert not r.verified and r.counterexample.input == ()


def test_counterexample_search_keeps_to_its_token_budget():
    from arcot.verify.exact import _Decider, _search_input

    w = tableau_weights(BB2)
    rows = {y: dict(r) for y, r in w.rows.items()}
    rows["0"][Coord("M", ("(B,1)",))] = 4
    decide = _Decider(ExactWeights(kind="additive", rows=rows), tableau_vocabulary(BB2))
    found = _search_input(decide, BB2, max_length=2, max_steps=100)
    assert found is not None and found.input == ()
    # bb2's blank-tape tableau has 7 rows of 5 tokens: over a budget of 30
    small = _search_input(decide, BB2, max_length=0, max_steps=100, max_tokens=30)
    assert small is None
    assert _search_input(decide, BB2, max_length=0, max_steps=5) is None  # no halt


def test_clopper_pearson_is_the_beta_quantile_the_definition_gives():
    # the bound p solves P[Binomial(n, p) <= x] = 1 - confidence
    from math import comb

    for x, n in [(0, 10), (3, 100), (7, 9), (0, 1)]:
        p = clopper_pearson_upper(x, n)
        cdf = sum(comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(x + 1))
        assert math.isclose(cdf, 0.05, rel_tol=1e-9)
    with pytest.raises(VerificationError, match="confidence must be in"):
        clopper_pearson_upper(0, 10, confidence=1.0)
