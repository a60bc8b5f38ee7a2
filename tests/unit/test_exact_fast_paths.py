"""Fitted weights' fast exact paths on fixed cases (the property tests of
tests/property/test_exact_fast_paths.py draw random ones)."""

from fractions import Fraction

import numpy as np
import pytest

from arcot.construct import ExactWeights, dyadic
from arcot.cot import Tableau
from arcot.errors import CertificateError, ConstructionError
from arcot.learn import fit_linear_predictor, training_data
from arcot.pipeline import exact_weights
from arcot.verify import document
from arcot.verify.certificate import make_certificate
from arcot.verify.exact import verify_exact
from arcot.verify.windows import _Decider, _limbs
from arcot.zoo import get


def test_dyadic_values():
    m, e = dyadic(np.array([0.5, -0.375, 3.0, 0.0, 2.0**-1074, 2.0**100]))
    assert m.tolist() == [1, -3, 3, 0, 1, 1]
    assert e.tolist() == [-1, -3, 0, 0, -1074, 100]


def test_dyadic_refuses_what_is_not_finite():
    with pytest.raises(ConstructionError, match="not a finite number"):
        dyadic(np.array([1.0, np.inf]))


def test_from_columns_refuses_bad_arrays():
    v = Tableau.of(get("bb2")).vocabulary
    with pytest.raises(ConstructionError, match="shape"):
        ExactWeights.from_columns("additive", v, [0], np.zeros((2, len(v))))
    with pytest.raises(ConstructionError, match="strictly increasing"):
        ExactWeights.from_columns("additive", v, [1, 1], np.zeros((2, len(v))))
    with pytest.raises(ConstructionError, match="finite"):
        ExactWeights.from_columns("additive", v, [0], np.full((1, len(v)), np.nan))


@pytest.mark.parametrize(("m", "shift"), [
    (1, 0), (-1, 0), (3, 31), (-3, 31), (5, 32), (-5, 32), (7, 33),
    (-(2**52) + 1, 38), (2**52 - 1, 38), (-1, 89)])
def test_limbs_at_the_limb_boundary(m, shift):
    hi, lo = _limbs(np.array([m], np.int64), np.array([shift], np.int64))
    n = m << shift
    assert (int(hi[0]), int(lo[0])) == (n >> 32, n & (2**32 - 1))


def _old_exact(p):
    rows = {}
    for (_, coord), row in p.weight_table().items():
        for token, w in row.items():
            rows.setdefault(token, {})[coord] = w
    return ExactWeights(kind=p.features, rows=rows)


@pytest.mark.parametrize("name", ["bb2", "bb3", "bb4"])
@pytest.mark.parametrize("kind", ["pairwise", "additive"])
def test_lstsq_weights_verify_as_the_fractions_do(name, kind):
    m = get(name)
    p = fit_linear_predictor(training_data(m, "configurations:2000"), features=kind)
    fast, slow = exact_weights(p), _old_exact(p)
    assert fast.float_columns is not None and slow.float_columns is None
    assert fast.n_weights == slow.n_weights
    tableau = Tableau.of(m)
    a, b = _Decider(fast, tableau.vocabulary), _Decider(slow, tableau.vocabulary)
    assert a.denominator == b.denominator > 1 and a.largest() == b.largest()
    assert verify_exact(fast, m) == verify_exact(slow, m)
    assert fast == slow  # the rows, made when read, are the Fractions
    some = next(iter(slow.rows.values()))
    assert all(isinstance(w, Fraction) for w in some.values())


def test_certificate_of_fitted_weights_is_the_same_document():
    m = get("bb4")
    p = fit_linear_predictor(training_data(m, "configurations:2000"))
    assert (make_certificate(m, exact_weights(p)).to_text()
            == make_certificate(m, _old_exact(p)).to_text())


def test_certificate_past_the_checker_budget_says_so(monkeypatch):
    m = get("bb4")
    w = exact_weights(fit_linear_predictor(training_data(m, "configurations:2000")))
    monkeypatch.setattr(document, "MAX_TERMS", 10)
    with pytest.raises(CertificateError, match="the trusted checker's work budget"):
        make_certificate(m, w)
