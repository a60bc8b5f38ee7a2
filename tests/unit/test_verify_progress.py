"""Progress bars of verification (issue 14): tqdm on stderr when asked or on
a terminal, the same result either way."""

from __future__ import annotations

import pytest

import arcot.verify.exact as exact
from arcot.construct import tableau_weights
from arcot.learn import fit_linear_predictor, training_data
from arcot.pipeline import certify, exact_weights
from arcot.verify.exact import verify_exact
from arcot.zoo import get


def test_an_inputs_scope_steps_a_bar_per_input(capsys):
    m = get("palindrome")
    w = tableau_weights(m, "additive")
    quiet = verify_exact(w, m, scope="inputs:4")
    assert capsys.readouterr().err == ""  # the default: no bar
    shown = verify_exact(w, m, scope="inputs:4", progress=True)
    err = capsys.readouterr().err
    assert "verifying inputs:4" in err and "31/31" in err and "input/s" in err
    assert shown == quiet
    verify_exact(w, m, scope="inputs:4", progress=None)  # stderr is no TTY here
    assert capsys.readouterr().err == ""


def test_the_windows_scope_in_chunks_decides_the_same(capsys, monkeypatch):
    m = get("bb4")
    w = tableau_weights(m, "pairwise")
    whole = verify_exact(w, m)
    monkeypatch.setattr(exact, "_CHUNK", 50)  # 397 windows: 7 chunks
    chunked = verify_exact(w, m, progress=True)
    err = capsys.readouterr().err
    assert "verifying windows" in err and "7/7" in err
    assert chunked == whole


def test_a_refuted_windows_scope_in_chunks_finds_the_same_counterexample(
        capsys, monkeypatch):
    m = get("bb4")
    p = exact_weights(fit_linear_predictor(
        training_data(m, "configurations:2000"), features="additive"))
    whole = verify_exact(p, m)
    monkeypatch.setattr(exact, "_CHUNK", 60)
    chunked = verify_exact(p, m, progress=True)
    capsys.readouterr()
    assert not whole.verified and chunked == whole


def test_an_untied_scope_steps_a_bar(capsys):
    r = certify("zoo:increment", tied=False, scope="inputs:2", progress=True)
    err = capsys.readouterr().err
    assert r.verified and "verifying inputs:2" in err and "7/7" in err


@pytest.mark.parametrize("scope", ["inputs:3", "sample:9"])
def test_certify_passes_progress_on(capsys, scope):
    r = certify("zoo:palindrome", learner="construct", scope=scope, progress=True)
    err = capsys.readouterr().err
    assert f"verifying {scope}" in err and f"{r.verification.checked}/" in err
