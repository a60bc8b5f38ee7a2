"""Unit tests of arcot.pipeline: certify's validation and conversions."""

from __future__ import annotations

import pytest

from arcot.errors import LearningError, VerificationError
from arcot.pipeline import (
    as_circuit_predictor,
    certify,
)
from arcot.zoo import get


def test_certify_rejects_unknown_encoding():
    with pytest.raises(VerificationError, match="'steplog'"):
        certify("zoo:bb2", encoding="steplog")


def test_certify_circuit_perceptron_needs_inputs_scope():
    # the windows scope checks the constructed gates; learned ones are per position
    with pytest.raises(VerificationError, match="inputs:N"):
        certify("zoo:bb2", encoding="circuit", learner="perceptron")
    with pytest.raises(VerificationError, match="inputs:N"):
        certify("zoo:bb2", encoding="circuit", scope="sample:3")


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
    from arcot.circuit import compile_machine
    from arcot.learn import fit_threshold_perceptron
    from arcot.learn.data import circuit_data
    from arcot.verify.exact import verify_compiled_machine

    data = circuit_data(get("increment"), 2)
    p = fit_threshold_perceptron(data.contexts, data.n_inputs, max_epochs=1)
    compiled = compile_machine(get("increment"), 2, data.steps, data.window)
    r = verify_compiled_machine(
        compiled, predictor=as_circuit_predictor(p, compiled.circuit)
    )
    assert p.info.converged is False
    assert r.verified is False
    cx = r.counterexample
    assert cx.expected != cx.got
    assert len(cx.input) == 2


def test_as_circuit_predictor_refuses_a_mismatched_circuit():
    import numpy as np

    from arcot.circuit import parity_circuit
    from arcot.learn import ThresholdPredictor

    p = ThresholdPredictor(
        n_inputs=1, weights=np.zeros((1, 2), np.int64), thresholds=np.zeros(1, np.int64)
    )
    with pytest.raises(VerificationError, match="3 inputs"):
        as_circuit_predictor(p, parity_circuit(3))


def test_the_seed_reaches_the_sample_scope():
    """Was: certify drew a sample scope's inputs with seed 0 whatever seed
    it was given."""
    from arcot.verify.exact import verify_exact

    for seed in (0, 7):
        r = certify("zoo:parity", learner="construct", scope="sample:20", seed=seed)
        want = verify_exact(r.weights, r.machine, scope="sample:20", seed=seed)
        assert r.verification == want


def test_length_parsers_take_ascii_digits_only():
    from arcot.errors import LengthError
    from arcot.length import measure_length
    from arcot.zoo import get

    with pytest.raises(LengthError, match="sample:K"):
        measure_length(get("parity"), "tableau", 2, inputs="sample:²")


# A machine whose tableau cannot be built (a symbol named like the delimiter):
# a route checks its request first, so a faulty request is named as such.
def _hash_machine():
    from arcot.machine import TuringMachine

    return TuringMachine(states=["a", "z"], symbols=["0", "#"], start="a",
                         halt_states=["z"], transitions={("a", "0"): ("#", "R", "z")})


@pytest.mark.parametrize(("request_", "error", "words"), [
    ({"tied": False, "learner": "construct", "scope": "inputs:1"}, LearningError,
     "construct builds a tied predictor"),
    ({"tied": False, "scope": "windows"}, LearningError, "names no N"),
    ({"encoding": "circuit", "features": "additive"}, LearningError, "full context"),
    ({"encoding": "circuit", "scope": "sample:3"}, VerificationError, "inputs:N"),
    ({"train": "bogus"}, LearningError, "bad training distribution"),
])
def test_a_faulty_request_is_named_before_the_tableau_is_built(request_, error, words):
    with pytest.raises(error, match=words):
        certify(_hash_machine(), **request_)


def test_a_machine_the_tableau_cannot_encode_is_refused_at_the_first_stage():
    from arcot.errors import EncodingError

    for request_ in ({}, {"encoding": "circuit"},
                     {"tied": False, "scope": "inputs:1"}):
        with pytest.raises(EncodingError, match="reserves the name '#'"):
            certify(_hash_machine(), **request_)


def test_a_constructed_predictor_runs():
    # Regression: certify(learner="construct").predictor was None.
    from arcot.learn import LinearPredictor, rollout
    from arcot.pipeline import exact_weights

    for features in ("additive", "pairwise"):
        r = certify("zoo:bb4", learner="construct", features=features)
        assert isinstance(r.predictor, LinearPredictor) and r.verified
        assert rollout(r.predictor, get("bb4")).agrees
        assert exact_weights(r.predictor).rows == r.weights.rows


def test_a_result_prints_short():
    # Regression: the repr of a BB(4) result was 125 KB of arrays.
    r = certify("zoo:bb4", learner="lstsq")
    assert len(repr(r)) < 300
    assert "verified=True in windows (397 windows" in repr(r)
    s = certify("zoo:bb4", learner="lstsq", scope="sample:20")
    assert "verified" not in repr(s) and "of 20 samples wrong in sample:20" in repr(s)
