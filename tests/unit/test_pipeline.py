"""Unit tests of arcot.pipeline: certify's validation and conversions."""

from __future__ import annotations

from fractions import Fraction

import pytest

from arcot.construct import ExactWeights
from arcot.errors import LearningError, VerificationError
from arcot.learn import fit_linear_predictor, training_data
from arcot.learn.features import Coord
from arcot.pipeline import (
    as_predictor,
    certify,
    default_features,
    default_train,
    exact_weights,
)
from arcot.zoo import get


def test_certify_rejects_unknown_encoding():
    with pytest.raises(VerificationError, match="'steplog'"):
        certify("zoo:bb2", encoding="steplog")


def test_certify_circuit_needs_inputs_scope():
    with pytest.raises(VerificationError, match="inputs:N"):
        certify("zoo:bb2", encoding="circuit")


def test_certify_circuit_refuses_features():
    with pytest.raises(LearningError, match="full context"):
        certify("zoo:bb2", encoding="circuit", scope="inputs:0", features="additive")


def test_certify_circuit_refuses_least_squares():
    with pytest.raises(LearningError, match="least squares"):
        certify("zoo:bb2", encoding="circuit", scope="inputs:0", learner="lstsq")


def test_certify_circuit_trains_on_the_scope_length():
    with pytest.raises(LearningError, match="inputs:2"):
        certify(
            "zoo:increment",
            encoding="circuit",
            scope="inputs:2",
            learner="perceptron",
            train="sample:3",
        )


def test_certify_circuit_construct_takes_no_data():
    with pytest.raises(LearningError, match="no training data"):
        certify(
            "zoo:bb2",
            encoding="circuit",
            scope="inputs:0",
            learner="construct",
            train="inputs:0",
        )


def test_circuit_perceptron_that_did_not_converge_is_refuted():
    from arcot.learn import fit_threshold_perceptron
    from arcot.learn.data import circuit_data
    from arcot.pipeline import verify_circuit

    data = circuit_data(get("increment"), 2)
    p = fit_threshold_perceptron(data.contexts, data.n_inputs, max_epochs=1)
    r = verify_circuit(p, data, scope="inputs:2")
    assert p.info.converged is False
    assert r.verified is False
    cx = r.counterexample
    assert cx["expected"] != cx["got"]
    assert len(cx["input"]) == 2


def test_certify_rejects_unknown_learner():
    with pytest.raises(LearningError, match="'svm'"):
        certify("zoo:bb2", learner="svm")


def test_certify_rejects_bad_scope():
    with pytest.raises(VerificationError, match="'all'"):
        certify("zoo:bb2", scope="all")


def test_defaults():
    assert default_features("lstsq") == "pairwise"
    assert default_features("perceptron") == "additive"
    assert default_features("construct") == "additive"
    assert default_train(get("bb2")) == "configurations:2592"


def test_exact_weights_refuses_untied_predictor():
    d = training_data(get("increment"), "inputs:2")
    p = fit_linear_predictor(d, tied=False)
    with pytest.raises(VerificationError, match="untied"):
        exact_weights(p)


def test_exact_weights_are_the_floats_exactly():
    p = fit_linear_predictor(training_data(get("bb2"), "configurations:300"))
    w = exact_weights(p)
    for (_, coord), row in p.weight_table().items():
        for token, value in row.items():
            assert w.rows[token][coord] == Fraction(value)


def test_as_predictor_refuses_weights_that_are_not_floats():
    w = ExactWeights(kind="additive", rows={"0": {Coord("M", ("0",)): Fraction(1, 3)}})
    with pytest.raises(VerificationError, match="not exactly a float"):
        as_predictor(w, get("bb2"))


def test_certificate_note_when_the_format_cannot_hold_the_machine():
    from arcot.machine import TuringMachine

    stay = TuringMachine(
        states=["A", "Z"],
        symbols=["0", "1"],
        start="A",
        halt_states=["Z"],
        transitions={("A", "0"): ("1", "N", "Z")},
    )
    r = certify(stay, learner="construct")
    assert r.verified
    assert r.certificate is None
    assert "standard text" in r.certificate_note
